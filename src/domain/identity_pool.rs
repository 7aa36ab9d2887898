//! The identity pool aggregate: configuration, roles and role mappings, principal-tag maps, and the
//! identities it has issued with the logins linked to them.
//!
//! A login is `(provider, subject)`: the provider is the `Logins` key (`graph.facebook.com`,
//! `cognito-idp.<region>.amazonaws.com/<userPoolId>`, an OIDC host, or the pool's developer provider name)
//! and the subject is who the provider says the user is. One login belongs to at most one identity.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::error::{CognitoError, ErrorCode, Result};
use crate::model::identity::pools::{IdentityPoolConfig, IdentityPoolType};
use crate::model::identity::roles::RoleMapping;

/// One identity (`<region>:<uuid>`) of a pool.
#[derive(Debug, Clone)]
pub struct Identity {
    /// `<region>:<uuid>`.
    pub id: String,
    /// Provider → subjects linked to this identity (developer providers may link several).
    pub logins: BTreeMap<String, BTreeSet<String>>,
    /// Creation time, epoch milliseconds.
    pub created_ms: i64,
    /// Last change of the logins, epoch milliseconds.
    pub modified_ms: i64,
    /// An authenticated identity whose last login was unlinked: AWS keeps it but disables it.
    pub disabled: bool,
}

impl Identity {
    /// True when at least one login is linked.
    pub fn is_authenticated(&self) -> bool {
        !self.logins.is_empty()
    }
}

/// A principal-tag attribute map of one provider (`SetPrincipalTagAttributeMap`).
#[derive(Debug, Clone, PartialEq)]
pub struct PrincipalTagMap {
    /// Whether the default mappings apply.
    pub use_defaults: bool,
    /// Tag key → token claim.
    pub tags: BTreeMap<String, String>,
}

/// An identity pool.
#[derive(Debug, Clone, Default)]
pub struct IdentityPool {
    /// `<region>:<uuid>`.
    pub id: String,
    /// The region part of the id.
    pub region: String,
    /// What describe echoes.
    pub config: IdentityPoolConfig,
    /// `authenticated` / `unauthenticated` → role ARN.
    pub roles: BTreeMap<String, String>,
    /// Provider key → role mapping (user-pool keys end in `:<clientId>`).
    pub role_mappings: BTreeMap<String, RoleMapping>,
    /// Provider name → principal-tag map.
    pub principal_tags: BTreeMap<String, PrincipalTagMap>,
    /// Identity id → identity, sorted for stable pagination.
    pub identities: BTreeMap<String, Identity>,
    /// `(provider, subject)` → identity id.
    login_index: HashMap<(String, String), String>,
}

/// A linked login: `(provider, subject)`.
pub type Login = (String, String);

impl IdentityPool {
    /// A new pool without identities.
    pub fn new(id: String, region: String, config: IdentityPoolConfig) -> Self {
        IdentityPool {
            id,
            region,
            config,
            ..Default::default()
        }
    }

    /// The pool as `DescribeIdentityPool` shows it.
    pub fn describe(&self) -> IdentityPoolType {
        IdentityPoolType {
            identity_pool_id: self.id.clone(),
            config: self.config.clone(),
        }
    }

    /// The identity a login is linked to.
    pub fn identity_of_login(&self, provider: &str, subject: &str) -> Option<&str> {
        self.login_index
            .get(&(provider.to_owned(), subject.to_owned()))
            .map(String::as_str)
    }

    /// The identity with this id.
    pub fn identity(&self, id: &str) -> Result<&Identity> {
        self.identities
            .get(id)
            .ok_or_else(|| identity_not_found(id))
    }

    /// A new identity without logins (a guest).
    pub fn create_unauthenticated(&mut self, id: String, now_ms: i64) -> String {
        self.identities.insert(
            id.clone(),
            Identity {
                id: id.clone(),
                logins: BTreeMap::new(),
                created_ms: now_ms,
                modified_ms: now_ms,
                disabled: false,
            },
        );
        id
    }

