//! The server side of Cognito's SRP-6a (`USER_SRP_AUTH`, `PASSWORD_VERIFIER`, device SRP), with no HTTP.
//!
//! The math follows amazon-cognito-identity-js (`AuthenticationHelper.js`) and pycognito (`aws_srp.py`),
//! as written down in the reference (§3.3):
//! - `N` = the 3072-bit group of RFC 5054 / RFC 3526, `g = 2`, `k = H(padHex(N) ‖ padHex(g))`.
//! - `padHex(n)`: the minimal big-endian bytes of `n`, with `0x00` prepended when the top bit is set.
//! - `x = H(padHex(salt) ‖ inner)` with `inner = H(poolName ‖ userIdForSrp ‖ ":" ‖ password)`, `v = g^x`.
//! - `B = k·v + g^b`, `u = H(padHex(A) ‖ padHex(B))`, `S = (A·v^u)^b`,
//!   `K = HMAC(HMAC(padHex(u), padHex(S)), "Caldera Derived Key" ‖ 0x01)[..16]`.
//! - Signature: `Base64(HMAC(K, poolName ‖ userIdForSrp ‖ secretBlock ‖ timestamp))`.
//!
//! Device SRP is the same math with `poolName → DeviceGroupKey` and `userIdForSrp → DeviceKey`, and a
//! verifier that the client computed ([`device_verifier_from_config`]).
//!
//! Usage by a sign-in flow:
//! 1. `let v = verifier(hash.srp_salt(), hash.srp_inner());` (or [`device_verifier_from_config`]);
//! 2. `let (challenge, srp_b) = start(&v, srp_a)?;` then answer `SALT = salt_hex(salt)`, `SRP_B = srp_b`,
//!    a `SECRET_BLOCK` and `USER_ID_FOR_SRP`, keeping `challenge` on the server side;
//! 3. `verify(&challenge, pool_name, user_id_for_srp, secret_block, timestamp, signature)` on the answer,
//!    plus a freshness check of the timestamp with [`parse_timestamp`].
//!
//! Speed: the server's exponents are 256 bits (`b`, `u`, `x`). Powers of the fixed `g` use a precomputed
//! table (43 products for `g^b` or `g^x`), and when the server knows `x` (user SRP), `v^u` is computed as
//! `g^(x·u)` from the same table (86 products), so an exchange costs one general 256-bit exponentiation
//! plus about 170 products. That one exponentiation goes to OpenSSL, 2 to 3 times as fast as crypto-bigint
//! here (benches/crypto.rs).
//! The table lookups are not constant-time; an emulator does not defend against local timing attacks.

use std::sync::OnceLock;

use crate::domain::digest::{hmac_sha256, sha256};
use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use crypto_bigint::modular::constant_mod::Residue;
use crypto_bigint::{Encoding, U256, U3072};
use rand::RngCore;
use subtle::ConstantTimeEq;

/// The SRP group modulus `N` (RFC 5054 3072-bit group), in upper-case hex as the reference clients write it.
pub const N_HEX: &str = concat!(
    "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD1",
    "29024E088A67CC74020BBEA63B139B22514A08798E3404DD",
    "EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245",
    "E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED",
    "EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3D",
    "C2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F",
    "83655D23DCA3AD961C62F356208552BB9ED529077096966D",
    "670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B",
    "E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9",
    "DE2BCBF6955817183995497CEA956AE515D2261898FA0510",
    "15728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64",
    "ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7",
    "ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6B",
    "F12FFA06D98A0864D87602733EC86A64521F2B18177B200C",
    "BBE117577A615D6C770988C0BAD946E208E24FA074E5AB31",
    "43DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF",
);

// `impl_modulus!` declares a `pub struct`; it stays private to this module. Its Montgomery constants are
// computed at compile time, which for 3072 bits exceeds the step count after which rustc's const evaluator
// warns (a fraction of a second of compile time).
#[allow(long_running_const_eval)]
mod group {
    crypto_bigint::impl_modulus!(GroupN, crypto_bigint::U3072, super::N_HEX);
}

/// An element of the group, in Montgomery form.
type Fe = Residue<group::GroupN, { U3072::LIMBS }>;

const N_BYTES: usize = 384;
const HKDF_INFO: &[u8] = b"Caldera Derived Key\x01";
/// Bits of the fixed-base table's exponents: `x·u` is at most 512 bits.
const TABLE_EXP_BITS: usize = 512;
const WINDOW: usize = 6;
/// The longest `SRP_A` accepted, in hex digits (a 3072-bit number with generous leading zeros).
const MAX_A_HEX: usize = 2 * N_BYTES + 64;

/// Why an SRP input was refused. The sign-in flow maps all of them to Cognito's errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SrpError {
    /// `SRP_A` is not hexadecimal, is empty, or is longer than the group allows.
    InvalidA,
    /// `A mod N == 0`: the SRP safety check (RFC 5054 §2.5.4).
    ZeroA,
    /// A `DeviceSecretVerifierConfig` member is not base64, or its verifier is 0 or not below `N`.
    InvalidVerifier,
    /// A `DeviceSecretVerifierConfig.Salt` is not base64, is empty, or is longer than 64 bytes.
    InvalidSalt,
}

impl std::fmt::Display for SrpError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            SrpError::InvalidA => "SRP_A is not a valid hexadecimal number",
            SrpError::ZeroA => "SRP_A mod N is 0",
            SrpError::InvalidVerifier => "invalid password verifier",
            SrpError::InvalidSalt => "invalid salt",
        })
    }
}

impl std::error::Error for SrpError {}

// ---------------------------------------------------------------------------------------------
// Encodings

fn strip_leading_zeros(bytes: &[u8]) -> &[u8] {
    let first = bytes.iter().position(|b| *b != 0).unwrap_or(bytes.len());
    bytes.get(first..).unwrap_or_default()
}

/// `padHex` as bytes: the minimal big-endian bytes of the number, `0x00` first when the top bit is set.
fn pad_bytes(be: &[u8]) -> Vec<u8> {
    let min = strip_leading_zeros(be);
    let mut out = Vec::with_capacity(min.len() + 1);
    if min.first().is_none_or(|b| *b >= 0x80) {
        out.push(0);
    }
    out.extend_from_slice(min);
    out
}

fn hex_lower(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(char::from(DIGITS[usize::from(b >> 4)]));
        s.push(char::from(DIGITS[usize::from(b & 0xf)]));
    }
    s
}

