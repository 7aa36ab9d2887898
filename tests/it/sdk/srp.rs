//! SRP sign-in (`USER_SRP_AUTH` → `PASSWORD_VERIFIER`) through the Rust SDK, with two independent clients:
//! the project's `srp::client` (after pycognito) and the `aws-cognito-srp` crate. Also choice-based sign-in
//! (`USER_AUTH`: `SELECT_CHALLENGE`, `PREFERRED_CHALLENGE`, email OTP, the `ConfirmSignUp` session) and
//! `GetUserAuthFactors`.

use std::collections::HashMap;
use std::time::{SystemTime, UNIX_EPOCH};

use aws_sdk_cognitoidentityprovider::error::ProvideErrorMetadata;
use aws_sdk_cognitoidentityprovider::operation::respond_to_auth_challenge::{
    RespondToAuthChallengeError, RespondToAuthChallengeOutput,
};
use aws_sdk_cognitoidentityprovider::types::{
    AuthFactorType, AuthFlowType, ChallengeNameType, EmailConfigurationType,
    EmailSendingAccountType, ExplicitAuthFlowsType, PreventUserExistenceErrorTypes,
    SignInPolicyType, UserPoolPolicyType, UsernameAttributeType,
};
use aws_sdk_cognitoidentityprovider::Client;
use base64::Engine;
use cognito_emulator::domain::srp::{self, client::SrpClient};
use serde_json::Value;

use super::auth::{confirmed_user, fixture_with, last_code, Fixture, PASSWORD};
use crate::common::start;

pub fn now_timestamp() -> String {
    srp::format_timestamp(
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_secs(),
    )
}

pub fn pool_name(pool: &str) -> &str {
    pool.split_once('_').unwrap().1
}

/// The claims of a JWT, unverified (the signature is checked elsewhere).
pub fn claims(token: &str) -> Value {
    let payload = token.split('.').nth(1).unwrap();
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload)
        .unwrap();
    serde_json::from_slice(&bytes).unwrap()
}

/// A pool whose client allows SRP (and the password and refresh flows).
pub async fn srp_fixture(
    s: &cognito_emulator::RunningServer,
    pool: impl FnOnce(
        aws_sdk_cognitoidentityprovider::operation::create_user_pool::builders::CreateUserPoolFluentBuilder,
    ) -> aws_sdk_cognitoidentityprovider::operation::create_user_pool::builders::CreateUserPoolFluentBuilder,
) -> Fixture {
    fixture_with(s, pool, |b| {
        b.explicit_auth_flows(ExplicitAuthFlowsType::AllowUserSrpAuth)
    })
    .await
}

/// `InitiateAuth USER_SRP_AUTH`: the challenge parameters.
pub async fn srp_initiate(
    c: &Client,
    client_id: &str,
    login: &str,
    a_hex: &str,
    device_key: Option<&str>,
) -> HashMap<String, String> {
    let mut req = c
        .initiate_auth()
        .client_id(client_id)
        .auth_flow(AuthFlowType::UserSrpAuth)
        .auth_parameters("USERNAME", login)
        .auth_parameters("SRP_A", a_hex);
    if let Some(k) = device_key {
        req = req.auth_parameters("DEVICE_KEY", k);
    }
    let r = req.send().await.unwrap();
    assert_eq!(r.challenge_name, Some(ChallengeNameType::PasswordVerifier));
    assert!(
        r.session.is_none(),
        "AWS sends no Session with PASSWORD_VERIFIER"
    );
    r.challenge_parameters.unwrap()
}

