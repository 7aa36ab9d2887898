//! The user directory of one pool: users by internal username, kept sorted so `ListUsers` pages are
//! stable, plus the secondary indexes that uniqueness, sign-in and `ListUsers` filters need.
//!
//! Indexed attributes (`email`, `phone_number`, `preferred_username`) are kept as
//! `(lowercased value, internal username)` pairs in ordered sets: equality and prefix lookups are range
//! scans, and case-insensitive lookups cost nothing extra (case-sensitive ones re-check the exact value).
//! Usernames whose lowercase differs from them are indexed too, so case-insensitive pools find `Alice` as
//! `alice`. Every change to an indexed attribute must go through `set_attributes` / `insert` / `remove`.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Bound;

use crate::domain::order_key::OrderKey;
use crate::domain::user::{Attributes, User};
use crate::domain::user_pool::UserPool;
use crate::error::{CognitoError, ErrorCode, Result};
use crate::model::idp::user_pools::{SchemaAttributeType, UserPoolConfig};

/// The attributes with a secondary index.
pub const INDEXED_ATTRIBUTES: [&str; 3] = ["email", "phone_number", "preferred_username"];

/// The users of one pool.
#[derive(Debug, Clone, Default)]
pub struct UserDirectory {
    /// Boxed: a B-tree node keeps spare slots, and a spare `User` slot would cost far more than a pointer.
    /// Every index is keyed by `OrderKey`s (strings with their first bytes inline), so that searching a
    /// large index does not follow a pointer per comparison.
    by_username: BTreeMap<OrderKey, Box<User>>,
    /// `sub` → internal username.
    by_sub: SubIndex,
    /// `(lowercase username, username)` for usernames that are not all lowercase.
    by_lower_username: BTreeSet<(OrderKey, String)>,
    /// `(lowercase email, username)`.
    by_email: BTreeSet<(OrderKey, String)>,
    /// `(lowercase phone_number, username)`.
    by_phone: BTreeSet<(OrderKey, String)>,
    /// `(lowercase preferred_username, username)`.
    by_preferred: BTreeSet<(OrderKey, String)>,
}

/// True if `s` is its own lowercase (what `by_lower_username` leaves out). Without allocating for ASCII.
fn is_lowercase(s: &str) -> bool {
    if s.is_ascii() {
        !s.bytes().any(|b| b.is_ascii_uppercase())
    } else {
        s.to_lowercase() == s
    }
}

/// The usernames of an ordered `(key, username)` set whose key equals `key` (or starts with it).
fn scan<'a>(
    set: &'a BTreeSet<(OrderKey, String)>,
    key: &'a str,
    prefix: bool,
) -> impl Iterator<Item = &'a str> + 'a {
    set.range((
        Bound::Included((OrderKey::of(key), String::new())),
        Bound::Unbounded,
    ))
    .take_while(move |(k, _)| {
        let k = k.as_str();
        if prefix {
            k.starts_with(key)
        } else {
            k == key
        }
    })
    .map(|(_, u)| u.as_str())
}

/// The values of an `OrderKey`-keyed map whose key starts with `prefix`, in key order.
fn prefixed<'a, V>(
    map: &'a BTreeMap<OrderKey, V>,
    prefix: &'a str,
) -> impl Iterator<Item = &'a V> + 'a {
    map.range((Bound::Included(OrderKey::of(prefix)), Bound::Unbounded))
        .take_while(move |(k, _)| k.as_str().starts_with(prefix))
        .map(|(_, v)| v)
}

/// `sub` → internal username. The emulator makes every `sub` a lowercase UUID, which is kept as its
/// 128-bit number: the lowercase hex form orders as the number does, and a 16-byte key (against 40 for an
/// `OrderKey`) keeps the search of a large index to fewer cache lines. A `sub` is random, so each new user
/// lands on a cold path of this index; it was the costliest index insert of `AdminCreateUser`. A hash map
/// was tried: about 8% less CPU per `AdminCreateUser`, but each doubling rehashed every sub under the
/// pool's lock and stalled the pool (17 ms at 250,000 users, against 2-3 ms at worst with this tree), and
/// `sub ^=` had to scan. Anything else given as a `sub` (state written by hand) goes to a string-keyed
/// side map.
#[derive(Debug, Clone, Default)]
struct SubIndex {
    uuids: BTreeMap<u128, String>,
    others: BTreeMap<OrderKey, String>,
}

/// The hyphen positions of a UUID's text form.
const UUID_HYPHENS: [usize; 4] = [8, 13, 18, 23];

