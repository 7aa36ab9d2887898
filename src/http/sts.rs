//! STS on the same port (AWS query protocol: form-encoded `POST /` with `Action=…&Version=2011-06-15`,
//! XML answers).
//!
//! - `AssumeRoleWithWebIdentity`: accepts the identity-pool OpenID tokens of this emulator (signature and
//!   expiry checked, and the pool must allow the classic flow), and issues temporary credentials that
//!   are recorded like Cognito's own.
//! - `GetCallerIdentity`: when the request is signed with credentials issued here, the SigV4 signature is
//!   verified with their secret and the assumed-role identity is answered; any other access key gets a
//!   fixed default identity (the account root), as local emulators do.
//! - Every other action: an XML `NotImplemented` error.

use std::collections::BTreeMap;
use std::sync::Arc;

use aws_smithy_types::date_time::Format;
use aws_smithy_types::DateTime;
use bytes::Bytes;

use http_body_util::Full;
use hyper::header::{HeaderMap, HeaderValue, AUTHORIZATION, CONTENT_TYPE};
use hyper::{Method, Response, StatusCode};
use sha2::{Digest, Sha256};

use crate::app::App;
use crate::domain::credentials::{self, NewCredential};
use crate::domain::identity_tokens::{self, TokenProblem};
use crate::http::response::Body;
use crate::http::sigv4;

const XMLNS: &str = "https://sts.amazonaws.com/doc/2011-06-15/";

/// An STS error: HTTP status, code, message.
#[derive(Debug)]
struct StsError {
    status: StatusCode,
    code: &'static str,
    message: String,
}

impl StsError {
    fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        StsError {
            status,
            code,
            message: message.into(),
        }
    }
}

/// The parts of the request SigV4 covers.
struct Request<'a> {
    method: &'a Method,
    path: &'a str,
    query: Option<&'a str>,
    headers: &'a HeaderMap,
    body: &'a [u8],
}

/// Serves one STS request.
pub fn handle(
    app: &Arc<App>,
    method: &Method,
    path: &str,
    query: Option<&str>,
    headers: &HeaderMap,
    body: &[u8],
) -> Response<Body> {
    let request_id = uuid::Uuid::new_v4().to_string();
    let params = parse_form(body);
    let action = params.get("Action").map(String::as_str).unwrap_or("");
    let req = Request {
        method,
        path,
        query,
        headers,
        body,
    };
    let result = match action {
        "AssumeRoleWithWebIdentity" => assume_role_with_web_identity(app, &params),
        "GetCallerIdentity" => get_caller_identity(app, &req),
        other => Err(StsError::new(
            StatusCode::NOT_IMPLEMENTED,
            "NotImplemented",
            format!(
                "The STS action {} is not implemented by cognito-emulator.",
                other
                    .chars()
                    .filter(char::is_ascii_alphanumeric)
                    .collect::<String>()
            ),
        )),
    };
    match result {
        Ok(inner) => xml(
            StatusCode::OK,
            format!(
                "<{action}Response xmlns=\"{XMLNS}\"><{action}Result>{inner}</{action}Result>\
                 <ResponseMetadata><RequestId>{request_id}</RequestId></ResponseMetadata></{action}Response>"
            ),
            &request_id,
        ),
        Err(e) => xml(
            e.status,
            format!(
                "<ErrorResponse xmlns=\"{XMLNS}\"><Error><Type>Sender</Type><Code>{}</Code>\
                 <Message>{}</Message></Error><RequestId>{request_id}</RequestId></ErrorResponse>",
                e.code,
                escape(&e.message)
            ),
            &request_id,
        ),
    }
}

fn xml(status: StatusCode, body: String, request_id: &str) -> Response<Body> {
    let mut r = Response::new(Full::new(Bytes::from(body)));
    *r.status_mut() = status;
    r.headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static("text/xml"));
    if let Ok(v) = HeaderValue::from_str(request_id) {
        r.headers_mut().insert(super::response::X_AMZN_REQUESTID, v);
    }
    r
}

