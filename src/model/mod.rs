//! Serde DTOs, named as the AWS shapes, grouped as `ops/` is.

pub mod identity;
pub mod idp;
pub mod timestamp;

/// A DTO's JSON in one buffer of `capacity` bytes to start with: a `Vec` growing from 8 bytes copied a
/// 4.5 KB pool description several times over.
pub fn json_bytes<T: serde::Serialize>(
    value: &T,
    capacity: usize,
) -> crate::error::Result<bytes::Bytes> {
    let mut body = Vec::with_capacity(capacity);
    serde_json::to_writer(&mut body, value).map_err(crate::error::CognitoError::internal)?;
    Ok(bytes::Bytes::from(body))
}
