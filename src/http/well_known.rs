//! Per-pool `.well-known` documents (JWKS, OpenID configuration) and, later, the OAuth2/hosted-UI paths.
//! Not served yet: every path here answers 404 until the token issue lands.

use std::sync::Arc;

use hyper::header::HeaderMap;
use hyper::{Method, Response};

use crate::app::App;
use crate::http::response::Body;

/// Serves the path if it is one of ours; `None` lets the router answer 404.
pub fn handle(
    _app: &Arc<App>,
    _method: &Method,
    _path: &str,
    _query: Option<&str>,
    _headers: &HeaderMap,
    _body: &[u8],
) -> Option<Response<Body>> {
    None
}
