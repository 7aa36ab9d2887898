//! Users, administrator side: create (with invitations), read, update and delete attributes, enable
//! and disable, passwords, confirmation, and `ListUsers` with its filter.

use std::sync::Arc;

use serde_json::Value;

use crate::app::Ctx;
use crate::domain::codes::CodePurpose;
use crate::domain::filter::{self, Filter};
use crate::domain::messages::Message;
use crate::domain::pagination;
use crate::domain::password::{self, PasswordHash};
use crate::domain::triggers;
use crate::domain::user::{Attributes, User, UserStatus};
use crate::domain::user_pool::{password_policy, schema, UserPool};
use crate::domain::users::{
    check_attributes, check_unique, delete_pool_user, find_admin_user, new_username, schema_entry,
    AttributeWrite, LoginSettings, NewUsername,
};
use crate::error::{CognitoError, ErrorCode, Result};
use crate::model::idp::user_pools::PasswordPolicyType;
use crate::model::idp::users::*;
use crate::model::timestamp::Timestamp;
use crate::ops::{Empty, PreSerialized};

const DAY_MS: i64 = 86_400_000;
/// How long a password-reset code works.
/// Passwords kept for `PasswordHistorySize` (its maximum is 24).
const MAX_HISTORY: usize = 24;

/// A user as `UserType`, optionally with only some attributes (`ListUsers` `AttributesToGet`).
pub fn user_type<'a>(user: &'a User, only: Option<&'a [String]>) -> UserType<'a> {
    UserType {
        username: &user.username,
        attributes: listed_attributes(user, only)
            .map(|(k, v)| AttributeRef { name: k, value: v })
            .collect(),
        user_create_date: Timestamp::from_millis(user.created_ms),
        user_last_modified_date: Timestamp::from_millis(user.modified_ms),
        enabled: user.enabled,
        user_status: user.status.as_str(),
    }
}

/// The `AdminCreateUser` answer, written while the user is still at hand (it borrows the user).
fn created_body(user: &User) -> Result<PreSerialized> {
    PreSerialized::of(AdminCreateUserResponse {
        user: user_type(user, None),
    })
}

/// The attributes an answer lists: all of them, or those `only` names (`AttributesToGet`).
fn listed_attributes<'a>(
    user: &'a User,
    only: Option<&'a [String]>,
) -> impl Iterator<Item = (&'a String, &'a String)> + 'a {
    user.attributes
        .iter()
        .filter(move |(k, _)| only.is_none_or(|o| o.iter().any(|n| n == *k)))
}

fn attribute_list(user: &User, only: Option<&[String]>) -> Vec<AttributeType> {
    listed_attributes(user, only)
        .map(|(k, v)| AttributeType {
            name: k.clone(),
            value: Some(v.clone()),
        })
        .collect()
}

fn pairs(attrs: &[AttributeType]) -> Vec<(String, String)> {
    attrs
        .iter()
        .map(|a| (a.name.clone(), a.value.clone().unwrap_or_default()))
        .collect()
}

/// The internal username of the user `login` names, or `UserNotFoundException`.
fn resolve(pool: &UserPool, login: &str) -> Result<String> {
    find_admin_user(pool, login)
        .map(|u| u.username.clone())
        .ok_or_else(CognitoError::user_not_found)
}

/// The temporary password of an invitation: the one given, if the policy accepts it, else a new one.
fn temporary_password(policy: &PasswordPolicyType, given: Option<String>) -> Result<String> {
    match given {
        Some(p) => {
            password::check_policy(policy, &p)?;
            Ok(p)
        }
        None => Ok(password::generate_temporary(policy)),
    }
}

fn temporary_expiry(policy: &PasswordPolicyType, now: i64) -> i64 {
    let days = policy
        .temporary_password_validity_days
        .filter(|d| *d > 0)
        .unwrap_or(7);
    now.saturating_add(days.saturating_mul(DAY_MS))
}

fn template_str<'a>(v: Option<&'a Value>, key: &str) -> Option<&'a str> {
    v.and_then(|v| v.get(key)).and_then(Value::as_str)
}