/// The value of each lowercase hex digit, and `NOT_HEX` for every other byte.
const HEX_VALUES: [u8; 256] = {
    let mut t = [NOT_HEX; 256];
    let mut i = 0;
    while i < 10 {
        t[b'0' as usize + i] = i as u8;
        i += 1;
    }
    let mut i = 0;
    while i < 6 {
        t[b'a' as usize + i] = 10 + i as u8;
        i += 1;
    }
    t
};
const NOT_HEX: u8 = 0xff;

/// The number of a lowercase UUID in its text form (`8-4-4-4-12` hex digits). Every user insert, lookup
/// and removal by `sub` parses one, so this is a table lookup per digit: the general prefix parser below,
/// with a branch per character, was two thirds of the time spent indexing a new user.
fn uuid_number(s: &str) -> Option<u128> {
    let bytes: &[u8; 36] = s.as_bytes().try_into().ok()?;
    if UUID_HYPHENS.iter().any(|&i| bytes[i] != b'-') {
        return None;
    }
    let mut n = 0u128;
    let mut bad = 0u8;
    for (i, &b) in bytes.iter().enumerate() {
        if !UUID_HYPHENS.contains(&i) {
            let v = HEX_VALUES[usize::from(b)];
            bad |= v & 0xf0;
            n = (n << 4) | u128::from(v & 0x0f);
        }
    }
    (bad == 0).then_some(n)
}

/// The numbers of the lowercase UUIDs whose text starts with `prefix`, as an inclusive range; `None` if
/// no UUID text starts with it.
fn uuid_prefix_range(prefix: &str) -> Option<(u128, u128)> {
    let bytes = prefix.as_bytes();
    if bytes.len() > 36 {
        return None;
    }
    let (mut low, mut high) = (0u128, 0u128);
    for i in 0..36 {
        let given = bytes.get(i).copied();
        if UUID_HYPHENS.contains(&i) {
            if given.is_some_and(|b| b != b'-') {
                return None;
            }
            continue;
        }
        let (l, h) = match given {
            None => (0, 15),
            Some(b @ b'0'..=b'9') => (b - b'0', b - b'0'),
            Some(b @ b'a'..=b'f') => (b - b'a' + 10, b - b'a' + 10),
            Some(_) => return None,
        };
        low = (low << 4) | u128::from(l);
        high = (high << 4) | u128::from(h);
    }
    Some((low, high))
}

impl SubIndex {
    fn insert(&mut self, sub: &str, username: String) {
        match uuid_number(sub) {
            Some(n) => self.uuids.insert(n, username),
            None => self.others.insert(OrderKey::of(sub), username),
        };
    }

    fn remove(&mut self, sub: &str) {
        match uuid_number(sub) {
            Some(n) => self.uuids.remove(&n),
            None => self.others.remove(&OrderKey::of(sub)),
        };
    }

    fn get(&self, sub: &str) -> Option<&str> {
        match uuid_number(sub) {
            Some(n) => self.uuids.get(&n),
            None => self.others.get(&OrderKey::of(sub)),
        }
        .map(String::as_str)
    }

    /// The usernames of the `sub`s that start with `prefix` (UUIDs first, each part in `sub` order).
    fn prefix<'a>(&'a self, prefix: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        let uuids = uuid_prefix_range(prefix)
            .into_iter()
            .flat_map(|(low, high)| self.uuids.range(low..=high));
        uuids
            .map(|(_, u)| u)
            .chain(prefixed(&self.others, prefix))
            .map(String::as_str)
    }
}

impl UserDirectory {
    /// Number of users.
    pub fn len(&self) -> usize {
        self.by_username.len()
    }

    /// True if there are none.
    pub fn is_empty(&self) -> bool {
        self.by_username.is_empty()
    }

    /// The user with that internal username (exact).
    pub fn get(&self, username: &str) -> Option<&User> {
        self.by_username.get(&OrderKey::of(username)).map(|u| &**u)
    }

    /// The user with that internal username, for changes to what is not indexed (status, password,
    /// codes, enabled, dates). Attribute changes must go through `set_attributes`.
    pub fn get_mut(&mut self, username: &str) -> Option<&mut User> {
        self.by_username
            .get_mut(&OrderKey::of(username))
            .map(|u| &mut **u)
    }

    /// The user with that `sub`.
    pub fn by_sub(&self, sub: &str) -> Option<&User> {
        self.by_sub.get(sub).and_then(|u| self.get(u))
    }

    fn index_mut(&mut self, attribute: &str) -> Option<&mut BTreeSet<(OrderKey, String)>> {
        match attribute {
            "email" => Some(&mut self.by_email),
            "phone_number" => Some(&mut self.by_phone),
            "preferred_username" => Some(&mut self.by_preferred),
            _ => None,
        }
    }

