//! Access-token operations through the Rust SDK.

use aws_sdk_cognitoidentityprovider::error::ProvideErrorMetadata;

use super::auth::{attr, confirmed_user, fixture, last_code, sign_in, PASSWORD};
use crate::common::start;

#[tokio::test]
async fn get_user_returns_username_and_attributes() {
    let s = start().await;
    let f = fixture(&s).await;
    confirmed_user(&s, &f, "abe").await;
    let t = sign_in(&f, "abe", PASSWORD).await;
    let u = f.c.get_user().access_token(&t.access).send().await.unwrap();
    assert_eq!(u.username, "abe");
    let get = |n: &str| {
        u.user_attributes
            .iter()
            .find(|a| a.name == n)
            .and_then(|a| a.value.clone())
    };
    assert_eq!(get("email").as_deref(), Some("abe@example.com"));
    assert_eq!(get("email_verified").as_deref(), Some("true"));
    assert!(get("sub").is_some());
    assert!(u.mfa_options.is_none());
}

#[tokio::test]
async fn update_user_attributes_sends_code_and_verify_user_attribute_verifies() {
    let s = start().await;
    let f = fixture(&s).await;
    confirmed_user(&s, &f, "bea").await;
    let t = sign_in(&f, "bea", PASSWORD).await;
    let out =
        f.c.update_user_attributes()
            .access_token(&t.access)
            .user_attributes(attr("email", "new@example.com"))
            .user_attributes(attr("name", "Bea"))
            .send()
            .await
            .unwrap();
    assert_eq!(out.code_delivery_details_list.unwrap().len(), 1);
    let u = f.c.get_user().access_token(&t.access).send().await.unwrap();
    let get = |n: &str| {
        u.user_attributes
            .iter()
            .find(|a| a.name == n)
            .and_then(|a| a.value.clone())
    };
    assert_eq!(get("email").as_deref(), Some("new@example.com"));
    assert_eq!(get("email_verified").as_deref(), Some("false"));
    assert_eq!(get("name").as_deref(), Some("Bea"));
    let e =
        f.c.verify_user_attribute()
            .access_token(&t.access)
            .attribute_name("email")
            .code("not-it")
            .send()
            .await
            .unwrap_err()
            .into_service_error();
    assert!(e.is_code_mismatch_exception(), "{e:?}");
    f.c.verify_user_attribute()
        .access_token(&t.access)
        .attribute_name("email")
        .code(last_code(&s, &f.pool, "bea"))
        .send()
        .await
        .unwrap();
    let u = f.c.get_user().access_token(&t.access).send().await.unwrap();
    assert!(u
        .user_attributes
        .iter()
        .any(|a| a.name == "email_verified" && a.value.as_deref() == Some("true")));
    let e =
        f.c.update_user_attributes()
            .access_token(&t.access)
            .user_attributes(attr("custom:undefined", "x"))
            .send()
            .await
            .unwrap_err()
            .into_service_error();
    assert!(e.is_invalid_parameter_exception());
    assert!(e.message().is_some());
}

#[tokio::test]
async fn get_user_attribute_verification_code_and_delete_attributes() {
    let s = start().await;
    let f = fixture(&s).await;
    confirmed_user(&s, &f, "cal").await;
    let t = sign_in(&f, "cal", PASSWORD).await;
    let out =
        f.c.get_user_attribute_verification_code()
            .access_token(&t.access)
            .attribute_name("email")
            .send()
            .await
            .unwrap();
    assert!(out.code_delivery_details.is_some());
    f.c.update_user_attributes()
        .access_token(&t.access)
        .user_attributes(attr("name", "Cal"))
        .send()
        .await
        .unwrap();
    f.c.delete_user_attributes()
        .access_token(&t.access)
        .user_attribute_names("name")
        .send()
        .await
        .unwrap();
    let u = f.c.get_user().access_token(&t.access).send().await.unwrap();
    assert!(!u.user_attributes.iter().any(|a| a.name == "name"));
    f.c.delete_user()
        .access_token(&t.access)
        .send()
        .await
        .unwrap();
    let gone = s
        .app
        .store
        .read_pool(&f.pool, |p| Ok(p.users.get("cal").is_none()))
        .unwrap();
    assert!(gone);
}

