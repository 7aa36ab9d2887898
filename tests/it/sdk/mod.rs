//! Rust AWS SDK tests, one file per resource group.

mod clients;
mod groups;
mod identity_pools;
mod user_pools;
mod users;
