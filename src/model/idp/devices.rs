//! DTOs of the device operations and `GetUserAuthFactors`.

use serde::{Deserialize, Serialize};

use crate::model::idp::sign_up::AttributeType;
use crate::model::timestamp::Timestamp;

/// `DeviceSecretVerifierConfigType`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeviceSecretVerifierConfigType {
    #[serde(default)]
    pub password_verifier: Option<String>,
    #[serde(default)]
    pub salt: Option<String>,
}

/// `ConfirmDeviceRequest`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ConfirmDeviceRequest {
    pub access_token: String,
    pub device_key: String,
    #[serde(default)]
    pub device_secret_verifier_config: Option<DeviceSecretVerifierConfigType>,
    #[serde(default)]
    pub device_name: Option<String>,
}

/// `ConfirmDeviceResponse`.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ConfirmDeviceResponse {
    pub user_confirmation_necessary: bool,
}

/// `DeviceType`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeviceType {
    pub device_key: String,
    pub device_attributes: Vec<AttributeType>,
    pub device_create_date: Timestamp,
    pub device_last_modified_date: Timestamp,
    pub device_last_authenticated_date: Timestamp,
}

/// `GetDeviceRequest` and `ForgetDeviceRequest` (`AccessToken` is optional in the model).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeviceKeyRequest {
    #[serde(default)]
    pub access_token: Option<String>,
    pub device_key: String,
}

/// `GetDeviceResponse` / `AdminGetDeviceResponse`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetDeviceResponse {
    pub device: DeviceType,
}

/// `ListDevicesRequest`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListDevicesRequest {
    pub access_token: String,
    #[serde(default)]
    pub limit: Option<i64>,
    #[serde(default)]
    pub pagination_token: Option<String>,
}

/// `ListDevicesResponse` / `AdminListDevicesResponse`.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListDevicesResponse {
    pub devices: Vec<DeviceType>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pagination_token: Option<String>,
}

/// `UpdateDeviceStatusRequest`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct UpdateDeviceStatusRequest {
    pub access_token: String,
    pub device_key: String,
    #[serde(default)]
    pub device_remembered_status: Option<String>,
}

/// `AdminGetDeviceRequest` / `AdminForgetDeviceRequest`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AdminDeviceRequest {
    pub user_pool_id: String,
    pub username: String,
    pub device_key: String,
}

/// `AdminListDevicesRequest`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AdminListDevicesRequest {
    pub user_pool_id: String,
    pub username: String,
    #[serde(default)]
    pub limit: Option<i64>,
    #[serde(default)]
    pub pagination_token: Option<String>,
}

/// `AdminUpdateDeviceStatusRequest`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AdminUpdateDeviceStatusRequest {
    pub user_pool_id: String,
    pub username: String,
    pub device_key: String,
    #[serde(default)]
    pub device_remembered_status: Option<String>,
}

/// `GetUserAuthFactorsResponse`.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetUserAuthFactorsResponse {
    pub username: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub preferred_mfa_setting: Option<String>,
    #[serde(rename = "UserMFASettingList", skip_serializing_if = "Option::is_none")]
    pub user_mfa_setting_list: Option<Vec<String>>,
    pub configured_user_auth_factors: Vec<String>,
}
