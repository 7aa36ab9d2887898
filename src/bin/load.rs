//! `cognito-load`: a small load generator for the emulator, over keep-alive HTTP/1.1 on loopback.
//!
//! Modes:
//! - default: drive one scenario (`--op`) or a raw `--target X --body JSON` against the emulator, either
//!   in-process (`cognito_emulator::spawn`) or an external `--url`, and print requests/s, p50 and p99;
//! - `--ceiling`: the same load against a bare hyper server that only reads the body and answers a small
//!   JSON object, which is the most this machine can do with this client;
//! - `--compare`: the ceiling, then the emulator, in one run, and the ratio (`--rounds N` alternates
//!   them N times and prints the median ratio);
//! - `--startup N`: spawns the release binary with `--port 0` N times and prints the median time to the
//!   first answered `ListUserPools`, and the idle resident memory (VmRSS);
//! - `--spawn CMD --url URL`: runs the shell command CMD (any emulator, started to listen at URL), polls
//!   URL every millisecond with a `ListUserPools` until any answer below 500, prints
//!   `{"startup_ms": .., "pid": ..}` and exits, leaving the server running (bench/peers.sh measures every
//!   peer's start-up this way, the same for all).
//!
//! Scenarios live in one table (`SCENARIOS`): a seed request to run once, and the body of the measured
//! request built from the seed's answer.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use clap::Parser;
use http_body_util::{BodyExt, Full};
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use serde_json::{json, Value};
use tokio::net::{TcpListener, TcpStream};

/// The emulator binary's allocator (mimalloc), so the in-process emulator is measured as it runs; the
/// ceiling server runs under the same allocator.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// A request run once before the load: its target and body.
type Seed = (&'static str, fn() -> Value);

/// A measured operation: an optional seed request (target, body) run once before the load, and the
/// measured request's target and body, built from the seed's JSON answer.
struct Scenario {
    name: &'static str,
    seed: Option<Seed>,
    target: &'static str,
    body: fn(&Value) -> Value,
}

/// Adding an operation is adding a row.
const SCENARIOS: &[Scenario] = &[
    Scenario {
        name: "DescribeUserPool",
        seed: Some((
            "AWSCognitoIdentityProviderService.CreateUserPool",
            || json!({"PoolName": "load"}),
        )),
        target: "AWSCognitoIdentityProviderService.DescribeUserPool",
        body: |seed| json!({"UserPoolId": seed["UserPool"]["Id"]}),
    },
    Scenario {
        name: "CreateUserPool",
        seed: None,
        target: "AWSCognitoIdentityProviderService.CreateUserPool",
        body: |_| json!({"PoolName": "load"}),
    },
    Scenario {
        name: "ListUserPools",
        seed: Some((
            "AWSCognitoIdentityProviderService.CreateUserPool",
            || json!({"PoolName": "load"}),
        )),
        target: "AWSCognitoIdentityProviderService.ListUserPools",
        body: |_| json!({"MaxResults": 10}),
    },
    Scenario {
        name: "DescribeIdentityPool",
        seed: Some((
            "AWSCognitoIdentityService.CreateIdentityPool",
            || json!({"IdentityPoolName": "load", "AllowUnauthenticatedIdentities": true}),
        )),
        target: "AWSCognitoIdentityService.DescribeIdentityPool",
        body: |seed| json!({"IdentityPoolId": seed["IdentityPoolId"]}),
    },
    // Two requests per measured operation and client-side SRP math: run by `srp_sign_in_load`.
    Scenario {
        name: SRP_SIGN_IN,
        seed: None,
        target: "AWSCognitoIdentityProviderService.InitiateAuth",
        body: |_| Value::Null,
    },
];

/// Where a seeded flow's measured body puts a fresh number on every request (unique usernames).
const FRESH: &str = "@N@";

/// One seed request of a [`Flow`]: its answer is stored in the seed context under `key`; `times` > 1
/// repeats it with the index `i` (0-based), over a few connections, keeping the last answer.
struct Step {
    key: &'static str,
    target: &'static str,
    times: u64,
    body: fn(&Value, u64) -> Value,
}

/// A measured operation whose seeding takes several requests (a pool, a client, users, a sign-in…):
/// every step goes through the public API, so the same flow seeds any Cognito emulator (`--url`).
/// The measured body is built from the seed context (`{key: answer}`); every `@N@` in it is replaced by
/// a number unique to the request.
struct Flow {
    name: &'static str,
    steps: &'static [Step],
    target: &'static str,
    body: fn(&Value) -> Value,
}

const POOL_STEP: Step = Step {
    key: "pool",
    target: "AWSCognitoIdentityProviderService.CreateUserPool",
    times: 1,
    body: |_, _| json!({"PoolName": "load"}),
};
const CLIENT_STEP: Step = Step {
    key: "client",
    target: "AWSCognitoIdentityProviderService.CreateUserPoolClient",
    times: 1,
    body: |c, _| {
        json!({"UserPoolId": pool_id(c), "ClientName": "load",
               "ExplicitAuthFlows": ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]})
    },
};
const USER_STEP: Step = Step {
    key: "user",
    target: "AWSCognitoIdentityProviderService.AdminCreateUser",
    times: 1,
    body: |c, _| {
        json!({"UserPoolId": pool_id(c), "Username": "loaduser", "MessageAction": "SUPPRESS",
               "UserAttributes": [{"Name": "email", "Value": "loaduser@example.com"},
                                  {"Name": "email_verified", "Value": "true"}]})
    },
};
const PASSWORD_STEP: Step = Step {
    key: "password",
    target: "AWSCognitoIdentityProviderService.AdminSetUserPassword",
    times: 1,
    body: |c, _| {
        json!({"UserPoolId": pool_id(c), "Username": "loaduser", "Password": LOAD_PASSWORD,
               "Permanent": true})
    },
};
const SIGN_IN_STEP: Step = Step {
    key: "auth",
    target: "AWSCognitoIdentityProviderService.InitiateAuth",
    times: 1,
    body: |c, _| sign_in_body(c),
};
const LOAD_PASSWORD: &str = "Load-Passw0rd!";
/// Users in the pool of `ListUsersFilter`.
const LIST_USERS: u64 = 10_000;

fn pool_id(c: &Value) -> Value {
    c["pool"]["UserPool"]["Id"].clone()
}

