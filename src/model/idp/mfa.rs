//! DTOs of the MFA operations: software tokens, MFA preferences, legacy MFA options.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// `AssociateSoftwareTokenRequest`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AssociateSoftwareTokenRequest {
    #[serde(default)]
    pub access_token: Option<String>,
    #[serde(default)]
    pub session: Option<String>,
}

/// `AssociateSoftwareTokenResponse`.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AssociateSoftwareTokenResponse {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub secret_code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session: Option<String>,
}

/// `VerifySoftwareTokenRequest`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct VerifySoftwareTokenRequest {
    #[serde(default)]
    pub access_token: Option<String>,
    #[serde(default)]
    pub session: Option<String>,
    pub user_code: String,
    #[serde(default)]
    pub friendly_device_name: Option<String>,
}

/// `VerifySoftwareTokenResponse`.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct VerifySoftwareTokenResponse {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session: Option<String>,
}

/// `SMSMfaSettingsType`, `SoftwareTokenMfaSettingsType` and `EmailMfaSettingsType` (same members).
#[derive(Debug, Clone, Copy, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct MfaSettingsType {
    #[serde(default)]
    pub enabled: Option<bool>,
    #[serde(default)]
    pub preferred_mfa: Option<bool>,
}

/// `SetUserMFAPreferenceRequest` and `AdminSetUserMFAPreferenceRequest` (which adds the pool and user).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct SetUserMfaPreferenceRequest {
    #[serde(default)]
    pub access_token: Option<String>,
    #[serde(default)]
    pub user_pool_id: Option<String>,
    #[serde(default)]
    pub username: Option<String>,
    #[serde(default, rename = "SMSMfaSettings")]
    pub sms_mfa_settings: Option<MfaSettingsType>,
    #[serde(default)]
    pub software_token_mfa_settings: Option<MfaSettingsType>,
    #[serde(default)]
    pub email_mfa_settings: Option<MfaSettingsType>,
    #[serde(default)]
    pub web_authn_mfa_settings: Option<Value>,
}

/// `MFAOptionType`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "PascalCase")]
pub struct MfaOptionType {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delivery_medium: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attribute_name: Option<String>,
}

/// `SetUserSettingsRequest` and `AdminSetUserSettingsRequest` (which adds the pool and user).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct SetUserSettingsRequest {
    #[serde(default)]
    pub access_token: Option<String>,
    #[serde(default)]
    pub user_pool_id: Option<String>,
    #[serde(default)]
    pub username: Option<String>,
    #[serde(rename = "MFAOptions")]
    pub mfa_options: Vec<MfaOptionType>,
}
