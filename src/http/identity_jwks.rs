//! `GET /.well-known/jwks_uri`: the public key of the identity-pool OpenID tokens (the document AWS serves
//! at `https://cognito-identity.amazonaws.com/.well-known/jwks_uri`).

use std::sync::Arc;

use hyper::{Method, Response, StatusCode};

use crate::app::App;
use crate::domain::identity_tokens;
use crate::http::response::{self, Body};

/// Serves the path if it is the identity-pool JWKS; `None` otherwise.
pub fn handle(app: &Arc<App>, method: &Method, path: &str) -> Option<Response<Body>> {
    if method != Method::GET || path != "/.well-known/jwks_uri" {
        return None;
    }
    Some(match identity_tokens::jwks(&app.config.region) {
        Ok(doc) => response::plain_json(StatusCode::OK, &doc),
        Err(e) => response::json_error(&e, &uuid::Uuid::new_v4().to_string()),
    })
}