fn client_id(c: &Value) -> Value {
    c["client"]["UserPoolClient"]["ClientId"].clone()
}

fn sign_in_body(c: &Value) -> Value {
    json!({"AuthFlow": "USER_PASSWORD_AUTH", "ClientId": client_id(c),
           "AuthParameters": {"USERNAME": "loaduser", "PASSWORD": LOAD_PASSWORD}})
}

fn user_pool_provider(c: &Value) -> String {
    let id = pool_id(c);
    let id = id.as_str().unwrap_or_default();
    let region = id.split('_').next().unwrap_or("us-east-1");
    format!("cognito-idp.{region}.amazonaws.com/{id}")
}

/// Scenarios that need more than one seed request (see [`Flow`]).
const FLOWS: &[Flow] = &[
    Flow {
        name: "AdminGetUser",
        steps: &[POOL_STEP, USER_STEP],
        target: "AWSCognitoIdentityProviderService.AdminGetUser",
        body: |c| json!({"UserPoolId": pool_id(c), "Username": "loaduser"}),
    },
    Flow {
        name: "AdminCreateUser",
        steps: &[POOL_STEP],
        target: "AWSCognitoIdentityProviderService.AdminCreateUser",
        body: |c| {
            json!({"UserPoolId": pool_id(c), "Username": "fresh@N@", "MessageAction": "SUPPRESS",
                   "TemporaryPassword": LOAD_PASSWORD,
                   "UserAttributes": [{"Name": "email", "Value": "fresh@N@@example.com"}]})
        },
    },
    Flow {
        name: "ListUsersFilter",
        steps: &[
            POOL_STEP,
            Step {
                key: "users",
                target: "AWSCognitoIdentityProviderService.AdminCreateUser",
                times: LIST_USERS,
                body: |c, i| {
                    json!({"UserPoolId": pool_id(c), "Username": format!("user{i}"),
                           "MessageAction": "SUPPRESS",
                           "UserAttributes": [{"Name": "email", "Value": format!("user{i}@example.com")}]})
                },
            },
        ],
        target: "AWSCognitoIdentityProviderService.ListUsers",
        body: |c| {
            json!({"UserPoolId": pool_id(c),
                   "Filter": format!("email = \"user{}@example.com\"", LIST_USERS / 2)})
        },
    },
    Flow {
        name: "GetUser",
        steps: &[
            POOL_STEP,
            CLIENT_STEP,
            USER_STEP,
            PASSWORD_STEP,
            SIGN_IN_STEP,
        ],
        target: "AWSCognitoIdentityProviderService.GetUser",
        body: |c| json!({"AccessToken": c["auth"]["AuthenticationResult"]["AccessToken"]}),
    },
    Flow {
        name: "InitiateAuth",
        steps: &[POOL_STEP, CLIENT_STEP, USER_STEP, PASSWORD_STEP],
        target: "AWSCognitoIdentityProviderService.InitiateAuth",
        body: sign_in_body,
    },
    // InitiateAuth with PreAuthentication, PreTokenGeneration (V2_0) and PostAuthentication, all the
    // function `bench-trigger`: run with `--lambda bench-trigger=bench/lambdas/pass_through.mjs`.
    Flow {
        name: "InitiateAuthTriggers",
        steps: &[
            Step {
                key: "pool",
                target: "AWSCognitoIdentityProviderService.CreateUserPool",
                times: 1,
                body: |_, _| {
                    let f = "arn:aws:lambda:us-east-1:123456789012:function:bench-trigger";
                    json!({"PoolName": "load", "LambdaConfig": {
                        "PreAuthentication": f, "PostAuthentication": f,
                        "PreTokenGenerationConfig": {"LambdaVersion": "V2_0", "LambdaArn": f}}})
                },
            },
            CLIENT_STEP,
            USER_STEP,
            PASSWORD_STEP,
        ],
        target: "AWSCognitoIdentityProviderService.InitiateAuth",
        body: sign_in_body,
    },
    Flow {
        name: "GetCredentialsForIdentity",
        steps: &[
            POOL_STEP,
            CLIENT_STEP,
            USER_STEP,
            PASSWORD_STEP,
            SIGN_IN_STEP,
            Step {
                key: "identityPool",
                target: "AWSCognitoIdentityService.CreateIdentityPool",
                times: 1,
                body: |c, _| {
                    json!({"IdentityPoolName": "load", "AllowUnauthenticatedIdentities": false,
                           "CognitoIdentityProviders": [{"ProviderName": user_pool_provider(c),
                                                         "ClientId": client_id(c)}]})
                },
            },
            Step {
                key: "roles",
                target: "AWSCognitoIdentityService.SetIdentityPoolRoles",
                times: 1,
                body: |c, _| {
                    json!({"IdentityPoolId": c["identityPool"]["IdentityPoolId"],
                           "Roles": {"authenticated": "arn:aws:iam::123456789012:role/load-auth"}})
                },
            },
            Step {
                key: "identity",
                target: "AWSCognitoIdentityService.GetId",
                times: 1,
                body: |c, _| {
                    json!({"IdentityPoolId": c["identityPool"]["IdentityPoolId"],
                           "AccountId": "123456789012",
                           "Logins": {user_pool_provider(c):
                                      c["auth"]["AuthenticationResult"]["IdToken"]}})
                },
            },
        ],
        target: "AWSCognitoIdentityService.GetCredentialsForIdentity",
        body: |c| {
            json!({"IdentityId": c["identity"]["IdentityId"],
                   "Logins": {user_pool_provider(c): c["auth"]["AuthenticationResult"]["IdToken"]}})
        },
    },
];

/// Load generator for cognito-emulator (loopback only).
#[derive(Debug, Parser)]
#[command(name = "cognito-load", about, long_about = None)]
struct Args {
    /// Scenario to run: DescribeUserPool, CreateUserPool, ListUserPools, DescribeIdentityPool,
    /// SrpSignIn (a full USER_SRP_AUTH sign-in: InitiateAuth + RespondToAuthChallenge).
    /// AdminGetUser, AdminCreateUser, ListUsersFilter, GetUser, InitiateAuth, InitiateAuthTriggers
    /// (needs --lambda bench-trigger=bench/lambdas/pass_through.mjs), GetCredentialsForIdentity.
    #[arg(long, default_value = "DescribeUserPool")]
    op: String,

