//! Self-registration and recovery: `SignUp`, `ConfirmSignUp`, `ResendConfirmationCode`, `ForgotPassword`,
//! `ConfirmForgotPassword`, and `ChangePassword` (which needs an access token).

use std::collections::BTreeMap;

use crate::app::Ctx;
use crate::domain::auth_flow::{apply_password, check_secret_hash, find_login, new_password_for};
use crate::domain::client::AppClient;
use crate::domain::codes::{self, CodePurpose, Delivery};
use crate::domain::password::{check_policy, PasswordHash};
use crate::domain::tokens;
use crate::domain::triggers::{self, Trigger};
use crate::domain::user::{User, UserStatus};
use crate::domain::user_pool::{required_attributes, schema, UserPool};
use crate::domain::users::{new_username, LoginSettings, NewUsername};
use crate::error::{CognitoError, ErrorCode, Result};
use crate::model::idp::sign_up::*;
use crate::ops::idp::auth::{client_in, pool_of_client};
use crate::ops::Empty;
use serde_json::json;

fn pool_list(v: Option<&Vec<String>>) -> &[String] {
    v.map_or(&[], Vec::as_slice)
}

/// Checks attribute names against the schema and the client's `WriteAttributes`, and returns them as a map.
pub(crate) fn check_attributes(
    pool: &UserPool,
    client: Option<&AppClient>,
    attrs: &[AttributeType],
) -> Result<BTreeMap<String, String>> {
    let schema = schema(&pool.config);
    let mut out = BTreeMap::new();
    for a in attrs {
        let known = schema
            .iter()
            .any(|s| s.name.as_deref() == Some(a.name.as_str()));
        if !known || a.name == "sub" || a.name.starts_with("dev:") {
            return Err(CognitoError::invalid_parameter(format!(
                "Attributes did not conform to the schema: Type for attribute {{{}}} could not be determined",
                a.name
            )));
        }
        if let Some(writable) = client.and_then(|c| c.settings.write_attributes.as_ref()) {
            let verified_flag = a.name.ends_with("_verified");
            if !writable.is_empty() && !verified_flag && !writable.contains(&a.name) {
                return Err(CognitoError::not_authorized(
                    "A client attempted to write unauthorized attribute",
                ));
            }
        }
        out.insert(a.name.clone(), a.value.clone().unwrap_or_default());
    }
    Ok(out)
}

/// The attribute a confirmation code goes to: phone if auto-verified and present (AWS prefers SMS), else
/// email.
fn auto_verified_target(pool: &UserPool, user: &User) -> Option<&'static str> {
    let auto = pool_list(pool.config.auto_verified_attributes.as_ref());
    ["phone_number", "email"]
        .into_iter()
        .find(|a| auto.iter().any(|x| x == a) && user.attribute(a).is_some())
}

fn send_code(
    ctx: &Ctx,
    pool: &mut UserPool,
    user: &User,
    purpose: CodePurpose,
    attribute: &str,
    trigger: &str,
    code: &str,
) -> Result<Option<Delivery>> {
    let now = ctx.now_ms();
    let Some(d) = codes::deliver(ctx, pool, user, attribute, trigger, code, now)? else {
        return Ok(None);
    };
    pool.codes.issue(
        &user.username,
        purpose,
        code.to_owned(),
        Some(attribute),
        now,
    );
    Ok(Some(d))
}

/// The app client and the user a `Username` designates (which may not exist), with `SecretHash` checked
/// against the given name or the internal username, as AWS accepts either.
fn client_and_user(
    pool: &UserPool,
    client_id: &str,
    username: &str,
    secret_hash: Option<&str>,
) -> Result<(AppClient, Option<User>)> {
    let client = client_in(pool, client_id)?;
    let user = find_login(pool, username).cloned();
    let internal = user.as_ref().map_or("", |u| u.username.as_str());
    check_secret_hash(&client, &[username, internal], secret_hash)?;
    Ok((client, user))
}

fn unknown_user_for_codes(client: &AppClient) -> CognitoError {
    if client.prevents_user_existence_errors() {
        CognitoError::new(
            ErrorCode::CodeMismatch,
            "Invalid verification code provided, please try again.",
        )
    } else {
        CognitoError::user_not_found()
    }
}

