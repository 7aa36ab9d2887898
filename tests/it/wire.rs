//! Raw HTTP: framing, headers, every error path of the edge, CORS, the emulator API.

use crate::common::{call, idp_call, reqwest_lite::send, start};
use serde_json::json;

const CT: (&str, &str) = ("Content-Type", "application/x-amz-json-1.1");

#[tokio::test]
async fn success_has_content_type_and_request_id() {
    let s = start().await;
    let r = idp_call(&s, "CreateUserPool", json!({"PoolName": "wire"})).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(
        r.header("content-type").as_deref(),
        Some("application/x-amz-json-1.1")
    );
    assert!(r
        .header("x-amzn-requestid")
        .is_some_and(|id| id.len() == 36));
    let id = r.json()["UserPool"]["Id"].as_str().unwrap().to_owned();
    assert!(id.starts_with("us-east-1_"));
    let r = idp_call(&s, "DescribeUserPool", json!({"UserPoolId": id})).await;
    assert_eq!(r.json()["UserPool"]["Name"], "wire");
    assert!(r.json()["UserPool"]["CreationDate"].is_number());
}

#[tokio::test]
async fn empty_output_is_empty_object() {
    let s = start().await;
    let r = idp_call(&s, "CreateUserPool", json!({"PoolName": "e"})).await;
    let id = r.json()["UserPool"]["Id"].as_str().unwrap().to_owned();
    let r = idp_call(&s, "DeleteUserPool", json!({"UserPoolId": id})).await;
    assert_eq!((r.status, r.body.as_str()), (200, "{}"));
}

#[tokio::test]
async fn unknown_target_is_unknown_operation() {
    let s = start().await;
    for target in [
        "AWSCognitoIdentityProviderService.Frobnicate",
        "Nope.CreateUserPool",
        "garbage",
    ] {
        let r = call(&s, target, "{}").await;
        assert_eq!(r.status, 400);
        assert_eq!(r.error_type(), "UnknownOperationException");
        assert_eq!(
            r.header("x-amzn-errortype").as_deref(),
            Some("UnknownOperationException")
        );
        assert!(r.header("x-amzn-requestid").is_some());
    }
    let r = send(s.addr, "POST", "/", &[CT], b"{}").await;
    assert_eq!(r.error_type(), "UnknownOperationException");
}

#[tokio::test]
async fn malformed_json_and_wrong_types_are_serialization_errors() {
    let s = start().await;
    for body in [
        "{",
        "[1,2]",
        "\"x\"",
        "{\"PoolName\": 5}",
        "{\"PoolName\": \"p\", \"Policies\": []}",
        "nul",
    ] {
        let r = call(&s, "AWSCognitoIdentityProviderService.CreateUserPool", body).await;
        assert_eq!(r.status, 400, "{body}");
        assert_eq!(
            r.error_type(),
            "SerializationException",
            "{body}: {}",
            r.body
        );
    }
}

#[tokio::test]
async fn validation_errors_have_aws_messages() {
    let s = start().await;
    let r = idp_call(&s, "CreateUserPool", json!({})).await;
    assert_eq!(r.error_type(), "InvalidParameterException");
    assert_eq!(
        r.json()["message"],
        "1 validation error detected: Value null at 'poolName' failed to satisfy constraint: Member must not be null"
    );
    let r = idp_call(&s, "ListUserPools", json!({"MaxResults": 61})).await;
    assert_eq!(
        r.json()["message"],
        "1 validation error detected: Value '61' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 60"
    );
}

#[tokio::test]
async fn unimplemented_operation_says_so_without_retryable_status() {
    let s = start().await;
    let r = idp_call(
        &s,
        "AdminListUserAuthEvents",
        json!({"UserPoolId": "us-east-1_abc", "Username": "u", "MaxResults": 10}),
    )
    .await;
    assert_eq!(r.status, 501);
    assert_eq!(r.error_type(), "NotImplementedException");
    assert!(r.json()["message"]
        .as_str()
        .unwrap()
        .contains("AdminListUserAuthEvents"));
}

#[tokio::test]
async fn oversized_body_is_refused_cleanly() {
    let s = start().await;
    let big = vec![b' '; 2 * 1024 * 1024];
    let r = call(
        &s,
        "AWSCognitoIdentityProviderService.CreateUserPool",
        std::str::from_utf8(&big).unwrap(),
    )
    .await;
    assert_eq!(r.status, 413);
    assert_eq!(r.error_type(), "RequestEntityTooLargeException");
}

