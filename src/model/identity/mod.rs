//! DTOs of the identity-pool service.

pub mod identities;
pub mod pools;
pub mod roles;