/// Minimal lower-case hex of a big-endian number (`"0"` for zero), as `BigInteger.toString(16)` writes it.
fn minimal_hex(be: &[u8]) -> String {
    let min = strip_leading_zeros(be);
    let s = hex_lower(min);
    match s.strip_prefix('0') {
        Some(rest) if !rest.is_empty() => rest.to_string(),
        Some(_) => s,
        None if s.is_empty() => "0".to_string(),
        None => s,
    }
}

/// Parses hex of any length (odd lengths too, as `int(s, 16)` does) into big-endian bytes.
fn parse_hex(s: &str) -> Option<Vec<u8>> {
    if s.is_empty() {
        return None;
    }
    let digit = |c: u8| {
        char::from(c)
            .to_digit(16)
            .and_then(|d| u8::try_from(d).ok())
    };
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len() / 2 + 1);
    let (head, rest) = if bytes.len() % 2 == 1 {
        bytes.split_at(1)
    } else {
        bytes.split_at(0)
    };
    if let Some(c) = head.first() {
        out.push(digit(*c)?);
    }
    for pair in rest.chunks_exact(2) {
        let (hi, lo) = (pair.first()?, pair.get(1)?);
        out.push((digit(*hi)? << 4) | digit(*lo)?);
    }
    Some(out)
}

/// A big-endian number of at most 384 significant bytes as a `U3072`.
fn uint_from_be(be: &[u8]) -> Option<U3072> {
    let min = strip_leading_zeros(be);
    if min.len() > N_BYTES {
        return None;
    }
    let mut buf = [0u8; N_BYTES];
    let start = N_BYTES - min.len();
    buf.get_mut(start..)?.copy_from_slice(min);
    Some(U3072::from_be_slice(&buf))
}

fn u256_from_hash(h: &[u8; 32]) -> U256 {
    U256::from_be_slice(h)
}

/// `N`, parsed at compile time (it is read on every exchange).
const MODULUS: U3072 = U3072::from_be_hex(N_HEX);

fn fe_bytes(fe: &Fe) -> [u8; N_BYTES] {
    fe.retrieve().to_be_bytes()
}

// ---------------------------------------------------------------------------------------------
// Group helpers

/// `k = H(padHex(N) ‖ padHex(g))`, as an element.
fn k_elem() -> &'static Fe {
    static K: OnceLock<Fe> = OnceLock::new();
    K.get_or_init(|| {
        let n = MODULUS.to_be_bytes();
        let h = sha256(&[&pad_bytes(&n), &[2u8]]);
        let mut buf = [0u8; N_BYTES];
        if let Some(tail) = buf.get_mut(N_BYTES - 32..) {
            tail.copy_from_slice(&h);
        }
        Fe::new(&U3072::from_be_slice(&buf))
    })
}

/// Entries per row of the table: the non-zero values of a window.
const ROW: usize = (1 << WINDOW) - 1;

/// `entries[i·ROW + j - 1] = g^(j · 2^(WINDOW·i))`: a power of `g` with an exponent below `2^512` is a
/// product of at most 86 entries. 86 × 63 entries of 384 bytes (2 MB), built on first use.
struct GTable {
    entries: Vec<Fe>,
}

fn g_table() -> &'static GTable {
    static T: OnceLock<GTable> = OnceLock::new();
    T.get_or_init(|| {
        let n_rows = TABLE_EXP_BITS.div_ceil(WINDOW);
        let mut entries = Vec::with_capacity(n_rows * ROW);
        let mut base = Fe::new(&U3072::from_u8(2));
        for _ in 0..n_rows {
            let mut acc = base;
            for _ in 0..ROW {
                entries.push(acc);
                acc = acc.mul(&base);
            }
            // acc = base^(2^WINDOW) after the loop.
            base = acc;
        }
        GTable { entries }
    })
}

/// Bits `[bit, bit + WINDOW)` of a big-endian number (bits past its end are 0).
fn window_at(exp_be: &[u8], bit: usize) -> usize {
    (0..WINDOW).fold(0, |acc, k| {
        let pos = bit + k;
        let byte = exp_be
            .len()
            .checked_sub(pos / 8 + 1)
            .and_then(|i| exp_be.get(i))
            .copied()
            .unwrap_or(0);
        acc | (usize::from((byte >> (pos % 8)) & 1) << k)
    })
}

/// `g^e` for a big-endian exponent of at most 64 bytes.
fn g_pow(exp_be: &[u8]) -> Fe {
    let table = g_table();
    let mut acc = Fe::ONE;
    for row in 0..(exp_be.len() * 8).div_ceil(WINDOW) {
        let w = window_at(exp_be, row * WINDOW);
        if w == 0 {
            continue;
        }
        if let Some(entry) = table.entries.get(row * ROW + w - 1) {
            acc = acc.mul(entry);
        }
    }
    acc
}

// ---------------------------------------------------------------------------------------------
// Verifier

/// What the server knows of a password (or a device secret): `v = g^x`, and `x` itself when the server
/// derived `v` (user SRP), which makes [`verify`] cheaper. Debug output is redacted.
#[derive(Clone)]
pub struct Verifier {
    v: Fe,
    x: Option<U256>,
}

impl std::fmt::Debug for Verifier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Verifier(..)")
    }
}

impl Verifier {
    /// `padHex(v)` as bytes, the form `DeviceSecretVerifierConfig.PasswordVerifier` base64-encodes.
    pub fn to_padded_bytes(&self) -> Vec<u8> {
        pad_bytes(&fe_bytes(&self.v))
    }
}

/// The SRP private key `x = H(padHex(salt) ‖ srp_inner)`, with the salt read as a big-endian number
/// (leading zero bytes do not count, as clients parse `SALT` as a number).
fn private_key(salt: &[u8], srp_inner: &[u8; 32]) -> U256 {
    u256_from_hash(&sha256(&[&pad_bytes(salt), srp_inner]))
}

/// The verifier of a user: `v = g^x` with `x = H(padHex(salt) ‖ srp_inner)`, where `srp_inner` is
/// `PasswordHash::srp_inner` and `salt` is `PasswordHash::srp_salt` (43 modular products: cheap enough to
/// compute at every sign-in).
pub fn verifier(salt: &[u8], srp_inner: &[u8; 32]) -> Verifier {
    let x = private_key(salt, srp_inner);
    Verifier {
        v: g_pow(&x.to_be_bytes()),
        x: Some(x),
    }
}

/// The canonical `SALT` challenge parameter: the salt's minimal lower-case hex (no leading zeros).
///
/// amazon-cognito-identity-js parses `SALT` as a number (dropping leading zeros) and pads it, while
/// pycognito pads the string it gets; with the minimal form both hash `padHex(salt)` the same way.
pub fn salt_hex(salt: &[u8]) -> String {
    minimal_hex(salt)
}