/// Answers `PASSWORD_VERIFIER` with the project's client.
pub async fn answer_verifier(
    c: &Client,
    pool: &str,
    client_id: &str,
    p: &HashMap<String, String>,
    cl: &SrpClient,
    password: &str,
    device_key: Option<&str>,
) -> Result<RespondToAuthChallengeOutput, RespondToAuthChallengeError> {
    let ts = now_timestamp();
    let user_id = &p["USER_ID_FOR_SRP"];
    let sig = cl
        .signature(
            pool_name(pool),
            user_id,
            password,
            &p["SALT"],
            &p["SRP_B"],
            &p["SECRET_BLOCK"],
            &ts,
        )
        .unwrap();
    let mut req = c
        .respond_to_auth_challenge()
        .client_id(client_id)
        .challenge_name(ChallengeNameType::PasswordVerifier)
        .challenge_responses("USERNAME", user_id)
        .challenge_responses("PASSWORD_CLAIM_SECRET_BLOCK", &p["SECRET_BLOCK"])
        .challenge_responses("TIMESTAMP", ts)
        .challenge_responses("PASSWORD_CLAIM_SIGNATURE", sig);
    if let Some(k) = device_key {
        req = req.challenge_responses("DEVICE_KEY", k);
    }
    req.send().await.map_err(|e| e.into_service_error())
}

/// A full SRP sign-in with the project's client.
pub async fn srp_sign_in(
    f: &Fixture,
    login: &str,
    password: &str,
    device_key: Option<&str>,
) -> Result<RespondToAuthChallengeOutput, RespondToAuthChallengeError> {
    let cl = SrpClient::new();
    let p = srp_initiate(&f.c, &f.client, login, &cl.a_hex(), device_key).await;
    answer_verifier(&f.c, &f.pool, &f.client, &p, &cl, password, device_key).await
}

/// A full SRP sign-in with the `aws-cognito-srp` crate.
async fn crate_sign_in(
    f: &Fixture,
    login: &str,
    password: &str,
    secret: Option<&str>,
) -> RespondToAuthChallengeOutput {
    let client = aws_cognito_srp::SrpClient::new(
        aws_cognito_srp::User::new(&f.pool, login, password),
        &f.client,
        secret,
    );
    let params = client.get_auth_parameters();
    let mut req =
        f.c.initiate_auth()
            .client_id(&f.client)
            .auth_flow(AuthFlowType::UserSrpAuth)
            .auth_parameters("USERNAME", &params.username)
            .auth_parameters("SRP_A", &params.a);
    if let Some(h) = client.get_secret_hash() {
        req = req.auth_parameters("SECRET_HASH", h);
    }
    let r = req.send().await.unwrap();
    let p = r.challenge_parameters.unwrap();
    let v = client
        .verify(
            &p["SECRET_BLOCK"],
            &p["USER_ID_FOR_SRP"],
            &p["SALT"],
            &p["SRP_B"],
        )
        .unwrap();
    let mut req =
        f.c.respond_to_auth_challenge()
            .client_id(&f.client)
            .challenge_name(ChallengeNameType::PasswordVerifier)
            .challenge_responses("USERNAME", &p["USER_ID_FOR_SRP"])
            .challenge_responses("PASSWORD_CLAIM_SECRET_BLOCK", v.password_claim_secret_block)
            .challenge_responses("TIMESTAMP", v.timestamp)
            .challenge_responses("PASSWORD_CLAIM_SIGNATURE", v.password_claim_signature);
    if let Some(h) = client.get_secret_hash() {
        req = req.challenge_responses("SECRET_HASH", h);
    }
    req.send().await.unwrap()
}

#[tokio::test]
async fn initiate_auth_user_srp_signs_in_and_tokens_verify() {
    let s = start().await;
    let f = srp_fixture(&s, |b| b).await;
    let username = confirmed_user(&s, &f, "sam").await;
    let cl = SrpClient::new();
    let p = srp_initiate(&f.c, &f.client, "sam", &cl.a_hex(), None).await;
    assert_eq!(p["USER_ID_FOR_SRP"], username);
    assert_eq!(p["USERNAME"], username);
    assert!(!p["SALT"].starts_with('0'), "SALT is minimal hex");
    let r = answer_verifier(&f.c, &f.pool, &f.client, &p, &cl, PASSWORD, None)
        .await
        .unwrap();
    let a = r.authentication_result.unwrap();
    assert!(
        a.new_device_metadata.is_none(),
        "the pool tracks no devices"
    );
    let jwks = super::tokens::get_json(&s, &format!("/{}/.well-known/jwks.json", f.pool)).await;
    let id = super::tokens::verify(&jwks, a.id_token.as_deref().unwrap());
    assert_eq!(id["cognito:username"], username.as_str());
    let access = super::tokens::verify(&jwks, a.access_token.as_deref().unwrap());
    assert!(access.get("device_key").is_none());
    let u =
        f.c.get_user()
            .access_token(a.access_token.unwrap())
            .send()
            .await
            .unwrap();
    assert_eq!(u.username, username);
    assert!(a.refresh_token.is_some());
}

