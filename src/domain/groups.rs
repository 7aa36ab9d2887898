//! The groups of one pool and their memberships (both directions indexed, so a user's groups and a
//! group's users are each one lookup).

use std::collections::{BTreeMap, BTreeSet};

use crate::domain::PoolMap;

/// A group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    /// `GroupName` (case-sensitive).
    pub name: String,
    /// `Description`.
    pub description: Option<String>,
    /// `RoleArn`.
    pub role_arn: Option<String>,
    /// `Precedence` (lower wins).
    pub precedence: Option<i64>,
    /// Milliseconds since the epoch.
    pub created_ms: i64,
    /// Milliseconds since the epoch.
    pub modified_ms: i64,
}

/// All groups of a pool and who belongs to them.
#[derive(Debug, Clone, Default)]
pub struct GroupDirectory {
    groups: BTreeMap<String, Group>,
    /// Group name → internal usernames.
    members: PoolMap<String, BTreeSet<String>>,
    /// Internal username → group names.
    memberships: PoolMap<String, BTreeSet<String>>,
}

impl GroupDirectory {
    /// The group with that name.
    pub fn get(&self, name: &str) -> Option<&Group> {
        self.groups.get(name)
    }

    /// The group with that name, for changes.
    pub fn get_mut(&mut self, name: &str) -> Option<&mut Group> {
        self.groups.get_mut(name)
    }

    /// Adds (or replaces) a group.
    pub fn insert(&mut self, group: Group) {
        self.groups.insert(group.name.clone(), group);
    }

    /// Removes a group and its memberships.
    pub fn remove(&mut self, name: &str) -> Option<Group> {
        let group = self.groups.remove(name)?;
        for user in self.members.remove(name).unwrap_or_default() {
            if let Some(set) = self.memberships.get_mut(&user) {
                set.remove(name);
                if set.is_empty() {
                    self.memberships.remove(&user);
                }
            }
        }
        Some(group)
    }

    /// Groups in name order.
    pub fn iter(&self) -> impl Iterator<Item = &Group> {
        self.groups.values()
    }

    /// Number of groups.
    pub fn len(&self) -> usize {
        self.groups.len()
    }

    /// True if there are none.
    pub fn is_empty(&self) -> bool {
        self.groups.is_empty()
    }

    /// Adds a user to an existing group (idempotent). False if the group does not exist.
    pub fn add_member(&mut self, group: &str, username: &str) -> bool {
        if !self.groups.contains_key(group) {
            return false;
        }
        self.members
            .entry(group.to_owned())
            .or_default()
            .insert(username.to_owned());
        self.memberships
            .entry(username.to_owned())
            .or_default()
            .insert(group.to_owned());
        true
    }

    /// Removes a user from a group (idempotent).
    pub fn remove_member(&mut self, group: &str, username: &str) {
        if let Some(set) = self.members.get_mut(group) {
            set.remove(username);
            if set.is_empty() {
                self.members.remove(group);
            }
        }
        if let Some(set) = self.memberships.get_mut(username) {
            set.remove(group);
            if set.is_empty() {
                self.memberships.remove(username);
            }
        }
    }

    /// Forgets every membership of a user (when the user is deleted).
    pub fn remove_user(&mut self, username: &str) {
        for group in self.memberships.remove(username).unwrap_or_default() {
            if let Some(set) = self.members.get_mut(&group) {
                set.remove(username);
                if set.is_empty() {
                    self.members.remove(&group);
                }
            }
        }
    }

    /// The internal usernames in a group, in order.
    pub fn members_of<'a>(&'a self, group: &str) -> impl Iterator<Item = &'a String> + 'a {
        self.members.get(group).into_iter().flatten()
    }

    /// Names of a user's groups, in name order.
    pub fn group_names_of<'a>(&'a self, username: &str) -> impl Iterator<Item = &'a String> + 'a {
        self.memberships.get(username).into_iter().flatten()
    }

    /// A user's groups by precedence (lowest first; groups without precedence last; then by name), as
    /// `cognito:groups`, `cognito:roles` and `cognito:preferred_role` need them.
    pub fn groups_of(&self, username: &str) -> Vec<&Group> {
        let mut out: Vec<&Group> = self
            .group_names_of(username)
            .filter_map(|g| self.groups.get(g))
            .collect();
        out.sort_by(|a, b| {
            (a.precedence.is_none(), a.precedence, &a.name).cmp(&(
                b.precedence.is_none(),
                b.precedence,
                &b.name,
            ))
        });
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn g(name: &str, precedence: Option<i64>) -> Group {
        Group {
            name: name.into(),
            description: None,
            role_arn: None,
            precedence,
            created_ms: 0,
            modified_ms: 0,
        }
    }

    #[test]
    fn memberships_follow_groups_and_users() {
        let mut d = GroupDirectory::default();
        d.insert(g("b", Some(5)));
        d.insert(g("a", None));
        d.insert(g("c", Some(1)));
        assert!(!d.add_member("nope", "u1"));
        for name in ["a", "b", "c"] {
            assert!(d.add_member(name, "u1"));
        }
        d.add_member("b", "u2");
        let names: Vec<&str> = d.groups_of("u1").iter().map(|g| g.name.as_str()).collect();
        assert_eq!(names, ["c", "b", "a"]);
        d.remove("b");
        assert_eq!(d.groups_of("u1").len(), 2);
        assert_eq!(d.members_of("b").count(), 0);
        assert!(d.groups_of("u2").is_empty());
        d.remove_user("u1");
        assert_eq!(d.members_of("a").count(), 0);
        d.add_member("a", "u3");
        d.remove_member("a", "u3");
        assert!(d.groups_of("u3").is_empty());
    }
}