/// The invitation messages of `AdminCreateUser`, one per delivery medium with a destination. The
/// mediums are `DesiredDeliveryMediums`, email when not given: the default is built here, only when an
/// invitation is sent (most callers pass `SUPPRESS`).
fn invitations(
    pool: &UserPool,
    user: &User,
    temporary: &str,
    given_mediums: Option<Vec<String>>,
    now: i64,
) -> Vec<Message> {
    let template = pool
        .config
        .admin_create_user_config
        .as_ref()
        .and_then(|c| c.get("InviteMessageTemplate"));
    let default_body = "Your username is {username} and temporary password is {####}. ";
    let mut out = Vec::new();
    let mediums = given_mediums
        .filter(|m| !m.is_empty())
        .unwrap_or_else(|| vec!["EMAIL".to_owned()]);
    for medium in &mediums {
        let (attr, body, subject) = match medium.as_str() {
            "SMS" => (
                "phone_number",
                template_str(template, "SMSMessage").unwrap_or(default_body),
                None,
            ),
            _ => (
                "email",
                template_str(template, "EmailMessage").unwrap_or(default_body),
                Some(
                    template_str(template, "EmailSubject")
                        .unwrap_or("Your temporary password")
                        .to_owned(),
                ),
            ),
        };
        let Some(destination) = user.attribute(attr) else {
            continue;
        };
        out.push(Message {
            user_pool_id: pool.id.clone(),
            username: user.username.clone(),
            destination: destination.to_owned(),
            delivery_medium: if attr == "email" { "EMAIL" } else { "SMS" }.to_owned(),
            attribute_name: attr.to_owned(),
            trigger: "AdminCreateUser".to_owned(),
            subject,
            // The placeholders are filled when the message is sent (`codes::send`), after CustomMessage.
            body: body.to_owned(),
            code: None,
            temporary_password: Some(temporary.to_owned()),
            timestamp: now,
        });
    }
    out
}

