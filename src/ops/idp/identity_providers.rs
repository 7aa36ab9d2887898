//! Federated identity providers of a pool (SAML, OIDC, Google, Facebook, Login with Amazon, Sign in with
//! Apple). Only the configuration is emulated; no federation happens here.

use crate::app::Ctx;
use crate::domain::identity_provider::{
    add_derived_details, check_details, default_attribute_mapping, IdentityProvider,
};
use crate::domain::pagination;
use crate::domain::user_pool::UserPool;
use crate::error::{CognitoError, ErrorCode, Result};
use crate::model::idp::identity_providers::*;
use crate::ops::Empty;

const SOCIAL: &[&str] = &["Google", "Facebook", "LoginWithAmazon", "SignInWithApple"];

/// AWS's answer for a provider name the pool does not have.
fn not_found(name: &str) -> CognitoError {
    CognitoError::resource_not_found(format!("Identity provider {name} does not exist."))
}

/// `IdpIdentifiers` must be unique within the pool (across providers).
fn check_identifiers(pool: &UserPool, name: &str, ids: &[String]) -> Result<()> {
    for (i, id) in ids.iter().enumerate() {
        let taken_here = ids.iter().skip(i + 1).any(|o| o == id);
        let taken_elsewhere = pool
            .identity_providers
            .values()
            .any(|p| p.name != name && p.idp_identifiers.contains(id));
        if taken_here || taken_elsewhere {
            return Err(CognitoError::new(
                ErrorCode::DuplicateProvider,
                format!("Identifier {id} is already used by another provider."),
            ));
        }
    }
    Ok(())
}

/// [CreateIdentityProvider](https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_CreateIdentityProvider.html).
/// Checks the `ProviderDetails` each type needs and adds the keys AWS derives (social endpoints,
/// `attributes_url_add_attributes`); `AttributeMapping` gets `username` → `sub` unless given. Social
/// providers must be named after their type. SAML metadata is not fetched or parsed.
pub fn create_identity_provider(
    ctx: &Ctx,
    input: CreateIdentityProviderRequest,
) -> Result<IdentityProviderResponse> {
    let ty = input.provider_type;
    if SOCIAL.contains(&ty.as_str()) && input.provider_name != ty {
        return Err(CognitoError::invalid_parameter(format!(
            "Provider name must be {ty} for provider type {ty}."
        )));
    }
    if input.provider_name == "COGNITO" {
        return Err(CognitoError::invalid_parameter(
            "COGNITO is a reserved provider name.",
        ));
    }
    let mut details = input.provider_details;
    check_details(&ty, &details)?;
    add_derived_details(&ty, &mut details);
    let now = ctx.now_ms();
    let provider = IdentityProvider {
        name: input.provider_name,
        attribute_mapping: default_attribute_mapping(&ty, input.attribute_mapping),
        provider_type: ty,
        details,
        idp_identifiers: input.idp_identifiers.unwrap_or_default(),
        created_ms: now,
        modified_ms: now,
    };
    let identity_provider = ctx.app.store.write_pool(&input.user_pool_id, |pool| {
        if pool.identity_providers.contains_key(&provider.name) {
            return Err(CognitoError::new(
                ErrorCode::DuplicateProvider,
                format!(
                    "A provider with the name {} already exists in this user pool.",
                    provider.name
                ),
            ));
        }
        check_identifiers(pool, &provider.name, &provider.idp_identifiers)?;
        if pool.identity_providers.len() >= 300 {
            return Err(CognitoError::new(
                ErrorCode::LimitExceeded,
                "The maximum number of identity providers has been reached.",
            ));
        }
        let out = provider.describe(&pool.id);
        pool.identity_providers
            .insert(provider.name.clone(), provider);
        Ok(out)
    })?;
    Ok(IdentityProviderResponse { identity_provider })
}

/// [DescribeIdentityProvider](https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_DescribeIdentityProvider.html).
pub fn describe_identity_provider(
    ctx: &Ctx,
    input: IdentityProviderNameRequest,
) -> Result<IdentityProviderResponse> {
    let identity_provider = ctx.app.store.read_pool(&input.user_pool_id, |pool| {
        pool.identity_providers
            .get(&input.provider_name)
            .map(|p| p.describe(&pool.id))
            .ok_or_else(|| not_found(&input.provider_name))
    })?;
    Ok(IdentityProviderResponse { identity_provider })
}

