//! Costs of the sign-in cryptography, the floors of the sign-in targets: the 3072-bit modular
//! exponentiation (the crates that were considered; OpenSSL is used), the server side of SRP, TOTP, and
//! RS256 signing (two per sign-in) and verification.
//!
//! `cargo bench --bench crypto -- --quick` (the machine is shared: compare ratios, not absolute times).

use cognito_emulator::domain::srp::{self, client::SrpClient};
use cognito_emulator::domain::totp;
use criterion::{black_box, criterion_group, criterion_main, Criterion};
use crypto_bigint::modular::runtime_mod::{DynResidue, DynResidueParams};
use crypto_bigint::{U256, U3072};
use num_bigint::BigUint;

const SALT: [u8; 16] = [0x5a; 16];
const INNER: [u8; 32] = [0x17; 32];
const BLOCK: &str = "c2VjcmV0LWJsb2NrLWJ5dGVz";
const TS: &str = "Thu Nov 26 11:00:00 UTC 2026";
/// A well-formed (32-byte) but wrong signature: verify does all its work and answers false.
const SIG: &str = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";

fn modexp(c: &mut Criterion) {
    // A 256-bit exponent, as the server's b and u are.
    let exp_hex = "b7e151628aed2a6abf7158809cf4f3c762e7160f38b4da56a784d9045190cfef";
    let mut g = c.benchmark_group("modexp_3072_e256");
    let n = BigUint::parse_bytes(srp::N_HEX.as_bytes(), 16).unwrap_or_default();
    let base = &n / BigUint::from(7u32);
    let e = BigUint::parse_bytes(exp_hex.as_bytes(), 16).unwrap_or_default();
    g.bench_function("num-bigint", |b| b.iter(|| black_box(&base).modpow(&e, &n)));

    let params = DynResidueParams::new(&U3072::from_be_hex(srp::N_HEX));
    let base_ct = {
        let bytes = base.to_bytes_be();
        let mut buf = [0u8; 384];
        buf[384 - bytes.len()..].copy_from_slice(&bytes);
        DynResidue::new(&U3072::from_be_slice(&buf), params)
    };
    let e_ct = U256::from_be_hex(exp_hex);
    g.bench_function("crypto-bigint", |b| {
        b.iter(|| black_box(&base_ct).pow_bounded_exp(&e_ct, 256).retrieve())
    });
    // What the server uses for S = (A·v^u)^b, and the client for its three exponentiations.
    let ssl = |x: &BigUint| {
        openssl::bn::BigNum::from_slice(&x.to_bytes_be()).unwrap_or_else(|e| unreachable!("{e}"))
    };
    let (n_ssl, base_ssl, e_ssl) = (ssl(&n), ssl(&base), ssl(&e));
    let mut ctx = openssl::bn::BigNumContext::new().unwrap_or_else(|e| unreachable!("{e}"));
    g.bench_function("openssl", |b| {
        b.iter(|| {
            let mut r = ssl(&BigUint::default());
            r.mod_exp(black_box(&base_ssl), &e_ssl, &n_ssl, &mut ctx)
                .map(|()| r)
        })
    });
    g.finish();
}

