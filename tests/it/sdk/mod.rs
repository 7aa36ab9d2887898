//! Rust AWS SDK tests, one file per resource group.

mod auth;
mod clients;
mod identity_pools;
mod self_service;
mod sign_up;
mod tokens;
mod user_pools;
