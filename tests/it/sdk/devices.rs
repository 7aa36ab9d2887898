//! Device tracking through the Rust SDK: `NewDeviceMetadata` after an SRP sign-in, `ConfirmDevice`, the
//! `DEVICE_SRP_AUTH` / `DEVICE_PASSWORD_VERIFIER` sign-in (with the project's client and with the
//! `aws-cognito-srp` crate), and the device operations.

use aws_sdk_cognitoidentityprovider::error::ProvideErrorMetadata;
use aws_sdk_cognitoidentityprovider::operation::respond_to_auth_challenge::RespondToAuthChallengeOutput;
use aws_sdk_cognitoidentityprovider::types::{
    ChallengeNameType, DeviceConfigurationType, DeviceRememberedStatusType,
    DeviceSecretVerifierConfigType,
};
use cognito_emulator::domain::srp::client::{device_secret, SrpClient};

use super::auth::{confirmed_user, Fixture, PASSWORD};
use super::srp::{answer_verifier, claims, now_timestamp, srp_fixture, srp_initiate, srp_sign_in};
use crate::common::start;

async fn device_fixture(
    s: &cognito_emulator::RunningServer,
    challenge_required: bool,
    on_prompt: bool,
) -> Fixture {
    srp_fixture(s, |b| {
        b.device_configuration(
            DeviceConfigurationType::builder()
                .challenge_required_on_new_device(challenge_required)
                .device_only_remembered_on_user_prompt(on_prompt)
                .build(),
        )
    })
    .await
}

/// Signs in with SRP and confirms the new device with the project's client; returns
/// (device key, group key, device password, access token).
async fn sign_in_and_confirm(f: &Fixture, login: &str) -> (String, String, String, String) {
    let r = srp_sign_in(f, login, PASSWORD, None).await.unwrap();
    let a = r.authentication_result.unwrap();
    let meta = a.new_device_metadata.unwrap();
    let key = meta.device_key.unwrap();
    let group = meta.device_group_key.unwrap();
    let access = a.access_token.unwrap();
    assert_eq!(claims(&access)["device_key"], key.as_str());
    let (password, verifier, salt) = device_secret(&group, &key);
    let c =
        f.c.confirm_device()
            .access_token(&access)
            .device_key(&key)
            .device_name("laptop")
            .device_secret_verifier_config(
                DeviceSecretVerifierConfigType::builder()
                    .password_verifier(verifier)
                    .salt(salt)
                    .build(),
            )
            .send()
            .await
            .unwrap();
    assert!(!c.user_confirmation_necessary);
    (key, group, password, access)
}

/// `DEVICE_SRP_AUTH` then `DEVICE_PASSWORD_VERIFIER` with the project's client.
async fn device_sign_in(
    f: &Fixture,
    login: &str,
    key: &str,
    group: &str,
    device_password: &str,
) -> RespondToAuthChallengeOutput {
    let cl = SrpClient::new();
    let p = srp_initiate(&f.c, &f.client, login, &cl.a_hex(), Some(key)).await;
    let r = answer_verifier(&f.c, &f.pool, &f.client, &p, &cl, PASSWORD, Some(key))
        .await
        .unwrap();
    assert_eq!(r.challenge_name, Some(ChallengeNameType::DeviceSrpAuth));
    let username = p["USER_ID_FOR_SRP"].clone();
    let dcl = SrpClient::new();
    let d =
        f.c.respond_to_auth_challenge()
            .client_id(&f.client)
            .challenge_name(ChallengeNameType::DeviceSrpAuth)
            .session(r.session.unwrap())
            .challenge_responses("USERNAME", &username)
            .challenge_responses("DEVICE_KEY", key)
            .challenge_responses("SRP_A", dcl.a_hex())
            .send()
            .await
            .unwrap();
    assert_eq!(
        d.challenge_name,
        Some(ChallengeNameType::DevicePasswordVerifier)
    );
    let dp = d.challenge_parameters.unwrap();
    let ts = now_timestamp();
    let sig = dcl
        .signature(
            group,
            key,
            device_password,
            &dp["SALT"],
            &dp["SRP_B"],
            &dp["SECRET_BLOCK"],
            &ts,
        )
        .unwrap();
    f.c.respond_to_auth_challenge()
        .client_id(&f.client)
        .challenge_name(ChallengeNameType::DevicePasswordVerifier)
        .challenge_responses("USERNAME", &username)
        .challenge_responses("DEVICE_KEY", key)
        .challenge_responses("PASSWORD_CLAIM_SECRET_BLOCK", &dp["SECRET_BLOCK"])
        .challenge_responses("TIMESTAMP", ts)
        .challenge_responses("PASSWORD_CLAIM_SIGNATURE", sig)
        .send()
        .await
        .unwrap()
}

fn attribute(d: &aws_sdk_cognitoidentityprovider::types::DeviceType, name: &str) -> String {
    d.device_attributes()
        .iter()
        .find(|a| a.name == name)
        .and_then(|a| a.value.clone())
        .unwrap_or_default()
}

