//! Admin user operations and ListUsers through the Rust SDK.

use crate::common::{idp, pool_id, start};
use aws_sdk_cognitoidentityprovider::error::ProvideErrorMetadata;
use aws_sdk_cognitoidentityprovider::types::{
    AliasAttributeType, AttributeType, DeliveryMediumType, MessageActionType, PasswordPolicyType,
    SchemaAttributeType, UserPoolPolicyType, UserStatusType, UsernameAttributeType,
    UsernameConfigurationType,
};
use aws_sdk_cognitoidentityprovider::Client;

fn attr(name: &str, value: &str) -> AttributeType {
    AttributeType::builder()
        .name(name)
        .value(value)
        .build()
        .unwrap()
}

async fn pool(c: &Client) -> String {
    pool_id(
        c.create_user_pool().pool_name("users").schema(
            SchemaAttributeType::builder()
                .name("team")
                .attribute_data_type("String".into())
                .mutable(false)
                .build(),
        ),
    )
    .await
}

async fn create(c: &Client, pool: &str, name: &str, email: &str) {
    c.admin_create_user()
        .user_pool_id(pool)
        .username(name)
        .user_attributes(attr("email", email))
        .user_attributes(attr("email_verified", "true"))
        .message_action(MessageActionType::Suppress)
        .send()
        .await
        .unwrap();
}

fn get_attr<'a>(attrs: &'a [AttributeType], name: &str) -> Option<&'a str> {
    attrs
        .iter()
        .find(|a| a.name == name)
        .and_then(|a| a.value.as_deref())
}

#[tokio::test]
async fn admin_create_user_default_invitation_is_recorded() {
    let s = start().await;
    let c = idp(&s).await;
    let p = pool(&c).await;
    let out = c
        .admin_create_user()
        .user_pool_id(&p)
        .username("alice")
        .user_attributes(attr("email", "alice@example.com"))
        .send()
        .await
        .unwrap();
    let user = out.user.unwrap();
    assert_eq!(user.username.as_deref(), Some("alice"));
    assert_eq!(user.user_status, Some(UserStatusType::ForceChangePassword));
    assert!(user.enabled);
    assert!(user.user_create_date.is_some());
    assert!(get_attr(user.attributes(), "sub").is_some());
    let msgs = s.app.outbox.list(Some(&p), Some("alice"));
    assert_eq!(msgs.len(), 1);
    let m = &msgs[0];
    assert_eq!(m.destination, "alice@example.com");
    assert_eq!(m.delivery_medium, "EMAIL");
    assert_eq!(m.subject.as_deref(), Some("Your temporary password"));
    let temp = m.temporary_password.clone().unwrap();
    assert_eq!(
        m.body,
        format!("Your username is alice and temporary password is {temp}. ")
    );
    // The stored password is the temporary one.
    s.app
        .store
        .read_pool(&p, |pool| {
            let u = pool.users.get("alice").unwrap();
            assert!(u.password.as_ref().unwrap().verify(&p, "alice", &temp));
            assert!(u.temporary_password_expires_ms.is_some());
            Ok(())
        })
        .unwrap();
}

#[tokio::test]
async fn admin_create_user_suppress_and_sms_control_delivery() {
    let s = start().await;
    let c = idp(&s).await;
    let p = pool(&c).await;
    create(&c, &p, "quiet", "q@example.com").await;
    assert!(s.app.outbox.list(Some(&p), Some("quiet")).is_empty());
    c.admin_create_user()
        .user_pool_id(&p)
        .username("texted")
        .temporary_password("Temp0rary!")
        .user_attributes(attr("phone_number", "+14325551212"))
        .desired_delivery_mediums(DeliveryMediumType::Sms)
        .send()
        .await
        .unwrap();
    let msgs = s.app.outbox.list(Some(&p), Some("texted"));
    assert_eq!(msgs.len(), 1);
    assert_eq!(msgs[0].delivery_medium, "SMS");
    assert_eq!(msgs[0].destination, "+14325551212");
    assert_eq!(msgs[0].temporary_password.as_deref(), Some("Temp0rary!"));
}

