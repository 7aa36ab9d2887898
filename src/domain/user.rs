//! Users: identity, attributes, status, password. The rules that span users (uniqueness, aliases,
//! indexes) live in the pool's directory (`domain/users.rs`).

use std::collections::BTreeMap;

use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use crate::domain::password::PasswordHash;
use crate::error::{CognitoError, ErrorCode, Result};

/// A code sent to a user (sign-up confirmation, password reset), kept only as a hash with its expiry.
#[derive(Clone, PartialEq, Eq)]
pub struct PendingCode {
    code_hash: [u8; 32],
    /// When the code stops working (ms since the epoch).
    pub expires_ms: i64,
}

impl std::fmt::Debug for PendingCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "PendingCode(expires_ms: {})", self.expires_ms)
    }
}

fn code_hash(code: &str) -> [u8; 32] {
    Sha256::digest(code.as_bytes()).into()
}

impl PendingCode {
    /// A code that expires at `expires_ms`.
    pub fn new(code: &str, expires_ms: i64) -> PendingCode {
        PendingCode {
            code_hash: code_hash(code),
            expires_ms,
        }
    }

    /// Checks `code` in constant time: `CodeMismatchException` if it is not the code,
    /// `ExpiredCodeException` if it is but has lapsed.
    pub fn matches(&self, code: &str, now_ms: i64) -> Result<()> {
        if !bool::from(code_hash(code).ct_eq(&self.code_hash)) {
            return Err(CognitoError::new(
                ErrorCode::CodeMismatch,
                "Invalid verification code provided, please try again.",
            ));
        }
        if now_ms >= self.expires_ms {
            return Err(CognitoError::new(
                ErrorCode::ExpiredCode,
                "Invalid code provided, please request a code again.",
            ));
        }
        Ok(())
    }
}

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
    /// The pending password-reset code (`AdminResetUserPassword`, `ForgotPassword`).
    pub reset_code: Option<PendingCode>,
    /// The pending sign-up confirmation code (`SignUp`, `ResendConfirmationCode`).
    pub confirmation_code: Option<PendingCode>,
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
            reset_code: None,
            confirmation_code: None,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pending_code_checks_value_then_expiry() {
        let c = PendingCode::new("123456", 1_000);
        assert!(c.matches("123456", 999).is_ok());
        assert_eq!(
            c.matches("654321", 999).unwrap_err().code(),
            ErrorCode::CodeMismatch
        );
        assert_eq!(
            c.matches("123456", 1_000).unwrap_err().code(),
            ErrorCode::ExpiredCode
        );
        assert!(!format!("{c:?}").contains("123456"));
    }
}