/// An unknown user in ResendConfirmationCode / ForgotPassword: `UserNotFoundException`, or, when the client
/// prevents user-existence errors, a delivery to a simulated destination as AWS.
fn simulated_delivery(client: &AppClient, username: &str) -> Result<CodeDeliveryResponse> {
    if !client.prevents_user_existence_errors() {
        return Err(CognitoError::user_not_found());
    }
    let destination = if username.contains('@') {
        codes::mask(username)
    } else {
        codes::mask(&format!("{username}@example.com"))
    };
    Ok(CodeDeliveryResponse {
        code_delivery_details: Some(CodeDeliveryDetailsType {
            destination,
            delivery_medium: "EMAIL".to_owned(),
            attribute_name: "email".to_owned(),
        }),
    })
}

/// The user a `SignUp` would create, checked against the pool as it is now, with no password yet (the
/// hash is made once, when the user is written).
fn prepare_sign_up(pool: &UserPool, input: &SignUpRequest, now: i64) -> Result<User> {
    let client = client_in(pool, &input.client_id)?;
    check_secret_hash(&client, &[&input.username], input.secret_hash.as_deref())?;
    let mut attrs = check_attributes(
        pool,
        Some(&client),
        input.user_attributes.as_deref().unwrap_or(&[]),
    )?;
    // The username rules are AdminCreateUser's; the uniqueness messages are SignUp's own.
    let settings = LoginSettings::of(&pool.config);
    let NewUsername {
        internal: username,
        sub,
        username_attribute,
    } = new_username(&settings, &input.username, now)?;
    match username_attribute {
        None => {
            if pool
                .users
                .username_taken(&username, settings.case_sensitive)
            {
                return Err(CognitoError::new(
                    ErrorCode::UsernameExists,
                    "User already exists",
                ));
            }
        }
        Some((attr, value)) => {
            // An email is unique whatever the case; a phone number as the pool's case setting says.
            let exact = settings.case_sensitive && attr != "email";
            if !pool
                .users
                .find_by_attribute(attr, &value, exact, false)
                .is_empty()
            {
                return Err(CognitoError::new(
                    ErrorCode::UsernameExists,
                    format!("An account with the given {attr} already exists."),
                ));
            }
            attrs.insert(attr.to_owned(), value);
        }
    }
    let missing = required_attributes(&pool.config).find(|n| !attrs.contains_key(*n));
    if let Some(name) = missing {
        return Err(CognitoError::invalid_parameter(format!(
            "Attributes did not conform to the schema: {name}: The attribute is required"
        )));
    }
    let password = input
        .password
        .as_deref()
        .ok_or_else(|| CognitoError::invalid_parameter("Missing required parameter Password"))?;
    check_policy(&pool.password_policy(), password)?;
    let mut user = User::new(username, sub, now, UserStatus::Unconfirmed);
    for (k, v) in attrs {
        user.attributes.insert(k, v);
    }
    Ok(user)
}

/// What a PreSignUp handler decided (all false without one).
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct PreSignUp {
    pub auto_confirm: bool,
    pub auto_verify_email: bool,
    pub auto_verify_phone: bool,
}

/// Runs the pool's PreSignUp trigger, if it has one, for a user about to be created. A thrown error
/// rejects the sign-up (`UserLambdaValidationException`).
pub(crate) fn pre_sign_up(
    ctx: &Ctx,
    lambda_config: Option<&serde_json::Value>,
    source: &str,
    caller: triggers::Caller<'_>,
    user: &User,
    validation_data: serde_json::Value,
    client_metadata: serde_json::Value,
) -> Result<PreSignUp> {
    let Some(function) = triggers::configured(lambda_config, Trigger::PreSignUp) else {
        return Ok(PreSignUp::default());
    };
    let mut attributes = triggers::user_attributes(user, false);
    // The user does not exist yet: AWS sends the attributes given, without `sub`.
    attributes.remove("sub");
    let response = triggers::run(
        ctx,
        &function,
        Trigger::PreSignUp,
        source,
        caller,
        json!({
            "userAttributes": attributes,
            "validationData": validation_data,
            "clientMetadata": client_metadata,
        }),
        json!({"autoConfirmUser": false, "autoVerifyEmail": false, "autoVerifyPhone": false}),
    )?;
    let decided = PreSignUp {
        auto_confirm: triggers::flag(&response, "autoConfirmUser"),
        auto_verify_email: triggers::flag(&response, "autoVerifyEmail"),
        auto_verify_phone: triggers::flag(&response, "autoVerifyPhone"),
    };
    // AWS refuses auto-verification without auto-confirmation.
    if !decided.auto_confirm && (decided.auto_verify_email || decided.auto_verify_phone) {
        return Err(CognitoError::invalid_parameter(
            "Cannot auto verify email or phone number without auto confirming the user.",
        ));
    }
    Ok(decided)
}

