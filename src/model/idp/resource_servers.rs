//! DTOs of the resource-server operations. `ResourceServerType` is also what the pool stores.

use serde::{Deserialize, Serialize};

/// `ResourceServerScopeType`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "PascalCase")]
pub struct ResourceServerScopeType {
    pub scope_name: String,
    pub scope_description: String,
}

/// `ResourceServerType`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "PascalCase")]
pub struct ResourceServerType {
    pub user_pool_id: String,
    pub identifier: String,
    pub name: String,
    /// AWS echoes `Scopes` only when some were given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scopes: Option<Vec<ResourceServerScopeType>>,
}

/// `CreateResourceServerRequest` / `UpdateResourceServerRequest`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ResourceServerRequest {
    pub user_pool_id: String,
    pub identifier: String,
    pub name: String,
    pub scopes: Option<Vec<ResourceServerScopeType>>,
}

/// `DescribeResourceServerRequest` / `DeleteResourceServerRequest`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ResourceServerIdRequest {
    pub user_pool_id: String,
    pub identifier: String,
}

/// `CreateResourceServerResponse` / `DescribeResourceServerResponse` / `UpdateResourceServerResponse`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ResourceServerResponse {
    pub resource_server: ResourceServerType,
}

/// `ListResourceServersRequest`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListResourceServersRequest {
    pub user_pool_id: String,
    pub max_results: Option<i64>,
    pub next_token: Option<String>,
}

/// `ListResourceServersResponse`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListResourceServersResponse {
    pub resource_servers: Vec<ResourceServerType>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}
