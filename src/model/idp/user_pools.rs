//! DTOs of the user-pool operations (`CreateUserPool`, `DescribeUserPool`, …), with AWS's shape names.
//! Echo-only configuration (Lambda, SMS, email, add-ons, …) stays as JSON documents: the model has already
//! validated it, and it is stored and returned as given.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::sync::Arc;

use crate::model::timestamp::Timestamp;

/// `PasswordPolicyType`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "PascalCase")]
pub struct PasswordPolicyType {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub minimum_length: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub require_uppercase: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub require_lowercase: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub require_numbers: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub require_symbols: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub password_history_size: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub temporary_password_validity_days: Option<i64>,
}

/// `UserPoolPolicyType`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "PascalCase")]
pub struct UserPoolPolicyType {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub password_policy: Option<PasswordPolicyType>,
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "crate::domain::user_pool::serialize_document"
    )]
    pub sign_in_policy: Option<Arc<Value>>,
}

/// `SchemaAttributeType`.
/// `Eq`, so that comparing two `Arc`s of the same schema is a pointer comparison (see `ConfigInterner`).
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "PascalCase")]
pub struct SchemaAttributeType {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attribute_data_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub developer_only_attribute: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mutable: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub required: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub number_attribute_constraints: Option<NumberAttributeConstraintsType>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub string_attribute_constraints: Option<StringAttributeConstraintsType>,
}

/// `NumberAttributeConstraintsType` (strings on the wire).
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "PascalCase")]
pub struct NumberAttributeConstraintsType {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_value: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_value: Option<String>,
}

/// `StringAttributeConstraintsType` (strings on the wire).
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "PascalCase")]
pub struct StringAttributeConstraintsType {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_length: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_length: Option<String>,
}

/// The configurable part of a user pool: what `CreateUserPool` takes and `DescribeUserPool` echoes, with
/// AWS's defaults filled in at creation. Identity, dates, counts and domains are added by `UserPoolType`.
/// Its JSON documents are `Arc`s. A pool that keeps a default shares one copy of it (see
/// `apply_config_defaults`) instead of building and keeping a small JSON object each, and an absent one
/// costs 8 bytes in the pool rather than the 80 of an inline `Value`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "PascalCase")]
pub struct UserPoolConfig {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub policies: Option<UserPoolPolicyType>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deletion_protection: Option<String>,
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "crate::domain::user_pool::serialize_document"
    )]
    pub lambda_config: Option<Arc<Value>>,
    /// Shared: most pools have exactly the standard schema, which is then one allocation for all of them,
    /// serialized once.
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "crate::domain::user_pool::serialize_schema"
    )]
    pub schema_attributes: Option<std::sync::Arc<[SchemaAttributeType]>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub auto_verified_attributes: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alias_attributes: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub username_attributes: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sms_verification_message: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email_verification_message: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email_verification_subject: Option<String>,
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "crate::domain::user_pool::serialize_document"
    )]
    pub verification_message_template: Option<Arc<Value>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sms_authentication_message: Option<String>,
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "crate::domain::user_pool::serialize_document"
    )]
    pub user_attribute_update_settings: Option<Arc<Value>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mfa_configuration: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub device_configuration: Option<Arc<Value>>,
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "crate::domain::user_pool::serialize_document"
    )]
    pub email_configuration: Option<Arc<Value>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sms_configuration: Option<Arc<Value>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_pool_tags: Option<std::collections::BTreeMap<String, String>>,
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "crate::domain::user_pool::serialize_document"
    )]
    pub admin_create_user_config: Option<Arc<Value>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_pool_add_ons: Option<Arc<Value>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub username_configuration: Option<Arc<Value>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account_recovery_setting: Option<Arc<Value>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_pool_tier: Option<String>,
}

/// `CreateUserPoolRequest`: the pool name plus the configuration (`Schema` is the input name of
/// `SchemaAttributes`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateUserPoolRequest {
    pub pool_name: String,
    pub schema: Option<Vec<SchemaAttributeType>>,
    #[serde(flatten)]
    pub config: UserPoolConfig,
}

/// `UserPoolType`, as `DescribeUserPool` and `CreateUserPool` return it, without the configuration: the
/// pool's own members, to which `UserPool::description_json` adds the configuration's JSON.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct UserPoolType<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub arn: &'a str,
    pub creation_date: Timestamp,
    pub last_modified_date: Timestamp,
    pub estimated_number_of_users: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub domain: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub custom_domain: Option<&'a str>,
}

/// `DescribeUserPoolRequest`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeUserPoolRequest {
    pub user_pool_id: String,
}

/// `DescribeUserPoolResponse`, and `CreateUserPoolResponse`, which has the same one member.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeUserPoolResponse<'a> {
    pub user_pool: UserPoolType<'a>,
}

/// `UpdateUserPoolRequest`: replaces the configuration; members not given go back to their defaults, as
/// AWS documents ("If you don't provide a value for an attribute, it will be set to the default value").
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct UpdateUserPoolRequest {
    pub user_pool_id: String,
    pub pool_name: Option<String>,
    #[serde(flatten)]
    pub config: UserPoolConfig,
}

/// `DeleteUserPoolRequest`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeleteUserPoolRequest {
    pub user_pool_id: String,
}

