//! Rust AWS SDK tests, one file per resource group.

mod auth;
mod clients;
mod devices;
mod domains;
mod groups;
pub mod identity_pools;
mod identity_providers;
mod resource_servers;
mod self_service;
mod sign_up;
mod srp;
mod sts;
mod tokens;
mod user_pools;
mod users;
