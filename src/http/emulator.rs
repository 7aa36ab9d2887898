//! The emulator's own API under `/_emulator/`: small, JSON, documented in the README.
//! - `GET /_emulator/health`: `{"status": "ok", ...}`
//! - `POST /_emulator/reset`: forgets all state.
//! - `GET /_emulator/messages[?userPoolId=..&username=..]`: the message outbox, oldest first.
//! - `DELETE /_emulator/messages`: clears the outbox.
//! - `PUT /_emulator/user-import/<poolId>/<jobId>`: the pre-signed URL of a user import job (the CSV).

use std::sync::Arc;

use hyper::{Method, Response, StatusCode};
use serde_json::json;

use crate::app::App;
use crate::http::response::{not_found, plain_json, Body};
use crate::ops::{IdentityOp, IdpOp};

/// Serves a request under `/_emulator/`.
pub fn handle(
    app: &Arc<App>,
    method: &Method,
    path: &str,
    query: Option<&str>,
    body: &[u8],
) -> Response<Body> {
    if let (&Method::PUT, Some(rest)) = (method, path.strip_prefix("/_emulator/user-import/")) {
        let Some((pool_id, job_id)) = rest.split_once('/') else {
            return not_found(path);
        };
        return match crate::ops::idp::import_jobs::upload(app, pool_id, job_id, body) {
            Ok(()) => plain_json(StatusCode::OK, &json!({"uploaded": true})),
            Err(e) => plain_json(
                StatusCode::BAD_REQUEST,
                &json!({"__type": e.code().as_str(), "message": e.message()}),
            ),
        };
    }
    match (method, path) {
        (&Method::GET, "/_emulator/health") => plain_json(
            StatusCode::OK,
            &json!({
                "status": "ok",
                "version": env!("CARGO_PKG_VERSION"),
                "region": app.config.region,
                "accountId": app.config.account_id,
                "operations": {
                    "cognito-idp": {
                        "total": IdpOp::ALL.len(),
                        "implemented": IdpOp::ALL.iter().filter(|o| o.is_implemented()).count(),
                    },
                    "cognito-identity": {
                        "total": IdentityOp::ALL.len(),
                        "implemented": IdentityOp::ALL.iter().filter(|o| o.is_implemented()).count(),
                    },
                },
            }),
        ),
        (&Method::POST, "/_emulator/reset") => {
            app.reset();
            plain_json(StatusCode::OK, &json!({"reset": true}))
        }
        (&Method::GET, "/_emulator/messages") => {
            let params = query_params(query.unwrap_or(""));
            let param = |name: &str| {
                params
                    .iter()
                    .find(|(k, v)| k == name && !v.is_empty())
                    .map(|(_, v)| v.as_str())
            };
            let messages = app.outbox.list(param("userPoolId"), param("username"));
            plain_json(StatusCode::OK, &json!({ "messages": messages }))
        }
        (&Method::DELETE, "/_emulator/messages") => {
            app.outbox.clear();
            plain_json(StatusCode::OK, &json!({"cleared": true}))
        }
        _ => not_found(path),
    }
}

/// Decodes `a=b&c=d` (percent-encoding and `+`).
pub fn query_params(query: &str) -> Vec<(String, String)> {
    fn decode(s: &str) -> String {
        let bytes = s.as_bytes();
        let mut out = Vec::with_capacity(bytes.len());
        let mut i = 0;
        while let Some(&b) = bytes.get(i) {
            match b {
                b'+' => out.push(b' '),
                b'%' => {
                    let hex = bytes
                        .get(i + 1..i + 3)
                        .and_then(|h| std::str::from_utf8(h).ok())
                        .and_then(|h| u8::from_str_radix(h, 16).ok());
                    if let Some(v) = hex {
                        out.push(v);
                        i += 2;
                    } else {
                        out.push(b'%');
                    }
                }
                _ => out.push(b),
            }
            i += 1;
        }
        String::from_utf8_lossy(&out).into_owned()
    }
    query
        .split('&')
        .filter(|kv| !kv.is_empty())
        .map(|kv| match kv.split_once('=') {
            Some((k, v)) => (decode(k), decode(v)),
            None => (decode(kv), String::new()),
        })
        .collect()
}