    fn index(&self, attribute: &str) -> Option<&BTreeSet<(OrderKey, String)>> {
        match attribute {
            "email" => Some(&self.by_email),
            "phone_number" => Some(&self.by_phone),
            "preferred_username" => Some(&self.by_preferred),
            _ => None,
        }
    }

    fn index_user(&mut self, user: &User) {
        self.by_sub.insert(&user.sub, user.username.clone());
        // Most usernames are already lowercase: no throwaway lowercase copy for them.
        if !is_lowercase(&user.username) {
            self.by_lower_username.insert((
                OrderKey::new(user.username.to_lowercase()),
                user.username.clone(),
            ));
        }
        for attr in INDEXED_ATTRIBUTES {
            if let Some(v) = user.attribute(attr) {
                let entry = (OrderKey::new(v.to_lowercase()), user.username.clone());
                if let Some(ix) = self.index_mut(attr) {
                    ix.insert(entry);
                }
            }
        }
    }

    fn unindex_user(&mut self, user: &User) {
        self.by_sub.remove(&user.sub);
        if !is_lowercase(&user.username) {
            self.by_lower_username.remove(&(
                OrderKey::new(user.username.to_lowercase()),
                user.username.clone(),
            ));
        }
        for attr in INDEXED_ATTRIBUTES {
            if let Some(v) = user.attribute(attr) {
                let entry = (OrderKey::new(v.to_lowercase()), user.username.clone());
                if let Some(ix) = self.index_mut(attr) {
                    ix.remove(&entry);
                }
            }
        }
    }

    /// Adds a user (the caller has checked uniqueness). A user with the same username is replaced.
    pub fn insert(&mut self, user: User) {
        // One search of the username tree for a new user (the common case), not a remove then an insert.
        self.index_user(&user);
        let key = OrderKey::of(&user.username);
        if let Some(old) = self.by_username.insert(key, Box::new(user)) {
            // A user replaced (same username): drop the old index entries, then put the new user's back
            // (the two may share entries, such as an unchanged email).
            self.unindex_user(&old);
            if let Some(new) = self.get(&old.username).cloned() {
                self.index_user(&new);
            }
        }
    }

    /// Removes a user.
    pub fn remove(&mut self, username: &str) -> Option<User> {
        let user = self.by_username.remove(&OrderKey::of(username))?;
        self.unindex_user(&user);
        Some(*user)
    }

    /// Sets (`Some`) or deletes (`None`) attributes of a user and keeps the indexes in step; `sub` is
    /// never changed. Returns false if there is no such user.
    pub fn set_attributes(
        &mut self,
        username: &str,
        changes: &[(String, Option<String>)],
        now_ms: i64,
    ) -> bool {
        let Some(user) = self.by_username.get_mut(&OrderKey::of(username)) else {
            return false;
        };
        let mut reindex: Vec<(String, Option<String>, Option<String>)> = Vec::new();
        for (name, value) in changes {
            if name == "sub" {
                continue;
            }
            let old = match value {
                Some(v) => user.attributes.insert(name.clone(), v.clone()),
                None => user.attributes.remove(name),
            };
            if INDEXED_ATTRIBUTES.contains(&name.as_str()) {
                reindex.push((name.clone(), old, value.clone()));
            }
        }
        user.modified_ms = now_ms;
        let username = user.username.clone();
        for (name, old, new) in reindex {
            if let Some(ix) = self.index_mut(&name) {
                if let Some(o) = old {
                    ix.remove(&(OrderKey::new(o.to_lowercase()), username.clone()));
                }
                if let Some(n) = new {
                    ix.insert((OrderKey::new(n.to_lowercase()), username.clone()));
                }
            }
        }
        true
    }

    /// All users in username order.
    pub fn iter(&self) -> impl Iterator<Item = &User> {
        self.by_username.values().map(|u| &**u)
    }

