//! Rules and state, with no HTTP: aggregates, identifiers, pagination.

pub mod auth_flow;
pub mod branding;
pub mod client;
pub mod codes;
pub mod credentials;
pub mod devices;
pub mod digest;
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
pub mod order_key;
pub mod pagination;
pub mod password;
pub mod srp;
pub mod srp_flow;
pub mod terms;
pub mod tokens;
pub mod totp;
pub mod triggers;
pub mod user;
pub mod user_pool;
pub mod users;

/// The hash map of a pool's state (sessions, codes, refresh tokens, devices, group memberships).
/// foldhash's state is 8 bytes against std's 16, and a pool holds twelve of these maps, most of them
/// empty: the difference keeps a pool inside a smaller allocator size class (see `user_pool.rs`).
/// The seed is still random per map.
pub type PoolMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;
/// The hash set of a pool's state; see [`PoolMap`].
pub type PoolSet<K> = std::collections::HashSet<K, foldhash::fast::RandomState>;
