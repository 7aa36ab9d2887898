//! Remembered devices: `ConfirmDevice`, `GetDevice`, `ListDevices`, `ForgetDevice`, `UpdateDeviceStatus`
//! and their `Admin*` forms, plus the device part of issuing tokens ([`device_for_tokens`]).
//!
//! Devices are created by SRP sign-ins in pools with a `DeviceConfiguration` (`NewDeviceMetadata`), and
//! become listed once `ConfirmDevice` gave them an SRP verifier. State lives in
//! [`DeviceStore`](crate::domain::devices::DeviceStore) on the pool.

use crate::app::Ctx;
use crate::domain::auth_flow::find_login;
use crate::domain::devices::{self, Device, SignInDevice};
use crate::domain::pagination;
use crate::domain::srp;
use crate::domain::tokens;
use crate::domain::user_pool::UserPool;
use crate::error::{CognitoError, Result};
use crate::model::idp::auth::NewDeviceMetadataType;
use crate::model::idp::devices::*;
use crate::model::idp::sign_up::AttributeType;
use crate::model::timestamp::Timestamp;
use crate::ops::Empty;

fn no_device() -> CognitoError {
    CognitoError::resource_not_found("Device does not exist.")
}

/// The device part of a sign-in's tokens, taken from the mark its SRP step left: a device that signed in
/// with device SRP gives its key; an SRP sign-in in a pool that tracks devices gets a new device and
/// `NewDeviceMetadata`; anything else has no device. Returns the `device_key` claim and the metadata.
pub fn device_for_tokens(
    pool: &mut UserPool,
    username: &str,
    client_id: &str,
    now: i64,
) -> (Option<String>, Option<NewDeviceMetadataType>) {
    match pool.devices.take_sign_in(username, client_id, now) {
        Some(SignInDevice::Known(key)) => (Some(key), None),
        Some(SignInDevice::New) if devices::tracking_enabled(pool) => {
            let region = pool.region.clone();
            let (key, group) = pool.devices.create(&region, username, now);
            (
                Some(key.clone()),
                Some(NewDeviceMetadataType {
                    device_key: key,
                    device_group_key: group,
                }),
            )
        }
        _ => (None, None),
    }
}

/// `DeviceType` as AWS lists it (attribute names from AWS's documented examples).
fn device_type(ctx: &Ctx, pool: &UserPool, username: &str, d: &Device) -> DeviceType {
    let attr = |name: &str, value: String| AttributeType {
        name: name.to_owned(),
        value: Some(value),
    };
    let owner = format!("{username}.{}", pool.id);
    let mut attrs = vec![attr("device_status", "valid".to_owned())];
    if let Some(n) = &d.name {
        attrs.push(attr("device_name", n.clone()));
    }
    attrs.push(attr(
        "dev:device_arn",
        format!(
            "arn:aws:cognito-idp:{}:{}:owner/{owner}/device/{}",
            pool.region,
            ctx.account(),
            d.key
        ),
    ));
    attrs.push(attr("dev:device_owner", owner));
    if let Some(ip) = &d.last_ip {
        attrs.push(attr("last_ip_used", ip.clone()));
    }
    attrs.push(attr("dev:device_remembered_status", d.status().to_owned()));
    DeviceType {
        device_key: d.key.clone(),
        device_attributes: attrs,
        device_create_date: Timestamp::from_millis(d.created_ms),
        device_last_modified_date: Timestamp::from_millis(d.modified_ms),
        device_last_authenticated_date: Timestamp::from_millis(d.last_authenticated_ms),
    }
}

/// A confirmed device of a user.
fn confirmed<'a>(pool: &'a UserPool, username: &str, key: &str) -> Result<&'a Device> {
    pool.devices
        .get(username, key)
        .filter(|d| d.confirmed())
        .ok_or_else(no_device)
}