/// [AdminCreateUser](https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AdminCreateUser.html).
/// Username rules of `UsernameAttributes` (the internal username becomes the `sub`) and
/// `AliasAttributes`, schema checks, uniqueness of username attributes and aliases (`ForceAliasCreation`
/// moves an alias), the temporary password and its validity, `MessageAction` `SUPPRESS` / `RESEND`, and
/// the invitation recorded in the outbox per `DesiredDeliveryMediums`. `ClientMetadata` and
/// `ValidationData` reach the PreSignUp trigger; CustomMessage writes the invitation.
pub fn admin_create_user(ctx: &Ctx, mut input: AdminCreateUserRequest) -> Result<PreSerialized> {
    let now = ctx.now_ms();
    // Moved out of the request rather than copied: the request is dropped at the end anyway.
    let given_mediums = input.desired_delivery_mediums.take();
    let given_attributes = input.user_attributes.take().unwrap_or_default();
    let given_password = input.temporary_password.take();
    if input.message_action.as_deref() == Some("RESEND") {
        return resend_invitation(ctx, &input, given_password, given_mediums, now);
    }
    // The new user is checked, made and written out before the pool's lock is taken, against the
    // pool's configuration as it is now (shared, held by pointer): only the uniqueness checks and the
    // insertion hold the lock. With all of it under the lock, two requests on one pool met there often
    // enough that the futex waits and wake-ups were 2-3% of the server's time.
    let config = ctx
        .app
        .store
        .read_pool(&input.user_pool_id, |pool| Ok(Arc::clone(&pool.config)))?;
    let policy = password_policy(&config);
    let temporary = temporary_password(&policy, given_password)?;
    let expires = temporary_expiry(&policy, now);
    let settings = LoginSettings::of(&config);
    // Made before the attributes are checked, but its error is reported after theirs.
    let made = new_username(&settings, &input.username, now);
    // Room for the username attribute and the `sub` added below: the list is never grown (copied).
    let extra = 1 + made
        .as_ref()
        .map_or(0, |m| usize::from(m.username_attribute.is_some()));
    let mut given: Vec<(String, String)> = Vec::with_capacity(given_attributes.len() + extra);
    given.extend(
        given_attributes
            .into_iter()
            .map(|a| (a.name, a.value.unwrap_or_default())),
    );
    check_attributes(schema(&config), &given, AttributeWrite::Create)?;
    let NewUsername {
        internal,
        sub,
        username_attribute,
    } = made?;
    if let Some((attr, value)) = username_attribute {
        given.retain(|(k, _)| k != attr);
        given.push((attr.to_owned(), value));
    }
    given.push(("sub".to_owned(), sub.clone()));
    let attributes: Attributes = given.into_iter().collect();
    let mut user = User::with_attributes(
        internal,
        sub,
        attributes,
        now,
        UserStatus::ForceChangePassword,
    );
    // The store finds a pool by its exact id, so the request's id is the pool's.
    user.password = Some(PasswordHash::new(
        &input.user_pool_id,
        &user.username,
        &temporary,
    ));
    user.temporary_password_expires_ms = Some(expires);
    let body = created_body(&user)?;
    let suppress = input.message_action.as_deref() == Some("SUPPRESS");
    // PreSignUp_AdminCreateUser, before anything is written. The user is an administrator's invitation
    // (FORCE_CHANGE_PASSWORD): AWS ignores the auto-confirm and auto-verify answers here.
    crate::ops::idp::sign_up::pre_sign_up(
        ctx,
        config.lambda_config.as_deref(),
        "PreSignUp_AdminCreateUser",
        triggers::Caller {
            pool_id: &input.user_pool_id,
            client_id: None,
            username: &user.username,
        },
        &user,
        triggers::validation_data(
            input
                .validation_data
                .iter()
                .flatten()
                .map(|a| (a.name.as_str(), a.value.as_deref())),
        ),
        triggers::client_metadata_sorted(input.client_metadata.as_ref()),
    )?;

    let messages = ctx.app.store.write_pool(&input.user_pool_id, |pool| {
        if pool
            .users
            .username_taken(&user.username, settings.case_sensitive)
        {
            return Err(CognitoError::new(
                ErrorCode::UsernameExists,
                "User account already exists",
            ));
        }
        let takeovers = check_unique(
            pool,
            &user.username,
            &user.attributes,
            true,
            input.force_alias_creation == Some(true),
        )?;
        for (holder, attr) in takeovers {
            pool.users.set_attributes(
                &holder,
                &[(format!("{attr}_verified"), Some("false".to_owned()))],
                now,
            );
        }
        let messages = if suppress {
            Vec::new()
        } else {
            invitations(pool, &user, &temporary, given_mediums, now)
        };
        // The invitation's CustomMessage trigger runs after the lock is released, on this copy.
        let invited = (!messages.is_empty()).then(|| user.clone());
        pool.users.insert(user);
        Ok((messages, invited))
    })?;
    if let (messages, Some(user)) = messages {
        for m in messages {
            crate::domain::codes::send(
                ctx,
                config.lambda_config.as_deref(),
                &user,
                m,
                Some(&input.username),
            )?;
        }
    }
    Ok(body)
}

/// `AdminCreateUser` with `MessageAction: RESEND`: a new temporary password for a user who has not
/// signed in yet, sent again.
fn resend_invitation(
    ctx: &Ctx,
    input: &AdminCreateUserRequest,
    given_password: Option<String>,
    given_mediums: Option<Vec<String>>,
    now: i64,
) -> Result<PreSerialized> {
    let (body, messages) = ctx.app.store.write_pool(&input.user_pool_id, |pool| {
        let policy = pool.password_policy();
        let temporary = temporary_password(&policy, given_password)?;
        let expires = temporary_expiry(&policy, now);
        let username = resolve(pool, &input.username)?;
        let status = pool.users.get(&username).map(|u| u.status);
        if status != Some(UserStatus::ForceChangePassword) {
            return Err(CognitoError::new(
                ErrorCode::UnsupportedUserState,
                "Resend not possible. User account already exists.",
            ));
        }
        let hash = PasswordHash::new(&pool.id, &username, &temporary);
        let Some(user) = pool.users.get_mut(&username) else {
            return Err(CognitoError::user_not_found());
        };
        user.password = Some(hash);
        user.temporary_password_expires_ms = Some(expires);
        user.modified_ms = now;
        // Borrowed again, read-only, beside the pool (no copy of the user).
        let Some(user) = pool.users.get(&username) else {
            return Err(CognitoError::user_not_found());
        };
        let messages = invitations(pool, user, &temporary, given_mediums, now);
        Ok((
            created_body(user)?,
            (messages, user.clone(), pool.config.lambda_config.clone()),
        ))
    })?;
    let (messages, user, lambda_config) = messages;
    for m in messages {
        crate::domain::codes::send(
            ctx,
            lambda_config.as_deref(),
            &user,
            m,
            Some(&input.username),
        )?;
    }
    Ok(body)
}