#[tokio::test]
async fn initiate_auth_user_srp_works_with_the_aws_cognito_srp_crate() {
    let s = start().await;
    let f = srp_fixture(&s, |b| b).await;
    confirmed_user(&s, &f, "cara").await;
    let r = crate_sign_in(&f, "cara", PASSWORD, None).await;
    assert!(r.authentication_result.unwrap().access_token.is_some());
}

#[tokio::test]
async fn initiate_auth_user_srp_with_client_secret_works_with_the_crate() {
    let s = start().await;
    let f = fixture_with(
        &s,
        |b| b,
        |b| {
            b.explicit_auth_flows(ExplicitAuthFlowsType::AllowUserSrpAuth)
                .generate_secret(true)
        },
    )
    .await;
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
    f.c.admin_create_user()
        .user_pool_id(&f.pool)
        .username("sec")
        .message_action(aws_sdk_cognitoidentityprovider::types::MessageActionType::Suppress)
        .send()
        .await
        .unwrap();
    f.c.admin_set_user_password()
        .user_pool_id(&f.pool)
        .username("sec")
        .password(PASSWORD)
        .permanent(true)
        .send()
        .await
        .unwrap();
    let r = crate_sign_in(&f, "sec", PASSWORD, Some(&secret)).await;
    assert!(r.authentication_result.is_some());
}

#[tokio::test]
async fn respond_password_verifier_wrong_password_is_refused_and_counts_toward_lockout() {
    let s = start().await;
    let f = srp_fixture(&s, |b| b).await;
    confirmed_user(&s, &f, "wes").await;
    for _ in 0..5 {
        let e = srp_sign_in(&f, "wes", "Wrong-passw0rd", None)
            .await
            .unwrap_err();
        assert!(e.is_not_authorized_exception());
        assert_eq!(e.message(), Some("Incorrect username or password."));
    }
    // Locked for a second after the fifth failure: the next start is refused before any math.
    let e =
        f.c.initiate_auth()
            .client_id(&f.client)
            .auth_flow(AuthFlowType::UserSrpAuth)
            .auth_parameters("USERNAME", "wes")
            .auth_parameters("SRP_A", SrpClient::new().a_hex())
            .send()
            .await
            .unwrap_err()
            .into_service_error();
    assert_eq!(e.message(), Some("Password attempts exceeded"));
}

#[tokio::test]
async fn respond_password_verifier_checks_block_reuse_and_timestamp() {
    let s = start().await;
    let f = srp_fixture(&s, |b| b).await;
    confirmed_user(&s, &f, "tim").await;
    let cl = SrpClient::new();
    let p = srp_initiate(&f.c, &f.client, "tim", &cl.a_hex(), None).await;
    answer_verifier(&f.c, &f.pool, &f.client, &p, &cl, PASSWORD, None)
        .await
        .unwrap();
    let e = answer_verifier(&f.c, &f.pool, &f.client, &p, &cl, PASSWORD, None)
        .await
        .unwrap_err();
    assert!(
        e.is_not_authorized_exception(),
        "a SECRET_BLOCK answers once"
    );
    // A correct signature over a stale timestamp.
    let p = srp_initiate(&f.c, &f.client, "tim", &cl.a_hex(), None).await;
    let ts = srp::format_timestamp(1_000_000_000);
    let sig = cl
        .signature(
            pool_name(&f.pool),
            &p["USER_ID_FOR_SRP"],
            PASSWORD,
            &p["SALT"],
            &p["SRP_B"],
            &p["SECRET_BLOCK"],
            &ts,
        )
        .unwrap();
    let e =
        f.c.respond_to_auth_challenge()
            .client_id(&f.client)
            .challenge_name(ChallengeNameType::PasswordVerifier)
            .challenge_responses("USERNAME", &p["USER_ID_FOR_SRP"])
            .challenge_responses("PASSWORD_CLAIM_SECRET_BLOCK", &p["SECRET_BLOCK"])
            .challenge_responses("TIMESTAMP", ts)
            .challenge_responses("PASSWORD_CLAIM_SIGNATURE", sig)
            .send()
            .await
            .unwrap_err()
            .into_service_error();
    assert!(e.is_not_authorized_exception());
}

