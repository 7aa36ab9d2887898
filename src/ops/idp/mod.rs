//! User-pool operations (`AWSCognitoIdentityProviderService`), one file per resource group.

pub mod auth;
pub mod clients;
pub mod devices;
pub mod domains;
pub mod groups;
pub mod identity_providers;
pub mod resource_servers;
pub mod self_service;
pub mod sign_up;
pub mod srp_auth;
pub mod user_auth;
pub mod user_pools;
pub mod users;
