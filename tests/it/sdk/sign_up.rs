//! Sign-up, confirmation and password recovery through the Rust SDK.

use aws_sdk_cognitoidentityprovider::error::ProvideErrorMetadata;
use aws_sdk_cognitoidentityprovider::types::{
    DeliveryMediumType, SchemaAttributeType, UsernameAttributeType,
};

use super::auth::{attr, confirmed_user, fixture, fixture_with, last_code, sign_in, PASSWORD};
use crate::common::start;

#[tokio::test]
async fn sign_up_sends_code_and_confirm_sign_up_verifies_email() {
    let s = start().await;
    let f = fixture(&s).await;
    let out =
        f.c.sign_up()
            .client_id(&f.client)
            .username("sam")
            .password(PASSWORD)
            .user_attributes(attr("email", "sam@example.com"))
            .send()
            .await
            .unwrap();
    assert!(!out.user_confirmed);
    let d = out.code_delivery_details.unwrap();
    assert_eq!(d.delivery_medium, Some(DeliveryMediumType::Email));
    assert_eq!(d.attribute_name.as_deref(), Some("email"));
    assert_eq!(d.destination.as_deref(), Some("s***@e***"));
    let msg = s.app.outbox.list(Some(&f.pool), Some("sam")).pop().unwrap();
    assert_eq!(msg.subject.as_deref(), Some("Your verification code"));
    let code = msg.code.unwrap();
    assert_eq!(msg.body, format!("Your verification code is {code}. "));

    let wrong = if code == "000000" { "111111" } else { "000000" };
    let e =
        f.c.confirm_sign_up()
            .client_id(&f.client)
            .username("sam")
            .confirmation_code(wrong)
            .send()
            .await
            .unwrap_err()
            .into_service_error();
    assert!(e.is_code_mismatch_exception());
    assert_eq!(
        e.message(),
        Some("Invalid verification code provided, please try again.")
    );
    let ok =
        f.c.confirm_sign_up()
            .client_id(&f.client)
            .username("sam")
            .confirmation_code(&code)
            .send()
            .await
            .unwrap();
    assert!(ok.session.unwrap().len() >= 20);
    let verified = s
        .app
        .store
        .read_pool(&f.pool, |p| {
            Ok(p.users.get("sam").unwrap().is_verified("email"))
        })
        .unwrap();
    assert!(verified);
    sign_in(&f, "sam", PASSWORD).await;
}

#[tokio::test]
async fn sign_up_rules_are_enforced() {
    let s = start().await;
    let f = fixture_with(
        &s,
        |b| {
            b.schema(
                SchemaAttributeType::builder()
                    .name("name")
                    .required(true)
                    .build(),
            )
        },
        |b| b,
    )
    .await;
    let e =
        f.c.sign_up()
            .client_id(&f.client)
            .username("tia")
            .password(PASSWORD)
            .send()
            .await
            .unwrap_err()
            .into_service_error();
    assert!(e.is_invalid_parameter_exception());
    assert_eq!(
        e.message(),
        Some("Attributes did not conform to the schema: name: The attribute is required")
    );
    let e =
        f.c.sign_up()
            .client_id(&f.client)
            .username("tia")
            .password("weak")
            .user_attributes(attr("name", "Tia"))
            .send()
            .await
            .unwrap_err()
            .into_service_error();
    assert!(e.is_invalid_password_exception());
    let e =
        f.c.sign_up()
            .client_id(&f.client)
            .username("tia")
            .password(PASSWORD)
            .user_attributes(attr("name", "Tia"))
            .user_attributes(attr("custom:nope", "x"))
            .send()
            .await
            .unwrap_err()
            .into_service_error();
    assert!(e.is_invalid_parameter_exception());
    f.c.sign_up()
        .client_id(&f.client)
        .username("tia")
        .password(PASSWORD)
        .user_attributes(attr("name", "Tia"))
        .send()
        .await
        .unwrap();
    let e =
        f.c.sign_up()
            .client_id(&f.client)
            .username("tia")
            .password(PASSWORD)
            .user_attributes(attr("name", "Tia"))
            .send()
            .await
            .unwrap_err()
            .into_service_error();
    assert!(e.is_username_exists_exception());
    assert_eq!(e.message(), Some("User already exists"));
}