    /// Lambda handler files for the in-process emulator, as its `--lambda <name>=<path>` (repeatable).
    #[arg(long)]
    lambda: Vec<String>,

    /// Raw mode: the X-Amz-Target to send (e.g. AWSCognitoIdentityProviderService.ListUserPools);
    /// overrides --op.
    #[arg(long)]
    target: Option<String>,

    /// Raw mode: the JSON body to send with --target.
    #[arg(long, default_value = "{}")]
    body: String,

    /// An emulator already running on loopback (e.g. http://127.0.0.1:9229); default: one in-process.
    #[arg(long)]
    url: Option<String>,

    /// Concurrent keep-alive connections (1..=1024).
    #[arg(long, short = 'c', default_value_t = 64)]
    connections: usize,

    /// Seconds to run (1..=600), unless --requests is given.
    #[arg(long, short = 'd', default_value_t = 5)]
    duration: u64,

    /// Total requests to send instead of a duration (at most 100 000 000).
    #[arg(long, short = 'n')]
    requests: Option<u64>,

    /// Load a bare hyper server instead of the emulator: the ceiling of this machine.
    #[arg(long)]
    ceiling: bool,

    /// Run the ceiling and then the emulator, and print the ratio.
    #[arg(long)]
    compare: bool,

    /// With --compare: alternate ceiling and emulator this many times (each for the full duration) and
    /// print the median ratio too. The machine's speed drifts by tens of percent within a minute, which
    /// one pair of back-to-back runs cannot tell from a real difference.
    #[arg(long, default_value_t = 1)]
    rounds: usize,

    /// Measure start-up N times: spawn the binary with --port 0 until the first answered request.
    #[arg(long)]
    startup: Option<usize>,

    /// Start-up of any server: run this shell command (`sh -c`; use `exec` so the printed pid is the
    /// server's), poll --url until it answers, print the time and the pid as JSON, and leave it running.
    #[arg(long)]
    spawn: Option<String>,

    /// The emulator binary for --startup; default: cognito-emulator next to this binary.
    #[arg(long)]
    binary: Option<PathBuf>,

    /// Seconds to wait after seeding an external emulator (--url), so background work the seeding
    /// started (key generation) does not fall into the measurement. In-process, the tool waits for the
    /// key pool to be full instead.
    #[arg(long, default_value_t = 0)]
    settle: u64,

    /// Seconds of unmeasured load before each measurement (0 for none).
    #[arg(long, default_value_t = 1)]
    warmup: u64,

    /// Also print each result as one JSON line (for scripts such as bench/peers.sh).
    #[arg(long)]
    json: bool,

    /// Scale mode: seed a pool of N users in-process (directly into the store, as AdminCreateUser would
    /// make them), then print the resident memory and the latency of ListUsers with an email equality
    /// filter, AdminGetUser and DescribeUserPool, over one connection.
    #[arg(long)]
    scale: Option<u64>,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("cognito-load: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(args)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("cognito-load: {e}");
            ExitCode::FAILURE
        }
    }
}

type Error = Box<dyn std::error::Error + Send + Sync>;

/// How much load: bounded either way.
#[derive(Debug, Clone, Copy)]
enum Amount {
    For(Duration),
    Count(u64),
}

/// What one run measured.
#[derive(Debug)]
struct Report {
    requests: u64,
    errors: u64,
    elapsed: Duration,
    p50: Duration,
    p99: Duration,
    max: Duration,
}

impl Report {
    fn rps(&self) -> f64 {
        self.requests as f64 / self.elapsed.as_secs_f64().max(1e-9)
    }

    fn print(&self, label: &str) {
        println!(
            "{label:<28} {:>10.0} req/s  p50 {:>8.3} ms  p99 {:>8.3} ms  max {:>8.3} ms  ({} requests, {} errors, {:.2} s)",
            self.rps(),
            ms(self.p50),
            ms(self.p99),
            ms(self.max),
            self.requests,
            self.errors,
            self.elapsed.as_secs_f64()
        );
    }
}

