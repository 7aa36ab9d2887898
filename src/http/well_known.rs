//! Per-pool `.well-known` documents: `GET /<poolId>/.well-known/jwks.json` (the pool's two public keys) and
//! `GET /<poolId>/.well-known/openid-configuration` (OIDC discovery). The discovery document's `issuer`
//! always equals the tokens' `iss`; every URL in it points at this emulator, as seen in the request's `Host`.

use std::sync::Arc;

use hyper::header::{HeaderMap, HOST};
use hyper::{Method, Response, StatusCode};
use serde_json::json;

use crate::app::App;
use crate::domain::tokens;
use crate::http::response::{self, Body};

/// Serves the path if it is one of ours; `None` lets the router answer 404.
pub fn handle(
    app: &Arc<App>,
    method: &Method,
    path: &str,
    _query: Option<&str>,
    headers: &HeaderMap,
    _body: &[u8],
) -> Option<Response<Body>> {
    if method != Method::GET && method != Method::HEAD {
        return None;
    }
    let rest = path.strip_prefix('/')?;
    let (pool_id, doc) = rest.split_once("/.well-known/")?;
    if pool_id.is_empty() || pool_id.contains('/') {
        return None;
    }
    match doc {
        "jwks.json" => Some(jwks(app, pool_id)),
        "openid-configuration" => Some(discovery(app, pool_id, headers)),
        _ => None,
    }
}

fn pool_missing(pool_id: &str) -> Response<Body> {
    response::plain_json(
        StatusCode::NOT_FOUND,
        &json!({"message": format!("User pool {pool_id} does not exist.")}),
    )
}

fn jwks(app: &App, pool_id: &str) -> Response<Body> {
    match tokens::pool_keys(app, pool_id) {
        Ok(keys) => response::plain_json(StatusCode::OK, &keys.jwks()),
        Err(_) => pool_missing(pool_id),
    }
}

fn discovery(app: &App, pool_id: &str, headers: &HeaderMap) -> Response<Body> {
    if !app.store.has_user_pool(pool_id) {
        return pool_missing(pool_id);
    }
    let base = headers
        .get(HOST)
        .and_then(|h| h.to_str().ok())
        .map(|h| format!("http://{h}"))
        .unwrap_or_else(|| app.own_url());
    let issuer = tokens::issuer(app, pool_id);
    response::plain_json(
        StatusCode::OK,
        &json!({
            "issuer": issuer,
            "jwks_uri": format!("{base}/{pool_id}/.well-known/jwks.json"),
            "authorization_endpoint": format!("{base}/oauth2/authorize"),
            "token_endpoint": format!("{base}/oauth2/token"),
            "userinfo_endpoint": format!("{base}/oauth2/userInfo"),
            "end_session_endpoint": format!("{base}/logout"),
            "revocation_endpoint": format!("{base}/oauth2/revoke"),
            "response_types_supported": ["code", "token"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "scopes_supported": ["openid", "email", "phone", "profile"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
        }),
    )
}