/// [AdminGetUser](https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AdminGetUser.html).
/// `Username` may be an alias. MFA settings as in `GetUser`.
pub fn admin_get_user(ctx: &Ctx, input: AdminUserRequest) -> Result<AdminGetUserResponse> {
    ctx.app.store.read_pool(&input.user_pool_id, |pool| {
        let user =
            find_admin_user(pool, &input.username).ok_or_else(CognitoError::user_not_found)?;
        let mfa = crate::ops::idp::mfa::user_mfa_view(user);
        Ok(AdminGetUserResponse {
            username: user.username.clone(),
            user_attributes: attribute_list(user, None),
            user_create_date: Timestamp::from_millis(user.created_ms),
            user_last_modified_date: Timestamp::from_millis(user.modified_ms),
            enabled: user.enabled,
            user_status: user.status.as_str().to_owned(),
            mfa_options: mfa.options,
            preferred_mfa_setting: mfa.preferred,
            user_mfa_setting_list: mfa.setting_list,
        })
    })
}

/// [AdminDeleteUser](https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AdminDeleteUser.html).
/// Also removes the user's group memberships.
pub fn admin_delete_user(ctx: &Ctx, input: AdminUserRequest) -> Result<Empty> {
    ctx.app.store.write_pool(&input.user_pool_id, |pool| {
        let username = resolve(pool, &input.username)?;
        delete_pool_user(pool, &username);
        Ok(Empty {})
    })
}

/// [AdminUpdateUserAttributes](https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AdminUpdateUserAttributes.html).
/// Schema checks (immutable attributes and `sub` refused), uniqueness of username attributes and
/// aliases (`AliasExistsException`); a changed `email` / `phone_number` becomes unverified unless
/// `email_verified` / `phone_number_verified` is given in the same call. No verification code is sent
/// for the new value yet.
pub fn admin_update_user_attributes(
    ctx: &Ctx,
    input: AdminUpdateUserAttributesRequest,
) -> Result<Empty> {
    let now = ctx.now_ms();
    ctx.app.store.write_pool(&input.user_pool_id, |pool| {
        let username = resolve(pool, &input.username)?;
        let given = pairs(&input.user_attributes);
        check_attributes(schema(&pool.config), &given, AttributeWrite::Update)?;
        let Some(user) = pool.users.get(&username) else {
            return Err(CognitoError::user_not_found());
        };
        let mut changes: Vec<(String, Option<String>)> = given
            .iter()
            .map(|(k, v)| (k.clone(), Some(v.clone())))
            .collect();
        // A changed email or phone number is unverified unless the call sets its `_verified` flag; when
        // the pool auto-verifies it, AWS sends a verification code to the new value.
        let mut to_verify: Vec<&str> = Vec::new();
        for attr in ["email", "phone_number"] {
            let verified = format!("{attr}_verified");
            let changed = given
                .iter()
                .any(|(k, v)| k == attr && user.attribute(attr) != Some(v.as_str()));
            if changed && !given.iter().any(|(k, _)| *k == verified) {
                changes.push((verified, Some("false".to_owned())));
                let auto = pool
                    .config
                    .auto_verified_attributes
                    .as_deref()
                    .unwrap_or(&[]);
                if auto.iter().any(|a| a == attr) {
                    to_verify.push(attr);
                }
            }
        }
        let mut after = user.attributes.clone();
        for (k, v) in &changes {
            if let Some(v) = v {
                after.insert(k.clone(), v.clone());
            }
        }
        check_unique(pool, &username, &after, false, false)?;
        pool.users.set_attributes(&username, &changes, now);
        for attr in to_verify {
            let code = ctx.new_code();
            if let Some(user) = pool.users.get(&username) {
                crate::domain::codes::deliver(
                    ctx,
                    pool,
                    user,
                    attr,
                    "UpdateUserAttribute",
                    &code,
                    now,
                )?;
            }
            pool.codes.issue(
                &username,
                CodePurpose::VerifyAttribute(attr.to_owned()),
                code,
                Some(attr),
                now,
            );
        }
        Ok(Empty {})
    })
}

