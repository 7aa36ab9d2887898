//! Tokens as verifiers see them: RS256 signatures checked with `jsonwebtoken` against the JWKS fetched over
//! HTTP, exact claim sets, the discovery document, and the refusals (tampered, expired, revoked).

use std::collections::BTreeSet;
use std::sync::Arc;

use aws_sdk_cognitoidentityprovider::types::{AuthFlowType, TimeUnitsType, TokenValidityUnitsType};
use cognito_emulator::clock::ManualClock;
use cognito_emulator::{App, Config, RunningServer};
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use serde_json::Value;

use super::auth::{confirmed_user, fixture, fixture_with, sign_in, PASSWORD};
use crate::common::{reqwest_lite, start};

pub async fn get_json(s: &RunningServer, path: &str) -> Value {
    let r = reqwest_lite::send(s.addr, "GET", path, &[], b"").await;
    assert_eq!(r.status, 200, "{path}: {}", r.body);
    r.json()
}

/// Verifies a token with the JWKS key its `kid` names, as a real verifier does.
pub fn verify(jwks: &Value, token: &str) -> Value {
    let header = jsonwebtoken::decode_header(token).unwrap();
    assert_eq!(header.alg, Algorithm::RS256);
    assert!(header.typ.is_none());
    let kid = header.kid.unwrap();
    let jwk = jwks["keys"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["kid"] == kid.as_str())
        .expect("kid is in the JWKS");
    let key =
        DecodingKey::from_rsa_components(jwk["n"].as_str().unwrap(), jwk["e"].as_str().unwrap())
            .unwrap();
    let mut v = Validation::new(Algorithm::RS256);
    v.validate_aud = false;
    jsonwebtoken::decode::<Value>(token, &key, &v)
        .unwrap()
        .claims
}

fn claim_names(v: &Value) -> BTreeSet<String> {
    v.as_object().unwrap().keys().cloned().collect()
}

#[tokio::test]
async fn tokens_verify_against_jwks_with_aws_claims() {
    let s = start().await;
    let f = fixture(&s).await;
    let username = confirmed_user(&s, &f, "kim").await;
    let t = sign_in(&f, "kim", PASSWORD).await;
    let jwks = get_json(&s, &format!("/{}/.well-known/jwks.json", f.pool)).await;
    let keys = jwks["keys"].as_array().unwrap();
    assert_eq!(keys.len(), 2);
    assert_ne!(keys[0]["kid"], keys[1]["kid"]);
    for k in keys {
        assert_eq!(k["alg"], "RS256");
        assert_eq!(k["kty"], "RSA");
        assert_eq!(k["e"], "AQAB");
        assert_eq!(k["use"], "sig");
    }
    let id = verify(&jwks, &t.id);
    let access = verify(&jwks, &t.access);
    assert_ne!(
        jsonwebtoken::decode_header(&t.id).unwrap().kid,
        jsonwebtoken::decode_header(&t.access).unwrap().kid
    );
    let iss = format!("https://cognito-idp.us-east-1.amazonaws.com/{}", f.pool);
    let names = |l: &[&str]| l.iter().map(|s| s.to_string()).collect::<BTreeSet<_>>();
    assert_eq!(
        claim_names(&id),
        names(&[
            "sub",
            "email_verified",
            "iss",
            "cognito:username",
            "origin_jti",
            "aud",
            "event_id",
            "token_use",
            "auth_time",
            "exp",
            "iat",
            "jti",
            "email"
        ])
    );
    assert_eq!(
        claim_names(&access),
        names(&[
            "sub",
            "iss",
            "client_id",
            "origin_jti",
            "event_id",
            "token_use",
            "scope",
            "auth_time",
            "exp",
            "iat",
            "jti",
            "username"
        ])
    );
    assert_eq!(id["iss"], iss.as_str());
    assert_eq!(id["aud"], f.client.as_str());
    assert_eq!(id["token_use"], "id");
    assert_eq!(id["email_verified"], true);
    assert_eq!(id["cognito:username"], username.as_str());
    assert_eq!(access["client_id"], f.client.as_str());
    assert_eq!(access["token_use"], "access");
    assert_eq!(access["scope"], "aws.cognito.signin.user.admin");
    assert_eq!(access["username"], username.as_str());
    assert_eq!(access["sub"], id["sub"]);
    assert_eq!(access["origin_jti"], id["origin_jti"]);
    assert_ne!(access["jti"], id["jti"]);
    assert_eq!(
        access["exp"].as_i64().unwrap() - access["iat"].as_i64().unwrap(),
        3600
    );

    // Refreshing keeps auth_time and origin_jti.
    let r =
        f.c.initiate_auth()
            .client_id(&f.client)
            .auth_flow(AuthFlowType::RefreshTokenAuth)
            .auth_parameters("REFRESH_TOKEN", t.refresh.unwrap())
            .send()
            .await
            .unwrap()
            .authentication_result
            .unwrap();
    let id2 = verify(&jwks, r.id_token.as_deref().unwrap());
    assert_eq!(id2["auth_time"], id["auth_time"]);
    assert_eq!(id2["origin_jti"], id["origin_jti"]);
    assert_ne!(id2["jti"], id["jti"]);
}