#[tokio::test]
async fn admin_create_user_existing_username_is_refused() {
    let s = start().await;
    let c = idp(&s).await;
    let p = pool(&c).await;
    create(&c, &p, "alice", "a@example.com").await;
    let err = c
        .admin_create_user()
        .user_pool_id(&p)
        .username("alice")
        .send()
        .await
        .unwrap_err();
    assert!(err.into_service_error().is_username_exists_exception());
}

#[tokio::test]
async fn admin_create_user_unknown_attribute_is_invalid_parameter() {
    let s = start().await;
    let c = idp(&s).await;
    let p = pool(&c).await;
    let err = c
        .admin_create_user()
        .user_pool_id(&p)
        .username("bob")
        .user_attributes(attr("custom:nope", "x"))
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(err.is_invalid_parameter_exception());
    assert!(err
        .message()
        .unwrap()
        .contains("Attribute does not exist in the schema."));
    let err = c
        .admin_create_user()
        .user_pool_id(&p)
        .username("bob")
        .user_attributes(attr("email", "not-an-email"))
        .send()
        .await
        .unwrap_err();
    assert!(err.into_service_error().is_invalid_parameter_exception());
}

#[tokio::test]
async fn admin_create_user_weak_temporary_password_is_refused() {
    let s = start().await;
    let c = idp(&s).await;
    let p = pool(&c).await;
    let err = c
        .admin_create_user()
        .user_pool_id(&p)
        .username("bob")
        .temporary_password("short")
        .send()
        .await
        .unwrap_err();
    assert!(err.into_service_error().is_invalid_password_exception());
}

#[tokio::test]
async fn admin_create_user_resend_resets_the_temporary_password() {
    let s = start().await;
    let c = idp(&s).await;
    let p = pool(&c).await;
    let err = c
        .admin_create_user()
        .user_pool_id(&p)
        .username("ghost")
        .message_action(MessageActionType::Resend)
        .send()
        .await
        .unwrap_err();
    assert!(err.into_service_error().is_user_not_found_exception());

    c.admin_create_user()
        .user_pool_id(&p)
        .username("alice")
        .user_attributes(attr("email", "alice@example.com"))
        .send()
        .await
        .unwrap();
    let resent = c
        .admin_create_user()
        .user_pool_id(&p)
        .username("alice")
        .message_action(MessageActionType::Resend)
        .send()
        .await
        .unwrap();
    // The answer shows the user as it now is.
    let user = resent.user().unwrap();
    assert_eq!(user.username(), Some("alice"));
    assert_eq!(
        user.user_status(),
        Some(&UserStatusType::ForceChangePassword)
    );
    assert!(user
        .attributes()
        .iter()
        .any(|a| a.name() == "email" && a.value() == Some("alice@example.com")));
    let msgs = s.app.outbox.list(Some(&p), Some("alice"));
    assert_eq!(msgs.len(), 2);
    let second = msgs[1].temporary_password.clone().unwrap();
    assert_ne!(msgs[0].temporary_password.clone().unwrap(), second);
    s.app
        .store
        .read_pool(&p, |pool| {
            let u = pool.users.get("alice").unwrap();
            assert!(u.password.as_ref().unwrap().verify(&p, "alice", &second));
            Ok(())
        })
        .unwrap();
}

#[tokio::test]
async fn admin_create_user_with_email_username_uses_sub_and_unique_email() {
    let s = start().await;
    let c = idp(&s).await;
    let p = pool_id(
        c.create_user_pool()
            .pool_name("by-email")
            .username_attributes(UsernameAttributeType::Email),
    )
    .await;
    let user = c
        .admin_create_user()
        .user_pool_id(&p)
        .username("Alice@Example.com")
        .message_action(MessageActionType::Suppress)
        .send()
        .await
        .unwrap()
        .user
        .unwrap();
    let sub = get_attr(user.attributes(), "sub").unwrap().to_owned();
    assert_eq!(user.username.as_deref(), Some(sub.as_str()));
    assert_eq!(
        get_attr(user.attributes(), "email"),
        Some("Alice@Example.com")
    );
    // Admin operations accept the email.
    let got = c
        .admin_get_user()
        .user_pool_id(&p)
        .username("Alice@Example.com")
        .send()
        .await
        .unwrap();
    assert_eq!(got.username, sub);

    let err = c
        .admin_create_user()
        .user_pool_id(&p)
        .username("Alice@Example.com")
        .send()
        .await
        .unwrap_err();
    assert!(err.into_service_error().is_username_exists_exception());
    let err = c
        .admin_create_user()
        .user_pool_id(&p)
        .username("plainname")
        .send()
        .await
        .unwrap_err();
    assert!(err.into_service_error().is_invalid_parameter_exception());
}

