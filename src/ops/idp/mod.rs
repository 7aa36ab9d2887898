//! User-pool operations (`AWSCognitoIdentityProviderService`), one file per resource group.

pub mod clients;
pub mod groups;
pub mod user_pools;
pub mod users;
