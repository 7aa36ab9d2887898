//! MFA through the Rust SDK: the challenges after a password (`MFA_SETUP` with a software token,
//! `SOFTWARE_TOKEN_MFA`, `SMS_MFA`, `EMAIL_OTP`, `SELECT_MFA_TYPE`), their errors, software tokens, MFA
//! preferences and the MFA members of `GetUser` / `AdminGetUser`. The server runs on a manual clock so
//! TOTP codes are computed for a known time.

use std::collections::HashMap;
use std::sync::Arc;

use aws_sdk_cognitoidentityprovider::error::ProvideErrorMetadata;
use aws_sdk_cognitoidentityprovider::types::{
    AuthFlowType, ChallengeNameType, DeliveryMediumType, EmailConfigurationType,
    EmailMfaConfigType, EmailMfaSettingsType, EmailSendingAccountType, MessageActionType,
    MfaOptionType, SmsConfigurationType, SmsMfaConfigType, SmsMfaSettingsType,
    SoftwareTokenMfaConfigType, SoftwareTokenMfaSettingsType, UserPoolMfaType,
    VerifySoftwareTokenResponseType,
};
use cognito_emulator::clock::ManualClock;
use cognito_emulator::domain::totp::code_at;
use cognito_emulator::RunningServer;

use super::auth::{attr, fixture_with, Fixture, PASSWORD};

/// The start time: the beginning of a 30-second TOTP step.
const T0_MS: i64 = 1_700_000_010_000;

struct Env {
    s: RunningServer,
    f: Fixture,
    clock: Arc<ManualClock>,
}

impl Env {
    fn now_secs(&self) -> u64 {
        use cognito_emulator::clock::Clock;
        self.clock.now_secs() as u64
    }

    /// The TOTP code of `secret` now.
    fn totp(&self, secret: &str) -> String {
        code_at(secret, self.now_secs()).unwrap()
    }

    /// The last MFA code sent to `username`.
    fn mfa_code(&self, username: &str) -> String {
        self.s
            .app
            .outbox
            .list(Some(&self.f.pool), Some(username))
            .iter()
            .rev()
            .find(|m| m.trigger == "Authentication")
            .and_then(|m| m.code.clone())
            .expect("an MFA code was sent")
    }
}

/// A server on a manual clock, a pool (email MFA possible: SES sending) and a password client.
async fn env() -> Env {
    let clock = Arc::new(ManualClock::new(T0_MS));
    let app = cognito_emulator::App::with_clock(cognito_emulator::Config::default(), clock.clone());
    let s = cognito_emulator::server::spawn_app(app).await.unwrap();
    let f = fixture_with(
        &s,
        |b| {
            b.email_configuration(
                EmailConfigurationType::builder()
                    .email_sending_account(EmailSendingAccountType::Developer)
                    .source_arn("arn:aws:ses:us-east-1:123456789012:identity/no-reply@example.com")
                    .from("no-reply@example.com")
                    .build(),
            )
        },
        |b| b,
    )
    .await;
    Env { s, f, clock }
}

/// Sets the pool's MFA mode and factors.
async fn pool_mfa(e: &Env, mode: UserPoolMfaType, sms: bool, totp: bool, email: bool) {
    let mut r =
        e.f.c
            .set_user_pool_mfa_config()
            .user_pool_id(&e.f.pool)
            .mfa_configuration(mode);
    if sms {
        r = r.sms_mfa_configuration(
            SmsMfaConfigType::builder()
                .sms_authentication_message("Code: {####}")
                .sms_configuration(
                    SmsConfigurationType::builder()
                        .sns_caller_arn("arn:aws:iam::123456789012:role/sns")
                        .build(),
                )
                .build(),
        );
    }
    if totp {
        r = r.software_token_mfa_configuration(
            SoftwareTokenMfaConfigType::builder().enabled(true).build(),
        );
    }
    if email {
        r = r.email_mfa_configuration(
            EmailMfaConfigType::builder()
                .subject("Your sign-in code")
                .message("Sign-in code {####}")
                .build(),
        );
    }
    r.send().await.unwrap();
}

