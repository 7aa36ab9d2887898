//! The triggers of sign-in: UserMigration and PreAuthentication before a flow starts, PreTokenGeneration
//! and PostAuthentication once it has tokens. All run outside the pool's lock: the flows themselves are
//! unchanged, and these wrap them (`auth.rs`).

use serde_json::{json, Map, Value};

use crate::app::Ctx;
use crate::domain::auth_flow::find_login;
use crate::domain::password::PasswordHash;
use crate::domain::tokens::DeferredJwt;
use crate::domain::triggers::{self, Caller, Trigger};
use crate::domain::user::{User, UserStatus};
use crate::domain::users::{new_username, LoginSettings, NewUsername};
use crate::error::{CognitoError, Result};
use crate::model::idp::auth::{AuthenticationResultType, InitiateAuthRequest};
use crate::ops::idp::auth::client_in;

/// True for the flows that carry the password itself (UserMigration can only run for these: with SRP the
/// password never reaches Cognito, so AWS does not migrate on `USER_SRP_AUTH` and neither do we).
fn carries_password(flow: &str) -> bool {
    matches!(
        flow,
        "USER_PASSWORD_AUTH" | "ADMIN_USER_PASSWORD_AUTH" | "ADMIN_NO_SRP_AUTH"
    )
}

/// Before a sign-in flow (`InitiateAuth` / `AdminInitiateAuth`, not refresh): migrates an unknown user
/// when the pool has a UserMigration trigger and the flow carries the password, then runs
/// PreAuthentication. Returns at once for a pool without either trigger.
pub(crate) fn before_sign_in(ctx: &Ctx, pool_id: &str, input: &InitiateAuthRequest) -> Result<()> {
    let Some(lambda_config) = triggers::lambda_config_of(ctx, pool_id)? else {
        return Ok(());
    };
    let migration = triggers::configured(Some(&lambda_config), Trigger::UserMigration);
    let pre_auth = triggers::configured(Some(&lambda_config), Trigger::PreAuthentication);
    if migration.is_none() && pre_auth.is_none() {
        return Ok(());
    }
    let Some(login) = input
        .auth_parameters
        .as_ref()
        .and_then(|p| p.get("USERNAME"))
    else {
        return Ok(()); // the flow reports the missing USERNAME
    };
    let metadata = triggers::client_metadata(input.client_metadata.as_ref());
    let (client, mut user) = ctx.app.store.read_pool(pool_id, |pool| {
        Ok((
            client_in(pool, &input.client_id)?,
            find_login(pool, login).cloned(),
        ))
    })?;
    if user.is_none() && carries_password(&input.auth_flow) {
        if let Some(function) = &migration {
            let password = input
                .auth_parameters
                .as_ref()
                .and_then(|p| p.get("PASSWORD"))
                .map(String::as_str);
            if let Some(password) = password {
                user = migrate(
                    ctx,
                    pool_id,
                    function,
                    "UserMigration_Authentication",
                    &client.id,
                    login,
                    Some(password),
                    metadata.clone(),
                )?;
            }
        }
    }
    let Some(function) = pre_auth else {
        return Ok(());
    };
    pre_authentication(
        ctx,
        pool_id,
        &function,
        &client,
        login,
        user.as_ref(),
        metadata,
    )
}

/// Runs PreAuthentication for a sign-in of `login` (the user, if known). AWS runs it for unknown users
/// only when the client hides their existence (`userNotFound: true`).
pub(crate) fn pre_authentication(
    ctx: &Ctx,
    pool_id: &str,
    function: &triggers::Function,
    client: &crate::domain::client::AppClient,
    login: &str,
    user: Option<&User>,
    validation_data: Value,
) -> Result<()> {
    let metadata = validation_data;
    let (username, attributes, not_found) = match user {
        Some(u) => (
            u.username.clone(),
            triggers::user_attributes(u, true),
            false,
        ),
        // AWS runs PreAuthentication for unknown users only when the client hides their existence.
        None if client.prevents_user_existence_errors() => (login.to_owned(), Map::new(), true),
        None => return Ok(()),
    };
    triggers::run(
        ctx,
        function,
        Trigger::PreAuthentication,
        "PreAuthentication_Authentication",
        Caller {
            pool_id,
            client_id: Some(&client.id),
            username: &username,
        },
        json!({
            "userAttributes": attributes,
            // ClientMetadata of InitiateAuth reaches PreAuthentication as validationData (AWS's API reference).
            "validationData": metadata,
            "userNotFound": not_found,
        }),
        json!({}),
    )?;
    Ok(())
}

