//! What the first answer after start-up waits for: reading the two API models (the binary splits them
//! into shapes on a thread of its own while the listener starts; a request compiles the shapes it needs).
//!
//! `cargo bench --bench startup`.

use cognito_emulator::smithy::{Service, ServiceModel};
use criterion::{black_box, criterion_group, criterion_main, Criterion};

// The binary's allocator: compiling a model is mostly allocation.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn compile_models(c: &mut Criterion) {
    c.bench_function("compile_idp_model", |b| {
        b.iter(|| black_box(ServiceModel::compile(Service::Idp)))
    });
    c.bench_function("compile_identity_model", |b| {
        b.iter(|| black_box(ServiceModel::compile(Service::Identity)))
    });
    // Every shape and operation too: what the requests of a long run compile between them.
    c.bench_function("compile_idp_model_every_shape", |b| {
        b.iter(|| {
            let m = ServiceModel::compile(Service::Idp);
            m.compile_all();
            black_box(m)
        })
    });
}

criterion_group!(benches, compile_models);
criterion_main!(benches);
