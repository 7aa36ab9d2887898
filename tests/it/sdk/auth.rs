//! Sign-in flows through the Rust SDK: password flows, their errors and their order, SECRET_HASH,
//! lockout, NEW_PASSWORD_REQUIRED, refresh and rotation. Users are created with SignUp + ConfirmSignUp
//! (the code read from the outbox).

use aws_sdk_cognitoidentityprovider::error::ProvideErrorMetadata;
use aws_sdk_cognitoidentityprovider::types::{
    AttributeType, AuthFlowType, ChallengeNameType, ExplicitAuthFlowsType, FeatureType,
    PreventUserExistenceErrorTypes, RefreshTokenRotationType, VerifiedAttributeType,
};
use aws_sdk_cognitoidentityprovider::Client;
use base64::Engine;
use cognito_emulator::RunningServer;
use hmac::Mac;

use crate::common::{idp, start};

pub const PASSWORD: &str = "Passw0rd!";

/// A pool with email auto-verification, and its client allowing the password and refresh flows.
pub struct Fixture {
    pub c: Client,
    pub pool: String,
    pub client: String,
}

pub async fn fixture(s: &RunningServer) -> Fixture {
    fixture_with(s, |b| b, |b| b).await
}

pub async fn fixture_with(
    s: &RunningServer,
    pool: impl FnOnce(
        aws_sdk_cognitoidentityprovider::operation::create_user_pool::builders::CreateUserPoolFluentBuilder,
    ) -> aws_sdk_cognitoidentityprovider::operation::create_user_pool::builders::CreateUserPoolFluentBuilder,
    client: impl FnOnce(
        aws_sdk_cognitoidentityprovider::operation::create_user_pool_client::builders::CreateUserPoolClientFluentBuilder,
    ) -> aws_sdk_cognitoidentityprovider::operation::create_user_pool_client::builders::CreateUserPoolClientFluentBuilder,
) -> Fixture {
    let c = idp(s).await;
    let pool_id = crate::common::pool_id(pool(
        c.create_user_pool()
            .pool_name("auth")
            .auto_verified_attributes(VerifiedAttributeType::Email),
    ))
    .await;
    let client_id = client(
        c.create_user_pool_client()
            .user_pool_id(&pool_id)
            .client_name("app")
            .explicit_auth_flows(ExplicitAuthFlowsType::AllowUserPasswordAuth)
            .explicit_auth_flows(ExplicitAuthFlowsType::AllowAdminUserPasswordAuth)
            .explicit_auth_flows(ExplicitAuthFlowsType::AllowRefreshTokenAuth),
    )
    .send()
    .await
    .unwrap()
    .user_pool_client
    .unwrap()
    .client_id
    .unwrap();
    Fixture {
        c,
        pool: pool_id,
        client: client_id,
    }
}

/// The last code sent to `username` in `pool`.
pub fn last_code(s: &RunningServer, pool: &str, username: &str) -> String {
    s.app
        .outbox
        .list(Some(pool), Some(username))
        .last()
        .and_then(|m| m.code.clone())
        .expect("a code was sent")
}

/// Signs up and confirms a user with an email; returns the internal username.
pub async fn confirmed_user(s: &RunningServer, f: &Fixture, username: &str) -> String {
    let out =
        f.c.sign_up()
            .client_id(&f.client)
            .username(username)
            .password(PASSWORD)
            .user_attributes(attr("email", &format!("{username}@example.com")))
            .send()
            .await
            .unwrap();
    let internal = s
        .app
        .store
        .read_pool(&f.pool, |p| {
            Ok(p.users.by_sub(&out.user_sub).unwrap().username.clone())
        })
        .unwrap();
    let code = last_code(s, &f.pool, &internal);
    f.c.confirm_sign_up()
        .client_id(&f.client)
        .username(username)
        .confirmation_code(code)
        .send()
        .await
        .unwrap();
    internal
}