impl Report {
    /// One JSON line for scripts: `{"role", "op", "rps", "p50_ms", "p99_ms", "requests", "errors"}`.
    fn print_json(&self, enabled: bool, role: &str, op: &str) {
        if enabled {
            println!(
                "{}",
                json!({"role": role, "op": op, "rps": self.rps(), "p50_ms": ms(self.p50),
                       "p99_ms": ms(self.p99), "requests": self.requests, "errors": self.errors})
            );
        }
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

async fn run(args: Args) -> Result<(), Error> {
    if let Some(n) = args.startup {
        return startup(n.clamp(1, 1000), args.binary).await;
    }
    if let Some(cmd) = &args.spawn {
        let url = args.url.as_deref().ok_or("--spawn needs --url")?;
        return spawn_ready(cmd, loopback_addr(url)?).await;
    }
    if let Some(n) = args.scale {
        return scale(n.clamp(1, 10_000_000), args.requests.unwrap_or(2000)).await;
    }
    if args.connections == 0 || args.connections > 1024 {
        return Err("--connections must be 1..=1024".into());
    }
    let amount = match args.requests {
        Some(n) if n == 0 || n > 100_000_000 => {
            return Err("--requests must be 1..=100000000".into())
        }
        Some(n) => Amount::Count(n),
        None if args.duration == 0 || args.duration > 600 => {
            return Err("--duration must be 1..=600 seconds".into())
        }
        None => Amount::For(Duration::from_secs(args.duration)),
    };
    let conns = args.connections;
    let amount_text = match amount {
        Amount::For(d) => format!("{} s", d.as_secs()),
        Amount::Count(n) => format!("{n} requests"),
    };
    let warmup = Duration::from_secs(args.warmup.min(60));

    let run = Run {
        conns,
        amount,
        amount_text: &amount_text,
        json: args.json,
    };
    if args.ceiling && !args.compare {
        let addr = start_ceiling().await?;
        run.ceiling(addr, warmup, &Arc::new(AtomicU64::new(0)))
            .await?;
        return Ok(());
    }

    // A full SRP sign-in is two requests with client-side SRP math in between: its own loop.
    if args.target.is_none() && args.op.eq_ignore_ascii_case(SRP_SIGN_IN) {
        let (addr, server) = match &args.url {
            Some(url) => (loopback_addr(url)?, None),
            None => {
                let server = cognito_emulator::spawn(cognito_emulator::Config::default()).await?;
                (server.addr, Some(server))
            }
        };
        let report = srp_sign_in_load(addr, conns, amount).await?;
        report.print(&format!("emulator {SRP_SIGN_IN}"));
        report.print_json(args.json, "emulator", SRP_SIGN_IN);
        if let Some(server) = server {
            server.stop().await;
        }
        return Ok(());
    }

    // Seed first and let the emulator settle, so neither measurement shares the machine with seeding
    // or key generation; then the ceiling and the emulator back to back.
    let prepared = prepare(&args).await?;
    let ceiling_addr = if args.compare {
        Some(start_ceiling().await?)
    } else {
        None
    };
    let app = prepared.server.as_ref().map(|s| Arc::clone(&s.app));
    let label = format!("emulator {}", prepared.label);
    // One counter for every round, so `@N@` names stay fresh across rounds.
    let counter = Arc::new(AtomicU64::new(0));
    let rounds = args.rounds.clamp(1, 100);
    let mut ratios = Vec::new();
    for round in 0..rounds {
        // Warm up once: later rounds run on a warm server and client.
        let warmup = if round == 0 { warmup } else { Duration::ZERO };
        if rounds > 1 {
            println!("round {} of {rounds}", round + 1);
        }
        let ceiling = match ceiling_addr {
            Some(addr) => Some(run.ceiling(addr, warmup, &counter).await?),
            None => None,
        };
        println!(
            "emulator: {} on {}, {conns} connections",
            prepared.label, prepared.where_
        );
        let report = measure(
            prepared.addr,
            &prepared.target,
            conns,
            amount,
            warmup,
            app.as_deref(),
            &counter,
        )
        .await?;
        report.print(&label);
        report.print_json(args.json, "emulator", &prepared.label);
        if let Some(ceiling) = ceiling {
            let ratio = report.rps() / ceiling.rps().max(1e-9);
            ratios.push(ratio);
            println!(
                "ratio emulator/ceiling: {ratio:.2} (throughput), p50 {:.2}x, p99 {:.2}x",
                ms(report.p50) / ms(ceiling.p50).max(1e-9),
                ms(report.p99) / ms(ceiling.p99).max(1e-9)
            );
        }
    }
    if ratios.len() > 1 {
        let shown: Vec<String> = ratios.iter().map(|r| format!("{r:.2}")).collect();
        ratios.sort_by(f64::total_cmp);
        let mid = ratios.len() / 2;
        let median = if ratios.len() % 2 == 0 {
            (ratios[mid - 1] + ratios[mid]) / 2.0
        } else {
            ratios[mid]
        };
        println!(
            "ratio emulator/ceiling, median of {} rounds: {median:.2} (rounds: {})",
            ratios.len(),
            shown.join(" ")
        );
    }
    if let Some(server) = prepared.server {
        server.stop().await;
    }
    Ok(())
}

/// The load settings shared by the measurements of one invocation.
struct Run<'a> {
    conns: usize,
    amount: Amount,
    amount_text: &'a str,
    json: bool,
}

impl Run<'_> {
    /// Measures the bare-hyper ceiling server at `addr` and prints the result.
    async fn ceiling(
        &self,
        addr: SocketAddr,
        warmup: Duration,
        counter: &Arc<AtomicU64>,
    ) -> Result<Report, Error> {
        println!(
            "ceiling: bare hyper server on {addr}, {} connections, {}",
            self.conns, self.amount_text
        );
        let c = measure(
            addr,
            &Target::ceiling(),
            self.conns,
            self.amount,
            warmup,
            None,
            counter,
        )
        .await?;
        c.print("ceiling (bare hyper)");
        c.print_json(self.json, "ceiling", "Ceiling");
        Ok(c)
    }
}

/// A seeded emulator and the request to measure on it.
struct Prepared {
    addr: SocketAddr,
    server: Option<cognito_emulator::RunningServer>,
    label: String,
    where_: String,
    target: Target,
}

/// Starts (or finds) the emulator, runs the scenario's seed requests, and waits for it to settle.
async fn prepare(args: &Args) -> Result<Prepared, Error> {
    let (addr, server) = match &args.url {
        Some(url) => (loopback_addr(url)?, None),
        None => {
            let config = cognito_emulator::Config {
                lambda: args.lambda.clone(),
                ..cognito_emulator::Config::default()
            };
            let server = cognito_emulator::spawn(config).await?;
            (server.addr, Some(server))
        }
    };
    let (label, target) = match &args.target {
        Some(target) => {
            let body: Value =
                serde_json::from_str(&args.body).map_err(|e| format!("--body is not JSON: {e}"))?;
            (target.clone(), Target::new(target, &body))
        }
        None => {
            if let Some(flow) = FLOWS.iter().find(|f| f.name.eq_ignore_ascii_case(&args.op)) {
                let context = seed_flow(addr, flow).await?;
                (
                    flow.name.to_owned(),
                    Target::new(flow.target, &(flow.body)(&context)),
                )
            } else {
                let scenario = SCENARIOS
                    .iter()
                    .find(|s| s.name.eq_ignore_ascii_case(&args.op))
                    .ok_or_else(|| {
                        let names: Vec<&str> = SCENARIOS
                            .iter()
                            .map(|s| s.name)
                            .chain(FLOWS.iter().map(|f| f.name))
                            .collect();
                        format!("unknown --op {}; known: {}", args.op, names.join(", "))
                    })?;
                let seeded = match scenario.seed {
                    Some((target, body)) => {
                        let (status, answer) = call(addr, target, &body().to_string()).await?;
                        if status != 200 {
                            return Err(format!("seed {target} answered {status}: {answer}").into());
                        }
                        answer
                    }
                    None => Value::Null,
                };
                (
                    scenario.name.to_owned(),
                    Target::new(scenario.target, &(scenario.body)(&seeded)),
                )
            }
        }
    };
    match &server {
        Some(s) => settle_keys(&s.app).await,
        None => tokio::time::sleep(Duration::from_secs(args.settle.min(600))).await,
    }
    let where_ = if server.is_some() {
        "in-process".to_owned()
    } else {
        addr.to_string()
    };
    Ok(Prepared {
        addr,
        server,
        label,
        where_,
        target,
    })
}

