//! Rules and state, with no HTTP: aggregates, identifiers, pagination.

pub mod client;
pub mod identity_pool;
pub mod ids;
pub mod messages;
pub mod pagination;
pub mod password;
pub mod srp;
pub mod totp;
pub mod user;
pub mod user_pool;
pub mod users;
