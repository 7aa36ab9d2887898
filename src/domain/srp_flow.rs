//! The server state of SRP sign-ins between a challenge and its answer (`PASSWORD_VERIFIER`,
//! `DEVICE_PASSWORD_VERIFIER`), kept per pool and keyed by the `SECRET_BLOCK` the challenge handed out.
//!
//! `SECRET_BLOCK` is opaque to clients: they echo it as `PASSWORD_CLAIM_SECRET_BLOCK` and hash it into the
//! signature. Here it is 48 random bytes (Base64) naming a [`PendingSrp`] that holds the secret `b`, the
//! client, the user and an expiry; a block answers once (taken on the first answer, right or wrong).
//! No `Session` is needed for `PASSWORD_VERIFIER`, as with AWS (pycognito sends none).

use std::sync::OnceLock;

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use rand::RngCore;

use crate::domain::password::PasswordHash;
use crate::domain::srp::{self, ServerChallenge};
use crate::domain::PoolMap;

/// What an SRP challenge proves when answered.
#[derive(Debug, Clone)]
pub enum SrpKind {
    /// The user's password; `password` is the hash the verifier came from (a password changed in between
    /// makes the answer wrong).
    User {
        /// The stored password at challenge time.
        password: PasswordHash,
    },
    /// An unknown user under `PreventUserExistenceErrors`: no answer is right.
    Simulated,
    /// A remembered device's secret.
    Device {
        /// `DeviceKey`.
        device_key: String,
        /// `DeviceGroupKey` (the "pool name" of device SRP).
        group_key: String,
    },
}

/// One open SRP challenge.
#[derive(Debug, Clone)]
pub struct PendingSrp {
    /// The exchange state (holds `b`).
    pub challenge: ServerChallenge,
    /// The app client that started it.
    pub client_id: String,
    /// Internal username (`USER_ID_FOR_SRP`), or what was typed for a simulated user.
    pub username: String,
    /// `USER_ID_FOR_SRP` as handed out (the simulated UUID for unknown users).
    pub user_id_for_srp: String,
    /// What the answer proves.
    pub kind: SrpKind,
    /// `DEVICE_KEY` given to `InitiateAuth`, if any.
    pub device_key: Option<String>,
    /// When it stops working (ms).
    pub expires_ms: i64,
}

/// The open SRP challenges of one pool.
#[derive(Debug, Clone, Default)]
pub struct SrpChallenges {
    open: PoolMap<String, PendingSrp>,
    inserts: u64,
}

impl SrpChallenges {
    /// Records a challenge under a new `SECRET_BLOCK` and returns the block. Expired challenges are
    /// dropped now and then, so abandoned sign-ins do not accumulate.
    pub fn open(&mut self, pending: PendingSrp, now_ms: i64) -> String {
        self.inserts = self.inserts.wrapping_add(1);
        if self.inserts.is_multiple_of(256) {
            self.open.retain(|_, p| p.expires_ms > now_ms);
        }
        let block = new_secret_block();
        self.open.insert(block.clone(), pending);
        block
    }

    /// Takes the live challenge of `block` (used up whether the answer is right or not).
    pub fn take(&mut self, block: &str, now_ms: i64) -> Option<PendingSrp> {
        self.open.remove(block).filter(|p| now_ms < p.expires_ms)
    }

    /// Open challenges (tests, diagnostics).
    pub fn len(&self) -> usize {
        self.open.len()
    }

    /// True if none is open.
    pub fn is_empty(&self) -> bool {
        self.open.is_empty()
    }
}

/// A new `SECRET_BLOCK`: 48 random bytes, Base64.
pub fn new_secret_block() -> String {
    let mut bytes = [0u8; 48];
    rand::thread_rng().fill_bytes(&mut bytes);
    STANDARD.encode(bytes)
}

/// The per-process secret behind the simulated salts, user ids and verifiers of unknown users: the same
/// username and client get the same answers for the life of the process.
pub fn simulation_seed() -> &'static [u8; 32] {
    static SEED: OnceLock<[u8; 32]> = OnceLock::new();
    SEED.get_or_init(|| {
        let mut s = [0u8; 32];
        rand::thread_rng().fill_bytes(&mut s);
        s
    })
}

/// How far `TIMESTAMP` may be from the server's clock: AWS asks for an answer "within a few seconds";
/// five minutes tolerates clock skew between a test machine and the emulator.
pub const TIMESTAMP_SKEW_SECS: i64 = 300;

/// True if `TIMESTAMP` is in Cognito's format and within [`TIMESTAMP_SKEW_SECS`] of `now_ms`.
pub fn timestamp_is_fresh(timestamp: &str, now_ms: i64) -> bool {
    let Some(ts) = srp::parse_timestamp(timestamp).and_then(|t| i64::try_from(t).ok()) else {
        return false;
    };
    (ts - now_ms.div_euclid(1000)).abs() <= TIMESTAMP_SKEW_SECS
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pending(expires_ms: i64) -> PendingSrp {
        let v = srp::verifier(&[1, 2, 3], &[7u8; 32]);
        let client = srp::client::SrpClient::new();
        let (challenge, _) = srp::start(&v, &client.a_hex()).unwrap();
        PendingSrp {
            challenge,
            client_id: "c".into(),
            username: "u".into(),
            user_id_for_srp: "u".into(),
            kind: SrpKind::Simulated,
            device_key: None,
            expires_ms,
        }
    }

    #[test]
    fn a_block_answers_once_and_expires() {
        let mut s = SrpChallenges::default();
        let b = s.open(pending(1000), 0);
        assert!(s.take(&b, 10).is_some());
        assert!(s.take(&b, 10).is_none());
        let b = s.open(pending(1000), 0);
        assert!(s.take(&b, 1000).is_none());
        assert!(s.is_empty());
    }

    #[test]
    fn timestamps_must_be_recent() {
        let now = 1_700_000_000_000i64;
        let ts = srp::format_timestamp(1_700_000_000);
        assert!(timestamp_is_fresh(&ts, now));
        assert!(!timestamp_is_fresh(&ts, now + 3_600_000));
        assert!(!timestamp_is_fresh("yesterday", now));
    }
}
