//! The user directory of one pool: users by internal username, kept sorted so `ListUsers` pages are
//! stable, plus the indexes that uniqueness and sign-in need.

use std::collections::{BTreeMap, HashMap};

use crate::domain::user::User;

/// The users of one pool.
#[derive(Debug, Clone, Default)]
pub struct UserDirectory {
    by_username: BTreeMap<String, User>,
    /// `sub` → internal username.
    by_sub: HashMap<String, String>,
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

    /// The user with that internal username.
    pub fn get(&self, username: &str) -> Option<&User> {
        self.by_username.get(username)
    }

    /// The user with that internal username, for changes. Changes to indexed attributes must go through
    /// the directory's methods, not through this.
    pub fn get_mut(&mut self, username: &str) -> Option<&mut User> {
        self.by_username.get_mut(username)
    }

    /// The user with that `sub`.
    pub fn by_sub(&self, sub: &str) -> Option<&User> {
        self.by_sub.get(sub).and_then(|u| self.by_username.get(u))
    }

    /// Adds a user (the caller has checked uniqueness).
    pub fn insert(&mut self, user: User) {
        self.by_sub.insert(user.sub.clone(), user.username.clone());
        self.by_username.insert(user.username.clone(), user);
    }

    /// Removes a user.
    pub fn remove(&mut self, username: &str) -> Option<User> {
        let user = self.by_username.remove(username)?;
        self.by_sub.remove(&user.sub);
        Some(user)
    }

    /// All users in username order.
    pub fn iter(&self) -> impl Iterator<Item = &User> {
        self.by_username.values()
    }
}
