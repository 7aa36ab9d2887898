//! DTOs of the group operations.

use serde::{Deserialize, Serialize};

use crate::model::idp::users::UserType;
use crate::model::timestamp::Timestamp;

/// `GroupType`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct GroupType {
    pub group_name: String,
    pub user_pool_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role_arn: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub precedence: Option<i64>,
    pub last_modified_date: Timestamp,
    pub creation_date: Timestamp,
}

/// `CreateGroupRequest` and `UpdateGroupRequest` (same members).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GroupRequest {
    pub user_pool_id: String,
    pub group_name: String,
    pub description: Option<String>,
    pub role_arn: Option<String>,
    pub precedence: Option<i64>,
}

/// `CreateGroupResponse`, `GetGroupResponse`, `UpdateGroupResponse`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct GroupResponse {
    pub group: GroupType,
}

/// `GetGroupRequest` and `DeleteGroupRequest`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GroupNameRequest {
    pub user_pool_id: String,
    pub group_name: String,
}

/// `ListGroupsRequest`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListGroupsRequest {
    pub user_pool_id: String,
    pub limit: Option<i64>,
    pub next_token: Option<String>,
}

/// `ListGroupsResponse` and `AdminListGroupsForUserResponse`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListGroupsResponse {
    pub groups: Vec<GroupType>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

/// `AdminAddUserToGroupRequest` and `AdminRemoveUserFromGroupRequest`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GroupMemberRequest {
    pub user_pool_id: String,
    pub username: String,
    pub group_name: String,
}

/// `AdminListGroupsForUserRequest`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AdminListGroupsForUserRequest {
    pub user_pool_id: String,
    pub username: String,
    pub limit: Option<i64>,
    pub next_token: Option<String>,
}

/// `ListUsersInGroupRequest`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListUsersInGroupRequest {
    pub user_pool_id: String,
    pub group_name: String,
    pub limit: Option<i64>,
    pub next_token: Option<String>,
}

/// `ListUsersInGroupResponse`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListUsersInGroupResponse<'a> {
    pub users: Vec<UserType<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}