/// Runs the pool's PostConfirmation trigger, if it has one, for a user just confirmed (`source` is
/// `PostConfirmation_ConfirmSignUp` or `PostConfirmation_ConfirmForgotPassword`). The confirmation has
/// happened: as in AWS, a failing handler makes the operation fail but the user stays confirmed.
pub(crate) fn post_confirmation(
    ctx: &Ctx,
    pool_id: &str,
    client_id: Option<&str>,
    username: &str,
    source: &str,
    client_metadata: serde_json::Value,
) -> Result<()> {
    let (lambda_config, user) = ctx.app.store.read_pool(pool_id, |pool| {
        Ok((
            pool.config.lambda_config.clone(),
            pool.users.get(username).cloned(),
        ))
    })?;
    let Some(function) = triggers::configured(lambda_config.as_deref(), Trigger::PostConfirmation)
    else {
        return Ok(());
    };
    let Some(user) = user else {
        return Ok(());
    };
    triggers::run(
        ctx,
        &function,
        Trigger::PostConfirmation,
        source,
        triggers::Caller {
            pool_id,
            client_id,
            username: &user.username,
        },
        json!({
            "userAttributes": triggers::user_attributes(&user, true),
            "clientMetadata": client_metadata,
        }),
        json!({}),
    )?;
    Ok(())
}