/// [GetIdentityProviderByIdentifier](https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_GetIdentityProviderByIdentifier.html).
pub fn get_identity_provider_by_identifier(
    ctx: &Ctx,
    input: GetIdentityProviderByIdentifierRequest,
) -> Result<IdentityProviderResponse> {
    let identity_provider = ctx.app.store.read_pool(&input.user_pool_id, |pool| {
        pool.identity_providers
            .values()
            .find(|p| p.idp_identifiers.contains(&input.idp_identifier))
            .map(|p| p.describe(&pool.id))
            .ok_or_else(|| {
                CognitoError::resource_not_found(format!(
                    "Identity provider with identifier {} does not exist.",
                    input.idp_identifier
                ))
            })
    })?;
    Ok(IdentityProviderResponse { identity_provider })
}

/// [UpdateIdentityProvider](https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_UpdateIdentityProvider.html).
/// Given `ProviderDetails` keys replace the stored ones (then the derived keys are filled in again);
/// `AttributeMapping` and `IdpIdentifiers`, when given, replace the stored ones.
pub fn update_identity_provider(
    ctx: &Ctx,
    input: UpdateIdentityProviderRequest,
) -> Result<IdentityProviderResponse> {
    let now = ctx.now_ms();
    let identity_provider = ctx.app.store.write_pool(&input.user_pool_id, |pool| {
        let current = pool
            .identity_providers
            .get(&input.provider_name)
            .ok_or_else(|| not_found(&input.provider_name))?;
        let mut updated = current.clone();
        if let Some(given) = input.provider_details {
            let mut details = current.details.clone();
            details.extend(given);
            check_details(&updated.provider_type, &details)?;
            // Endpoints derived from other keys (Facebook's api_version) must follow the new values.
            if details.get("api_version") != current.details.get("api_version") {
                for k in ["authorize_url", "token_url", "attributes_url"] {
                    details.remove(k);
                }
            }
            add_derived_details(&updated.provider_type, &mut details);
            updated.details = details;
        }
        if let Some(m) = input.attribute_mapping {
            updated.attribute_mapping = default_attribute_mapping(&updated.provider_type, Some(m));
        }
        if let Some(ids) = input.idp_identifiers {
            check_identifiers(pool, &updated.name, &ids)?;
            updated.idp_identifiers = ids;
        }
        updated.modified_ms = now;
        let out = updated.describe(&pool.id);
        pool.identity_providers
            .insert(updated.name.clone(), updated);
        Ok(out)
    })?;
    Ok(IdentityProviderResponse { identity_provider })
}

/// [DeleteIdentityProvider](https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_DeleteIdentityProvider.html).
/// The provider is also dropped from the `SupportedIdentityProviders` of the pool's clients.
pub fn delete_identity_provider(ctx: &Ctx, input: IdentityProviderNameRequest) -> Result<Empty> {
    ctx.app.store.write_pool(&input.user_pool_id, |pool| {
        pool.identity_providers
            .remove(&input.provider_name)
            .ok_or_else(|| not_found(&input.provider_name))?;
        for client in pool.clients.values_mut() {
            if let Some(list) = client.settings.supported_identity_providers.as_mut() {
                list.retain(|p| p != &input.provider_name);
            }
        }
        Ok(())
    })?;
    Ok(Empty {})
}

/// [ListIdentityProviders](https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_ListIdentityProviders.html).
/// In name order; `MaxResults` defaults to 60.
pub fn list_identity_providers(
    ctx: &Ctx,
    input: ListIdentityProvidersRequest,
) -> Result<ListIdentityProvidersResponse> {
    let after = input
        .next_token
        .as_deref()
        .map(pagination::decode)
        .transpose()?;
    let limit = match input.max_results {
        None | Some(0) => 60,
        Some(n) => usize::try_from(n).unwrap_or(60),
    };
    ctx.app.store.read_pool(&input.user_pool_id, |pool| {
        let (page, next_token) =
            pagination::page(pool.identity_providers.keys(), after.as_deref(), limit);
        let providers = page
            .into_iter()
            .filter_map(|n| pool.identity_providers.get(n))
            .map(|p| ProviderDescription {
                provider_name: p.name.clone(),
                provider_type: p.provider_type.clone(),
                last_modified_date: crate::model::timestamp::Timestamp::from_millis(p.modified_ms),
                creation_date: crate::model::timestamp::Timestamp::from_millis(p.created_ms),
            })
            .collect();
        Ok(ListIdentityProvidersResponse {
            providers,
            next_token,
        })
    })
}

/// The `identities` attribute of a user: the external identities linked to it, as AWS writes it (a JSON
/// array string).
fn identities_of(user: &crate::domain::user::User) -> Vec<serde_json::Value> {
    user.attribute("identities")
        .and_then(|v| serde_json::from_str::<Vec<serde_json::Value>>(v).ok())
        .unwrap_or_default()
}

fn same_identity(entry: &serde_json::Value, provider: &str, value: &str) -> bool {
    entry
        .get("providerName")
        .and_then(serde_json::Value::as_str)
        == Some(provider)
        && entry.get("userId").and_then(serde_json::Value::as_str) == Some(value)
}