    /// Users in username order, starting after `after` (exclusive), for pagination.
    pub fn iter_after<'a>(&'a self, after: Option<&str>) -> impl Iterator<Item = &'a User> + 'a {
        let start = match after {
            Some(a) => Bound::Excluded(OrderKey::of(a)),
            None => Bound::Unbounded,
        };
        self.by_username
            .range((start, Bound::Unbounded))
            .map(|(_, u)| &**u)
    }

    /// The user whose internal username equals `username`, ignoring case when `case_sensitive` is false
    /// (a case-insensitive pool cannot hold two usernames that differ only in case). No collection is
    /// built: this runs for every `Admin*` lookup and sign-in.
    pub fn find_username(&self, username: &str, case_sensitive: bool) -> Option<&User> {
        if case_sensitive {
            return self.get(username);
        }
        let lower = username.to_lowercase();
        self.get(&lower)
            .or_else(|| scan(&self.by_lower_username, &lower, false).find_map(|u| self.get(u)))
    }

    /// Does a user have this internal username (ignoring case when `case_sensitive` is false)? The
    /// uniqueness check of `AdminCreateUser`, `SignUp` and user imports.
    pub fn username_taken(&self, username: &str, case_sensitive: bool) -> bool {
        self.find_username(username, case_sensitive).is_some()
    }

    /// Users whose internal username starts with `prefix` (case-sensitive), in username order.
    pub fn username_prefix<'a>(&'a self, prefix: &'a str) -> impl Iterator<Item = &'a User> + 'a {
        prefixed(&self.by_username, prefix).map(|u| &**u)
    }

    /// Users whose `sub` starts with `prefix`.
    pub fn sub_prefix<'a>(&'a self, prefix: &'a str) -> impl Iterator<Item = &'a User> + 'a {
        self.by_sub.prefix(prefix).filter_map(|u| self.get(u))
    }

    /// Users whose indexed attribute (`email`, `phone_number`, `preferred_username`) equals `value`
    /// (or starts with it when `prefix`), comparing case-insensitively unless `case_sensitive`. Empty for
    /// attributes without an index.
    pub fn find_by_attribute(
        &self,
        attribute: &str,
        value: &str,
        case_sensitive: bool,
        prefix: bool,
    ) -> Vec<&User> {
        let Some(ix) = self.index(attribute) else {
            return Vec::new();
        };
        let lower = value.to_lowercase();
        scan(ix, &lower, prefix)
            .filter_map(|u| self.get(u))
            .filter(|u| {
                !case_sensitive
                    || u.attribute(attribute).is_some_and(|v| {
                        if prefix {
                            v.starts_with(value)
                        } else {
                            v == value
                        }
                    })
            })
            .collect()
    }

    /// The user a client means by `login` (what it sends as `USERNAME`, or an admin as `Username`): the
    /// internal username; with `username_attributes`, the email or phone number; with
    /// `alias_attributes`, a verified email or phone number alias or a `preferred_username`.
    /// `case_sensitive` is the pool's `UsernameConfiguration.CaseSensitive`.
    pub fn find_login(
        &self,
        login: &str,
        case_sensitive: bool,
        alias_attributes: &[String],
        username_attributes: &[String],
    ) -> Option<&User> {
        if let Some(u) = self.find_username(login, case_sensitive) {
            return Some(u);
        }
        for attr in username_attributes {
            if let Some(u) = self
                .find_by_attribute(attr, login, case_sensitive, false)
                .into_iter()
                .next()
            {
                return Some(u);
            }
        }
        for attr in alias_attributes {
            let hit = self
                .find_by_attribute(attr, login, case_sensitive, false)
                .into_iter()
                .find(|u| attr == "preferred_username" || u.is_verified(attr));
            if hit.is_some() {
                return hit;
            }
        }
        None
    }
}

/// How a pool identifies users at sign-in: `UsernameConfiguration.CaseSensitive` (true unless set to
/// false), `AliasAttributes` and `UsernameAttributes`.
/// Borrowed from the pool's configuration: every `Admin*` operation and sign-in resolves a login through
/// it, and copying the two lists each time was an allocation per request for pools that set them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LoginSettings<'a> {
    /// `UsernameConfiguration.CaseSensitive`.
    pub case_sensitive: bool,
    /// `AliasAttributes`.
    pub alias_attributes: &'a [String],
    /// `UsernameAttributes`.
    pub username_attributes: &'a [String],
}

impl<'a> LoginSettings<'a> {
    /// The settings of a pool configuration.
    pub fn of(config: &'a UserPoolConfig) -> LoginSettings<'a> {
        LoginSettings {
            case_sensitive: config
                .username_configuration
                .as_ref()
                .and_then(|c| c.get("CaseSensitive"))
                .and_then(serde_json::Value::as_bool)
                .unwrap_or(true),
            alias_attributes: config.alias_attributes.as_deref().unwrap_or(&[]),
            username_attributes: config.username_attributes.as_deref().unwrap_or(&[]),
        }
    }

    /// Is `attribute` an active sign-in alias or username attribute?
    fn is_login_attribute(&self, attribute: &str) -> bool {
        self.alias_attributes.iter().any(|a| a == attribute)
            || self.username_attributes.iter().any(|a| a == attribute)
    }
}

/// The user of `pool` that `login` names (username, alias or username attribute), as every `Admin*`
/// operation and every sign-in resolves `Username` / `USERNAME`.
pub fn find_pool_user<'a>(pool: &'a UserPool, login: &str) -> Option<&'a User> {
    let s = LoginSettings::of(&pool.config);
    pool.users.find_login(
        login,
        s.case_sensitive,
        s.alias_attributes,
        s.username_attributes,
    )
}

