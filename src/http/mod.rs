//! The HTTP edge: the only module that knows hyper. It routes by method and path, reads bounded bodies,
//! turns `X-Amz-Target` into an operation, runs model validation, and writes the AWS envelopes.
//!
//! Routes, all on one port:
//! - `POST /` with `X-Amz-Target`: the two JSON 1.1 services; form-encoded `POST /` without it: STS.
//! - `GET /<poolId>/.well-known/{jwks.json,openid-configuration}`: `well_known.rs`.
//! - `/oauth2/{authorize,token,userInfo,revoke}`, `/login`, `/logout`: the OAuth endpoints (`oauth.rs`).
//! - `GET /.well-known/jwks_uri`: the identity-pool OpenID keys (`identity_jwks.rs`).
//! - `/_emulator/*`: the emulator's own API (`emulator.rs`).
//! - `OPTIONS *`: CORS preflight, for browser SDKs.

pub mod emulator;
pub mod identity_jwks;
pub mod oauth;
pub mod response;
pub mod sigv4;
pub mod sts;
pub mod well_known;

use std::borrow::Cow;
use std::convert::Infallible;
use std::sync::Arc;
use std::time::Instant;

use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Incoming;
use hyper::header::{HeaderMap, AUTHORIZATION, CONTENT_TYPE, ORIGIN};
use hyper::{Method, Request, Response, StatusCode};

use crate::app::{App, Ctx};
use crate::error::{CognitoError, ErrorCode};
use crate::input::Node;
use crate::ops::Op;
use crate::smithy::{self, Service};
use response::Body;

/// What the request log line says about a request.
struct Outcome {
    /// Borrowed for the usual case (an operation's name), owned for a path or an unknown target.
    operation: Cow<'static, str>,
    error: Option<ErrorCode>,
}

/// Serves one HTTP request. Never fails: every problem becomes an HTTP answer.
pub async fn handle(app: Arc<App>, req: Request<Incoming>) -> Result<Response<Body>, Infallible> {
    // The clock is read only for the access log: at `--log-level warn` and above it is not written.
    let start = tracing::enabled!(tracing::Level::INFO).then(Instant::now);
    // Method and path are borrowed from the request's head (not copied): the body is taken apart from it.
    let (parts, body) = req.into_parts();
    let origin = parts.headers.get(ORIGIN);
    let method = &parts.method;
    let path = parts.uri.path();

    let (response, outcome) = if method == Method::OPTIONS {
        let mut r = Response::new(Full::new(Bytes::new()));
        *r.status_mut() = StatusCode::OK;
        (
            r,
            Outcome {
                operation: "CORS preflight".into(),
                error: None,
            },
        )
    } else {
        match Limited::new(body, app.config.max_body_bytes)
            .collect()
            .await
        {
            Ok(collected) => route(
                &app,
                method,
                path,
                parts.uri.query(),
                &parts.headers,
                collected.to_bytes(),
            ),
            Err(e) => {
                let err = if e
                    .downcast_ref::<http_body_util::LengthLimitError>()
                    .is_some()
                {
                    CognitoError::new(
                        ErrorCode::RequestEntityTooLarge,
                        format!("Request body exceeds {} bytes.", app.config.max_body_bytes),
                    )
                } else {
                    CognitoError::serialization("The request body could not be read.")
                };
                let id = uuid::Uuid::new_v4().to_string();
                (
                    response::json_error(&err, &id),
                    Outcome {
                        operation: "-".into(),
                        error: Some(err.code()),
                    },
                )
            }
        }
    };
    // CORS headers only where a browser can use them: on preflights and on requests that carry an
    // `Origin` (browsers send it on every cross-origin request). SDKs, the CLI and test suites send none,
    // and five headers per answer were about 4% of the server's time.
    let response = if origin.is_some() || method == Method::OPTIONS {
        let requested_headers = parts
            .headers
            .get(hyper::header::ACCESS_CONTROL_REQUEST_HEADERS);
        response::with_cors(response, origin, requested_headers)
    } else {
        response
    };
    if let Some(start) = start {
        let status = response.status().as_u16();
        let micros = start.elapsed().as_micros() as u64;
        match outcome.error {
            Some(code) => {
                tracing::info!(op = %outcome.operation, status, error = code.as_str(), micros, "{method} {path}")
            }
            None => tracing::info!(op = %outcome.operation, status, micros, "{method} {path}"),
        }
    }
    Ok(response)
}

