//! DTOs of the user-pool domain operations.

use serde::{Deserialize, Serialize};

/// `CustomDomainConfigType`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "PascalCase")]
pub struct CustomDomainConfigType {
    pub certificate_arn: String,
}

/// `CreateUserPoolDomainRequest` / `UpdateUserPoolDomainRequest`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct UserPoolDomainRequest {
    pub user_pool_id: String,
    pub domain: String,
    pub custom_domain_config: Option<CustomDomainConfigType>,
    pub managed_login_version: Option<i64>,
}

/// `CreateUserPoolDomainResponse` / `UpdateUserPoolDomainResponse`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct UserPoolDomainResponse {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cloud_front_domain: Option<String>,
    pub managed_login_version: i64,
}

/// `DescribeUserPoolDomainRequest`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeUserPoolDomainRequest {
    pub domain: String,
}

/// `DomainDescriptionType`; every member is optional because AWS answers `{}` for an unknown domain.
#[derive(Debug, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DomainDescriptionType {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_pool_id: Option<String>,
    #[serde(rename = "AWSAccountId", skip_serializing_if = "Option::is_none")]
    pub aws_account_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub domain: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub s3_bucket: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cloud_front_distribution: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub custom_domain_config: Option<CustomDomainConfigType>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub managed_login_version: Option<i64>,
}

/// `DescribeUserPoolDomainResponse`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeUserPoolDomainResponse {
    pub domain_description: DomainDescriptionType,
}

/// `DeleteUserPoolDomainRequest`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeleteUserPoolDomainRequest {
    pub user_pool_id: String,
    pub domain: String,
}