pub fn attr(name: &str, value: &str) -> AttributeType {
    AttributeType::builder()
        .name(name)
        .value(value)
        .build()
        .unwrap()
}

pub struct Tokens {
    pub id: String,
    pub access: String,
    pub refresh: Option<String>,
}

pub async fn sign_in(f: &Fixture, username: &str, password: &str) -> Tokens {
    let r =
        f.c.initiate_auth()
            .client_id(&f.client)
            .auth_flow(AuthFlowType::UserPasswordAuth)
            .auth_parameters("USERNAME", username)
            .auth_parameters("PASSWORD", password)
            .send()
            .await
            .unwrap();
    let a = r.authentication_result.unwrap();
    assert_eq!(a.token_type.as_deref(), Some("Bearer"));
    assert_eq!(a.expires_in, 3600);
    Tokens {
        id: a.id_token.unwrap(),
        access: a.access_token.unwrap(),
        refresh: a.refresh_token,
    }
}

async fn password_error(f: &Fixture, username: &str, password: &str) -> (String, String) {
    let e =
        f.c.initiate_auth()
            .client_id(&f.client)
            .auth_flow(AuthFlowType::UserPasswordAuth)
            .auth_parameters("USERNAME", username)
            .auth_parameters("PASSWORD", password)
            .send()
            .await
            .unwrap_err()
            .into_service_error();
    (
        e.code().unwrap_or_default().to_owned(),
        e.message().unwrap_or_default().to_owned(),
    )
}