/// Waits (at most 60 s) until the background key generator has refilled its pool of ready keys.
async fn settle_keys(app: &cognito_emulator::App) {
    let t = Instant::now();
    while app.keys.ready_count() < cognito_emulator::domain::keys::READY_TARGET
        && t.elapsed() < Duration::from_secs(60)
    {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Runs a flow's seed steps in order; the context maps each step's key to its (last) answer.
async fn seed_flow(addr: SocketAddr, flow: &Flow) -> Result<Value, Error> {
    let mut context = json!({});
    for step in flow.steps {
        let answer = if step.times <= 1 {
            let (status, answer) =
                call(addr, step.target, &(step.body)(&context, 0).to_string()).await?;
            if status != 200 {
                return Err(format!("seed {} answered {status}: {answer}", step.target).into());
            }
            answer
        } else {
            seed_many(addr, step, &context).await?
        };
        context[step.key] = answer;
    }
    Ok(context)
}

/// A repeated seed step over 8 keep-alive connections; the first failure stops it.
async fn seed_many(addr: SocketAddr, step: &Step, context: &Value) -> Result<Value, Error> {
    let next = Arc::new(AtomicU64::new(0));
    let mut tasks = Vec::new();
    for _ in 0..8 {
        let mut sender = connect(addr).await?;
        let next = Arc::clone(&next);
        let bodies: Arc<dyn Fn(u64) -> Value + Send + Sync> = {
            let context = context.clone();
            let body = step.body;
            Arc::new(move |i| body(&context, i))
        };
        let (target, times) = (step.target, step.times);
        tasks.push(tokio::spawn(async move {
            let mut last = Value::Null;
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= times {
                    return Ok::<Value, Error>(last);
                }
                let body = Bytes::from(bodies(i).to_string());
                let res = send(&mut sender, addr, target, body).await?;
                let status = res.status().as_u16();
                let bytes = res.into_body().collect().await?.to_bytes();
                last = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
                if status != 200 {
                    return Err(format!("seed {target} #{i} answered {status}: {last}").into());
                }
            }
        }));
    }
    let mut last = Value::Null;
    for t in tasks {
        last = t.await??;
    }
    Ok(last)
}

/// The measured request: its target and its body, split at every `@N@` (a fresh number per request).
#[derive(Clone)]
struct Target {
    target: String,
    parts: Vec<Bytes>,
}

impl Target {
    fn new(target: &str, body: &Value) -> Target {
        let text = body.to_string();
        Target {
            target: target.to_owned(),
            parts: text
                .split(FRESH)
                .map(|p| Bytes::from(p.to_owned()))
                .collect(),
        }
    }

    fn ceiling() -> Target {
        Target::new("Ceiling.Echo", &json!({}))
    }

    /// The body of request number `n`.
    fn body(&self, n: u64) -> Bytes {
        match self.parts.as_slice() {
            [one] => one.clone(),
            parts => {
                let number = n.to_string();
                let mut out = Vec::with_capacity(parts.iter().map(Bytes::len).sum::<usize>() + 24);
                for (i, p) in parts.iter().enumerate() {
                    if i > 0 {
                        out.extend_from_slice(number.as_bytes());
                    }
                    out.extend_from_slice(p);
                }
                Bytes::from(out)
            }
        }
    }
}

/// An optional warm-up, then the measured load.
async fn measure(
    addr: SocketAddr,
    target: &Target,
    conns: usize,
    amount: Amount,
    warmup: Duration,
    app: Option<&cognito_emulator::App>,
    counter: &Arc<AtomicU64>,
) -> Result<Report, Error> {
    if !warmup.is_zero() {
        load(
            addr,
            target,
            Arc::clone(counter),
            conns,
            Amount::For(warmup),
        )
        .await?;
    }
    // In-process, refill the key pool a first call may have drawn from before measuring.
    if let Some(app) = app {
        settle_keys(app).await;
    }
    load(addr, target, Arc::clone(counter), conns, amount).await
}

/// Accepts only loopback URLs: this tool must not be pointed at anything else.
fn loopback_addr(url: &str) -> Result<SocketAddr, Error> {
    let rest = url
        .strip_prefix("http://")
        .ok_or("--url must start with http://")?;
    let hostport = rest.split('/').next().unwrap_or(rest);
    let hostport = hostport.replace("localhost", "127.0.0.1");
    let addr: SocketAddr = hostport
        .parse()
        .map_err(|e| format!("--url {url}: {e} (use http://127.0.0.1:PORT)"))?;
    if !addr.ip().is_loopback() {
        return Err(format!("--url {url} is not loopback; refusing").into());
    }
    Ok(addr)
}

/// A keep-alive HTTP/1.1 connection.
type Sender = hyper::client::conn::http1::SendRequest<Full<Bytes>>;

async fn connect(addr: SocketAddr) -> Result<Sender, Error> {
    let stream = TcpStream::connect(addr).await?;
    stream.set_nodelay(true)?;
    let (sender, conn) = hyper::client::conn::http1::handshake(TokioIo::new(stream)).await?;
    tokio::spawn(async move {
        let _ = conn.await;
    });
    Ok(sender)
}

fn request(addr: SocketAddr, target: &str, body: Bytes) -> Result<Request<Full<Bytes>>, Error> {
    Ok(Request::post("/")
        .header("host", addr.to_string())
        .header("content-type", "application/x-amz-json-1.1")
        .header("x-amz-target", target)
        .body(Full::new(body))?)
}

/// Sends one request on a keep-alive connection, reconnecting (once) when the server has closed it:
/// some servers (moto's) close the connection after every answer; the reconnection counts in the latency.
async fn send(
    sender: &mut Sender,
    addr: SocketAddr,
    target: &str,
    body: Bytes,
) -> Result<Response<hyper::body::Incoming>, Error> {
    let mut retried = false;
    loop {
        if sender.is_closed() || sender.ready().await.is_err() {
            *sender = connect(addr).await?;
        }
        match sender
            .send_request(request(addr, target, body.clone())?)
            .await
        {
            Ok(res) => return Ok(res),
            Err(e) if retried => return Err(e.into()),
            Err(_) => {
                retried = true;
                *sender = connect(addr).await?;
            }
        }
    }
}

/// One request on a fresh connection; the status and the JSON answer.
async fn call(addr: SocketAddr, target: &str, body: &str) -> Result<(u16, Value), Error> {
    let mut sender = connect(addr).await?;
    let res = sender
        .send_request(request(addr, target, Bytes::from(body.to_owned()))?)
        .await?;
    let status = res.status().as_u16();
    let bytes = res.into_body().collect().await?.to_bytes();
    Ok((
        status,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    ))
}

/// Runs `conns` workers until the amount is done; latencies are kept per worker and merged.
async fn load(
    addr: SocketAddr,
    target: &Target,
    counter: Arc<AtomicU64>,
    conns: usize,
    amount: Amount,
) -> Result<Report, Error> {
    let remaining = Arc::new(AtomicU64::new(match amount {
        Amount::Count(n) => n,
        Amount::For(_) => u64::MAX,
    }));
    let start = Instant::now();
    let deadline = match amount {
        Amount::For(d) => Some(start + d),
        Amount::Count(_) => None,
    };
    let mut workers = Vec::with_capacity(conns);
    for _ in 0..conns {
        let sender = connect(addr).await?;
        let remaining = Arc::clone(&remaining);
        let target = target.clone();
        let counter = Arc::clone(&counter);
        workers.push(tokio::spawn(async move {
            worker(sender, addr, target, counter, remaining, deadline).await
        }));
    }
    let mut latencies: Vec<u32> = Vec::new();
    let mut errors = 0;
    for w in workers {
        let (lat, errs) = w.await??;
        latencies.extend(lat);
        errors += errs;
    }
    let elapsed = start.elapsed();
    latencies.sort_unstable();
    let pct = |p: f64| -> Duration {
        let i = ((latencies.len() as f64 - 1.0) * p).round().max(0.0) as usize;
        Duration::from_micros(u64::from(latencies.get(i).copied().unwrap_or(0)))
    };
    Ok(Report {
        requests: latencies.len() as u64,
        errors,
        elapsed,
        p50: pct(0.50),
        p99: pct(0.99),
        max: pct(1.0),
    })
}

/// Latencies in microseconds, and the count of non-2xx answers.
async fn worker(
    mut sender: Sender,
    addr: SocketAddr,
    target: Target,
    counter: Arc<AtomicU64>,
    remaining: Arc<AtomicU64>,
    deadline: Option<Instant>,
) -> Result<(Vec<u32>, u64), Error> {
    let mut latencies = Vec::with_capacity(1 << 16);
    let mut errors = 0;
    loop {
        if let Some(deadline) = deadline {
            if Instant::now() >= deadline {
                break;
            }
        }
        if remaining
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |n| n.checked_sub(1))
            .is_err()
        {
            break;
        }
        let body = target.body(counter.fetch_add(1, Ordering::Relaxed));
        let t = Instant::now();
        let res = send(&mut sender, addr, &target.target, body).await?;
        let ok = res.status().is_success();
        res.into_body().collect().await?;
        latencies.push(u32::try_from(t.elapsed().as_micros()).unwrap_or(u32::MAX));
        if !ok {
            errors += 1;
        }
    }
    Ok((latencies, errors))
}