#[tokio::test]
async fn initiate_auth_user_srp_zero_a_is_refused() {
    let s = start().await;
    let f = srp_fixture(&s, |b| b).await;
    confirmed_user(&s, &f, "zed").await;
    for a in ["0", srp::N_HEX, "not-hex"] {
        let e =
            f.c.initiate_auth()
                .client_id(&f.client)
                .auth_flow(AuthFlowType::UserSrpAuth)
                .auth_parameters("USERNAME", "zed")
                .auth_parameters("SRP_A", a)
                .send()
                .await
                .unwrap_err()
                .into_service_error();
        assert!(e.is_invalid_parameter_exception(), "{a}");
    }
}

#[tokio::test]
async fn initiate_auth_user_srp_email_username_uses_the_sub() {
    let s = start().await;
    let f = srp_fixture(&s, |b| b.username_attributes(UsernameAttributeType::Email)).await;
    let out =
        f.c.sign_up()
            .client_id(&f.client)
            .username("eve@example.com")
            .password(PASSWORD)
            .send()
            .await
            .unwrap();
    let code = last_code(&s, &f.pool, &out.user_sub);
    f.c.confirm_sign_up()
        .client_id(&f.client)
        .username("eve@example.com")
        .confirmation_code(code)
        .send()
        .await
        .unwrap();
    let cl = SrpClient::new();
    let p = srp_initiate(&f.c, &f.client, "eve@example.com", &cl.a_hex(), None).await;
    assert_eq!(p["USER_ID_FOR_SRP"], out.user_sub);
    let r = answer_verifier(&f.c, &f.pool, &f.client, &p, &cl, PASSWORD, None)
        .await
        .unwrap();
    let t = r.authentication_result.unwrap();
    assert_eq!(
        claims(t.access_token.as_deref().unwrap())["username"],
        out.user_sub.as_str()
    );
    let r = crate_sign_in(&f, "eve@example.com", PASSWORD, None).await;
    assert!(r.authentication_result.is_some());
}

#[tokio::test]
async fn initiate_auth_user_srp_alias_and_case_insensitive_username() {
    use aws_sdk_cognitoidentityprovider::types::{AliasAttributeType, UsernameConfigurationType};
    let s = start().await;
    let f = srp_fixture(&s, |b| {
        b.alias_attributes(AliasAttributeType::Email)
            .username_configuration(
                UsernameConfigurationType::builder()
                    .case_sensitive(false)
                    .build()
                    .unwrap(),
            )
    })
    .await;
    confirmed_user(&s, &f, "kay").await;
    for login in ["kay@example.com", "KAY"] {
        let r = srp_sign_in(&f, login, PASSWORD, None).await.unwrap();
        assert!(r.authentication_result.is_some(), "{login}");
    }
}

#[tokio::test]
async fn initiate_auth_user_srp_unknown_user_is_simulated_or_not_found() {
    let s = start().await;
    let f = fixture_with(
        &s,
        |b| b,
        |b| {
            b.explicit_auth_flows(ExplicitAuthFlowsType::AllowUserSrpAuth)
                .prevent_user_existence_errors(PreventUserExistenceErrorTypes::Enabled)
        },
    )
    .await;
    let cl = SrpClient::new();
    let p1 = srp_initiate(&f.c, &f.client, "ghost", &cl.a_hex(), None).await;
    let p2 = srp_initiate(&f.c, &f.client, "ghost", &cl.a_hex(), None).await;
    assert_eq!(p1["SALT"], p2["SALT"]);
    assert_eq!(p1["USER_ID_FOR_SRP"], p2["USER_ID_FOR_SRP"]);
    assert_eq!(p1["USER_ID_FOR_SRP"].len(), 36, "a UUID");
    let p3 = srp_initiate(&f.c, &f.client, "other", &cl.a_hex(), None).await;
    assert_ne!(p1["SALT"], p3["SALT"]);
    let e = answer_verifier(&f.c, &f.pool, &f.client, &p1, &cl, PASSWORD, None)
        .await
        .unwrap_err();
    assert!(e.is_not_authorized_exception());
    assert_eq!(e.message(), Some("Incorrect username or password."));

    let legacy = srp_fixture(&s, |b| b).await;
    let e = legacy
        .c
        .initiate_auth()
        .client_id(&legacy.client)
        .auth_flow(AuthFlowType::UserSrpAuth)
        .auth_parameters("USERNAME", "ghost")
        .auth_parameters("SRP_A", cl.a_hex())
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(e.is_user_not_found_exception());
}