#[tokio::test]
async fn cors_preflight_allows_sdk_headers() {
    let s = start().await;
    let r = send(
        s.addr,
        "OPTIONS",
        "/",
        &[
            ("Origin", "http://localhost:3000"),
            ("Access-Control-Request-Method", "POST"),
            (
                "Access-Control-Request-Headers",
                "content-type,x-amz-target,x-amz-user-agent,amz-sdk-invocation-id,amz-sdk-request",
            ),
        ],
        b"",
    )
    .await;
    assert_eq!(r.status, 200);
    assert_eq!(
        r.header("access-control-allow-origin").as_deref(),
        Some("http://localhost:3000")
    );
    assert!(r
        .header("access-control-allow-headers")
        .unwrap()
        .contains("x-amz-target"));
    assert!(r
        .header("access-control-allow-methods")
        .unwrap()
        .contains("POST"));
    // The request itself, from the browser: the origin is allowed and the request id exposed.
    let r = send(
        s.addr,
        "POST",
        "/",
        &[
            ("Origin", "http://localhost:3000"),
            (
                "X-Amz-Target",
                "AWSCognitoIdentityProviderService.ListUserPools",
            ),
            ("Content-Type", "application/x-amz-json-1.1"),
        ],
        br#"{"MaxResults": 1}"#,
    )
    .await;
    assert_eq!(r.status, 200);
    assert_eq!(
        r.header("access-control-allow-origin").as_deref(),
        Some("http://localhost:3000")
    );
    assert!(r
        .header("access-control-expose-headers")
        .unwrap()
        .contains("x-amzn-requestid"));
    // Without an Origin (SDKs, the CLI), no CORS headers.
    let r = idp_call(&s, "ListUserPools", json!({"MaxResults": 1})).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.header("access-control-allow-origin"), None);
}

#[tokio::test]
async fn region_comes_from_the_signature() {
    let s = start().await;
    let auth = "AWS4-HMAC-SHA256 Credential=AKID/20260101/eu-west-1/cognito-idp/aws4_request, SignedHeaders=host, Signature=00";
    let r = send(
        s.addr,
        "POST",
        "/",
        &[
            CT,
            (
                "X-Amz-Target",
                "AWSCognitoIdentityProviderService.CreateUserPool",
            ),
            ("Authorization", auth),
        ],
        br#"{"PoolName":"eu"}"#,
    )
    .await;
    let id = r.json()["UserPool"]["Id"].as_str().unwrap().to_owned();
    assert!(id.starts_with("eu-west-1_"), "{id}");
    assert!(r.json()["UserPool"]["Arn"]
        .as_str()
        .unwrap()
        .contains(":eu-west-1:123456789012:userpool/"));
}

#[tokio::test]
async fn emulator_health_and_reset() {
    let s = start().await;
    let r = send(s.addr, "GET", "/_emulator/health", &[], b"").await;
    assert_eq!(r.status, 200);
    assert_eq!(r.json()["status"], "ok");
    idp_call(&s, "CreateUserPool", json!({"PoolName": "gone"})).await;
    let r = send(s.addr, "POST", "/_emulator/reset", &[], b"").await;
    assert_eq!(r.status, 200);
    let r = idp_call(&s, "ListUserPools", json!({"MaxResults": 60})).await;
    assert_eq!(r.json()["UserPools"].as_array().unwrap().len(), 0);
    let r = send(s.addr, "GET", "/nowhere", &[], b"").await;
    assert_eq!(r.status, 404);
}

#[tokio::test]
async fn emulator_messages_lists_filters_and_clears_the_outbox() {
    let s = start().await;
    let pool = idp_call(&s, "CreateUserPool", json!({"PoolName": "outbox"}))
        .await
        .json()["UserPool"]["Id"]
        .as_str()
        .unwrap()
        .to_owned();
    for name in ["ann", "ben"] {
        idp_call(
            &s,
            "AdminCreateUser",
            json!({"UserPoolId": pool, "Username": name,
                   "UserAttributes": [{"Name": "email", "Value": format!("{name}@example.com")}]}),
        )
        .await;
    }
    let r = send(s.addr, "GET", "/_emulator/messages", &[], b"").await;
    assert_eq!(r.status, 200);
    assert_eq!(r.json()["messages"].as_array().unwrap().len(), 2);
    let path = format!("/_emulator/messages?userPoolId={pool}&username=ben");
    let r = send(s.addr, "GET", &path, &[], b"").await;
    let messages = r.json()["messages"].as_array().unwrap().clone();
    assert_eq!(messages.len(), 1);
    assert_eq!(messages[0]["username"], "ben");
    assert_eq!(messages[0]["trigger"], "AdminCreateUser");
    assert!(messages[0]["temporaryPassword"].is_string());
    let r = send(
        s.addr,
        "GET",
        "/_emulator/messages?userPoolId=us-east-1_other",
        &[],
        b"",
    )
    .await;
    assert_eq!(r.json()["messages"].as_array().unwrap().len(), 0);
    let r = send(s.addr, "DELETE", "/_emulator/messages", &[], b"").await;
    assert_eq!(r.status, 200);
    let r = send(s.addr, "GET", "/_emulator/messages", &[], b"").await;
    assert_eq!(r.json()["messages"].as_array().unwrap().len(), 0);
}