/// [SignUp](https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_SignUp.html).
/// Emulated: `SecretHash`; username rules (with `UsernameAttributes` the username must be an email or phone
/// number and the internal username is the new `sub`; with aliases, usernames in alias format are refused);
/// attributes checked against the schema, required attributes and the client's `WriteAttributes`; the
/// password policy; a code sent through the outbox per `AutoVerifiedAttributes`; the PreSignUp trigger
/// (with `ValidationData` and `ClientMetadata`; `autoConfirmUser`, `autoVerifyEmail`, `autoVerifyPhone`)
/// and, for an auto-confirmed user, PostConfirmation. Passwordless sign-up is not emulated.
pub fn sign_up(ctx: &Ctx, input: SignUpRequest) -> Result<SignUpResponse> {
    let pool_id = pool_of_client(ctx, &input.client_id)?;
    let now = ctx.now_ms();
    let code = ctx.new_code();
    // Validate, run the trigger outside the pool's lock (its handler may call back into the pool), then
    // validate again and write: another sign-up may have taken the name meanwhile.
    let (user, lambda_config) = ctx.app.store.read_pool(&pool_id, |pool| {
        Ok((
            prepare_sign_up(pool, &input, now)?,
            pool.config.lambda_config.clone(),
        ))
    })?;
    let decided = pre_sign_up(
        ctx,
        lambda_config.as_deref(),
        "PreSignUp_SignUp",
        triggers::Caller {
            pool_id: &pool_id,
            client_id: Some(&input.client_id),
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
        triggers::client_metadata(input.client_metadata.as_ref()),
    )?;
    let response = ctx.app.store.write_pool(&pool_id, |pool| {
        prepare_sign_up(pool, &input, now)?;
        let mut user = user;
        let password = input.password.as_deref().unwrap_or_default();
        user.password = Some(PasswordHash::new(&pool.id, &user.username, password));
        let delivery = if decided.auto_confirm {
            user.status = UserStatus::Confirmed;
            if decided.auto_verify_email && user.attribute("email").is_some() {
                user.attributes
                    .insert("email_verified".to_owned(), "true".to_owned());
            }
            if decided.auto_verify_phone && user.attribute("phone_number").is_some() {
                user.attributes
                    .insert("phone_number_verified".to_owned(), "true".to_owned());
            }
            None
        } else {
            match auto_verified_target(pool, &user) {
                Some(attr) => {
                    send_code(ctx, pool, &user, CodePurpose::SignUp, attr, "SignUp", &code)?
                }
                None => None,
            }
        };
        let response = SignUpResponse {
            user_confirmed: decided.auto_confirm,
            code_delivery_details: delivery.map(Into::into),
            user_sub: user.sub.clone(),
            session: None,
        };
        pool.users.insert(user);
        Ok(response)
    })?;
    if decided.auto_confirm {
        let username = ctx.app.store.read_pool(&pool_id, |pool| {
            Ok(pool
                .users
                .by_sub(&response.user_sub)
                .map(|u| u.username.clone()))
        })?;
        if let Some(username) = username {
            post_confirmation(
                ctx,
                &pool_id,
                Some(&input.client_id),
                &username,
                "PostConfirmation_ConfirmSignUp",
                triggers::client_metadata(input.client_metadata.as_ref()),
            )?;
        }
    }
    Ok(response)
}

/// [ConfirmSignUp](https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_ConfirmSignUp.html).
/// The code is checked in constant time and expires after 24 hours; the attribute it went to becomes
/// verified; an alias already verified on another user is `AliasExistsException` unless `ForceAliasCreation`
/// (which moves it). Returns a `Session` for a later `USER_AUTH` sign-in.
pub fn confirm_sign_up(ctx: &Ctx, input: ConfirmSignUpRequest) -> Result<ConfirmSignUpResponse> {
    let pool_id = pool_of_client(ctx, &input.client_id)?;
    let now = ctx.now_ms();
    let (response, username) = ctx.app.store.write_pool(&pool_id, |pool| {
        let (client, user) = client_and_user(
            pool,
            &input.client_id,
            &input.username,
            input.secret_hash.as_deref(),
        )?;
        let user = user.ok_or_else(|| unknown_user_for_codes(&client))?;
        if user.status != UserStatus::Unconfirmed {
            return Err(CognitoError::not_authorized(format!(
                "User cannot be confirmed. Current status is {}",
                user.status.as_str()
            )));
        }
        let pending = pool.codes.check(
            &user.username,
            &CodePurpose::SignUp,
            &input.confirmation_code,
            now,
        )?;
        let verified = pending.attribute.clone();
        // Alias conflicts: another user holding the same verified alias.
        let mut steal_from = Vec::new();
        if let Some(attr) = verified.as_deref() {
            let aliased = pool_list(pool.config.alias_attributes.as_ref())
                .iter()
                .any(|a| a == attr);
            if aliased {
                let value = user.attribute(attr).unwrap_or_default().to_owned();
                for other in pool.users.iter() {
                    if other.username != user.username
                        && other.is_verified(attr)
                        && other.attribute(attr) == Some(value.as_str())
                    {
                        if input.force_alias_creation != Some(true) {
                            return Err(CognitoError::new(
                                ErrorCode::AliasExists,
                                format!("An account with the given {attr} already exists."),
                            ));
                        }
                        steal_from.push(other.username.clone());
                    }
                }
            }
        }
        if let Some(attr) = verified.as_deref() {
            for other in &steal_from {
                if let Some(o) = pool.users.get_mut(other) {
                    o.attributes
                        .insert(format!("{attr}_verified"), "false".to_owned());
                }
            }
        }
        pool.codes.consume(&user.username, &CodePurpose::SignUp);
        if let Some(u) = pool.users.get_mut(&user.username) {
            u.status = UserStatus::Confirmed;
            if let Some(attr) = verified.as_deref() {
                u.attributes
                    .insert(format!("{attr}_verified"), "true".to_owned());
            }
            u.modified_ms = now;
        }
        let session = pool.sessions.open(
            &client,
            &user.username,
            "USER_AUTH_AFTER_SIGN_UP",
            BTreeMap::new(),
            now,
        );
        Ok((
            ConfirmSignUpResponse {
                session: Some(session),
            },
            user.username,
        ))
    })?;
    post_confirmation(
        ctx,
        &pool_id,
        Some(&input.client_id),
        &username,
        "PostConfirmation_ConfirmSignUp",
        triggers::client_metadata(input.client_metadata.as_ref()),
    )?;
    Ok(response)
}

/// [ResendConfirmationCode](https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_ResendConfirmationCode.html).
/// A new code replaces the old one, to the auto-verified attribute.
pub fn resend_confirmation_code(
    ctx: &Ctx,
    input: ResendConfirmationCodeRequest,
) -> Result<CodeDeliveryResponse> {
    let pool_id = pool_of_client(ctx, &input.client_id)?;
    let code = ctx.new_code();
    ctx.app.store.write_pool(&pool_id, |pool| {
        let (client, user) = client_and_user(
            pool,
            &input.client_id,
            &input.username,
            input.secret_hash.as_deref(),
        )?;
        let Some(user) = user else {
            return simulated_delivery(&client, &input.username);
        };
        if user.status != UserStatus::Unconfirmed {
            return Err(CognitoError::invalid_parameter(
                "User is already confirmed.",
            ));
        }
        let attr = auto_verified_target(pool, &user).ok_or_else(|| {
            CognitoError::invalid_parameter("Cannot resend codes. Auto verification not turned on.")
        })?;
        let delivery = send_code(
            ctx,
            pool,
            &user,
            CodePurpose::SignUp,
            attr,
            "ResendCode",
            &code,
        )?;
        Ok(CodeDeliveryResponse {
            code_delivery_details: delivery.map(Into::into),
        })
    })
}

/// Where a reset code may go, in the pool's `AccountRecoverySetting` order (AWS's default without one:
/// verified phone, then verified email).
fn recovery_target(pool: &UserPool, user: &User) -> Result<&'static str> {
    let mut mechanisms: Vec<(i64, String)> = pool
        .config
        .account_recovery_setting
        .as_ref()
        .and_then(|s| s.get("RecoveryMechanisms"))
        .and_then(|m| m.as_array())
        .map(|list| {
            list.iter()
                .filter_map(|m| {
                    Some((
                        m.get("Priority").and_then(|p| p.as_i64()).unwrap_or(0),
                        m.get("Name")?.as_str()?.to_owned(),
                    ))
                })
                .collect()
        })
        .unwrap_or_else(|| {
            vec![
                (1, "verified_phone_number".to_owned()),
                (2, "verified_email".to_owned()),
            ]
        });
    mechanisms.sort();
    for (_, name) in &mechanisms {
        let attr = match name.as_str() {
            "verified_email" => "email",
            "verified_phone_number" => "phone_number",
            _ => continue,
        };
        if user.attribute(attr).is_some() && user.is_verified(attr) {
            return Ok(attr);
        }
    }
    if mechanisms.iter().any(|(_, n)| n == "admin_only") {
        return Err(CognitoError::not_authorized(
            "Contact administrator to reset password.",
        ));
    }
    Err(CognitoError::invalid_parameter(
        "Cannot reset password for the user as there is no registered/verified email or phone_number",
    ))
}

