//! DTOs of the operations a signed-in user calls with an access token.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::model::idp::sign_up::{AttributeType, CodeDeliveryDetailsType};

/// A request that carries only `AccessToken` (`GetUser`, `DeleteUser`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AccessTokenRequest {
    pub access_token: String,
}

/// `GetUserResponse`.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetUserResponse {
    pub username: String,
    pub user_attributes: Vec<AttributeType>,
    #[serde(rename = "MFAOptions", skip_serializing_if = "Option::is_none")]
    pub mfa_options: Option<Vec<crate::model::idp::mfa::MfaOptionType>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub preferred_mfa_setting: Option<String>,
    #[serde(rename = "UserMFASettingList", skip_serializing_if = "Option::is_none")]
    pub user_mfa_setting_list: Option<Vec<String>>,
}

/// `UpdateUserAttributesRequest`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct UpdateUserAttributesRequest {
    pub access_token: String,
    pub user_attributes: Vec<AttributeType>,
    #[serde(default)]
    pub client_metadata: Option<HashMap<String, String>>,
}

/// `UpdateUserAttributesResponse`.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct UpdateUserAttributesResponse {
    pub code_delivery_details_list: Vec<CodeDeliveryDetailsType>,
}

/// `DeleteUserAttributesRequest`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeleteUserAttributesRequest {
    pub access_token: String,
    pub user_attribute_names: Vec<String>,
}

/// `GetUserAttributeVerificationCodeRequest`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetUserAttributeVerificationCodeRequest {
    pub access_token: String,
    pub attribute_name: String,
    #[serde(default)]
    pub client_metadata: Option<HashMap<String, String>>,
}

/// `GetUserAttributeVerificationCodeResponse`.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetUserAttributeVerificationCodeResponse {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code_delivery_details: Option<CodeDeliveryDetailsType>,
}

/// `VerifyUserAttributeRequest`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct VerifyUserAttributeRequest {
    pub access_token: String,
    pub attribute_name: String,
    pub code: String,
}