/// A bare hyper server: reads the body, answers a small JSON object. Nothing else.
async fn start_ceiling() -> Result<SocketAddr, Error> {
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let _ = stream.set_nodelay(true);
            tokio::spawn(async move {
                let service =
                    hyper::service::service_fn(|req: Request<hyper::body::Incoming>| async move {
                        let _ = req.into_body().collect().await;
                        Response::builder()
                            .header("content-type", "application/x-amz-json-1.1")
                            .body(Full::new(Bytes::from_static(b"{\"ok\":true}")))
                    });
                let _ = hyper::server::conn::http1::Builder::new()
                    .serve_connection(TokioIo::new(stream), service)
                    .await;
            });
        }
    });
    Ok(addr)
}

/// Spawns the binary with `--port 0` `n` times: time to the first answered request, and VmRSS once
/// idle.
async fn startup(n: usize, binary: Option<PathBuf>) -> Result<(), Error> {
    let binary = match binary {
        Some(b) => b,
        None => std::env::current_exe()?.with_file_name("cognito-emulator"),
    };
    let mut times = Vec::with_capacity(n);
    let mut rss = Vec::with_capacity(n);
    for _ in 0..n {
        let t = Instant::now();
        // std::process: the emulator's tokio has no process feature, and one blocking read is fine here.
        let mut child = std::process::Command::new(&binary)
            .args(["--port", "0", "--log-level", "error"])
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot run {}: {e}", binary.display()))?;
        let stdout = child.stdout.take().ok_or("no stdout")?;
        let line = tokio::task::spawn_blocking(move || {
            let mut line = String::new();
            std::io::BufRead::read_line(&mut std::io::BufReader::new(stdout), &mut line)
                .map(|_| line)
        })
        .await??;
        let url = line
            .trim()
            .rsplit(' ')
            .next()
            .ok_or("unexpected address line")?
            .to_owned();
        let addr = loopback_addr(&url)?;
        wait_for_answer(addr, &mut child, t, Duration::from_secs(10)).await?;
        times.push(t.elapsed());
        tokio::time::sleep(Duration::from_millis(200)).await;
        if let Some(kb) = vm_rss_kb(child.id()) {
            rss.push(kb);
        }
        let _ = child.kill();
        let _ = child.wait();
    }
    times.sort_unstable();
    rss.sort_unstable();
    let median = times.get(times.len() / 2).copied().unwrap_or_default();
    let min = times.first().copied().unwrap_or_default();
    let max = times.last().copied().unwrap_or_default();
    println!(
        "startup ({n} runs of {}): median {:.2} ms, min {:.2} ms, max {:.2} ms",
        binary.display(),
        ms(median),
        ms(min),
        ms(max)
    );
    if let Some(kb) = rss.get(rss.len() / 2) {
        println!(
            "idle RSS (VmRSS after the first answer): median {kb} kB ({:.1} MiB)",
            *kb as f64 / 1024.0
        );
    }
    Ok(())
}

