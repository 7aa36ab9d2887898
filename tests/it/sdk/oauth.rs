//! The OAuth 2.0 endpoints and the hosted sign-in page, driven over raw HTTP as a browser and a backend
//! would, with the pool set up through the Rust SDK.

use crate::common::{idp, pool_id, reqwest_lite::send, start};
use aws_sdk_cognitoidentityprovider::types::{
    AttributeType, MessageActionType, OAuthFlowType, ResourceServerScopeType,
};
use base64::Engine;
use cognito_emulator::RunningServer;
use sha2::Digest;

const CALLBACK: &str = "http://localhost:3000/callback";

struct Setup {
    pool: String,
    client: String,
    secret: String,
}

async fn setup(s: &RunningServer) -> Setup {
    let c = idp(s).await;
    let pool = pool_id(c.create_user_pool().pool_name("oauth")).await;
    c.create_resource_server()
        .user_pool_id(&pool)
        .identifier("api")
        .name("api")
        .scopes(
            ResourceServerScopeType::builder()
                .scope_name("read")
                .scope_description("read")
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
    let client = c
        .create_user_pool_client()
        .user_pool_id(&pool)
        .client_name("web")
        .generate_secret(true)
        .allowed_o_auth_flows_user_pool_client(true)
        .allowed_o_auth_flows(OAuthFlowType::Code)
        .allowed_o_auth_flows(OAuthFlowType::Implicit)
        .allowed_o_auth_scopes("openid")
        .allowed_o_auth_scopes("email")
        .allowed_o_auth_scopes("api/read")
        .callback_urls(CALLBACK)
        .logout_urls("http://localhost:3000/bye")
        .supported_identity_providers("COGNITO")
        .send()
        .await
        .unwrap()
        .user_pool_client
        .unwrap();
    c.admin_create_user()
        .user_pool_id(&pool)
        .username("alice")
        .user_attributes(
            AttributeType::builder()
                .name("email")
                .value("alice@example.com")
                .build()
                .unwrap(),
        )
        .message_action(MessageActionType::Suppress)
        .send()
        .await
        .unwrap();
    c.admin_set_user_password()
        .user_pool_id(&pool)
        .username("alice")
        .password("Passw0rd!")
        .permanent(true)
        .send()
        .await
        .unwrap();
    Setup {
        pool,
        client: client.client_id.unwrap(),
        secret: client.client_secret.unwrap(),
    }
}

fn enc(s: &str) -> String {
    cognito_emulator::ops::oauth::percent_encode(s)
}

fn basic(setup: &Setup) -> String {
    let raw = format!("{}:{}", setup.client, setup.secret);
    format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(raw)
    )
}

fn query_value(url: &str, key: &str) -> Option<String> {
    let q = url.split_once(['?', '#'])?.1;
    cognito_emulator::http::emulator::query_params(q)
        .into_iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v)
}

const FORM: (&str, &str) = ("Content-Type", "application/x-www-form-urlencoded");

/// authorize → sign-in page → code on the callback.
async fn sign_in_for_code(
    s: &RunningServer,
    setup: &Setup,
    extra: &str,
    password: &str,
) -> crate::common::Raw {
    let authorize = format!(
        "/oauth2/authorize?client_id={}&redirect_uri={}&response_type=code&scope={}&state=xyz{extra}",
        setup.client,
        enc(CALLBACK),
        enc("openid email api/read")
    );
    let r = send(s.addr, "GET", &authorize, &[], b"").await;
    assert_eq!(r.status, 302, "{}", r.body);
    let login = r.header("location").unwrap();
    assert!(login.starts_with("/login?"), "{login}");
    let page = send(s.addr, "GET", &login, &[], b"").await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("name=\"password\""));
    let form = format!(
        "{}&username=alice&password={}",
        login.trim_start_matches("/login?"),
        enc(password)
    );
    send(s.addr, "POST", "/login", &[FORM], form.as_bytes()).await
}

