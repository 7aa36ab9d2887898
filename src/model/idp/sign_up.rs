//! DTOs of sign-up, confirmation and password recovery.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// `AttributeType`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "PascalCase")]
pub struct AttributeType {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
}

/// `CodeDeliveryDetailsType`.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct CodeDeliveryDetailsType {
    pub destination: String,
    pub delivery_medium: String,
    pub attribute_name: String,
}

impl From<crate::domain::codes::Delivery> for CodeDeliveryDetailsType {
    fn from(d: crate::domain::codes::Delivery) -> Self {
        CodeDeliveryDetailsType {
            destination: d.destination,
            delivery_medium: d.medium.to_owned(),
            attribute_name: d.attribute,
        }
    }
}

/// `SignUpRequest`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct SignUpRequest {
    pub client_id: String,
    #[serde(default)]
    pub secret_hash: Option<String>,
    pub username: String,
    #[serde(default)]
    pub password: Option<String>,
    #[serde(default)]
    pub user_attributes: Option<Vec<AttributeType>>,
    #[serde(default)]
    pub validation_data: Option<Vec<AttributeType>>,
    #[serde(default)]
    pub client_metadata: Option<HashMap<String, String>>,
    #[serde(default)]
    pub analytics_metadata: Option<Value>,
    #[serde(default)]
    pub user_context_data: Option<Value>,
}

/// `SignUpResponse`.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct SignUpResponse {
    pub user_confirmed: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code_delivery_details: Option<CodeDeliveryDetailsType>,
    pub user_sub: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session: Option<String>,
}

/// `ConfirmSignUpRequest`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ConfirmSignUpRequest {
    pub client_id: String,
    #[serde(default)]
    pub secret_hash: Option<String>,
    pub username: String,
    pub confirmation_code: String,
    #[serde(default)]
    pub force_alias_creation: Option<bool>,
    #[serde(default)]
    pub session: Option<String>,
    #[serde(default)]
    pub client_metadata: Option<HashMap<String, String>>,
    #[serde(default)]
    pub analytics_metadata: Option<Value>,
    #[serde(default)]
    pub user_context_data: Option<Value>,
}

/// `ConfirmSignUpResponse`.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ConfirmSignUpResponse {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session: Option<String>,
}

/// `ResendConfirmationCodeRequest`, `ForgotPasswordRequest` (same members).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ResendConfirmationCodeRequest {
    pub client_id: String,
    #[serde(default)]
    pub secret_hash: Option<String>,
    pub username: String,
    #[serde(default)]
    pub client_metadata: Option<HashMap<String, String>>,
    #[serde(default)]
    pub analytics_metadata: Option<Value>,
    #[serde(default)]
    pub user_context_data: Option<Value>,
}

/// `ForgotPasswordRequest`.
pub type ForgotPasswordRequest = ResendConfirmationCodeRequest;

/// `ResendConfirmationCodeResponse`, `ForgotPasswordResponse`.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct CodeDeliveryResponse {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code_delivery_details: Option<CodeDeliveryDetailsType>,
}

/// `ConfirmForgotPasswordRequest`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ConfirmForgotPasswordRequest {
    pub client_id: String,
    #[serde(default)]
    pub secret_hash: Option<String>,
    pub username: String,
    pub confirmation_code: String,
    pub password: String,
    #[serde(default)]
    pub client_metadata: Option<HashMap<String, String>>,
    #[serde(default)]
    pub analytics_metadata: Option<Value>,
    #[serde(default)]
    pub user_context_data: Option<Value>,
}

/// `ChangePasswordRequest`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ChangePasswordRequest {
    pub access_token: String,
    #[serde(default)]
    pub previous_password: Option<String>,
    pub proposed_password: String,
}
