//! The emulator's own API under `/_emulator/`: small, JSON, documented in the README.
//! - `GET /_emulator/health`: `{"status": "ok", ...}`
//! - `POST /_emulator/reset`: forgets all state.

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
    _query: Option<&str>,
    _body: &[u8],
) -> Response<Body> {
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
        _ => not_found(path),
    }
}
