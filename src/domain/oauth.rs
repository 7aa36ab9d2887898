//! State of the OAuth endpoints of a pool: authorization codes waiting to be exchanged, and the scopes
//! granted to each token family so that refreshing keeps them.

use crate::domain::PoolMap;

/// How long an authorization code works.
pub const CODE_TTL_MS: i64 = 5 * 60 * 1000;

/// An authorization code waiting for `/oauth2/token`.
#[derive(Debug, Clone)]
pub struct AuthCode {
    pub client_id: String,
    pub username: String,
    pub redirect_uri: String,
    pub scope: String,
    pub nonce: Option<String>,
    pub code_challenge: Option<String>,
    pub auth_time_ms: i64,
    pub expires_ms: i64,
}

/// What a pool keeps for its OAuth flows.
#[derive(Debug, Clone, Default)]
pub struct OAuthState {
    pub codes: PoolMap<String, AuthCode>,
    /// Scopes granted to a token family (by `origin_jti`), so refreshing keeps them.
    pub family_scopes: PoolMap<String, String>,
}