/// XML text escaping.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

fn hex_val(b: u8) -> Option<u8> {
    char::from(b)
        .to_digit(16)
        .and_then(|d| u8::try_from(d).ok())
}

/// `application/x-www-form-urlencoded` / query-string decoding of one component.
fn percent_decode(s: &str, plus_is_space: bool) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes.get(i) {
            Some(b'+') if plus_is_space => out.push(b' '),
            Some(b'%') => {
                let hi = bytes.get(i + 1).copied().and_then(hex_val);
                let lo = bytes.get(i + 2).copied().and_then(hex_val);
                match (hi, lo) {
                    (Some(h), Some(l)) => {
                        out.push(h * 16 + l);
                        i += 2;
                    }
                    _ => out.push(b'%'),
                }
            }
            Some(&b) => out.push(b),
            None => {}
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn parse_form(body: &[u8]) -> BTreeMap<String, String> {
    String::from_utf8_lossy(body)
        .split('&')
        .filter(|kv| !kv.is_empty())
        .map(|kv| {
            let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
            (percent_decode(k, true), percent_decode(v, true))
        })
        .collect()
}

/// SigV4 URI encoding: everything but the unreserved characters.
fn sigv4_encode(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn iso8601(ms: i64) -> String {
    DateTime::from_secs(ms.div_euclid(1000))
        .fmt(Format::DateTime)
        .unwrap_or_default()
}

fn credentials_xml(new: &NewCredential) -> String {
    let c = &new.credential;
    format!(
        "<Credentials><AccessKeyId>{}</AccessKeyId><SecretAccessKey>{}</SecretAccessKey>\
         <SessionToken>{}</SessionToken><Expiration>{}</Expiration></Credentials>",
        c.access_key_id,
        escape(&c.secret_access_key),
        escape(&new.session_token),
        iso8601(c.expires_ms)
    )
}

fn required<'a>(params: &'a BTreeMap<String, String>, name: &str) -> Result<&'a str, StsError> {
    params
        .get(name)
        .map(String::as_str)
        .filter(|v| !v.is_empty())
        .ok_or_else(|| {
            let mut member = name.to_owned();
            if let Some(first) = member.get_mut(0..1) {
                first.make_ascii_lowercase();
            }
            StsError::new(
                StatusCode::BAD_REQUEST,
                "ValidationError",
                format!("1 validation error detected: Value null at '{member}' failed to satisfy constraint: Member must not be null"),
            )
        })
}