fn list(
    ctx: &Ctx,
    pool: &UserPool,
    username: &str,
    limit: Option<i64>,
    token: Option<&str>,
) -> Result<ListDevicesResponse> {
    let after = token.map(pagination::decode).transpose()?;
    let limit = usize::try_from(limit.unwrap_or(60).clamp(1, 60)).unwrap_or(60);
    let all = pool.devices.list(username);
    let (keys, next) =
        pagination::page(all.iter().map(|d| d.key.as_str()), after.as_deref(), limit);
    let devices = all
        .iter()
        .filter(|d| keys.contains(&d.key.as_str()))
        .map(|d| device_type(ctx, pool, username, d))
        .collect();
    Ok(ListDevicesResponse {
        devices,
        pagination_token: next,
    })
}

fn set_status(
    pool: &mut UserPool,
    username: &str,
    key: &str,
    status: Option<&str>,
    now: i64,
) -> Result<Empty> {
    let remembered = match status {
        Some("remembered") => true,
        Some("not_remembered") | None => false,
        Some(other) => {
            return Err(CognitoError::invalid_parameter(format!(
                "Invalid device remembered status: {other}"
            )))
        }
    };
    let d = pool
        .devices
        .get_mut(username, key)
        .filter(|d| d.confirmed())
        .ok_or_else(no_device)?;
    d.remembered = remembered;
    d.modified_ms = now;
    Ok(Empty {})
}

/// The user an access token is for (GetDevice and ForgetDevice carry it optionally in the model).
fn token_user(ctx: &Ctx, token: Option<&str>) -> Result<tokens::AccessTokenClaims> {
    let token = token.ok_or_else(|| CognitoError::not_authorized("Invalid Access Token"))?;
    tokens::verify_access_token(&ctx.app, token)
}

/// [ConfirmDevice](https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_ConfirmDevice.html).
/// Stores the device's SRP verifier and salt (`DeviceSecretVerifierConfig`) and `DeviceName`. With
/// `DeviceOnlyRememberedOnUserPrompt` the device starts not remembered and `UserConfirmationNecessary` is
/// true; otherwise it is remembered at once. The device must be one the user's sign-in created
/// (`ResourceNotFoundException` otherwise); a malformed verifier is `InvalidParameterException`.
pub fn confirm_device(ctx: &Ctx, input: ConfirmDeviceRequest) -> Result<ConfirmDeviceResponse> {
    let claims = tokens::verify_access_token(&ctx.app, &input.access_token)?;
    let config = input.device_secret_verifier_config.unwrap_or_default();
    let (Some(pv), Some(salt)) = (config.password_verifier, config.salt) else {
        return Err(CognitoError::invalid_parameter(
            "DeviceSecretVerifierConfig with PasswordVerifier and Salt is required.",
        ));
    };
    let verifier = srp::device_verifier_from_config(&pv, &salt).map_err(|e| {
        CognitoError::invalid_parameter(format!("Invalid DeviceSecretVerifierConfig: {e}"))
    })?;
    let now = ctx.now_ms();
    ctx.app.store.write_pool(&claims.pool_id, |pool| {
        let prompt = devices::config_flag(pool, "DeviceOnlyRememberedOnUserPrompt");
        let d = pool
            .devices
            .get_mut(&claims.username, &input.device_key)
            .ok_or_else(no_device)?;
        d.verifier = Some(verifier);
        if input.device_name.is_some() {
            d.name = input.device_name.clone();
        }
        d.remembered = !prompt;
        d.modified_ms = now;
        Ok(ConfirmDeviceResponse {
            user_confirmation_necessary: prompt,
        })
    })
}

/// [GetDevice](https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_GetDevice.html).
/// A confirmed device of the token's user.
pub fn get_device(ctx: &Ctx, input: DeviceKeyRequest) -> Result<GetDeviceResponse> {
    let claims = token_user(ctx, input.access_token.as_deref())?;
    ctx.app.store.read_pool(&claims.pool_id, |pool| {
        let d = confirmed(pool, &claims.username, &input.device_key)?;
        Ok(GetDeviceResponse {
            device: device_type(ctx, pool, &claims.username, d),
        })
    })
}