/// [ForgotPassword](https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_ForgotPassword.html).
/// Sends a reset code to the verified email or phone chosen by `AccountRecoverySetting`. With
/// `PreventUserExistenceErrors` an unknown user gets a simulated delivery.
pub fn forgot_password(ctx: &Ctx, input: ForgotPasswordRequest) -> Result<CodeDeliveryResponse> {
    let pool_id = pool_of_client(ctx, &input.client_id)?;
    let code = ctx.new_code();
    // An unknown user may be in a legacy directory: UserMigration_ForgotPassword creates them (in
    // RESET_REQUIRED) before the code is sent, as AWS.
    let (lambda_config, known) = ctx.app.store.read_pool(&pool_id, |pool| {
        Ok((
            pool.config.lambda_config.clone(),
            find_login(pool, &input.username).is_some(),
        ))
    })?;
    if !known {
        if let Some(function) =
            triggers::configured(lambda_config.as_deref(), Trigger::UserMigration)
        {
            crate::ops::idp::auth_triggers::migrate(
                ctx,
                &pool_id,
                &function,
                "UserMigration_ForgotPassword",
                &input.client_id,
                &input.username,
                None,
                triggers::client_metadata(input.client_metadata.as_ref()),
            )?;
        }
    }
    ctx.app.store.write_pool(&pool_id, |pool| {
        let (client, user) = client_and_user(
            pool,
            &input.client_id,
            &input.username,
            input.secret_hash.as_deref(),
        )?;
        let Some(user) = user else {
            return simulated_delivery(&client, &input.username);
        };
        if !user.enabled {
            return Err(CognitoError::not_authorized("User is disabled."));
        }
        let attr = recovery_target(pool, &user)?;
        let delivery = send_code(
            ctx,
            pool,
            &user,
            CodePurpose::ForgotPassword,
            attr,
            "ForgotPassword",
            &code,
        )?;
        Ok(CodeDeliveryResponse {
            code_delivery_details: delivery.map(Into::into),
        })
    })
}