fn srp_server(c: &mut Criterion) {
    let client = SrpClient::new();
    let a_hex = client.a_hex();
    let v = srp::verifier(&SALT, &INNER);
    let mut g = c.benchmark_group("srp");
    g.bench_function("verifier", |b| {
        b.iter(|| srp::verifier(black_box(&SALT), &INNER))
    });
    g.bench_function("start", |b| b.iter(|| srp::start(black_box(&v), &a_hex)));

    let (ch, _) = srp::start(&v, &a_hex).unwrap_or_else(|e| unreachable!("{e}"));
    g.bench_function("verify_user", |b| {
        b.iter(|| srp::verify(black_box(&ch), "pool", "alice", BLOCK, TS, SIG))
    });
    let (pv, salt_b64) = srp::client::device_config("group", "key", "device-password", &SALT);
    let (dv, _) =
        srp::device_verifier_from_config(&pv, &salt_b64).unwrap_or_else(|e| unreachable!("{e}"));
    let (dch, _) = srp::start(&dv, &a_hex).unwrap_or_else(|e| unreachable!("{e}"));
    g.bench_function("verify_device", |b| {
        b.iter(|| srp::verify(black_box(&dch), "group", "key", BLOCK, TS, SIG))
    });
    // What one user sign-in costs the server: the verifier, the challenge and the check of the answer.
    g.bench_function("server_exchange", |b| {
        b.iter(|| {
            let v = srp::verifier(black_box(&SALT), &INNER);
            let (ch, _) = srp::start(&v, &a_hex).unwrap_or_else(|e| unreachable!("{e}"));
            srp::verify(&ch, "pool", "alice", BLOCK, TS, SIG)
        })
    });
    // The load tool's client side of one sign-in (a 256-bit `a`): A = g^a, then g^x and S.
    let (_, b_hex) = srp::start(&v, &a_hex).unwrap_or_else(|e| unreachable!("{e}"));
    let salt_hex = srp::salt_hex(&SALT);
    g.bench_function("client_exchange_a256", |b| {
        b.iter(|| {
            let c = SrpClient::with_a(&BigUint::from_bytes_be(&[0x3c; 32]));
            c.signature("pool", "alice", "pw", &salt_hex, &b_hex, BLOCK, TS)
        })
    });
    g.finish();
}

fn totp_verify(c: &mut Criterion) {
    let secret = totp::generate_secret();
    let code = totp::code_at(&secret, 1_700_000_000).unwrap_or_default();
    c.bench_function("totp_verify", |b| {
        b.iter(|| totp::verify(black_box(&secret), &code, 1_700_000_000, None))
    });
}

/// RS256 as a password sign-in pays it: two signatures (ID and access token) with the pool's 2048-bit keys,
/// over claims of the usual size; and the verification `GetUser` (first call per token) and identity pools
/// pay. Sign-ins per second are bounded by 1 / (2 × sign) per core.
fn rs256(c: &mut Criterion) {
    use cognito_emulator::domain::keys::RsaKey;
    use cognito_emulator::domain::tokens;
    let key = RsaKey::generate().unwrap_or_else(|e| unreachable!("{e}"));
    let claims: serde_json::Map<String, serde_json::Value> = serde_json::json!({
        "sub": "5f1a0c5e-6c39-4a3b-9d1e-3c1c2b8e7f10",
        "iss": "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbCdEfGhI",
        "client_id": "1example23456789abcdefghij",
        "origin_jti": "0d5c4e3a-3c2b-4f1e-8a7b-6c5d4e3f2a1b",
        "event_id": "7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c2d",
        "token_use": "access",
        "scope": "aws.cognito.signin.user.admin",
        "auth_time": 1_764_150_000,
        "exp": 1_764_153_600,
        "iat": 1_764_150_000,
        "jti": "1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e",
        "username": "alice"
    })
    .as_object()
    .cloned()
    .unwrap_or_default();
    let mut g = c.benchmark_group("rs256");
    g.bench_function("sign", |b| {
        b.iter(|| tokens::sign(black_box(&key), &claims))
    });
    let token = tokens::sign(&key, &claims).unwrap_or_default();
    let mut validation = jsonwebtoken::Validation::new(jsonwebtoken::Algorithm::RS256);
    validation.validate_exp = false;
    validation.validate_aud = false;
    validation.required_spec_claims.clear();
    g.bench_function("verify", |b| {
        b.iter(|| {
            jsonwebtoken::decode::<serde_json::Value>(
                black_box(&token),
                key.decoding(),
                &validation,
            )
            .is_ok()
        })
    });
    g.sample_size(10);
    g.bench_function("keygen_2048", |b| b.iter(RsaKey::generate));
    g.finish();
}

criterion_group!(benches, modexp, srp_server, totp_verify, rs256);
criterion_main!(benches);