/// [ListDevices](https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_ListDevices.html).
/// The user's confirmed devices by key, `Limit` (≤ 60) per page with an opaque `PaginationToken`.
pub fn list_devices(ctx: &Ctx, input: ListDevicesRequest) -> Result<ListDevicesResponse> {
    let claims = tokens::verify_access_token(&ctx.app, &input.access_token)?;
    ctx.app.store.read_pool(&claims.pool_id, |pool| {
        list(
            ctx,
            pool,
            &claims.username,
            input.limit,
            input.pagination_token.as_deref(),
        )
    })
}

/// [ForgetDevice](https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_ForgetDevice.html).
/// Removes the device: it no longer signs in with device SRP (`DEVICE_KEY` then answers
/// "Device does not exist.").
pub fn forget_device(ctx: &Ctx, input: DeviceKeyRequest) -> Result<Empty> {
    let claims = token_user(ctx, input.access_token.as_deref())?;
    ctx.app.store.write_pool(&claims.pool_id, |pool| {
        if pool.devices.forget(&claims.username, &input.device_key) {
            Ok(Empty {})
        } else {
            Err(no_device())
        }
    })
}

/// [UpdateDeviceStatus](https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_UpdateDeviceStatus.html).
/// `remembered` / `not_remembered` (absent means not remembered).
pub fn update_device_status(ctx: &Ctx, input: UpdateDeviceStatusRequest) -> Result<Empty> {
    let claims = tokens::verify_access_token(&ctx.app, &input.access_token)?;
    let now = ctx.now_ms();
    ctx.app.store.write_pool(&claims.pool_id, |pool| {
        set_status(
            pool,
            &claims.username,
            &input.device_key,
            input.device_remembered_status.as_deref(),
            now,
        )
    })
}

fn admin_username(pool: &UserPool, login: &str) -> Result<String> {
    find_login(pool, login)
        .map(|u| u.username.clone())
        .ok_or_else(CognitoError::user_not_found)
}

/// [AdminGetDevice](https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AdminGetDevice.html).
/// As `GetDevice` for a user named by username or alias.
pub fn admin_get_device(ctx: &Ctx, input: AdminDeviceRequest) -> Result<GetDeviceResponse> {
    ctx.app.store.read_pool(&input.user_pool_id, |pool| {
        let username = admin_username(pool, &input.username)?;
        let d = confirmed(pool, &username, &input.device_key)?;
        Ok(GetDeviceResponse {
            device: device_type(ctx, pool, &username, d),
        })
    })
}

/// [AdminListDevices](https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AdminListDevices.html).
/// As `ListDevices` for a user named by username or alias.
pub fn admin_list_devices(
    ctx: &Ctx,
    input: AdminListDevicesRequest,
) -> Result<ListDevicesResponse> {
    ctx.app.store.read_pool(&input.user_pool_id, |pool| {
        let username = admin_username(pool, &input.username)?;
        list(
            ctx,
            pool,
            &username,
            input.limit,
            input.pagination_token.as_deref(),
        )
    })
}

/// [AdminForgetDevice](https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AdminForgetDevice.html).
/// As `ForgetDevice` for a user named by username or alias.
pub fn admin_forget_device(ctx: &Ctx, input: AdminDeviceRequest) -> Result<Empty> {
    ctx.app.store.write_pool(&input.user_pool_id, |pool| {
        let username = admin_username(pool, &input.username)?;
        if pool.devices.forget(&username, &input.device_key) {
            Ok(Empty {})
        } else {
            Err(no_device())
        }
    })
}

/// [AdminUpdateDeviceStatus](https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AdminUpdateDeviceStatus.html).
/// As `UpdateDeviceStatus` for a user named by username or alias.
pub fn admin_update_device_status(
    ctx: &Ctx,
    input: AdminUpdateDeviceStatusRequest,
) -> Result<Empty> {
    let now = ctx.now_ms();
    ctx.app.store.write_pool(&input.user_pool_id, |pool| {
        let username = admin_username(pool, &input.username)?;
        set_status(
            pool,
            &username,
            &input.device_key,
            input.device_remembered_status.as_deref(),
            now,
        )
    })
}