#[tokio::test]
async fn initiate_auth_user_srp_uses_the_new_password_after_a_change() {
    let s = start().await;
    let f = srp_fixture(&s, |b| b).await;
    confirmed_user(&s, &f, "pat").await;
    let t = srp_sign_in(&f, "pat", PASSWORD, None)
        .await
        .unwrap()
        .authentication_result
        .unwrap();
    f.c.change_password()
        .access_token(t.access_token.unwrap())
        .previous_password(PASSWORD)
        .proposed_password("Changed-1pass")
        .send()
        .await
        .unwrap();
    assert!(srp_sign_in(&f, "pat", PASSWORD, None).await.is_err());
    srp_sign_in(&f, "pat", "Changed-1pass", None).await.unwrap();
    f.c.admin_set_user_password()
        .user_pool_id(&f.pool)
        .username("pat")
        .password("Admin-set-2pass")
        .permanent(true)
        .send()
        .await
        .unwrap();
    assert!(srp_sign_in(&f, "pat", "Changed-1pass", None).await.is_err());
    srp_sign_in(&f, "pat", "Admin-set-2pass", None)
        .await
        .unwrap();
}

#[tokio::test]
async fn admin_initiate_auth_user_srp_with_temporary_password_asks_for_a_new_one() {
    let s = start().await;
    let f = srp_fixture(&s, |b| b).await;
    f.c.admin_create_user()
        .user_pool_id(&f.pool)
        .username("newbie")
        .temporary_password("Temp-0rary")
        .message_action(aws_sdk_cognitoidentityprovider::types::MessageActionType::Suppress)
        .send()
        .await
        .unwrap();
    let cl = SrpClient::new();
    let r =
        f.c.admin_initiate_auth()
            .user_pool_id(&f.pool)
            .client_id(&f.client)
            .auth_flow(AuthFlowType::UserSrpAuth)
            .auth_parameters("USERNAME", "newbie")
            .auth_parameters("SRP_A", cl.a_hex())
            .send()
            .await
            .unwrap();
    let p = r.challenge_parameters.unwrap();
    let ts = now_timestamp();
    let sig = cl
        .signature(
            pool_name(&f.pool),
            "newbie",
            "Temp-0rary",
            &p["SALT"],
            &p["SRP_B"],
            &p["SECRET_BLOCK"],
            &ts,
        )
        .unwrap();
    let r =
        f.c.admin_respond_to_auth_challenge()
            .user_pool_id(&f.pool)
            .client_id(&f.client)
            .challenge_name(ChallengeNameType::PasswordVerifier)
            .challenge_responses("USERNAME", "newbie")
            .challenge_responses("PASSWORD_CLAIM_SECRET_BLOCK", &p["SECRET_BLOCK"])
            .challenge_responses("TIMESTAMP", ts)
            .challenge_responses("PASSWORD_CLAIM_SIGNATURE", sig)
            .send()
            .await
            .unwrap();
    assert_eq!(
        r.challenge_name,
        Some(ChallengeNameType::NewPasswordRequired)
    );
    assert!(r.session.is_some());
}

// ---- USER_AUTH (choice-based sign-in) ----