/// [AdminDeleteUserAttributes](https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AdminDeleteUserAttributes.html).
/// Unknown, immutable and required attributes are refused; deleting `email` / `phone_number` also
/// deletes its `_verified` flag.
pub fn admin_delete_user_attributes(
    ctx: &Ctx,
    input: AdminDeleteUserAttributesRequest,
) -> Result<Empty> {
    let now = ctx.now_ms();
    ctx.app.store.write_pool(&input.user_pool_id, |pool| {
        let username = resolve(pool, &input.username)?;
        let mut changes: Vec<(String, Option<String>)> = Vec::new();
        for name in &input.user_attribute_names {
            let Some(entry) = schema_entry(schema(&pool.config), name) else {
                return Err(CognitoError::invalid_parameter(format!(
                    "user.{name}: Attribute does not exist in the schema."
                )));
            };
            if name == "sub" || entry.mutable == Some(false) {
                return Err(CognitoError::invalid_parameter(format!(
                    "user.{name}: Attribute cannot be updated."
                )));
            }
            if entry.required == Some(true) {
                return Err(CognitoError::invalid_parameter(format!(
                    "user.{name}: The attribute is required"
                )));
            }
            changes.push((name.clone(), None));
            if name == "email" || name == "phone_number" {
                changes.push((format!("{name}_verified"), None));
            }
        }
        pool.users.set_attributes(&username, &changes, now);
        Ok(Empty {})
    })
}

fn set_enabled(ctx: &Ctx, input: AdminUserRequest, enabled: bool) -> Result<Empty> {
    let now = ctx.now_ms();
    ctx.app.store.write_pool(&input.user_pool_id, |pool| {
        let username = resolve(pool, &input.username)?;
        if let Some(user) = pool.users.get_mut(&username) {
            user.enabled = enabled;
            user.modified_ms = now;
        }
        Ok(Empty {})
    })
}

/// [AdminDisableUser](https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AdminDisableUser.html).
/// A disabled user cannot sign in; ListUsers filter `status = "Disabled"` finds it.
pub fn admin_disable_user(ctx: &Ctx, input: AdminUserRequest) -> Result<Empty> {
    set_enabled(ctx, input, false)
}

/// [AdminEnableUser](https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AdminEnableUser.html).
pub fn admin_enable_user(ctx: &Ctx, input: AdminUserRequest) -> Result<Empty> {
    set_enabled(ctx, input, true)
}

/// Sets a user's password after the policy and history checks; shared with the password flows.
/// `permanent` gives `CONFIRMED`, otherwise `FORCE_CHANGE_PASSWORD` with the temporary validity.
pub fn set_password(
    pool: &mut UserPool,
    username: &str,
    new_password: &str,
    permanent: bool,
    now: i64,
) -> Result<()> {
    let policy = pool.password_policy();
    password::check_policy(&policy, new_password)?;
    let history_size = usize::try_from(policy.password_history_size.unwrap_or(0)).unwrap_or(0);
    let expires = temporary_expiry(&policy, now);
    let pool_id = pool.id.clone();
    let Some(user) = pool.users.get_mut(username) else {
        return Err(CognitoError::user_not_found());
    };
    if history_size > 0 {
        let reused = user
            .password
            .iter()
            .chain(
                user.password_history
                    .iter()
                    .take(history_size.saturating_sub(1)),
            )
            .any(|h| h.verify(&pool_id, username, new_password));
        if reused {
            return Err(CognitoError::new(
                ErrorCode::PasswordHistoryPolicyViolation,
                "The password you entered has been used recently. Choose a different password.",
            ));
        }
    }
    if let Some(old) = user.password.take() {
        user.password_history.insert(0, old);
        user.password_history.truncate(MAX_HISTORY);
    }
    user.password = Some(PasswordHash::new(&pool_id, username, new_password));
    if permanent {
        user.status = UserStatus::Confirmed;
        user.temporary_password_expires_ms = None;
    } else {
        user.status = UserStatus::ForceChangePassword;
        user.temporary_password_expires_ms = Some(expires);
    }
    user.modified_ms = now;
    Ok(())
}

