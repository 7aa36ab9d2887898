//! DTOs of the admin user operations (`AdminCreateUser`, `AdminGetUser`, `ListUsers`, …).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::model::timestamp::Timestamp;

/// `AttributeType`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "PascalCase")]
pub struct AttributeType {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
}

/// `UserType`, borrowed from the stored user: answers are written while the pool is locked, so a
/// listed user costs one small vector instead of a copy of every attribute.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct UserType<'a> {
    pub username: &'a str,
    pub attributes: Vec<AttributeRef<'a>>,
    pub user_create_date: Timestamp,
    pub user_last_modified_date: Timestamp,
    pub enabled: bool,
    pub user_status: &'static str,
}

/// `AttributeType` as an answer writes it, borrowed.
#[derive(Debug, Clone, Copy, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AttributeRef<'a> {
    pub name: &'a str,
    pub value: &'a str,
}

/// `AdminCreateUserRequest`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AdminCreateUserRequest {
    pub user_pool_id: String,
    pub username: String,
    pub user_attributes: Option<Vec<AttributeType>>,
    pub validation_data: Option<Vec<AttributeType>>,
    pub temporary_password: Option<String>,
    pub force_alias_creation: Option<bool>,
    pub message_action: Option<String>,
    pub desired_delivery_mediums: Option<Vec<String>>,
    pub client_metadata: Option<BTreeMap<String, String>>,
}

/// `AdminCreateUserResponse`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AdminCreateUserResponse<'a> {
    pub user: UserType<'a>,
}

/// The input of the operations that name one user (`AdminGetUser`, `AdminDeleteUser`,
/// `AdminDisableUser`, `AdminEnableUser`, `AdminResetUserPassword`, `AdminConfirmSignUp`).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AdminUserRequest {
    pub user_pool_id: String,
    pub username: String,
    pub client_metadata: Option<BTreeMap<String, String>>,
}

/// `AdminGetUserResponse`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AdminGetUserResponse {
    pub username: String,
    pub user_attributes: Vec<AttributeType>,
    pub user_create_date: Timestamp,
    pub user_last_modified_date: Timestamp,
    pub enabled: bool,
    pub user_status: String,
    #[serde(rename = "MFAOptions", skip_serializing_if = "Option::is_none")]
    pub mfa_options: Option<Vec<crate::model::idp::mfa::MfaOptionType>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub preferred_mfa_setting: Option<String>,
    #[serde(rename = "UserMFASettingList", skip_serializing_if = "Option::is_none")]
    pub user_mfa_setting_list: Option<Vec<String>>,
}

/// `AdminUpdateUserAttributesRequest`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AdminUpdateUserAttributesRequest {
    pub user_pool_id: String,
    pub username: String,
    pub user_attributes: Vec<AttributeType>,
    pub client_metadata: Option<BTreeMap<String, String>>,
}

/// `AdminDeleteUserAttributesRequest`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AdminDeleteUserAttributesRequest {
    pub user_pool_id: String,
    pub username: String,
    pub user_attribute_names: Vec<String>,
}

/// `AdminSetUserPasswordRequest`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AdminSetUserPasswordRequest {
    pub user_pool_id: String,
    pub username: String,
    pub password: String,
    pub permanent: Option<bool>,
}

/// `ListUsersRequest`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListUsersRequest {
    pub user_pool_id: String,
    pub attributes_to_get: Option<Vec<String>>,
    pub limit: Option<i64>,
    pub pagination_token: Option<String>,
    pub filter: Option<String>,
}

/// `ListUsersResponse`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListUsersResponse<'a> {
    pub users: Vec<UserType<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pagination_token: Option<String>,
}