/// The user an administrator names with `Username`: like `find_pool_user`, and also by `sub`, which
/// AWS accepts in the `Admin*` operations ("this value must be the sub of a local user").
pub fn find_admin_user<'a>(pool: &'a UserPool, login: &str) -> Option<&'a User> {
    find_pool_user(pool, login).or_else(|| pool.users.by_sub(login))
}

/// Removes a user and its group memberships (`AdminDeleteUser`, `DeleteUser`).
pub fn delete_pool_user(pool: &mut UserPool, username: &str) -> Option<User> {
    pool.groups.remove_user(username);
    pool.devices.forget_user(username);
    pool.users.remove(username)
}

/// The identity of a new user, from the username it was created or signed up with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewUsername {
    /// The internal username: the given one, or the `sub` with `UsernameAttributes`.
    pub internal: String,
    /// A fresh `sub`.
    pub sub: String,
    /// With `UsernameAttributes`, the attribute the username is (`email` / `phone_number`) and its value,
    /// to be stored as that attribute.
    pub username_attribute: Option<(&'static str, String)>,
}

/// Applies the username rules of `AdminCreateUser` and `SignUp`: with `UsernameAttributes` the username
/// must be an email or phone number (as allowed) and the internal username is the new `sub`; with an
/// email (phone) alias, a username in email (phone) format is refused. Uniqueness is the caller's.
/// `now_ms` is the creation time (see `ids::user_sub`).
pub fn new_username(settings: &LoginSettings, username: &str, now_ms: i64) -> Result<NewUsername> {
    let sub = crate::domain::ids::user_sub(now_ms);
    if settings.username_attributes.is_empty() {
        let aliases = &settings.alias_attributes;
        if aliases.iter().any(|a| a == "email") && is_email(username) {
            return Err(CognitoError::invalid_parameter(
                "Username cannot be of email format, since user pool is configured for email alias.",
            ));
        }
        if aliases.iter().any(|a| a == "phone_number") && is_phone(username) {
            return Err(CognitoError::invalid_parameter(
                "Username cannot be of phone number format, since user pool is configured for phone number alias.",
            ));
        }
        return Ok(NewUsername {
            internal: username.to_owned(),
            sub,
            username_attribute: None,
        });
    }
    let has = |a: &str| settings.username_attributes.iter().any(|x| x == a);
    let attr = if has("email") && is_email(username) {
        "email"
    } else if has("phone_number") && is_phone(username) {
        "phone_number"
    } else {
        return Err(CognitoError::invalid_parameter(
            "Username should be either an email or a phone number.",
        ));
    };
    Ok(NewUsername {
        internal: sub.clone(),
        sub,
        username_attribute: Some((attr, username.to_owned())),
    })
}

/// Does `value` look like an email address (what AWS accepts as one)?
pub fn is_email(value: &str) -> bool {
    match value.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && !domain.is_empty()
                && !domain.contains('@')
                && !value.chars().any(char::is_whitespace)
        }
        None => false,
    }
}

/// Does `value` look like an E.164 phone number (`+` and up to 15 digits)?
pub fn is_phone(value: &str) -> bool {
    value
        .strip_prefix('+')
        .is_some_and(|d| (2..=15).contains(&d.len()) && d.chars().all(|c| c.is_ascii_digit()))
}

/// Which operation writes attributes: the messages and the mutability rule differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttributeWrite {
    /// `AdminCreateUser`, `SignUp`: immutable attributes may be set.
    Create,
    /// `AdminUpdateUserAttributes`, `UpdateUserAttributes`: immutable attributes are refused.
    Update,
}

fn schema_problem(mode: AttributeWrite, name: &str, problem: &str) -> CognitoError {
    match mode {
        AttributeWrite::Create => CognitoError::invalid_parameter(format!(
            "Attributes did not conform to the schema: {name}: {problem}"
        )),
        AttributeWrite::Update => {
            CognitoError::invalid_parameter(format!("user.{name}: {problem}"))
        }
    }
}

/// The schema entry of an attribute.
pub fn schema_entry<'a>(
    schema: &'a [SchemaAttributeType],
    name: &str,
) -> Option<&'a SchemaAttributeType> {
    schema.iter().find(|s| s.name.as_deref() == Some(name))
}

