//! App clients: create, describe, update, delete, list, and their secrets (rotation).

use crate::app::Ctx;
use crate::domain::client::{
    check_oauth, generate_secret, normalize_settings, AppClient, ClientSecret, MAX_SECRETS,
};
use crate::domain::user_pool::{schema, UserPool};
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
    let schema = schema(&pool.config);
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

/// Checks the OAuth settings against the pool's resource servers and identity providers.
fn check_oauth_in_pool(
    pool: &UserPool,
    settings: &UserPoolClientSettings,
    has_secret: bool,
) -> Result<()> {
    check_oauth(
        settings,
        has_secret,
        &pool.id,
        |scope| crate::ops::idp::resource_servers::pool_has_custom_scope(pool, scope),
        |idp| pool.identity_providers.contains_key(idp),
    )
}

fn new_secret_record(value: String, now: i64) -> ClientSecret {
    ClientSecret {
        id: uuid::Uuid::new_v4().to_string(),
        value,
        created_ms: now,
    }
}

/// [CreateUserPoolClient](https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_CreateUserPoolClient.html).
/// `GenerateSecret` makes a 51-character secret; a given `ClientSecret` is used as is. The OAuth settings
/// are checked as AWS does (flows, scopes against the pool's resource servers, callback and logout URLs,
/// identity providers).
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
        secrets: secret.iter().cloned().collect(),
        created_ms: now,
        modified_ms: now,
        settings,
        secret_records: secret
            .into_iter()
            .map(|v| new_secret_record(v, now))
            .collect(),
    };
    let pool_id = input.user_pool_id;
    let out = ctx.app.store.write_pool(&pool_id, |pool| {
        check_attribute_permissions(pool, &client.settings)?;
        check_oauth_in_pool(pool, &client.settings, !client.secrets.is_empty())?;
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
        let no_secret = pool
            .clients
            .get(&input.client_id)
            .ok_or_else(|| client_not_found(&input.client_id))?
            .secrets
            .is_empty();
        check_oauth_in_pool(pool, &settings, !no_secret)?;
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

fn descriptor(secret: &ClientSecret, with_value: bool) -> ClientSecretDescriptorType {
    ClientSecretDescriptorType {
        client_secret_id: secret.id.clone(),
        client_secret_value: with_value.then(|| secret.value.clone()),
        client_secret_create_date: crate::model::timestamp::Timestamp::from_millis(
            secret.created_ms,
        ),
    }
}

/// [AddUserPoolClientSecret](https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AddUserPoolClientSecret.html).
/// Adds a second secret for rotation (a given `ClientSecret` or a generated one); a client holds at most
/// two, and only a client created with a secret can get another. Sign-in accepts any of them.
pub fn add_user_pool_client_secret(
    ctx: &Ctx,
    input: AddUserPoolClientSecretRequest,
) -> Result<AddUserPoolClientSecretResponse> {
    let now = ctx.now_ms();
    let value = input.client_secret.unwrap_or_else(generate_secret);
    ctx.app.store.write_pool(&input.user_pool_id, |pool| {
        let client = pool
            .clients
            .get_mut(&input.client_id)
            .ok_or_else(|| client_not_found(&input.client_id))?;
        if client.secrets.is_empty() {
            return Err(CognitoError::invalid_parameter(
                "Client secrets can only be added to a client that has a client secret.",
            ));
        }
        if client.secrets.len() >= MAX_SECRETS {
            return Err(CognitoError::new(
                ErrorCode::LimitExceeded,
                "The client already has the maximum number of client secrets (2).",
            ));
        }
        if client.secrets.contains(&value) {
            return Err(CognitoError::invalid_parameter(
                "The client already has this client secret.",
            ));
        }
        let record = new_secret_record(value, now);
        let out = descriptor(&record, true);
        // Newest first, as `AppClient::secrets` documents.
        client.secrets.insert(0, record.value.clone());
        client.secret_records.insert(0, record);
        client.modified_ms = now;
        Ok(AddUserPoolClientSecretResponse {
            client_secret_descriptor: out,
        })
    })
}

/// [ListUserPoolClientSecrets](https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_ListUserPoolClientSecrets.html).
/// Ids and creation dates only; the values are never listed.
pub fn list_user_pool_client_secrets(
    ctx: &Ctx,
    input: ListUserPoolClientSecretsRequest,
) -> Result<ListUserPoolClientSecretsResponse> {
    ctx.app.store.read_pool(&input.user_pool_id, |pool| {
        let client = pool
            .clients
            .get(&input.client_id)
            .ok_or_else(|| client_not_found(&input.client_id))?;
        Ok(ListUserPoolClientSecretsResponse {
            client_secrets: client
                .secret_records
                .iter()
                .map(|s| descriptor(s, false))
                .collect(),
            next_token: None,
        })
    })
}

/// [DeleteUserPoolClientSecret](https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_DeleteUserPoolClientSecret.html).
/// The last secret of a client cannot be deleted.
pub fn delete_user_pool_client_secret(
    ctx: &Ctx,
    input: DeleteUserPoolClientSecretRequest,
) -> Result<Empty> {
    let now = ctx.now_ms();
    ctx.app.store.write_pool(&input.user_pool_id, |pool| {
        let client = pool
            .clients
            .get_mut(&input.client_id)
            .ok_or_else(|| client_not_found(&input.client_id))?;
        let Some(pos) = client
            .secret_records
            .iter()
            .position(|s| s.id == input.client_secret_id)
        else {
            return Err(CognitoError::resource_not_found(format!(
                "Client secret {} does not exist.",
                input.client_secret_id
            )));
        };
        if client.secret_records.len() <= 1 {
            return Err(CognitoError::invalid_parameter(
                "The only client secret of a client cannot be deleted.",
            ));
        }
        let removed = client.secret_records.remove(pos);
        client.secrets.retain(|v| v != &removed.value);
        client.modified_ms = now;
        Ok(())
    })?;
    Ok(Empty {})
}
