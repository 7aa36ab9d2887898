//! Rules and state, with no HTTP: aggregates, identifiers, pagination.

pub mod auth_flow;
pub mod client;
pub mod codes;
pub mod credentials;
pub mod devices;
pub mod filter;
pub mod groups;
pub mod identity_pool;
pub mod identity_provider;
pub mod identity_tokens;
pub mod ids;
pub mod keys;
pub mod messages;
pub mod pagination;
pub mod password;
pub mod srp;
pub mod srp_flow;
pub mod tokens;
pub mod totp;
pub mod user;
pub mod user_pool;
pub mod users;