/// A pool that allows password and email-OTP first factors and sends email through SES, with a client
/// allowing `USER_AUTH`.
async fn user_auth_fixture(s: &cognito_emulator::RunningServer) -> Fixture {
    fixture_with(
        s,
        |b| {
            b.policies(
                UserPoolPolicyType::builder()
                    .sign_in_policy(
                        SignInPolicyType::builder()
                            .allowed_first_auth_factors(AuthFactorType::Password)
                            .allowed_first_auth_factors(AuthFactorType::EmailOtp)
                            .build(),
                    )
                    .build(),
            )
            .email_configuration(
                EmailConfigurationType::builder()
                    .email_sending_account(EmailSendingAccountType::Developer)
                    .source_arn("arn:aws:ses:us-east-1:123456789012:identity/no-reply@example.com")
                    .build(),
            )
        },
        |b| {
            b.explicit_auth_flows(ExplicitAuthFlowsType::AllowUserAuth)
                .explicit_auth_flows(ExplicitAuthFlowsType::AllowUserSrpAuth)
        },
    )
    .await
}

#[tokio::test]
async fn initiate_auth_user_auth_selects_and_answers_password() {
    let s = start().await;
    let f = user_auth_fixture(&s).await;
    confirmed_user(&s, &f, "uma").await;
    let r =
        f.c.initiate_auth()
            .client_id(&f.client)
            .auth_flow(AuthFlowType::UserAuth)
            .auth_parameters("USERNAME", "uma")
            .send()
            .await
            .unwrap();
    assert_eq!(r.challenge_name, Some(ChallengeNameType::SelectChallenge));
    assert_eq!(
        r.available_challenges.unwrap(),
        vec![
            ChallengeNameType::Password,
            ChallengeNameType::PasswordSrp,
            ChallengeNameType::EmailOtp
        ]
    );
    let e =
        f.c.respond_to_auth_challenge()
            .client_id(&f.client)
            .challenge_name(ChallengeNameType::SelectChallenge)
            .session(r.session.clone().unwrap())
            .challenge_responses("USERNAME", "uma")
            .challenge_responses("ANSWER", "PASSWORD")
            .challenge_responses("PASSWORD", "Wrong-passw0rd")
            .send()
            .await
            .unwrap_err()
            .into_service_error();
    assert!(e.is_not_authorized_exception());
    let t =
        f.c.respond_to_auth_challenge()
            .client_id(&f.client)
            .challenge_name(ChallengeNameType::SelectChallenge)
            .session(r.session.unwrap())
            .challenge_responses("USERNAME", "uma")
            .challenge_responses("ANSWER", "PASSWORD")
            .challenge_responses("PASSWORD", PASSWORD)
            .send()
            .await
            .unwrap();
    assert!(t.authentication_result.unwrap().access_token.is_some());
}

#[tokio::test]
async fn respond_to_auth_challenge_select_password_srp_leads_to_password_verifier() {
    let s = start().await;
    let f = user_auth_fixture(&s).await;
    confirmed_user(&s, &f, "vic").await;
    let r =
        f.c.initiate_auth()
            .client_id(&f.client)
            .auth_flow(AuthFlowType::UserAuth)
            .auth_parameters("USERNAME", "vic")
            .send()
            .await
            .unwrap();
    let cl = SrpClient::new();
    let v =
        f.c.respond_to_auth_challenge()
            .client_id(&f.client)
            .challenge_name(ChallengeNameType::SelectChallenge)
            .session(r.session.unwrap())
            .challenge_responses("USERNAME", "vic")
            .challenge_responses("ANSWER", "PASSWORD_SRP")
            .challenge_responses("SRP_A", cl.a_hex())
            .send()
            .await
            .unwrap();
    assert_eq!(v.challenge_name, Some(ChallengeNameType::PasswordVerifier));
    let p = v.challenge_parameters.unwrap();
    let t = answer_verifier(&f.c, &f.pool, &f.client, &p, &cl, PASSWORD, None)
        .await
        .unwrap();
    assert!(t.authentication_result.is_some());
}