/// [AdminSetUserPassword](https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AdminSetUserPassword.html).
/// Policy and `PasswordHistorySize` checks; `Permanent` true gives `CONFIRMED`, false
/// `FORCE_CHANGE_PASSWORD`.
pub fn admin_set_user_password(ctx: &Ctx, input: AdminSetUserPasswordRequest) -> Result<Empty> {
    let now = ctx.now_ms();
    ctx.app.store.write_pool(&input.user_pool_id, |pool| {
        let username = resolve(pool, &input.username)?;
        set_password(
            pool,
            &username,
            &input.password,
            input.permanent == Some(true),
            now,
        )?;
        Ok(Empty {})
    })
}

/// Where a code goes: the first verified email or phone number, in the order of the pool's
/// `AccountRecoverySetting` (email first when there is none).
pub fn recovery_destination(pool: &UserPool, user: &User) -> Option<(&'static str, String)> {
    let mut order: Vec<&'static str> = pool
        .config
        .account_recovery_setting
        .as_ref()
        .and_then(|s| s.get("RecoveryMechanisms"))
        .and_then(Value::as_array)
        .map(|ms| {
            let mut ms: Vec<(i64, &'static str)> = ms
                .iter()
                .filter_map(|m| {
                    let prio = m.get("Priority").and_then(Value::as_i64).unwrap_or(0);
                    match m.get("Name").and_then(Value::as_str) {
                        Some("verified_email") => Some((prio, "email")),
                        Some("verified_phone_number") => Some((prio, "phone_number")),
                        _ => None,
                    }
                })
                .collect();
            ms.sort_unstable();
            ms.into_iter().map(|(_, a)| a).collect()
        })
        .unwrap_or_default();
    if order.is_empty() {
        order = vec!["email", "phone_number"];
    }
    order.into_iter().find_map(|attr| {
        user.attribute(attr)
            .filter(|_| user.is_verified(attr))
            .map(|v| (attr, v.to_owned()))
    })
}

/// [AdminResetUserPassword](https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AdminResetUserPassword.html).
/// The user becomes `RESET_REQUIRED`; a code (kept in the pool's code store, checked by
/// `ConfirmForgotPassword`) goes to the verified email or phone number through the outbox.
pub fn admin_reset_user_password(ctx: &Ctx, input: AdminUserRequest) -> Result<Empty> {
    let now = ctx.now_ms();
    let code = ctx.new_code();
    ctx.app.store.write_pool(&input.user_pool_id, |pool| {
        let username = resolve(pool, &input.username)?;
        let Some(user) = pool.users.get(&username) else {
            return Err(CognitoError::user_not_found());
        };
        let Some((attr, _)) = recovery_destination(pool, user) else {
            return Err(CognitoError::invalid_parameter(
                "Cannot reset password for the user as there is no registered/verified email or phone_number",
            ));
        };
        crate::domain::codes::deliver(ctx, pool, user, attr, "ForgotPassword", &code, now)?;
        pool.codes
            .issue(&username, CodePurpose::ForgotPassword, code.clone(), Some(attr), now);
        if let Some(user) = pool.users.get_mut(&username) {
            user.status = UserStatus::ResetRequired;
            user.modified_ms = now;
        }
        Ok(Empty {})
    })
}

/// [AdminConfirmSignUp](https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AdminConfirmSignUp.html).
/// Only an `UNCONFIRMED` user can be confirmed.
pub fn admin_confirm_sign_up(ctx: &Ctx, input: AdminUserRequest) -> Result<Empty> {
    let now = ctx.now_ms();
    let username = ctx.app.store.write_pool(&input.user_pool_id, |pool| {
        let username = resolve(pool, &input.username)?;
        let Some(user) = pool.users.get_mut(&username) else {
            return Err(CognitoError::user_not_found());
        };
        if user.status != UserStatus::Unconfirmed {
            return Err(CognitoError::not_authorized(format!(
                "User cannot be confirmed. Current status is {}",
                user.status.as_str()
            )));
        }
        user.status = UserStatus::Confirmed;
        user.modified_ms = now;
        pool.codes.consume(&username, &CodePurpose::SignUp);
        Ok(username)
    })?;
    crate::ops::idp::sign_up::post_confirmation(
        ctx,
        &input.user_pool_id,
        None,
        &username,
        "PostConfirmation_ConfirmSignUp",
        triggers::client_metadata_sorted(input.client_metadata.as_ref()),
    )?;
    Ok(Empty {})
}

/// The users a filter selects, in username order, after `after`. Equality and prefix filters on
/// `username`, `email`, `phone_number`, `preferred_username` and `sub` use the directory's indexes; the
/// others scan.
fn select<'a>(
    pool: &'a UserPool,
    filter: Option<&'a Filter>,
    after: Option<&'a str>,
) -> Box<dyn Iterator<Item = &'a User> + 'a> {
    let users = &pool.users;
    let Some(f) = filter else {
        return Box::new(users.iter_after(after));
    };
    let mut hits: Vec<&User> = match f.attribute.as_str() {
        "username" if f.prefix => users.username_prefix(&f.value).collect(),
        "username" => users.get(&f.value).into_iter().collect(),
        "sub" if f.prefix => users.sub_prefix(&f.value).collect(),
        "sub" => users.by_sub(&f.value).into_iter().collect(),
        "email" | "phone_number" | "preferred_username" => {
            users.find_by_attribute(&f.attribute, &f.value, false, f.prefix)
        }
        _ => {
            return Box::new(users.iter_after(after).filter(move |u| f.matches(u)));
        }
    };
    hits.retain(|u| f.matches(u) && after.is_none_or(|a| u.username.as_str() > a));
    hits.sort_unstable_by(|a, b| a.username.cmp(&b.username));
    Box::new(hits.into_iter())
}

