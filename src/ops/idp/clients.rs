//! App clients: create, describe, update, delete, list.

use crate::app::Ctx;
use crate::domain::client::{generate_secret, normalize_settings, AppClient};
use crate::domain::user_pool::UserPool;
use crate::domain::{ids, pagination};
use crate::error::{CognitoError, ErrorCode, Result};
use crate::model::idp::clients::*;
use crate::ops::Empty;

/// AWS's answer for a client id the pool does not have.
pub fn client_not_found(client_id: &str) -> CognitoError {
    CognitoError::resource_not_found(format!("User pool client {client_id} does not exist."))
}

/// Attributes named in `ReadAttributes`/`WriteAttributes` must exist in the pool's schema.
fn check_attribute_permissions(pool: &UserPool, settings: &UserPoolClientSettings) -> Result<()> {
    let schema = pool.config.schema_attributes.as_deref().unwrap_or(&[]);
    let known = |name: &String| {
        schema
            .iter()
            .any(|a| a.name.as_deref() == Some(name.as_str()))
    };
    if !settings.read_attributes.iter().flatten().all(known) {
        return Err(CognitoError::invalid_parameter(
            "Invalid read attributes specified while creating a client",
        ));
    }
    if !settings.write_attributes.iter().flatten().all(known) {
        return Err(CognitoError::invalid_parameter(
            "Invalid write attributes specified while creating a client",
        ));
    }
    Ok(())
}

/// [CreateUserPoolClient](https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_CreateUserPoolClient.html).
/// `GenerateSecret` makes a 51-character secret; a given `ClientSecret` is used as is.
pub fn create_user_pool_client(
    ctx: &Ctx,
    input: CreateUserPoolClientRequest,
) -> Result<UserPoolClientResponse> {
    let mut settings = input.settings;
    normalize_settings(&mut settings)?;
    let secret = match (input.generate_secret, input.client_secret) {
        (_, Some(given)) => Some(given),
        (Some(true), None) => Some(generate_secret()),
        _ => None,
    };
    let now = ctx.now_ms();
    let client = AppClient {
        id: ids::client_id(),
        secrets: secret.into_iter().collect(),
        created_ms: now,
        modified_ms: now,
        settings,
    };
    let pool_id = input.user_pool_id;
    let out = ctx.app.store.write_pool(&pool_id, |pool| {
        check_attribute_permissions(pool, &client.settings)?;
        if pool.clients.len() >= 1000 {
            return Err(CognitoError::new(
                ErrorCode::LimitExceeded,
                "The maximum number of app clients has been reached.",
            ));
        }
        let out = client.describe(&pool.id);
        pool.clients.insert(client.id.clone(), client);
        Ok(out)
    })?;
    ctx.app.store.index_client(&out.client_id, &pool_id);
    Ok(UserPoolClientResponse {
        user_pool_client: out,
    })
}

/// [DescribeUserPoolClient](https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_DescribeUserPoolClient.html).
pub fn describe_user_pool_client(
    ctx: &Ctx,
    input: UserPoolClientIdRequest,
) -> Result<UserPoolClientResponse> {
    let user_pool_client = ctx.app.store.read_pool(&input.user_pool_id, |pool| {
        pool.clients
            .get(&input.client_id)
            .map(|c| c.describe(&pool.id))
            .ok_or_else(|| client_not_found(&input.client_id))
    })?;
    Ok(UserPoolClientResponse { user_pool_client })
}

/// [UpdateUserPoolClient](https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_UpdateUserPoolClient.html).
/// As AWS documents, settings left out return to their defaults; the secret is kept.
pub fn update_user_pool_client(
    ctx: &Ctx,
    input: UpdateUserPoolClientRequest,
) -> Result<UserPoolClientResponse> {
    let mut settings = input.settings;
    normalize_settings(&mut settings)?;
    let now = ctx.now_ms();
    let user_pool_client = ctx.app.store.write_pool(&input.user_pool_id, |pool| {
        check_attribute_permissions(pool, &settings)?;
        let client = pool
            .clients
            .get_mut(&input.client_id)
            .ok_or_else(|| client_not_found(&input.client_id))?;
        if settings.client_name.is_none() {
            settings.client_name = client.settings.client_name.clone();
        }
        client.settings = settings;
        client.modified_ms = now;
        Ok(client.describe(&input.user_pool_id))
    })?;
    Ok(UserPoolClientResponse { user_pool_client })
}

/// [DeleteUserPoolClient](https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_DeleteUserPoolClient.html).
pub fn delete_user_pool_client(ctx: &Ctx, input: UserPoolClientIdRequest) -> Result<Empty> {
    ctx.app.store.write_pool(&input.user_pool_id, |pool| {
        pool.clients
            .remove(&input.client_id)
            .map(|_| ())
            .ok_or_else(|| client_not_found(&input.client_id))
    })?;
    ctx.app.store.unindex_client(&input.client_id);
    Ok(Empty {})
}

/// [ListUserPoolClients](https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_ListUserPoolClients.html).
pub fn list_user_pool_clients(
    ctx: &Ctx,
    input: ListUserPoolClientsRequest,
) -> Result<ListUserPoolClientsResponse> {
    let after = input
        .next_token
        .as_deref()
        .map(pagination::decode)
        .transpose()?;
    let limit = usize::try_from(input.max_results.unwrap_or(60)).unwrap_or(60);
    ctx.app.store.read_pool(&input.user_pool_id, |pool| {
        let (page, next_token) = pagination::page(pool.clients.keys(), after.as_deref(), limit);
        let user_pool_clients = page
            .into_iter()
            .filter_map(|id| pool.clients.get(id))
            .map(|c| UserPoolClientDescription {
                client_id: c.id.clone(),
                user_pool_id: pool.id.clone(),
                client_name: c.settings.client_name.clone().unwrap_or_default(),
            })
            .collect();
        Ok(ListUserPoolClientsResponse {
            user_pool_clients,
            next_token,
        })
    })
}