#[tokio::test]
async fn openid_configuration_issuer_matches_tokens() {
    let s = start().await;
    let f = fixture(&s).await;
    let doc = get_json(&s, &format!("/{}/.well-known/openid-configuration", f.pool)).await;
    assert_eq!(
        doc["issuer"],
        format!("https://cognito-idp.us-east-1.amazonaws.com/{}", f.pool)
    );
    assert_eq!(
        doc["jwks_uri"],
        format!("{}/{}/.well-known/jwks.json", s.url(), f.pool)
    );
    assert_eq!(doc["id_token_signing_alg_values_supported"][0], "RS256");
    let missing = reqwest_lite::send(
        s.addr,
        "GET",
        "/us-east-1_nope/.well-known/jwks.json",
        &[],
        b"",
    )
    .await;
    assert_eq!(missing.status, 404);
}

#[tokio::test]
async fn local_issuer_mode_uses_the_emulator_url() {
    let config = Config {
        issuer_mode: cognito_emulator::config::IssuerMode::Local,
        ..Config::default()
    };
    let s = cognito_emulator::spawn(config).await.unwrap();
    let f = fixture(&s).await;
    confirmed_user(&s, &f, "lou").await;
    let t = sign_in(&f, "lou", PASSWORD).await;
    let jwks = get_json(&s, &format!("/{}/.well-known/jwks.json", f.pool)).await;
    let id = verify(&jwks, &t.id);
    assert_eq!(id["iss"], format!("{}/{}", s.url(), f.pool));
    let doc = get_json(&s, &format!("/{}/.well-known/openid-configuration", f.pool)).await;
    assert_eq!(doc["issuer"], id["iss"]);
    f.c.get_user().access_token(&t.access).send().await.unwrap();
}

#[tokio::test]
async fn get_user_refuses_tampered_and_id_tokens() {
    let s = start().await;
    let f = fixture(&s).await;
    confirmed_user(&s, &f, "max").await;
    let t = sign_in(&f, "max", PASSWORD).await;
    let out = f.c.get_user().access_token(&t.access).send().await.unwrap();
    assert_eq!(out.username, "max");
    // Change the payload, keep the signature.
    let parts: Vec<&str> = t.access.split('.').collect();
    use base64::Engine;
    let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let mut payload: Value = serde_json::from_slice(&b64.decode(parts[1]).unwrap()).unwrap();
    payload["username"] = "someone-else".into();
    let forged = format!(
        "{}.{}.{}",
        parts[0],
        b64.encode(payload.to_string()),
        parts[2]
    );
    for bad in [forged.as_str(), t.id.as_str(), "not-a-jwt"] {
        let e =
            f.c.get_user()
                .access_token(bad)
                .send()
                .await
                .unwrap_err()
                .into_service_error();
        assert!(e.is_not_authorized_exception(), "{e:?}");
        assert_eq!(e.meta().message(), Some("Invalid Access Token"));
    }
}

#[tokio::test]
async fn get_user_refuses_expired_access_token() {
    let clock = Arc::new(ManualClock::new(1_700_000_000_000));
    let app = App::with_clock(Config::default(), clock.clone());
    let s = cognito_emulator::server::spawn_app(app).await.unwrap();
    let f = fixture_with(
        &s,
        |b| b,
        |b| {
            b.access_token_validity(5).token_validity_units(
                TokenValidityUnitsType::builder()
                    .access_token(TimeUnitsType::Minutes)
                    .build(),
            )
        },
    )
    .await;
    confirmed_user(&s, &f, "ned").await;
    let t = sign_in_expiring(&f, "ned").await;
    f.c.get_user().access_token(&t).send().await.unwrap();
    clock.advance_secs(301);
    let e =
        f.c.get_user()
            .access_token(&t)
            .send()
            .await
            .unwrap_err()
            .into_service_error();
    assert!(e.is_not_authorized_exception());
    assert_eq!(e.meta().message(), Some("Access Token has expired"));
    let e =
        f.c.change_password()
            .access_token(&t)
            .previous_password(PASSWORD)
            .proposed_password("Другой-Passw0rd")
            .send()
            .await
            .unwrap_err()
            .into_service_error();
    assert!(e.is_not_authorized_exception());
}

async fn sign_in_expiring(f: &super::auth::Fixture, user: &str) -> String {
    let r =
        f.c.initiate_auth()
            .client_id(&f.client)
            .auth_flow(AuthFlowType::UserPasswordAuth)
            .auth_parameters("USERNAME", user)
            .auth_parameters("PASSWORD", PASSWORD)
            .send()
            .await
            .unwrap()
            .authentication_result
            .unwrap();
    assert_eq!(r.expires_in, 300);
    r.access_token.unwrap()
}

