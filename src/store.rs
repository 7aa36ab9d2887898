//! All state, behind one interface. The unit of consistency is one user pool (and one identity pool):
//! everything a pool owns sits behind that pool's `Mutex`, so cross-entity rules (unique usernames and
//! aliases, group memberships, revoked tokens) hold atomically.
//!
//! Locking rules, enforced by the shape of this API: handlers never see a guard, only closures; the
//! DashMap guard is dropped (the `Arc` cloned out) before the pool lock is taken; no two pool locks are held
//! at once; nothing here is async, so no lock is ever held across an `.await`. A durable backend can replace
//! this module without touching `ops/`.

use std::collections::BTreeMap;
use std::ops::Bound;
use std::sync::{Arc, Mutex, MutexGuard, RwLock};

use dashmap::DashMap;

use crate::domain::identity_pool::IdentityPool;
use crate::domain::user_pool::{ConfigInterner, UserPool};
use crate::error::{CognitoError, Result};

type Shared<T> = Arc<Mutex<T>>;

/// The emulator's concurrent maps: a DashMap hashed with foldhash (see Cargo.toml).
pub type ConcurrentMap<K, V> = DashMap<K, V, foldhash::fast::RandomState>;

/// A concurrent map that may grow to hundreds of thousands of entries (pools, clients, issued
/// credentials), split into 64 shards instead of DashMap's default (4 per core: 8 on two cores). A shard
/// that outgrows its table rehashes all of it while holding its write lock, stalling every request on
/// that shard; with eight times as many shards each stall is an eighth as long.
#[derive(Debug)]
pub struct GrowingMap<K: Eq + std::hash::Hash, V>(ConcurrentMap<K, V>);

impl<K: Eq + std::hash::Hash, V> Default for GrowingMap<K, V> {
    fn default() -> Self {
        GrowingMap(DashMap::with_hasher_and_shard_amount(
            foldhash::fast::RandomState::default(),
            64,
        ))
    }
}

impl<K: Eq + std::hash::Hash, V> std::ops::Deref for GrowingMap<K, V> {
    type Target = ConcurrentMap<K, V>;

    fn deref(&self) -> &Self::Target {
        &self.0
    }
}

/// Key → the pool it was last found in, for ids that do not name their pool (identity ids, `MFA_SETUP`
/// sessions), so a lookup tries one pool instead of all. Only hints: callers confirm them against the
/// pool, so deletions need not maintain them.
#[derive(Debug, Default)]
pub struct OwnerHints(ConcurrentMap<String, String>);

impl OwnerHints {
    /// The pool `key` was last found in, if remembered.
    pub fn get(&self, key: &str) -> Option<String> {
        self.0.get(key).map(|p| p.clone())
    }

    /// Remembers the pool of `key`; the hint of the key it replaces (`replaces`), if any, is dropped.
    pub fn remember(&self, key: &str, pool_id: &str, replaces: Option<&str>) {
        if let Some(old) = replaces {
            self.0.remove(old);
        }
        self.0.insert(key.to_owned(), pool_id.to_owned());
    }

    /// Drops the hint of `key` (it is used up).
    pub fn forget(&self, key: &str) {
        self.0.remove(key);
    }

    fn clear(&self) {
        self.0.clear();
    }
}

/// The emulator's state.
#[derive(Debug, Default)]
pub struct Store {
    user_pools: PoolTable<UserPool>,
    /// App client id → user pool id, for the operations that carry only a `ClientId`.
    client_to_pool: GrowingMap<String, String>,
    /// Hosted-UI domain prefix (or custom domain) → user pool id: domains are unique across pools.
    domains: ConcurrentMap<String, String>,
    identity_pools: PoolTable<IdentityPool>,
    /// Identity id → identity pool: identity ids name only their region, and without this every
    /// `GetCredentialsForIdentity` searched the pools of the region.
    pub identity_owner: OwnerHints,
    /// `MFA_SETUP` session id → user pool: `AssociateSoftwareToken` / `VerifySoftwareToken` carry only the
    /// `Session`, and without this it was looked for in every pool.
    pub setup_session_owner: OwnerHints,
    /// The configuration pools made alike share (see `PoolConfig`).
    pub pool_configs: ConfigInterner,
}