#[tokio::test]
async fn authorization_code_flow_issues_tokens_userinfo_refresh_and_revoke() {
    let s = start().await;
    let setup = setup(&s).await;
    let r = sign_in_for_code(&s, &setup, "", "Passw0rd!").await;
    assert_eq!(r.status, 302, "{}", r.body);
    let location = r.header("location").unwrap();
    assert!(location.starts_with(CALLBACK));
    assert_eq!(query_value(&location, "state").as_deref(), Some("xyz"));
    let code = query_value(&location, "code").unwrap();

    let body = format!(
        "grant_type=authorization_code&code={code}&redirect_uri={}",
        enc(CALLBACK)
    );
    let auth = basic(&setup);
    let t = send(
        s.addr,
        "POST",
        "/oauth2/token",
        &[FORM, ("Authorization", auth.as_str())],
        body.as_bytes(),
    )
    .await;
    assert_eq!(t.status, 200, "{}", t.body);
    let tokens = t.json();
    assert_eq!(tokens["token_type"], "Bearer");
    let access = tokens["access_token"].as_str().unwrap().to_owned();
    let refresh = tokens["refresh_token"].as_str().unwrap().to_owned();
    assert!(tokens["id_token"].is_string());
    let payload: serde_json::Value = serde_json::from_slice(
        &base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(access.split('.').nth(1).unwrap())
            .unwrap(),
    )
    .unwrap();
    assert_eq!(payload["scope"], "openid email api/read");

    // A code works once.
    let again = send(
        s.addr,
        "POST",
        "/oauth2/token",
        &[FORM, ("Authorization", auth.as_str())],
        body.as_bytes(),
    )
    .await;
    assert_eq!(
        (again.status, again.json()["error"].as_str()),
        (400, Some("invalid_grant"))
    );

    let bearer = format!("Bearer {access}");
    let info = send(
        s.addr,
        "GET",
        "/oauth2/userInfo",
        &[("Authorization", bearer.as_str())],
        b"",
    )
    .await;
    assert_eq!(info.status, 200, "{}", info.body);
    assert_eq!(info.json()["email"], "alice@example.com");
    assert_eq!(info.json()["username"], "alice");

    let rbody = format!("grant_type=refresh_token&refresh_token={}", enc(&refresh));
    let rt = send(
        s.addr,
        "POST",
        "/oauth2/token",
        &[FORM, ("Authorization", auth.as_str())],
        rbody.as_bytes(),
    )
    .await;
    assert_eq!(rt.status, 200, "{}", rt.body);
    assert!(rt.json().get("refresh_token").is_none());
    assert!(rt.json()["access_token"].is_string());

    let rev = format!("token={}", enc(&refresh));
    let rv = send(
        s.addr,
        "POST",
        "/oauth2/revoke",
        &[FORM, ("Authorization", auth.as_str())],
        rev.as_bytes(),
    )
    .await;
    assert_eq!(rv.status, 200);
    let rt = send(
        s.addr,
        "POST",
        "/oauth2/token",
        &[FORM, ("Authorization", auth.as_str())],
        rbody.as_bytes(),
    )
    .await;
    assert_eq!(rt.json()["error"], "invalid_grant");
    let info = send(
        s.addr,
        "GET",
        "/oauth2/userInfo",
        &[("Authorization", bearer.as_str())],
        b"",
    )
    .await;
    assert_eq!(info.status, 401);

    // Wrong client secret.
    let bad = format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(format!("{}:nope", setup.client))
    );
    let t = send(
        s.addr,
        "POST",
        "/oauth2/token",
        &[FORM, ("Authorization", bad.as_str())],
        rbody.as_bytes(),
    )
    .await;
    assert_eq!(
        (t.status, t.json()["error"].as_str()),
        (401, Some("invalid_client"))
    );
    let _ = setup.pool;
}

