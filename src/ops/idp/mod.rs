//! User-pool operations (`AWSCognitoIdentityProviderService`), one file per resource group.

pub mod user_pools;