/// Pool ids in creation order, so `ListUserPools` / `ListIdentityPools` page by range instead of sorting
/// every pool per call, and a page token (the creation number of the last pool listed) stays valid
/// while pools come and go.
///
/// Creation numbers only grow, so every insert lands at the right edge of the ordered map, on the nodes
/// the previous insert just touched. An index ordered by id was costlier: pool ids are random, so each
/// insert walked a fresh path of cold nodes (6% of a `CreateUserPool`), and inserting them in sorted
/// batches of 4,096 still cost 4% and stalled the creation that filled a batch for about a millisecond.
/// Each pool's number is kept beside it in the pool map ([`Slot`]), for its removal.
#[derive(Debug, Default)]
struct CreationOrder {
    inner: RwLock<Numbered>,
}

#[derive(Debug, Default)]
struct Numbered {
    /// The number the next pool gets.
    next: u64,
    ids: BTreeMap<u64, String>,
}

impl CreationOrder {
    /// Numbers a new pool and adds its id. `publish` makes the pool reachable (puts it in its map) while
    /// the index is locked, so no reader sees the id before the pool: a page that skipped a pool not yet
    /// reachable would move its token past it for good.
    fn add(&self, id: String, publish: impl FnOnce(u64)) {
        let mut numbered = self.write();
        let number = numbered.next;
        numbered.next += 1;
        publish(number);
        numbered.ids.insert(number, id);
    }

    /// The index, for a change (a poisoned lock is taken over, as `lock` does).
    fn write(&self) -> std::sync::RwLockWriteGuard<'_, Numbered> {
        self.inner.write().unwrap_or_else(|e| e.into_inner())
    }

    fn read(&self) -> std::sync::RwLockReadGuard<'_, Numbered> {
        self.inner.read().unwrap_or_else(|e| e.into_inner())
    }

    fn remove(&self, number: u64) {
        self.write().ids.remove(&number);
    }

    fn clear(&self) {
        self.write().ids.clear();
    }

    /// One page of ids in creation order after the token `after`, keeping those `keep` accepts; and the
    /// token to continue after. A token that is not one of ours is `InvalidParameterException`.
    fn page(
        &self,
        after: Option<&str>,
        limit: usize,
        keep: impl Fn(&str) -> bool,
    ) -> Result<(Vec<String>, Option<String>)> {
        let start = match after {
            Some(token) => Bound::Excluded(
                token
                    .parse::<u64>()
                    .map_err(|_| CognitoError::invalid_parameter("Invalid pagination token."))?,
            ),
            None => Bound::Unbounded,
        };
        let numbered = self.read();
        let mut page = Vec::with_capacity(limit.min(64));
        let mut last = None;
        let mut more = false;
        for (number, id) in numbered
            .ids
            .range((start, Bound::Unbounded))
            .filter(|(_, id)| keep(id))
        {
            if page.len() == limit {
                more = true;
                break;
            }
            page.push(id.clone());
            last = Some(*number);
        }
        let next = if more {
            last.map(|n| n.to_string())
        } else {
            None
        };
        Ok((page, next))
    }

    /// Every id, in creation order.
    fn all(&self, keep: impl Fn(&str) -> bool) -> Vec<String> {
        self.read()
            .ids
            .values()
            .filter(|id| keep(id))
            .cloned()
            .collect()
    }
}

/// A pool in its map, with its creation number (see [`CreationOrder`]).
#[derive(Debug)]
struct Slot<T> {
    number: u64,
    pool: Shared<T>,
}

/// The pools of one kind (user pools, identity pools): by id, and in creation order.
#[derive(Debug)]
struct PoolTable<T> {
    by_id: GrowingMap<String, Slot<T>>,
    order: CreationOrder,
}

impl<T> Default for PoolTable<T> {
    fn default() -> Self {
        PoolTable {
            by_id: GrowingMap::default(),
            order: CreationOrder::default(),
        }
    }
}

impl<T> PoolTable<T> {
    fn insert(&self, id: String, pool: T) {
        // Allocated (and the pool moved in) before the creation order's lock, which every creation takes:
        // on a growing store a fresh allocation often faults in a page (several microseconds on the
        // development VM), and under the lock the other creations waited for it in the kernel.
        let pool = Arc::new(Mutex::new(pool));
        let key = id.clone();
        self.order.add(id, |number| {
            self.by_id.insert(key, Slot { number, pool });
        });
    }

