//! Temporary AWS credentials issued by `GetCredentialsForIdentity` and STS `AssumeRoleWithWebIdentity`,
//! kept so that STS can verify SigV4 signatures made with them (`GetCallerIdentity`).

use rand::distributions::{Alphanumeric, DistString};
use rand::{Rng, RngCore};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

/// How long issued credentials last: one hour, as Cognito's.
pub const DEFAULT_TTL_SECS: i64 = 3600;

/// One issued credential set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssuedCredential {
    /// `ASIA` + 16 uppercase alphanumerics.
    pub access_key_id: String,
    /// 40 characters.
    pub secret_access_key: String,
    /// SHA-256 of the session token the caller must send as `x-amz-security-token`: the token itself
    /// is handed out once and not kept (it is a secret, and 340 bytes per credential).
    session_token_digest: [u8; 32],
    /// The assumed role.
    pub role_arn: String,
    /// The role session name (`CognitoIdentityCredentials` for Cognito's own sessions).
    pub session_name: String,
    /// The identity the credentials were issued to, if any.
    pub identity_id: Option<String>,
    /// Expiry, epoch milliseconds.
    pub expires_ms: i64,
}

impl IssuedCredential {
    /// True once `now_ms` has reached the expiry.
    pub fn is_expired(&self, now_ms: i64) -> bool {
        now_ms >= self.expires_ms
    }

    /// Is `token` the session token these credentials were issued with? (Constant time.)
    pub fn session_token_matches(&self, token: &str) -> bool {
        let digest: [u8; 32] = Sha256::digest(token.as_bytes()).into();
        bool::from(digest.ct_eq(&self.session_token_digest))
    }
}

/// Credentials just issued: the record kept for verification, and the session token to hand out.
#[derive(Debug, Clone)]
pub struct NewCredential {
    /// What the registry keeps.
    pub credential: IssuedCredential,
    /// The session token (only here: the registry keeps its digest).
    pub session_token: String,
}

/// The registry of issued credentials, by access key id.
#[derive(Debug, Default)]
pub struct CredentialRegistry {
    by_key: crate::store::GrowingMap<String, IssuedCredential>,
}

fn upper_alphanumerics(n: usize) -> String {
    const CHARS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    let mut rng = rand::thread_rng();
    (0..n)
        .map(|_| char::from(CHARS[rng.gen_range(0..CHARS.len())]))
        .collect()
}

impl CredentialRegistry {
    /// Issues and records a new credential set.
    pub fn issue(
        &self,
        role_arn: &str,
        session_name: &str,
        identity_id: Option<&str>,
        now_ms: i64,
        ttl_secs: i64,
    ) -> NewCredential {
        let mut rng = rand::thread_rng();
        let mut token_bytes = [0u8; 240];
        rng.fill_bytes(&mut token_bytes);
        use base64::Engine;
        let session_token = format!(
            "IQoJb3JpZ2luX2VjE{}",
            base64::engine::general_purpose::STANDARD.encode(token_bytes)
        );
        let cred = IssuedCredential {
            access_key_id: format!("ASIA{}", upper_alphanumerics(16)),
            secret_access_key: Alphanumeric.sample_string(&mut rng, 40),
            session_token_digest: Sha256::digest(session_token.as_bytes()).into(),
            role_arn: role_arn.to_owned(),
            session_name: session_name.to_owned(),
            identity_id: identity_id.map(str::to_owned),
            expires_ms: now_ms.saturating_add(ttl_secs.saturating_mul(1000)),
        };
        self.by_key.insert(cred.access_key_id.clone(), cred.clone());
        NewCredential {
            credential: cred,
            session_token,
        }
    }

    /// The credential set of an access key id, if issued here.
    pub fn get(&self, access_key_id: &str) -> Option<IssuedCredential> {
        self.by_key.get(access_key_id).map(|c| c.value().clone())
    }

    /// Forgets everything.
    pub fn clear(&self) {
        self.by_key.clear();
    }
}

/// A stable role id for a role ARN (`AROA` + 17 uppercase alphanumerics), as IAM shows in `UserId`.
pub fn role_id(role_arn: &str) -> String {
    const CHARS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let digest = Sha256::digest(role_arn.as_bytes());
    let tail: String = digest
        .iter()
        .take(17)
        .map(|b| char::from(CHARS.get(usize::from(b % 32)).copied().unwrap_or(b'A')))
        .collect();
    format!("AROA{tail}")
}

/// The role name of a role ARN (`arn:aws:iam::1:role/path/Name` → `Name`).
pub fn role_name(role_arn: &str) -> &str {
    role_arn.rsplit('/').next().unwrap_or(role_arn)
}

/// `arn:aws:sts::<account>:assumed-role/<role name>/<session>`.
pub fn assumed_role_arn(account: &str, role_arn: &str, session: &str) -> String {
    format!(
        "arn:aws:sts::{account}:assumed-role/{}/{session}",
        role_name(role_arn)
    )
}

/// The account id of an ARN, if it has one.
pub fn arn_account(arn: &str) -> Option<&str> {
    arn.split(':').nth(4).filter(|a| !a.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issued_credentials_look_like_sts_ones() {
        let r = CredentialRegistry::default();
        let new = r.issue("arn:aws:iam::1:role/Auth", "s", Some("id"), 1000, 3600);
        let c = new.credential;
        assert!(c.session_token_matches(&new.session_token));
        assert!(!c.session_token_matches(&new.session_token[1..]));
        assert!(!c.session_token_matches(""));
        assert!(c.access_key_id.starts_with("ASIA"));
        assert_eq!(c.access_key_id.len(), 20);
        assert!(c.access_key_id[4..]
            .chars()
            .all(|ch| ch.is_ascii_uppercase() || ch.is_ascii_digit()));
        assert_eq!(c.secret_access_key.len(), 40);
        assert_eq!(r.get(&c.access_key_id), Some(c.clone()));
        assert!(!c.is_expired(3_600_999));
        assert!(c.is_expired(3_601_000));
        assert_eq!(role_id("x"), role_id("x"));
        assert_eq!(role_id("x").len(), 21);
        assert_eq!(
            assumed_role_arn("123", "arn:aws:iam::123:role/p/Auth", "sess"),
            "arn:aws:sts::123:assumed-role/Auth/sess"
        );
    }
}
