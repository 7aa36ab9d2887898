//! Rust AWS SDK tests, one file per resource group.

pub mod identity_pools;
mod sts;
mod user_pools;
