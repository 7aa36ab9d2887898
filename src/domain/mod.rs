//! Rules and state, with no HTTP: aggregates, identifiers, pagination.

pub mod auth_flow;
pub mod branding;
pub mod client;
pub mod codes;
pub mod credentials;
pub mod filter;
pub mod groups;
pub mod identity_pool;
pub mod identity_provider;
pub mod identity_tokens;
pub mod ids;
pub mod import_jobs;
pub mod keys;
pub mod messages;
pub mod mfa;
pub mod oauth;
pub mod pagination;
pub mod password;
pub mod srp;
pub mod terms;
pub mod tokens;
pub mod totp;
pub mod user;
pub mod user_pool;
pub mod users;
