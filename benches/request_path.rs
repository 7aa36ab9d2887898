//! Where an `AdminCreateUser` request's time goes inside the emulator, without sockets or hyper:
//! parse, validate, deserialize + run + serialize (dispatch), on a pool that grows as in the load test.
//!
//! `cargo bench --bench request_path` prints ns per request for each step (`OP=CreateUserPool` for that
//! operation instead). `POLLUTE_KB=N` writes N KiB
//! of other memory between requests, as hyper, the kernel and the load tool do between two requests of
//! a server core: the operation then runs on caches as cold as in the server. `N=` sets the requests per
//! round (200,000). Under `cargo test` (no `--bench` argument) it runs one short round, as a smoke test.

use std::sync::Arc;
use std::time::{Duration, Instant};

use cognito_emulator::input::Node;
use cognito_emulator::ops::Op;
use cognito_emulator::smithy::{self, Service};
use cognito_emulator::{App, Config, Ctx};

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

type Error = Box<dyn std::error::Error>;

fn main() -> Result<(), Error> {
    // `cargo bench` passes `--bench`; `cargo test --all-targets` runs this binary without it.
    let benching = std::env::args().any(|a| a == "--bench");
    let n: usize = std::env::var("N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(if benching { 200_000 } else { 1_000 });
    let rounds = if benching { 3 } else { 1 };
    let app = App::new(Config::default());
    let ctx = Ctx {
        app: Arc::clone(&app),
        region: "us-east-1".into(),
    };
    let model = smithy::model(Service::Idp);
    let pollute_kb: usize = std::env::var("POLLUTE_KB")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let mut other = vec![0u8; pollute_kb * 1024];
    let run = |name: &str, body: &[u8]| -> Result<(Duration, Duration, Duration, Vec<u8>), Error> {
        let op = Op::find(Service::Idp, name).ok_or("no such operation")?;
        let t0 = Instant::now();
        let node = Node::parse(body)?;
        let t1 = Instant::now();
        if let Some(o) = model.operation(name) {
            model.validate(o, &node)?;
        }
        let t2 = Instant::now();
        let out = op.dispatch(&ctx, &node)?;
        let t3 = Instant::now();
        Ok((t1 - t0, t2 - t1, t3 - t2, out.to_vec()))
    };
    let (_, _, _, pool) = run("CreateUserPool", br#"{"PoolName":"bench"}"#)?;
    let pool: serde_json::Value = serde_json::from_slice(&pool)?;
    let pool_id = pool["UserPool"]["Id"]
        .as_str()
        .ok_or("no pool id")?
        .to_owned();
    // `OP=CreateUserPool` measures that operation instead (a fresh pool per request, the store growing).
    let op = std::env::var("OP").unwrap_or_else(|_| "AdminCreateUser".into());
    let create_pools = op == "CreateUserPool";
    let op = if create_pools {
        "CreateUserPool"
    } else {
        "AdminCreateUser"
    };
    for round in 0..rounds {
        let (mut p, mut v, mut d) = (Duration::ZERO, Duration::ZERO, Duration::ZERO);
        for i in 0..n {
            let body = if create_pools {
                format!(r#"{{"PoolName":"bench{round}x{i}"}}"#)
            } else {
                format!(
                    r#"{{"UserPoolId":"{pool_id}","Username":"fresh{round}x{i}","MessageAction":"SUPPRESS","TemporaryPassword":"Passw0rd!Load","UserAttributes":[{{"Name":"email","Value":"fresh{round}x{i}@example.com"}}]}}"#
                )
            };
            // One write per cache line.
            for (k, line) in other.chunks_mut(64).enumerate() {
                line[0] = line[0].wrapping_add(k as u8);
            }
            let (a, b, c, _) = run(op, body.as_bytes())?;
            p += a;
            v += b;
            d += c;
        }
        let per = |x: Duration| x.as_nanos() as f64 / n as f64;
        std::hint::black_box(&other);
        println!(
            "{op} round {round} ({} made): parse {:.0} ns, validate {:.0} ns, dispatch {:.0} ns, all {:.0} ns",
            (round + 1) * n,
            per(p),
            per(v),
            per(d),
            per(p + v + d)
        );
    }
    Ok(())
}