#[tokio::test]
async fn admin_create_user_with_email_alias_refuses_email_usernames_and_taken_aliases() {
    let s = start().await;
    let c = idp(&s).await;
    let p = pool_id(
        c.create_user_pool()
            .pool_name("alias")
            .alias_attributes(AliasAttributeType::Email),
    )
    .await;
    let err = c
        .admin_create_user()
        .user_pool_id(&p)
        .username("a@example.com")
        .send()
        .await
        .unwrap_err();
    assert!(err.into_service_error().is_invalid_parameter_exception());

    create(&c, &p, "alice", "shared@example.com").await;
    let err = c
        .admin_create_user()
        .user_pool_id(&p)
        .username("bob")
        .user_attributes(attr("email", "shared@example.com"))
        .user_attributes(attr("email_verified", "true"))
        .message_action(MessageActionType::Suppress)
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("AliasExistsException"));

    c.admin_create_user()
        .user_pool_id(&p)
        .username("bob")
        .user_attributes(attr("email", "shared@example.com"))
        .user_attributes(attr("email_verified", "true"))
        .force_alias_creation(true)
        .message_action(MessageActionType::Suppress)
        .send()
        .await
        .unwrap();
    let got = c
        .admin_get_user()
        .user_pool_id(&p)
        .username("shared@example.com")
        .send()
        .await
        .unwrap();
    assert_eq!(got.username, "bob");
    let alice = c
        .admin_get_user()
        .user_pool_id(&p)
        .username("alice")
        .send()
        .await
        .unwrap();
    assert_eq!(
        get_attr(alice.user_attributes(), "email_verified"),
        Some("false")
    );
}

#[tokio::test]
async fn admin_get_user_by_sub_finds_the_user() {
    let s = start().await;
    let c = idp(&s).await;
    let p = pool(&c).await;
    create(&c, &p, "alice", "a@example.com").await;
    let got = c
        .admin_get_user()
        .user_pool_id(&p)
        .username("alice")
        .send()
        .await
        .unwrap();
    let sub = get_attr(got.user_attributes(), "sub").unwrap().to_owned();
    let by_sub = c
        .admin_get_user()
        .user_pool_id(&p)
        .username(&sub)
        .send()
        .await
        .unwrap();
    assert_eq!(by_sub.username, "alice");
}

#[tokio::test]
async fn admin_get_user_unknown_is_user_not_found() {
    let s = start().await;
    let c = idp(&s).await;
    let p = pool(&c).await;
    let err = c
        .admin_get_user()
        .user_pool_id(&p)
        .username("nobody")
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(err.is_user_not_found_exception());
    assert_eq!(err.message(), Some("User does not exist."));
}

#[tokio::test]
async fn admin_get_user_case_insensitive_pool_finds_any_case() {
    let s = start().await;
    let c = idp(&s).await;
    let p = pool_id(
        c.create_user_pool().pool_name("ci").username_configuration(
            UsernameConfigurationType::builder()
                .case_sensitive(false)
                .build()
                .unwrap(),
        ),
    )
    .await;
    create(&c, &p, "Alice", "a@example.com").await;
    let got = c
        .admin_get_user()
        .user_pool_id(&p)
        .username("aLiCe")
        .send()
        .await
        .unwrap();
    assert_eq!(got.username, "Alice");
    let err = c
        .admin_create_user()
        .user_pool_id(&p)
        .username("ALICE")
        .send()
        .await
        .unwrap_err();
    assert!(err.into_service_error().is_username_exists_exception());
}