/// Reads a `DeviceSecretVerifierConfig` (`ConfirmDevice`): `PasswordVerifier = b64(padHex(v))`,
/// `Salt = b64(padHex(salt))`. Returns the verifier and the salt's big-endian bytes (to be given back
/// as `SALT` with [`salt_hex`] in `DEVICE_PASSWORD_VERIFIER`).
pub fn device_verifier_from_config(
    password_verifier_b64: &str,
    salt_b64: &str,
) -> Result<(Verifier, Vec<u8>), SrpError> {
    let v_bytes = B64
        .decode(password_verifier_b64.trim())
        .map_err(|_| SrpError::InvalidVerifier)?;
    let v = uint_from_be(&v_bytes).ok_or(SrpError::InvalidVerifier)?;
    if v == U3072::ZERO || v >= MODULUS {
        return Err(SrpError::InvalidVerifier);
    }
    let salt = B64
        .decode(salt_b64.trim())
        .map_err(|_| SrpError::InvalidSalt)?;
    let salt = strip_leading_zeros(&salt).to_vec();
    if salt.is_empty() || salt.len() > 64 {
        return Err(SrpError::InvalidSalt);
    }
    Ok((
        Verifier {
            v: Fe::new(&v),
            x: None,
        },
        salt,
    ))
}

// ---------------------------------------------------------------------------------------------
// Exchange

/// The server's state between the `PASSWORD_VERIFIER` challenge and its answer (keep it server-side or
/// in an encrypted blob; it holds the secret `b`). Debug output is redacted.
#[derive(Clone)]
pub struct ServerChallenge {
    b: U256,
    a: Fe,
    u: [u8; 32],
    verifier: Verifier,
}

impl std::fmt::Debug for ServerChallenge {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ServerChallenge(..)")
    }
}

/// Parses `SRP_A` and checks `A mod N != 0`. Returns `A mod N` and `padHex(A)` (as the client hashes it).
fn parse_a(a_hex: &str) -> Result<(Fe, Vec<u8>), SrpError> {
    if a_hex.len() > MAX_A_HEX {
        return Err(SrpError::InvalidA);
    }
    let bytes = parse_hex(a_hex).ok_or(SrpError::InvalidA)?;
    let a = uint_from_be(&bytes).ok_or(SrpError::InvalidA)?;
    let n = MODULUS;
    // A < 2^3072 < 2N, so one subtraction reduces it.
    let reduced = if a >= n { a.wrapping_sub(&n) } else { a };
    if reduced == U3072::ZERO {
        return Err(SrpError::ZeroA);
    }
    Ok((Fe::new(&reduced), pad_bytes(&bytes)))
}

/// Starts an exchange: checks the client's `SRP_A`, draws `b` and returns the state with `SRP_B`
/// (minimal lower-case hex). `InvalidA` for non-hex input, `ZeroA` when `A mod N == 0`.
pub fn start(verifier: &Verifier, a_hex: &str) -> Result<(ServerChallenge, String), SrpError> {
    let mut rng = rand::thread_rng();
    loop {
        let mut b = [0u8; 32];
        rng.fill_bytes(&mut b);
        if let Some(done) = start_with_b(verifier, a_hex, &b)? {
            return Ok(done);
        }
    }
}

/// [`start`] with a given `b`; `Ok(None)` when that `b` makes `u` or `b` zero (draw another).
fn start_with_b(
    verifier: &Verifier,
    a_hex: &str,
    b: &[u8; 32],
) -> Result<Option<(ServerChallenge, String)>, SrpError> {
    let (a, a_padded) = parse_a(a_hex)?;
    let b_int = U256::from_be_slice(b);
    if b_int == U256::ZERO {
        return Ok(None);
    }
    let big_b = k_elem().mul(&verifier.v).add(&g_pow(b));
    let big_b_bytes = fe_bytes(&big_b);
    let u = sha256(&[&a_padded, &pad_bytes(&big_b_bytes)]);
    if u == [0u8; 32] {
        return Ok(None);
    }
    Ok(Some((
        ServerChallenge {
            b: b_int,
            a,
            u,
            verifier: verifier.clone(),
        },
        minimal_hex(&big_b_bytes),
    )))
}

/// The shared secret `S = (A·v^u)^b`, as `padHex(S)` bytes.
fn shared_secret(ch: &ServerChallenge) -> Vec<u8> {
    let u = u256_from_hash(&ch.u);
    let v_u = match ch.verifier.x {
        Some(x) => {
            // v^u = g^(x·u): x·u < 2^512 fits the table.
            let (lo, hi) = x.mul_wide(&u);
            let mut e = [0u8; 64];
            let (e_hi, e_lo) = e.split_at_mut(32);
            e_hi.copy_from_slice(&hi.to_be_bytes());
            e_lo.copy_from_slice(&lo.to_be_bytes());
            g_pow(&e)
        }
        // Device SRP: the server has only v.
        None => pow(&ch.verifier.v, &u),
    };
    pad_bytes(&fe_bytes(&pow(&ch.a.mul(&v_u), &ch.b)))
}

/// `base^e` with OpenSSL ([`pow_openssl`]), or crypto-bigint if OpenSSL fails.
fn pow(base: &Fe, e: &U256) -> Fe {
    match pow_openssl(base, e) {
        Some(bytes) => Fe::new(&U3072::from_be_slice(&bytes)),
        None => base.pow_bounded_exp(e, 256),
    }
}

/// `base^e mod N` by OpenSSL's Montgomery exponentiation, the one general exponentiation of an exchange:
/// 2.5 to 3 times as fast as crypto-bigint's constant-time ladder here (benches/crypto.rs). `None` only
/// when OpenSSL cannot allocate, and the caller then computes it with crypto-bigint.
fn pow_openssl(base: &Fe, e: &U256) -> Option<[u8; N_BYTES]> {
    mod_exp_be(&fe_bytes(base), &e.to_be_bytes(), &MODULUS.to_be_bytes())?
        .try_into()
        .ok()
}

