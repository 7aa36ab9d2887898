//! Users: identity, attributes, status, password. The rules that span users (uniqueness, aliases,
//! indexes) live in the pool's directory (`domain/users.rs`).

use std::collections::BTreeMap;

use crate::domain::password::PasswordHash;

/// `UserStatusType`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum UserStatus {
    /// Signed up, not confirmed.
    Unconfirmed,
    /// Confirmed.
    Confirmed,
    /// Archived.
    Archived,
    /// Compromised.
    Compromised,
    /// Unknown.
    Unknown,
    /// Must reset the password with a code before signing in.
    ResetRequired,
    /// Signs in with a temporary password and must change it.
    ForceChangePassword,
    /// Federated.
    ExternalProvider,
}

impl UserStatus {
    /// The wire form.
    pub fn as_str(self) -> &'static str {
        match self {
            UserStatus::Unconfirmed => "UNCONFIRMED",
            UserStatus::Confirmed => "CONFIRMED",
            UserStatus::Archived => "ARCHIVED",
            UserStatus::Compromised => "COMPROMISED",
            UserStatus::Unknown => "UNKNOWN",
            UserStatus::ResetRequired => "RESET_REQUIRED",
            UserStatus::ForceChangePassword => "FORCE_CHANGE_PASSWORD",
            UserStatus::ExternalProvider => "EXTERNAL_PROVIDER",
        }
    }
}

/// A user of a pool.
#[derive(Debug, Clone)]
pub struct User {
    /// The internal username: what the user signed up with, or the `sub` when the pool signs in with
    /// email or phone (`UsernameAttributes`). This is `USER_ID_FOR_SRP` and `cognito:username`.
    pub username: String,
    /// The immutable UUID.
    pub sub: String,
    /// Attribute name → value, `sub` included, as `AdminGetUser` lists them.
    pub attributes: BTreeMap<String, String>,
    /// Lifecycle status.
    pub status: UserStatus,
    /// `AdminDisableUser` / `AdminEnableUser`.
    pub enabled: bool,
    /// The current password (never stored in plain text).
    pub password: Option<PasswordHash>,
    /// Earlier passwords, newest first, for `PasswordHistorySize`.
    pub password_history: Vec<PasswordHash>,
    /// When a temporary password stops working (ms since the epoch).
    pub temporary_password_expires_ms: Option<i64>,
    /// Milliseconds since the epoch.
    pub created_ms: i64,
    /// Milliseconds since the epoch.
    pub modified_ms: i64,
}

impl User {
    /// A user with a fresh `sub` and no password.
    pub fn new(username: String, sub: String, now_ms: i64, status: UserStatus) -> User {
        let mut attributes = BTreeMap::new();
        attributes.insert("sub".to_owned(), sub.clone());
        User {
            username,
            sub,
            attributes,
            status,
            enabled: true,
            password: None,
            password_history: Vec::new(),
            temporary_password_expires_ms: None,
            created_ms: now_ms,
            modified_ms: now_ms,
        }
    }

    /// An attribute's value.
    pub fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes.get(name).map(String::as_str)
    }

    /// True if `email_verified` / `phone_number_verified` is "true" for that attribute.
    pub fn is_verified(&self, attribute: &str) -> bool {
        self.attribute(&format!("{attribute}_verified")) == Some("true")
    }
}
