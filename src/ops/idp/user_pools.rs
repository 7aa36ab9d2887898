//! User pool lifecycle: create, describe, list, update, delete.

use crate::app::Ctx;
use crate::domain::ids;
use crate::domain::pagination;
use crate::domain::user_pool::{apply_config_defaults, build_schema, UserPool};
use crate::error::{CognitoError, Result};
use crate::model::idp::user_pools::*;
use crate::ops::Empty;

/// Checks the rules of the configuration that the model cannot express.
fn check_config(config: &UserPoolConfig) -> Result<()> {
    if config.username_attributes.is_some() && config.alias_attributes.is_some() {
        return Err(CognitoError::invalid_parameter(
            "Only one of the aliasAttributes or usernameAttributes can be set in a User Pool.",
        ));
    }
    Ok(())
}

/// [CreateUserPool](https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_CreateUserPool.html).
/// Every member is stored and echoed; AWS's defaults are filled in for those left out.
pub fn create_user_pool(ctx: &Ctx, input: CreateUserPoolRequest) -> Result<CreateUserPoolResponse> {
    let mut config = input.config;
    check_config(&config)?;
    config.schema_attributes = Some(build_schema(input.schema.as_deref().unwrap_or(&[]))?);
    apply_config_defaults(&mut config);
    let region = ctx.region.clone();
    let id = ids::user_pool_id(&region);
    let now = ctx.now_ms();
    let arn = ids::user_pool_arn(&region, ctx.account(), &id);
    let pool = UserPool::new(id, region, arn, input.pool_name, now, config);
    let user_pool = pool.describe();
    ctx.app.store.insert_user_pool(pool);
    Ok(CreateUserPoolResponse { user_pool })
}

/// [DescribeUserPool](https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_DescribeUserPool.html).
pub fn describe_user_pool(
    ctx: &Ctx,
    input: DescribeUserPoolRequest,
) -> Result<DescribeUserPoolResponse> {
    let user_pool = ctx
        .app
        .store
        .read_pool(&input.user_pool_id, |p| Ok(p.describe()))?;
    Ok(DescribeUserPoolResponse { user_pool })
}

/// [ListUserPools](https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_ListUserPools.html).
/// Lists the pools of the request's region, in id order, so pages never repeat or skip a pool.
pub fn list_user_pools(ctx: &Ctx, input: ListUserPoolsRequest) -> Result<ListUserPoolsResponse> {
    let after = input
        .next_token
        .as_deref()
        .map(pagination::decode)
        .transpose()?;
    let ids = ctx.app.store.user_pool_ids();
    let in_region = ids
        .iter()
        .filter(|id| ids::region_of(id) == Some(ctx.region.as_str()))
        .map(String::as_str);
    let limit = usize::try_from(input.max_results).unwrap_or(1);
    let (page, next_token) = pagination::page(in_region, after.as_deref(), limit);
    let user_pools = page
        .into_iter()
        .filter_map(|id| {
            // A pool deleted between listing ids and reading it is simply left out.
            ctx.app
                .store
                .read_pool(id, |p| {
                    Ok(UserPoolDescriptionType {
                        id: p.id.clone(),
                        name: p.name.clone(),
                        lambda_config: p
                            .config
                            .lambda_config
                            .clone()
                            .unwrap_or_else(|| serde_json::json!({})),
                        creation_date: crate::model::timestamp::Timestamp::from_millis(
                            p.created_ms,
                        ),
                        last_modified_date: crate::model::timestamp::Timestamp::from_millis(
                            p.modified_ms,
                        ),
                    })
                })
                .ok()
        })
        .collect();
    Ok(ListUserPoolsResponse {
        user_pools,
        next_token,
    })
}

/// [UpdateUserPool](https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_UpdateUserPool.html).
/// As AWS documents, members left out return to their defaults; what cannot change after creation
/// (schema, username and alias attributes, username configuration) is kept.
pub fn update_user_pool(ctx: &Ctx, input: UpdateUserPoolRequest) -> Result<Empty> {
    let now = ctx.now_ms();
    ctx.app.store.write_pool(&input.user_pool_id, |pool| {
        let mut config = input.config;
        config.schema_attributes = pool.config.schema_attributes.clone();
        config.username_attributes = pool.config.username_attributes.clone();
        config.alias_attributes = pool.config.alias_attributes.clone();
        config.username_configuration = pool.config.username_configuration.clone();
        if config.user_pool_tags.is_none() {
            config.user_pool_tags = pool.config.user_pool_tags.clone();
        }
        apply_config_defaults(&mut config);
        if let Some(name) = input.pool_name {
            pool.name = name;
        }
        pool.config = config;
        pool.modified_ms = now;
        Ok(())
    })?;
    Ok(Empty {})
}

/// [DeleteUserPool](https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_DeleteUserPool.html).
/// Refused while `DeletionProtection` is `ACTIVE`.
pub fn delete_user_pool(ctx: &Ctx, input: DeleteUserPoolRequest) -> Result<Empty> {
    ctx.app.store.remove_user_pool(&input.user_pool_id, |p| {
        if p.deletion_protected() {
            return Err(CognitoError::invalid_parameter(
                "The user pool cannot be deleted because deletion protection is activated. \
                 Deletion protection must be inactivated first.",
            ));
        }
        Ok(())
    })?;
    Ok(Empty {})
}