/// Runs UserMigration for `login` and creates the user it returns; `None` when the handler does not know
/// the user either (it threw, which AWS reports as the usual unknown-user error, or it returned no
/// attributes).
#[allow(clippy::too_many_arguments)]
pub(crate) fn migrate(
    ctx: &Ctx,
    pool_id: &str,
    function: &triggers::Function,
    source: &str,
    client_id: &str,
    login: &str,
    password: Option<&str>,
    client_metadata: Value,
) -> Result<Option<User>> {
    let mut request = json!({
        "validationData": client_metadata.clone(),
        "clientMetadata": client_metadata,
        "userAttributes": {},
    });
    if let Some(p) = password {
        request["password"] = Value::from(p);
    }
    let answer = triggers::run(
        ctx,
        function,
        Trigger::UserMigration,
        source,
        Caller {
            pool_id,
            client_id: Some(client_id),
            username: login,
        },
        request,
        json!({
            "userAttributes": null, "forceAliasCreation": null, "enableSMSMFA": null,
            "finalUserStatus": null, "messageAction": null, "desiredDeliveryMediums": null,
        }),
    );
    let response = match answer {
        Ok(r) => r,
        // A migration handler throws for users the legacy system does not know: AWS then answers as for
        // any unknown user, not with the handler's error.
        Err(e) if e.code() == crate::error::ErrorCode::UserLambdaValidation => return Ok(None),
        Err(e) => return Err(e),
    };
    let Some(attributes) = triggers::string_members(&response, "userAttributes")? else {
        return Ok(None);
    };
    let status = match triggers::text(&response, "finalUserStatus") {
        Some("CONFIRMED") => UserStatus::Confirmed,
        Some("RESET_REQUIRED") => UserStatus::ResetRequired,
        Some(_) => {
            return Err(CognitoError::new(
                crate::error::ErrorCode::InvalidLambdaResponse,
                "Invalid value for finalUserStatus in lambda response.",
            ))
        }
        // Without finalUserStatus, a user migrated at sign-in keeps the password it signed in with; one
        // migrated by ForgotPassword must set one.
        None if password.is_some() => UserStatus::Confirmed,
        None => UserStatus::ResetRequired,
    };
    let now = ctx.now_ms();
    ctx.app.store.write_pool(pool_id, |pool| {
        if let Some(existing) = find_login(pool, login) {
            return Ok(Some(existing.clone())); // migrated meanwhile by a concurrent sign-in
        }
        let settings = LoginSettings::of(&pool.config);
        let NewUsername {
            internal,
            sub,
            username_attribute,
        } = new_username(&settings, login, now)?;
        let mut user = User::new(internal, sub, now, status);
        for (k, v) in &attributes {
            if k != "sub" && k != "username" {
                user.attributes.insert(k.clone(), v.clone());
            }
        }
        if let Some((attr, value)) = username_attribute {
            if !user.attributes.contains_key(attr) {
                user.attributes.insert(attr.to_owned(), value);
            }
        }
        if let Some(p) = password {
            user.password = Some(PasswordHash::new(&pool.id, &user.username, p));
        }
        pool.users.insert(user.clone());
        Ok(Some(user))
    })
}

/// Runs PostAuthentication, if the pool has it, for a user who has just signed in (the hosted UI's sign-in
/// form; the API flows go through [`after_tokens`]).
pub(crate) fn post_authentication(
    ctx: &Ctx,
    pool_id: &str,
    client_id: &str,
    username: &str,
) -> Result<()> {
    let (lambda_config, user) = ctx.app.store.read_pool(pool_id, |pool| {
        Ok((
            pool.config.lambda_config.clone(),
            pool.users.get(username).cloned(),
        ))
    })?;
    let (Some(function), Some(user)) = (
        triggers::configured(lambda_config.as_deref(), Trigger::PostAuthentication),
        user,
    ) else {
        return Ok(());
    };
    triggers::run(
        ctx,
        &function,
        Trigger::PostAuthentication,
        "PostAuthentication_Authentication",
        Caller {
            pool_id,
            client_id: Some(client_id),
            username: &user.username,
        },
        json!({
            "userAttributes": triggers::user_attributes(&user, true),
            "newDeviceUsed": false,
            "clientMetadata": {},
        }),
        json!({}),
    )?;
    Ok(())
}

/// What a sign-in's tokens came from: the `TokenGeneration_*` source of PreTokenGeneration.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TokenSource {
    /// `TokenGeneration_Authentication`.
    Authentication,
    /// `TokenGeneration_NewPasswordChallenge`.
    NewPasswordChallenge,
    /// `TokenGeneration_AuthenticateDevice`.
    AuthenticateDevice,
    /// `TokenGeneration_RefreshTokens`.
    RefreshTokens,
}

