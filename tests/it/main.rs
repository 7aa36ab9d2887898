//! The one integration test binary: raw-HTTP wire tests, Rust AWS SDK tests, and the registry coverage
//! check. Every test starts its own server on 127.0.0.1:0, so tests run in parallel.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
mod common;
mod coverage;
mod fuzz;
mod sdk;
mod wire;