/// `base^e mod n` on big-endian numbers with OpenSSL, the answer padded to the length of `n`; `None` only
/// when OpenSSL cannot allocate. Shared by the server and the in-tree client.
fn mod_exp_be(base: &[u8], e: &[u8], n: &[u8]) -> Option<Vec<u8>> {
    use openssl::bn::{BigNum, BigNumContext};
    let mut ctx = BigNumContext::new().ok()?;
    let mut r = BigNum::new().ok()?;
    let modulus = BigNum::from_slice(n).ok()?;
    r.mod_exp(
        &*BigNum::from_slice(base).ok()?,
        &*BigNum::from_slice(e).ok()?,
        &modulus,
        &mut ctx,
    )
    .ok()?;
    r.to_vec_padded(i32::try_from(n.len()).ok()?).ok()
}

/// The keys a client may have derived: `K` with the HKDF salt `padHex(u)` (pycognito, Amplify, current
/// amazon-cognito-identity-js), and, when it differs, with the full 32-byte hash (older
/// amazon-cognito-identity-js hashed `padHex` of the 64-digit hex string of `u`, keeping its leading zeros).
fn derived_keys(ch: &ServerChallenge) -> Vec<[u8; 16]> {
    let ikm = shared_secret(ch);
    let hkdf = |salt: &[u8]| {
        let prk = hmac_sha256(salt, &[&ikm]);
        let okm = hmac_sha256(&prk, &[HKDF_INFO]);
        let mut k = [0u8; 16];
        k.copy_from_slice(okm.get(..16).unwrap_or(&[0u8; 16]));
        k
    };
    let canonical = pad_bytes(&ch.u);
    let legacy = if ch.u.first().is_some_and(|b| *b >= 0x80) {
        pad_bytes(&ch.u)
    } else {
        ch.u.to_vec()
    };
    let mut keys = vec![hkdf(&canonical)];
    if legacy != canonical {
        keys.push(hkdf(&legacy));
    }
    keys
}

/// Checks `PASSWORD_CLAIM_SIGNATURE`: `Base64(HMAC(K, pool_name ‖ user_id ‖ secretBlock ‖ timestamp))`.
///
/// `pool_name` is the part of the pool id after `_` (`password::srp_pool_name`), or the `DeviceGroupKey`
/// for device SRP; `user_id` is `USER_ID_FOR_SRP`, or the `DeviceKey`. `secret_block_b64` is the
/// `PASSWORD_CLAIM_SECRET_BLOCK` as received, `timestamp` the `TIMESTAMP` verbatim (check its freshness
/// separately with [`parse_timestamp`]). Compared in constant time; false for malformed base64.
pub fn verify(
    challenge: &ServerChallenge,
    pool_name: &str,
    user_id: &str,
    secret_block_b64: &str,
    timestamp: &str,
    claimed_signature_b64: &str,
) -> bool {
    let Ok(block) = B64.decode(secret_block_b64) else {
        return false;
    };
    let Ok(claimed) = B64.decode(claimed_signature_b64) else {
        return false;
    };
    if claimed.len() != 32 {
        return false;
    }
    let mut ok = subtle::Choice::from(0u8);
    for k in derived_keys(challenge) {
        let expected = hmac_sha256(
            &k,
            &[
                pool_name.as_bytes(),
                user_id.as_bytes(),
                &block,
                timestamp.as_bytes(),
            ],
        );
        ok |= expected.ct_eq(claimed.as_slice());
    }
    bool::from(ok)
}

// ---------------------------------------------------------------------------------------------
// Unknown users (PreventUserExistenceErrors)

fn simulated(seed: &[u8], purpose: &[u8], username: &str, client_id: &str) -> [u8; 32] {
    hmac_sha256(
        seed,
        &[
            purpose,
            b"\0",
            username.as_bytes(),
            b"\0",
            client_id.as_bytes(),
        ],
    )
}

/// A salt for an unknown user that is the same for the same `username` and `client_id` (Cognito's
/// simulated SRP answer); `seed` is a per-process secret.
pub fn simulated_salt(seed: &[u8], username: &str, client_id: &str) -> [u8; 16] {
    let h = simulated(seed, b"salt", username, client_id);
    let mut salt = [0u8; 16];
    salt.copy_from_slice(h.get(..16).unwrap_or(&[0u8; 16]));
    salt
}

/// A `USER_ID_FOR_SRP` in UUID form for an unknown user, stable for the same `username` and `client_id`.
pub fn simulated_user_id(seed: &[u8], username: &str, client_id: &str) -> String {
    let h = simulated(seed, b"user-id", username, client_id);
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(h.get(..16).unwrap_or(&[0u8; 16]));
    uuid::Builder::from_random_bytes(bytes)
        .into_uuid()
        .to_string()
}

/// A verifier for an unknown user, stable for the same `username` and `client_id`, so that `SRP_B` is
/// computed exactly as for a real user; no password matches it.
pub fn simulated_verifier(seed: &[u8], username: &str, client_id: &str) -> Verifier {
    let inner = simulated(seed, b"verifier", username, client_id);
    verifier(&simulated_salt(seed, username, client_id), &inner)
}

// ---------------------------------------------------------------------------------------------
// TIMESTAMP

const WEEKDAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's `days_from_civil`).
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = i64::from((m + 9) % 12);
    let doy = (153 * mp + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date of a day count since 1970-01-01 (H. Hinnant's `civil_from_days`).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = u32::try_from(doy - (153 * mp + 2) / 5 + 1).unwrap_or(1);
    let m = u32::try_from(if mp < 10 { mp + 3 } else { mp - 9 }).unwrap_or(1);
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// A `TIMESTAMP` in Cognito's format, `"EEE MMM d HH:mm:ss UTC yyyy"`, day of month not zero-padded
/// (`"Wed Apr 5 22:42:34 UTC 2017"`), as the reference clients produce it.
pub fn format_timestamp(epoch_secs: u64) -> String {
    let secs = i64::try_from(epoch_secs).unwrap_or(i64::MAX / 2);
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    let weekday = WEEKDAYS
        .get(usize::try_from((days + 4).rem_euclid(7)).unwrap_or(0))
        .unwrap_or(&"Thu");
    let month = MONTHS
        .get(usize::try_from(m.saturating_sub(1)).unwrap_or(0))
        .unwrap_or(&"Jan");
    format!(
        "{weekday} {month} {d} {:02}:{:02}:{:02} UTC {y}",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// Reads a `TIMESTAMP` back to epoch seconds, accepting a zero-padded or unpadded day (and any run of
/// spaces), so that a flow can check it is recent. `None` if it is not in Cognito's format.
pub fn parse_timestamp(s: &str) -> Option<u64> {
    let mut parts = s.split_ascii_whitespace();
    let (weekday, month, day, time, zone, year) = (
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
    );
    if parts.next().is_some() || zone != "UTC" || !WEEKDAYS.contains(&weekday) {
        return None;
    }
    let m = u32::try_from(MONTHS.iter().position(|x| *x == month)? + 1).ok()?;
    let digits = |t: &str, min: usize, max: usize| -> Option<u32> {
        if t.len() < min || t.len() > max || !t.bytes().all(|c| c.is_ascii_digit()) {
            return None;
        }
        t.parse().ok()
    };
    let d = digits(day, 1, 2)?;
    let y = i64::from(digits(year, 4, 4)?);
    let mut hms = time.split(':');
    let (h, mi, sec) = (
        digits(hms.next()?, 2, 2)?,
        digits(hms.next()?, 2, 2)?,
        digits(hms.next()?, 2, 2)?,
    );
    if hms.next().is_some() || h > 23 || mi > 59 || sec > 60 || y < 1970 {
        return None;
    }
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let month_days = match m {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    if d == 0 || d > month_days {
        return None;
    }
    let secs = days_from_civil(y, m, d) * 86_400
        + i64::from(h) * 3600
        + i64::from(mi) * 60
        + i64::from(sec);
    u64::try_from(secs).ok()
}

// ---------------------------------------------------------------------------------------------
// Client

/// The client side of Cognito SRP, written after pycognito's `aws_srp.py` (string `padHex`, Python-style
/// integers) on `num-bigint`, independent of the server's arithmetic. For tests, the load tool and
/// conformance checks; not used by the server.
pub mod client {
    use base64::Engine;
    use num_bigint::BigUint;
    use rand::RngCore;
    use sha2::{Digest, Sha256};

    use super::{hmac_sha256, SrpError, B64, HKDF_INFO, N_HEX};

    fn n() -> BigUint {
        BigUint::parse_bytes(N_HEX.as_bytes(), 16).unwrap_or_default()
    }

    /// `base^e mod n`. OpenSSL's exponentiation is 2 to 3 times as fast as num-bigint's, which matters for
    /// the load tool (its client math shares the machine with the server); num-bigint when OpenSSL fails.
    fn modpow(base: &BigUint, e: &BigUint, n: &BigUint) -> BigUint {
        super::mod_exp_be(&base.to_bytes_be(), &e.to_bytes_be(), &n.to_bytes_be())
            .map(|r| BigUint::from_bytes_be(&r))
            .unwrap_or_else(|| base.modpow(e, n))
    }

    fn hash_hex(bytes: &[u8]) -> String {
        super::hex_lower(&Sha256::digest(bytes))
    }

    fn hex_hash(hex: &str) -> String {
        hash_hex(&hex_to_bytes(hex))
    }

    fn hex_to_bytes(hex: &str) -> Vec<u8> {
        super::parse_hex(hex).unwrap_or_default()
    }

    fn long_to_hex(n: &BigUint) -> String {
        n.to_str_radix(16)
    }

    /// pycognito's `pad_hex` on a hex string.
    fn pad_hex_str(s: &str) -> String {
        if s.len() % 2 == 1 {
            format!("0{s}")
        } else if s.starts_with(|c: char| "89ABCDEFabcdef".contains(c)) {
            format!("00{s}")
        } else {
            s.to_string()
        }
    }

    fn pad_hex(n: &BigUint) -> String {
        pad_hex_str(&long_to_hex(n))
    }

    fn hex_to_long(s: &str) -> Option<BigUint> {
        BigUint::parse_bytes(s.as_bytes(), 16)
    }

    /// One client sign-in attempt: the random `a` and `A = g^a`.
    pub struct SrpClient {
        small_a: BigUint,
        large_a: BigUint,
    }

    impl SrpClient {
        /// A client with a random 128-byte `a` (as pycognito draws it).
        pub fn new() -> SrpClient {
            let mut bytes = [0u8; 128];
            rand::thread_rng().fill_bytes(&mut bytes);
            SrpClient::with_a(&BigUint::from_bytes_be(&bytes))
        }

        /// A client with a given `a` (fixed test vectors).
        pub fn with_a(a: &BigUint) -> SrpClient {
            let n = n();
            let small_a = a % &n;
            let large_a = modpow(&BigUint::from(2u32), &small_a, &n);
            SrpClient { small_a, large_a }
        }

        /// `SRP_A`: `A` in unpadded lower-case hex.
        pub fn a_hex(&self) -> String {
            long_to_hex(&self.large_a)
        }

        /// The password authentication key `K` (pycognito's `get_password_authentication_key`).
        /// `pool_name` is the pool-id suffix or the DeviceGroupKey, `user_id` the `USER_ID_FOR_SRP` or
        /// DeviceKey, `salt_hex`/`b_hex` the challenge's `SALT`/`SRP_B`.
        pub fn key(
            &self,
            pool_name: &str,
            user_id: &str,
            password: &str,
            salt_hex: &str,
            b_hex: &str,
        ) -> Result<[u8; 16], SrpError> {
            let n = n();
            let g = BigUint::from(2u32);
            let k = hex_to_long(&hex_hash(&format!("00{N_HEX}02"))).ok_or(SrpError::InvalidA)?;
            let big_b = hex_to_long(b_hex).ok_or(SrpError::InvalidA)?;
            if (&big_b % &n) == BigUint::default() {
                return Err(SrpError::ZeroA);
            }
            let u_hex = hex_hash(&(pad_hex(&self.large_a) + &pad_hex(&big_b)));
            let u = hex_to_long(&u_hex).ok_or(SrpError::InvalidA)?;
            if u == BigUint::default() {
                return Err(SrpError::ZeroA);
            }
            let inner = hash_hex(format!("{pool_name}{user_id}:{password}").as_bytes());
            let x = hex_to_long(&hex_hash(&(pad_hex_str(salt_hex) + &inner)))
                .ok_or(SrpError::InvalidSalt)?;
            let g_x = modpow(&g, &x, &n);
            // (B - k·g^x) mod N, kept non-negative.
            let kgx = (&k * &g_x) % &n;
            let base = ((&big_b % &n) + &n - kgx) % &n;
            let s = modpow(&base, &(&self.small_a + &u * &x), &n);
            let prk = hmac_sha256(&hex_to_bytes(&pad_hex(&u)), &[&hex_to_bytes(&pad_hex(&s))]);
            let okm = hmac_sha256(&prk, &[HKDF_INFO]);
            let mut key = [0u8; 16];
            key.copy_from_slice(okm.get(..16).unwrap_or(&[0u8; 16]));
            Ok(key)
        }

        /// `PASSWORD_CLAIM_SIGNATURE` (pycognito's `process_challenge`).
        #[allow(clippy::too_many_arguments)]
        pub fn signature(
            &self,
            pool_name: &str,
            user_id: &str,
            password: &str,
            salt_hex: &str,
            b_hex: &str,
            secret_block_b64: &str,
            timestamp: &str,
        ) -> Result<String, SrpError> {
            let key = self.key(pool_name, user_id, password, salt_hex, b_hex)?;
            let block = B64
                .decode(secret_block_b64)
                .map_err(|_| SrpError::InvalidSalt)?;
            let mac = hmac_sha256(
                &key,
                &[
                    pool_name.as_bytes(),
                    user_id.as_bytes(),
                    &block,
                    timestamp.as_bytes(),
                ],
            );
            Ok(B64.encode(mac))
        }
    }

    impl Default for SrpClient {
        fn default() -> Self {
            SrpClient::new()
        }
    }

    /// A new device secret, as amazon-cognito-identity-js's `generateHashDevice` makes it for
    /// `ConfirmDevice`: returns `(device_password, PasswordVerifier, Salt)` (the last two base64).
    pub fn device_secret(device_group_key: &str, device_key: &str) -> (String, String, String) {
        let mut pw = [0u8; 40];
        let mut salt = [0u8; 16];
        let mut rng = rand::thread_rng();
        rng.fill_bytes(&mut pw);
        rng.fill_bytes(&mut salt);
        let password = B64.encode(pw);
        let (v, s) = device_config(device_group_key, device_key, &password, &salt);
        (password, v, s)
    }

    /// The `DeviceSecretVerifierConfig` of a given device password and salt: `(PasswordVerifier, Salt)`.
    pub fn device_config(
        device_group_key: &str,
        device_key: &str,
        password: &str,
        salt: &[u8],
    ) -> (String, String) {
        let n = n();
        let salt_padded = pad_hex(&BigUint::from_bytes_be(salt));
        let inner = hash_hex(format!("{device_group_key}{device_key}:{password}").as_bytes());
        let x = hex_to_long(&hex_hash(&(salt_padded.clone() + &inner))).unwrap_or_default();
        let v = modpow(&BigUint::from(2u32), &x, &n);
        (
            B64.encode(hex_to_bytes(&pad_hex(&v))),
            B64.encode(hex_to_bytes(&salt_padded)),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::client::SrpClient;
    use super::*;
    use num_bigint::BigUint;
    use sha2::Digest;

    fn inner(pool: &str, user: &str, pw: &str) -> [u8; 32] {
        sha256(&[pool.as_bytes(), user.as_bytes(), b":", pw.as_bytes()])
    }

    const BLOCK: &str = "c2VjcmV0LWJsb2NrLWJ5dGVz";

    /// One sign-in: server start, client signature, server verify.
    fn exchange(salt: &[u8], server_pw: &str, client_pw: &str, ts: &str) -> bool {
        let v = verifier(salt, &inner("pool", "alice", server_pw));
        let client = SrpClient::new();
        let (ch, b_hex) = start(&v, &client.a_hex()).unwrap();
        let sig = client
            .signature(
                "pool",
                "alice",
                client_pw,
                &salt_hex(salt),
                &b_hex,
                BLOCK,
                ts,
            )
            .unwrap();
        verify(&ch, "pool", "alice", BLOCK, ts, &sig)
    }

    /// Exchanges whose client side is pycognito's own code, generated by `fixtures/srp/generate.py`.
    fn vectors() -> serde_json::Value {
        serde_json::from_str(include_str!("../../fixtures/srp/vectors.json")).unwrap()
    }

    fn hex32(s: &str) -> [u8; 32] {
        parse_hex(s).unwrap().try_into().unwrap()
    }

    #[test]
    fn pycognito_vectors_accepted_and_wrong_password_refused() {
        let all = vectors();
        let cases = all["user"].as_array().unwrap();
        assert!(cases.len() >= 6);
        for case in cases {
            let field = |k: &str| case[k].as_str().unwrap().to_string();
            let name = field("name");
            let salt = parse_hex(&field("salt_bytes")).unwrap();
            assert_eq!(salt.len(), 16, "{name}");
            assert_eq!(salt_hex(&salt), field("salt_param"), "{name}");
            let (pool, user) = (field("pool_name"), field("user_id"));
            let v = verifier(&salt, &inner(&pool, &user, &field("password")));
            let (ch, b_hex) = start_with_b(&v, &field("srp_a"), &hex32(&field("b")))
                .unwrap()
                .unwrap();
            assert_eq!(b_hex, field("srp_b"), "{name}");
            assert_eq!(hex_lower(&ch.u), field("u"), "{name}");
            let (block, ts) = (field("secret_block"), field("timestamp"));
            assert!(parse_timestamp(&ts).is_some(), "{name}");
            assert!(
                verify(&ch, &pool, &user, &block, &ts, &field("signature")),
                "{name}"
            );
            assert!(
                !verify(
                    &ch,
                    &pool,
                    &user,
                    &block,
                    &ts,
                    &field("wrong_password_signature")
                ),
                "{name}"
            );
            // The same exchange through the device path (no x known to the server) agrees.
            let device_like = Verifier { v: v.v, x: None };
            let (ch2, b2) = start_with_b(&device_like, &field("srp_a"), &hex32(&field("b")))
                .unwrap()
                .unwrap();
            assert_eq!(b2, b_hex);
            assert!(
                verify(&ch2, &pool, &user, &block, &ts, &field("signature")),
                "{name}"
            );
            // Our client, given pycognito's `a` (generate.py's `det(name + "/a", 128)`), signs alike.
            let label = format!("{name}/a");
            let mut a = Vec::new();
            for i in 0..2 {
                a.extend_from_slice(&sha2::Sha512::digest(format!("{label}/{i}").as_bytes()));
            }
            let ours = SrpClient::with_a(&BigUint::from_bytes_be(&a));
            assert_eq!(ours.a_hex(), field("srp_a"), "{name}");
            let sig = ours
                .signature(
                    &pool,
                    &user,
                    &field("password"),
                    &field("salt_param"),
                    &b_hex,
                    &block,
                    &ts,
                )
                .unwrap();
            assert_eq!(sig, field("signature"), "{name}");
            if let Some(legacy) = case.get("legacy_acij_signature") {
                let legacy = legacy.as_str().unwrap();
                assert_ne!(legacy, field("signature"));
                assert!(verify(&ch, &pool, &user, &block, &ts, legacy), "{name}");
            }
        }
        assert!(cases
            .iter()
            .any(|c| c["timestamp"].as_str().unwrap().contains(" 5 ")));
        assert!(cases
            .iter()
            .any(|c| c.get("legacy_acij_signature").is_some()));
    }

    #[test]
    fn pycognito_device_vector_accepted() {
        let all = vectors();
        let case = &all["device"];
        let field = |k: &str| case[k].as_str().unwrap().to_string();
        let (v, salt) =
            device_verifier_from_config(&field("password_verifier"), &field("salt")).unwrap();
        assert_eq!(salt_hex(&salt), field("salt_param"));
        let (ch, b_hex) = start_with_b(&v, &field("srp_a"), &hex32(&field("b")))
            .unwrap()
            .unwrap();
        assert_eq!(b_hex, field("srp_b"));
        let (group, key) = (field("device_group_key"), field("device_key"));
        let (block, ts) = (field("secret_block"), field("timestamp"));
        assert!(verify(&ch, &group, &key, &block, &ts, &field("signature")));
        assert!(!verify(&ch, &key, &group, &block, &ts, &field("signature")));
        // Our own client reproduces pycognito's signature from the same a.
        let (pv, salt_b64) = client::device_config(&group, &key, &field("device_password"), &salt);
        assert_eq!((pv, salt_b64), (field("password_verifier"), field("salt")));
    }

    #[test]
    fn exchange_right_password_accepted() {
        let ts = format_timestamp(1_700_000_000);
        assert!(exchange(&[0x42; 16], "Passw0rd!", "Passw0rd!", &ts));
    }

    #[test]
    fn exchange_wrong_password_refused() {
        let ts = format_timestamp(1_700_000_000);
        assert!(!exchange(&[0x42; 16], "Passw0rd!", "Passw0rd?", &ts));
    }

    #[test]
    fn exchange_salts_with_leading_zeros_and_high_bit_accepted() {
        let ts = format_timestamp(1_700_000_000);
        let mut leading_zeros = [0x11u8; 16];
        leading_zeros[0] = 0;
        leading_zeros[1] = 0;
        let mut leading_nibble = [0x99u8; 16];
        leading_nibble[0] = 0x05;
        let mut zero_then_high = [0x22u8; 16];
        zero_then_high[0] = 0;
        zero_then_high[1] = 0x9c;
        for salt in [
            leading_zeros,
            leading_nibble,
            zero_then_high,
            [0xff; 16],
            [0x80; 16],
        ] {
            assert!(exchange(&salt, "pw", "pw", &ts), "salt {salt:?}");
        }
    }

    #[test]
    fn exchange_tampered_inputs_refused() {
        let v = verifier(&[7; 16], &inner("pool", "alice", "pw"));
        let client = SrpClient::new();
        let (ch, b_hex) = start(&v, &client.a_hex()).unwrap();
        let ts = "Mon Jan 1 00:00:00 UTC 2024";
        let sig = client
            .signature(
                "pool",
                "alice",
                "pw",
                &salt_hex(&[7; 16]),
                &b_hex,
                BLOCK,
                ts,
            )
            .unwrap();
        assert!(verify(&ch, "pool", "alice", BLOCK, ts, &sig));
        assert!(!verify(
            &ch,
            "pool",
            "alice",
            BLOCK,
            "Mon Jan 01 00:00:00 UTC 2024",
            &sig
        ));
        assert!(!verify(&ch, "pool", "bob", BLOCK, ts, &sig));
        assert!(!verify(&ch, "poo", "alice", BLOCK, ts, &sig));
        assert!(!verify(&ch, "pool", "alice", "c2VjcmV0", ts, &sig));
        assert!(!verify(&ch, "pool", "alice", BLOCK, ts, "not base64!"));
        assert!(!verify(&ch, "pool", "alice", "%%%", ts, &sig));
        assert!(!verify(
            &ch,
            "pool",
            "alice",
            BLOCK,
            ts,
            &B64.encode([0u8; 32])
        ));
    }

    #[test]
    fn start_a_multiple_of_n_refused() {
        let v = verifier(&[1; 16], &[2; 32]);
        let n = BigUint::parse_bytes(N_HEX.as_bytes(), 16).unwrap();
        assert_eq!(start(&v, "0").unwrap_err(), SrpError::ZeroA);
        assert_eq!(start(&v, "0000").unwrap_err(), SrpError::ZeroA);
        assert_eq!(start(&v, N_HEX).unwrap_err(), SrpError::ZeroA);
        assert_eq!(start(&v, &n.to_str_radix(16)).unwrap_err(), SrpError::ZeroA);
        // 2N does not fit 3072 bits: refused as invalid rather than reduced.
        assert!(start(&v, &(&n * 2u32).to_str_radix(16)).is_err());
        // N + 1 ≡ 1 is a (weak but) legal A.
        assert!(start(&v, &(&n + 1u32).to_str_radix(16)).is_ok());
    }

    #[test]
    fn start_invalid_hex_refused() {
        let v = verifier(&[1; 16], &[2; 32]);
        for a in [
            "",
            "xyz",
            "12 34",
            "0x1234",
            "-1",
            &"f".repeat(MAX_A_HEX + 1),
        ] {
            assert_eq!(start(&v, a).unwrap_err(), SrpError::InvalidA, "{a:?}");
        }
        assert!(start(&v, "ABCDEF").is_ok());
    }

    #[test]
    fn b_is_minimal_hex_and_fresh() {
        let v = verifier(&[1; 16], &[2; 32]);
        let a = SrpClient::new().a_hex();
        let (_, b1) = start(&v, &a).unwrap();
        let (_, b2) = start(&v, &a).unwrap();
        assert_ne!(b1, b2);
        assert!(!b1.starts_with('0'));
        assert_eq!(b1, b1.to_lowercase());
    }

    #[test]
    fn salt_hex_is_minimal() {
        assert_eq!(salt_hex(&[0, 0, 0x0a, 0xbc]), "abc");
        assert_eq!(salt_hex(&[0x0a, 0xbc]), "abc");
        assert_eq!(salt_hex(&[0x8f, 0x00]), "8f00");
        assert_eq!(salt_hex(&[0, 0]), "0");
        assert_eq!(salt_hex(&[]), "0");
        assert_eq!(pad_bytes(&[0, 0x0a, 0xbc]), vec![0x0a, 0xbc]);
        assert_eq!(pad_bytes(&[0x8f]), vec![0, 0x8f]);
        assert_eq!(pad_bytes(&[]), vec![0]);
    }

    #[test]
    fn verifier_matches_plain_modpow() {
        let salt = [0x00, 0x9a, 0x01, 0x02];
        let inner = inner("pool", "alice", "pw");
        let v = verifier(&salt, &inner);
        let x = BigUint::from_bytes_be(&private_key(&salt, &inner).to_be_bytes());
        let n = BigUint::parse_bytes(N_HEX.as_bytes(), 16).unwrap();
        let expected = BigUint::from(2u32).modpow(&x, &n);
        assert_eq!(BigUint::from_bytes_be(&fe_bytes(&v.v)), expected);
        // g^e through the table for full 512-bit exponents and short ones.
        for e in [
            vec![0xa5u8; 64],
            vec![0xff; 64],
            vec![0x01; 64],
            vec![0x80],
            vec![0; 3],
            vec![],
        ] {
            let expected = BigUint::from(2u32).modpow(&BigUint::from_bytes_be(&e), &n);
            assert_eq!(
                BigUint::from_bytes_be(&fe_bytes(&g_pow(&e))),
                expected,
                "{e:?}"
            );
        }
    }

    #[test]
    fn device_exchange_with_client_config_accepted() {
        let (group, key) = (
            "-abcdEFGH",
            "us-east-1_0c1a2b3c-1111-2222-3333-444455556666",
        );
        let (password, pv, salt_b64) = client::device_secret(group, key);
        let (v, salt) = device_verifier_from_config(&pv, &salt_b64).unwrap();
        let client = SrpClient::new();
        let (ch, b_hex) = start(&v, &client.a_hex()).unwrap();
        let ts = format_timestamp(1_712_345_678);
        let sig = client
            .signature(group, key, &password, &salt_hex(&salt), &b_hex, BLOCK, &ts)
            .unwrap();
        assert!(verify(&ch, group, key, BLOCK, &ts, &sig));
        let wrong = client
            .signature(group, key, "other", &salt_hex(&salt), &b_hex, BLOCK, &ts)
            .unwrap();
        assert!(!verify(&ch, group, key, BLOCK, &ts, &wrong));
    }

    #[test]
    fn device_config_with_leading_zero_salt_round_trips() {
        let salt = [0, 0, 0x7f, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13];
        let (pv, salt_b64) = client::device_config("g", "k", "pw", &salt);
        let (v, parsed) = device_verifier_from_config(&pv, &salt_b64).unwrap();
        assert_eq!(parsed, salt[2..].to_vec());
        assert_eq!(B64.encode(v.to_padded_bytes()), pv);
    }

    #[test]
    fn device_config_invalid_refused() {
        let good_salt = B64.encode([1u8; 16]);
        let n_bytes = MODULUS.to_be_bytes();
        assert_eq!(
            device_verifier_from_config("%%", &good_salt).unwrap_err(),
            SrpError::InvalidVerifier
        );
        assert_eq!(
            device_verifier_from_config(&B64.encode([0u8; 4]), &good_salt).unwrap_err(),
            SrpError::InvalidVerifier
        );
        assert_eq!(
            device_verifier_from_config(&B64.encode(n_bytes), &good_salt).unwrap_err(),
            SrpError::InvalidVerifier
        );
        assert_eq!(
            device_verifier_from_config(&B64.encode([5u8; 8]), "%%").unwrap_err(),
            SrpError::InvalidSalt
        );
        assert_eq!(
            device_verifier_from_config(&B64.encode([5u8; 8]), &B64.encode([0u8; 3])).unwrap_err(),
            SrpError::InvalidSalt
        );
    }

    #[test]
    fn simulated_values_are_stable_per_username_and_client() {
        let seed = b"process-secret";
        assert_eq!(
            simulated_salt(seed, "ghost", "client1"),
            simulated_salt(seed, "ghost", "client1")
        );
        assert_ne!(
            simulated_salt(seed, "ghost", "client1"),
            simulated_salt(seed, "ghost", "client2")
        );
        assert_ne!(
            simulated_salt(seed, "ghost", "client1"),
            simulated_salt(b"other", "ghost", "client1")
        );
        let id = simulated_user_id(seed, "ghost", "client1");
        assert_eq!(id, simulated_user_id(seed, "ghost", "client1"));
        assert_ne!(id, simulated_user_id(seed, "ghost2", "client1"));
        let parsed = uuid::Uuid::parse_str(&id).unwrap();
        assert_eq!(parsed.get_version_num(), 4);
        let v = simulated_verifier(seed, "ghost", "client1");
        assert!(start(&v, &SrpClient::new().a_hex()).is_ok());
    }

    #[test]
    fn timestamps_format_without_day_padding() {
        assert_eq!(
            format_timestamp(1_491_432_154),
            "Wed Apr 5 22:42:34 UTC 2017"
        );
        assert_eq!(format_timestamp(0), "Thu Jan 1 00:00:00 UTC 1970");
        assert_eq!(
            format_timestamp(951_782_400),
            "Tue Feb 29 00:00:00 UTC 2000"
        );
        assert_eq!(
            format_timestamp(1_798_761_599),
            "Thu Dec 31 23:59:59 UTC 2026"
        );
    }

    #[test]
    fn timestamps_parse_padded_and_unpadded_days() {
        assert_eq!(
            parse_timestamp("Wed Apr 5 22:42:34 UTC 2017"),
            Some(1_491_432_154)
        );
        assert_eq!(
            parse_timestamp("Wed Apr 05 22:42:34 UTC 2017"),
            Some(1_491_432_154)
        );
        assert_eq!(
            parse_timestamp("Wed Apr  5 22:42:34 UTC 2017"),
            Some(1_491_432_154)
        );
        for bad in [
            "",
            "Wed Apr 5 22:42:34 GMT 2017",
            "Wed Foo 5 22:42:34 UTC 2017",
            "Xyz Apr 5 22:42:34 UTC 2017",
            "Wed Apr 31 22:42:34 UTC 2017",
            "Wed Feb 29 22:42:34 UTC 2017",
            "Wed Apr 5 24:42:34 UTC 2017",
            "Wed Apr 5 2:42:34 UTC 2017",
            "Wed Apr 5 22:42:34 UTC 17",
            "Wed Apr 5 22:42:34 UTC 2017 x",
            "Wed Apr 005 22:42:34 UTC 2017",
        ] {
            assert_eq!(parse_timestamp(bad), None, "{bad:?}");
        }
        for t in [
            0u64,
            1_000_000_000,
            1_700_000_000,
            4_102_444_800,
            951_868_799,
        ] {
            assert_eq!(parse_timestamp(&format_timestamp(t)), Some(t));
        }
    }
}