fn route(
    app: &Arc<App>,
    method: &Method,
    path: &str,
    query: Option<&str>,
    headers: &HeaderMap,
    body: Bytes,
) -> (Response<Body>, Outcome) {
    if path.starts_with("/_emulator/") {
        let r = emulator::handle(app, method, path, query, &body);
        return (
            r,
            Outcome {
                operation: Cow::Owned(path.into()),
                error: None,
            },
        );
    }
    if method == Method::POST && path == "/" {
        if let Some(target) = headers
            .get(response::X_AMZ_TARGET)
            .and_then(|v| v.to_str().ok())
        {
            return aws_json(app, target, headers, &body);
        }
        let form = headers
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|c| c.starts_with("application/x-www-form-urlencoded"));
        if form {
            let r = sts::handle(app, method, path, query, headers, &body);
            return (
                r,
                Outcome {
                    operation: "STS".into(),
                    error: None,
                },
            );
        }
        let id = uuid::Uuid::new_v4().to_string();
        let err = CognitoError::new(ErrorCode::UnknownOperation, "Missing X-Amz-Target header.");
        return (
            response::json_error(&err, &id),
            Outcome {
                operation: "-".into(),
                error: Some(err.code()),
            },
        );
    }
    if let Some(r) = identity_jwks::handle(app, method, path) {
        return (
            r,
            Outcome {
                operation: Cow::Owned(path.into()),
                error: None,
            },
        );
    }
    if let Some(r) = oauth::handle(app, method, path, query, headers, &body) {
        return (
            r,
            Outcome {
                operation: Cow::Owned(path.into()),
                error: None,
            },
        );
    }
    if let Some(r) = well_known::handle(app, method, path, query, headers, &body) {
        return (
            r,
            Outcome {
                operation: Cow::Owned(path.into()),
                error: None,
            },
        );
    }
    (
        response::not_found(path),
        Outcome {
            operation: Cow::Owned(path.into()),
            error: None,
        },
    )
}

/// The region of a signed request (its credential scope), else the configured default.
fn request_region(app: &App, headers: &HeaderMap) -> String {
    headers
        .get(AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(sigv4::credential_scope)
        .map(|s| s.region.to_owned())
        .unwrap_or_else(|| app.config.region.clone())
}

fn aws_json(
    app: &Arc<App>,
    target: &str,
    headers: &HeaderMap,
    body: &[u8],
) -> (Response<Body>, Outcome) {
    // On the stack: the id is copied into the header anyway.
    let mut id_buf = uuid::Uuid::encode_buffer();
    let request_id: &str = uuid::Uuid::new_v4().hyphenated().encode_lower(&mut id_buf);
    let (op_name, result) = match run_json(app, target, headers, body) {
        Ok((op, bytes)) => (Cow::Borrowed(op.name()), Ok(bytes)),
        Err((name, err)) => (name, Err(err)),
    };
    match result {
        Ok(bytes) => (
            response::json_ok(bytes, request_id),
            Outcome {
                operation: op_name,
                error: None,
            },
        ),
        Err(err) => (
            response::json_error(&err, request_id),
            Outcome {
                operation: op_name,
                error: Some(err.code()),
            },
        ),
    }
}

type JsonFailure = (Cow<'static, str>, CognitoError);

fn run_json(
    app: &Arc<App>,
    target: &str,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<(Op, Bytes), JsonFailure> {
    let unknown = || {
        (
            Cow::Owned(target.to_owned()),
            CognitoError::new(
                ErrorCode::UnknownOperation,
                format!("Unknown operation {target}."),
            ),
        )
    };
    let (prefix, name) = target.split_once('.').ok_or_else(unknown)?;
    let service = match prefix {
        "AWSCognitoIdentityProviderService" => Service::Idp,
        "AWSCognitoIdentityService" => Service::Identity,
        _ => return Err(unknown()),
    };
    let op = Op::find(service, name).ok_or_else(unknown)?;
    let fail = |e: CognitoError| (Cow::Borrowed(op.name()), e);
    let input = if body.iter().all(u8::is_ascii_whitespace) {
        Node::Object(Vec::new())
    } else {
        Node::parse(body).map_err(|_| {
            fail(CognitoError::serialization(
                "Request body is not valid JSON.",
            ))
        })?
    };
    if !input.is_object() {
        return Err(fail(CognitoError::serialization(
            "Start of structure or map found where not expected.",
        )));
    }
    let model = smithy::model(service);
    if let Some(operation) = model.operation(op.name()) {
        model.validate(operation, &input).map_err(fail)?;
    }
    let ctx = Ctx {
        app: Arc::clone(app),
        region: request_region(app, headers),
    };
    op.dispatch(&ctx, &input)
        .map(|bytes| (op, bytes))
        .map_err(fail)
}