#[tokio::test]
async fn sign_up_with_email_username_uses_sub_as_username() {
    let s = start().await;
    let f = fixture_with(
        &s,
        |b| b.username_attributes(UsernameAttributeType::Email),
        |b| b,
    )
    .await;
    let e =
        f.c.sign_up()
            .client_id(&f.client)
            .username("not-an-email")
            .password(PASSWORD)
            .send()
            .await
            .unwrap_err()
            .into_service_error();
    assert!(e.is_invalid_parameter_exception());
    let out =
        f.c.sign_up()
            .client_id(&f.client)
            .username("vic@example.com")
            .password(PASSWORD)
            .send()
            .await
            .unwrap();
    let sub = out.user_sub;
    f.c.confirm_sign_up()
        .client_id(&f.client)
        .username("vic@example.com")
        .confirmation_code(last_code(&s, &f.pool, &sub))
        .send()
        .await
        .unwrap();
    let t = sign_in(&f, "vic@example.com", PASSWORD).await;
    let user = f.c.get_user().access_token(&t.access).send().await.unwrap();
    assert_eq!(user.username, sub);
    // Taken whatever the case of the email (found through the email index, not a scan of the pool).
    for taken in ["vic@example.com", "Vic@Example.COM"] {
        let e =
            f.c.sign_up()
                .client_id(&f.client)
                .username(taken)
                .password(PASSWORD)
                .send()
                .await
                .unwrap_err()
                .into_service_error();
        assert!(e.is_username_exists_exception(), "{taken}");
        assert_eq!(
            e.message(),
            Some("An account with the given email already exists.")
        );
    }
    // SignUp applies AdminCreateUser's username rules: two `@` do not make an email. (A space never
    // gets that far: the model's username pattern refuses it.)
    let e =
        f.c.sign_up()
            .client_id(&f.client)
            .username("vic@a@example.com")
            .password(PASSWORD)
            .send()
            .await
            .unwrap_err()
            .into_service_error();
    assert!(e.is_invalid_parameter_exception());
    assert_eq!(
        e.message(),
        Some("Username should be either an email or a phone number.")
    );
}

#[tokio::test]
async fn resend_confirmation_code_replaces_the_code() {
    let s = start().await;
    let f = fixture(&s).await;
    f.c.sign_up()
        .client_id(&f.client)
        .username("wes")
        .password(PASSWORD)
        .user_attributes(attr("email", "wes@example.com"))
        .send()
        .await
        .unwrap();
    let out =
        f.c.resend_confirmation_code()
            .client_id(&f.client)
            .username("wes")
            .send()
            .await
            .unwrap();
    assert!(out.code_delivery_details.is_some());
    assert_eq!(s.app.outbox.list(Some(&f.pool), Some("wes")).len(), 2);
    f.c.confirm_sign_up()
        .client_id(&f.client)
        .username("wes")
        .confirmation_code(last_code(&s, &f.pool, "wes"))
        .send()
        .await
        .unwrap();
    let e =
        f.c.resend_confirmation_code()
            .client_id(&f.client)
            .username("wes")
            .send()
            .await
            .unwrap_err()
            .into_service_error();
    assert!(e.is_invalid_parameter_exception());
}

#[tokio::test]
async fn forgot_password_then_confirm_sets_new_password() {
    let s = start().await;
    let f = fixture(&s).await;
    confirmed_user(&s, &f, "xan").await;
    let out =
        f.c.forgot_password()
            .client_id(&f.client)
            .username("xan")
            .send()
            .await
            .unwrap();
    assert_eq!(
        out.code_delivery_details.unwrap().attribute_name.as_deref(),
        Some("email")
    );
    let code = last_code(&s, &f.pool, "xan");
    let e =
        f.c.confirm_forgot_password()
            .client_id(&f.client)
            .username("xan")
            .confirmation_code(&code)
            .password("weak")
            .send()
            .await
            .unwrap_err()
            .into_service_error();
    assert!(e.is_invalid_password_exception());
    f.c.confirm_forgot_password()
        .client_id(&f.client)
        .username("xan")
        .confirmation_code(&code)
        .password("N3w-Passw0rd!")
        .send()
        .await
        .unwrap();
    sign_in(&f, "xan", "N3w-Passw0rd!").await;
    // The code is used up.
    let e =
        f.c.confirm_forgot_password()
            .client_id(&f.client)
            .username("xan")
            .confirmation_code(&code)
            .password("Th1rd-Passw0rd!")
            .send()
            .await
            .unwrap_err()
            .into_service_error();
    assert!(e.is_code_mismatch_exception());
}

