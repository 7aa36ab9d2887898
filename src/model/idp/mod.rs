//! DTOs of the user-pool service.

pub mod user_pools;