/// `AssumeRoleWithWebIdentity` with an identity-pool OpenID token (the classic flow).
fn assume_role_with_web_identity(
    app: &Arc<App>,
    params: &BTreeMap<String, String>,
) -> Result<String, StsError> {
    let role_arn = required(params, "RoleArn")?;
    let session = required(params, "RoleSessionName")?;
    let token = required(params, "WebIdentityToken")?;
    let duration = match params.get("DurationSeconds") {
        Some(d) => d
            .parse::<i64>()
            .ok()
            .filter(|d| (900..=43_200).contains(d))
            .ok_or_else(|| {
                StsError::new(
                    StatusCode::BAD_REQUEST,
                    "ValidationError",
                    "1 validation error detected: Value at 'durationSeconds' failed to satisfy constraint: Member must have value between 900 and 43200",
                )
            })?,
        None => credentials::DEFAULT_TTL_SECS,
    };
    let now_ms = app.clock.now_millis();
    let claims = identity_tokens::verify(token, now_ms.div_euclid(1000)).map_err(|p| match p {
        TokenProblem::Expired => StsError::new(
            StatusCode::BAD_REQUEST,
            "ExpiredTokenException",
            "Token expired: current date/time must be before the expiration date/time.",
        ),
        TokenProblem::Invalid => StsError::new(
            StatusCode::BAD_REQUEST,
            "InvalidIdentityToken",
            "The web identity token is not a valid token of https://cognito-identity.amazonaws.com.",
        ),
    })?;
    // Cognito refuses the basic (classic) flow for pools that do not allow it.
    let classic = app
        .store
        .read_identity_pool(&claims.aud, |p| {
            Ok(p.config.allow_classic_flow == Some(true))
        })
        .map_err(|_| {
            StsError::new(
                StatusCode::BAD_REQUEST,
                "InvalidIdentityToken",
                "The identity pool of the web identity token does not exist.",
            )
        })?;
    if !classic {
        return Err(StsError::new(
            StatusCode::FORBIDDEN,
            "AccessDenied",
            "Basic (classic) flow is not enabled, please use enhanced flow.",
        ));
    }
    let issued = app
        .credentials
        .issue(role_arn, session, Some(&claims.sub), now_ms, duration);
    let account = credentials::arn_account(role_arn).unwrap_or(&app.config.account_id);
    Ok(format!(
        "<SubjectFromWebIdentityToken>{}</SubjectFromWebIdentityToken><Audience>{}</Audience>\
         <AssumedRoleUser><Arn>{}</Arn><AssumedRoleId>{}:{}</AssumedRoleId></AssumedRoleUser>\
         {}<Provider>{}</Provider>",
        escape(&claims.sub),
        escape(&claims.aud),
        escape(&credentials::assumed_role_arn(account, role_arn, session)),
        credentials::role_id(role_arn),
        escape(session),
        credentials_xml(&issued),
        identity_tokens::ISSUER.trim_start_matches("https://"),
    ))
}

/// `GetCallerIdentity`: the assumed role of credentials issued here (after checking the signature),
/// else the account root.
fn get_caller_identity(app: &Arc<App>, req: &Request<'_>) -> Result<String, StsError> {
    let auth = req
        .headers
        .get(AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let issued = sigv4::credential_scope(auth).and_then(|s| app.credentials.get(s.access_key));
    let account = &app.config.account_id;
    let Some(cred) = issued else {
        return Ok(format!(
            "<Arn>arn:aws:iam::{account}:root</Arn><UserId>{account}</UserId><Account>{account}</Account>"
        ));
    };
    let token = req
        .headers
        .get("x-amz-security-token")
        .and_then(|v| v.to_str().ok());
    if !token.is_some_and(|t| cred.session_token_matches(t)) {
        return Err(StsError::new(
            StatusCode::FORBIDDEN,
            "InvalidClientTokenId",
            "The security token included in the request is invalid.",
        ));
    }
    if cred.is_expired(app.clock.now_millis()) {
        return Err(StsError::new(
            StatusCode::FORBIDDEN,
            "ExpiredToken",
            "The security token included in the request is expired",
        ));
    }
    if !signature_matches(req, auth, &cred.secret_access_key) {
        return Err(StsError::new(
            StatusCode::FORBIDDEN,
            "SignatureDoesNotMatch",
            "The request signature we calculated does not match the signature you provided. \
             Check your AWS Secret Access Key and signing method. Consult the service documentation for details.",
        ));
    }
    let role_account = credentials::arn_account(&cred.role_arn).unwrap_or(account);
    Ok(format!(
        "<Arn>{}</Arn><UserId>{}:{}</UserId><Account>{}</Account>",
        escape(&credentials::assumed_role_arn(
            role_account,
            &cred.role_arn,
            &cred.session_name
        )),
        credentials::role_id(&cred.role_arn),
        escape(&cred.session_name),
        escape(role_account),
    ))
}

/// The `key=value` parts of an `AWS4-HMAC-SHA256` authorization header.
fn auth_part<'a>(auth: &'a str, name: &str) -> Option<&'a str> {
    auth.strip_prefix("AWS4-HMAC-SHA256")?
        .split(',')
        .map(str::trim)
        .find_map(|p| p.strip_prefix(name)?.strip_prefix('='))
}

fn hmac(key: &[u8], data: &[u8]) -> [u8; 32] {
    crate::domain::digest::hmac_sha256(key, &[data])
}

