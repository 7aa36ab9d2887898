//! RSA signing keys. Each user pool has two RSA-2048 key pairs, as AWS (one signs ID tokens, the other
//! access tokens; their `kid`s differ). Generating a 2048-bit key takes tens to hundreds of milliseconds, so
//! `CreateUserPool` never does it: a background thread keeps a few key pairs ready ([`KeySource`]) and a pool
//! takes two of them the first time it needs keys (first token, JWKS request). When none is ready the key is
//! generated on the spot, which is slower but still correct.
//!
//! The signing key (OpenSSL) and the jsonwebtoken `DecodingKey` are built once per key and cached here, so signing and
//! verifying never re-parse key material. Signing goes through OpenSSL because its RSA-2048 private-key
//! operation is about 1.8 times as fast as ring's on this machine (2,770 against 1,530 signatures per second
//! per core), and a sign-in makes two of them.

use std::sync::{Arc, Condvar, Mutex, OnceLock};

use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine;
use jsonwebtoken::DecodingKey;
use rsa::pkcs1::EncodeRsaPrivateKey;
use rsa::traits::PublicKeyParts;
use rsa::RsaPrivateKey;
use sha2::{Digest, Sha256};

use crate::error::{CognitoError, Result};

/// How many key pairs the background thread keeps ready: two pools' worth.
pub const READY_TARGET: usize = 4;

/// One RSA key pair with its cached jsonwebtoken forms.
#[derive(Clone)]
pub struct RsaKey {
    /// The JWK `kid`: Base64 of the SHA-256 of the modulus (44 characters, like AWS's).
    pub kid: String,
    /// The JWK `n` (Base64url, no padding).
    pub n: String,
    /// The JWK `e` (Base64url, no padding; `AQAB`).
    pub e: String,
    /// PKCS#1 DER of the private key (for certificates).
    pub private_pkcs1_der: Vec<u8>,
    /// The parsed key that signs; parsing validates the key, which costs as much as a signature, so it is
    /// done once here rather than per token.
    /// (`PKey` is reference-counted by OpenSSL: clones share the key.)
    signer: openssl::pkey::PKey<openssl::pkey::Private>,
    decoding: DecodingKey,
}

impl std::fmt::Debug for RsaKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RsaKey").field("kid", &self.kid).finish()
    }
}

impl RsaKey {
    /// Generates a fresh 2048-bit key (slow: call it off the request path when possible).
    pub fn generate() -> Result<RsaKey> {
        let private =
            RsaPrivateKey::new(&mut rand::thread_rng(), 2048).map_err(CognitoError::internal)?;
        Self::from_private(&private)
    }

    /// Wraps an existing private key.
    pub fn from_private(private: &RsaPrivateKey) -> Result<RsaKey> {
        let der = private.to_pkcs1_der().map_err(CognitoError::internal)?;
        let n = private.n().to_bytes_be();
        let e = private.e().to_bytes_be();
        Ok(RsaKey {
            kid: STANDARD.encode(Sha256::digest(&n)),
            n: URL_SAFE_NO_PAD.encode(&n),
            e: URL_SAFE_NO_PAD.encode(&e),
            signer: openssl::rsa::Rsa::private_key_from_der(der.as_bytes())
                .and_then(openssl::pkey::PKey::from_rsa)
                .map_err(|e| CognitoError::internal(format!("RSA key: {e}")))?,
            decoding: DecodingKey::from_rsa_raw_components(&n, &e),
            private_pkcs1_der: der.as_bytes().to_vec(),
        })
    }

    /// Signs a JWT: `{"kid","alg":"RS256"}` header (AWS's, no `typ`), the claims, and an RS256 signature.
    pub fn sign_jwt(&self, claims: &serde_json::Map<String, serde_json::Value>) -> Result<String> {
        let header = serde_json::json!({"kid": self.kid, "alg": "RS256"});
        let header = serde_json::to_vec(&header).map_err(CognitoError::internal)?;
        let payload = serde_json::to_vec(claims).map_err(CognitoError::internal)?;
        let mut jwt = URL_SAFE_NO_PAD.encode(header);
        jwt.push('.');
        jwt.push_str(&URL_SAFE_NO_PAD.encode(payload));
        // RS256 = RSASSA-PKCS1-v1_5 with SHA-256, OpenSSL's default padding for an RSA key.
        let signature =
            openssl::sign::Signer::new(openssl::hash::MessageDigest::sha256(), &self.signer)
                .and_then(|mut signer| signer.sign_oneshot_to_vec(jwt.as_bytes()))
                .map_err(|_| CognitoError::internal("RSA signing failed"))?;
        jwt.push('.');
        jwt.push_str(&URL_SAFE_NO_PAD.encode(signature));
        Ok(jwt)
    }

    /// The verification key.
    pub fn decoding(&self) -> &DecodingKey {
        &self.decoding
    }

    /// A self-signed X.509 certificate for this key, as Base64 DER (what `GetSigningCertificate` returns).
    pub fn certificate_base64(&self, common_name: &str) -> Result<String> {
        use rsa::pkcs1::DecodeRsaPrivateKey;
        use rsa::pkcs8::EncodePrivateKey;
        let private = RsaPrivateKey::from_pkcs1_der(&self.private_pkcs1_der)
            .map_err(CognitoError::internal)?;
        let pkcs8 = private.to_pkcs8_der().map_err(CognitoError::internal)?;
        let key_pair =
            rcgen::KeyPair::try_from(pkcs8.as_bytes()).map_err(CognitoError::internal)?;
        let mut params =
            rcgen::CertificateParams::new(Vec::<String>::new()).map_err(CognitoError::internal)?;
        params
            .distinguished_name
            .push(rcgen::DnType::CommonName, common_name);
        let cert = params
            .self_signed(&key_pair)
            .map_err(CognitoError::internal)?;
        Ok(STANDARD.encode(cert.der()))
    }