#[tokio::test]
async fn admin_delete_user_removes_it() {
    let s = start().await;
    let c = idp(&s).await;
    let p = pool(&c).await;
    create(&c, &p, "alice", "a@example.com").await;
    c.admin_delete_user()
        .user_pool_id(&p)
        .username("alice")
        .send()
        .await
        .unwrap();
    let err = c
        .admin_delete_user()
        .user_pool_id(&p)
        .username("alice")
        .send()
        .await
        .unwrap_err();
    assert!(err.into_service_error().is_user_not_found_exception());
    let d = c
        .describe_user_pool()
        .user_pool_id(&p)
        .send()
        .await
        .unwrap();
    assert_eq!(d.user_pool.unwrap().estimated_number_of_users, 0);
}

#[tokio::test]
async fn admin_update_user_attributes_changed_email_becomes_unverified() {
    let s = start().await;
    let c = idp(&s).await;
    let p = pool(&c).await;
    create(&c, &p, "alice", "a@example.com").await;
    c.admin_update_user_attributes()
        .user_pool_id(&p)
        .username("alice")
        .user_attributes(attr("email", "new@example.com"))
        .user_attributes(attr("name", "Alice"))
        .send()
        .await
        .unwrap();
    let got = c
        .admin_get_user()
        .user_pool_id(&p)
        .username("alice")
        .send()
        .await
        .unwrap();
    let attrs = got.user_attributes();
    assert_eq!(get_attr(attrs, "email"), Some("new@example.com"));
    assert_eq!(get_attr(attrs, "email_verified"), Some("false"));
    assert_eq!(get_attr(attrs, "name"), Some("Alice"));

    c.admin_update_user_attributes()
        .user_pool_id(&p)
        .username("alice")
        .user_attributes(attr("email", "newer@example.com"))
        .user_attributes(attr("email_verified", "true"))
        .send()
        .await
        .unwrap();
    let got = c
        .admin_get_user()
        .user_pool_id(&p)
        .username("alice")
        .send()
        .await
        .unwrap();
    assert_eq!(
        get_attr(got.user_attributes(), "email_verified"),
        Some("true")
    );
}

#[tokio::test]
async fn admin_update_user_attributes_immutable_and_sub_are_refused() {
    let s = start().await;
    let c = idp(&s).await;
    let p = pool(&c).await;
    c.admin_create_user()
        .user_pool_id(&p)
        .username("alice")
        .user_attributes(attr("custom:team", "red"))
        .message_action(MessageActionType::Suppress)
        .send()
        .await
        .unwrap();
    for (name, value) in [("custom:team", "blue"), ("sub", "x"), ("custom:nope", "x")] {
        let err = c
            .admin_update_user_attributes()
            .user_pool_id(&p)
            .username("alice")
            .user_attributes(attr(name, value))
            .send()
            .await
            .unwrap_err();
        assert!(
            err.into_service_error().is_invalid_parameter_exception(),
            "{name}"
        );
    }
}

#[tokio::test]
async fn admin_update_user_attributes_taken_alias_is_alias_exists() {
    let s = start().await;
    let c = idp(&s).await;
    let p = pool_id(
        c.create_user_pool()
            .pool_name("alias")
            .alias_attributes(AliasAttributeType::Email),
    )
    .await;
    create(&c, &p, "alice", "a@example.com").await;
    create(&c, &p, "bob", "b@example.com").await;
    let err = c
        .admin_update_user_attributes()
        .user_pool_id(&p)
        .username("bob")
        .user_attributes(attr("email", "a@example.com"))
        .user_attributes(attr("email_verified", "true"))
        .send()
        .await
        .unwrap_err();
    assert!(err.into_service_error().is_alias_exists_exception());
}

#[tokio::test]
async fn admin_delete_user_attributes_removes_values() {
    let s = start().await;
    let c = idp(&s).await;
    let p = pool(&c).await;
    create(&c, &p, "alice", "a@example.com").await;
    c.admin_delete_user_attributes()
        .user_pool_id(&p)
        .username("alice")
        .user_attribute_names("email")
        .send()
        .await
        .unwrap();
    let got = c
        .admin_get_user()
        .user_pool_id(&p)
        .username("alice")
        .send()
        .await
        .unwrap();
    assert_eq!(get_attr(got.user_attributes(), "email"), None);
    assert_eq!(get_attr(got.user_attributes(), "email_verified"), None);
    let err = c
        .admin_delete_user_attributes()
        .user_pool_id(&p)
        .username("alice")
        .user_attribute_names("sub")
        .send()
        .await
        .unwrap_err();
    assert!(err.into_service_error().is_invalid_parameter_exception());
}

