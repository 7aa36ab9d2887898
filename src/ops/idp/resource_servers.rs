//! Resource servers and their custom scopes (`<identifier>/<scope>`), which app clients may allow.

use crate::app::Ctx;
use crate::domain::pagination;
use crate::domain::user_pool::UserPool;
use crate::error::{CognitoError, ErrorCode, Result};
use crate::model::idp::resource_servers::*;
use crate::ops::Empty;

/// AWS's answer for an identifier the pool does not have.
fn not_found(identifier: &str) -> CognitoError {
    CognitoError::resource_not_found(format!("Resource server {identifier} does not exist."))
}

/// Scope names must be unique within a server.
fn check_scopes(scopes: Option<&[ResourceServerScopeType]>) -> Result<()> {
    let scopes = scopes.unwrap_or(&[]);
    for (i, s) in scopes.iter().enumerate() {
        if scopes
            .iter()
            .skip(i + 1)
            .any(|o| o.scope_name == s.scope_name)
        {
            return Err(CognitoError::invalid_parameter(format!(
                "Duplicate scope names are not allowed: {}",
                s.scope_name
            )));
        }
    }
    Ok(())
}

/// True if `scope` is `<identifier>/<name>` of one of the pool's resource servers.
pub fn pool_has_custom_scope(pool: &UserPool, scope: &str) -> bool {
    pool.resource_servers.values().any(|rs| {
        scope
            .strip_prefix(rs.identifier.as_str())
            .and_then(|rest| rest.strip_prefix('/'))
            .is_some_and(|name| rs.scopes.iter().flatten().any(|s| s.scope_name == name))
    })
}

/// [CreateResourceServer](https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_CreateResourceServer.html).
/// Identifiers are unique within a pool; at most 25 servers per pool.
pub fn create_resource_server(
    ctx: &Ctx,
    input: ResourceServerRequest,
) -> Result<ResourceServerResponse> {
    check_scopes(input.scopes.as_deref())?;
    let resource_server = ctx.app.store.write_pool(&input.user_pool_id, |pool| {
        if pool.resource_servers.contains_key(&input.identifier) {
            return Err(CognitoError::invalid_parameter(format!(
                "{} already exists in user pool {}.",
                input.identifier, pool.id
            )));
        }
        if pool.resource_servers.len() >= 25 {
            return Err(CognitoError::new(
                ErrorCode::LimitExceeded,
                "The maximum number of resource servers has been reached.",
            ));
        }
        let rs = ResourceServerType {
            user_pool_id: pool.id.clone(),
            identifier: input.identifier.clone(),
            name: input.name,
            scopes: input.scopes,
        };
        pool.resource_servers
            .insert(rs.identifier.clone(), rs.clone());
        Ok(rs)
    })?;
    Ok(ResourceServerResponse { resource_server })
}

/// [DescribeResourceServer](https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_DescribeResourceServer.html).
pub fn describe_resource_server(
    ctx: &Ctx,
    input: ResourceServerIdRequest,
) -> Result<ResourceServerResponse> {
    let resource_server = ctx.app.store.read_pool(&input.user_pool_id, |pool| {
        pool.resource_servers
            .get(&input.identifier)
            .cloned()
            .ok_or_else(|| not_found(&input.identifier))
    })?;
    Ok(ResourceServerResponse { resource_server })
}

/// [UpdateResourceServer](https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_UpdateResourceServer.html).
/// Replaces the name and the scopes (scopes left out are removed, as AWS documents).
pub fn update_resource_server(
    ctx: &Ctx,
    input: ResourceServerRequest,
) -> Result<ResourceServerResponse> {
    check_scopes(input.scopes.as_deref())?;
    let resource_server = ctx.app.store.write_pool(&input.user_pool_id, |pool| {
        let rs = pool
            .resource_servers
            .get_mut(&input.identifier)
            .ok_or_else(|| not_found(&input.identifier))?;
        rs.name = input.name;
        rs.scopes = input.scopes;
        Ok(rs.clone())
    })?;
    Ok(ResourceServerResponse { resource_server })
}

/// [DeleteResourceServer](https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_DeleteResourceServer.html).
pub fn delete_resource_server(ctx: &Ctx, input: ResourceServerIdRequest) -> Result<Empty> {
    ctx.app.store.write_pool(&input.user_pool_id, |pool| {
        pool.resource_servers
            .remove(&input.identifier)
            .map(|_| ())
            .ok_or_else(|| not_found(&input.identifier))
    })?;
    Ok(Empty {})
}

/// [ListResourceServers](https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_ListResourceServers.html).
/// In identifier order; `MaxResults` defaults to 50.
pub fn list_resource_servers(
    ctx: &Ctx,
    input: ListResourceServersRequest,
) -> Result<ListResourceServersResponse> {
    let after = input
        .next_token
        .as_deref()
        .map(pagination::decode)
        .transpose()?;
    let limit = usize::try_from(input.max_results.unwrap_or(50)).unwrap_or(50);
    ctx.app.store.read_pool(&input.user_pool_id, |pool| {
        let (page, next_token) =
            pagination::page(pool.resource_servers.keys(), after.as_deref(), limit);
        let resource_servers = page
            .into_iter()
            .filter_map(|id| pool.resource_servers.get(id).cloned())
            .collect();
        Ok(ListResourceServersResponse {
            resource_servers,
            next_token,
        })
    })
}
