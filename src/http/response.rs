//! Building responses: the JSON 1.1 success and error envelopes, CORS, and the emulator's own JSON.

use bytes::Bytes;
use http_body_util::Full;
use hyper::header::{
    HeaderName, HeaderValue, ACCESS_CONTROL_ALLOW_CREDENTIALS, ACCESS_CONTROL_ALLOW_HEADERS,
    ACCESS_CONTROL_ALLOW_METHODS, ACCESS_CONTROL_ALLOW_ORIGIN, ACCESS_CONTROL_EXPOSE_HEADERS,
    ACCESS_CONTROL_MAX_AGE, CONTENT_TYPE, VARY,
};
use hyper::{Response, StatusCode};

use crate::error::CognitoError;

/// The response body type of the whole server.
pub type Body = Full<Bytes>;

/// Header names as constants: `insert("x-amzn-requestid", …)` parses the name on every response.
pub const X_AMZN_REQUESTID: HeaderName = HeaderName::from_static("x-amzn-requestid");
/// The error type header of AWS JSON errors.
pub const X_AMZN_ERRORTYPE: HeaderName = HeaderName::from_static("x-amzn-errortype");
/// The operation header of AWS JSON 1.1 requests.
pub const X_AMZ_TARGET: HeaderName = HeaderName::from_static("x-amz-target");

/// The AWS JSON 1.1 content type.
pub const AMZ_JSON: &str = "application/x-amz-json-1.1";

fn header(s: &str) -> HeaderValue {
    HeaderValue::from_str(s).unwrap_or_else(|_| HeaderValue::from_static("invalid"))
}

/// 200 with an operation's output.
pub fn json_ok(body: Bytes, request_id: &str) -> Response<Body> {
    let mut r = Response::new(Full::new(body));
    let h = r.headers_mut();
    h.insert(CONTENT_TYPE, HeaderValue::from_static(AMZ_JSON));
    h.insert(X_AMZN_REQUESTID, header(request_id));
    r
}

/// An AWS error: `{"__type", "message"}`, `x-amzn-ErrorType`, and the request id.
pub fn json_error(err: &CognitoError, request_id: &str) -> Response<Body> {
    let body = serde_json::json!({"__type": err.code().as_str(), "message": err.message()});
    let mut r = Response::new(Full::new(Bytes::from(body.to_string())));
    *r.status_mut() = StatusCode::from_u16(err.code().status()).unwrap_or(StatusCode::BAD_REQUEST);
    let h = r.headers_mut();
    h.insert(CONTENT_TYPE, HeaderValue::from_static(AMZ_JSON));
    h.insert(X_AMZN_REQUESTID, header(request_id));
    h.insert(X_AMZN_ERRORTYPE, header(err.code().as_str()));
    r
}

/// Plain JSON, for the emulator's own API and the `.well-known` documents.
pub fn plain_json(status: StatusCode, value: &serde_json::Value) -> Response<Body> {
    let mut r = Response::new(Full::new(Bytes::from(value.to_string())));
    *r.status_mut() = status;
    r.headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    r
}

/// 404 for paths the emulator does not serve.
pub fn not_found(path: &str) -> Response<Body> {
    plain_json(
        StatusCode::NOT_FOUND,
        &serde_json::json!({"message": format!("No route for {path}")}),
    )
}

/// Adds the CORS headers that browser SDKs (Amplify, amazon-cognito-identity-js, JS SDK v3) need.
/// Requested headers are echoed back, so whatever the SDK sends (`x-amz-*`, `amz-sdk-*`,
/// `authorization`, `cache-control`) is allowed.
pub fn with_cors(
    mut r: Response<Body>,
    origin: Option<&HeaderValue>,
    requested: Option<&HeaderValue>,
) -> Response<Body> {
    let h = r.headers_mut();
    h.insert(
        ACCESS_CONTROL_ALLOW_ORIGIN,
        origin
            .cloned()
            .unwrap_or_else(|| HeaderValue::from_static("*")),
    );
    if origin.is_some() {
        h.insert(VARY, HeaderValue::from_static("Origin"));
        h.insert(
            ACCESS_CONTROL_ALLOW_CREDENTIALS,
            HeaderValue::from_static("true"),
        );
    }
    h.insert(
        ACCESS_CONTROL_ALLOW_METHODS,
        HeaderValue::from_static("GET, POST, PUT, DELETE, OPTIONS"),
    );
    h.insert(
        ACCESS_CONTROL_ALLOW_HEADERS,
        requested.cloned().unwrap_or_else(|| {
            HeaderValue::from_static(
                "content-type, x-amz-target, x-amz-user-agent, x-amz-date, x-amz-security-token, \
                 x-amz-content-sha256, authorization, amz-sdk-invocation-id, amz-sdk-request, cache-control",
            )
        }),
    );
    h.insert(
        ACCESS_CONTROL_EXPOSE_HEADERS,
        HeaderValue::from_static("x-amzn-requestid, x-amzn-errortype, x-amzn-errormessage, date"),
    );
    h.insert(ACCESS_CONTROL_MAX_AGE, HeaderValue::from_static("86400"));
    r
}