#[tokio::test]
async fn confirm_device_then_device_srp_sign_in_list_and_forget() {
    let s = start().await;
    let f = device_fixture(&s, true, false).await;
    let username = confirmed_user(&s, &f, "dee").await;
    let (key, group, password, access) = sign_in_and_confirm(&f, "dee").await;

    let list =
        f.c.list_devices()
            .access_token(&access)
            .send()
            .await
            .unwrap();
    let devices = list.devices.unwrap();
    assert_eq!(devices.len(), 1);
    assert_eq!(devices[0].device_key.as_deref(), Some(key.as_str()));
    assert_eq!(attribute(&devices[0], "device_name"), "laptop");
    assert_eq!(attribute(&devices[0], "device_status"), "valid");
    assert_eq!(
        attribute(&devices[0], "dev:device_remembered_status"),
        "remembered"
    );
    assert!(devices[0].device_create_date.is_some());
    assert!(devices[0].device_last_authenticated_date.is_some());

    let r = device_sign_in(&f, "dee", &key, &group, &password).await;
    let a = r.authentication_result.unwrap();
    assert!(
        a.new_device_metadata.is_none(),
        "a known device gets no new one"
    );
    let access2 = a.access_token.unwrap();
    assert_eq!(claims(&access2)["device_key"], key.as_str());

    let got =
        f.c.admin_get_device()
            .user_pool_id(&f.pool)
            .username(&username)
            .device_key(&key)
            .send()
            .await
            .unwrap();
    assert_eq!(
        got.device.unwrap().device_key.as_deref(),
        Some(key.as_str())
    );
    f.c.update_device_status()
        .access_token(&access2)
        .device_key(&key)
        .device_remembered_status(DeviceRememberedStatusType::NotRemembered)
        .send()
        .await
        .unwrap();
    let d =
        f.c.get_device()
            .access_token(&access2)
            .device_key(&key)
            .send()
            .await
            .unwrap()
            .device
            .unwrap();
    assert_eq!(
        attribute(&d, "dev:device_remembered_status"),
        "not_remembered"
    );
    let admin =
        f.c.admin_list_devices()
            .user_pool_id(&f.pool)
            .username("dee")
            .send()
            .await
            .unwrap();
    assert_eq!(admin.devices.unwrap().len(), 1);

    f.c.forget_device()
        .access_token(&access2)
        .device_key(&key)
        .send()
        .await
        .unwrap();
    let list =
        f.c.list_devices()
            .access_token(&access2)
            .send()
            .await
            .unwrap();
    assert!(list.devices.unwrap_or_default().is_empty());
    // Signing in with a forgotten device: "Device does not exist.", which Amplify handles.
    let e = srp_sign_in(&f, "dee", PASSWORD, Some(&key))
        .await
        .unwrap_err();
    assert!(e.is_resource_not_found_exception());
    assert_eq!(e.message(), Some("Device does not exist."));
    let e =
        f.c.admin_forget_device()
            .user_pool_id(&f.pool)
            .username("dee")
            .device_key(&key)
            .send()
            .await
            .unwrap_err()
            .into_service_error();
    assert!(e.is_resource_not_found_exception());
}

#[tokio::test]
async fn device_password_verifier_wrong_secret_is_refused() {
    let s = start().await;
    let f = device_fixture(&s, false, false).await;
    confirmed_user(&s, &f, "wendy").await;
    let (key, group, _password, _) = sign_in_and_confirm(&f, "wendy").await;
    let cl = SrpClient::new();
    let p = srp_initiate(&f.c, &f.client, "wendy", &cl.a_hex(), Some(&key)).await;
    let r = answer_verifier(&f.c, &f.pool, &f.client, &p, &cl, PASSWORD, Some(&key))
        .await
        .unwrap();
    let dcl = SrpClient::new();
    let d =
        f.c.respond_to_auth_challenge()
            .client_id(&f.client)
            .challenge_name(ChallengeNameType::DeviceSrpAuth)
            .session(r.session.unwrap())
            .challenge_responses("USERNAME", &p["USER_ID_FOR_SRP"])
            .challenge_responses("DEVICE_KEY", &key)
            .challenge_responses("SRP_A", dcl.a_hex())
            .send()
            .await
            .unwrap();
    let dp = d.challenge_parameters.unwrap();
    let ts = now_timestamp();
    let sig = dcl
        .signature(
            &group,
            &key,
            "not-the-device-password",
            &dp["SALT"],
            &dp["SRP_B"],
            &dp["SECRET_BLOCK"],
            &ts,
        )
        .unwrap();
    let e =
        f.c.respond_to_auth_challenge()
            .client_id(&f.client)
            .challenge_name(ChallengeNameType::DevicePasswordVerifier)
            .challenge_responses("USERNAME", &p["USER_ID_FOR_SRP"])
            .challenge_responses("DEVICE_KEY", &key)
            .challenge_responses("PASSWORD_CLAIM_SECRET_BLOCK", &dp["SECRET_BLOCK"])
            .challenge_responses("TIMESTAMP", ts)
            .challenge_responses("PASSWORD_CLAIM_SIGNATURE", sig)
            .send()
            .await
            .unwrap_err()
            .into_service_error();
    assert!(e.is_not_authorized_exception());
}