#[tokio::test]
async fn pkce_verifier_is_checked_and_wrong_password_stays_on_the_page() {
    let s = start().await;
    let setup = setup(&s).await;
    let r = sign_in_for_code(&s, &setup, "", "wrong-password").await;
    assert_eq!(r.status, 200);
    assert!(r.body.contains("Incorrect username or password."));

    let verifier = "a-long-random-verifier-string-with-enough-entropy-123456";
    let challenge =
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(sha2::Sha256::digest(verifier));
    let extra = format!("&code_challenge={challenge}&code_challenge_method=S256");
    let r = sign_in_for_code(&s, &setup, &extra, "Passw0rd!").await;
    let code = query_value(&r.header("location").unwrap(), "code").unwrap();
    let auth = basic(&setup);
    let wrong = format!(
        "grant_type=authorization_code&code={code}&redirect_uri={}&code_verifier=nope",
        enc(CALLBACK)
    );
    let t = send(
        s.addr,
        "POST",
        "/oauth2/token",
        &[FORM, ("Authorization", auth.as_str())],
        wrong.as_bytes(),
    )
    .await;
    assert_eq!(t.json()["error"], "invalid_grant");

    let r = sign_in_for_code(&s, &setup, &extra, "Passw0rd!").await;
    let code = query_value(&r.header("location").unwrap(), "code").unwrap();
    let right = format!(
        "grant_type=authorization_code&code={code}&redirect_uri={}&code_verifier={verifier}",
        enc(CALLBACK)
    );
    let t = send(
        s.addr,
        "POST",
        "/oauth2/token",
        &[FORM, ("Authorization", auth.as_str())],
        right.as_bytes(),
    )
    .await;
    assert_eq!(t.status, 200, "{}", t.body);
}

#[tokio::test]
async fn authorize_refuses_unregistered_redirects_and_logout_redirects() {
    let s = start().await;
    let setup = setup(&s).await;
    let r = send(
        s.addr,
        "GET",
        &format!(
            "/oauth2/authorize?client_id={}&redirect_uri={}&response_type=code",
            setup.client,
            enc("https://evil.example/cb")
        ),
        &[],
        b"",
    )
    .await;
    assert_eq!(r.status, 400);
    assert!(r.header("location").is_none());
    let r = send(
        s.addr,
        "GET",
        &format!("/oauth2/authorize?client_id={}&redirect_uri={}&response_type=code&scope=phone&state=s1", setup.client, enc(CALLBACK)),
        &[],
        b"",
    )
    .await;
    assert_eq!(r.status, 302);
    assert_eq!(
        query_value(&r.header("location").unwrap(), "error").as_deref(),
        Some("invalid_scope")
    );

    let r = send(
        s.addr,
        "GET",
        &format!(
            "/logout?client_id={}&logout_uri={}",
            setup.client,
            enc("http://localhost:3000/bye")
        ),
        &[],
        b"",
    )
    .await;
    assert_eq!(
        (r.status, r.header("location").as_deref()),
        (302, Some("http://localhost:3000/bye"))
    );
    let r = send(
        s.addr,
        "GET",
        &format!(
            "/logout?client_id={}&logout_uri={}",
            setup.client,
            enc("http://x/")
        ),
        &[],
        b"",
    )
    .await;
    assert_eq!(r.status, 400);
}

#[tokio::test]
async fn client_credentials_grant_issues_an_m2m_access_token() {
    let s = start().await;
    let setup = setup(&s).await;
    let c = idp(&s).await;
    let m2m = c
        .create_user_pool_client()
        .user_pool_id(&setup.pool)
        .client_name("m2m")
        .generate_secret(true)
        .allowed_o_auth_flows_user_pool_client(true)
        .allowed_o_auth_flows(OAuthFlowType::ClientCredentials)
        .allowed_o_auth_scopes("api/read")
        .send()
        .await
        .unwrap()
        .user_pool_client
        .unwrap();
    let body = format!(
        "grant_type=client_credentials&client_id={}&client_secret={}&scope={}",
        m2m.client_id.as_deref().unwrap(),
        m2m.client_secret.as_deref().unwrap(),
        enc("api/read")
    );
    let t = send(s.addr, "POST", "/oauth2/token", &[FORM], body.as_bytes()).await;
    assert_eq!(t.status, 200, "{}", t.body);
    assert!(t.json().get("id_token").is_none());
    let access = t.json()["access_token"].as_str().unwrap().to_owned();
    let payload: serde_json::Value = serde_json::from_slice(
        &base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(access.split('.').nth(1).unwrap())
            .unwrap(),
    )
    .unwrap();
    assert_eq!(payload["sub"], m2m.client_id.unwrap());
    assert_eq!(payload["scope"], "api/read");
    assert_eq!(payload["token_use"], "access");
    // The code client may not use this grant.
    let body = format!(
        "grant_type=client_credentials&client_id={}&client_secret={}",
        setup.client, setup.secret
    );
    let t = send(s.addr, "POST", "/oauth2/token", &[FORM], body.as_bytes()).await;
    assert_eq!(t.json()["error"], "unauthorized_client");
}

