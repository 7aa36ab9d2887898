//! User-pool operations (`AWSCognitoIdentityProviderService`), one file per resource group.

pub mod clients;
pub mod user_pools;
