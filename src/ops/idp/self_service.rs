//! What a signed-in user does with an access token: `GetUser`, `UpdateUserAttributes`, `DeleteUser`,
//! `DeleteUserAttributes`, `GetUserAttributeVerificationCode`, `VerifyUserAttribute`. Each starts with
//! `tokens::verify_access_token` (signature, expiry, revocation, user enabled).

use crate::app::Ctx;
use crate::domain::codes::{self, CodePurpose};
use crate::domain::tokens;
use crate::domain::user_pool::{schema, UserPool};
use crate::domain::users::schema_entry;
use crate::error::{CognitoError, Result};
use crate::model::idp::self_service::*;
use crate::model::idp::sign_up::{AttributeType, CodeDeliveryDetailsType};
use crate::ops::idp::sign_up::check_attributes;
use crate::ops::Empty;

fn attributes_of(user: &crate::domain::user::User) -> Vec<AttributeType> {
    user.attributes
        .iter()
        .filter(|(k, _)| !k.starts_with("dev:"))
        .map(|(k, v)| AttributeType {
            name: k.clone(),
            value: Some(v.clone()),
        })
        .collect()
}

/// Attributes whose new value waits for verification (`AttributesRequireVerificationBeforeUpdate`).
fn require_verification_before_update(pool: &UserPool) -> Vec<String> {
    pool.config
        .user_attribute_update_settings
        .as_ref()
        .and_then(|s| s.get("AttributesRequireVerificationBeforeUpdate"))
        .and_then(|v| v.as_array())
        .map(|l| {
            l.iter()
                .filter_map(|x| x.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

fn auto_verified(pool: &UserPool, attr: &str) -> bool {
    pool.config
        .auto_verified_attributes
        .as_ref()
        .is_some_and(|l| l.iter().any(|a| a == attr))
}

/// [GetUser](https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_GetUser.html).
/// `Username` and `UserAttributes` (developer-only attributes left out), and the MFA settings
/// (`UserMFASettingList`, `PreferredMfaSetting`, legacy `MFAOptions`) when the user has any.
pub fn get_user(ctx: &Ctx, input: AccessTokenRequest) -> Result<GetUserResponse> {
    let claims = tokens::verify_access_token(&ctx.app, &input.access_token)?;
    ctx.app.store.read_pool(&claims.pool_id, |pool| {
        let user = pool
            .users
            .get(&claims.username)
            .ok_or_else(CognitoError::user_not_found)?;
        let mfa = crate::ops::idp::mfa::user_mfa_view(user);
        Ok(GetUserResponse {
            username: user.username.clone(),
            user_attributes: attributes_of(user),
            mfa_options: mfa.options,
            preferred_mfa_setting: mfa.preferred,
            user_mfa_setting_list: mfa.setting_list,
        })
    })
}

/// [UpdateUserAttributes](https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_UpdateUserAttributes.html).
/// Schema and `WriteAttributes` checked; a changed email or phone number becomes unverified and, when
/// auto-verified, gets a code. Under `AttributesRequireVerificationBeforeUpdate` the old value stays until
/// the new one is verified.
pub fn update_user_attributes(
    ctx: &Ctx,
    input: UpdateUserAttributesRequest,
) -> Result<UpdateUserAttributesResponse> {
    let claims = tokens::verify_access_token(&ctx.app, &input.access_token)?;
    let now = ctx.now_ms();
    let code = ctx.new_code();
    ctx.app.store.write_pool(&claims.pool_id, |pool| {
        let client = pool.clients.get(&claims.client_id).cloned();
        let attrs = check_attributes(pool, client.as_ref(), &input.user_attributes)?;
        let wait = require_verification_before_update(pool);
        let mut user = pool
            .users
            .get(&claims.username)
            .cloned()
            .ok_or_else(CognitoError::user_not_found)?;
        // (attribute, value the code goes to, value waiting for verification)
        let mut to_verify: Vec<(String, String, Option<String>)> = Vec::new();
        for (k, v) in attrs {
            let verifiable = k == "email" || k == "phone_number";
            let changed = user.attribute(&k) != Some(v.as_str());
            if verifiable && changed {
                let waits = wait.contains(&k) && user.is_verified(&k);
                if !waits {
                    user.attributes.insert(k.clone(), v.clone());
                    user.attributes
                        .insert(format!("{k}_verified"), "false".to_owned());
                }
                if auto_verified(pool, &k) || waits {
                    to_verify.push((k, v.clone(), waits.then_some(v)));
                }
            } else {
                user.attributes.insert(k, v);
            }
        }
        user.modified_ms = now;
        let mut list = Vec::new();
        for (attr, destination, pending) in to_verify {
            let mut target = user.clone();
            target.attributes.insert(attr.clone(), destination);
            if let Some(d) =
                codes::deliver(ctx, pool, &target, &attr, "UpdateUserAttribute", &code, now)?
            {
                let purpose = CodePurpose::VerifyAttribute(attr.clone());
                pool.codes.issue(
                    &user.username,
                    purpose.clone(),
                    code.clone(),
                    Some(&attr),
                    now,
                );
                pool.codes
                    .set_pending_value(&user.username, &purpose, pending);
                list.push(CodeDeliveryDetailsType::from(d));
            }
        }
        // Replaced through the directory (not in place), so its indexes follow a changed email, phone
        // number or preferred_username.
        pool.users.insert(user);
        Ok(UpdateUserAttributesResponse {
            code_delivery_details_list: list,
        })
    })
}

/// [DeleteUser](https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_DeleteUser.html).
/// Deletes the user and revokes their tokens.
pub fn delete_user(ctx: &Ctx, input: AccessTokenRequest) -> Result<Empty> {
    let claims = tokens::verify_access_token(&ctx.app, &input.access_token)?;
    ctx.app.store.write_pool(&claims.pool_id, |pool| {
        crate::domain::users::delete_pool_user(pool, &claims.username)
            .ok_or_else(CognitoError::user_not_found)?;
        pool.tokens.revoke_user(&claims.username);
        pool.codes.forget_user(&claims.username);
        Ok(Empty {})
    })
}

/// [DeleteUserAttributes](https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_DeleteUserAttributes.html).
/// Required attributes and `sub` cannot be deleted.
pub fn delete_user_attributes(ctx: &Ctx, input: DeleteUserAttributesRequest) -> Result<Empty> {
    let claims = tokens::verify_access_token(&ctx.app, &input.access_token)?;
    let now = ctx.now_ms();
    ctx.app.store.write_pool(&claims.pool_id, |pool| {
        let mut changes: Vec<(String, Option<String>)> = Vec::new();
        for name in &input.user_attribute_names {
            match schema_entry(schema(&pool.config), name) {
                None => {
                    return Err(CognitoError::invalid_parameter(format!(
                        "Invalid user attributes: Type for attribute {{{name}}} could not be determined"
                    )))
                }
                Some(s) if s.required == Some(true) || name == "sub" => {
                    return Err(CognitoError::invalid_parameter(format!(
                        "Invalid user attributes: {name}: The attribute is required"
                    )))
                }
                _ => {}
            }
            changes.push((name.clone(), None));
            if name == "email" || name == "phone_number" {
                changes.push((format!("{name}_verified"), None));
            }
        }
        // Through the directory, so the email, phone and preferred_username indexes forget the values.
        if !pool
            .users
            .set_attributes(&claims.username, &changes, now)
        {
            return Err(CognitoError::user_not_found());
        }
        Ok(Empty {})
    })
}

/// [GetUserAttributeVerificationCode](https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_GetUserAttributeVerificationCode.html).
/// Sends a code to the email or phone number (the pending new value when one waits for verification).
pub fn get_user_attribute_verification_code(
    ctx: &Ctx,
    input: GetUserAttributeVerificationCodeRequest,
) -> Result<GetUserAttributeVerificationCodeResponse> {
    let claims = tokens::verify_access_token(&ctx.app, &input.access_token)?;
    let now = ctx.now_ms();
    let code = ctx.new_code();
    let attr = input.attribute_name.clone();
    if attr != "email" && attr != "phone_number" {
        return Err(CognitoError::invalid_parameter(
            "Invalid attribute name: only email and phone_number can be verified",
        ));
    }
    ctx.app.store.write_pool(&claims.pool_id, |pool| {
        let mut target = pool
            .users
            .get(&claims.username)
            .cloned()
            .ok_or_else(CognitoError::user_not_found)?;
        let purpose = CodePurpose::VerifyAttribute(attr.clone());
        let pending = pool.codes.pending_value(&target.username, &purpose);
        if let Some(p) = &pending {
            target.attributes.insert(attr.clone(), p.clone());
        }
        let d = codes::deliver(ctx, pool, &target, &attr, "VerifyUserAttribute", &code, now)?
            .ok_or_else(|| {
                CognitoError::invalid_parameter(format!(
                    "User does not have a value for the attribute: {attr}"
                ))
            })?;
        pool.codes
            .issue(&target.username, purpose.clone(), code, Some(&attr), now);
        pool.codes
            .set_pending_value(&target.username, &purpose, pending);
        Ok(GetUserAttributeVerificationCodeResponse {
            code_delivery_details: Some(d.into()),
        })
    })
}

/// [VerifyUserAttribute](https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_VerifyUserAttribute.html).
/// Checks the code (24 h, constant time); the attribute becomes verified, and a pending new value replaces
/// the old one.
pub fn verify_user_attribute(ctx: &Ctx, input: VerifyUserAttributeRequest) -> Result<Empty> {
    let claims = tokens::verify_access_token(&ctx.app, &input.access_token)?;
    let now = ctx.now_ms();
    let attr = input.attribute_name.clone();
    ctx.app.store.write_pool(&claims.pool_id, |pool| {
        let purpose = CodePurpose::VerifyAttribute(attr.clone());
        let pending = pool
            .codes
            .check(&claims.username, &purpose, &input.code, now)?
            .pending_value
            .clone();
        pool.codes.consume(&claims.username, &purpose);
        let mut changes = Vec::with_capacity(2);
        if let Some(p) = pending {
            changes.push((attr.clone(), Some(p)));
        }
        changes.push((format!("{attr}_verified"), Some("true".to_owned())));
        // Through the directory, so the email and phone indexes follow a value that waited for this code.
        if !pool.users.set_attributes(&claims.username, &changes, now) {
            return Err(CognitoError::user_not_found());
        }
        Ok(Empty {})
    })
}
