//! Users: identity, attributes, status, password. The rules that span users (uniqueness, aliases,
//! indexes) live in the pool's directory (`domain/users.rs`).

use std::collections::BTreeMap;
use std::iter::FromIterator;

use crate::domain::password::PasswordHash;

/// A user's attributes: name → value, sorted by name, with the read and write methods of a
/// `BTreeMap<String, String>`. Kept in one small sorted vector because a user has a handful of attributes
/// and a B-tree node costs over 500 bytes, which matters at a million users per pool.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Attributes {
    entries: Vec<(String, String)>,
}

impl Attributes {
    /// No attributes.
    pub fn new() -> Attributes {
        Attributes::default()
    }

    fn position(&self, name: &str) -> std::result::Result<usize, usize> {
        self.entries.binary_search_by(|(k, _)| k.as_str().cmp(name))
    }

    /// The value of `name`.
    pub fn get(&self, name: &str) -> Option<&String> {
        self.position(name)
            .ok()
            .and_then(|i| self.entries.get(i))
            .map(|(_, v)| v)
    }

    /// True if `name` has a value.
    pub fn contains_key(&self, name: &str) -> bool {
        self.position(name).is_ok()
    }

    /// Sets `name`, returning the previous value. Indexed attributes of a user in a directory must be
    /// changed through `UserDirectory::set_attributes`.
    pub fn insert(&mut self, name: String, value: String) -> Option<String> {
        match self.position(&name) {
            Ok(i) => self
                .entries
                .get_mut(i)
                .map(|(_, v)| std::mem::replace(v, value)),
            Err(i) => {
                self.entries.insert(i, (name, value));
                self.entries.shrink_to_fit();
                None
            }
        }
    }

    /// Removes `name`, returning its value.
    pub fn remove(&mut self, name: &str) -> Option<String> {
        let i = self.position(name).ok()?;
        let (_, v) = self.entries.remove(i);
        self.entries.shrink_to_fit();
        Some(v)
    }

    /// Keeps only the attributes `keep` accepts.
    pub fn retain(&mut self, mut keep: impl FnMut(&String, &mut String) -> bool) {
        self.entries.retain_mut(|(k, v)| keep(k, v));
        self.entries.shrink_to_fit();
    }

    /// Number of attributes.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True if there are none.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// `(name, value)` in name order.
    pub fn iter(&self) -> impl Iterator<Item = (&String, &String)> {
        self.entries.iter().map(|(k, v)| (k, v))
    }

    /// Names in order.
    pub fn keys(&self) -> impl Iterator<Item = &String> {
        self.entries.iter().map(|(k, _)| k)
    }

    /// Values in name order.
    pub fn values(&self) -> impl Iterator<Item = &String> {
        self.entries.iter().map(|(_, v)| v)
    }

    /// A `BTreeMap` copy (for callers that want one).
    pub fn to_map(&self) -> BTreeMap<String, String> {
        self.entries.iter().cloned().collect()
    }
}

impl FromIterator<(String, String)> for Attributes {
    /// As inserting each pair in turn (a later value for the same name wins), with one sort and one
    /// allocation instead of an insert and a shrink per pair.
    fn from_iter<I: IntoIterator<Item = (String, String)>>(iter: I) -> Attributes {
        let mut entries: Vec<(String, String)> = iter.into_iter().collect();
        // Reversed, a stable sort puts the last value given for a name first among its equals, and
        // `dedup_by` keeps the first of each run.
        entries.reverse();
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        entries.dedup_by(|later, kept| later.0 == kept.0);
        entries.shrink_to_fit();
        Attributes { entries }
    }
}

impl Extend<(String, String)> for Attributes {
    fn extend<I: IntoIterator<Item = (String, String)>>(&mut self, iter: I) {
        for (k, v) in iter {
            self.insert(k, v);
        }
    }
}

impl From<BTreeMap<String, String>> for Attributes {
    fn from(map: BTreeMap<String, String>) -> Attributes {
        let mut entries: Vec<(String, String)> = map.into_iter().collect();
        entries.shrink_to_fit();
        Attributes { entries }
    }
}

impl From<Attributes> for BTreeMap<String, String> {
    fn from(a: Attributes) -> BTreeMap<String, String> {
        a.entries.into_iter().collect()
    }
}

impl<'a> IntoIterator for &'a Attributes {
    type Item = (&'a String, &'a String);
    type IntoIter = std::iter::Map<
        std::slice::Iter<'a, (String, String)>,
        fn(&'a (String, String)) -> (&'a String, &'a String),
    >;
    fn into_iter(self) -> Self::IntoIter {
        fn split(e: &(String, String)) -> (&String, &String) {
            (&e.0, &e.1)
        }
        self.entries
            .iter()
            .map(split as fn(&'a (String, String)) -> _)
    }
}

impl IntoIterator for Attributes {
    type Item = (String, String);
    type IntoIter = std::vec::IntoIter<(String, String)>;
    fn into_iter(self) -> Self::IntoIter {
        self.entries.into_iter()
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
    pub attributes: Attributes,
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
    /// MFA settings and software token (`domain/mfa.rs`).
    pub mfa: crate::domain::mfa::MfaSettings,
}

impl User {
    /// A user with a fresh `sub` and no password.
    pub fn new(username: String, sub: String, now_ms: i64, status: UserStatus) -> User {
        User::with_attributes(username, sub, Attributes::new(), now_ms, status)
    }

    /// A user with these attributes (its `sub` is set to `sub`) and no password.
    pub fn with_attributes(
        username: String,
        sub: String,
        mut attributes: Attributes,
        now_ms: i64,
        status: UserStatus,
    ) -> User {
        if attributes.get("sub") != Some(&sub) {
            attributes.insert("sub".to_owned(), sub.clone());
        }
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
            mfa: crate::domain::mfa::MfaSettings::default(),
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
    fn attributes_behave_like_a_sorted_map() {
        let mut a = Attributes::new();
        assert_eq!(a.insert("b".into(), "1".into()), None);
        assert_eq!(a.insert("a".into(), "2".into()), None);
        assert_eq!(a.insert("b".into(), "3".into()), Some("1".into()));
        assert_eq!(a.get("b").map(String::as_str), Some("3"));
        assert!(a.contains_key("a"));
        assert_eq!(a.keys().cloned().collect::<Vec<_>>(), ["a", "b"]);
        assert_eq!(a.remove("a"), Some("2".into()));
        assert_eq!(a.remove("a"), None);
        assert_eq!(a.len(), 1);
        let collected: Attributes = [("b", "1"), ("a", "2"), ("b", "3"), ("c", "4"), ("a", "5")]
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .into_iter()
            .collect();
        let inserted = {
            let mut i = Attributes::new();
            i.extend(collected.clone());
            i.insert("a".into(), "5".into());
            i
        };
        assert_eq!(collected, inserted);
        assert_eq!(
            collected
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>(),
            ["a=5", "b=3", "c=4"]
        );
        let m: BTreeMap<String, String> = a.clone().into();
        assert_eq!(Attributes::from(m), a);
        for (k, v) in &a {
            assert_eq!((k.as_str(), v.as_str()), ("b", "3"));
        }
    }
}