impl TokenSource {
    fn as_str(self) -> &'static str {
        match self {
            TokenSource::Authentication => "TokenGeneration_Authentication",
            TokenSource::NewPasswordChallenge => "TokenGeneration_NewPasswordChallenge",
            TokenSource::AuthenticateDevice => "TokenGeneration_AuthenticateDevice",
            TokenSource::RefreshTokens => "TokenGeneration_RefreshTokens",
        }
    }
}

/// After a flow issued tokens: PreTokenGeneration changes their claims (they are signed later, when the
/// answer is written), then PostAuthentication runs (not on refresh, as AWS).
pub(crate) fn after_tokens(
    ctx: &Ctx,
    pool_id: &str,
    client_id: &str,
    result: &mut AuthenticationResultType,
    source: TokenSource,
    client_metadata: Value,
) -> Result<()> {
    let Some(lambda_config) = triggers::lambda_config_of(ctx, pool_id)? else {
        return Ok(());
    };
    let pre_token = triggers::configured(Some(&lambda_config), Trigger::PreTokenGeneration);
    let post_auth = match source {
        TokenSource::RefreshTokens => None,
        _ => triggers::configured(Some(&lambda_config), Trigger::PostAuthentication),
    };
    if pre_token.is_none() && post_auth.is_none() {
        return Ok(());
    }
    let Some(username) = result
        .id_token
        .claims()
        .get("cognito:username")
        .and_then(Value::as_str)
        .map(str::to_owned)
    else {
        return Ok(());
    };
    let Some(user) = ctx
        .app
        .store
        .read_pool(pool_id, |pool| Ok(pool.users.get(&username).cloned()))?
    else {
        return Ok(());
    };
    let caller = Caller {
        pool_id,
        client_id: Some(client_id),
        username: &user.username,
    };
    if let Some(function) = pre_token {
        pre_token_generation(
            ctx,
            &function,
            source,
            caller,
            &user,
            &mut result.id_token,
            &mut result.access_token,
            client_metadata.clone(),
        )?;
    }
    if let Some(function) = post_auth {
        triggers::run(
            ctx,
            &function,
            Trigger::PostAuthentication,
            "PostAuthentication_Authentication",
            caller,
            json!({
                "userAttributes": triggers::user_attributes(&user, true),
                "newDeviceUsed": result.new_device_metadata.is_some(),
                "clientMetadata": client_metadata,
            }),
            json!({}),
        )?;
    }
    Ok(())
}

/// Claims a PreTokenGeneration handler may not add, change or suppress: AWS leaves them as issued.
const PROTECTED_CLAIMS: &[&str] = &[
    "acr",
    "amr",
    "aud",
    "at_hash",
    "auth_time",
    "azp",
    "c_hash",
    "client_id",
    "cognito:username",
    "device_key",
    "event_id",
    "exp",
    "iat",
    "identities",
    "iss",
    "jti",
    "nbf",
    "nonce",
    "origin_jti",
    "scope",
    "sub",
    "token_use",
    "username",
];

/// In the ID token these keep their standard (non-JSON) form even in V2/V3.
const SIMPLE_ID_CLAIMS: &[&str] = &[
    "email_verified",
    "phone_number_verified",
    "updated_at",
    "address",
];

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|s| s.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

/// `claimsToAddOrOverride` and `claimsToSuppress` applied to one token's claims.
fn apply_claims(claims: &mut Map<String, Value>, changes: &Value, id_token: bool, v1: bool) {
    if let Some(add) = changes
        .get("claimsToAddOrOverride")
        .and_then(Value::as_object)
    {
        for (k, v) in add {
            if PROTECTED_CLAIMS.contains(&k.as_str()) || v.is_null() {
                continue;
            }
            // V1 claims are strings; V2/V3 may be any JSON, except the standard ID-token claims above.
            let simple = v1 || (id_token && SIMPLE_ID_CLAIMS.contains(&k.as_str()));
            let value = match v {
                Value::String(_) => v.clone(),
                _ if simple => Value::from(match v {
                    Value::Bool(b) => b.to_string(),
                    other => other.to_string(),
                }),
                _ => v.clone(),
            };
            claims.insert(k.clone(), value);
        }
    }
    for k in strings(changes.get("claimsToSuppress").unwrap_or(&Value::Null)) {
        if !PROTECTED_CLAIMS.contains(&k.as_str()) {
            claims.remove(&k);
        }
    }
}

