//! Robustness under malformed input: thousands of seeded random requests against an in-process server
//! (random bytes, truncated JSON, a wrong JSON type at each member of inputs generated from the models,
//! huge numbers, deep nesting, invalid UTF-8, random `X-Amz-Target`s). Whatever is sent, the server must
//! answer (no panic, no dropped connection), never with a 5xx except 501 NotImplementedException for an
//! operation still unimplemented, and every error must be an AWS error: a JSON body with string `__type`
//! and `message`, and an `x-amzn-ErrorType` header. The seed is printed so a failure can be replayed with
//! `FUZZ_SEED=<seed> cargo test --test it fuzz`; `FUZZ_CASES` sets the number of requests.

use std::collections::HashMap;
use std::sync::Arc;

use cognito_emulator::ops::{IdentityOp, IdpOp};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde_json::{json, Map, Value};

use crate::common::{reqwest_lite, start, Raw};

const IDP_PREFIX: &str = "AWSCognitoIdentityProviderService";
const IDENTITY_PREFIX: &str = "AWSCognitoIdentityService";

/// A botocore model: shapes by name and the input shape of each operation.
struct Model {
    prefix: &'static str,
    shapes: Map<String, Value>,
    inputs: Vec<(String, Option<String>)>,
}

impl Model {
    fn load(file: &str, prefix: &'static str) -> Model {
        let path = format!("{}/fixtures/models/{file}", env!("CARGO_MANIFEST_DIR"));
        let doc: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        let shapes = doc["shapes"].as_object().unwrap().clone();
        let mut inputs: Vec<(String, Option<String>)> = doc["operations"]
            .as_object()
            .unwrap()
            .iter()
            .map(|(name, op)| {
                (
                    name.clone(),
                    op["input"]["shape"].as_str().map(str::to_owned),
                )
            })
            .collect();
        inputs.sort();
        Model {
            prefix,
            shapes,
            inputs,
        }
    }

    /// A value of the right JSON type for `shape`, with random content (often valid, sometimes not).
    fn generate(&self, rng: &mut StdRng, shape: &str, depth: u32) -> Value {
        let s = &self.shapes[shape];
        match s["type"].as_str().unwrap_or("string") {
            "structure" => {
                let mut obj = Map::new();
                if depth > 4 {
                    return Value::Object(obj);
                }
                let required: Vec<&str> = s["required"]
                    .as_array()
                    .map(|a| a.iter().filter_map(Value::as_str).collect())
                    .unwrap_or_default();
                if let Some(members) = s["members"].as_object() {
                    for (name, m) in members {
                        if required.contains(&name.as_str()) || rng.gen_bool(0.3) {
                            let v = self.generate(rng, m["shape"].as_str().unwrap(), depth + 1);
                            obj.insert(name.clone(), v);
                        }
                    }
                }
                Value::Object(obj)
            }
            "list" => {
                let n = if depth > 4 { 0 } else { rng.gen_range(0..3) };
                let member = s["member"]["shape"].as_str().unwrap();
                Value::Array(
                    (0..n)
                        .map(|_| self.generate(rng, member, depth + 1))
                        .collect(),
                )
            }
            "map" => {
                let mut obj = Map::new();
                if depth <= 4 {
                    for _ in 0..rng.gen_range(0..3) {
                        let k = self.generate(rng, s["key"]["shape"].as_str().unwrap(), depth + 1);
                        let v =
                            self.generate(rng, s["value"]["shape"].as_str().unwrap(), depth + 1);
                        obj.insert(k.as_str().unwrap_or("k").to_owned(), v);
                    }
                }
                Value::Object(obj)
            }
            "string" => {
                if let Some(values) = s["enum"].as_array() {
                    if !values.is_empty() && rng.gen_bool(0.8) {
                        return values[rng.gen_range(0..values.len())].clone();
                    }
                }
                Value::String(random_string(rng, shape))
            }
            "integer" | "long" => json!(rng.gen_range(-5i64..100)),
            "double" | "float" => json!(rng.gen_range(-5.0..100.0)),
            "boolean" => json!(rng.gen_bool(0.5)),
            "timestamp" => json!(rng.gen_range(0..2_000_000_000u32)),
            "blob" => json!("aGVsbG8="),
            _ => Value::Null,
        }
    }
}

