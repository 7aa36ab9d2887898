//! Tags of identity pools, addressed by ARN (`arn:aws:cognito-identity:<region>:<account>:identitypool/<id>`).

use crate::app::Ctx;
use crate::error::{CognitoError, Result};
use crate::model::identity::roles::*;
use crate::ops::Empty;

fn pool_id_of(arn: &str) -> Result<&str> {
    let not_found = || CognitoError::resource_not_found(format!("Resource {arn} not found."));
    let rest = arn
        .strip_prefix("arn:aws:cognito-identity:")
        .ok_or_else(|| CognitoError::invalid_parameter(format!("Invalid ARN: {arn}")))?;
    rest.split_once(":identitypool/")
        .map(|(_, id)| id)
        .filter(|id| !id.is_empty())
        .ok_or_else(not_found)
}

fn not_found(arn: &str) -> impl Fn(CognitoError) -> CognitoError + '_ {
    move |e| match e.code() {
        crate::error::ErrorCode::ResourceNotFound => {
            CognitoError::resource_not_found(format!("Resource {arn} not found."))
        }
        _ => e,
    }
}

/// [TagResource](https://docs.aws.amazon.com/cognitoidentity/latest/APIReference/API_TagResource.html):
/// adds or replaces tags (at most 50 per pool).
pub fn tag_resource(ctx: &Ctx, input: TagResourceInput) -> Result<Empty> {
    let id = pool_id_of(&input.resource_arn)?;
    ctx.app
        .store
        .write_identity_pool(id, |pool| {
            let mut tags = pool.config.identity_pool_tags.clone().unwrap_or_default();
            tags.extend(input.tags.clone());
            if tags.len() > 50 {
                return Err(CognitoError::invalid_parameter(
                    "An identity pool can have at most 50 tags.",
                ));
            }
            pool.config.identity_pool_tags = Some(tags);
            Ok(Empty {})
        })
        .map_err(not_found(&input.resource_arn))
}

/// [UntagResource](https://docs.aws.amazon.com/cognitoidentity/latest/APIReference/API_UntagResource.html).
pub fn untag_resource(ctx: &Ctx, input: UntagResourceInput) -> Result<Empty> {
    let id = pool_id_of(&input.resource_arn)?;
    ctx.app
        .store
        .write_identity_pool(id, |pool| {
            if let Some(tags) = pool.config.identity_pool_tags.as_mut() {
                for k in &input.tag_keys {
                    tags.remove(k);
                }
            }
            Ok(Empty {})
        })
        .map_err(not_found(&input.resource_arn))
}

/// [ListTagsForResource](https://docs.aws.amazon.com/cognitoidentity/latest/APIReference/API_ListTagsForResource.html).
pub fn list_tags_for_resource(
    ctx: &Ctx,
    input: ListTagsForResourceInput,
) -> Result<ListTagsForResourceResponse> {
    let id = pool_id_of(&input.resource_arn)?;
    ctx.app
        .store
        .read_identity_pool(id, |pool| {
            Ok(ListTagsForResourceResponse {
                tags: pool.config.identity_pool_tags.clone().unwrap_or_default(),
            })
        })
        .map_err(not_found(&input.resource_arn))
}
