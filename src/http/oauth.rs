//! HTTP of the OAuth 2.0 / hosted sign-in endpoints: forms, Basic client authentication, redirects and
//! the sign-in page. The logic is in `ops/oauth.rs`.

use std::sync::Arc;

use bytes::Bytes;
use http_body_util::Full;
use hyper::header::{HeaderMap, HeaderValue, AUTHORIZATION, CACHE_CONTROL, CONTENT_TYPE, LOCATION};
use hyper::{Method, Response, StatusCode};
use serde_json::json;

use crate::app::App;
use crate::http::emulator::query_params;
use crate::http::response::{plain_json, Body};
use crate::ops::oauth::{self, AuthorizeFailure, AuthorizeRequest, OAuthError, TokenRequest};

/// Serves the path if it is one of the OAuth or sign-in endpoints.
pub fn handle(
    app: &Arc<App>,
    method: &Method,
    path: &str,
    query: Option<&str>,
    headers: &HeaderMap,
    body: &[u8],
) -> Option<Response<Body>> {
    let query = query_params(query.unwrap_or(""));
    let form = || query_params(std::str::from_utf8(body).unwrap_or(""));
    let r = match (method, path) {
        (&Method::GET, "/oauth2/authorize") => {
            let req = AuthorizeRequest::from_params(&query);
            match oauth::check_authorize(app, &req) {
                Ok(()) => redirect(&login_url(&req)),
                Err(failure) => failure_response(failure),
            }
        }
        (&Method::GET, "/login") => {
            let req = AuthorizeRequest::from_params(&query);
            match oauth::check_authorize(app, &req) {
                Ok(()) => login_page(&req, None),
                Err(failure) => failure_response(failure),
            }
        }
        (&Method::POST, "/login") => {
            let params = form();
            let req = AuthorizeRequest::from_params(&params);
            let get = |k: &str| {
                params
                    .iter()
                    .find(|(n, _)| n == k)
                    .map_or("", |(_, v)| v.as_str())
            };
            match oauth::login(app, &req, get("username"), get("password")) {
                Ok(location) => redirect(&location),
                Err(message) => login_page(&req, Some(&message)),
            }
        }
        (&Method::POST, "/oauth2/token") => {
            let params = form();
            let req = token_request(&params, headers);
            match oauth::token(app, &req) {
                Ok(value) => {
                    let mut r = plain_json(StatusCode::OK, &value);
                    r.headers_mut()
                        .insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
                    r
                }
                Err(e) => oauth_error(&e),
            }
        }
        (&Method::GET | &Method::POST, "/oauth2/userInfo") => {
            let bearer = headers
                .get(AUTHORIZATION)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.strip_prefix("Bearer "));
            match oauth::user_info(app, bearer) {
                Ok(value) => plain_json(StatusCode::OK, &value),
                Err((status, error)) => {
                    let mut r = plain_json(
                        StatusCode::from_u16(status).unwrap_or(StatusCode::UNAUTHORIZED),
                        &json!({"error": error}),
                    );
                    if let Ok(v) = HeaderValue::from_str(&format!("Bearer error=\"{error}\"")) {
                        r.headers_mut().insert("www-authenticate", v);
                    }
                    r
                }
            }
        }
        (&Method::POST, "/oauth2/revoke") => {
            let params = form();
            let req = token_request(&params, headers);
            let token = params
                .iter()
                .find(|(n, _)| n == "token")
                .map(|(_, v)| v.as_str());
            match oauth::revoke(app, &req, token) {
                Ok(()) => Response::new(Full::new(Bytes::new())),
                Err(e) => oauth_error(&e),
            }
        }
        (&Method::GET, "/logout") => match oauth::logout(app, &query) {
            Ok(location) => redirect(&location),
            Err(message) => page(StatusCode::BAD_REQUEST, "Sign out", &escape(&message)),
        },
        _ => return None,
    };
    Some(r)
}

fn token_request(params: &[(String, String)], headers: &HeaderMap) -> TokenRequest {
    let get = |k: &str| {
        params
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.clone())
            .filter(|v| !v.is_empty())
    };
    let basic = headers
        .get(AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(oauth::basic_credentials);
    let (client_id, client_secret) = match basic {
        Some((id, secret)) => (Some(id), Some(secret)),
        None => (get("client_id"), get("client_secret")),
    };
    TokenRequest {
        grant_type: get("grant_type").unwrap_or_default(),
        client_id,
        client_secret,
        code: get("code"),
        redirect_uri: get("redirect_uri"),
        code_verifier: get("code_verifier"),
        refresh_token: get("refresh_token"),
        scope: get("scope"),
    }
}

fn oauth_error(e: &OAuthError) -> Response<Body> {
    plain_json(
        StatusCode::from_u16(e.status).unwrap_or(StatusCode::BAD_REQUEST),
        &json!({"error": e.error}),
    )
}

fn redirect(location: &str) -> Response<Body> {
    let mut r = Response::new(Full::new(Bytes::new()));
    *r.status_mut() = StatusCode::FOUND;
    if let Ok(v) = HeaderValue::from_str(location) {
        r.headers_mut().insert(LOCATION, v);
    }
    r
}

fn failure_response(f: AuthorizeFailure) -> Response<Body> {
    match f {
        AuthorizeFailure::Redirect(location) => redirect(&location),
        AuthorizeFailure::Page(message) => {
            page(StatusCode::BAD_REQUEST, "Error", &escape(&message))
        }
    }
}

fn login_url(req: &AuthorizeRequest) -> String {
    let mut url = String::from("/login");
    for (i, (k, v)) in req.to_params().iter().enumerate() {
        url.push(if i == 0 { '?' } else { '&' });
        url.push_str(k);
        url.push('=');
        url.push_str(&oauth::percent_encode(v));
    }
    url
}

/// HTML-escapes text for the pages.
fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

fn page(status: StatusCode, title: &str, body_html: &str) -> Response<Body> {
    let html = format!(
        "<!doctype html><html><head><meta charset=\"utf-8\"><title>{title}</title></head>\
         <body><h1>{title}</h1>{body_html}</body></html>"
    );
    let mut r = Response::new(Full::new(Bytes::from(html)));
    *r.status_mut() = status;
    r.headers_mut().insert(
        CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    r
}

/// The hosted sign-in page: the authorize parameters ride along as hidden fields.
fn login_page(req: &AuthorizeRequest, error: Option<&str>) -> Response<Body> {
    let mut html = String::new();
    if let Some(e) = error {
        html.push_str(&format!("<p id=\"error\" role=\"alert\">{}</p>", escape(e)));
    }
    html.push_str("<form method=\"post\" action=\"/login\">");
    for (k, v) in req.to_params() {
        html.push_str(&format!(
            "<input type=\"hidden\" name=\"{k}\" value=\"{}\">",
            escape(&v)
        ));
    }
    html.push_str(
        "<label>Username <input name=\"username\" autocomplete=\"username\" required></label>\
         <label>Password <input name=\"password\" type=\"password\" autocomplete=\"current-password\" required></label>\
         <button type=\"submit\">Sign in</button></form>",
    );
    page(StatusCode::OK, "Sign in", &html)
}
