//! Helpers shared by the integration tests: an in-process server on port 0, SDK clients pointed at it,
//! and a raw JSON 1.1 caller for wire-level checks.

#![allow(dead_code)]

use aws_credential_types::Credentials;
use cognito_emulator::{Config, RunningServer};
use serde_json::Value;

/// Starts a server on a free port.
pub async fn start() -> RunningServer {
    cognito_emulator::spawn(Config::default())
        .await
        .expect("server starts")
}

async fn sdk_config(server: &RunningServer) -> aws_config::SdkConfig {
    aws_config::defaults(aws_config::BehaviorVersion::latest())
        .region(aws_config::Region::new("us-east-1"))
        .endpoint_url(server.url())
        .credentials_provider(Credentials::for_tests())
        .load()
        .await
}

/// A user-pool SDK client pointed at the server.
pub async fn idp(server: &RunningServer) -> aws_sdk_cognitoidentityprovider::Client {
    aws_sdk_cognitoidentityprovider::Client::new(&sdk_config(server).await)
}

/// An identity-pool SDK client pointed at the server.
pub async fn identity(server: &RunningServer) -> aws_sdk_cognitoidentity::Client {
    aws_sdk_cognitoidentity::Client::new(&sdk_config(server).await)
}

/// A raw HTTP answer.
#[derive(Debug)]
pub struct Raw {
    pub status: u16,
    pub headers: reqwest_lite::Headers,
    pub body: String,
}

impl Raw {
    /// The body as JSON.
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or(Value::Null)
    }

    /// `__type` of an error body.
    pub fn error_type(&self) -> String {
        self.json()["__type"].as_str().unwrap_or("").to_owned()
    }

    /// A header, lowercase name.
    pub fn header(&self, name: &str) -> Option<String> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.clone())
    }
}

/// A tiny HTTP/1.1 client over a TCP stream: enough for wire tests that must send malformed requests
/// (which real clients refuse to send).
pub mod reqwest_lite {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    use tokio::net::TcpStream;

    pub type Headers = Vec<(String, String)>;

    /// Sends one request with `Connection: close` and reads the whole answer.
    pub async fn send(
        addr: std::net::SocketAddr,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: &[u8],
    ) -> super::Raw {
        let mut stream = TcpStream::connect(addr).await.expect("connect");
        let mut req = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Length: {}\r\n", body.len());
        for (k, v) in headers {
            req.push_str(&format!("{k}: {v}\r\n"));
        }
        req.push_str("\r\n");
        stream.write_all(req.as_bytes()).await.expect("write");
        stream.write_all(body).await.expect("write body");
        let mut buf = Vec::new();
        stream.read_to_end(&mut buf).await.expect("read");
        let text = String::from_utf8_lossy(&buf).to_string();
        let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
        let mut lines = head.lines();
        let status = lines
            .next()
            .and_then(|l| l.split(' ').nth(1))
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        let headers = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
            .collect();
        super::Raw {
            status,
            headers,
            body: body.to_owned(),
        }
    }
}

/// Calls an operation with a raw JSON body.
pub async fn call(server: &RunningServer, target: &str, body: &str) -> Raw {
    reqwest_lite::send(
        server.addr,
        "POST",
        "/",
        &[
            ("X-Amz-Target", target),
            ("Content-Type", "application/x-amz-json-1.1"),
        ],
        body.as_bytes(),
    )
    .await
}

/// Calls a user-pool operation by name with a JSON value.
pub async fn idp_call(server: &RunningServer, op: &str, body: Value) -> Raw {
    call(
        server,
        &format!("AWSCognitoIdentityProviderService.{op}"),
        &body.to_string(),
    )
    .await
}

/// Calls an identity-pool operation by name with a JSON value.
pub async fn identity_call(server: &RunningServer, op: &str, body: Value) -> Raw {
    call(
        server,
        &format!("AWSCognitoIdentityService.{op}"),
        &body.to_string(),
    )
    .await
}

/// Sends a prepared `CreateUserPool` request and returns the new pool's id.
pub async fn pool_id(
    request: aws_sdk_cognitoidentityprovider::operation::create_user_pool::builders::CreateUserPoolFluentBuilder,
) -> String {
    request
        .send()
        .await
        .expect("CreateUserPool")
        .user_pool
        .and_then(|p| p.id)
        .expect("a pool id")
}

/// A user pool with AWS's defaults; its id.
pub async fn new_pool(c: &aws_sdk_cognitoidentityprovider::Client, name: &str) -> String {
    pool_id(c.create_user_pool().pool_name(name)).await
}
