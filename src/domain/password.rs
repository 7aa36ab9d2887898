//! Passwords: the pool's policy, and how a password is kept.
//!
//! A password is never stored. What is stored is the inner hash of Cognito's SRP,
//! `SHA-256(poolName ‖ username ‖ ":" ‖ password)` (salted by pool and username), plus a random SRP salt.
//! That is enough to check a password in the password flows (one SHA-256 and a constant-time compare, far
//! below a millisecond) and to derive the SRP verifier `v = g^x` (`x = H(salt ‖ inner)`) when an SRP
//! sign-in needs it, without ever keeping anything reversible.

use rand::RngCore;
use subtle::ConstantTimeEq;

use crate::error::{CognitoError, ErrorCode, Result};
use crate::model::idp::user_pools::PasswordPolicyType;

/// A stored password.
#[derive(Clone, PartialEq, Eq)]
pub struct PasswordHash {
    inner: [u8; 32],
    salt: [u8; 16],
}

impl std::fmt::Debug for PasswordHash {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PasswordHash(..)")
    }
}

/// The "pool name" of Cognito's SRP: the part of the pool id after `_`.
pub fn srp_pool_name(pool_id: &str) -> &str {
    pool_id.split_once('_').map_or(pool_id, |(_, n)| n)
}

fn inner_hash(pool_id: &str, username: &str, password: &str) -> [u8; 32] {
    crate::domain::digest::sha256(&[
        srp_pool_name(pool_id).as_bytes(),
        username.as_bytes(),
        b":",
        password.as_bytes(),
    ])
}

impl PasswordHash {
    /// Hashes `password` for `username` (the internal username) of pool `pool_id`.
    pub fn new(pool_id: &str, username: &str, password: &str) -> PasswordHash {
        let mut salt = [0u8; 16];
        rand::thread_rng().fill_bytes(&mut salt);
        PasswordHash {
            inner: inner_hash(pool_id, username, password),
            salt,
        }
    }

    /// Checks a password in constant time.
    pub fn verify(&self, pool_id: &str, username: &str, password: &str) -> bool {
        bool::from(inner_hash(pool_id, username, password).ct_eq(&self.inner))
    }

    /// `H(poolName ‖ username ‖ ":" ‖ password)`, the input of the SRP private key `x`.
    pub fn srp_inner(&self) -> &[u8; 32] {
        &self.inner
    }

    /// The SRP salt.
    pub fn srp_salt(&self) -> &[u8; 16] {
        &self.salt
    }
}

fn is_symbol(c: char) -> bool {
    // The special characters Cognito documents for RequireSymbols, plus space.
    "^$*.[]{}()?\"!@#%&/\\,><':;|_~`=+- ".contains(c)
}

/// Checks a password against the pool's policy; `InvalidPasswordException` with AWS's wording if not.
pub fn check_policy(policy: &PasswordPolicyType, password: &str) -> Result<()> {
    let min = policy.minimum_length.unwrap_or(8);
    let fail = |what: &str| {
        Err(CognitoError::new(
            ErrorCode::InvalidPassword,
            format!("Password did not conform with policy: {what}"),
        ))
    };
    if (password.chars().count() as i64) < min {
        return fail("Password not long enough");
    }
    if policy.require_lowercase == Some(true) && !password.chars().any(|c| c.is_lowercase()) {
        return fail("Password must have lowercase characters");
    }
    if policy.require_uppercase == Some(true) && !password.chars().any(|c| c.is_uppercase()) {
        return fail("Password must have uppercase characters");
    }
    if policy.require_numbers == Some(true) && !password.chars().any(|c| c.is_ascii_digit()) {
        return fail("Password must have numeric characters");
    }
    if policy.require_symbols == Some(true) && !password.chars().any(is_symbol) {
        return fail("Password must have symbol characters");
    }
    Ok(())
}

/// A temporary password that satisfies `policy` (for `AdminCreateUser` without one).
pub fn generate_temporary(policy: &PasswordPolicyType) -> String {
    use rand::seq::SliceRandom;
    use rand::Rng;
    let mut rng = rand::thread_rng();
    let len = usize::try_from(policy.minimum_length.unwrap_or(8).max(12)).unwrap_or(12);
    let lower = b"abcdefghijkmnopqrstuvwxyz";
    let upper = b"ABCDEFGHJKLMNPQRSTUVWXYZ";
    let digits = b"23456789";
    let symbols = b"!#$%&*+-=?@^_";
    let sets: [&[u8]; 4] = [lower, upper, digits, symbols];
    let mut chars: Vec<u8> = sets
        .iter()
        .filter_map(|set| set.choose(&mut rng).copied())
        .collect();
    while chars.len() < len {
        let set = sets[rng.gen_range(0..sets.len())];
        if let Some(c) = set.choose(&mut rng) {
            chars.push(*c);
        }
    }
    chars.shuffle(&mut rng);
    String::from_utf8(chars).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strict() -> PasswordPolicyType {
        PasswordPolicyType {
            minimum_length: Some(8),
            require_lowercase: Some(true),
            require_uppercase: Some(true),
            require_numbers: Some(true),
            require_symbols: Some(true),
            ..Default::default()
        }
    }

    #[test]
    fn verify_accepts_only_the_password() {
        let h = PasswordHash::new("us-east-1_abc", "alice", "Passw0rd!");
        assert!(h.verify("us-east-1_abc", "alice", "Passw0rd!"));
        assert!(!h.verify("us-east-1_abc", "alice", "Passw0rd?"));
        assert!(!h.verify("us-east-1_abd", "alice", "Passw0rd!"));
        assert!(!format!("{h:?}").contains("Passw0rd"));
    }

    #[test]
    fn policy_is_enforced_and_generated_passwords_pass_it() {
        assert!(check_policy(&strict(), "short").is_err());
        assert!(check_policy(&strict(), "alllowercase1!").is_err());
        assert!(check_policy(&strict(), "Passw0rd!").is_ok());
        for _ in 0..100 {
            assert!(check_policy(&strict(), &generate_temporary(&strict())).is_ok());
        }
    }
}
