//! Rust AWS SDK tests, one file per resource group.

mod auth;
mod clients;
mod devices;
mod domains;
mod groups;
pub mod identity_pools;
mod identity_providers;
mod mfa;
mod oauth;
mod resource_servers;
mod self_service;
mod sign_up;
mod srp;
mod sts;
mod terms;
mod tokens;
mod triggers;
mod user_pools;
mod users;
