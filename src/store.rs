//! All state, behind one interface. The unit of consistency is one user pool (and one identity pool):
//! everything a pool owns sits behind that pool's `Mutex`, so cross-entity rules (unique usernames and
//! aliases, group memberships, revoked tokens) hold atomically.
//!
//! Locking rules, enforced by the shape of this API: handlers never see a guard, only closures; the
//! DashMap guard is dropped (the `Arc` cloned out) before the pool lock is taken; no two pool locks are held
//! at once; nothing here is async, so no lock is ever held across an `.await`. A durable backend can replace
//! this module without touching `ops/`.

use std::collections::BTreeSet;
use std::ops::Bound;
use std::sync::{Arc, Mutex, MutexGuard, RwLock};

use dashmap::DashMap;

use crate::domain::identity_pool::IdentityPool;
use crate::domain::order_key::OrderKey;
use crate::domain::user_pool::UserPool;
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
    user_pools: GrowingMap<String, Shared<UserPool>>,
    /// User pool ids in order.
    user_pool_order: OrderIndex,
    /// App client id → user pool id, for the operations that carry only a `ClientId`.
    client_to_pool: GrowingMap<String, String>,
    /// Hosted-UI domain prefix (or custom domain) → user pool id: domains are unique across pools.
    domains: ConcurrentMap<String, String>,
    identity_pools: GrowingMap<String, Shared<IdentityPool>>,
    /// Identity pool ids in order.
    identity_pool_order: OrderIndex,
    /// Identity id → identity pool: identity ids name only their region, and without this every
    /// `GetCredentialsForIdentity` searched the pools of the region.
    pub identity_owner: OwnerHints,
    /// `MFA_SETUP` session id → user pool: `AssociateSoftwareToken` / `VerifySoftwareToken` carry only the
    /// `Session`, and without this it was looked for in every pool.
    pub setup_session_owner: OwnerHints,
}

/// Pool ids in order, so `ListUserPools` / `ListIdentityPools` page by range instead of sorting every pool
/// per call.
///
/// New ids go to an unsorted buffer first and join the ordered set in batches. Pool ids are random, so
/// inserting each into a large ordered set walked a fresh path of cold nodes (6% of a `CreateUserPool`);
/// a creation now costs a push, and a batch is sorted once and added in order, where consecutive inserts
/// share their path. A batch is folded in by the read that follows, or by the creation that fills the
/// buffer; other creations go on meanwhile (into a fresh buffer), so a fold stalls only that one request
/// and the readers.
#[derive(Debug, Default)]
struct OrderIndex {
    sorted: RwLock<BTreeSet<OrderKey>>,
    /// Ids not yet in `sorted`.
    recent: Mutex<Vec<OrderKey>>,
    /// Held while a batch moves from `recent` to `sorted`, so that no reader sees a batch in neither.
    folding: Mutex<()>,
}

impl OrderIndex {
    /// The buffer's size that makes the creation that reaches it fold the batch in (about a millisecond).
    const MAX_RECENT: usize = 4_096;

    fn insert(&self, id: &str) {
        let full = {
            let mut recent = lock(&self.recent);
            recent.push(OrderKey::of(id));
            recent.len() >= Self::MAX_RECENT
        };
        if full {
            self.fold();
        }
    }

    /// The ordered set, for a change (a poisoned lock is taken over, as `lock` does).
    fn sorted_mut(&self) -> std::sync::RwLockWriteGuard<'_, BTreeSet<OrderKey>> {
        self.sorted.write().unwrap_or_else(|e| e.into_inner())
    }

    /// Moves every waiting id into the ordered set.
    fn fold(&self) {
        let _folding = lock(&self.folding);
        let mut batch = std::mem::take(&mut *lock(&self.recent));
        if batch.is_empty() {
            return;
        }
        batch.sort_unstable();
        self.sorted_mut().extend(batch);
    }

    fn remove(&self, id: &str) {
        self.fold();
        self.sorted_mut().remove(&OrderKey::of(id));
    }

    fn clear(&self) {
        let _folding = lock(&self.folding);
        lock(&self.recent).clear();
        self.sorted_mut().clear();
    }

    /// One page of ids in order, after `after`, keeping those `keep` accepts; and the id to continue after.
    fn page(
        &self,
        after: Option<&str>,
        limit: usize,
        keep: impl Fn(&str) -> bool,
    ) -> (Vec<String>, Option<String>) {
        self.fold();
        let sorted = self.sorted.read().unwrap_or_else(|e| e.into_inner());
        page_of(&sorted, after, limit, keep)
    }
}