#[tokio::test]
async fn admin_disable_and_enable_user_toggle_enabled() {
    let s = start().await;
    let c = idp(&s).await;
    let p = pool(&c).await;
    create(&c, &p, "alice", "a@example.com").await;
    c.admin_disable_user()
        .user_pool_id(&p)
        .username("alice")
        .send()
        .await
        .unwrap();
    let got = c
        .admin_get_user()
        .user_pool_id(&p)
        .username("alice")
        .send()
        .await
        .unwrap();
    assert!(!got.enabled);
    c.admin_enable_user()
        .user_pool_id(&p)
        .username("alice")
        .send()
        .await
        .unwrap();
    let got = c
        .admin_get_user()
        .user_pool_id(&p)
        .username("alice")
        .send()
        .await
        .unwrap();
    assert!(got.enabled);
    let err = c
        .admin_disable_user()
        .user_pool_id(&p)
        .username("nobody")
        .send()
        .await
        .unwrap_err();
    assert!(err.into_service_error().is_user_not_found_exception());
}

#[tokio::test]
async fn admin_set_user_password_permanent_and_history() {
    let s = start().await;
    let c = idp(&s).await;
    let p = pool_id(
        c.create_user_pool().pool_name("history").policies(
            UserPoolPolicyType::builder()
                .password_policy(
                    PasswordPolicyType::builder()
                        .minimum_length(8)
                        .password_history_size(2)
                        .build(),
                )
                .build(),
        ),
    )
    .await;
    create(&c, &p, "alice", "a@example.com").await;
    let set = |pw: &'static str, permanent: bool| {
        c.admin_set_user_password()
            .user_pool_id(&p)
            .username("alice")
            .password(pw)
            .permanent(permanent)
            .send()
    };
    set("password-one", true).await.unwrap();
    let got = c
        .admin_get_user()
        .user_pool_id(&p)
        .username("alice")
        .send()
        .await
        .unwrap();
    assert_eq!(got.user_status, Some(UserStatusType::Confirmed));
    let err = set("password-one", true).await.unwrap_err();
    assert!(err
        .into_service_error()
        .is_password_history_policy_violation_exception());
    set("password-two", false).await.unwrap();
    let got = c
        .admin_get_user()
        .user_pool_id(&p)
        .username("alice")
        .send()
        .await
        .unwrap();
    assert_eq!(got.user_status, Some(UserStatusType::ForceChangePassword));
    let err = set("short", true).await.unwrap_err();
    assert!(err.into_service_error().is_invalid_password_exception());
}

#[tokio::test]
async fn admin_reset_user_password_sends_code_and_requires_reset() {
    let s = start().await;
    let c = idp(&s).await;
    let p = pool(&c).await;
    create(&c, &p, "alice", "a@example.com").await;
    c.admin_reset_user_password()
        .user_pool_id(&p)
        .username("alice")
        .send()
        .await
        .unwrap();
    let got = c
        .admin_get_user()
        .user_pool_id(&p)
        .username("alice")
        .send()
        .await
        .unwrap();
    assert_eq!(got.user_status, Some(UserStatusType::ResetRequired));
    let msgs = s.app.outbox.list(Some(&p), Some("alice"));
    let code = msgs.last().unwrap().code.clone().unwrap();
    assert_eq!(msgs.last().unwrap().destination, "a@example.com");
    s.app
        .store
        .read_pool(&p, |pool| {
            pool.codes
                .check(
                    "alice",
                    &cognito_emulator::domain::codes::CodePurpose::ForgotPassword,
                    &code,
                    0,
                )
                .unwrap();
            Ok(())
        })
        .unwrap();

    // Without a verified email or phone there is nowhere to send the code.
    c.admin_create_user()
        .user_pool_id(&p)
        .username("bob")
        .message_action(MessageActionType::Suppress)
        .send()
        .await
        .unwrap();
    let err = c
        .admin_reset_user_password()
        .user_pool_id(&p)
        .username("bob")
        .send()
        .await
        .unwrap_err();
    assert!(err.into_service_error().is_invalid_parameter_exception());
}

