//! DTOs of the sign-in, token and sign-out operations.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// `AuthenticationResultType`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AuthenticationResultType {
    pub access_token: crate::domain::tokens::DeferredJwt,
    pub expires_in: i64,
    pub token_type: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<String>,
    pub id_token: crate::domain::tokens::DeferredJwt,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new_device_metadata: Option<NewDeviceMetadataType>,
}

/// `NewDeviceMetadataType`.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct NewDeviceMetadataType {
    pub device_key: String,
    pub device_group_key: String,
}

/// `InitiateAuthRequest` and `AdminInitiateAuthRequest` (which adds `UserPoolId` and `ContextData`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct InitiateAuthRequest {
    #[serde(default)]
    pub user_pool_id: Option<String>,
    pub client_id: String,
    pub auth_flow: String,
    #[serde(default)]
    pub auth_parameters: Option<HashMap<String, String>>,
    #[serde(default)]
    pub client_metadata: Option<HashMap<String, String>>,
    #[serde(default)]
    pub session: Option<String>,
    #[serde(default)]
    pub analytics_metadata: Option<Value>,
    #[serde(default)]
    pub user_context_data: Option<Value>,
    #[serde(default)]
    pub context_data: Option<Value>,
}

/// `AdminInitiateAuthRequest`.
pub type AdminInitiateAuthRequest = InitiateAuthRequest;

/// `InitiateAuthResponse` / `AdminInitiateAuthResponse`.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct InitiateAuthResponse {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub challenge_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session: Option<String>,
    /// AWS always sends the map (empty when tokens are returned).
    pub challenge_parameters: HashMap<String, String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub authentication_result: Option<AuthenticationResultType>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub available_challenges: Option<Vec<String>>,
}

/// `AdminInitiateAuthResponse`.
pub type AdminInitiateAuthResponse = InitiateAuthResponse;

/// `RespondToAuthChallengeRequest` and the admin form (with `UserPoolId`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct RespondToAuthChallengeRequest {
    #[serde(default)]
    pub user_pool_id: Option<String>,
    pub client_id: String,
    pub challenge_name: String,
    #[serde(default)]
    pub session: Option<String>,
    #[serde(default)]
    pub challenge_responses: Option<HashMap<String, String>>,
    #[serde(default)]
    pub client_metadata: Option<HashMap<String, String>>,
    #[serde(default)]
    pub analytics_metadata: Option<Value>,
    #[serde(default)]
    pub user_context_data: Option<Value>,
    #[serde(default)]
    pub context_data: Option<Value>,
}

/// `AdminRespondToAuthChallengeRequest`.
pub type AdminRespondToAuthChallengeRequest = RespondToAuthChallengeRequest;

/// `RespondToAuthChallengeResponse` / the admin form.
pub type RespondToAuthChallengeResponse = InitiateAuthResponse;

/// `GetTokensFromRefreshTokenRequest`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetTokensFromRefreshTokenRequest {
    pub refresh_token: String,
    pub client_id: String,
    #[serde(default)]
    pub client_secret: Option<String>,
    #[serde(default)]
    pub device_key: Option<String>,
    #[serde(default)]
    pub client_metadata: Option<HashMap<String, String>>,
}

/// `GetTokensFromRefreshTokenResponse`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetTokensFromRefreshTokenResponse {
    pub authentication_result: AuthenticationResultType,
}

/// `RevokeTokenRequest`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct RevokeTokenRequest {
    pub token: String,
    pub client_id: String,
    #[serde(default)]
    pub client_secret: Option<String>,
}

/// `GlobalSignOutRequest`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GlobalSignOutRequest {
    pub access_token: String,
}

/// `AdminUserGlobalSignOutRequest`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AdminUserGlobalSignOutRequest {
    pub user_pool_id: String,
    pub username: String,
}

/// `GetSigningCertificateRequest`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetSigningCertificateRequest {
    pub user_pool_id: String,
}

/// `GetSigningCertificateResponse`.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetSigningCertificateResponse {
    pub certificate: String,
}