/// `--spawn`: time from spawning `sh -c cmd` to the first answer below 500 to a `ListUserPools` at
/// `addr`, polled every millisecond (a refused connection is retried); gives up after 60 s.
async fn spawn_ready(cmd: &str, addr: SocketAddr) -> Result<(), Error> {
    let t = Instant::now();
    let mut child = std::process::Command::new("sh")
        .args(["-c", cmd])
        .stdin(std::process::Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot run sh -c {cmd:?}: {e}"))?;
    wait_for_answer(addr, &mut child, t, Duration::from_secs(60)).await?;
    println!(
        "{}",
        json!({"startup_ms": ms(t.elapsed()), "pid": child.id()})
    );
    Ok(())
}

/// Polls `addr` every millisecond with a `ListUserPools` until any answer below 500 (a refused connection
/// is retried); fails if `child` exits first or nothing answers within `limit` of `started`, and then
/// kills it. The one start-up probe of `--startup` and `--spawn`, so both measure the same thing.
async fn wait_for_answer(
    addr: SocketAddr,
    child: &mut std::process::Child,
    started: Instant,
    limit: Duration,
) -> Result<(), Error> {
    loop {
        let answer = call(
            addr,
            "AWSCognitoIdentityProviderService.ListUserPools",
            r#"{"MaxResults":1}"#,
        )
        .await;
        if matches!(answer, Ok((status, _)) if status < 500) {
            return Ok(());
        }
        if let Ok(Some(status)) = child.try_wait() {
            return Err(format!("the server exited ({status}) before answering").into());
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!("no answer within {} s", limit.as_secs()).into());
        }
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
}

fn vm_rss_kb(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok())
}

// ---------------------------------------------------------------------------------------------
// SrpSignIn: a full SRP sign-in per measured operation.

/// The scenario name of the full SRP sign-in.
const SRP_SIGN_IN: &str = "SrpSignIn";
const SRP_USER: &str = "load";
const SRP_PASSWORD: &str = "Load-Passw0rd!";

async fn seed_call(addr: SocketAddr, op: &str, body: Value) -> Result<Value, Error> {
    let target = format!("AWSCognitoIdentityProviderService.{op}");
    let (status, answer) = call(addr, &target, &body.to_string()).await?;
    if status != 200 {
        return Err(format!("seed {op} answered {status}: {answer}").into());
    }
    Ok(answer)
}

/// A pool, a client allowing SRP, and one confirmed user; returns (pool id, client id).
async fn srp_seed(addr: SocketAddr) -> Result<(String, String), Error> {
    let pool = seed_call(addr, "CreateUserPool", json!({"PoolName": "load-srp"})).await?;
    let pool_id = pool["UserPool"]["Id"]
        .as_str()
        .ok_or("no pool id")?
        .to_owned();
    let client = seed_call(
        addr,
        "CreateUserPoolClient",
        json!({"UserPoolId": pool_id, "ClientName": "load",
               "ExplicitAuthFlows": ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]}),
    )
    .await?;
    let client_id = client["UserPoolClient"]["ClientId"]
        .as_str()
        .ok_or("no client id")?
        .to_owned();
    seed_call(
        addr,
        "AdminCreateUser",
        json!({"UserPoolId": pool_id, "Username": SRP_USER, "MessageAction": "SUPPRESS"}),
    )
    .await?;
    seed_call(
        addr,
        "AdminSetUserPassword",
        json!({"UserPoolId": pool_id, "Username": SRP_USER, "Password": SRP_PASSWORD,
               "Permanent": true}),
    )
    .await?;
    Ok((pool_id, client_id))
}

/// One request on a kept-alive connection: status and JSON answer.
async fn send_json(
    sender: &mut Sender,
    addr: SocketAddr,
    op: &str,
    body: &Value,
) -> Result<(u16, Value), Error> {
    sender.ready().await?;
    let target = format!("AWSCognitoIdentityProviderService.{op}");
    let res = sender
        .send_request(request(addr, &target, Bytes::from(body.to_string()))?)
        .await?;
    let status = res.status().as_u16();
    let bytes = res.into_body().collect().await?.to_bytes();
    Ok((
        status,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    ))
}

/// One full SRP sign-in; true if it ended with tokens. The client's `a` is 256 bits (like the server's
/// `b`) so that the load generator's own modular exponentiations take less of the shared CPU.
async fn srp_sign_in_once(
    sender: &mut Sender,
    addr: SocketAddr,
    pool_id: &str,
    client_id: &str,
) -> Result<bool, Error> {
    use cognito_emulator::domain::srp;
    let mut a = [0u8; 32];
    rand::RngCore::fill_bytes(&mut rand::thread_rng(), &mut a);
    let client = srp::client::SrpClient::with_a(&num_bigint::BigUint::from_bytes_be(&a));
    let (status, challenge) = send_json(
        sender,
        addr,
        "InitiateAuth",
        &json!({"ClientId": client_id, "AuthFlow": "USER_SRP_AUTH",
                "AuthParameters": {"USERNAME": SRP_USER, "SRP_A": client.a_hex()}}),
    )
    .await?;
    if status != 200 {
        return Ok(false);
    }
    let p = &challenge["ChallengeParameters"];
    let field = |n: &str| p[n].as_str().unwrap_or_default().to_owned();
    let (user_id, block) = (field("USER_ID_FOR_SRP"), field("SECRET_BLOCK"));
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or_default();
    let timestamp = srp::format_timestamp(now);
    let pool_name = pool_id.split_once('_').map_or(pool_id, |(_, n)| n);
    let signature = client
        .signature(
            pool_name,
            &user_id,
            SRP_PASSWORD,
            &field("SALT"),
            &field("SRP_B"),
            &block,
            &timestamp,
        )
        .map_err(|e| format!("SRP client: {e}"))?;
    let (status, answer) = send_json(
        sender,
        addr,
        "RespondToAuthChallenge",
        &json!({"ClientId": client_id, "ChallengeName": "PASSWORD_VERIFIER",
                "ChallengeResponses": {"USERNAME": user_id, "PASSWORD_CLAIM_SECRET_BLOCK": block,
                                       "TIMESTAMP": timestamp, "PASSWORD_CLAIM_SIGNATURE": signature}}),
    )
    .await?;
    Ok(status == 200 && answer["AuthenticationResult"]["AccessToken"].is_string())
}

