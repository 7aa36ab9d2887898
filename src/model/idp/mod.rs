//! DTOs of the user-pool service.

pub mod clients;
pub mod user_pools;
