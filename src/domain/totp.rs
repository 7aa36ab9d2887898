//! Software-token MFA: RFC 6238 TOTP (HMAC-SHA-1, 6 digits, 30-second steps), as authenticator apps and
//! Cognito use it (`AssociateSoftwareToken`, `VerifySoftwareToken`, `SOFTWARE_TOKEN_MFA`).
//!
//! Codes of the current step and of one step before or after are accepted (Cognito documents ±30 s),
//! and a step already used is refused so that a code cannot be replayed.

use rand::RngCore;
use subtle::ConstantTimeEq;
use totp_rs::{Algorithm, Secret, TOTP};

/// Length of a time step in seconds.
pub const STEP_SECS: u64 = 30;
/// Digits in a code.
pub const DIGITS: usize = 6;

/// A new secret for `AssociateSoftwareToken.SecretCode`: 20 random bytes (160 bits, RFC 4226's
/// recommendation) in unpadded upper-case base32, 32 characters as AWS returns them.
pub fn generate_secret() -> String {
    let mut bytes = vec![0u8; 20];
    rand::thread_rng().fill_bytes(&mut bytes);
    match Secret::Raw(bytes).to_encoded() {
        Secret::Encoded(s) => s,
        Secret::Raw(_) => String::new(),
    }
}

/// Decodes a base32 secret, tolerating lower case, spaces and `=` padding (as users may type it).
fn totp_for(secret_b32: &str) -> Option<TOTP> {
    let cleaned: String = secret_b32
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '=')
        .map(|c| c.to_ascii_uppercase())
        .collect();
    let bytes = Secret::Encoded(cleaned).to_bytes().ok()?;
    if bytes.is_empty() {
        return None;
    }
    // The checked constructor insists on 128-bit secrets; the length is the pool's business here.
    Some(TOTP::new_unchecked(
        Algorithm::SHA1,
        DIGITS,
        1,
        STEP_SECS,
        bytes,
    ))
}

/// The code of `secret_b32` at `time_secs` (for tests and clients); `None` if the secret is not base32.
pub fn code_at(secret_b32: &str, time_secs: u64) -> Option<String> {
    Some(totp_for(secret_b32)?.generate(time_secs))
}

/// Checks `code` against the steps `now - 30 s`, `now` and `now + 30 s`, refusing any step at or before
/// `last_used_step` (a replay). Returns the matching step (`time / 30`) for the caller to store as the
/// new `last_used_step`, or `None` if the code is wrong, malformed, replayed or the secret invalid.
pub fn verify(
    secret_b32: &str,
    code: &str,
    now_secs: u64,
    last_used_step: Option<u64>,
) -> Option<u64> {
    if code.len() != DIGITS || !code.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let totp = totp_for(secret_b32)?;
    let current = now_secs / STEP_SECS;
    let mut found = None;
    // The current step first; every candidate is computed so timing does not tell which one matched.
    for step in [
        Some(current),
        current.checked_sub(1),
        current.checked_add(1),
    ]
    .into_iter()
    .flatten()
    {
        let Some(time) = step.checked_mul(STEP_SECS) else {
            continue;
        };
        let matches = bool::from(totp.generate(time).as_bytes().ct_eq(code.as_bytes()));
        let fresh = last_used_step.is_none_or(|last| step > last);
        if matches && fresh && found.is_none() {
            found = Some(step);
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238 appendix B's SHA-1 seed, "12345678901234567890", in base32.
    const RFC_SECRET: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

    #[test]
    fn code_at_matches_rfc6238_vectors() {
        // Appendix B's 8-digit SHA-1 values, truncated to the last 6 digits (same dynamic truncation).
        for (t, code) in [
            (59u64, "287082"),
            (1_111_111_109, "081804"),
            (1_111_111_111, "050471"),
            (1_234_567_890, "005924"),
            (2_000_000_000, "279037"),
            (20_000_000_000, "353130"),
        ] {
            assert_eq!(code_at(RFC_SECRET, t).as_deref(), Some(code), "t={t}");
        }
    }

    #[test]
    fn verify_current_and_adjacent_steps_accepted() {
        let now = 1_111_111_111;
        let step = now / STEP_SECS;
        assert_eq!(verify(RFC_SECRET, "050471", now, None), Some(step));
        let previous = code_at(RFC_SECRET, now - 30).unwrap();
        assert_eq!(verify(RFC_SECRET, &previous, now, None), Some(step - 1));
        let next = code_at(RFC_SECRET, now + 30).unwrap();
        assert_eq!(verify(RFC_SECRET, &next, now, None), Some(step + 1));
    }

    #[test]
    fn verify_codes_outside_window_refused() {
        let now = 1_111_111_111;
        let old = code_at(RFC_SECRET, now - 60).unwrap();
        let future = code_at(RFC_SECRET, now + 60).unwrap();
        assert_eq!(verify(RFC_SECRET, &old, now, None), None);
        assert_eq!(verify(RFC_SECRET, &future, now, None), None);
    }

    #[test]
    fn verify_used_step_refused() {
        let now = 1_111_111_111;
        let step = verify(RFC_SECRET, "050471", now, None).unwrap();
        assert_eq!(verify(RFC_SECRET, "050471", now, Some(step)), None);
        // An older step's code is refused once a later one was used.
        let previous = code_at(RFC_SECRET, now - 30).unwrap();
        assert_eq!(verify(RFC_SECRET, &previous, now, Some(step)), None);
        let next = code_at(RFC_SECRET, now + 30).unwrap();
        assert_eq!(verify(RFC_SECRET, &next, now, Some(step)), Some(step + 1));
    }

    #[test]
    fn verify_malformed_input_refused() {
        let now = 1_111_111_111;
        for code in ["", "05047", "0504711", "05047a", " 50471", "０５０４７１"] {
            assert_eq!(verify(RFC_SECRET, code, now, None), None, "{code:?}");
        }
        assert_eq!(verify("not base32!", "050471", now, None), None);
        assert_eq!(verify("", "050471", now, None), None);
    }

    #[test]
    fn verify_tolerates_lower_case_spaced_secret() {
        let spaced = "gezd gnbv gy3t qojq gezd gnbv gy3t qojq";
        assert_eq!(
            verify(spaced, "050471", 1_111_111_111, None),
            Some(37_037_037)
        );
    }

    #[test]
    fn generated_secrets_are_32_base32_chars() {
        let s = generate_secret();
        assert_eq!(s.len(), 32);
        assert!(s
            .chars()
            .all(|c| c.is_ascii_uppercase() || ('2'..='7').contains(&c)));
        assert_ne!(s, generate_secret());
        let code = code_at(&s, 1_700_000_000).unwrap();
        assert_eq!(
            verify(&s, &code, 1_700_000_010, None),
            Some(1_700_000_000 / 30)
        );
    }
}