/// `ListUserPoolsRequest`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListUserPoolsRequest {
    pub max_results: i64,
    pub next_token: Option<String>,
}

/// `UserPoolDescriptionType`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct UserPoolDescriptionType {
    pub id: String,
    pub name: String,
    /// The pool's own document, shared rather than copied per listed pool.
    pub lambda_config: Arc<Value>,
    pub creation_date: Timestamp,
    pub last_modified_date: Timestamp,
}

/// `ListUserPoolsResponse`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListUserPoolsResponse {
    pub user_pools: Vec<UserPoolDescriptionType>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

/// `AddCustomAttributesRequest`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AddCustomAttributesRequest {
    pub user_pool_id: String,
    pub custom_attributes: Vec<SchemaAttributeType>,
}

/// A request naming only the pool (`GetUserPoolMfaConfig`, `GetLogDeliveryConfiguration`).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct UserPoolIdRequest {
    pub user_pool_id: String,
}

/// `SmsMfaConfigType`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct SmsMfaConfigType {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sms_authentication_message: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sms_configuration: Option<Value>,
}

/// `SoftwareTokenMfaConfigType`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct SoftwareTokenMfaConfigType {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
}

/// `SetUserPoolMfaConfigRequest`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct SetUserPoolMfaConfigRequest {
    pub user_pool_id: String,
    pub sms_mfa_configuration: Option<SmsMfaConfigType>,
    pub software_token_mfa_configuration: Option<SoftwareTokenMfaConfigType>,
    pub email_mfa_configuration: Option<Value>,
    pub mfa_configuration: Option<String>,
    pub web_authn_configuration: Option<Value>,
}

/// `GetUserPoolMfaConfigResponse` / `SetUserPoolMfaConfigResponse`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct UserPoolMfaConfigResponse {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sms_mfa_configuration: Option<SmsMfaConfigType>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub software_token_mfa_configuration: Option<SoftwareTokenMfaConfigType>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email_mfa_configuration: Option<Value>,
    pub mfa_configuration: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub web_authn_configuration: Option<Value>,
}

/// `SetUICustomizationRequest` (`ImageFile` is base64 on the wire).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct SetUICustomizationRequest {
    pub user_pool_id: String,
    pub client_id: Option<String>,
    #[serde(rename = "CSS")]
    pub css: Option<String>,
    pub image_file: Option<String>,
}

/// `GetUICustomizationRequest`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetUICustomizationRequest {
    pub user_pool_id: String,
    pub client_id: Option<String>,
}

/// `UICustomizationType`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct UICustomizationType {
    pub user_pool_id: String,
    pub client_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image_url: Option<String>,
    #[serde(rename = "CSS", skip_serializing_if = "Option::is_none")]
    pub css: Option<String>,
    #[serde(rename = "CSSVersion", skip_serializing_if = "Option::is_none")]
    pub css_version: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_modified_date: Option<Timestamp>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub creation_date: Option<Timestamp>,
}

/// `GetUICustomizationResponse` / `SetUICustomizationResponse`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct UICustomizationResponse {
    #[serde(rename = "UICustomization")]
    pub ui_customization: UICustomizationType,
}

/// `TagResourceRequest`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct TagResourceRequest {
    pub resource_arn: String,
    pub tags: std::collections::BTreeMap<String, String>,
}

/// `UntagResourceRequest`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct UntagResourceRequest {
    pub resource_arn: String,
    pub tag_keys: Vec<String>,
}

/// `ListTagsForResourceRequest`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListTagsForResourceRequest {
    pub resource_arn: String,
}

/// `ListTagsForResourceResponse`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListTagsForResourceResponse {
    pub tags: std::collections::BTreeMap<String, String>,
}

/// `SetRiskConfigurationRequest`: the three configurations stay JSON (store and echo).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct SetRiskConfigurationRequest {
    pub user_pool_id: String,
    pub client_id: Option<String>,
    pub compromised_credentials_risk_configuration: Option<Value>,
    pub account_takeover_risk_configuration: Option<Value>,
    pub risk_exception_configuration: Option<Value>,
}

/// `DescribeRiskConfigurationRequest`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeRiskConfigurationRequest {
    pub user_pool_id: String,
    pub client_id: Option<String>,
}

/// `RiskConfigurationType`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct RiskConfigurationType {
    pub user_pool_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_id: Option<String>,
    #[serde(flatten)]
    pub document: serde_json::Map<String, Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_modified_date: Option<Timestamp>,
}

/// `DescribeRiskConfigurationResponse` / `SetRiskConfigurationResponse`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct RiskConfigurationResponse {
    pub risk_configuration: RiskConfigurationType,
}

/// `SetLogDeliveryConfigurationRequest`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct SetLogDeliveryConfigurationRequest {
    pub user_pool_id: String,
    pub log_configurations: Value,
}

/// `LogDeliveryConfigurationType`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct LogDeliveryConfigurationType {
    pub user_pool_id: String,
    pub log_configurations: Value,
}

/// `GetLogDeliveryConfigurationResponse` / `SetLogDeliveryConfigurationResponse`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct LogDeliveryConfigurationResponse {
    pub log_delivery_configuration: LogDeliveryConfigurationType,
}
