//! Rules and state, with no HTTP: aggregates, identifiers, pagination.

pub mod identity_pool;
pub mod ids;
pub mod pagination;
pub mod user_pool;