/// A confirmed user with a permanent password and the given attributes.
async fn user(e: &Env, name: &str, attrs: &[(&str, &str)]) {
    let mut r =
        e.f.c
            .admin_create_user()
            .user_pool_id(&e.f.pool)
            .username(name)
            .message_action(MessageActionType::Suppress);
    for (k, v) in attrs {
        r = r.user_attributes(attr(k, v));
    }
    r.send().await.unwrap();
    e.f.c
        .admin_set_user_password()
        .user_pool_id(&e.f.pool)
        .username(name)
        .password(PASSWORD)
        .permanent(true)
        .send()
        .await
        .unwrap();
}

async fn sign_in(
    e: &Env,
    name: &str,
) -> aws_sdk_cognitoidentityprovider::operation::initiate_auth::InitiateAuthOutput {
    e.f.c
        .initiate_auth()
        .client_id(&e.f.client)
        .auth_flow(AuthFlowType::UserPasswordAuth)
        .auth_parameters("USERNAME", name)
        .auth_parameters("PASSWORD", PASSWORD)
        .send()
        .await
        .unwrap()
}

async fn answer(
    e: &Env,
    challenge: ChallengeNameType,
    session: &str,
    name: &str,
    responses: &[(&str, &str)],
) -> Result<
    aws_sdk_cognitoidentityprovider::operation::respond_to_auth_challenge::RespondToAuthChallengeOutput,
    aws_sdk_cognitoidentityprovider::operation::respond_to_auth_challenge::RespondToAuthChallengeError,
>{
    let mut r =
        e.f.c
            .respond_to_auth_challenge()
            .client_id(&e.f.client)
            .challenge_name(challenge)
            .session(session)
            .challenge_responses("USERNAME", name);
    for (k, v) in responses {
        r = r.challenge_responses(*k, *v);
    }
    r.send().await.map_err(|e| e.into_service_error())
}

fn params(p: Option<&HashMap<String, String>>) -> HashMap<String, String> {
    p.cloned().unwrap_or_default()
}

/// Signs in without MFA and returns the access token.
async fn access_token(e: &Env, name: &str) -> String {
    sign_in(e, name)
        .await
        .authentication_result
        .expect("tokens")
        .access_token
        .unwrap()
}

/// Associates and verifies a software token with an access token; returns the secret.
async fn totp_via_access_token(e: &Env, access: &str) -> String {
    let secret =
        e.f.c
            .associate_software_token()
            .access_token(access)
            .send()
            .await
            .unwrap()
            .secret_code
            .unwrap();
    let v =
        e.f.c
            .verify_software_token()
            .access_token(access)
            .user_code(e.totp(&secret))
            .friendly_device_name("phone app")
            .send()
            .await
            .unwrap();
    assert_eq!(v.status, Some(VerifySoftwareTokenResponseType::Success));
    secret
}

