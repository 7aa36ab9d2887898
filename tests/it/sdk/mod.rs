//! Rust AWS SDK tests, one file per resource group.

mod identity_pools;
mod user_pools;