/// Strings that hit the common patterns (pool ids, identity pool ids, names) as well as random ones.
fn random_string(rng: &mut StdRng, shape: &str) -> String {
    match rng.gen_range(0..8) {
        0 => "us-east-1_abcDEF123".into(),
        1 => "us-east-1:00000000-0000-0000-0000-000000000000".into(),
        2 => String::new(),
        3 => "x".repeat(rng.gen_range(1..3000)),
        4 => (0..rng.gen_range(1..20))
            .map(|_| char::from_u32(rng.gen_range(0x20..0x2FFF)).unwrap_or('?'))
            .collect(),
        5 => format!("{shape}-{}", rng.gen::<u32>()),
        _ => (0..rng.gen_range(1..30))
            .map(|_| rng.gen_range(b'a'..=b'z') as char)
            .collect(),
    }
}

/// Values of every JSON type and some hostile ones, to put where a member of another type belongs.
fn wrong_value(rng: &mut StdRng) -> Value {
    match rng.gen_range(0..14) {
        0 => Value::Null,
        1 => json!(true),
        2 => json!(-1),
        3 => json!(u64::MAX),
        4 => json!(i64::MIN),
        5 => json!(1.5e300),
        6 => json!("not-the-right-type"),
        7 => json!([]),
        8 => json!({}),
        9 => json!([1, "two", null, {"three": 3}]),
        10 => json!({"nested": {"deeper": [[[]]]}}),
        11 => json!("x".repeat(100_000)),
        12 => json!(0.000_000_1),
        _ => json!(-0.0),
    }
}

/// Replaces one random member somewhere in `v` with `replacement`.
fn mutate_member(rng: &mut StdRng, v: &mut Value, replacement: Value) {
    match v {
        Value::Object(map) if !map.is_empty() => {
            let keys: Vec<String> = map.keys().cloned().collect();
            let k = &keys[rng.gen_range(0..keys.len())];
            let child = map.get_mut(k).unwrap();
            if rng.gen_bool(0.5) && (child.is_object() || child.is_array()) {
                mutate_member(rng, child, replacement);
            } else {
                *child = replacement;
            }
        }
        Value::Array(items) if !items.is_empty() => {
            let i = rng.gen_range(0..items.len());
            items[i] = replacement;
        }
        other => *other = replacement,
    }
}

/// One request to send: target and raw body bytes.
struct Case {
    target: String,
    body: Vec<u8>,
    kind: &'static str,
}