/// The canonical request of SigV4 (https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html).
fn canonical_request(req: &Request<'_>, signed_headers: &str) -> String {
    let mut query: Vec<(String, String)> = req
        .query
        .unwrap_or("")
        .split('&')
        .filter(|kv| !kv.is_empty())
        .map(|kv| {
            let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
            (
                sigv4_encode(&percent_decode(k, false)),
                sigv4_encode(&percent_decode(v, false)),
            )
        })
        .collect();
    query.sort();
    let query = query
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("&");
    let headers: String = signed_headers
        .split(';')
        .map(|name| {
            let values: Vec<String> = req
                .headers
                .get_all(name)
                .iter()
                .map(|v| {
                    String::from_utf8_lossy(v.as_bytes())
                        .split_whitespace()
                        .collect::<Vec<_>>()
                        .join(" ")
                })
                .collect();
            format!("{name}:{}\n", values.join(","))
        })
        .collect();
    let payload = req
        .headers
        .get("x-amz-content-sha256")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
        .unwrap_or_else(|| hex(&Sha256::digest(req.body)));
    let path = if req.path.is_empty() { "/" } else { req.path };
    format!(
        "{}\n{path}\n{query}\n{headers}\n{signed_headers}\n{payload}",
        req.method.as_str()
    )
}

/// Recomputes the SigV4 signature with `secret` and compares it in constant time.
fn signature_matches(req: &Request<'_>, auth: &str, secret: &str) -> bool {
    let (Some(scope), Some(signed_headers), Some(signature)) = (
        sigv4::credential_scope(auth),
        auth_part(auth, "SignedHeaders"),
        auth_part(auth, "Signature"),
    ) else {
        return false;
    };
    let Some(amz_date) = req.headers.get("x-amz-date").and_then(|v| v.to_str().ok()) else {
        return false;
    };
    let scope_str = format!(
        "{}/{}/{}/aws4_request",
        scope.date, scope.region, scope.service
    );
    let canonical = canonical_request(req, signed_headers);
    let string_to_sign = format!(
        "AWS4-HMAC-SHA256\n{amz_date}\n{scope_str}\n{}",
        hex(&Sha256::digest(canonical.as_bytes()))
    );
    let k_date = hmac(format!("AWS4{secret}").as_bytes(), scope.date.as_bytes());
    let k_region = hmac(&k_date, scope.region.as_bytes());
    let k_service = hmac(&k_region, scope.service.as_bytes());
    let k_signing = hmac(&k_service, b"aws4_request");
    let expected = hex(&hmac(&k_signing, string_to_sign.as_bytes()));
    use subtle::ConstantTimeEq;
    bool::from(expected.as_bytes().ct_eq(signature.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The `get-vanilla` example of the AWS SigV4 test suite.
    #[test]
    fn verifies_the_aws_sigv4_test_suite_vanilla_request() {
        let mut headers = HeaderMap::new();
        headers.insert("host", HeaderValue::from_static("example.amazonaws.com"));
        headers.insert("x-amz-date", HeaderValue::from_static("20150830T123600Z"));
        let req = Request {
            method: &Method::GET,
            path: "/",
            query: None,
            headers: &headers,
            body: b"",
        };
        let auth =
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, \
                    SignedHeaders=host;x-amz-date, \
                    Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31";
        assert!(signature_matches(
            &req,
            auth,
            "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
        ));
        assert!(!signature_matches(&req, auth, "wrong"));
    }

    #[test]
    fn form_decoding_and_escaping() {
        let p = parse_form(b"Action=GetCallerIdentity&Version=2011-06-15&X=a%2Bb+c");
        assert_eq!(p["Action"], "GetCallerIdentity");
        assert_eq!(p["X"], "a+b c");
        assert_eq!(escape("<a&'\">"), "&lt;a&amp;&apos;&quot;&gt;");
        assert_eq!(iso8601(1_000_999), "1970-01-01T00:16:40Z");
    }
}