#[tokio::test]
async fn update_user_attributes_keeps_old_email_until_verified_when_required() {
    use aws_sdk_cognitoidentityprovider::types::{
        UserAttributeUpdateSettingsType, VerifiedAttributeType,
    };
    let s = start().await;
    let f = super::auth::fixture_with(
        &s,
        |b| {
            b.user_attribute_update_settings(
                UserAttributeUpdateSettingsType::builder()
                    .attributes_require_verification_before_update(VerifiedAttributeType::Email)
                    .build(),
            )
        },
        |b| b,
    )
    .await;
    confirmed_user(&s, &f, "dee").await;
    let t = sign_in(&f, "dee", PASSWORD).await;
    f.c.update_user_attributes()
        .access_token(&t.access)
        .user_attributes(attr("email", "dee2@example.com"))
        .send()
        .await
        .unwrap();
    let email = |u: &aws_sdk_cognitoidentityprovider::operation::get_user::GetUserOutput| {
        u.user_attributes
            .iter()
            .find(|a| a.name == "email")
            .and_then(|a| a.value.clone())
    };
    let u = f.c.get_user().access_token(&t.access).send().await.unwrap();
    assert_eq!(email(&u).as_deref(), Some("dee@example.com"));
    let msg = s.app.outbox.list(Some(&f.pool), Some("dee")).pop().unwrap();
    assert_eq!(msg.destination, "dee2@example.com");
    f.c.verify_user_attribute()
        .access_token(&t.access)
        .attribute_name("email")
        .code(msg.code.unwrap())
        .send()
        .await
        .unwrap();
    let u = f.c.get_user().access_token(&t.access).send().await.unwrap();
    assert_eq!(email(&u).as_deref(), Some("dee2@example.com"));
    // The verified new address replaced the old one in the email index too.
    assert_eq!(users_with(&f, "email = \"dee2@example.com\"").await, 1);
    assert_eq!(users_with(&f, "email = \"dee@example.com\"").await, 0);
}

/// How many users a `ListUsers` filter finds.
async fn users_with(f: &super::auth::Fixture, filter: &str) -> usize {
    f.c.list_users()
        .user_pool_id(&f.pool)
        .filter(filter)
        .send()
        .await
        .unwrap()
        .users
        .unwrap_or_default()
        .len()
}

/// `UpdateUserAttributes` keeps the indexes in step: a new email and preferred_username are found by
/// `ListUsers` filters, the old email no more.
#[tokio::test]
async fn updated_email_moves_in_the_index() {
    let s = start().await;
    let f = fixture(&s).await;
    confirmed_user(&s, &f, "eve").await;
    let t = sign_in(&f, "eve", PASSWORD).await;
    f.c.update_user_attributes()
        .access_token(&t.access)
        .user_attributes(attr("email", "eve2@example.com"))
        .user_attributes(attr("preferred_username", "evie"))
        .send()
        .await
        .unwrap();
    assert_eq!(users_with(&f, "email = \"eve2@example.com\"").await, 1);
    assert_eq!(users_with(&f, "email = \"eve@example.com\"").await, 0);
    assert_eq!(users_with(&f, "preferred_username = \"evie\"").await, 1);
}

/// Attributes given with `NEW_PASSWORD_REQUIRED` are indexed like any other change.
#[tokio::test]
async fn attributes_given_with_a_new_password_are_indexed() {
    use aws_sdk_cognitoidentityprovider::types::{
        AuthFlowType, ChallengeNameType, MessageActionType,
    };
    let s = start().await;
    let f = fixture(&s).await;
    // Invited with a temporary password: the first sign-in asks for a new one.
    f.c.admin_create_user()
        .user_pool_id(&f.pool)
        .username("flo")
        .temporary_password(PASSWORD)
        .message_action(MessageActionType::Suppress)
        .user_attributes(attr("email", "flo@example.com"))
        .send()
        .await
        .unwrap();
    let r =
        f.c.initiate_auth()
            .client_id(&f.client)
            .auth_flow(AuthFlowType::UserPasswordAuth)
            .auth_parameters("USERNAME", "flo")
            .auth_parameters("PASSWORD", PASSWORD)
            .send()
            .await
            .unwrap();
    assert_eq!(
        r.challenge_name,
        Some(ChallengeNameType::NewPasswordRequired)
    );
    let done =
        f.c.respond_to_auth_challenge()
            .client_id(&f.client)
            .challenge_name(ChallengeNameType::NewPasswordRequired)
            .session(r.session.unwrap())
            .challenge_responses("USERNAME", "flo")
            .challenge_responses("NEW_PASSWORD", "N3w-Passw0rd!")
            .challenge_responses("userAttributes.email", "flo2@example.com")
            .send()
            .await
            .unwrap();
    assert!(done.authentication_result.is_some());
    assert_eq!(users_with(&f, "email = \"flo2@example.com\"").await, 1);
    assert_eq!(users_with(&f, "email = \"flo@example.com\"").await, 0);
}

/// `DeleteUserAttributes` goes through the user directory: the deleted email leaves the email index,
/// so a `ListUsers` email filter no longer finds the user, and another user may take the address.
#[tokio::test]
async fn deleted_email_leaves_the_index() {
    let s = start().await;
    let f = fixture(&s).await;
    confirmed_user(&s, &f, "dee").await;
    let t = sign_in(&f, "dee", PASSWORD).await;
    let by_email = || users_with(&f, "email = \"dee@example.com\"");
    assert_eq!(by_email().await, 1);
    f.c.delete_user_attributes()
        .access_token(&t.access)
        .user_attribute_names("email")
        .send()
        .await
        .unwrap();
    let u = f.c.get_user().access_token(&t.access).send().await.unwrap();
    assert!(!u
        .user_attributes
        .iter()
        .any(|a| a.name == "email" || a.name == "email_verified"));
    assert_eq!(by_email().await, 0);
    let holder = s
        .app
        .store
        .read_pool(&f.pool, |p| {
            Ok(p.users
                .find_by_attribute("email", "dee@example.com", false, false)
                .len())
        })
        .unwrap();
    assert_eq!(holder, 0);
}
