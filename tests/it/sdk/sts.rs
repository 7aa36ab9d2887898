//! STS on the emulator's port through the Rust SDK: the enhanced and classic identity-pool flows ending in
//! `GetCallerIdentity`, signature checks of issued credentials, and the errors.

use aws_credential_types::Credentials;
use aws_sdk_sts::error::ProvideErrorMetadata;
use cognito_emulator::RunningServer;

use crate::common::{identity, reqwest_lite, start};
use crate::sdk::identity_pools::{full_pool, user_pool_provider};

const AUTH_ROLE: &str = "arn:aws:iam::123456789012:role/Cognito_Auth";
const UNAUTH_ROLE: &str = "arn:aws:iam::123456789012:role/Cognito_Unauth";

async fn sts(s: &RunningServer, creds: Credentials) -> aws_sdk_sts::Client {
    let config = aws_config::defaults(aws_config::BehaviorVersion::latest())
        .region(aws_config::Region::new("us-east-1"))
        .endpoint_url(s.url())
        .credentials_provider(creds)
        .load()
        .await;
    aws_sdk_sts::Client::new(&config)
}

fn creds(key: &str, secret: &str, token: Option<&str>) -> Credentials {
    Credentials::new(key, secret, token.map(str::to_owned), None, "test")
}

/// A guest identity's credentials from the enhanced flow (GetId → GetCredentialsForIdentity).
async fn guest_credentials(
    s: &RunningServer,
    classic: bool,
) -> (String, String, aws_sdk_cognitoidentity::types::Credentials) {
    let c = identity(s).await;
    let (_, provider) = user_pool_provider(s).await;
    let pool = full_pool(&c, &provider, classic).await;
    let id = c
        .get_id()
        .identity_pool_id(&pool)
        .send()
        .await
        .unwrap()
        .identity_id
        .unwrap();
    let out = c
        .get_credentials_for_identity()
        .identity_id(&id)
        .send()
        .await
        .unwrap();
    (pool, id, out.credentials.unwrap())
}

#[tokio::test]
async fn get_caller_identity_with_enhanced_flow_credentials_answers_the_assumed_role() {
    let s = start().await;
    let (_, _, c) = guest_credentials(&s, false).await;
    let client = sts(
        &s,
        creds(
            c.access_key_id.as_deref().unwrap(),
            c.secret_key.as_deref().unwrap(),
            c.session_token.as_deref(),
        ),
    )
    .await;
    let me = client.get_caller_identity().send().await.unwrap();
    assert_eq!(
        me.arn.as_deref(),
        Some("arn:aws:sts::123456789012:assumed-role/Cognito_Unauth/CognitoIdentityCredentials")
    );
    assert_eq!(me.account.as_deref(), Some("123456789012"));
    let user_id = me.user_id.unwrap();
    assert!(
        user_id.starts_with("AROA") && user_id.ends_with(":CognitoIdentityCredentials"),
        "{user_id}"
    );
}

#[tokio::test]
async fn get_caller_identity_with_wrong_secret_is_signature_does_not_match() {
    let s = start().await;
    let (_, _, c) = guest_credentials(&s, false).await;
    let client = sts(
        &s,
        creds(
            c.access_key_id.as_deref().unwrap(),
            "0000000000000000000000000000000000000000",
            c.session_token.as_deref(),
        ),
    )
    .await;
    let err = client.get_caller_identity().send().await.unwrap_err();
    assert_eq!(err.raw_response().map(|r| r.status().as_u16()), Some(403));
    assert_eq!(
        err.into_service_error().code(),
        Some("SignatureDoesNotMatch")
    );

    let client = sts(
        &s,
        creds(
            c.access_key_id.as_deref().unwrap(),
            c.secret_key.as_deref().unwrap(),
            Some("another-token"),
        ),
    )
    .await;
    let err = client.get_caller_identity().send().await.unwrap_err();
    assert_eq!(
        err.into_service_error().code(),
        Some("InvalidClientTokenId")
    );
}

#[tokio::test]
async fn get_caller_identity_with_other_keys_answers_the_account_root() {
    let s = start().await;
    let client = sts(&s, creds("AKIDEXAMPLE", "secret", None)).await;
    let me = client.get_caller_identity().send().await.unwrap();
    assert_eq!(me.arn.as_deref(), Some("arn:aws:iam::123456789012:root"));
    assert_eq!(me.account.as_deref(), Some("123456789012"));
}