/// One page of ids in order, after `after`, keeping those `keep` accepts; and the id to continue after.
fn page_of(
    order: &BTreeSet<OrderKey>,
    after: Option<&str>,
    limit: usize,
    keep: impl Fn(&str) -> bool,
) -> (Vec<String>, Option<String>) {
    let start = match after {
        Some(a) => Bound::Excluded(OrderKey::of(a)),
        None => Bound::Unbounded,
    };
    let mut page = Vec::with_capacity(limit.min(64));
    let mut more = false;
    for id in order
        .range((start, Bound::Unbounded))
        .map(OrderKey::as_str)
        .filter(|id| keep(id))
    {
        if page.len() == limit {
            more = true;
            break;
        }
        page.push(id.to_owned());
    }
    let next = if more { page.last().cloned() } else { None };
    (page, next)
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
        self.user_pool_order.clear();
        self.identity_pool_order.clear();
    }

    // ---- user pools -------------------------------------------------------------------------------

    /// Adds a new user pool.
    pub fn insert_user_pool(&self, pool: UserPool) {
        self.user_pool_order.insert(&pool.id);
        self.user_pools
            .insert(pool.id.clone(), Arc::new(Mutex::new(pool)));
    }

    fn user_pool(&self, id: &str) -> Result<Shared<UserPool>> {
        // Clone the Arc so the DashMap shard guard is released before the pool lock is taken.
        self.user_pools
            .get(id)
            .map(|p| Arc::clone(p.value()))
            .ok_or_else(|| CognitoError::user_pool_not_found(id))
    }

    /// True if the pool exists.
    pub fn has_user_pool(&self, id: &str) -> bool {
        self.user_pools.contains_key(id)
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
        self.user_pool_order.remove(id);
        self.client_to_pool.retain(|_, p| p != id);
        self.domains.retain(|_, p| p != id);
        Ok(())
    }

    /// Every user pool id, in order (for the rare lookups that must search all pools).
    pub fn user_pool_ids(&self) -> Vec<String> {
        self.user_pool_order.page(None, usize::MAX, |_| true).0
    }

    /// One page of user pool ids in id order after `after`, keeping those `keep` accepts, and the id to
    /// continue after when there are more.
    pub fn user_pool_page(
        &self,
        after: Option<&str>,
        limit: usize,
        keep: impl Fn(&str) -> bool,
    ) -> (Vec<String>, Option<String>) {
        self.user_pool_order.page(after, limit, keep)
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
        self.identity_pool_order.insert(&pool.id);
        self.identity_pools
            .insert(pool.id.clone(), Arc::new(Mutex::new(pool)));
    }

    fn identity_pool(&self, id: &str) -> Result<Shared<IdentityPool>> {
        self.identity_pools
            .get(id)
            .map(|p| Arc::clone(p.value()))
            .ok_or_else(|| {
                CognitoError::resource_not_found(format!("IdentityPool '{id}' not found."))
            })
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
        self.identity_pools.remove(id).ok_or_else(|| {
            CognitoError::resource_not_found(format!("IdentityPool '{id}' not found."))
        })?;
        self.identity_pool_order.remove(id);
        Ok(())
    }

    /// One page of identity pool ids in id order (see `user_pool_page`).
    pub fn identity_pool_page(
        &self,
        after: Option<&str>,
        limit: usize,
        keep: impl Fn(&str) -> bool,
    ) -> (Vec<String>, Option<String>) {
        self.identity_pool_order.page(after, limit, keep)
    }

    /// Ids of every identity pool of a region, in order.
    pub fn identity_pool_ids_in(&self, region: &str) -> Vec<String> {
        self.identity_pool_order
            .page(None, usize::MAX, |id| {
                crate::domain::ids::region_of(id) == Some(region)
            })
            .0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every id whose insert has returned is listed, in order, while other threads keep inserting (and
    /// filling the buffer, which folds it in) and a reader keeps folding.
    #[test]
    fn order_index_lists_every_inserted_id_in_order() {
        let index = Arc::new(OrderIndex::default());
        let per_thread = OrderIndex::MAX_RECENT + 1_000;
        let writers: Vec<_> = (0..3)
            .map(|t| {
                let index = Arc::clone(&index);
                std::thread::spawn(move || {
                    for i in 0..per_thread {
                        let id =
                            format!("us-east-1_{:08x}{t}", (i as u64).wrapping_mul(0x9E37_79B9));
                        index.insert(&id);
                        if i % 997 == 0 {
                            let (all, _) = index.page(None, usize::MAX, |_| true);
                            assert!(all.contains(&id), "{id} was inserted but is not listed");
                            assert!(all.windows(2).all(|w| w[0] < w[1]));
                        }
                    }
                })
            })
            .collect();
        for w in writers {
            w.join().unwrap();
        }
        let (all, next) = index.page(None, usize::MAX, |_| true);
        assert_eq!(all.len(), 3 * per_thread);
        assert!(next.is_none());
        assert!(all.windows(2).all(|w| w[0] < w[1]));

        let (first, next) = index.page(None, 10, |_| true);
        assert_eq!(first, all[..10]);
        assert_eq!(next.as_deref(), Some(all[9].as_str()));
        index.remove(&all[5]);
        let (page, _) = index.page(Some(&all[3]), 3, |_| true);
        assert_eq!(page, [all[4].clone(), all[6].clone(), all[7].clone()]);
        index.clear();
        assert!(index.page(None, usize::MAX, |_| true).0.is_empty());
    }
}
