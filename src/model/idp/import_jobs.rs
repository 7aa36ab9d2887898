//! DTOs of the user import job operations.

use serde::{Deserialize, Serialize};

use crate::model::timestamp::Timestamp;

/// `CreateUserImportJobRequest`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateUserImportJobRequest {
    pub user_pool_id: String,
    pub job_name: String,
    pub cloud_watch_logs_role_arn: String,
}

/// `DescribeUserImportJobRequest` / `StartUserImportJobRequest` / `StopUserImportJobRequest`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct UserImportJobIdRequest {
    pub user_pool_id: String,
    pub job_id: String,
}

/// `ListUserImportJobsRequest`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListUserImportJobsRequest {
    pub user_pool_id: String,
    pub max_results: i64,
    pub pagination_token: Option<String>,
}

/// `UserImportJobType`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct UserImportJobType {
    pub job_name: String,
    pub job_id: String,
    pub user_pool_id: String,
    pub pre_signed_url: String,
    pub creation_date: Timestamp,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start_date: Option<Timestamp>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub completion_date: Option<Timestamp>,
    pub status: String,
    pub cloud_watch_logs_role_arn: String,
    pub imported_users: i64,
    pub skipped_users: i64,
    pub failed_users: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub completion_message: Option<String>,
}

/// The responses that carry one job.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct UserImportJobResponse {
    pub user_import_job: UserImportJobType,
}

/// `ListUserImportJobsResponse`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListUserImportJobsResponse {
    pub user_import_jobs: Vec<UserImportJobType>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pagination_token: Option<String>,
}