/// Runs `conns` workers of full SRP sign-ins against a freshly seeded pool.
async fn srp_sign_in_load(addr: SocketAddr, conns: usize, amount: Amount) -> Result<Report, Error> {
    let (pool_id, client_id) = srp_seed(addr).await?;
    println!(
        "emulator: {SRP_SIGN_IN} (InitiateAuth + RespondToAuthChallenge), {conns} connections"
    );
    let remaining = Arc::new(AtomicU64::new(match amount {
        Amount::Count(n) => n,
        Amount::For(_) => u64::MAX,
    }));
    let start = Instant::now();
    let deadline = match amount {
        Amount::For(d) => Some(start + d),
        Amount::Count(_) => None,
    };
    let mut workers = Vec::with_capacity(conns);
    for _ in 0..conns {
        let mut sender = connect(addr).await?;
        let remaining = Arc::clone(&remaining);
        let (pool_id, client_id) = (pool_id.clone(), client_id.clone());
        workers.push(tokio::spawn(async move {
            let mut latencies: Vec<u32> = Vec::new();
            let mut errors = 0u64;
            loop {
                if deadline.is_some_and(|d| Instant::now() >= d)
                    || remaining
                        .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |n| n.checked_sub(1))
                        .is_err()
                {
                    break;
                }
                let t = Instant::now();
                let ok = srp_sign_in_once(&mut sender, addr, &pool_id, &client_id).await?;
                latencies.push(u32::try_from(t.elapsed().as_micros()).unwrap_or(u32::MAX));
                if !ok {
                    errors += 1;
                }
            }
            Ok::<_, Error>((latencies, errors))
        }));
    }
    let mut latencies: Vec<u32> = Vec::new();
    let mut errors = 0;
    for w in workers {
        let (lat, errs) = w.await??;
        latencies.extend(lat);
        errors += errs;
    }
    let elapsed = start.elapsed();
    latencies.sort_unstable();
    let pct = |p: f64| -> Duration {
        let i = ((latencies.len() as f64 - 1.0) * p).round().max(0.0) as usize;
        Duration::from_micros(u64::from(latencies.get(i).copied().unwrap_or(0)))
    };
    Ok(Report {
        requests: latencies.len() as u64,
        errors,
        elapsed,
        p50: pct(0.50),
        p99: pct(0.99),
        max: pct(1.0),
    })
}

/// `--scale N`: a pool of `n` users made in-process the way `AdminCreateUser` makes them (username,
/// `sub`, email, email_verified, password hash), then resident memory and single-connection latencies.
async fn scale(n: u64, requests: u64) -> Result<(), Error> {
    use cognito_emulator::domain::password::PasswordHash;
    use cognito_emulator::domain::user::{User, UserStatus};

    let server = cognito_emulator::spawn(cognito_emulator::Config::default()).await?;
    let addr = server.addr;
    let (status, pool) = call(
        addr,
        "AWSCognitoIdentityProviderService.CreateUserPool",
        r#"{"PoolName":"scale"}"#,
    )
    .await?;
    if status != 200 {
        return Err(format!("CreateUserPool answered {status}: {pool}").into());
    }
    let pool_id = pool["UserPool"]["Id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    settle_keys(&server.app).await;
    let pid = std::process::id();
    let before = vm_rss_kb(pid).unwrap_or(0);
    let t = Instant::now();
    let now = server.app.clock.now_millis();
    const CHUNK: u64 = 10_000;
    let mut i = 0;
    while i < n {
        let end = (i + CHUNK).min(n);
        server.app.store.write_pool(&pool_id, |p| {
            for k in i..end {
                let username = format!("user{k}");
                let sub = cognito_emulator::domain::ids::user_sub(now);
                let mut u = User::new(username.clone(), sub, now, UserStatus::Confirmed);
                u.attributes
                    .insert("email".into(), format!("user{k}@example.com"));
                u.attributes.insert("email_verified".into(), "true".into());
                u.password = Some(PasswordHash::new(&pool_id, &username, "Passw0rd!"));
                p.users.insert(u);
            }
            Ok(())
        })?;
        i = end;
    }
    let seeded_in = t.elapsed();
    let after = vm_rss_kb(pid).unwrap_or(0);
    let grown = after.saturating_sub(before);
    println!(
        "scale: {n} users seeded in-process in {:.1} s; VmRSS {:.1} MiB before, {:.1} MiB after \
         ({:.0} bytes per user)",
        seeded_in.as_secs_f64(),
        before as f64 / 1024.0,
        after as f64 / 1024.0,
        grown as f64 * 1024.0 / n as f64
    );
    let middle = n / 2;
    let cases = [
        (
            "ListUsers email =",
            "AWSCognitoIdentityProviderService.ListUsers",
            json!({"UserPoolId": pool_id,
                   "Filter": format!("email = \"user{middle}@example.com\"")}),
        ),
        (
            "ListUsers username =",
            "AWSCognitoIdentityProviderService.ListUsers",
            json!({"UserPoolId": pool_id, "Filter": format!("username = \"user{middle}\"")}),
        ),
        (
            // A prefix matching a handful of users (user50000, user500000..=user500009 for 1M).
            "ListUsers email ^=",
            "AWSCognitoIdentityProviderService.ListUsers",
            json!({"UserPoolId": pool_id,
                   "Filter": format!("email ^= \"user{}\"", middle / 10)}),
        ),
        (
            "ListUsers (first page)",
            "AWSCognitoIdentityProviderService.ListUsers",
            json!({"UserPoolId": pool_id, "Limit": 60}),
        ),
        (
            "AdminGetUser",
            "AWSCognitoIdentityProviderService.AdminGetUser",
            json!({"UserPoolId": pool_id, "Username": format!("user{middle}")}),
        ),
        (
            "DescribeUserPool",
            "AWSCognitoIdentityProviderService.DescribeUserPool",
            json!({"UserPoolId": pool_id}),
        ),
    ];
    for (label, target, body) in cases {
        let (status, answer) = call(addr, target, &body.to_string()).await?;
        if status != 200 {
            return Err(format!("{label} answered {status}: {answer}").into());
        }
        let report = load(
            addr,
            &Target::new(target, &body),
            Arc::new(AtomicU64::new(0)),
            1,
            Amount::Count(requests.clamp(1, 1_000_000)),
        )
        .await?;
        report.print(&format!("{n} users: {label}"));
    }
    server.stop().await;
    Ok(())
}