/// [ListUsers](https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_ListUsers.html).
/// The complete filter grammar (`=`, `^=`, quoted values with escapes) over the searchable attributes,
/// `AttributesToGet`, `Limit` (60 by default) and `PaginationToken` (keyed by username, so changes
/// between pages cause neither duplicates nor gaps). Results are in internal-username order.
pub fn list_users(ctx: &Ctx, input: ListUsersRequest) -> Result<PreSerialized> {
    let parsed = filter::parse(input.filter.as_deref().unwrap_or(""))?;
    let after = input
        .pagination_token
        .as_deref()
        .map(pagination::decode)
        .transpose()?;
    let limit = match input.limit {
        Some(n) if n > 0 => usize::try_from(n).unwrap_or(60),
        _ => 60,
    };
    ctx.app.store.read_pool(&input.user_pool_id, |pool| {
        if let Some(names) = &input.attributes_to_get {
            if let Some(bad) = names
                .iter()
                .find(|n| schema_entry(schema(&pool.config), n).is_none())
            {
                return Err(CognitoError::invalid_parameter(format!(
                    "One or more requested attributes do not exist: {bad}"
                )));
            }
        }
        let mut users: Vec<UserType> = Vec::new();
        let mut more = false;
        for user in select(pool, parsed.as_ref(), after.as_deref()) {
            if users.len() == limit {
                more = true;
                break;
            }
            users.push(user_type(user, input.attributes_to_get.as_deref()));
        }
        let pagination_token = if more {
            users.last().map(|u| pagination::encode(u.username))
        } else {
            None
        };
        // Written here, while the users it borrows are locked.
        PreSerialized::of(ListUsersResponse {
            users,
            pagination_token,
        })
    })
}
