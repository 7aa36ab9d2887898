//! User-pool operations (`AWSCognitoIdentityProviderService`), one file per resource group.

pub mod auth;
pub mod auth_triggers;
pub mod branding;
pub mod clients;
pub mod custom_auth;
pub mod devices;
pub mod domains;
pub mod groups;
pub mod identity_providers;
pub mod import_jobs;
pub mod mfa;
pub mod resource_servers;
pub mod self_service;
pub mod sign_up;
pub mod srp_auth;
pub mod terms;
pub mod user_auth;
pub mod user_pools;
pub mod users;
