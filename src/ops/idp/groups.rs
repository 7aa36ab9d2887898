//! Groups: CRUD, memberships, and the listings in both directions.

use crate::app::Ctx;
use crate::domain::groups::Group;
use crate::domain::pagination;
use crate::domain::user_pool::UserPool;
use crate::domain::users::find_admin_user;
use crate::error::{CognitoError, ErrorCode, Result};
use crate::model::idp::groups::*;
use crate::model::timestamp::Timestamp;
use crate::ops::idp::users::user_type;
use crate::ops::{Empty, PreSerialized};

fn group_type(pool_id: &str, g: &Group) -> GroupType {
    GroupType {
        group_name: g.name.clone(),
        user_pool_id: pool_id.to_owned(),
        description: g.description.clone(),
        role_arn: g.role_arn.clone(),
        precedence: g.precedence,
        last_modified_date: Timestamp::from_millis(g.modified_ms),
        creation_date: Timestamp::from_millis(g.created_ms),
    }
}

fn group_not_found() -> CognitoError {
    CognitoError::resource_not_found("Group not found.")
}

fn get_group<'a>(pool: &'a UserPool, name: &str) -> Result<&'a Group> {
    pool.groups.get(name).ok_or_else(group_not_found)
}

fn limit_of(limit: Option<i64>) -> usize {
    match limit {
        Some(n) if n > 0 => usize::try_from(n).unwrap_or(60),
        _ => 60,
    }
}

fn after_of(token: Option<&str>) -> Result<Option<String>> {
    token.map(pagination::decode).transpose()
}

/// [CreateGroup](https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_CreateGroup.html).
pub fn create_group(ctx: &Ctx, input: GroupRequest) -> Result<GroupResponse> {
    let now = ctx.now_ms();
    ctx.app.store.write_pool(&input.user_pool_id, |pool| {
        if pool.groups.get(&input.group_name).is_some() {
            return Err(CognitoError::new(
                ErrorCode::GroupExists,
                format!("A group with the name {} already exists.", input.group_name),
            ));
        }
        let group = Group {
            name: input.group_name.clone(),
            description: input.description.clone(),
            role_arn: input.role_arn.clone(),
            precedence: input.precedence,
            created_ms: now,
            modified_ms: now,
        };
        let out = group_type(&pool.id, &group);
        pool.groups.insert(group);
        Ok(GroupResponse { group: out })
    })
}

/// [GetGroup](https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_GetGroup.html).
pub fn get_group_op(ctx: &Ctx, input: GroupNameRequest) -> Result<GroupResponse> {
    ctx.app.store.read_pool(&input.user_pool_id, |pool| {
        let g = get_group(pool, &input.group_name)?;
        Ok(GroupResponse {
            group: group_type(&pool.id, g),
        })
    })
}

/// [UpdateGroup](https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_UpdateGroup.html).
/// Members left out keep their values.
pub fn update_group(ctx: &Ctx, input: GroupRequest) -> Result<GroupResponse> {
    let now = ctx.now_ms();
    ctx.app.store.write_pool(&input.user_pool_id, |pool| {
        let pool_id = pool.id.clone();
        let g = pool
            .groups
            .get_mut(&input.group_name)
            .ok_or_else(group_not_found)?;
        if let Some(d) = &input.description {
            g.description = Some(d.clone());
        }
        if let Some(r) = &input.role_arn {
            g.role_arn = Some(r.clone());
        }
        if let Some(p) = input.precedence {
            g.precedence = Some(p);
        }
        g.modified_ms = now;
        Ok(GroupResponse {
            group: group_type(&pool_id, g),
        })
    })
}

/// [DeleteGroup](https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_DeleteGroup.html).
/// Removes the group's memberships too.
pub fn delete_group(ctx: &Ctx, input: GroupNameRequest) -> Result<Empty> {
    ctx.app.store.write_pool(&input.user_pool_id, |pool| {
        pool.groups
            .remove(&input.group_name)
            .ok_or_else(group_not_found)?;
        Ok(Empty {})
    })
}

/// [ListGroups](https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_ListGroups.html).
/// In name order; `Limit` 60 by default.
pub fn list_groups(ctx: &Ctx, input: ListGroupsRequest) -> Result<ListGroupsResponse> {
    let after = after_of(input.next_token.as_deref())?;
    let limit = limit_of(input.limit);
    ctx.app.store.read_pool(&input.user_pool_id, |pool| {
        let names = pool.groups.iter().map(|g| g.name.as_str());
        let (page, next_token) = pagination::page(names, after.as_deref(), limit);
        let groups = page
            .into_iter()
            .filter_map(|n| pool.groups.get(n))
            .map(|g| group_type(&pool.id, g))
            .collect();
        Ok(ListGroupsResponse { groups, next_token })
    })
}

/// [AdminAddUserToGroup](https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AdminAddUserToGroup.html).
/// Adding a member twice is not an error.
pub fn admin_add_user_to_group(ctx: &Ctx, input: GroupMemberRequest) -> Result<Empty> {
    ctx.app.store.write_pool(&input.user_pool_id, |pool| {
        get_group(pool, &input.group_name)?;
        let username = find_admin_user(pool, &input.username)
            .map(|u| u.username.clone())
            .ok_or_else(CognitoError::user_not_found)?;
        pool.groups.add_member(&input.group_name, &username);
        Ok(Empty {})
    })
}

/// [AdminRemoveUserFromGroup](https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AdminRemoveUserFromGroup.html).
pub fn admin_remove_user_from_group(ctx: &Ctx, input: GroupMemberRequest) -> Result<Empty> {
    ctx.app.store.write_pool(&input.user_pool_id, |pool| {
        get_group(pool, &input.group_name)?;
        let username = find_admin_user(pool, &input.username)
            .map(|u| u.username.clone())
            .ok_or_else(CognitoError::user_not_found)?;
        pool.groups.remove_member(&input.group_name, &username);
        Ok(Empty {})
    })
}

/// [AdminListGroupsForUser](https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AdminListGroupsForUser.html).
/// In name order.
pub fn admin_list_groups_for_user(
    ctx: &Ctx,
    input: AdminListGroupsForUserRequest,
) -> Result<ListGroupsResponse> {
    let after = after_of(input.next_token.as_deref())?;
    let limit = limit_of(input.limit);
    ctx.app.store.read_pool(&input.user_pool_id, |pool| {
        let user =
            find_admin_user(pool, &input.username).ok_or_else(CognitoError::user_not_found)?;
        let names = pool.groups.group_names_of(&user.username);
        let (page, next_token) = pagination::page(names, after.as_deref(), limit);
        let groups = page
            .into_iter()
            .filter_map(|n| pool.groups.get(n))
            .map(|g| group_type(&pool.id, g))
            .collect();
        Ok(ListGroupsResponse { groups, next_token })
    })
}

/// [ListUsersInGroup](https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_ListUsersInGroup.html).
/// In internal-username order.
pub fn list_users_in_group(ctx: &Ctx, input: ListUsersInGroupRequest) -> Result<PreSerialized> {
    let after = after_of(input.next_token.as_deref())?;
    let limit = limit_of(input.limit);
    ctx.app.store.read_pool(&input.user_pool_id, |pool| {
        get_group(pool, &input.group_name)?;
        let names = pool.groups.members_of(&input.group_name);
        let (page, next_token) = pagination::page(names, after.as_deref(), limit);
        let users = page
            .into_iter()
            .filter_map(|n| pool.users.get(n))
            .map(|u| user_type(u, None))
            .collect();
        // Written here, while the users it borrows are locked.
        PreSerialized::of(ListUsersInGroupResponse { users, next_token })
    })
}
