//! Rust AWS SDK tests, one file per resource group.

mod groups;
mod identity_pools;
mod user_pools;
mod users;