#[tokio::test]
async fn revoke_token_refuses_its_access_tokens_and_refresh() {
    let s = start().await;
    let f = fixture(&s).await;
    confirmed_user(&s, &f, "ola").await;
    let t = sign_in(&f, "ola", PASSWORD).await;
    let other = sign_in(&f, "ola", PASSWORD).await;
    let refresh = t.refresh.unwrap();
    f.c.revoke_token()
        .client_id(&f.client)
        .token(&refresh)
        .send()
        .await
        .unwrap();
    let e =
        f.c.get_user()
            .access_token(&t.access)
            .send()
            .await
            .unwrap_err()
            .into_service_error();
    assert_eq!(e.meta().message(), Some("Access Token has been revoked"));
    let e =
        f.c.change_password()
            .access_token(&t.access)
            .previous_password(PASSWORD)
            .proposed_password("An0ther-Passw0rd")
            .send()
            .await
            .unwrap_err()
            .into_service_error();
    assert!(e.is_not_authorized_exception());
    let e =
        f.c.initiate_auth()
            .client_id(&f.client)
            .auth_flow(AuthFlowType::RefreshTokenAuth)
            .auth_parameters("REFRESH_TOKEN", &refresh)
            .send()
            .await
            .unwrap_err()
            .into_service_error();
    assert!(e.is_not_authorized_exception());
    assert_eq!(e.meta().message(), Some("Refresh Token has been revoked"));
    // Another sign-in's tokens still work.
    f.c.get_user()
        .access_token(&other.access)
        .send()
        .await
        .unwrap();
    // Access tokens cannot be revoked through RevokeToken.
    let e =
        f.c.revoke_token()
            .client_id(&f.client)
            .token(&other.access)
            .send()
            .await
            .unwrap_err()
            .into_service_error();
    assert!(e.is_unsupported_token_type_exception());
}

#[tokio::test]
async fn global_sign_out_revokes_every_session() {
    let s = start().await;
    let f = fixture(&s).await;
    confirmed_user(&s, &f, "pam").await;
    let a = sign_in(&f, "pam", PASSWORD).await;
    let b = sign_in(&f, "pam", PASSWORD).await;
    f.c.global_sign_out()
        .access_token(&a.access)
        .send()
        .await
        .unwrap();
    for t in [&a, &b] {
        let e =
            f.c.get_user()
                .access_token(&t.access)
                .send()
                .await
                .unwrap_err()
                .into_service_error();
        assert!(e.is_not_authorized_exception());
        let e =
            f.c.initiate_auth()
                .client_id(&f.client)
                .auth_flow(AuthFlowType::RefreshTokenAuth)
                .auth_parameters("REFRESH_TOKEN", t.refresh.as_deref().unwrap())
                .send()
                .await
                .unwrap_err()
                .into_service_error();
        assert!(e.is_not_authorized_exception());
    }
    let c = sign_in(&f, "pam", PASSWORD).await;
    f.c.admin_user_global_sign_out()
        .user_pool_id(&f.pool)
        .username("pam")
        .send()
        .await
        .unwrap();
    assert!(f.c.get_user().access_token(&c.access).send().await.is_err());
}

#[tokio::test]
async fn disabled_or_deleted_users_tokens_fail() {
    let s = start().await;
    let f = fixture(&s).await;
    confirmed_user(&s, &f, "quinn").await;
    let t = sign_in(&f, "quinn", PASSWORD).await;
    s.app
        .store
        .write_pool(&f.pool, |p| {
            p.users.get_mut("quinn").unwrap().enabled = false;
            Ok(())
        })
        .unwrap();
    let e =
        f.c.get_user()
            .access_token(&t.access)
            .send()
            .await
            .unwrap_err()
            .into_service_error();
    assert_eq!(e.meta().message(), Some("User is disabled."));
    s.app
        .store
        .write_pool(&f.pool, |p| {
            p.users.get_mut("quinn").unwrap().enabled = true;
            Ok(())
        })
        .unwrap();
    f.c.delete_user()
        .access_token(&t.access)
        .send()
        .await
        .unwrap();
    let e =
        f.c.get_user()
            .access_token(&t.access)
            .send()
            .await
            .unwrap_err()
            .into_service_error();
    assert!(e.is_not_authorized_exception() || e.is_user_not_found_exception());
}

#[test]
fn verify_id_token_accepts_own_tokens() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let s = start().await;
        let f = fixture(&s).await;
        confirmed_user(&s, &f, "rae").await;
        let t = sign_in(&f, "rae", PASSWORD).await;
        let claims = cognito_emulator::domain::tokens::verify_id_token(&s.app, &t.id).unwrap();
        assert_eq!(claims.aud, f.client);
        assert_eq!(claims.pool_id, f.pool);
        assert!(cognito_emulator::domain::tokens::verify_id_token(&s.app, &t.access).is_err());
        let access =
            cognito_emulator::domain::tokens::verify_access_token(&s.app, &t.access).unwrap();
        assert_eq!(access.username, "rae");
    });
}

#[tokio::test]
async fn get_signing_certificate_returns_base64_der() {
    let s = start().await;
    let f = fixture(&s).await;
    let cert =
        f.c.get_signing_certificate()
            .user_pool_id(&f.pool)
            .send()
            .await
            .unwrap()
            .certificate
            .unwrap();
    use base64::Engine;
    let der = base64::engine::general_purpose::STANDARD
        .decode(cert)
        .unwrap();
    assert_eq!(der.first(), Some(&0x30));
}