#[tokio::test]
async fn forgot_password_without_verified_destination_is_invalid_parameter() {
    let s = start().await;
    let f = fixture(&s).await;
    f.c.sign_up()
        .client_id(&f.client)
        .username("yul")
        .password(PASSWORD)
        .send()
        .await
        .unwrap();
    let e =
        f.c.forgot_password()
            .client_id(&f.client)
            .username("yul")
            .send()
            .await
            .unwrap_err()
            .into_service_error();
    assert!(e.is_invalid_parameter_exception());
    assert_eq!(
        e.message(),
        Some("Cannot reset password for the user as there is no registered/verified email or phone_number")
    );
}

#[tokio::test]
async fn change_password_checks_previous_password() {
    let s = start().await;
    let f = fixture(&s).await;
    confirmed_user(&s, &f, "zed").await;
    let t = sign_in(&f, "zed", PASSWORD).await;
    let e =
        f.c.change_password()
            .access_token(&t.access)
            .previous_password("Wr0ng-Passw0rd!")
            .proposed_password("N3w-Passw0rd!")
            .send()
            .await
            .unwrap_err()
            .into_service_error();
    assert!(e.is_not_authorized_exception());
    assert_eq!(e.message(), Some("Incorrect username or password."));
    f.c.change_password()
        .access_token(&t.access)
        .previous_password(PASSWORD)
        .proposed_password("N3w-Passw0rd!")
        .send()
        .await
        .unwrap();
    sign_in(&f, "zed", "N3w-Passw0rd!").await;
}

#[tokio::test]
async fn confirm_sign_up_code_expires_after_24_hours() {
    use cognito_emulator::clock::ManualClock;
    use std::sync::Arc;
    let clock = Arc::new(ManualClock::new(1_700_000_000_000));
    let app = cognito_emulator::App::with_clock(cognito_emulator::Config::default(), clock.clone());
    let s = cognito_emulator::server::spawn_app(app).await.unwrap();
    let f = fixture(&s).await;
    f.c.sign_up()
        .client_id(&f.client)
        .username("ann")
        .password(PASSWORD)
        .user_attributes(attr("email", "ann@example.com"))
        .send()
        .await
        .unwrap();
    clock.advance_secs(24 * 3600);
    let e =
        f.c.confirm_sign_up()
            .client_id(&f.client)
            .username("ann")
            .confirmation_code(last_code(&s, &f.pool, "ann"))
            .send()
            .await
            .unwrap_err()
            .into_service_error();
    assert!(e.is_expired_code_exception());
    assert_eq!(
        e.message(),
        Some("Invalid code provided, please request a code again.")
    );
}

#[tokio::test]
async fn confirm_sign_up_alias_taken_needs_force_alias_creation() {
    use aws_sdk_cognitoidentityprovider::types::AliasAttributeType;
    let s = start().await;
    let f = fixture_with(&s, |b| b.alias_attributes(AliasAttributeType::Email), |b| b).await;
    f.c.sign_up()
        .client_id(&f.client)
        .username("one")
        .password(PASSWORD)
        .user_attributes(attr("email", "same@example.com"))
        .send()
        .await
        .unwrap();
    f.c.confirm_sign_up()
        .client_id(&f.client)
        .username("one")
        .confirmation_code(last_code(&s, &f.pool, "one"))
        .send()
        .await
        .unwrap();
    f.c.sign_up()
        .client_id(&f.client)
        .username("two")
        .password(PASSWORD)
        .user_attributes(attr("email", "same@example.com"))
        .send()
        .await
        .unwrap();
    let code = last_code(&s, &f.pool, "two");
    let e =
        f.c.confirm_sign_up()
            .client_id(&f.client)
            .username("two")
            .confirmation_code(&code)
            .send()
            .await
            .unwrap_err()
            .into_service_error();
    assert!(e.is_alias_exists_exception());
    f.c.confirm_sign_up()
        .client_id(&f.client)
        .username("two")
        .confirmation_code(&code)
        .force_alias_creation(true)
        .send()
        .await
        .unwrap();
    let t = sign_in(&f, "same@example.com", PASSWORD).await;
    let u = f.c.get_user().access_token(&t.access).send().await.unwrap();
    assert_eq!(u.username, "two");
}
