//! The identity pool aggregate: configuration plus the identities it has issued.

use crate::model::identity::pools::{IdentityPoolConfig, IdentityPoolType};

/// An identity pool.
#[derive(Debug, Clone)]
pub struct IdentityPool {
    /// `<region>:<uuid>`.
    pub id: String,
    /// The region part of the id.
    pub region: String,
    /// What describe echoes.
    pub config: IdentityPoolConfig,
}

impl IdentityPool {
    /// The pool as `DescribeIdentityPool` shows it.
    pub fn describe(&self) -> IdentityPoolType {
        IdentityPoolType {
            identity_pool_id: self.id.clone(),
            config: self.config.clone(),
        }
    }
}
