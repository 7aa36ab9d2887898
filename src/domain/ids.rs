//! AWS-shaped identifiers. Clients parse these (Amplify splits pool ids on `_`, SRP hashes the part after
//! it, aws-jwt-verify checks the region), so their form is part of the protocol.

use rand::distributions::Alphanumeric;
use rand::Rng;

/// `<region>_<9 alphanumerics>`, like `us-east-1_AbC123xyz`.
pub fn user_pool_id(region: &str) -> String {
    // Written into one string of the final size (a sampled string then a `format!` was four allocations).
    let mut id = String::with_capacity(region.len() + 10);
    id.push_str(region);
    id.push('_');
    id.extend(
        rand::thread_rng()
            .sample_iter(Alphanumeric)
            .take(9)
            .map(char::from),
    );
    id
}

/// A 26-character lowercase alphanumeric app client id, as AWS issues them.
pub fn client_id() -> String {
    const CHARS: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
    let mut rng = rand::thread_rng();
    (0..26)
        .map(|_| CHARS[rng.gen_range(0..CHARS.len())] as char)
        .collect()
}

/// `<region>:<uuid>`, for identity pools and identities.
pub fn region_uuid(region: &str) -> String {
    format!("{region}:{}", uuid::Uuid::new_v4())
}

/// A user's `sub`: a version-4 UUID, as AWS issues them, whose first 48 bits are the creation time in
/// milliseconds instead of random (the layout of a version-7 UUID, with the version-4 bits kept); the other
/// 74 bits are random. The pool's `sub` index is a B-tree: a fully random `sub` landed each new user on a
/// cold path of it, which was a fifth of the server CPU of `AdminCreateUser` on a pool of 400,000 users.
/// A time-ordered `sub` is inserted next to the last one, where the tree is already in cache. Clients see
/// an ordinary v4 UUID.
pub fn user_sub(now_ms: i64) -> String {
    let mut bytes = *uuid::Uuid::new_v4().as_bytes();
    let time = u64::try_from(now_ms).unwrap_or(0).to_be_bytes();
    bytes[..6].copy_from_slice(&time[2..]);
    uuid::Builder::from_random_bytes(bytes)
        .into_uuid()
        .to_string()
}

/// The region prefix of a user pool id (`us-east-1_x` → `us-east-1`) or identity id (`us-east-1:…`).
pub fn region_of(id: &str) -> Option<&str> {
    let cut = id.find(['_', ':'])?;
    let region = &id[..cut];
    (!region.is_empty()).then_some(region)
}

/// `arn:aws:cognito-idp:<region>:<account>:userpool/<id>`.
pub fn user_pool_arn(region: &str, account: &str, pool_id: &str) -> String {
    format!("arn:aws:cognito-idp:{region}:{account}:userpool/{pool_id}")
}

/// `arn:aws:cognito-identity:<region>:<account>:identitypool/<id>`.
pub fn identity_pool_arn(region: &str, account: &str, pool_id: &str) -> String {
    format!("arn:aws:cognito-identity:{region}:{account}:identitypool/{pool_id}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_subs_are_v4_uuids_in_creation_order() {
        let a = user_sub(1_700_000_000_000);
        let b = user_sub(1_700_000_000_001);
        let parsed = uuid::Uuid::parse_str(&a).unwrap();
        assert_eq!(parsed.get_version_num(), 4);
        assert_eq!(parsed.get_variant(), uuid::Variant::RFC4122);
        assert_eq!(a, a.to_lowercase());
        assert!(a < b, "{a} then {b}");
        assert!(a.starts_with("018bcfe5-6800-4"), "{a}");
        assert_ne!(user_sub(5), user_sub(5));
    }

    #[test]
    fn pool_id_matches_clients_expectations() {
        let id = user_pool_id("eu-west-2");
        let re = regex::Regex::new(r"^(?<region>[a-z]{2}-(gov-)?[a-z]+-\d)_[a-zA-Z0-9]+$").unwrap();
        assert!(re.is_match(&id), "{id}");
        assert_eq!(region_of(&id), Some("eu-west-2"));
        assert_eq!(id.len(), "eu-west-2".len() + 10);
    }

    #[test]
    fn identity_ids_carry_the_region() {
        let id = region_uuid("us-east-1");
        assert_eq!(region_of(&id), Some("us-east-1"));
        assert_eq!(client_id().len(), 26);
    }
}
