//! DTOs of the user-pool service.

pub mod auth;
pub mod clients;
pub mod self_service;
pub mod sign_up;
pub mod user_pools;