/// [ConfirmForgotPassword](https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_ConfirmForgotPassword.html).
/// Checks the code, the policy and the password history; `RESET_REQUIRED` and `FORCE_CHANGE_PASSWORD` users
/// become `CONFIRMED`, and the lockout count is cleared.
pub fn confirm_forgot_password(ctx: &Ctx, input: ConfirmForgotPasswordRequest) -> Result<Empty> {
    let pool_id = pool_of_client(ctx, &input.client_id)?;
    let now = ctx.now_ms();
    let username = ctx.app.store.write_pool(&pool_id, |pool| {
        let (client, user) = client_and_user(
            pool,
            &input.client_id,
            &input.username,
            input.secret_hash.as_deref(),
        )?;
        let user = user.ok_or_else(|| unknown_user_for_codes(&client))?;
        pool.codes.check(
            &user.username,
            &CodePurpose::ForgotPassword,
            &input.confirmation_code,
            now,
        )?;
        let hash = new_password_for(pool, &user, &input.password)?;
        pool.codes
            .consume(&user.username, &CodePurpose::ForgotPassword);
        pool.lockouts.succeed(&user.username);
        if let Some(u) = pool.users.get_mut(&user.username) {
            apply_password(u, hash, now);
            if matches!(
                u.status,
                UserStatus::ResetRequired | UserStatus::ForceChangePassword
            ) {
                u.status = UserStatus::Confirmed;
            }
        }
        Ok(user.username)
    })?;
    post_confirmation(
        ctx,
        &pool_id,
        Some(&input.client_id),
        &username,
        "PostConfirmation_ConfirmForgotPassword",
        triggers::client_metadata(input.client_metadata.as_ref()),
    )?;
    Ok(Empty {})
}

/// [ChangePassword](https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_ChangePassword.html).
/// Needs a valid access token; the previous password must match ("Incorrect username or password.", counted
/// towards the lockout); the new one passes the policy and history.
pub fn change_password(ctx: &Ctx, input: ChangePasswordRequest) -> Result<Empty> {
    let claims = tokens::verify_access_token(&ctx.app, &input.access_token)?;
    let now = ctx.now_ms();
    ctx.app.store.write_pool(&claims.pool_id, |pool| {
        let user = pool
            .users
            .get(&claims.username)
            .cloned()
            .ok_or_else(CognitoError::user_not_found)?;
        pool.lockouts.check(&user.username, now)?;
        if let Some(current) = &user.password {
            let previous = input.previous_password.as_deref().ok_or_else(|| {
                CognitoError::invalid_parameter("Missing required parameter PreviousPassword")
            })?;
            if !current.verify(&pool.id, &user.username, previous) {
                pool.lockouts.fail(&user.username, now);
                return Err(CognitoError::not_authorized(
                    "Incorrect username or password.",
                ));
            }
        }
        let hash = new_password_for(pool, &user, &input.proposed_password)?;
        pool.lockouts.succeed(&user.username);
        if let Some(u) = pool.users.get_mut(&user.username) {
            apply_password(u, hash, now);
        }
        Ok(Empty {})
    })
}
