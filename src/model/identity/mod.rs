//! DTOs of the identity-pool service.

pub mod pools;
