//! DTOs of the identity-provider operations.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::model::timestamp::Timestamp;

/// `IdentityProviderType`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct IdentityProviderType {
    pub user_pool_id: String,
    pub provider_name: String,
    pub provider_type: String,
    pub provider_details: BTreeMap<String, String>,
    pub attribute_mapping: BTreeMap<String, String>,
    pub idp_identifiers: Vec<String>,
    pub last_modified_date: Timestamp,
    pub creation_date: Timestamp,
}

/// `CreateIdentityProviderRequest`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateIdentityProviderRequest {
    pub user_pool_id: String,
    pub provider_name: String,
    pub provider_type: String,
    pub provider_details: BTreeMap<String, String>,
    pub attribute_mapping: Option<BTreeMap<String, String>>,
    pub idp_identifiers: Option<Vec<String>>,
}

/// `UpdateIdentityProviderRequest`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct UpdateIdentityProviderRequest {
    pub user_pool_id: String,
    pub provider_name: String,
    pub provider_details: Option<BTreeMap<String, String>>,
    pub attribute_mapping: Option<BTreeMap<String, String>>,
    pub idp_identifiers: Option<Vec<String>>,
}

/// `DescribeIdentityProviderRequest` / `DeleteIdentityProviderRequest`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct IdentityProviderNameRequest {
    pub user_pool_id: String,
    pub provider_name: String,
}

/// `GetIdentityProviderByIdentifierRequest`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetIdentityProviderByIdentifierRequest {
    pub user_pool_id: String,
    pub idp_identifier: String,
}

/// The response of create, describe, update and get-by-identifier.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct IdentityProviderResponse {
    pub identity_provider: IdentityProviderType,
}

/// `ListIdentityProvidersRequest`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListIdentityProvidersRequest {
    pub user_pool_id: String,
    pub max_results: Option<i64>,
    pub next_token: Option<String>,
}

/// `ProviderDescription`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ProviderDescription {
    pub provider_name: String,
    pub provider_type: String,
    pub last_modified_date: Timestamp,
    pub creation_date: Timestamp,
}

/// `ListIdentityProvidersResponse`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListIdentityProvidersResponse {
    pub providers: Vec<ProviderDescription>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

/// `ProviderUserIdentifierType`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ProviderUserIdentifierType {
    pub provider_name: Option<String>,
    pub provider_attribute_name: Option<String>,
    pub provider_attribute_value: Option<String>,
}

/// `AdminLinkProviderForUserRequest`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AdminLinkProviderForUserRequest {
    pub user_pool_id: String,
    pub destination_user: ProviderUserIdentifierType,
    pub source_user: ProviderUserIdentifierType,
}

/// `AdminDisableProviderForUserRequest`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AdminDisableProviderForUserRequest {
    pub user_pool_id: String,
    pub user: ProviderUserIdentifierType,
}
