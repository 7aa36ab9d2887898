//! DTOs of the user-pool service.

pub mod clients;
pub mod groups;
pub mod user_pools;
pub mod users;