/// Checks attribute values against the pool's schema: known names, mutability (on update), data types
/// and constraints, email and phone formats.
pub fn check_attributes(
    schema: &[SchemaAttributeType],
    attributes: &[(String, String)],
    mode: AttributeWrite,
) -> Result<()> {
    for (name, value) in attributes {
        let Some(entry) = schema_entry(schema, name) else {
            return Err(schema_problem(
                mode,
                name,
                "Attribute does not exist in the schema.",
            ));
        };
        if name == "sub" || (mode == AttributeWrite::Update && entry.mutable == Some(false)) {
            return Err(schema_problem(mode, name, "Attribute cannot be updated."));
        }
        match entry.attribute_data_type.as_deref() {
            Some("Number") => {
                let Ok(n) = value.parse::<f64>() else {
                    return Err(schema_problem(mode, name, "Number must be a number."));
                };
                if let Some(c) = &entry.number_attribute_constraints {
                    let min = c.min_value.as_deref().and_then(|m| m.parse::<f64>().ok());
                    let max = c.max_value.as_deref().and_then(|m| m.parse::<f64>().ok());
                    if min.is_some_and(|m| n < m) || max.is_some_and(|m| n > m) {
                        return Err(schema_problem(
                            mode,
                            name,
                            "Number is outside the allowed range.",
                        ));
                    }
                }
            }
            Some("Boolean") => {
                if value != "true" && value != "false" {
                    return Err(schema_problem(mode, name, "Value must be true or false."));
                }
            }
            Some("DateTime") => {}
            _ => {
                let len = value.chars().count();
                let c = entry.string_attribute_constraints.as_ref();
                let max = c
                    .and_then(|c| c.max_length.as_deref())
                    .and_then(|m| m.parse::<usize>().ok())
                    .unwrap_or(2048);
                let min = c
                    .and_then(|c| c.min_length.as_deref())
                    .and_then(|m| m.parse::<usize>().ok())
                    .unwrap_or(0);
                if len > max {
                    return Err(schema_problem(
                        mode,
                        name,
                        &format!("String must be no longer than {max} characters"),
                    ));
                }
                if len < min {
                    return Err(schema_problem(
                        mode,
                        name,
                        &format!("String must be no shorter than {min} characters"),
                    ));
                }
            }
        }
        if name == "email" && !is_email(value) {
            return Err(CognitoError::invalid_parameter(
                "Invalid email address format.",
            ));
        }
        if name == "phone_number" && !is_phone(value) {
            return Err(CognitoError::invalid_parameter(
                "Invalid phone number format.",
            ));
        }
    }
    Ok(())
}

/// An alias another user holds that `ForceAliasCreation` moves to the new user: the internal username
/// of the holder and the attribute (`email` / `phone_number`).
pub type AliasTakeover = (String, String);

