//! DTOs of the identity operations: GetId, credentials, OpenID tokens, identities, developer identities.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::model::timestamp::Timestamp;

/// `GetIdInput`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetIdInput {
    pub identity_pool_id: String,
    pub account_id: Option<String>,
    pub logins: Option<BTreeMap<String, String>>,
}

/// `GetIdResponse`, and every output that is only an `IdentityId`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct IdentityIdResponse {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub identity_id: Option<String>,
}

/// `GetCredentialsForIdentityInput`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetCredentialsForIdentityInput {
    pub identity_id: String,
    pub logins: Option<BTreeMap<String, String>>,
    pub custom_role_arn: Option<String>,
}

/// `Credentials`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Credentials {
    pub access_key_id: String,
    pub secret_key: String,
    pub session_token: String,
    pub expiration: Timestamp,
}

/// `GetCredentialsForIdentityResponse`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetCredentialsForIdentityResponse {
    pub identity_id: String,
    pub credentials: Credentials,
}

/// `GetOpenIdTokenInput`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetOpenIdTokenInput {
    pub identity_id: String,
    pub logins: Option<BTreeMap<String, String>>,
}

/// `GetOpenIdTokenResponse` / `GetOpenIdTokenForDeveloperIdentityResponse`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct OpenIdTokenResponse {
    pub identity_id: String,
    pub token: String,
}

/// `GetOpenIdTokenForDeveloperIdentityInput`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetOpenIdTokenForDeveloperIdentityInput {
    pub identity_pool_id: String,
    pub identity_id: Option<String>,
    pub logins: BTreeMap<String, String>,
    pub principal_tags: Option<BTreeMap<String, String>>,
    pub token_duration: Option<i64>,
}

/// `DescribeIdentityInput`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeIdentityInput {
    pub identity_id: String,
}

/// `IdentityDescription`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct IdentityDescription {
    pub identity_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub logins: Option<Vec<String>>,
    pub creation_date: Timestamp,
    pub last_modified_date: Timestamp,
}

/// `ListIdentitiesInput`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListIdentitiesInput {
    pub identity_pool_id: String,
    pub max_results: i64,
    pub next_token: Option<String>,
    pub hide_disabled: Option<bool>,
}

/// `ListIdentitiesResponse`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListIdentitiesResponse {
    pub identity_pool_id: String,
    pub identities: Vec<IdentityDescription>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

/// `DeleteIdentitiesInput`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeleteIdentitiesInput {
    pub identity_ids_to_delete: Vec<String>,
}

/// `UnprocessedIdentityId`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct UnprocessedIdentityId {
    pub identity_id: String,
    pub error_code: String,
}

/// `DeleteIdentitiesResponse`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeleteIdentitiesResponse {
    pub unprocessed_identity_ids: Vec<UnprocessedIdentityId>,
}

/// `LookupDeveloperIdentityInput`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct LookupDeveloperIdentityInput {
    pub identity_pool_id: String,
    pub identity_id: Option<String>,
    pub developer_user_identifier: Option<String>,
    pub max_results: Option<i64>,
    pub next_token: Option<String>,
}

/// `LookupDeveloperIdentityResponse`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct LookupDeveloperIdentityResponse {
    pub identity_id: String,
    pub developer_user_identifier_list: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

/// `MergeDeveloperIdentitiesInput`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct MergeDeveloperIdentitiesInput {
    pub identity_pool_id: String,
    pub developer_provider_name: String,
    pub source_user_identifier: String,
    pub destination_user_identifier: String,
}

/// `UnlinkDeveloperIdentityInput`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct UnlinkDeveloperIdentityInput {
    pub identity_id: String,
    pub identity_pool_id: String,
    pub developer_provider_name: String,
    pub developer_user_identifier: String,
}

/// `UnlinkIdentityInput`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct UnlinkIdentityInput {
    pub identity_id: String,
    pub logins: BTreeMap<String, String>,
    pub logins_to_remove: Vec<String>,
}
