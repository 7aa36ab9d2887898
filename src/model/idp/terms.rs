//! DTOs of the terms documents (`CreateTerms`, …) and of `GetCSVHeader`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::model::timestamp::Timestamp;

/// `CreateTermsRequest`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateTermsRequest {
    pub user_pool_id: String,
    pub client_id: String,
    pub terms_name: String,
    pub terms_source: String,
    pub enforcement: String,
    pub links: Option<BTreeMap<String, String>>,
}

/// `UpdateTermsRequest`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct UpdateTermsRequest {
    pub user_pool_id: String,
    pub terms_id: String,
    pub terms_name: Option<String>,
    pub terms_source: Option<String>,
    pub enforcement: Option<String>,
    pub links: Option<BTreeMap<String, String>>,
}

/// `DescribeTermsRequest` / `DeleteTermsRequest`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct TermsIdRequest {
    pub user_pool_id: String,
    pub terms_id: String,
}

/// `TermsType`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct TermsType {
    pub terms_id: String,
    pub user_pool_id: String,
    pub client_id: String,
    pub terms_name: String,
    pub terms_source: String,
    pub enforcement: String,
    pub links: BTreeMap<String, String>,
    pub creation_date: Timestamp,
    pub last_modified_date: Timestamp,
}

/// `CreateTermsResponse` / `DescribeTermsResponse` / `UpdateTermsResponse`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct TermsResponse {
    pub terms: TermsType,
}

/// `ListTermsRequest`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListTermsRequest {
    pub user_pool_id: String,
    pub max_results: Option<i64>,
    pub next_token: Option<String>,
}

/// `TermsDescriptionType`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct TermsDescriptionType {
    pub terms_id: String,
    pub terms_name: String,
    pub enforcement: String,
    pub creation_date: Timestamp,
    pub last_modified_date: Timestamp,
}

/// `ListTermsResponse`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListTermsResponse {
    pub terms: Vec<TermsDescriptionType>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

/// `GetCSVHeaderRequest`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetCsvHeaderRequest {
    pub user_pool_id: String,
}

/// `GetCSVHeaderResponse`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetCsvHeaderResponse {
    pub user_pool_id: String,
    #[serde(rename = "CSVHeader")]
    pub csv_header: Vec<String>,
}