#[tokio::test]
async fn admin_confirm_sign_up_only_unconfirmed_users() {
    let s = start().await;
    let c = idp(&s).await;
    let p = pool(&c).await;
    create(&c, &p, "alice", "a@example.com").await;
    let err = c
        .admin_confirm_sign_up()
        .user_pool_id(&p)
        .username("alice")
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(err.is_not_authorized_exception());
    assert_eq!(
        err.message(),
        Some("User cannot be confirmed. Current status is FORCE_CHANGE_PASSWORD")
    );
    s.app
        .store
        .write_pool(&p, |pool| {
            pool.users.get_mut("alice").unwrap().status =
                cognito_emulator::domain::user::UserStatus::Unconfirmed;
            Ok(())
        })
        .unwrap();
    c.admin_confirm_sign_up()
        .user_pool_id(&p)
        .username("alice")
        .send()
        .await
        .unwrap();
    let got = c
        .admin_get_user()
        .user_pool_id(&p)
        .username("alice")
        .send()
        .await
        .unwrap();
    assert_eq!(got.user_status, Some(UserStatusType::Confirmed));
}

#[tokio::test]
async fn list_users_filters_attributes_to_get_and_pages() {
    let s = start().await;
    let c = idp(&s).await;
    let p = pool(&c).await;
    for i in 0..7 {
        create(&c, &p, &format!("user{i}"), &format!("user{i}@example.com")).await;
    }
    c.admin_update_user_attributes()
        .user_pool_id(&p)
        .username("user3")
        .user_attributes(attr("family_name", "Reddy"))
        .send()
        .await
        .unwrap();
    c.admin_disable_user()
        .user_pool_id(&p)
        .username("user5")
        .send()
        .await
        .unwrap();

    let names = |users: &[aws_sdk_cognitoidentityprovider::types::UserType]| {
        users
            .iter()
            .map(|u| u.username.clone().unwrap())
            .collect::<Vec<_>>()
    };
    let list = |filter: &'static str| c.list_users().user_pool_id(&p).filter(filter).send();

    let all = c.list_users().user_pool_id(&p).send().await.unwrap();
    assert_eq!(all.users().len(), 7);
    assert!(all.pagination_token.is_none());

    let r = list("email = \"USER2@example.com\"").await.unwrap();
    assert_eq!(names(r.users()), ["user2"]);
    let r = list("email ^= \"user\"").await.unwrap();
    assert_eq!(r.users().len(), 7);
    let r = list("username ^= \"user1\"").await.unwrap();
    assert_eq!(names(r.users()), ["user1"]);
    let r = list("family_name = \"Reddy\"").await.unwrap();
    assert_eq!(names(r.users()), ["user3"]);
    let r = list("status = \"Disabled\"").await.unwrap();
    assert_eq!(names(r.users()), ["user5"]);
    let r = list("cognito:user_status = \"force_change_password\"")
        .await
        .unwrap();
    assert_eq!(r.users().len(), 7);
    let sub = get_attr(r.users()[4].attributes(), "sub")
        .unwrap()
        .to_owned();
    let r = c
        .list_users()
        .user_pool_id(&p)
        .filter(format!("sub = \"{sub}\""))
        .send()
        .await
        .unwrap();
    assert_eq!(names(r.users()), ["user4"]);
    // A sub prefix: the subs of every user that share it, in username order (random UUIDs can share a
    // short prefix, so the expected set is computed from all the subs).
    let subs: Vec<(String, String)> = all
        .users()
        .iter()
        .map(|u| {
            let sub = get_attr(u.attributes(), "sub").unwrap().to_owned();
            (u.username.clone().unwrap(), sub)
        })
        .collect();
    for len in [1, 9, 36] {
        let prefix: String = sub.chars().take(len).collect();
        let r = c
            .list_users()
            .user_pool_id(&p)
            .filter(format!("sub ^= \"{prefix}\""))
            .send()
            .await
            .unwrap();
        let expected: Vec<String> = subs
            .iter()
            .filter(|(_, s)| s.starts_with(&prefix))
            .map(|(u, _)| u.clone())
            .collect();
        assert!(expected.contains(&"user4".to_owned()));
        assert_eq!(names(r.users()), expected, "sub ^= {prefix}");
    }
    let r = list("sub ^= \"not-a-uuid\"").await.unwrap();
    assert!(r.users().is_empty());
    let r = list("").await.unwrap();
    assert_eq!(r.users().len(), 7);

    for bad in ["custom:team = \"x\"", "email = user", "email ~ \"x\""] {
        let err = list(bad).await.unwrap_err();
        assert!(
            err.into_service_error().is_invalid_parameter_exception(),
            "{bad}"
        );
    }

    let r = c
        .list_users()
        .user_pool_id(&p)
        .attributes_to_get("email")
        .limit(1)
        .send()
        .await
        .unwrap();
    assert_eq!(r.users()[0].attributes().len(), 1);

    // Pages of 3, with a user deleted between pages: no duplicates, no gaps.
    let mut seen = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let r = c
            .list_users()
            .user_pool_id(&p)
            .limit(3)
            .set_pagination_token(token.clone())
            .send()
            .await
            .unwrap();
        seen.extend(names(r.users()));
        if seen.len() == 3 {
            c.admin_delete_user()
                .user_pool_id(&p)
                .username("user0")
                .send()
                .await
                .unwrap();
        }
        token = r.pagination_token.clone();
        if token.is_none() {
            break;
        }
    }
    assert_eq!(
        seen,
        ["user0", "user1", "user2", "user3", "user4", "user5", "user6"]
    );
}