fn secret_hash(secret: &str, username: &str, client: &str) -> String {
    let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(username.as_bytes());
    mac.update(client.as_bytes());
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

#[tokio::test]
async fn initiate_auth_user_password_returns_tokens() {
    let s = start().await;
    let f = fixture(&s).await;
    confirmed_user(&s, &f, "alice").await;
    let t = sign_in(&f, "alice", PASSWORD).await;
    assert!(t.refresh.is_some());
    assert_eq!(t.id.split('.').count(), 3);
}

#[tokio::test]
async fn initiate_auth_errors_follow_aws_order() {
    let s = start().await;
    let f = fixture(&s).await;
    confirmed_user(&s, &f, "bob").await;
    assert_eq!(
        password_error(&f, "bob", "wrong").await,
        (
            "NotAuthorizedException".into(),
            "Incorrect username or password.".into()
        )
    );
    assert_eq!(
        password_error(&f, "nobody", PASSWORD).await,
        (
            "UserNotFoundException".into(),
            "User does not exist.".into()
        )
    );
    // Unconfirmed: UserNotConfirmedException whatever the password, as AWS.
    f.c.sign_up()
        .client_id(&f.client)
        .username("carol")
        .password(PASSWORD)
        .send()
        .await
        .unwrap();
    for pw in [PASSWORD, "wrong"] {
        assert_eq!(
            password_error(&f, "carol", pw).await,
            (
                "UserNotConfirmedException".into(),
                "User is not confirmed.".into()
            )
        );
    }
    s.app
        .store
        .write_pool(&f.pool, |p| {
            p.users.get_mut("bob").unwrap().enabled = false;
            Ok(())
        })
        .unwrap();
    assert_eq!(
        password_error(&f, "bob", PASSWORD).await,
        ("NotAuthorizedException".into(), "User is disabled.".into())
    );
    s.app
        .store
        .write_pool(&f.pool, |p| {
            let u = p.users.get_mut("bob").unwrap();
            u.enabled = true;
            u.status = cognito_emulator::domain::user::UserStatus::ResetRequired;
            Ok(())
        })
        .unwrap();
    assert_eq!(
        password_error(&f, "bob", PASSWORD).await.0,
        "PasswordResetRequiredException"
    );
}

#[tokio::test]
async fn initiate_auth_prevent_user_existence_errors_hides_unknown_users() {
    let s = start().await;
    let f = fixture_with(
        &s,
        |b| b,
        |b| b.prevent_user_existence_errors(PreventUserExistenceErrorTypes::Enabled),
    )
    .await;
    assert_eq!(
        password_error(&f, "ghost", PASSWORD).await,
        (
            "NotAuthorizedException".into(),
            "Incorrect username or password.".into()
        )
    );
}

#[tokio::test]
async fn initiate_auth_flow_not_enabled_is_invalid_parameter() {
    let s = start().await;
    let f = fixture_with(
        &s,
        |b| b,
        |b| b.set_explicit_auth_flows(Some(vec![ExplicitAuthFlowsType::AllowUserSrpAuth])),
    )
    .await;
    assert_eq!(
        password_error(&f, "x", PASSWORD).await,
        (
            "InvalidParameterException".into(),
            "USER_PASSWORD_AUTH flow not enabled for this client".into()
        )
    );
    let e =
        f.c.initiate_auth()
            .client_id(&f.client)
            .auth_flow(AuthFlowType::AdminUserPasswordAuth)
            .auth_parameters("USERNAME", "x")
            .send()
            .await
            .unwrap_err()
            .into_service_error();
    assert!(e.is_invalid_parameter_exception());
    let e =
        f.c.initiate_auth()
            .client_id("nosuchclient")
            .auth_flow(AuthFlowType::UserPasswordAuth)
            .auth_parameters("USERNAME", "x")
            .send()
            .await
            .unwrap_err()
            .into_service_error();
    assert!(e.is_resource_not_found_exception());
    assert_eq!(
        e.message(),
        Some("User pool client nosuchclient does not exist.")
    );
}

#[tokio::test]
async fn initiate_auth_secret_hash_is_required_and_checked() {
    let s = start().await;
    let f = fixture_with(&s, |b| b, |b| b.generate_secret(true)).await;
    let secret =
        f.c.describe_user_pool_client()
            .user_pool_id(&f.pool)
            .client_id(&f.client)
            .send()
            .await
            .unwrap()
            .user_pool_client
            .unwrap()
            .client_secret
            .unwrap();
    let hash = secret_hash(&secret, "dave", &f.client);
    f.c.sign_up()
        .client_id(&f.client)
        .secret_hash(&hash)
        .username("dave")
        .password(PASSWORD)
        .user_attributes(attr("email", "dave@example.com"))
        .send()
        .await
        .unwrap();
    f.c.confirm_sign_up()
        .client_id(&f.client)
        .secret_hash(&hash)
        .username("dave")
        .confirmation_code(last_code(&s, &f.pool, "dave"))
        .send()
        .await
        .unwrap();
    let (code, msg) = password_error(&f, "dave", PASSWORD).await;
    assert_eq!(code, "NotAuthorizedException");
    assert_eq!(
        msg,
        format!(
            "Client {} is configured with secret but SECRET_HASH was not received",
            f.client
        )
    );
    let e =
        f.c.initiate_auth()
            .client_id(&f.client)
            .auth_flow(AuthFlowType::UserPasswordAuth)
            .auth_parameters("USERNAME", "dave")
            .auth_parameters("PASSWORD", PASSWORD)
            .auth_parameters("SECRET_HASH", "AAAA")
            .send()
            .await
            .unwrap_err()
            .into_service_error();
    assert_eq!(
        e.message().unwrap(),
        format!("Unable to verify secret hash for client {}", f.client)
    );
    let ok =
        f.c.initiate_auth()
            .client_id(&f.client)
            .auth_flow(AuthFlowType::UserPasswordAuth)
            .auth_parameters("USERNAME", "dave")
            .auth_parameters("PASSWORD", PASSWORD)
            .auth_parameters("SECRET_HASH", &hash)
            .send()
            .await
            .unwrap();
    assert!(ok.authentication_result.is_some());
}

#[tokio::test]
async fn initiate_auth_locks_out_after_five_wrong_passwords() {
    let s = start().await;
    let f = fixture(&s).await;
    confirmed_user(&s, &f, "erin").await;
    for _ in 0..5 {
        assert_eq!(
            password_error(&f, "erin", "wrong").await.1,
            "Incorrect username or password."
        );
    }
    assert_eq!(
        password_error(&f, "erin", PASSWORD).await,
        (
            "NotAuthorizedException".into(),
            "Password attempts exceeded".into()
        )
    );
}

#[tokio::test]
async fn admin_initiate_auth_signs_in_and_srp_needs_its_flow() {
    let s = start().await;
    let f = fixture(&s).await;
    confirmed_user(&s, &f, "fay").await;
    let r =
        f.c.admin_initiate_auth()
            .user_pool_id(&f.pool)
            .client_id(&f.client)
            .auth_flow(AuthFlowType::AdminUserPasswordAuth)
            .auth_parameters("USERNAME", "fay")
            .auth_parameters("PASSWORD", PASSWORD)
            .send()
            .await
            .unwrap();
    assert!(r.authentication_result.unwrap().refresh_token.is_some());
    let e =
        f.c.initiate_auth()
            .client_id(&f.client)
            .auth_flow(AuthFlowType::UserSrpAuth)
            .auth_parameters("USERNAME", "fay")
            .auth_parameters("SRP_A", "abc")
            .send()
            .await
            .unwrap_err()
            .into_service_error();
    assert!(e.is_invalid_parameter_exception());
}

#[tokio::test]
async fn respond_to_auth_challenge_new_password_required_confirms_user() {
    let s = start().await;
    let f = fixture_with(
        &s,
        |b| {
            b.schema(
                aws_sdk_cognitoidentityprovider::types::SchemaAttributeType::builder()
                    .name("given_name")
                    .required(true)
                    .build(),
            )
        },
        |b| b,
    )
    .await;
    f.c.sign_up()
        .client_id(&f.client)
        .username("gus")
        .password(PASSWORD)
        .user_attributes(attr("email", "gus@example.com"))
        .user_attributes(attr("given_name", "Gus"))
        .send()
        .await
        .unwrap();
    // As AdminCreateUser would leave it: temporary password, no given_name yet.
    s.app
        .store
        .write_pool(&f.pool, |p| {
            let u = p.users.get_mut("gus").unwrap();
            u.status = cognito_emulator::domain::user::UserStatus::ForceChangePassword;
            u.attributes.remove("given_name");
            Ok(())
        })
        .unwrap();
    let r =
        f.c.initiate_auth()
            .client_id(&f.client)
            .auth_flow(AuthFlowType::UserPasswordAuth)
            .auth_parameters("USERNAME", "gus")
            .auth_parameters("PASSWORD", PASSWORD)
            .send()
            .await
            .unwrap();
    assert_eq!(
        r.challenge_name,
        Some(ChallengeNameType::NewPasswordRequired)
    );
    let params = r.challenge_parameters.unwrap();
    assert_eq!(params["USER_ID_FOR_SRP"], "gus");
    assert_eq!(
        params["requiredAttributes"],
        r#"["userAttributes.given_name"]"#
    );
    assert!(params["userAttributes"].contains("gus@example.com"));
    let session = r.session.unwrap();
    assert!(session.len() >= 20);
    let e =
        f.c.respond_to_auth_challenge()
            .client_id(&f.client)
            .challenge_name(ChallengeNameType::NewPasswordRequired)
            .session(&session)
            .challenge_responses("USERNAME", "gus")
            .challenge_responses("NEW_PASSWORD", "N3w-Passw0rd!")
            .send()
            .await
            .unwrap_err()
            .into_service_error();
    assert!(e.is_invalid_parameter_exception(), "{e:?}");
    let e =
        f.c.respond_to_auth_challenge()
            .client_id(&f.client)
            .challenge_name(ChallengeNameType::NewPasswordRequired)
            .session(&session)
            .challenge_responses("USERNAME", "gus")
            .challenge_responses("NEW_PASSWORD", "short")
            .challenge_responses("userAttributes.given_name", "Gus")
            .send()
            .await
            .unwrap_err()
            .into_service_error();
    assert!(e.is_invalid_password_exception());
    let ok =
        f.c.respond_to_auth_challenge()
            .client_id(&f.client)
            .challenge_name(ChallengeNameType::NewPasswordRequired)
            .session(&session)
            .challenge_responses("USERNAME", "gus")
            .challenge_responses("NEW_PASSWORD", "N3w-Passw0rd!")
            .challenge_responses("userAttributes.given_name", "Gus")
            .send()
            .await
            .unwrap();
    assert!(ok.authentication_result.is_some());
    sign_in(&f, "gus", "N3w-Passw0rd!").await;
    // A session answers one challenge.
    let e =
        f.c.respond_to_auth_challenge()
            .client_id(&f.client)
            .challenge_name(ChallengeNameType::NewPasswordRequired)
            .session(&session)
            .challenge_responses("USERNAME", "gus")
            .challenge_responses("NEW_PASSWORD", "N3w-Passw0rd!2")
            .send()
            .await
            .unwrap_err()
            .into_service_error();
    assert!(e.is_not_authorized_exception());
}

#[tokio::test]
async fn refresh_token_auth_returns_new_tokens_without_refresh_token() {
    let s = start().await;
    let f = fixture(&s).await;
    confirmed_user(&s, &f, "hal").await;
    let t = sign_in(&f, "hal", PASSWORD).await;
    let r =
        f.c.initiate_auth()
            .client_id(&f.client)
            .auth_flow(AuthFlowType::RefreshTokenAuth)
            .auth_parameters("REFRESH_TOKEN", t.refresh.as_deref().unwrap())
            .send()
            .await
            .unwrap()
            .authentication_result
            .unwrap();
    assert!(r.refresh_token.is_none());
    assert_ne!(r.access_token.as_deref(), Some(t.access.as_str()));
    f.c.get_user()
        .access_token(r.access_token.unwrap())
        .send()
        .await
        .unwrap();
    let e =
        f.c.initiate_auth()
            .client_id(&f.client)
            .auth_flow(AuthFlowType::RefreshToken)
            .auth_parameters("REFRESH_TOKEN", "bogus")
            .send()
            .await
            .unwrap_err()
            .into_service_error();
    assert!(e.is_not_authorized_exception());
}

#[tokio::test]
async fn get_tokens_from_refresh_token_rotates_when_enabled() {
    let s = start().await;
    let f = fixture_with(
        &s,
        |b| b,
        |b| {
            b.refresh_token_rotation(
                RefreshTokenRotationType::builder()
                    .feature(FeatureType::Enabled)
                    .retry_grace_period_seconds(0)
                    .build()
                    .unwrap(),
            )
        },
    )
    .await;
    confirmed_user(&s, &f, "ida").await;
    let t = sign_in(&f, "ida", PASSWORD).await;
    let old = t.refresh.unwrap();
    let r =
        f.c.get_tokens_from_refresh_token()
            .client_id(&f.client)
            .refresh_token(&old)
            .send()
            .await
            .unwrap()
            .authentication_result
            .unwrap();
    let new = r.refresh_token.unwrap();
    assert_ne!(new, old);
    let e =
        f.c.get_tokens_from_refresh_token()
            .client_id(&f.client)
            .refresh_token(&old)
            .send()
            .await
            .unwrap_err()
            .into_service_error();
    assert!(e.is_refresh_token_reuse_exception(), "{e:?}");
    f.c.get_tokens_from_refresh_token()
        .client_id(&f.client)
        .refresh_token(&new)
        .send()
        .await
        .unwrap();
}

#[tokio::test]
async fn get_tokens_from_refresh_token_without_rotation_returns_no_refresh_token() {
    let s = start().await;
    let f = fixture(&s).await;
    confirmed_user(&s, &f, "jo").await;
    let t = sign_in(&f, "jo", PASSWORD).await;
    let r =
        f.c.get_tokens_from_refresh_token()
            .client_id(&f.client)
            .refresh_token(t.refresh.unwrap())
            .send()
            .await
            .unwrap()
            .authentication_result
            .unwrap();
    assert!(r.refresh_token.is_none());
    assert!(r.id_token.is_some());
}

#[tokio::test]
async fn initiate_auth_with_verified_email_alias_and_case_insensitive_username() {
    use aws_sdk_cognitoidentityprovider::types::{AliasAttributeType, UsernameConfigurationType};
    let s = start().await;
    let f = fixture_with(
        &s,
        |b| {
            b.alias_attributes(AliasAttributeType::Email)
                .username_configuration(
                    UsernameConfigurationType::builder()
                        .case_sensitive(false)
                        .build()
                        .unwrap(),
                )
        },
        |b| b,
    )
    .await;
    let e =
        f.c.sign_up()
            .client_id(&f.client)
            .username("kay@example.com")
            .password(PASSWORD)
            .send()
            .await
            .unwrap_err()
            .into_service_error();
    assert!(e.is_invalid_parameter_exception());
    confirmed_user(&s, &f, "kay").await;
    sign_in(&f, "kay@example.com", PASSWORD).await;
    let t = sign_in(&f, "KAY", PASSWORD).await;
    let u = f.c.get_user().access_token(&t.access).send().await.unwrap();
    assert_eq!(u.username, "kay");
}

#[tokio::test]
async fn respond_to_auth_challenge_session_expires_with_auth_session_validity() {
    use cognito_emulator::clock::ManualClock;
    use std::sync::Arc;
    let clock = Arc::new(ManualClock::new(1_700_000_000_000));
    let app = cognito_emulator::App::with_clock(cognito_emulator::Config::default(), clock.clone());
    let s = cognito_emulator::server::spawn_app(app).await.unwrap();
    let f = fixture(&s).await;
    confirmed_user(&s, &f, "lee").await;
    s.app
        .store
        .write_pool(&f.pool, |p| {
            p.users.get_mut("lee").unwrap().status =
                cognito_emulator::domain::user::UserStatus::ForceChangePassword;
            Ok(())
        })
        .unwrap();
    let r =
        f.c.initiate_auth()
            .client_id(&f.client)
            .auth_flow(AuthFlowType::UserPasswordAuth)
            .auth_parameters("USERNAME", "lee")
            .auth_parameters("PASSWORD", PASSWORD)
            .send()
            .await
            .unwrap();
    clock.advance_secs(181);
    let e =
        f.c.respond_to_auth_challenge()
            .client_id(&f.client)
            .challenge_name(ChallengeNameType::NewPasswordRequired)
            .session(r.session.unwrap())
            .challenge_responses("USERNAME", "lee")
            .challenge_responses("NEW_PASSWORD", "N3w-Passw0rd!")
            .send()
            .await
            .unwrap_err()
            .into_service_error();
    assert!(e.is_not_authorized_exception());
    assert_eq!(
        e.message(),
        Some("Invalid session for the user, session is expired.")
    );
}

#[tokio::test]
async fn initiate_auth_expired_temporary_password_is_refused() {
    let s = start().await;
    let f = fixture(&s).await;
    confirmed_user(&s, &f, "mo").await;
    s.app
        .store
        .write_pool(&f.pool, |p| {
            let u = p.users.get_mut("mo").unwrap();
            u.status = cognito_emulator::domain::user::UserStatus::ForceChangePassword;
            u.temporary_password_expires_ms = Some(1);
            Ok(())
        })
        .unwrap();
    assert_eq!(
        password_error(&f, "mo", PASSWORD).await,
        (
            "NotAuthorizedException".into(),
            "Temporary password has expired and must be reset by an administrator.".into()
        )
    );
}