/// Checks that a user's attributes (`attributes`: the final values) do not collide with another user's
/// username attribute (email/phone in `UsernameAttributes`) or active alias. `username` is the user
/// itself (excluded), `creating` picks the error (`UsernameExistsException` on create,
/// `AliasExistsException` otherwise). With `force_alias`, colliding email/phone aliases are returned to
/// be taken over instead of refused.
pub fn check_unique(
    pool: &UserPool,
    username: &str,
    attributes: &Attributes,
    creating: bool,
    force_alias: bool,
) -> Result<Vec<AliasTakeover>> {
    let s = LoginSettings::of(&pool.config);
    let mut takeovers = Vec::new();
    for attr in INDEXED_ATTRIBUTES {
        if !s.is_login_attribute(attr) {
            continue;
        }
        let Some(value) = attributes.get(attr) else {
            continue;
        };
        let username_attr = s.username_attributes.iter().any(|a| a == attr);
        let active = username_attr
            || attr == "preferred_username"
            || attributes
                .get(&format!("{attr}_verified"))
                .map(String::as_str)
                == Some("true");
        if !active {
            continue;
        }
        let case_sensitive = s.case_sensitive || attr == "phone_number";
        for other in pool
            .users
            .find_by_attribute(attr, value, case_sensitive, false)
        {
            if other.username == username {
                continue;
            }
            let other_active =
                username_attr || attr == "preferred_username" || other.is_verified(attr);
            if !other_active {
                continue;
            }
            if force_alias && !username_attr && attr != "preferred_username" {
                takeovers.push((other.username.clone(), attr.to_owned()));
                continue;
            }
            let message = format!("An account with the given {attr} already exists.");
            return Err(if creating && username_attr {
                CognitoError::new(ErrorCode::UsernameExists, message)
            } else {
                CognitoError::new(ErrorCode::AliasExists, message)
            });
        }
    }
    Ok(takeovers)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::user::UserStatus;

    fn user(name: &str, email: &str) -> User {
        let mut u = User::new(name.into(), format!("sub-{name}"), 0, UserStatus::Confirmed);
        u.attributes.insert("email".into(), email.into());
        u.attributes.insert("email_verified".into(), "true".into());
        u
    }

    #[test]
    fn uuid_numbers_are_read_only_from_lowercase_hyphenated_uuids() {
        for _ in 0..200 {
            let u = uuid::Uuid::new_v4();
            assert_eq!(uuid_number(&u.to_string()), Some(u.as_u128()));
        }
        let u = "0123abcd-4567-89ef-0123-456789abcdef";
        assert_eq!(uuid_number(u), Some(0x0123abcd_4567_89ef_0123_456789abcdef));
        assert_eq!(uuid_number(u), uuid_prefix_range(u).map(|(low, _)| low));
        for bad in [
            "0123ABCD-4567-89ef-0123-456789abcdef",
            "0123abcd-4567-89ef-0123-456789abcdeg",
            "0123abcd-4567-89ef-0123-456789abcde",
            "0123abcd-4567-89ef-0123-456789abcdef0",
            "0123abcd04567-89ef-0123-456789abcdef",
            "0123abcd-4567-89ef-0123-456789abcd-f",
            "0123abcd-4567-89ef-0123-456789abcdé",
        ] {
            assert_eq!(uuid_number(bad), None, "{bad}");
        }
    }

    #[test]
    fn sub_index_finds_exactly_what_string_matching_finds() {
        let mut subs: Vec<String> = (0..300).map(|_| uuid::Uuid::new_v4().to_string()).collect();
        subs.extend(
            [
                "sub-Bob",
                "00000000-0000-0000-0000-000000000000",
                "ffffffff-ffff-ffff-ffff-ffffffffffff",
                "ABCDEF01-0000-0000-0000-000000000000",
                "0000000",
            ]
            .map(String::from),
        );
        let mut index = SubIndex::default();
        for (i, sub) in subs.iter().enumerate() {
            index.insert(sub, format!("user{i}"));
        }
        let mut prefixes: Vec<String> = ["", "-", "0", "00000000-", "0000000-", "sub", "ABC", "g"]
            .map(String::from)
            .to_vec();
        for sub in subs.iter().take(40) {
            for len in [1, 2, 8, 9, 12, 13, 20, 35, 36] {
                prefixes.push(sub.chars().take(len).collect());
            }
        }
        for prefix in &prefixes {
            let mut found: Vec<&str> = index.prefix(prefix).collect();
            found.sort_unstable();
            let mut expected: Vec<String> = subs
                .iter()
                .enumerate()
                .filter(|(_, s)| s.starts_with(prefix.as_str()))
                .map(|(i, _)| format!("user{i}"))
                .collect();
            expected.sort_unstable();
            assert_eq!(found, expected, "prefix {prefix:?}");
        }
        for (i, sub) in subs.iter().enumerate() {
            assert_eq!(index.get(sub), Some(format!("user{i}").as_str()));
        }
        assert_eq!(index.get("00000000-0000-0000-0000-00000000000"), None);
        index.remove(&subs[0]);
        index.remove("sub-Bob");
        assert_eq!(index.get(&subs[0]), None);
        assert_eq!(index.get("sub-Bob"), None);
        assert_eq!(index.get(&subs[1]), Some("user1"));
    }

    #[test]
    fn indexes_follow_insert_update_remove() {
        let mut d = UserDirectory::default();
        d.insert(user("alice", "Alice@Example.com"));
        d.insert(user("Bob", "bob@example.com"));
        assert_eq!(
            d.find_by_attribute("email", "alice@example.com", false, false)
                .len(),
            1
        );
        assert!(d
            .find_by_attribute("email", "alice@example.com", true, false)
            .is_empty());
        assert_eq!(
            d.find_by_attribute("email", "Alice@Example.com", true, false)
                .len(),
            1
        );
        assert_eq!(d.find_by_attribute("email", "", false, true).len(), 2);
        assert_eq!(
            d.find_username("bob", false).map(|u| u.username.as_str()),
            Some("Bob")
        );
        assert!(d.find_username("bob", true).is_none());
        assert_eq!(
            d.by_sub("sub-Bob").map(|u| u.username.as_str()),
            Some("Bob")
        );

        d.set_attributes(
            "alice",
            &[("email".into(), Some("new@example.com".into()))],
            5,
        );
        assert!(d
            .find_by_attribute("email", "alice@example.com", false, false)
            .is_empty());
        assert_eq!(
            d.find_by_attribute("email", "new@", false, true)[0].username,
            "alice"
        );
        d.set_attributes("alice", &[("email".into(), None)], 6);
        assert!(d.find_by_attribute("email", "new@", false, true).is_empty());
        d.remove("Bob");
        assert!(d.find_username("bob", false).is_none());
        assert!(d.by_sub("sub-Bob").is_none());
        assert!(d.find_by_attribute("email", "bob", false, true).is_empty());
    }

    #[test]
    fn find_login_uses_verified_aliases_only() {
        let mut d = UserDirectory::default();
        d.insert(user("alice", "a@example.com"));
        let mut b = user("bob", "b@example.com");
        b.attributes.insert("email_verified".into(), "false".into());
        b.attributes
            .insert("preferred_username".into(), "bobby".into());
        d.insert(b);
        let alias = vec!["email".to_owned(), "preferred_username".to_owned()];
        assert_eq!(
            d.find_login("a@example.com", true, &alias, &[])
                .map(|u| u.username.as_str()),
            Some("alice")
        );
        assert!(d.find_login("b@example.com", true, &alias, &[]).is_none());
        assert_eq!(
            d.find_login("bobby", true, &alias, &[])
                .map(|u| u.username.as_str()),
            Some("bob")
        );
        assert!(d.find_login("a@example.com", true, &[], &[]).is_none());
        assert_eq!(
            d.find_login("b@example.com", true, &[], &["email".to_owned()])
                .map(|u| u.username.as_str()),
            Some("bob")
        );
    }

    #[test]
    fn new_username_applies_username_and_alias_rules() {
        let login_attributes = ["email".to_owned(), "phone_number".to_owned()];
        let by_email = LoginSettings {
            case_sensitive: true,
            alias_attributes: &[],
            username_attributes: &login_attributes,
        };
        let n = new_username(&by_email, "a@b.c", 0).unwrap();
        assert_eq!(n.internal, n.sub);
        assert_eq!(n.username_attribute, Some(("email", "a@b.c".to_owned())));
        let n = new_username(&by_email, "+14325551212", 0).unwrap();
        assert_eq!(n.username_attribute.unwrap().0, "phone_number");
        assert!(new_username(&by_email, "alice", 0).is_err());

        let alias = LoginSettings {
            case_sensitive: true,
            alias_attributes: &login_attributes[..1],
            username_attributes: &[],
        };
        assert!(new_username(&alias, "a@b.c", 0).is_err());
        let n = new_username(&alias, "+14325551212", 0).unwrap();
        assert_eq!(n.internal, "+14325551212");
        assert!(n.username_attribute.is_none());
    }

    #[test]
    fn equality_lookups_stay_fast_on_a_large_directory() {
        let mut d = UserDirectory::default();
        for i in 0..200_000 {
            d.insert(user(
                &format!("user{i:07}"),
                &format!("user{i}@example.com"),
            ));
        }
        let t = std::time::Instant::now();
        for i in (0..200_000).step_by(997) {
            assert_eq!(
                d.find_by_attribute("email", &format!("user{i}@example.com"), false, false)
                    .len(),
                1
            );
        }
        // ~200 lookups; each must be far below a millisecond even in debug builds.
        assert!(t.elapsed().as_millis() < 200);
    }
}

