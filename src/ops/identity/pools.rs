//! Identity pool lifecycle: create, describe, list, update, delete.

use crate::app::Ctx;
use crate::domain::identity_pool::IdentityPool;
use crate::domain::{ids, pagination};
use crate::error::{CognitoError, Result};
use crate::model::identity::pools::*;
use crate::ops::Empty;

fn check_config(config: &IdentityPoolConfig) -> Result<()> {
    for provider in config.cognito_identity_providers.iter().flatten() {
        if provider.provider_name.is_none() || provider.client_id.is_none() {
            return Err(CognitoError::invalid_parameter(
                "CognitoIdentityProvider must have a ProviderName and a ClientId.",
            ));
        }
    }
    Ok(())
}

/// [CreateIdentityPool](https://docs.aws.amazon.com/cognitoidentity/latest/APIReference/API_CreateIdentityPool.html).
pub fn create_identity_pool(ctx: &Ctx, input: CreateIdentityPoolInput) -> Result<IdentityPoolType> {
    check_config(&input)?;
    let region = ctx.region.clone();
    let pool = IdentityPool::new(ids::region_uuid(&region), region, input);
    let out = pool.describe();
    ctx.app.store.insert_identity_pool(pool);
    Ok(out)
}

/// [DescribeIdentityPool](https://docs.aws.amazon.com/cognitoidentity/latest/APIReference/API_DescribeIdentityPool.html).
pub fn describe_identity_pool(ctx: &Ctx, input: IdentityPoolIdInput) -> Result<IdentityPoolType> {
    ctx.app
        .store
        .read_identity_pool(&input.identity_pool_id, |p| Ok(p.describe()))
}

/// [ListIdentityPools](https://docs.aws.amazon.com/cognitoidentity/latest/APIReference/API_ListIdentityPools.html).
pub fn list_identity_pools(
    ctx: &Ctx,
    input: ListIdentityPoolsInput,
) -> Result<ListIdentityPoolsResponse> {
    let after = input
        .next_token
        .as_deref()
        .map(pagination::decode)
        .transpose()?;
    let limit = usize::try_from(input.max_results).unwrap_or(1);
    let (page, next) = ctx
        .app
        .store
        .identity_pool_page(after.as_deref(), limit, |id| {
            ids::region_of(id) == Some(ctx.region.as_str())
        })?;
    let next_token = next.as_deref().map(pagination::encode);
    let identity_pools = page
        .iter()
        .filter_map(|id| {
            ctx.app
                .store
                .read_identity_pool(id, |p| {
                    Ok(IdentityPoolShortDescription {
                        identity_pool_id: p.id.clone(),
                        identity_pool_name: p.config.identity_pool_name.clone(),
                    })
                })
                .ok()
        })
        .collect();
    Ok(ListIdentityPoolsResponse {
        identity_pools,
        next_token,
    })
}

/// [UpdateIdentityPool](https://docs.aws.amazon.com/cognitoidentity/latest/APIReference/API_UpdateIdentityPool.html).
/// The input is the whole pool: what is left out is cleared, as AWS does.
pub fn update_identity_pool(ctx: &Ctx, input: IdentityPoolType) -> Result<IdentityPoolType> {
    check_config(&input.config)?;
    ctx.app
        .store
        .write_identity_pool(&input.identity_pool_id, |pool| {
            let mut config = input.config;
            if config.identity_pool_tags.is_none() {
                config.identity_pool_tags = pool.config.identity_pool_tags.clone();
            }
            pool.config = config;
            Ok(pool.describe())
        })
}

/// [DeleteIdentityPool](https://docs.aws.amazon.com/cognitoidentity/latest/APIReference/API_DeleteIdentityPool.html).
pub fn delete_identity_pool(ctx: &Ctx, input: IdentityPoolIdInput) -> Result<Empty> {
    ctx.app
        .store
        .remove_identity_pool(&input.identity_pool_id)?;
    Ok(Empty {})
}