#[tokio::test]
async fn confirm_device_on_user_prompt_needs_confirmation() {
    let s = start().await;
    let f = device_fixture(&s, false, true).await;
    confirmed_user(&s, &f, "pru").await;
    let a = srp_sign_in(&f, "pru", PASSWORD, None)
        .await
        .unwrap()
        .authentication_result
        .unwrap();
    let meta = a.new_device_metadata.unwrap();
    let key = meta.device_key.unwrap();
    let (_, verifier, salt) = device_secret(meta.device_group_key.as_deref().unwrap(), &key);
    let access = a.access_token.unwrap();
    let c =
        f.c.confirm_device()
            .access_token(&access)
            .device_key(&key)
            .device_secret_verifier_config(
                DeviceSecretVerifierConfigType::builder()
                    .password_verifier(verifier)
                    .salt(salt)
                    .build(),
            )
            .send()
            .await
            .unwrap();
    assert!(c.user_confirmation_necessary);
    let d =
        f.c.get_device()
            .access_token(&access)
            .device_key(&key)
            .send()
            .await
            .unwrap()
            .device
            .unwrap();
    assert_eq!(
        attribute(&d, "dev:device_remembered_status"),
        "not_remembered"
    );
    let e =
        f.c.confirm_device()
            .access_token(&access)
            .device_key(format!(
                "{}_00000000-0000-0000-0000-000000000000",
                "us-east-1"
            ))
            .device_secret_verifier_config(
                DeviceSecretVerifierConfigType::builder()
                    .password_verifier("AQ==")
                    .salt("AQ==")
                    .build(),
            )
            .send()
            .await
            .unwrap_err()
            .into_service_error();
    assert!(e.is_resource_not_found_exception());
}

#[tokio::test]
async fn device_srp_sign_in_works_with_the_aws_cognito_srp_crate() {
    let s = start().await;
    let f = device_fixture(&s, true, false).await;
    confirmed_user(&s, &f, "rae").await;
    let a = srp_sign_in(&f, "rae", PASSWORD, None)
        .await
        .unwrap()
        .authentication_result
        .unwrap();
    let meta = a.new_device_metadata.unwrap();
    let key = meta.device_key.unwrap();
    let group = meta.device_group_key.unwrap();
    let untracked = aws_cognito_srp::SrpClient::new(
        aws_cognito_srp::UntrackedDevice::new(&f.pool, &group, &key),
        &f.client,
        None,
    );
    let pv = untracked.get_password_verifier();
    f.c.confirm_device()
        .access_token(a.access_token.unwrap())
        .device_key(&key)
        .device_secret_verifier_config(
            DeviceSecretVerifierConfigType::builder()
                .password_verifier(pv.verifier)
                .salt(pv.salt)
                .build(),
        )
        .send()
        .await
        .unwrap();
    let tracked = aws_cognito_srp::SrpClient::new(
        aws_cognito_srp::TrackedDevice::new(&f.pool, &group, &key, &pv.password),
        &f.client,
        None,
    );
    let cl = SrpClient::new();
    let p = srp_initiate(&f.c, &f.client, "rae", &cl.a_hex(), Some(&key)).await;
    let r = answer_verifier(&f.c, &f.pool, &f.client, &p, &cl, PASSWORD, Some(&key))
        .await
        .unwrap();
    let params = tracked.get_auth_parameters();
    let d =
        f.c.respond_to_auth_challenge()
            .client_id(&f.client)
            .challenge_name(ChallengeNameType::DeviceSrpAuth)
            .session(r.session.unwrap())
            .challenge_responses("USERNAME", &p["USER_ID_FOR_SRP"])
            .challenge_responses("DEVICE_KEY", &params.device_key)
            .challenge_responses("SRP_A", &params.a)
            .send()
            .await
            .unwrap();
    let dp = d.challenge_parameters.unwrap();
    let v = tracked
        .verify(&dp["SECRET_BLOCK"], &dp["SALT"], &dp["SRP_B"])
        .unwrap();
    let t =
        f.c.respond_to_auth_challenge()
            .client_id(&f.client)
            .challenge_name(ChallengeNameType::DevicePasswordVerifier)
            .challenge_responses("USERNAME", &p["USER_ID_FOR_SRP"])
            .challenge_responses("DEVICE_KEY", &key)
            .challenge_responses("PASSWORD_CLAIM_SECRET_BLOCK", v.password_claim_secret_block)
            .challenge_responses("TIMESTAMP", v.timestamp)
            .challenge_responses("PASSWORD_CLAIM_SIGNATURE", v.password_claim_signature)
            .send()
            .await
            .unwrap();
    let access = t.authentication_result.unwrap().access_token.unwrap();
    assert_eq!(claims(&access)["device_key"], key.as_str());
}
