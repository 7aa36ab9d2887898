//! STS on the same port (AWS query protocol: form-encoded `POST /` with `Action=`, XML answers).
//! Not implemented yet: every action answers an XML `NotImplemented` error that SDKs do not retry.

use std::sync::Arc;

use bytes::Bytes;
use http_body_util::Full;
use hyper::header::{HeaderMap, HeaderValue, CONTENT_TYPE};
use hyper::{Response, StatusCode};

use crate::app::App;
use crate::http::response::Body;

/// Serves one STS request.
pub fn handle(_app: &Arc<App>, _headers: &HeaderMap, body: &[u8]) -> Response<Body> {
    let action = std::str::from_utf8(body)
        .ok()
        .and_then(|b| b.split('&').find_map(|kv| kv.strip_prefix("Action=")))
        .unwrap_or("")
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect::<String>();
    let request_id = uuid::Uuid::new_v4().to_string();
    let xml = format!(
        "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error><Type>Sender</Type>\
         <Code>NotImplemented</Code><Message>The STS action {action} is not implemented by cognito-emulator yet.</Message>\
         </Error><RequestId>{request_id}</RequestId></ErrorResponse>"
    );
    let mut r = Response::new(Full::new(Bytes::from(xml)));
    *r.status_mut() = StatusCode::NOT_IMPLEMENTED;
    r.headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static("text/xml"));
    r
}