#[tokio::test]
async fn discovery_document_endpoints_exist() {
    let s = start().await;
    let setup = setup(&s).await;
    let d = send(
        s.addr,
        "GET",
        &format!("/{}/.well-known/openid-configuration", setup.pool),
        &[],
        b"",
    )
    .await;
    assert_eq!(d.status, 200);
    let doc = d.json();
    for key in [
        "authorization_endpoint",
        "token_endpoint",
        "userinfo_endpoint",
        "end_session_endpoint",
        "revocation_endpoint",
        "jwks_uri",
    ] {
        let url = doc[key].as_str().unwrap();
        let path = url
            .split_once("//")
            .unwrap()
            .1
            .split_once('/')
            .map(|(_, p)| format!("/{p}"))
            .unwrap();
        let method = if key == "token_endpoint" || key == "revocation_endpoint" {
            "POST"
        } else {
            "GET"
        };
        let r = send(s.addr, method, &path, &[FORM], b"").await;
        assert_ne!(r.status, 404, "{key} {path}");
    }
}

#[tokio::test]
async fn the_hosted_sign_in_runs_pre_and_post_authentication() {
    use std::sync::{Arc, Mutex};
    let s = start().await;
    let setup = setup(&s).await;
    let seen = Arc::new(Mutex::new(Vec::<String>::new()));
    let refuse = Arc::new(Mutex::new(true));
    for name in ["preauth", "postauth"] {
        let seen = Arc::clone(&seen);
        let refuse = Arc::clone(&refuse);
        s.app.lambdas.register(
            name,
            Arc::new(move |event: serde_json::Value| {
                let source = event["triggerSource"]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned();
                seen.lock().unwrap().push(source.clone());
                if source == "PreAuthentication_Authentication" && *refuse.lock().unwrap() {
                    return Err(cognito_emulator::lambda::InvokeError::Function {
                        error_type: "Error".into(),
                        message: "Outside office hours".into(),
                    });
                }
                Ok(event)
            }),
        );
    }
    let c = idp(&s).await;
    c.update_user_pool()
        .user_pool_id(&setup.pool)
        .lambda_config(
            aws_sdk_cognitoidentityprovider::types::LambdaConfigType::builder()
                .pre_authentication("arn:aws:lambda:us-east-1:123456789012:function:preauth")
                .post_authentication("arn:aws:lambda:us-east-1:123456789012:function:postauth")
                .build(),
        )
        .send()
        .await
        .unwrap();
    let r = sign_in_for_code(&s, &setup, "", "Passw0rd!").await;
    assert_eq!(r.status, 200, "the page is shown again");
    assert!(
        r.body
            .contains("PreAuthentication failed with error Outside office hours."),
        "{}",
        r.body
    );
    *refuse.lock().unwrap() = false;
    let r = sign_in_for_code(&s, &setup, "", "Passw0rd!").await;
    assert_eq!(r.status, 302, "{}", r.body);
    assert_eq!(
        *seen.lock().unwrap(),
        vec![
            "PreAuthentication_Authentication",
            "PreAuthentication_Authentication",
            "PostAuthentication_Authentication"
        ]
    );
}
