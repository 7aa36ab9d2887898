//! Serde DTOs, named as the AWS shapes, grouped as `ops/` is.

pub mod identity;
pub mod idp;
pub mod timestamp;