    /// `GetId` semantics for a set of verified logins: the identity already linked to them, with the
    /// other logins linked to it too; else `target` (an existing identity to link to) or a new identity.
    /// Logins linked to two different identities are a conflict, as AWS answers.
    pub fn resolve_logins(
        &mut self,
        logins: &[Login],
        target: Option<&str>,
        new_id: String,
        now_ms: i64,
    ) -> Result<String> {
        let mut owners: BTreeSet<String> = logins
            .iter()
            .filter_map(|(p, s)| self.identity_of_login(p, s).map(str::to_owned))
            .collect();
        if let Some(t) = target {
            self.identity(t)?;
            owners.insert(t.to_owned());
        }
        if owners.len() > 1 {
            return Err(CognitoError::new(
                ErrorCode::ResourceConflict,
                "Logins are already associated with another identity.",
            ));
        }
        let id = match owners.into_iter().next() {
            Some(id) => id,
            None => self.create_unauthenticated(new_id, now_ms),
        };
        let mut changed = false;
        for (p, s) in logins {
            if self.identity_of_login(p, s).is_none() {
                self.login_index.insert((p.clone(), s.clone()), id.clone());
                changed = true;
            }
        }
        if let Some(identity) = self.identities.get_mut(&id) {
            for (p, s) in logins {
                identity
                    .logins
                    .entry(p.clone())
                    .or_default()
                    .insert(s.clone());
            }
            if changed {
                identity.modified_ms = now_ms;
                identity.disabled = false;
            }
        }
        Ok(id)
    }

    /// Removes logins from an identity; an authenticated identity left without logins is disabled.
    pub fn unlink(&mut self, identity_id: &str, logins: &[Login], now_ms: i64) -> Result<()> {
        self.identity(identity_id)?;
        for (p, s) in logins {
            if self.identity_of_login(p, s) == Some(identity_id) {
                self.login_index.remove(&(p.clone(), s.clone()));
            }
        }
        if let Some(identity) = self.identities.get_mut(identity_id) {
            let was_authenticated = identity.is_authenticated();
            for (p, s) in logins {
                if let Some(subjects) = identity.logins.get_mut(p) {
                    subjects.remove(s);
                    if subjects.is_empty() {
                        identity.logins.remove(p);
                    }
                }
            }
            identity.modified_ms = now_ms;
            if was_authenticated && !identity.is_authenticated() {
                identity.disabled = true;
            }
        }
        Ok(())
    }

    /// Removes an identity and its logins; false if it was not in this pool.
    pub fn delete_identity(&mut self, identity_id: &str) -> bool {
        match self.identities.remove(identity_id) {
            Some(_) => {
                self.login_index.retain(|_, id| id != identity_id);
                true
            }
            None => false,
        }
    }

    /// Moves every login of `source` to `destination` and deletes `source` (developer merges).
    pub fn merge_into(&mut self, source: &str, destination: &str, now_ms: i64) -> Result<()> {
        if source == destination {
            return Ok(());
        }
        let src = self.identity(source)?.clone();
        self.identity(destination)?;
        self.delete_identity(source);
        let logins: Vec<Login> = src
            .logins
            .iter()
            .flat_map(|(p, subs)| subs.iter().map(move |s| (p.clone(), s.clone())))
            .collect();
        self.resolve_logins(&logins, Some(destination), String::new(), now_ms)
            .map(|_| ())
    }
}

/// AWS's answer for an unknown identity id.
pub fn identity_not_found(id: &str) -> CognitoError {
    CognitoError::resource_not_found(format!("Identity '{id}' not found."))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn login(p: &str, s: &str) -> Login {
        (p.to_owned(), s.to_owned())
    }

    #[test]
    fn same_login_same_identity_and_links_accumulate() {
        let mut pool = IdentityPool::new("r:p".into(), "r".into(), Default::default());
        let a = pool
            .resolve_logins(&[login("fb", "1")], None, "r:a".into(), 1)
            .unwrap();
        let again = pool
            .resolve_logins(&[login("fb", "1"), login("g", "2")], None, "r:b".into(), 2)
            .unwrap();
        assert_eq!(a, again);
        assert_eq!(pool.identity_of_login("g", "2"), Some("r:a"));
        assert_eq!(pool.identities.len(), 1);
        let other = pool
            .resolve_logins(&[login("fb", "9")], None, "r:c".into(), 3)
            .unwrap();
        let conflict =
            pool.resolve_logins(&[login("fb", "9"), login("g", "2")], None, "r:d".into(), 4);
        assert_eq!(conflict.unwrap_err().code(), ErrorCode::ResourceConflict);
        pool.unlink(&other, &[login("fb", "9")], 5).unwrap();
        assert!(pool.identity(&other).unwrap().disabled);
        assert!(pool.identity_of_login("fb", "9").is_none());
    }

    #[test]
    fn merge_moves_logins() {
        let mut pool = IdentityPool::new("r:p".into(), "r".into(), Default::default());
        let a = pool
            .resolve_logins(&[login("dev", "u1")], None, "r:a".into(), 1)
            .unwrap();
        let b = pool
            .resolve_logins(&[login("dev", "u2")], None, "r:b".into(), 1)
            .unwrap();
        pool.merge_into(&a, &b, 2).unwrap();
        assert!(pool.identity(&a).is_err());
        assert_eq!(pool.identity_of_login("dev", "u1"), Some(b.as_str()));
        assert_eq!(pool.identity(&b).unwrap().logins["dev"].len(), 2);
    }
}