#[cfg(test)]
mod scale {
    use super::*;
    use crate::domain::user::UserStatus;

    fn rss_kib() -> usize {
        std::fs::read_to_string("/proc/self/status")
            .unwrap_or_default()
            .lines()
            .find(|l| l.starts_with("VmRSS:"))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|v| v.parse().ok())
            .unwrap_or(0)
    }

    /// `cargo test --lib domain::users::scale -- --ignored --nocapture`: a million users like
    /// `AdminCreateUser` makes them (sub as username, email, verified flag, password hash).
    #[test]
    #[ignore]
    fn a_million_users_fit_and_answer_fast() {
        let before = rss_kib();
        let mut d = UserDirectory::default();
        for i in 0..1_000_000u32 {
            let sub = uuid::Uuid::new_v4().to_string();
            let mut u = User::new(sub.clone(), sub, 0, UserStatus::Confirmed);
            u.attributes
                .insert("email".into(), format!("user{i}@example.com"));
            u.attributes.insert("email_verified".into(), "true".into());
            u.password = Some(crate::domain::password::PasswordHash::new("p_x", "u", "pw"));
            d.insert(u);
        }
        let per_user = (rss_kib() - before) * 1024 / 1_000_000;
        let sub = d
            .iter()
            .nth(500_000)
            .map(|u| u.sub.clone())
            .unwrap_or_default();
        let t = std::time::Instant::now();
        assert_eq!(
            d.find_by_attribute("email", "user777777@example.com", false, false)
                .len(),
            1
        );
        assert!(d.by_sub(&sub).is_some());
        assert_eq!(
            d.find_username(&sub, true).map(|u| u.sub.as_str()),
            Some(sub.as_str())
        );
        let took = t.elapsed();
        println!("bytes per user: {per_user}, three lookups: {took:?}");
        assert!(took.as_millis() < 5);
        assert!(per_user < 2048);
    }
}