/// [AdminLinkProviderForUser](https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AdminLinkProviderForUser.html).
/// Links an external identity (`SourceUser`: an identity provider of the pool and the user's subject
/// there) to a native user (`DestinationUser`, provider `Cognito`): it is added to the user's
/// `identities` attribute, which the ID token carries. An identity linked to another user is refused
/// (`AliasExistsException`).
pub fn admin_link_provider_for_user(
    ctx: &Ctx,
    input: AdminLinkProviderForUserRequest,
) -> Result<Empty> {
    let now = ctx.now_ms();
    let dest = input.destination_user;
    let source = input.source_user;
    let (Some(dest_provider), Some(dest_user)) = (
        dest.provider_name.as_deref(),
        dest.provider_attribute_value.as_deref(),
    ) else {
        return Err(CognitoError::invalid_parameter(
            "DestinationUser needs ProviderName and ProviderAttributeValue.",
        ));
    };
    let (Some(src_provider), Some(src_value)) = (
        source.provider_name.as_deref(),
        source.provider_attribute_value.as_deref(),
    ) else {
        return Err(CognitoError::invalid_parameter(
            "SourceUser needs ProviderName and ProviderAttributeValue.",
        ));
    };
    if dest_provider != "Cognito" {
        return Err(CognitoError::invalid_parameter(
            "DestinationUser must be a native Cognito user (ProviderName Cognito).",
        ));
    }
    ctx.app.store.write_pool(&input.user_pool_id, |pool| {
        let provider_type = pool
            .identity_providers
            .get(src_provider)
            .map(|p| p.provider_type.clone())
            .ok_or_else(|| {
                CognitoError::invalid_parameter(format!(
                    "The provider {src_provider} does not exist for User Pool {}",
                    pool.id
                ))
            })?;
        let username = crate::domain::users::find_admin_user(pool, dest_user)
            .map(|u| u.username.clone())
            .ok_or_else(CognitoError::user_not_found)?;
        let taken = pool.users.iter().any(|u| {
            u.username != username
                && identities_of(u)
                    .iter()
                    .any(|e| same_identity(e, src_provider, src_value))
        });
        if taken {
            return Err(CognitoError::new(
                ErrorCode::AliasExists,
                "Another user is already linked to this identity.",
            ));
        }
        let user = pool
            .users
            .get(&username)
            .ok_or_else(CognitoError::user_not_found)?;
        let mut identities = identities_of(user);
        if !identities
            .iter()
            .any(|e| same_identity(e, src_provider, src_value))
        {
            identities.push(serde_json::json!({
                "userId": src_value,
                "providerName": src_provider,
                "providerType": provider_type,
                "issuer": null,
                "primary": "false",
                "dateCreated": now.to_string(),
            }));
        }
        let value = serde_json::Value::Array(identities).to_string();
        pool.users
            .set_attributes(&username, &[("identities".to_owned(), Some(value))], now);
        Ok(Empty {})
    })
}

/// [AdminDisableProviderForUser](https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AdminDisableProviderForUser.html).
/// Unlinks the external identity from whichever native user it was linked to.
pub fn admin_disable_provider_for_user(
    ctx: &Ctx,
    input: AdminDisableProviderForUserRequest,
) -> Result<Empty> {
    let now = ctx.now_ms();
    let (Some(provider), Some(value)) = (
        input.user.provider_name.as_deref(),
        input.user.provider_attribute_value.as_deref(),
    ) else {
        return Err(CognitoError::invalid_parameter(
            "User needs ProviderName and ProviderAttributeValue.",
        ));
    };
    ctx.app.store.write_pool(&input.user_pool_id, |pool| {
        if !pool.identity_providers.contains_key(provider) {
            return Err(CognitoError::invalid_parameter(format!(
                "The provider {provider} does not exist for User Pool {}",
                pool.id
            )));
        }
        let linked: Vec<(String, Vec<serde_json::Value>)> = pool
            .users
            .iter()
            .filter_map(|u| {
                let ids = identities_of(u);
                ids.iter()
                    .any(|e| same_identity(e, provider, value))
                    .then(|| (u.username.clone(), ids))
            })
            .collect();
        if linked.is_empty() {
            return Err(CognitoError::user_not_found());
        }
        for (username, ids) in linked {
            let rest: Vec<serde_json::Value> = ids
                .into_iter()
                .filter(|e| !same_identity(e, provider, value))
                .collect();
            let change = if rest.is_empty() {
                None
            } else {
                Some(serde_json::Value::Array(rest).to_string())
            };
            pool.users
                .set_attributes(&username, &[("identities".to_owned(), change)], now);
        }
        Ok(Empty {})
    })
}