fn make_case(rng: &mut StdRng, models: &[Model]) -> Case {
    let model = &models[rng.gen_range(0..models.len())];
    let (op, input) = &model.inputs[rng.gen_range(0..model.inputs.len())];
    let target = format!("{}.{op}", model.prefix);
    let valid = |rng: &mut StdRng| match input {
        Some(shape) => model.generate(rng, shape, 0),
        None => json!({}),
    };
    match rng.gen_range(0..10) {
        0 => {
            let n = rng.gen_range(0..512);
            Case {
                target,
                body: (0..n).map(|_| rng.gen()).collect(),
                kind: "random bytes",
            }
        }
        1 => {
            let body = valid(rng).to_string().into_bytes();
            let cut = rng.gen_range(0..body.len().max(1));
            Case {
                target,
                body: body[..cut].to_vec(),
                kind: "truncated JSON",
            }
        }
        2..=4 => {
            let mut v = valid(rng);
            let w = wrong_value(rng);
            mutate_member(rng, &mut v, w);
            Case {
                target,
                body: v.to_string().into_bytes(),
                kind: "wrong type at a member",
            }
        }
        5 => {
            let depth = rng.gen_range(100..20_000);
            let (open, close) = if rng.gen_bool(0.5) {
                ("[", "]")
            } else {
                ("{\"a\":", "}")
            };
            let mut body = String::from("{\"X\":");
            body.push_str(&open.repeat(depth));
            body.push('1');
            body.push_str(&close.repeat(depth));
            body.push('}');
            Case {
                target,
                body: body.into_bytes(),
                kind: "deep nesting",
            }
        }
        6 => {
            let numbers = [
                "1e999",
                "-1e999",
                "123456789012345678901234567890",
                "0.0000000000000000000000000001e-400",
                "NaN",
                "Infinity",
                "-0",
                "01",
            ];
            let n = numbers[rng.gen_range(0..numbers.len())];
            let mut v = valid(rng);
            mutate_member(rng, &mut v, json!("__NUM__"));
            Case {
                target,
                body: v.to_string().replace("\"__NUM__\"", n).into_bytes(),
                kind: "huge number",
            }
        }
        7 => {
            let mut v = valid(rng);
            mutate_member(rng, &mut v, json!("__BAD__"));
            let text = v.to_string();
            let mut body = Vec::new();
            let (a, b) = text.split_once("__BAD__").unwrap_or((&text, ""));
            body.extend_from_slice(a.as_bytes());
            body.extend_from_slice(&[0xff, 0xfe, 0xc3, 0x28, 0xed, 0xa0, 0x80]);
            body.extend_from_slice(b.as_bytes());
            Case {
                target,
                body,
                kind: "invalid UTF-8",
            }
        }
        8 => {
            let targets = [
                String::new(),
                "AWSCognitoIdentityProviderService".into(),
                "AWSCognitoIdentityProviderService.".into(),
                format!(
                    "AWSCognitoIdentityProviderService.{}",
                    random_string(rng, "op")
                ),
                format!("AWSCognitoIdentityService.{}", random_string(rng, "op")),
                format!("Nope.{op}"),
                op.clone(),
                format!("{}.{}", model.prefix, op.to_lowercase()),
                format!("{}..{op}", model.prefix),
                (0..rng.gen_range(1..60))
                    .map(|_| rng.gen_range(0x21u8..0x7f) as char)
                    .collect(),
            ];
            Case {
                target: targets[rng.gen_range(0..targets.len())].clone(),
                body: valid(rng).to_string().into_bytes(),
                kind: "random target",
            }
        }
        _ => Case {
            target,
            body: valid(rng).to_string().into_bytes(),
            kind: "generated input",
        },
    }
}

fn implemented() -> HashMap<String, bool> {
    let mut m = HashMap::new();
    for op in IdpOp::ALL {
        m.insert(format!("{IDP_PREFIX}.{}", op.name()), op.is_implemented());
    }
    for op in IdentityOp::ALL {
        m.insert(
            format!("{IDENTITY_PREFIX}.{}", op.name()),
            op.is_implemented(),
        );
    }
    m
}

