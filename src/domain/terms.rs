//! Terms documents (terms of use, privacy policy) of app clients.

/// A stored terms document.
#[derive(Debug, Clone)]
pub struct Terms {
    /// The app client.
    pub client_id: String,
    /// `terms-of-use` or `privacy-policy`.
    pub name: String,
    /// `LINK`.
    pub source: String,
    /// `NONE`.
    pub enforcement: String,
    /// Language id → URL.
    pub links: std::collections::BTreeMap<String, String>,
    /// Milliseconds since the epoch.
    pub created_ms: i64,
    /// Milliseconds since the epoch.
    pub modified_ms: i64,
}