    /// The pool, its `Arc` cloned so the map's shard guard is released before the pool lock is taken.
    fn get(&self, id: &str) -> Option<Shared<T>> {
        self.by_id.get(id).map(|p| Arc::clone(&p.value().pool))
    }

    fn contains(&self, id: &str) -> bool {
        self.by_id.contains_key(id)
    }

    /// Removes a pool; false if there was none.
    fn remove(&self, id: &str) -> bool {
        match self.by_id.remove(id) {
            Some((_, slot)) => {
                self.order.remove(slot.number);
                true
            }
            None => false,
        }
    }

    fn clear(&self) {
        self.by_id.clear();
        self.order.clear();
    }
}

fn identity_pool_not_found(id: &str) -> CognitoError {
    CognitoError::resource_not_found(format!("IdentityPool '{id}' not found."))
}

/// A poisoned lock only means another request panicked mid-way; the data is still the last written state,
/// and refusing every later request on the pool would be worse.
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl Store {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    /// Forgets everything (`POST /_emulator/reset`).
    pub fn reset(&self) {
        self.user_pools.clear();
        self.client_to_pool.clear();
        self.domains.clear();
        self.identity_pools.clear();
        self.identity_owner.clear();
        self.setup_session_owner.clear();
        self.pool_configs.clear();
    }

    // ---- user pools -------------------------------------------------------------------------------

    /// Adds a new user pool.
    pub fn insert_user_pool(&self, pool: UserPool) {
        self.user_pools.insert(pool.id.clone(), pool);
    }

    fn user_pool(&self, id: &str) -> Result<Shared<UserPool>> {
        self.user_pools
            .get(id)
            .ok_or_else(|| CognitoError::user_pool_not_found(id))
    }

    /// True if the pool exists.
    pub fn has_user_pool(&self, id: &str) -> bool {
        self.user_pools.contains(id)
    }

    /// Runs `f` with shared access to one pool.
    pub fn read_pool<T>(&self, id: &str, f: impl FnOnce(&UserPool) -> Result<T>) -> Result<T> {
        let pool = self.user_pool(id)?;
        let guard = lock(&pool);
        f(&guard)
    }

    /// Runs `f` with exclusive access to one pool. `f` must validate before it mutates, so that an error
    /// leaves the pool as it was. Bumps the pool's `version` (what is cached from the pool, such as the
    /// `DescribeUserPool` answer, is rebuilt after any write).
    pub fn write_pool<T>(&self, id: &str, f: impl FnOnce(&mut UserPool) -> Result<T>) -> Result<T> {
        let pool = self.user_pool(id)?;
        let mut guard = lock(&pool);
        guard.version = guard.version.wrapping_add(1);
        f(&mut guard)
    }

    /// Removes a pool if `check` allows it (deletion protection), with its client and domain index entries.
    pub fn remove_user_pool(
        &self,
        id: &str,
        check: impl FnOnce(&UserPool) -> Result<()>,
    ) -> Result<()> {
        let pool = self.user_pool(id)?;
        {
            let guard = lock(&pool);
            check(&guard)?;
        }
        self.user_pools.remove(id);
        self.client_to_pool.retain(|_, p| p != id);
        self.domains.retain(|_, p| p != id);
        Ok(())
    }

    /// Every user pool id, in creation order (for the rare lookups that must search all pools).
    pub fn user_pool_ids(&self) -> Vec<String> {
        self.user_pools.order.all(|_| true)
    }

    /// One page of user pool ids in creation order after the page token `after`, keeping those `keep`
    /// accepts, and the token to continue after when there are more.
    pub fn user_pool_page(
        &self,
        after: Option<&str>,
        limit: usize,
        keep: impl Fn(&str) -> bool,
    ) -> Result<(Vec<String>, Option<String>)> {
        self.user_pools.order.page(after, limit, keep)
    }

    // ---- indexes across pools ---------------------------------------------------------------------

    /// Records which pool an app client belongs to.
    pub fn index_client(&self, client_id: &str, pool_id: &str) {
        self.client_to_pool
            .insert(client_id.to_owned(), pool_id.to_owned());
    }

    /// Forgets an app client.
    pub fn unindex_client(&self, client_id: &str) {
        self.client_to_pool.remove(client_id);
    }

    /// The pool an app client belongs to.
    pub fn pool_of_client(&self, client_id: &str) -> Option<String> {
        self.client_to_pool
            .get(client_id)
            .map(|p| p.value().clone())
    }

    /// Claims a domain for a pool; `false` if another pool has it.
    pub fn claim_domain(&self, domain: &str, pool_id: &str) -> bool {
        match self.domains.entry(domain.to_owned()) {
            dashmap::mapref::entry::Entry::Occupied(e) => e.get() == pool_id,
            dashmap::mapref::entry::Entry::Vacant(e) => {
                e.insert(pool_id.to_owned());
                true
            }
        }
    }

    /// Releases a domain.
    pub fn release_domain(&self, domain: &str) {
        self.domains.remove(domain);
    }

    /// The pool that owns a domain.
    pub fn pool_of_domain(&self, domain: &str) -> Option<String> {
        self.domains.get(domain).map(|p| p.value().clone())
    }

    // ---- identity pools ---------------------------------------------------------------------------

    /// Adds a new identity pool.
    pub fn insert_identity_pool(&self, pool: IdentityPool) {
        self.identity_pools.insert(pool.id.clone(), pool);
    }

    fn identity_pool(&self, id: &str) -> Result<Shared<IdentityPool>> {
        self.identity_pools
            .get(id)
            .ok_or_else(|| identity_pool_not_found(id))
    }

    /// Runs `f` with shared access to one identity pool.
    pub fn read_identity_pool<T>(
        &self,
        id: &str,
        f: impl FnOnce(&IdentityPool) -> Result<T>,
    ) -> Result<T> {
        let pool = self.identity_pool(id)?;
        let guard = lock(&pool);
        f(&guard)
    }

    /// Runs `f` with exclusive access to one identity pool (validate first, mutate last).
    pub fn write_identity_pool<T>(
        &self,
        id: &str,
        f: impl FnOnce(&mut IdentityPool) -> Result<T>,
    ) -> Result<T> {
        let pool = self.identity_pool(id)?;
        let mut guard = lock(&pool);
        f(&mut guard)
    }

    /// Removes an identity pool.
    pub fn remove_identity_pool(&self, id: &str) -> Result<()> {
        if self.identity_pools.remove(id) {
            Ok(())
        } else {
            Err(identity_pool_not_found(id))
        }
    }

    /// One page of identity pool ids in creation order (see `user_pool_page`).
    pub fn identity_pool_page(
        &self,
        after: Option<&str>,
        limit: usize,
        keep: impl Fn(&str) -> bool,
    ) -> Result<(Vec<String>, Option<String>)> {
        self.identity_pools.order.page(after, limit, keep)
    }

    /// Ids of every identity pool of a region, in order.
    pub fn identity_pool_ids_in(&self, region: &str) -> Vec<String> {
        self.identity_pools
            .order
            .all(|id| crate::domain::ids::region_of(id) == Some(region))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Pages follow creation order; a token stays valid when pools before or after it go, and a new
    /// pool joins the end of a listing in progress.
    #[test]
    fn creation_order_pages_by_number() {
        let order = CreationOrder::default();
        let mut published = Vec::new();
        for id in [
            "us-east-1_zz",
            "us-east-1_aa",
            "us-east-1_mm",
            "us-east-1_bb",
        ] {
            order.add(id.to_owned(), |n| published.push(n));
        }
        assert_eq!(published, [0, 1, 2, 3]);
        let (first, next) = order.page(None, 2, |_| true).unwrap();
        assert_eq!(first, ["us-east-1_zz", "us-east-1_aa"]);
        assert_eq!(next.as_deref(), Some("1"));
        order.remove(1);
        order.remove(2);
        order.add("us-east-1_cc".to_owned(), |n| assert_eq!(n, 4));
        let (rest, next) = order.page(next.as_deref(), 10, |_| true).unwrap();
        assert_eq!(rest, ["us-east-1_bb", "us-east-1_cc"]);
        assert!(next.is_none());
        assert_eq!(order.all(|id| id.ends_with('c')), ["us-east-1_cc"]);
        assert!(order.page(Some("x"), 1, |_| true).is_err());
        order.clear();
        assert!(order.all(|_| true).is_empty());
    }
}