#[tokio::test]
async fn assume_role_with_web_identity_classic_flow_then_get_caller_identity() {
    let s = start().await;
    let c = identity(&s).await;
    let (_, provider) = user_pool_provider(&s).await;
    let pool = full_pool(&c, &provider, true).await;
    let id = c
        .get_id()
        .identity_pool_id(&pool)
        .logins("graph.facebook.com", "fb-classic")
        .send()
        .await
        .unwrap()
        .identity_id
        .unwrap();
    let token = c
        .get_open_id_token()
        .identity_id(&id)
        .logins("graph.facebook.com", "fb-classic")
        .send()
        .await
        .unwrap()
        .token
        .unwrap();
    let anonymous = sts(&s, creds("AKIDEXAMPLE", "secret", None)).await;
    let out = anonymous
        .assume_role_with_web_identity()
        .role_arn(AUTH_ROLE)
        .role_session_name("web-session")
        .web_identity_token(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(
        out.subject_from_web_identity_token.as_deref(),
        Some(id.as_str())
    );
    assert_eq!(out.audience.as_deref(), Some(pool.as_str()));
    assert_eq!(
        out.provider.as_deref(),
        Some("cognito-identity.amazonaws.com")
    );
    let user = out.assumed_role_user.unwrap();
    assert_eq!(
        user.arn,
        "arn:aws:sts::123456789012:assumed-role/Cognito_Auth/web-session"
    );
    assert!(user.assumed_role_id.ends_with(":web-session"));
    let c2 = out.credentials.unwrap();
    assert!(c2.access_key_id.starts_with("ASIA"));
    let ttl = c2.expiration.secs()
        - std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs() as i64;
    assert!((3590..=3600).contains(&ttl), "{ttl}");

    let client = sts(
        &s,
        creds(
            &c2.access_key_id,
            &c2.secret_access_key,
            Some(&c2.session_token),
        ),
    )
    .await;
    let me = client.get_caller_identity().send().await.unwrap();
    assert_eq!(
        me.arn.as_deref(),
        Some("arn:aws:sts::123456789012:assumed-role/Cognito_Auth/web-session")
    );
}

#[tokio::test]
async fn assume_role_with_web_identity_without_classic_flow_is_access_denied() {
    let s = start().await;
    let c = identity(&s).await;
    let (pool, id, _) = guest_credentials(&s, false).await;
    let token = c
        .get_open_id_token()
        .identity_id(&id)
        .send()
        .await
        .unwrap()
        .token
        .unwrap();
    let client = sts(&s, creds("AKIDEXAMPLE", "secret", None)).await;
    let err = client
        .assume_role_with_web_identity()
        .role_arn(UNAUTH_ROLE)
        .role_session_name("s")
        .web_identity_token(&token)
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.into_service_error().code(), Some("AccessDenied"));
    let _ = pool;
}

#[tokio::test]
async fn assume_role_with_web_identity_with_foreign_token_is_invalid_identity_token() {
    let s = start().await;
    let client = sts(&s, creds("AKIDEXAMPLE", "secret", None)).await;
    let err = client
        .assume_role_with_web_identity()
        .role_arn(UNAUTH_ROLE)
        .role_session_name("s")
        .web_identity_token("eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.")
        .send()
        .await
        .unwrap_err();
    assert!(err
        .into_service_error()
        .is_invalid_identity_token_exception());
}

#[tokio::test]
async fn unsupported_sts_action_is_an_xml_not_implemented_error() {
    let s = start().await;
    let raw = reqwest_lite::send(
        s.addr,
        "POST",
        "/",
        &[("Content-Type", "application/x-www-form-urlencoded")],
        b"Action=GetSessionToken&Version=2011-06-15",
    )
    .await;
    assert_eq!(raw.status, 501);
    assert!(
        raw.body.contains("<Code>NotImplemented</Code>"),
        "{}",
        raw.body
    );
    assert!(raw.body.starts_with("<ErrorResponse"), "{}", raw.body);
}

#[tokio::test]
async fn expired_credentials_and_tokens_are_refused() {
    use cognito_emulator::clock::ManualClock;
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64;
    let clock = std::sync::Arc::new(ManualClock::new(now));
    let app = cognito_emulator::App::with_clock(cognito_emulator::Config::default(), clock.clone());
    let s = cognito_emulator::server::spawn_app(app).await.unwrap();
    let c = identity(&s).await;
    let (_, provider) = user_pool_provider(&s).await;
    let pool = full_pool(&c, &provider, true).await;
    let id = c
        .get_id()
        .identity_pool_id(&pool)
        .send()
        .await
        .unwrap()
        .identity_id
        .unwrap();
    let token = c
        .get_open_id_token()
        .identity_id(&id)
        .send()
        .await
        .unwrap()
        .token
        .unwrap();
    let issued = c
        .get_credentials_for_identity()
        .identity_id(&id)
        .send()
        .await
        .unwrap()
        .credentials
        .unwrap();
    clock.advance_secs(3600);
    let client = sts(
        &s,
        creds(
            issued.access_key_id.as_deref().unwrap(),
            issued.secret_key.as_deref().unwrap(),
            issued.session_token.as_deref(),
        ),
    )
    .await;
    let err = client.get_caller_identity().send().await.unwrap_err();
    assert_eq!(err.raw_response().map(|r| r.status().as_u16()), Some(403));
    assert_eq!(err.into_service_error().code(), Some("ExpiredToken"));
    let err = client
        .assume_role_with_web_identity()
        .role_arn(UNAUTH_ROLE)
        .role_session_name("s")
        .web_identity_token(&token)
        .send()
        .await
        .unwrap_err();
    assert!(err.into_service_error().is_expired_token_exception());
}