#[tokio::test]
async fn initiate_auth_mfa_on_without_factor_sets_up_totp_via_session() {
    let e = env().await;
    pool_mfa(&e, UserPoolMfaType::On, false, true, false).await;
    user(&e, "ann", &[("email", "ann@example.com")]).await;
    let r = sign_in(&e, "ann").await;
    assert_eq!(r.challenge_name, Some(ChallengeNameType::MfaSetup));
    assert!(r.authentication_result.is_none());
    let p = params(r.challenge_parameters.as_ref());
    assert_eq!(p["MFAS_CAN_SETUP"], r#"["SOFTWARE_TOKEN_MFA"]"#);
    let a =
        e.f.c
            .associate_software_token()
            .session(r.session.unwrap())
            .send()
            .await
            .unwrap();
    let secret = a.secret_code.unwrap();
    assert_eq!(secret.len(), 32);
    let v =
        e.f.c
            .verify_software_token()
            .session(a.session.unwrap())
            .user_code(e.totp(&secret))
            .send()
            .await
            .unwrap();
    assert_eq!(v.status, Some(VerifySoftwareTokenResponseType::Success));
    let done = answer(
        &e,
        ChallengeNameType::MfaSetup,
        &v.session.unwrap(),
        "ann",
        &[],
    )
    .await
    .unwrap();
    let access = done.authentication_result.unwrap().access_token.unwrap();
    let u = e.f.c.get_user().access_token(&access).send().await.unwrap();
    assert_eq!(u.user_mfa_setting_list(), ["SOFTWARE_TOKEN_MFA".to_owned()]);
    // The next sign-in asks for a code; the setup code's step is used up, so wait one step.
    e.clock.advance_secs(30);
    let r = sign_in(&e, "ann").await;
    assert_eq!(r.challenge_name, Some(ChallengeNameType::SoftwareTokenMfa));
    let code = e.totp(&secret);
    let t = answer(
        &e,
        ChallengeNameType::SoftwareTokenMfa,
        &r.session.unwrap(),
        "ann",
        &[("SOFTWARE_TOKEN_MFA_CODE", &code)],
    )
    .await
    .unwrap();
    assert!(t.authentication_result.unwrap().id_token.is_some());
}

#[tokio::test]
async fn respond_to_auth_challenge_mfa_setup_unverified_session_is_refused() {
    let e = env().await;
    pool_mfa(&e, UserPoolMfaType::On, false, true, false).await;
    user(&e, "abe", &[]).await;
    let r = sign_in(&e, "abe").await;
    let err = answer(
        &e,
        ChallengeNameType::MfaSetup,
        &r.session.unwrap(),
        "abe",
        &[],
    )
    .await
    .unwrap_err();
    assert!(err.is_invalid_parameter_exception(), "{err:?}");
}

#[tokio::test]
async fn verify_software_token_wrong_code_is_refused() {
    let e = env().await;
    pool_mfa(&e, UserPoolMfaType::On, false, true, false).await;
    user(&e, "amy", &[]).await;
    let r = sign_in(&e, "amy").await;
    let a =
        e.f.c
            .associate_software_token()
            .session(r.session.unwrap())
            .send()
            .await
            .unwrap();
    let secret = a.secret_code.unwrap();
    let good = e.totp(&secret);
    let bad = if good == "000000" { "111111" } else { "000000" };
    let err =
        e.f.c
            .verify_software_token()
            .session(a.session.clone().unwrap())
            .user_code(bad)
            .send()
            .await
            .unwrap_err()
            .into_service_error();
    assert!(err.is_enable_software_token_mfa_exception(), "{err:?}");
    // The session survives a wrong code.
    let v =
        e.f.c
            .verify_software_token()
            .session(a.session.unwrap())
            .user_code(good)
            .send()
            .await
            .unwrap();
    assert_eq!(v.status, Some(VerifySoftwareTokenResponseType::Success));
}

#[tokio::test]
async fn associate_software_token_pool_without_totp_is_refused() {
    let e = env().await;
    user(&e, "bob", &[]).await;
    let access = access_token(&e, "bob").await;
    let err =
        e.f.c
            .associate_software_token()
            .access_token(access)
            .send()
            .await
            .unwrap_err()
            .into_service_error();
    assert!(err.is_software_token_mfa_not_found_exception(), "{err:?}");
    assert_eq!(
        err.message(),
        Some("Software Token MFA has not been enabled by the userPool")
    );
}

#[tokio::test]
async fn respond_to_auth_challenge_optional_totp_wrong_and_replayed_codes_refused() {
    let e = env().await;
    pool_mfa(&e, UserPoolMfaType::Optional, false, true, false).await;
    user(&e, "cat", &[]).await;
    let access = access_token(&e, "cat").await;
    let secret = totp_via_access_token(&e, &access).await;
    // Verified but not enabled: OPTIONAL still signs in without MFA.
    assert!(sign_in(&e, "cat").await.authentication_result.is_some());
    e.f.c
        .set_user_mfa_preference()
        .access_token(&access)
        .software_token_mfa_settings(
            SoftwareTokenMfaSettingsType::builder()
                .enabled(true)
                .preferred_mfa(true)
                .build(),
        )
        .send()
        .await
        .unwrap();
    e.clock.advance_secs(30);
    let r = sign_in(&e, "cat").await;
    assert_eq!(r.challenge_name, Some(ChallengeNameType::SoftwareTokenMfa));
    assert_eq!(
        params(r.challenge_parameters.as_ref())
            .get("FRIENDLY_DEVICE_NAME")
            .map(String::as_str),
        Some("phone app")
    );
    let session = r.session.unwrap();
    let code = e.totp(&secret);
    let wrong = if code == "123456" { "654321" } else { "123456" };
    let err = answer(
        &e,
        ChallengeNameType::SoftwareTokenMfa,
        &session,
        "cat",
        &[("SOFTWARE_TOKEN_MFA_CODE", wrong)],
    )
    .await
    .unwrap_err();
    assert!(err.is_code_mismatch_exception(), "{err:?}");
    assert_eq!(err.message(), Some("Invalid code received for user"));
    let ok = answer(
        &e,
        ChallengeNameType::SoftwareTokenMfa,
        &session,
        "cat",
        &[("SOFTWARE_TOKEN_MFA_CODE", &code)],
    )
    .await
    .unwrap();
    assert!(ok.authentication_result.is_some());
    // The session answered once.
    let err = answer(
        &e,
        ChallengeNameType::SoftwareTokenMfa,
        &session,
        "cat",
        &[("SOFTWARE_TOKEN_MFA_CODE", &code)],
    )
    .await
    .unwrap_err();
    assert!(err.is_not_authorized_exception(), "{err:?}");
    // The same code in a new sign-in is a replay.
    let r = sign_in(&e, "cat").await;
    let err = answer(
        &e,
        ChallengeNameType::SoftwareTokenMfa,
        &r.session.unwrap(),
        "cat",
        &[("SOFTWARE_TOKEN_MFA_CODE", &code)],
    )
    .await
    .unwrap_err();
    assert!(err.is_code_mismatch_exception(), "{err:?}");
}

#[tokio::test]
async fn initiate_auth_sms_mfa_code_from_outbox_signs_in() {
    let e = env().await;
    pool_mfa(&e, UserPoolMfaType::Optional, true, false, false).await;
    user(&e, "dan", &[("phone_number", "+14325551212")]).await;
    e.f.c
        .admin_set_user_mfa_preference()
        .user_pool_id(&e.f.pool)
        .username("dan")
        .sms_mfa_settings(SmsMfaSettingsType::builder().enabled(true).build())
        .send()
        .await
        .unwrap();
    let r = sign_in(&e, "dan").await;
    assert_eq!(r.challenge_name, Some(ChallengeNameType::SmsMfa));
    let p = params(r.challenge_parameters.as_ref());
    assert_eq!(p["CODE_DELIVERY_DELIVERY_MEDIUM"], "SMS");
    assert_eq!(p["CODE_DELIVERY_DESTINATION"], "+*******1212");
    let code = e.mfa_code("dan");
    let sent = e.s.app.outbox.list(Some(&e.f.pool), Some("dan"));
    assert_eq!(sent.last().unwrap().body, format!("Code: {code}"));
    let session = r.session.unwrap();
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let err = answer(
        &e,
        ChallengeNameType::SmsMfa,
        &session,
        "dan",
        &[("SMS_MFA_CODE", wrong)],
    )
    .await
    .unwrap_err();
    assert!(err.is_code_mismatch_exception(), "{err:?}");
    let ok = answer(
        &e,
        ChallengeNameType::SmsMfa,
        &session,
        "dan",
        &[("SMS_MFA_CODE", &code)],
    )
    .await
    .unwrap();
    assert!(ok.authentication_result.is_some());
    // A phone number that received a correct code becomes verified.
    let u =
        e.f.c
            .admin_get_user()
            .user_pool_id(&e.f.pool)
            .username("dan")
            .send()
            .await
            .unwrap();
    assert!(u
        .user_attributes()
        .iter()
        .any(|a| a.name == "phone_number_verified" && a.value.as_deref() == Some("true")));
    assert_eq!(u.user_mfa_setting_list(), ["SMS_MFA".to_owned()]);
}

#[tokio::test]
async fn initiate_auth_mfa_on_user_with_phone_gets_sms_mfa() {
    let e = env().await;
    pool_mfa(&e, UserPoolMfaType::On, true, true, false).await;
    user(&e, "don", &[("phone_number", "+14325550000")]).await;
    user(&e, "dot", &[]).await;
    let r = sign_in(&e, "don").await;
    assert_eq!(r.challenge_name, Some(ChallengeNameType::SmsMfa));
    let r = sign_in(&e, "dot").await;
    assert_eq!(r.challenge_name, Some(ChallengeNameType::MfaSetup));
    assert_eq!(
        params(r.challenge_parameters.as_ref())["MFAS_CAN_SETUP"],
        r#"["SMS_MFA","SOFTWARE_TOKEN_MFA"]"#
    );
}

#[tokio::test]
async fn initiate_auth_email_otp_signs_in() {
    let e = env().await;
    pool_mfa(&e, UserPoolMfaType::Optional, false, false, true).await;
    user(&e, "eve", &[("email", "eve@example.com")]).await;
    let access = access_token(&e, "eve").await;
    e.f.c
        .set_user_mfa_preference()
        .access_token(&access)
        .email_mfa_settings(EmailMfaSettingsType::builder().enabled(true).build())
        .send()
        .await
        .unwrap();
    let r = sign_in(&e, "eve").await;
    assert_eq!(r.challenge_name, Some(ChallengeNameType::EmailOtp));
    let p = params(r.challenge_parameters.as_ref());
    assert_eq!(p["CODE_DELIVERY_DELIVERY_MEDIUM"], "EMAIL");
    assert_eq!(p["CODE_DELIVERY_DESTINATION"], "e***@e***");
    let code = e.mfa_code("eve");
    let sent = e.s.app.outbox.list(Some(&e.f.pool), Some("eve"));
    let m = sent.last().unwrap();
    assert_eq!(m.subject.as_deref(), Some("Your sign-in code"));
    assert_eq!(m.body, format!("Sign-in code {code}"));
    let ok = answer(
        &e,
        ChallengeNameType::EmailOtp,
        &r.session.unwrap(),
        "eve",
        &[("EMAIL_OTP_CODE", &code)],
    )
    .await
    .unwrap();
    assert!(ok.authentication_result.is_some());
}

#[tokio::test]
async fn respond_to_auth_challenge_select_mfa_type_then_chosen_challenge() {
    let e = env().await;
    pool_mfa(&e, UserPoolMfaType::Optional, true, true, false).await;
    user(&e, "fay", &[("phone_number", "+14325559999")]).await;
    let access = access_token(&e, "fay").await;
    let secret = totp_via_access_token(&e, &access).await;
    e.f.c
        .set_user_mfa_preference()
        .access_token(&access)
        .sms_mfa_settings(SmsMfaSettingsType::builder().enabled(true).build())
        .software_token_mfa_settings(
            SoftwareTokenMfaSettingsType::builder()
                .enabled(true)
                .build(),
        )
        .send()
        .await
        .unwrap();
    let r = sign_in(&e, "fay").await;
    assert_eq!(r.challenge_name, Some(ChallengeNameType::SelectMfaType));
    assert_eq!(
        params(r.challenge_parameters.as_ref())["MFAS_CAN_CHOOSE"],
        r#"["SMS_MFA","SOFTWARE_TOKEN_MFA"]"#
    );
    let chosen = answer(
        &e,
        ChallengeNameType::SelectMfaType,
        &r.session.unwrap(),
        "fay",
        &[("ANSWER", "SMS_MFA")],
    )
    .await
    .unwrap();
    assert_eq!(chosen.challenge_name, Some(ChallengeNameType::SmsMfa));
    let code = e.mfa_code("fay");
    let ok = answer(
        &e,
        ChallengeNameType::SmsMfa,
        &chosen.session.unwrap(),
        "fay",
        &[("SMS_MFA_CODE", &code)],
    )
    .await
    .unwrap();
    assert!(ok.authentication_result.is_some());
    // With a preference, that factor is asked for directly.
    e.f.c
        .set_user_mfa_preference()
        .access_token(&access)
        .software_token_mfa_settings(
            SoftwareTokenMfaSettingsType::builder()
                .enabled(true)
                .preferred_mfa(true)
                .build(),
        )
        .send()
        .await
        .unwrap();
    e.clock.advance_secs(30);
    let r = sign_in(&e, "fay").await;
    assert_eq!(r.challenge_name, Some(ChallengeNameType::SoftwareTokenMfa));
    let code = e.totp(&secret);
    assert!(answer(
        &e,
        ChallengeNameType::SoftwareTokenMfa,
        &r.session.unwrap(),
        "fay",
        &[("SOFTWARE_TOKEN_MFA_CODE", &code)],
    )
    .await
    .unwrap()
    .authentication_result
    .is_some());
    let u =
        e.f.c
            .admin_get_user()
            .user_pool_id(&e.f.pool)
            .username("fay")
            .send()
            .await
            .unwrap();
    assert_eq!(
        u.user_mfa_setting_list(),
        ["SMS_MFA".to_owned(), "SOFTWARE_TOKEN_MFA".to_owned()]
    );
    assert_eq!(u.preferred_mfa_setting(), Some("SOFTWARE_TOKEN_MFA"));
}

#[tokio::test]
async fn admin_initiate_auth_mfa_answered_with_admin_respond() {
    let e = env().await;
    pool_mfa(&e, UserPoolMfaType::On, true, false, false).await;
    user(&e, "gus", &[("phone_number", "+14325551111")]).await;
    let r =
        e.f.c
            .admin_initiate_auth()
            .user_pool_id(&e.f.pool)
            .client_id(&e.f.client)
            .auth_flow(AuthFlowType::AdminUserPasswordAuth)
            .auth_parameters("USERNAME", "gus")
            .auth_parameters("PASSWORD", PASSWORD)
            .send()
            .await
            .unwrap();
    assert_eq!(r.challenge_name, Some(ChallengeNameType::SmsMfa));
    let code = e.mfa_code("gus");
    let ok =
        e.f.c
            .admin_respond_to_auth_challenge()
            .user_pool_id(&e.f.pool)
            .client_id(&e.f.client)
            .challenge_name(ChallengeNameType::SmsMfa)
            .session(r.session.unwrap())
            .challenge_responses("USERNAME", "gus")
            .challenge_responses("SMS_MFA_CODE", code)
            .send()
            .await
            .unwrap();
    assert!(ok.authentication_result.unwrap().access_token.is_some());
}

#[tokio::test]
async fn respond_to_auth_challenge_expired_mfa_session_is_refused() {
    let e = env().await;
    pool_mfa(&e, UserPoolMfaType::On, true, false, false).await;
    user(&e, "hal", &[("phone_number", "+14325552222")]).await;
    let r = sign_in(&e, "hal").await;
    let code = e.mfa_code("hal");
    e.clock.advance_secs(181);
    let err = answer(
        &e,
        ChallengeNameType::SmsMfa,
        &r.session.unwrap(),
        "hal",
        &[("SMS_MFA_CODE", &code)],
    )
    .await
    .unwrap_err();
    assert!(err.is_not_authorized_exception(), "{err:?}");
    assert_eq!(
        err.message(),
        Some("Invalid session for the user, session is expired.")
    );
}

#[tokio::test]
async fn initiate_auth_mfa_off_returns_tokens() {
    let e = env().await;
    pool_mfa(&e, UserPoolMfaType::Optional, true, false, false).await;
    user(&e, "ian", &[("phone_number", "+14325553333")]).await;
    e.f.c
        .admin_set_user_mfa_preference()
        .user_pool_id(&e.f.pool)
        .username("ian")
        .sms_mfa_settings(SmsMfaSettingsType::builder().enabled(true).build())
        .send()
        .await
        .unwrap();
    pool_mfa(&e, UserPoolMfaType::Off, false, false, false).await;
    assert!(sign_in(&e, "ian").await.authentication_result.is_some());
}

#[tokio::test]
async fn set_user_mfa_preference_missing_means_are_refused() {
    let e = env().await;
    pool_mfa(&e, UserPoolMfaType::Optional, true, true, false).await;
    user(&e, "jo", &[]).await;
    let access = access_token(&e, "jo").await;
    let err =
        e.f.c
            .set_user_mfa_preference()
            .access_token(&access)
            .software_token_mfa_settings(
                SoftwareTokenMfaSettingsType::builder()
                    .enabled(true)
                    .build(),
            )
            .send()
            .await
            .unwrap_err()
            .into_service_error();
    assert!(err.is_invalid_parameter_exception(), "{err:?}");
    e.f.c
        .associate_software_token()
        .access_token(&access)
        .send()
        .await
        .unwrap();
    let err =
        e.f.c
            .set_user_mfa_preference()
            .access_token(&access)
            .software_token_mfa_settings(
                SoftwareTokenMfaSettingsType::builder()
                    .enabled(true)
                    .build(),
            )
            .send()
            .await
            .unwrap_err()
            .into_service_error();
    assert!(err.is_invalid_parameter_exception(), "{err:?}");
    assert_eq!(
        err.message(),
        Some("User has not verified software token mfa")
    );
    let err =
        e.f.c
            .set_user_mfa_preference()
            .access_token(&access)
            .sms_mfa_settings(SmsMfaSettingsType::builder().enabled(true).build())
            .send()
            .await
            .unwrap_err()
            .into_service_error();
    assert!(err.is_invalid_parameter_exception(), "{err:?}");
    let u = e.f.c.get_user().access_token(&access).send().await.unwrap();
    assert!(u.user_mfa_setting_list.is_none());
    assert!(u.preferred_mfa_setting.is_none());
}

#[tokio::test]
async fn admin_set_user_mfa_preference_unknown_user_not_found() {
    let e = env().await;
    let err =
        e.f.c
            .admin_set_user_mfa_preference()
            .user_pool_id(&e.f.pool)
            .username("nobody")
            .sms_mfa_settings(SmsMfaSettingsType::builder().enabled(true).build())
            .send()
            .await
            .unwrap_err()
            .into_service_error();
    assert!(err.is_user_not_found_exception(), "{err:?}");
    let err =
        e.f.c
            .admin_set_user_settings()
            .user_pool_id(&e.f.pool)
            .username("nobody")
            .set_mfa_options(Some(vec![]))
            .send()
            .await
            .unwrap_err()
            .into_service_error();
    assert!(err.is_user_not_found_exception(), "{err:?}");
}

#[tokio::test]
async fn set_user_settings_sms_option_shows_in_get_user() {
    let e = env().await;
    user(&e, "kim", &[("phone_number", "+14325554444")]).await;
    let access = access_token(&e, "kim").await;
    let option = MfaOptionType::builder()
        .delivery_medium(DeliveryMediumType::Sms)
        .attribute_name("phone_number")
        .build();
    e.f.c
        .set_user_settings()
        .access_token(&access)
        .mfa_options(option.clone())
        .send()
        .await
        .unwrap();
    let u = e.f.c.get_user().access_token(&access).send().await.unwrap();
    assert_eq!(u.mfa_options(), std::slice::from_ref(&option));
    assert_eq!(u.user_mfa_setting_list(), ["SMS_MFA".to_owned()]);
    e.f.c
        .admin_set_user_settings()
        .user_pool_id(&e.f.pool)
        .username("kim")
        .set_mfa_options(Some(vec![]))
        .send()
        .await
        .unwrap();
    let u =
        e.f.c
            .admin_get_user()
            .user_pool_id(&e.f.pool)
            .username("kim")
            .send()
            .await
            .unwrap();
    assert!(u.mfa_options.is_none());
    assert!(u.user_mfa_setting_list.is_none());
}

#[tokio::test]
async fn respond_to_auth_challenge_new_password_then_mfa_setup() {
    let e = env().await;
    pool_mfa(&e, UserPoolMfaType::On, false, true, false).await;
    e.f.c
        .admin_create_user()
        .user_pool_id(&e.f.pool)
        .username("liz")
        .temporary_password("Temp-Passw0rd!")
        .message_action(MessageActionType::Suppress)
        .send()
        .await
        .unwrap();
    let r =
        e.f.c
            .initiate_auth()
            .client_id(&e.f.client)
            .auth_flow(AuthFlowType::UserPasswordAuth)
            .auth_parameters("USERNAME", "liz")
            .auth_parameters("PASSWORD", "Temp-Passw0rd!")
            .send()
            .await
            .unwrap();
    assert_eq!(
        r.challenge_name,
        Some(ChallengeNameType::NewPasswordRequired)
    );
    let next = answer(
        &e,
        ChallengeNameType::NewPasswordRequired,
        &r.session.unwrap(),
        "liz",
        &[("NEW_PASSWORD", PASSWORD)],
    )
    .await
    .unwrap();
    assert_eq!(next.challenge_name, Some(ChallengeNameType::MfaSetup));
    assert!(next.authentication_result.is_none());
}

#[tokio::test]
async fn respond_to_auth_challenge_select_mfa_type_unoffered_answer_is_refused() {
    let e = env().await;
    pool_mfa(&e, UserPoolMfaType::Optional, true, false, true).await;
    user(
        &e,
        "max",
        &[
            ("phone_number", "+14325556666"),
            ("email", "max@example.com"),
        ],
    )
    .await;
    e.f.c
        .admin_set_user_mfa_preference()
        .user_pool_id(&e.f.pool)
        .username("max")
        .sms_mfa_settings(SmsMfaSettingsType::builder().enabled(true).build())
        .email_mfa_settings(EmailMfaSettingsType::builder().enabled(true).build())
        .send()
        .await
        .unwrap();
    let r = sign_in(&e, "max").await;
    assert_eq!(r.challenge_name, Some(ChallengeNameType::SelectMfaType));
    assert_eq!(
        params(r.challenge_parameters.as_ref())["MFAS_CAN_CHOOSE"],
        r#"["SMS_MFA","EMAIL_OTP"]"#
    );
    let session = r.session.unwrap();
    let err = answer(
        &e,
        ChallengeNameType::SelectMfaType,
        &session,
        "max",
        &[("ANSWER", "SOFTWARE_TOKEN_MFA")],
    )
    .await
    .unwrap_err();
    assert!(err.is_invalid_parameter_exception(), "{err:?}");
    let chosen = answer(
        &e,
        ChallengeNameType::SelectMfaType,
        &session,
        "max",
        &[("ANSWER", "EMAIL_OTP")],
    )
    .await
    .unwrap();
    assert_eq!(chosen.challenge_name, Some(ChallengeNameType::EmailOtp));
}
