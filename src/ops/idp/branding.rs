//! Managed-login branding: create, describe (by id or by client), update, delete. Stored and echoed;
//! `ReturnMergedResources` returns what was stored (AWS's default style document is not reproduced).

use crate::app::Ctx;
use crate::domain::branding::Branding;
use crate::error::{CognitoError, ErrorCode, Result};
use crate::model::idp::branding::*;
use crate::model::timestamp::Timestamp;
use crate::ops::Empty;

fn describe(pool_id: &str, id: &str, b: &Branding) -> ManagedLoginBrandingType {
    ManagedLoginBrandingType {
        managed_login_branding_id: id.to_owned(),
        user_pool_id: pool_id.to_owned(),
        use_cognito_provided_values: b.use_cognito_provided_values,
        settings: b.settings.clone(),
        assets: b.assets.clone(),
        creation_date: Timestamp::from_millis(b.created_ms),
        last_modified_date: Timestamp::from_millis(b.modified_ms),
    }
}

fn not_found() -> CognitoError {
    CognitoError::resource_not_found("Managed login branding does not exist.")
}

/// `UseCognitoProvidedValues` and custom `Settings`/`Assets` exclude each other.
fn check(
    use_defaults: bool,
    settings: &Option<serde_json::Value>,
    assets: &Option<Vec<serde_json::Value>>,
) -> Result<()> {
    if use_defaults && (settings.is_some() || assets.as_ref().is_some_and(|a| !a.is_empty())) {
        return Err(CognitoError::invalid_parameter(
            "Settings and Assets cannot be set when UseCognitoProvidedValues is true.",
        ));
    }
    Ok(())
}

/// [CreateManagedLoginBranding](https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_CreateManagedLoginBranding.html).
pub fn create_managed_login_branding(
    ctx: &Ctx,
    input: CreateManagedLoginBrandingRequest,
) -> Result<ManagedLoginBrandingResponse> {
    let use_defaults = input.use_cognito_provided_values.unwrap_or(false);
    check(use_defaults, &input.settings, &input.assets)?;
    let now = ctx.now_ms();
    let managed_login_branding = ctx.app.store.write_pool(&input.user_pool_id, |pool| {
        if !pool.clients.contains_key(&input.client_id) {
            return Err(crate::ops::idp::clients::client_not_found(&input.client_id));
        }
        if pool
            .rare
            .branding
            .values()
            .any(|b| b.client_id == input.client_id)
        {
            return Err(CognitoError::new(
                ErrorCode::ManagedLoginBrandingExists,
                "A managed login branding style already exists for this app client.",
            ));
        }
        let id = uuid::Uuid::new_v4().to_string();
        let b = Branding {
            client_id: input.client_id,
            use_cognito_provided_values: use_defaults,
            settings: input.settings,
            assets: input.assets.unwrap_or_default(),
            created_ms: now,
            modified_ms: now,
        };
        let out = describe(&pool.id, &id, &b);
        pool.rare.branding.insert(id, b);
        Ok(out)
    })?;
    Ok(ManagedLoginBrandingResponse {
        managed_login_branding,
    })
}

/// [DescribeManagedLoginBranding](https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_DescribeManagedLoginBranding.html).
pub fn describe_managed_login_branding(
    ctx: &Ctx,
    input: BrandingIdRequest,
) -> Result<ManagedLoginBrandingResponse> {
    let managed_login_branding = ctx.app.store.read_pool(&input.user_pool_id, |pool| {
        pool.rare
            .branding
            .get(&input.managed_login_branding_id)
            .map(|b| describe(&pool.id, &input.managed_login_branding_id, b))
            .ok_or_else(not_found)
    })?;
    Ok(ManagedLoginBrandingResponse {
        managed_login_branding,
    })
}

/// [DescribeManagedLoginBrandingByClient](https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_DescribeManagedLoginBrandingByClient.html).
pub fn describe_managed_login_branding_by_client(
    ctx: &Ctx,
    input: BrandingByClientRequest,
) -> Result<ManagedLoginBrandingResponse> {
    let managed_login_branding = ctx.app.store.read_pool(&input.user_pool_id, |pool| {
        pool.rare
            .branding
            .iter()
            .find(|(_, b)| b.client_id == input.client_id)
            .map(|(id, b)| describe(&pool.id, id, b))
            .ok_or_else(not_found)
    })?;
    Ok(ManagedLoginBrandingResponse {
        managed_login_branding,
    })
}

/// [UpdateManagedLoginBranding](https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_UpdateManagedLoginBranding.html).
/// Members left out keep their values; `UseCognitoProvidedValues` true clears settings and assets.
pub fn update_managed_login_branding(
    ctx: &Ctx,
    input: UpdateManagedLoginBrandingRequest,
) -> Result<ManagedLoginBrandingResponse> {
    let (Some(pool_id), Some(id)) = (input.user_pool_id, input.managed_login_branding_id) else {
        return Err(CognitoError::invalid_parameter(
            "UserPoolId and ManagedLoginBrandingId are required.",
        ));
    };
    let use_defaults = input.use_cognito_provided_values.unwrap_or(false);
    check(use_defaults, &input.settings, &input.assets)?;
    let now = ctx.now_ms();
    let managed_login_branding = ctx.app.store.write_pool(&pool_id, |pool| {
        let pool_id = pool.id.clone();
        let b = pool.rare.branding.get_mut(&id).ok_or_else(not_found)?;
        if use_defaults {
            b.use_cognito_provided_values = true;
            b.settings = None;
            b.assets.clear();
        } else {
            if input.use_cognito_provided_values == Some(false) {
                b.use_cognito_provided_values = false;
            }
            if let Some(s) = input.settings {
                b.settings = Some(s);
                b.use_cognito_provided_values = false;
            }
            if let Some(a) = input.assets {
                b.assets = a;
            }
        }
        b.modified_ms = now;
        Ok(describe(&pool_id, &id, b))
    })?;
    Ok(ManagedLoginBrandingResponse {
        managed_login_branding,
    })
}

/// [DeleteManagedLoginBranding](https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_DeleteManagedLoginBranding.html).
pub fn delete_managed_login_branding(ctx: &Ctx, input: BrandingIdRequest) -> Result<Empty> {
    ctx.app.store.write_pool(&input.user_pool_id, |pool| {
        pool.rare
            .branding
            .remove(&input.managed_login_branding_id)
            .map(|_| Empty {})
            .ok_or_else(not_found)
    })
}