fn check(case: &Case, raw: &Raw, implemented: &HashMap<String, bool>) -> Result<(), String> {
    let what = || {
        format!(
            "{} to {:?} ({} bytes: {:?}) answered {} {:?}",
            case.kind,
            case.target,
            case.body.len(),
            String::from_utf8_lossy(&case.body[..case.body.len().min(200)]),
            raw.status,
            &raw.body[..raw.body.len().min(300)]
        )
    };
    if raw.status == 0 {
        return Err(format!(
            "no answer (panic or dropped connection): {}",
            what()
        ));
    }
    if (200..300).contains(&raw.status) {
        return Ok(());
    }
    let body = raw.json();
    let ty = body["__type"].as_str();
    if ty.is_none() || !body["message"].is_string() {
        return Err(format!("error without __type/message: {}", what()));
    }
    if raw.header("x-amzn-errortype").is_none() {
        return Err(format!("error without x-amzn-ErrorType: {}", what()));
    }
    if raw.status >= 500 {
        let unimplemented_op = implemented.get(&case.target) == Some(&false);
        if !(raw.status == 501 && ty == Some("NotImplementedException") && unimplemented_op) {
            return Err(format!("server error: {}", what()));
        }
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn malformed_requests_never_crash_or_5xx() {
    let seed: u64 = std::env::var("FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(rand::random);
    let cases: usize = std::env::var("FUZZ_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(6000);
    println!("fuzz seed {seed} ({cases} cases); replay with FUZZ_SEED={seed}");
    let models = Arc::new(vec![
        Model::load("cognito-idp.json", IDP_PREFIX),
        Model::load("cognito-identity.json", IDENTITY_PREFIX),
    ]);
    let implemented = Arc::new(implemented());
    let server = start().await;
    let addr = server.addr;
    let workers = 8usize;
    let mut handles = Vec::new();
    for w in 0..workers {
        let models = Arc::clone(&models);
        let implemented = Arc::clone(&implemented);
        handles.push(tokio::spawn(async move {
            let mut rng = StdRng::seed_from_u64(seed.wrapping_add(w as u64));
            let mut failures = Vec::new();
            let mut kinds: HashMap<&'static str, usize> = HashMap::new();
            let mut statuses: HashMap<u16, usize> = HashMap::new();
            for _ in 0..cases / workers {
                let case = make_case(&mut rng, &models);
                *kinds.entry(case.kind).or_default() += 1;
                let raw = reqwest_lite::send(
                    addr,
                    "POST",
                    "/",
                    &[
                        ("X-Amz-Target", case.target.as_str()),
                        ("Content-Type", "application/x-amz-json-1.1"),
                    ],
                    &case.body,
                )
                .await;
                *statuses.entry(raw.status).or_default() += 1;
                if let Err(e) = check(&case, &raw, &implemented) {
                    failures.push(e);
                }
            }
            (failures, kinds, statuses)
        }));
    }
    let mut failures = Vec::new();
    let mut kinds: HashMap<&'static str, usize> = HashMap::new();
    let mut statuses: HashMap<u16, usize> = HashMap::new();
    for h in handles {
        let (f, k, st) = h.await.unwrap();
        failures.extend(f);
        for (kind, n) in k {
            *kinds.entry(kind).or_default() += n;
        }
        for (status, n) in st {
            *statuses.entry(status).or_default() += n;
        }
    }
    println!("cases by kind: {kinds:?}");
    println!("answers by status: {statuses:?}");
    // Still alive and serving after all that.
    let health = reqwest_lite::send(addr, "GET", "/_emulator/health", &[], b"").await;
    assert_eq!(health.status, 200);
    assert!(
        failures.is_empty(),
        "seed {seed}: {} failures, first ones:\n{}",
        failures.len(),
        failures
            .iter()
            .take(10)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[tokio::test]
async fn malformed_envelopes_are_aws_errors() {
    let server = start().await;
    let implemented = implemented();
    type Envelope<'a> = (&'a str, &'a [(&'a str, &'a str)], &'a [u8]);
    let cases: Vec<Envelope> = vec![
        ("POST", &[], b"{}"),
        (
            "POST",
            &[(
                "X-Amz-Target",
                "AWSCognitoIdentityProviderService.ListUserPools",
            )],
            b"",
        ),
        (
            "POST",
            &[
                (
                    "X-Amz-Target",
                    "AWSCognitoIdentityProviderService.ListUserPools",
                ),
                ("Content-Type", "application/x-amz-json-1.1"),
            ],
            b"[]",
        ),
        (
            "POST",
            &[
                (
                    "X-Amz-Target",
                    "AWSCognitoIdentityProviderService.ListUserPools",
                ),
                ("Content-Type", "application/x-amz-json-1.1"),
            ],
            b"null",
        ),
        (
            "POST",
            &[
                (
                    "X-Amz-Target",
                    "AWSCognitoIdentityService.ListIdentityPools",
                ),
                ("Content-Type", "application/x-amz-json-1.1"),
            ],
            b"\"str\"",
        ),
    ];
    for (method, headers, body) in cases {
        let raw = reqwest_lite::send(server.addr, method, "/", headers, body).await;
        let case = Case {
            target: headers
                .iter()
                .find(|(k, _)| *k == "X-Amz-Target")
                .map(|(_, v)| v.to_string())
                .unwrap_or_default(),
            body: body.to_vec(),
            kind: "envelope",
        };
        assert!(raw.status >= 400, "{headers:?} {body:?}: {}", raw.status);
        check(&case, &raw, &implemented).unwrap();
    }
}