#[tokio::test]
async fn initiate_auth_user_auth_preferred_email_otp_sends_a_code() {
    let s = start().await;
    let f = user_auth_fixture(&s).await;
    let username = confirmed_user(&s, &f, "otto").await;
    let r =
        f.c.initiate_auth()
            .client_id(&f.client)
            .auth_flow(AuthFlowType::UserAuth)
            .auth_parameters("USERNAME", "otto")
            .auth_parameters("PREFERRED_CHALLENGE", "EMAIL_OTP")
            .send()
            .await
            .unwrap();
    assert_eq!(r.challenge_name, Some(ChallengeNameType::EmailOtp));
    let p = r.challenge_parameters.unwrap();
    assert_eq!(p["CODE_DELIVERY_DELIVERY_MEDIUM"], "EMAIL");
    let code = last_code(&s, &f.pool, &username);
    let session = r.session.unwrap();
    let e =
        f.c.respond_to_auth_challenge()
            .client_id(&f.client)
            .challenge_name(ChallengeNameType::EmailOtp)
            .session(&session)
            .challenge_responses("USERNAME", "otto")
            .challenge_responses("EMAIL_OTP_CODE", "000000x")
            .send()
            .await
            .unwrap_err()
            .into_service_error();
    assert!(e.is_code_mismatch_exception());
    let t =
        f.c.respond_to_auth_challenge()
            .client_id(&f.client)
            .challenge_name(ChallengeNameType::EmailOtp)
            .session(&session)
            .challenge_responses("USERNAME", "otto")
            .challenge_responses("EMAIL_OTP_CODE", code)
            .send()
            .await
            .unwrap();
    assert!(t.authentication_result.is_some());
    // Preferred PASSWORD signs in at once.
    let t =
        f.c.initiate_auth()
            .client_id(&f.client)
            .auth_flow(AuthFlowType::UserAuth)
            .auth_parameters("USERNAME", "otto")
            .auth_parameters("PREFERRED_CHALLENGE", "PASSWORD")
            .auth_parameters("PASSWORD", PASSWORD)
            .send()
            .await
            .unwrap();
    assert!(t.authentication_result.is_some());
}

#[tokio::test]
async fn initiate_auth_user_auth_with_the_confirm_sign_up_session_signs_in() {
    let s = start().await;
    let f = user_auth_fixture(&s).await;
    f.c.sign_up()
        .client_id(&f.client)
        .username("nia")
        .password(PASSWORD)
        .user_attributes(super::auth::attr("email", "nia@example.com"))
        .send()
        .await
        .unwrap();
    let code = last_code(&s, &f.pool, "nia");
    let session =
        f.c.confirm_sign_up()
            .client_id(&f.client)
            .username("nia")
            .confirmation_code(code)
            .send()
            .await
            .unwrap()
            .session
            .unwrap();
    let t =
        f.c.initiate_auth()
            .client_id(&f.client)
            .auth_flow(AuthFlowType::UserAuth)
            .auth_parameters("USERNAME", "nia")
            .session(&session)
            .send()
            .await
            .unwrap();
    let a = t.authentication_result.unwrap();
    let factors =
        f.c.get_user_auth_factors()
            .access_token(a.access_token.unwrap())
            .send()
            .await
            .unwrap();
    assert_eq!(factors.username, "nia");
    assert_eq!(
        factors.configured_user_auth_factors.unwrap(),
        vec![AuthFactorType::Password, AuthFactorType::EmailOtp]
    );
    // The session signs in once.
    let e =
        f.c.initiate_auth()
            .client_id(&f.client)
            .auth_flow(AuthFlowType::UserAuth)
            .auth_parameters("USERNAME", "nia")
            .session(&session)
            .send()
            .await
            .unwrap_err()
            .into_service_error();
    assert!(e.is_not_authorized_exception());
}

#[tokio::test]
async fn initiate_auth_user_auth_needs_allow_user_auth() {
    let s = start().await;
    let f = srp_fixture(&s, |b| b).await;
    confirmed_user(&s, &f, "ned").await;
    let e =
        f.c.initiate_auth()
            .client_id(&f.client)
            .auth_flow(AuthFlowType::UserAuth)
            .auth_parameters("USERNAME", "ned")
            .send()
            .await
            .unwrap_err()
            .into_service_error();
    assert!(e.is_invalid_parameter_exception());
}