#[tokio::test]
async fn list_users_unknown_pool_is_resource_not_found() {
    let s = start().await;
    let c = idp(&s).await;
    let err = c
        .list_users()
        .user_pool_id("us-east-1_nothere")
        .send()
        .await
        .unwrap_err();
    assert!(err.into_service_error().is_resource_not_found_exception());
}

#[tokio::test]
async fn admin_update_user_attributes_auto_verified_email_sends_a_code() {
    use aws_sdk_cognitoidentityprovider::types::VerifiedAttributeType;
    let s = start().await;
    let c = idp(&s).await;
    let p = pool_id(
        c.create_user_pool()
            .pool_name("auto")
            .auto_verified_attributes(VerifiedAttributeType::Email),
    )
    .await;
    create(&c, &p, "alice", "old@example.com").await;
    c.admin_update_user_attributes()
        .user_pool_id(&p)
        .username("alice")
        .user_attributes(attr("email", "new@example.com"))
        .send()
        .await
        .unwrap();
    let got = c
        .admin_get_user()
        .user_pool_id(&p)
        .username("alice")
        .send()
        .await
        .unwrap();
    let attrs = got.user_attributes.unwrap();
    assert_eq!(get_attr(&attrs, "email"), Some("new@example.com"));
    assert_eq!(get_attr(&attrs, "email_verified"), Some("false"));
    let msgs = s.app.outbox.list(Some(&p), Some("alice"));
    let msg = msgs.last().unwrap();
    assert_eq!(msg.trigger, "UpdateUserAttribute");
    assert_eq!(msg.destination, "new@example.com");
    let code = msg.code.clone().unwrap();
    s.app
        .store
        .read_pool(&p, |pool| {
            pool.codes
                .check(
                    "alice",
                    &cognito_emulator::domain::codes::CodePurpose::VerifyAttribute("email".into()),
                    &code,
                    0,
                )
                .unwrap();
            Ok(())
        })
        .unwrap();

    // Setting the flag in the same call sends nothing.
    let before = s.app.outbox.list(Some(&p), Some("alice")).len();
    c.admin_update_user_attributes()
        .user_pool_id(&p)
        .username("alice")
        .user_attributes(attr("email", "third@example.com"))
        .user_attributes(attr("email_verified", "true"))
        .send()
        .await
        .unwrap();
    assert_eq!(s.app.outbox.list(Some(&p), Some("alice")).len(), before);
}
