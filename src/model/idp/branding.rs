//! DTOs of the managed-login branding operations.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::model::timestamp::Timestamp;

/// `CreateManagedLoginBrandingRequest`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateManagedLoginBrandingRequest {
    pub user_pool_id: String,
    pub client_id: String,
    pub use_cognito_provided_values: Option<bool>,
    pub settings: Option<Value>,
    pub assets: Option<Vec<Value>>,
}

/// `UpdateManagedLoginBrandingRequest`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct UpdateManagedLoginBrandingRequest {
    pub user_pool_id: Option<String>,
    pub managed_login_branding_id: Option<String>,
    pub use_cognito_provided_values: Option<bool>,
    pub settings: Option<Value>,
    pub assets: Option<Vec<Value>>,
}

/// `DescribeManagedLoginBrandingRequest` / `DeleteManagedLoginBrandingRequest`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct BrandingIdRequest {
    pub user_pool_id: String,
    pub managed_login_branding_id: String,
}

/// `DescribeManagedLoginBrandingByClientRequest`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct BrandingByClientRequest {
    pub user_pool_id: String,
    pub client_id: String,
}

/// `ManagedLoginBrandingType`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ManagedLoginBrandingType {
    pub managed_login_branding_id: String,
    pub user_pool_id: String,
    pub use_cognito_provided_values: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub settings: Option<Value>,
    pub assets: Vec<Value>,
    pub creation_date: Timestamp,
    pub last_modified_date: Timestamp,
}

/// The responses of the branding operations.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ManagedLoginBrandingResponse {
    pub managed_login_branding: ManagedLoginBrandingType,
}
