//! DTOs of identity-pool roles, role mappings, principal tags and tags.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// `MappingRule`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "PascalCase")]
pub struct MappingRule {
    pub claim: String,
    pub match_type: String,
    pub value: String,
    #[serde(rename = "RoleARN")]
    pub role_arn: String,
}

/// `RulesConfigurationType`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "PascalCase")]
pub struct RulesConfigurationType {
    pub rules: Vec<MappingRule>,
}

/// `RoleMapping`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "PascalCase")]
pub struct RoleMapping {
    #[serde(rename = "Type")]
    pub mapping_type: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ambiguous_role_resolution: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rules_configuration: Option<RulesConfigurationType>,
}

/// `SetIdentityPoolRolesInput`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct SetIdentityPoolRolesInput {
    pub identity_pool_id: String,
    pub roles: BTreeMap<String, String>,
    pub role_mappings: Option<BTreeMap<String, RoleMapping>>,
}

/// `GetIdentityPoolRolesInput`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetIdentityPoolRolesInput {
    pub identity_pool_id: String,
}

/// `GetIdentityPoolRolesResponse`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetIdentityPoolRolesResponse {
    pub identity_pool_id: String,
    pub roles: BTreeMap<String, String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role_mappings: Option<BTreeMap<String, RoleMapping>>,
}

/// `GetPrincipalTagAttributeMapInput`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetPrincipalTagAttributeMapInput {
    pub identity_pool_id: String,
    pub identity_provider_name: String,
}

/// `SetPrincipalTagAttributeMapInput`, and both principal-tag responses.
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct PrincipalTagAttributeMap {
    pub identity_pool_id: String,
    pub identity_provider_name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub use_defaults: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub principal_tags: Option<BTreeMap<String, String>>,
}

/// `TagResourceInput`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct TagResourceInput {
    pub resource_arn: String,
    pub tags: BTreeMap<String, String>,
}

/// `UntagResourceInput`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct UntagResourceInput {
    pub resource_arn: String,
    pub tag_keys: Vec<String>,
}

/// `ListTagsForResourceInput`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListTagsForResourceInput {
    pub resource_arn: String,
}

/// `ListTagsForResourceResponse`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListTagsForResourceResponse {
    pub tags: BTreeMap<String, String>,
}