/// `groupOverrideDetails`: the groups and roles the tokens carry instead of the user's own.
fn apply_groups(id: &mut Map<String, Value>, access: &mut Map<String, Value>, details: &Value) {
    let Some(details) = details.as_object() else {
        return;
    };
    if let Some(groups) = details.get("groupsToOverride") {
        let groups = strings(groups);
        for claims in [&mut *id, &mut *access] {
            if groups.is_empty() {
                claims.remove("cognito:groups");
            } else {
                claims.insert("cognito:groups".into(), Value::from(groups.clone()));
            }
        }
    }
    if let Some(roles) = details.get("iamRolesToOverride") {
        let roles = strings(roles);
        if roles.is_empty() {
            id.remove("cognito:roles");
        } else {
            id.insert("cognito:roles".into(), Value::from(roles));
        }
    }
    match details.get("preferredRole") {
        Some(Value::String(role)) => {
            id.insert("cognito:preferred_role".into(), Value::from(role.clone()));
        }
        Some(Value::Null) => {
            id.remove("cognito:preferred_role");
        }
        _ => {}
    }
}

/// The scopes of an access token's `scope` claim.
fn scopes_of(access: &Map<String, Value>) -> Vec<String> {
    access
        .get("scope")
        .and_then(Value::as_str)
        .map(|s| s.split_whitespace().map(str::to_owned).collect())
        .unwrap_or_default()
}

/// Runs PreTokenGeneration on a sign-in's claims (V1_0: ID token and groups; V2_0/V3_0: both tokens and
/// the access token's scopes).
#[allow(clippy::too_many_arguments)]
pub(crate) fn pre_token_generation(
    ctx: &Ctx,
    function: &triggers::Function,
    source: TokenSource,
    caller: Caller<'_>,
    user: &User,
    id_token: &mut DeferredJwt,
    access_token: &mut DeferredJwt,
    client_metadata: Value,
) -> Result<()> {
    let v1 = function.version == "V1_0";
    let id = id_token.claims();
    let groups = id.get("cognito:groups").map(strings).unwrap_or_default();
    let roles = id.get("cognito:roles").map(strings).unwrap_or_default();
    let preferred = id
        .get("cognito:preferred_role")
        .cloned()
        .unwrap_or(Value::Null);
    let mut request = json!({
        "userAttributes": triggers::user_attributes(user, true),
        "groupConfiguration": {
            "groupsToOverride": groups,
            "iamRolesToOverride": roles,
            "preferredRole": preferred,
        },
        "clientMetadata": client_metadata,
    });
    let response = if v1 {
        json!({"claimsOverrideDetails": null})
    } else {
        request["scopes"] = Value::from(scopes_of(access_token.claims()));
        json!({"claimsAndScopeOverrideDetails": null})
    };
    let answer = triggers::run(
        ctx,
        function,
        Trigger::PreTokenGeneration,
        source.as_str(),
        caller,
        request,
        response,
    )?;
    if v1 {
        let Some(details) = answer
            .get("claimsOverrideDetails")
            .filter(|d| d.is_object())
        else {
            return Ok(());
        };
        apply_claims(id_token.claims_mut(), details, true, true);
        if let Some(g) = details.get("groupOverrideDetails") {
            apply_groups(id_token.claims_mut(), access_token.claims_mut(), g);
        }
        return Ok(());
    }
    let Some(details) = answer
        .get("claimsAndScopeOverrideDetails")
        .filter(|d| d.is_object())
    else {
        return Ok(());
    };
    if let Some(changes) = details.get("idTokenGeneration") {
        apply_claims(id_token.claims_mut(), changes, true, false);
    }
    if let Some(changes) = details.get("accessTokenGeneration") {
        let access = access_token.claims_mut();
        apply_claims(access, changes, false, false);
        let mut scopes = scopes_of(access);
        for s in strings(changes.get("scopesToAdd").unwrap_or(&Value::Null)) {
            if !scopes.contains(&s) {
                scopes.push(s);
            }
        }
        let suppress = strings(changes.get("scopesToSuppress").unwrap_or(&Value::Null));
        scopes.retain(|s| !suppress.contains(s));
        if scopes.is_empty() {
            access.remove("scope");
        } else {
            access.insert("scope".into(), Value::from(scopes.join(" ")));
        }
    }
    if let Some(g) = details.get("groupOverrideDetails") {
        apply_groups(id_token.claims_mut(), access_token.claims_mut(), g);
    }
    Ok(())
}
