//! Rust AWS SDK tests, one file per resource group.

mod clients;
mod domains;
mod groups;
pub mod identity_pools;
mod identity_providers;
mod resource_servers;
mod sts;
mod user_pools;
mod users;