    /// The public key as a JWKS entry.
    pub fn jwk(&self) -> serde_json::Value {
        serde_json::json!({
            "alg": "RS256",
            "e": self.e,
            "kid": self.kid,
            "kty": "RSA",
            "n": self.n,
            "use": "sig",
        })
    }
}

/// The two key pairs of one user pool.
#[derive(Debug)]
pub struct PoolKeys {
    /// Signs ID tokens.
    pub id: RsaKey,
    /// Signs access tokens.
    pub access: RsaKey,
}

impl PoolKeys {
    /// The key with that `kid`, if it is one of the pool's.
    pub fn by_kid(&self, kid: &str) -> Option<&RsaKey> {
        [&self.id, &self.access].into_iter().find(|k| k.kid == kid)
    }

    /// The JWKS document (`{"keys":[…]}`), ID-token key first.
    pub fn jwks(&self) -> serde_json::Value {
        serde_json::json!({ "keys": [self.id.jwk(), self.access.jwk()] })
    }
}

/// A supply of ready key pairs, refilled by a background thread.
#[derive(Debug, Default)]
pub struct KeySource {
    ready: Mutex<Vec<RsaKey>>,
    wanted: Condvar,
    /// False for a source with no background thread (tests of the fallback path).
    filled: bool,
}

impl KeySource {
    /// The process-wide source, with its background thread started on first use.
    pub fn shared() -> Arc<KeySource> {
        static SHARED: OnceLock<Arc<KeySource>> = OnceLock::new();
        Arc::clone(SHARED.get_or_init(|| {
            let source = Arc::new(KeySource {
                filled: true,
                ..KeySource::default()
            });
            let filler = Arc::clone(&source);
            let spawned = std::thread::Builder::new()
                .name("rsa-keygen".into())
                .spawn(move || filler.fill_forever());
            if let Err(e) = spawned {
                tracing::warn!(
                    "cannot start the key generation thread ({e}); keys will be made on demand"
                );
            }
            source
        }))
    }

    /// A source without a background thread: every key is generated on demand.
    pub fn on_demand() -> Arc<KeySource> {
        Arc::new(KeySource::default())
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<RsaKey>> {
        self.ready.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn fill_forever(&self) {
        // Key generation takes a core for 150-600 ms per key. It starts 50 ms after the thread, once the
        // listener is up and the models are compiled: started at once, it competed with them for the
        // two cores of a CI machine (A/B, 45 start-ups each: median 7.7 -> 7.0 ms, worst 15 -> 9 ms).
        // And it runs at the lowest priority (nice 19; per thread on Linux), on what requests leave idle.
        std::thread::sleep(std::time::Duration::from_millis(50));
        let _ = rustix::process::setpriority_process(None, 19);
        loop {
            {
                let mut ready = self.lock();
                while ready.len() >= READY_TARGET {
                    ready = self.wanted.wait(ready).unwrap_or_else(|e| e.into_inner());
                }
            }
            // Generate without holding the lock, so takers are never blocked behind key generation.
            match RsaKey::generate() {
                Ok(key) => self.lock().push(key),
                Err(_) => std::thread::sleep(std::time::Duration::from_secs(1)),
            }
        }
    }

    /// How many keys are ready now (the load tool waits for `READY_TARGET` before it measures, so key
    /// generation does not share the CPU with the measurement).
    pub fn ready_count(&self) -> usize {
        self.lock().len()
    }

    /// A ready key if there is one (fast), else `None`.
    pub fn take_ready(&self) -> Option<RsaKey> {
        let key = self.lock().pop();
        if self.filled {
            self.wanted.notify_one();
        }
        key
    }

    /// A ready key, or a freshly generated one.
    pub fn take(&self) -> Result<RsaKey> {
        match self.take_ready() {
            Some(k) => Ok(k),
            None => RsaKey::generate(),
        }
    }

    /// Two keys for a new pool.
    pub fn pool_keys(&self) -> Result<PoolKeys> {
        Ok(PoolKeys {
            id: self.take()?,
            access: self.take()?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pool_keys_differ_and_publish_as_jwks() {
        let keys = KeySource::on_demand().pool_keys().unwrap();
        assert_ne!(keys.id.kid, keys.access.kid);
        assert_eq!(keys.id.kid.len(), 44);
        assert_eq!(keys.id.e, "AQAB");
        let jwks = keys.jwks();
        assert_eq!(jwks["keys"].as_array().unwrap().len(), 2);
        assert_eq!(jwks["keys"][0]["alg"], "RS256");
        assert_eq!(jwks["keys"][0]["use"], "sig");
        assert!(keys.by_kid(&keys.access.kid).is_some());
        assert!(keys.by_kid("nope").is_none());
        let cert = STANDARD
            .decode(keys.id.certificate_base64("x").unwrap())
            .unwrap();
        // A DER SEQUENCE.
        assert_eq!(cert.first(), Some(&0x30));
    }
}
