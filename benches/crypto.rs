//! Costs of the sign-in cryptography: the 3072-bit modular exponentiation (the crates that were
//! considered), the server side of SRP, and TOTP.
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
    g.finish();
}

fn totp_verify(c: &mut Criterion) {
    let secret = totp::generate_secret();
    let code = totp::code_at(&secret, 1_700_000_000).unwrap_or_default();
    c.bench_function("totp_verify", |b| {
        b.iter(|| totp::verify(black_box(&secret), &code, 1_700_000_000, None))
    });
}

criterion_group!(benches, modexp, srp_server, totp_verify);
criterion_main!(benches);
