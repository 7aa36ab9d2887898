//! Sign-in, refresh, revocation and sign-out: `InitiateAuth`, `AdminInitiateAuth`, the challenge
//! responses, `GetTokensFromRefreshToken`, `RevokeToken`, `GlobalSignOut`, `AdminUserGlobalSignOut`.
//!
//! Every flow runs inside one `write_pool` closure, so the user's state, the lockout count, the session and
//! the refresh grant change together. The pool's keys are fetched (and, the first time, taken from the key
//! source) before the pool is locked.

use std::collections::{BTreeMap, HashMap};

use crate::app::Ctx;
use crate::domain::auth_flow::{
    apply_password, check_secret_hash, find_login, invalid_session, new_password_for,
};
use crate::domain::client::AppClient;
use crate::domain::keys::PoolKeys;
use crate::domain::tokens::{self, AuthEvent, IssuedTokens};
use crate::domain::triggers;
use crate::domain::user::{User, UserStatus};
use crate::domain::user_pool::{required_attributes, UserPool};
use crate::error::{CognitoError, ErrorCode, Result};
use crate::model::idp::auth::*;
use crate::ops::idp::auth_triggers::{self, TokenSource};
use crate::ops::Empty;

/// AWS's answer for an unknown app client.
pub fn unknown_client(client_id: &str) -> CognitoError {
    CognitoError::resource_not_found(format!("User pool client {client_id} does not exist."))
}

/// The pool of an app client (for the operations that carry only `ClientId`).
pub fn pool_of_client(ctx: &Ctx, client_id: &str) -> Result<String> {
    ctx.app
        .store
        .pool_of_client(client_id)
        .ok_or_else(|| unknown_client(client_id))
}

/// The client, cloned out of the pool.
pub fn client_in(pool: &UserPool, client_id: &str) -> Result<AppClient> {
    pool.clients
        .get(client_id)
        .cloned()
        .ok_or_else(|| unknown_client(client_id))
}

pub(crate) fn missing(name: &str) -> CognitoError {
    CognitoError::invalid_parameter(format!("Missing required parameter {name}"))
}

pub(crate) fn flow_not_enabled(flow: &str) -> CognitoError {
    CognitoError::invalid_parameter(format!("{flow} flow not enabled for this client"))
}

pub(crate) fn incorrect() -> CognitoError {
    CognitoError::not_authorized("Incorrect username or password.")
}

/// Unknown user in a sign-in: a generic error when the client hides user existence.
pub(crate) fn unknown_user(client: &AppClient) -> CognitoError {
    if client.prevents_user_existence_errors() {
        incorrect()
    } else {
        CognitoError::user_not_found()
    }
}

/// Refresh is always allowed for clients configured with the legacy flow names; otherwise it needs
/// `ALLOW_REFRESH_TOKEN_AUTH`.
fn allows_refresh(client: &AppClient) -> bool {
    let legacy_only = client
        .settings
        .explicit_auth_flows
        .as_ref()
        .is_some_and(|f| !f.is_empty() && f.iter().all(|x| !x.starts_with("ALLOW_")));
    legacy_only || client.allows_flow("ALLOW_REFRESH_TOKEN_AUTH")
}

fn result_of(t: IssuedTokens) -> AuthenticationResultType {
    AuthenticationResultType {
        access_token: t.access_token,
        expires_in: t.expires_in,
        token_type: "Bearer".to_owned(),
        refresh_token: t.refresh_token,
        id_token: t.id_token,
        new_device_metadata: None,
    }
}

fn tokens_response(t: IssuedTokens) -> InitiateAuthResponse {
    InitiateAuthResponse {
        authentication_result: Some(result_of(t)),
        ..Default::default()
    }
}

/// Ends a successful sign-in: new token family, ID + access tokens, refresh token.
pub(crate) fn complete_sign_in(
    ctx: &Ctx,
    pool: &mut UserPool,
    keys: &PoolKeys,
    client: &AppClient,
    user: &User,
    now: i64,
) -> Result<InitiateAuthResponse> {
    let (device_key, new_device) =
        super::devices::device_for_tokens(pool, &user.username, &client.id, now);
    let mut event = AuthEvent::new(now);
    event.device_key = device_key;
    let mut issued = tokens::issue(&ctx.app, pool, keys, client, user, &event, now)?;
    issued.refresh_token = Some(tokens::start_refresh(pool, client, user, &event, now));
    let mut response = tokens_response(issued);
    if let Some(r) = response.authentication_result.as_mut() {
        r.new_device_metadata = new_device;
    }
    Ok(response)
}

/// Required schema attributes the user has no value for, as `requiredAttributes` lists them.
fn missing_required(pool: &UserPool, user: &User) -> Vec<String> {
    required_attributes(&pool.config)
        .filter(|n| user.attribute(n).is_none())
        .map(str::to_owned)
        .collect()
}

fn new_password_challenge(
    pool: &mut UserPool,
    client: &AppClient,
    user: &User,
    now: i64,
) -> Result<InitiateAuthResponse> {
    let required: Vec<String> = missing_required(pool, user)
        .into_iter()
        .map(|n| format!("userAttributes.{n}"))
        .collect();
    let attrs: BTreeMap<&str, &str> = user
        .attributes
        .iter()
        .filter(|(k, _)| k.as_str() != "sub" && !k.starts_with("dev:"))
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let mut params = HashMap::new();
    params.insert("USER_ID_FOR_SRP".to_owned(), user.username.clone());
    params.insert(
        "requiredAttributes".to_owned(),
        serde_json::to_string(&required).map_err(CognitoError::internal)?,
    );
    params.insert(
        "userAttributes".to_owned(),
        serde_json::to_string(&attrs).map_err(CognitoError::internal)?,
    );
    let session = pool.sessions.open(
        client,
        &user.username,
        "NEW_PASSWORD_REQUIRED",
        BTreeMap::new(),
        now,
    );
    Ok(InitiateAuthResponse {
        challenge_name: Some("NEW_PASSWORD_REQUIRED".to_owned()),
        session: Some(session),
        challenge_parameters: params,
        ..Default::default()
    })
}

/// `USER_PASSWORD_AUTH` / `ADMIN_USER_PASSWORD_AUTH` / `ADMIN_NO_SRP_AUTH`, in AWS's order of checks.
fn password_flow(
    ctx: &Ctx,
    pool_id: &str,
    input: &InitiateAuthRequest,
    allow: &str,
    flow_name: &str,
) -> Result<InitiateAuthResponse> {
    let keys = tokens::pool_keys(&ctx.app, pool_id)?;
    let now = ctx.now_ms();
    let empty = HashMap::new();
    let params = input.auth_parameters.as_ref().unwrap_or(&empty);
    ctx.app.store.write_pool(pool_id, |pool| {
        let client = client_in(pool, &input.client_id)?;
        if !client.allows_flow(allow) {
            return Err(flow_not_enabled(flow_name));
        }
        let login = params.get("USERNAME").ok_or_else(|| missing("USERNAME"))?;
        let password = params.get("PASSWORD").ok_or_else(|| missing("PASSWORD"))?;
        let user = find_login(pool, login).cloned();
        let internal = user
            .as_ref()
            .map_or(login.as_str(), |u| u.username.as_str());
        check_secret_hash(
            &client,
            &[login, internal],
            params.get("SECRET_HASH").map(String::as_str),
        )?;
        let user = user.ok_or_else(|| unknown_user(&client))?;
        pool.lockouts.check(&user.username, now)?;
        if !user.enabled {
            return Err(CognitoError::not_authorized("User is disabled."));
        }
        // AWS answers this before looking at the password (by design: apps route to confirmation).
        if user.status == UserStatus::Unconfirmed {
            return Err(CognitoError::new(
                ErrorCode::UserNotConfirmed,
                "User is not confirmed.",
            ));
        }
        if user.status == UserStatus::ResetRequired {
            return Err(CognitoError::new(
                ErrorCode::PasswordResetRequired,
                "Password reset required for the user",
            ));
        }
        let good = user
            .password
            .as_ref()
            .is_some_and(|h| h.verify(&pool.id, &user.username, password));
        if !good {
            // The one mutation on an error path: counting failures is the point of the lockout.
            pool.lockouts.fail(&user.username, now);
            return Err(incorrect());
        }
        pool.lockouts.succeed(&user.username);
        after_password(ctx, pool, &keys, &client, &user, now)
    })
}

/// What follows a verified password, in any flow (password, SRP's `PASSWORD_VERIFIER`): the
/// `NEW_PASSWORD_REQUIRED` challenge for a temporary password, else tokens. MFA challenges belong here.
pub(crate) fn after_password(
    ctx: &Ctx,
    pool: &mut UserPool,
    keys: &PoolKeys,
    client: &AppClient,
    user: &User,
    now: i64,
) -> Result<InitiateAuthResponse> {
    if user.status == UserStatus::ForceChangePassword {
        if user.temporary_password_expires_ms.is_some_and(|t| now >= t) {
            return Err(CognitoError::not_authorized(
                "Temporary password has expired and must be reset by an administrator.",
            ));
        }
        return new_password_challenge(pool, client, user, now);
    }
    // MFA (`ops/idp/mfa.rs`). A remembered device that skips MFA never reaches here (`srp_auth.rs`).
    if let Some(challenge) = crate::ops::idp::mfa::start_mfa(ctx, pool, client, user, now)? {
        return Ok(challenge);
    }
    complete_sign_in(ctx, pool, keys, client, user, now)
}

/// `REFRESH_TOKEN_AUTH` / `REFRESH_TOKEN`: new ID and access tokens in the same family, no refresh token.
fn refresh_flow(
    ctx: &Ctx,
    pool_id: &str,
    input: &InitiateAuthRequest,
) -> Result<InitiateAuthResponse> {
    let keys = tokens::pool_keys(&ctx.app, pool_id)?;
    let now = ctx.now_ms();
    let empty = HashMap::new();
    let params = input.auth_parameters.as_ref().unwrap_or(&empty);
    ctx.app.store.read_pool(pool_id, |pool| {
        let client = client_in(pool, &input.client_id)?;
        if !allows_refresh(&client) {
            return Err(flow_not_enabled("REFRESH_TOKEN_AUTH"));
        }
        let token = params
            .get("REFRESH_TOKEN")
            .ok_or_else(|| missing("REFRESH_TOKEN"))?;
        let grant = tokens::check_refresh(pool, token, &client.id, now).map_err(|e| {
            // Reuse detection belongs to GetTokensFromRefreshToken; here a rotated-out token is invalid.
            if e.code() == ErrorCode::RefreshTokenReuse {
                CognitoError::not_authorized("Invalid Refresh Token")
            } else {
                e
            }
        })?;
        let typed = params.get("USERNAME").map_or("", String::as_str);
        check_secret_hash(
            &client,
            &[&grant.username, typed],
            params.get("SECRET_HASH").map(String::as_str),
        )?;
        let issued = refresh_tokens(ctx, pool, &keys, &client, &grant, now)?;
        Ok(tokens_response(issued))
    })
}

fn refresh_tokens(
    ctx: &Ctx,
    pool: &UserPool,
    keys: &PoolKeys,
    client: &AppClient,
    grant: &tokens::RefreshGrant,
    now: i64,
) -> Result<IssuedTokens> {
    let user = match pool.users.get(&grant.username) {
        Some(u) if u.sub == grant.sub => u,
        _ => return Err(CognitoError::not_authorized("User does not exist.")),
    };
    if !user.enabled {
        return Err(CognitoError::not_authorized("User is disabled."));
    }
    let event = AuthEvent {
        origin_jti: grant.origin_jti.clone(),
        auth_time: grant.auth_time,
        event_id: uuid::Uuid::new_v4().to_string(),
        device_key: grant.device_key.clone(),
    };
    tokens::issue(&ctx.app, pool, keys, client, user, &event, now)
}

fn not_yet(flow: &str) -> CognitoError {
    CognitoError::invalid_parameter(format!(
        "{flow} is not implemented by cognito-emulator yet."
    ))
}

/// [InitiateAuth](https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_InitiateAuth.html).
/// Emulated: `USER_PASSWORD_AUTH` (tokens, or the `NEW_PASSWORD_REQUIRED` challenge), `USER_SRP_AUTH`
/// (`PASSWORD_VERIFIER`, see `srp_auth`), `USER_AUTH` (choice-based, see `user_auth`), `REFRESH_TOKEN_AUTH` /
/// `REFRESH_TOKEN`, `CUSTOM_AUTH` (see `custom_auth`); the admin flows are refused as AWS. `ClientMetadata`
/// reaches the triggers (`auth_triggers`); analytics and context data are ignored.
pub fn initiate_auth(ctx: &Ctx, input: InitiateAuthRequest) -> Result<InitiateAuthResponse> {
    let pool_id = pool_of_client(ctx, &input.client_id)?;
    with_triggers(ctx, &pool_id, &input, |input| {
        match input.auth_flow.as_str() {
            "USER_PASSWORD_AUTH" => password_flow(
                ctx,
                &pool_id,
                input,
                "ALLOW_USER_PASSWORD_AUTH",
                "USER_PASSWORD_AUTH",
            ),
            "REFRESH_TOKEN_AUTH" | "REFRESH_TOKEN" => refresh_flow(ctx, &pool_id, input),
            "USER_SRP_AUTH" => super::srp_auth::user_srp_flow(ctx, &pool_id, input),
            "USER_AUTH" => super::user_auth::user_auth_flow(ctx, &pool_id, input),
            "CUSTOM_AUTH" => super::custom_auth::custom_auth_flow(ctx, &pool_id, input),
            "ADMIN_USER_PASSWORD_AUTH" | "ADMIN_NO_SRP_AUTH" => Err(
                CognitoError::invalid_parameter("Initiate Auth method not supported."),
            ),
            other => Err(not_yet(other)),
        }
    })
}

/// Runs an `InitiateAuth` flow between its triggers: UserMigration and PreAuthentication before (not for
/// refresh), PreTokenGeneration and PostAuthentication when it ends in tokens.
fn with_triggers(
    ctx: &Ctx,
    pool_id: &str,
    input: &InitiateAuthRequest,
    flow: impl FnOnce(&InitiateAuthRequest) -> Result<InitiateAuthResponse>,
) -> Result<InitiateAuthResponse> {
    let refresh = matches!(
        input.auth_flow.as_str(),
        "REFRESH_TOKEN_AUTH" | "REFRESH_TOKEN"
    );
    if !refresh {
        auth_triggers::before_sign_in(ctx, pool_id, input)?;
    }
    let mut response = flow(input)?;
    if let Some(result) = response.authentication_result.as_mut() {
        let source = if refresh {
            TokenSource::RefreshTokens
        } else {
            TokenSource::Authentication
        };
        auth_triggers::after_tokens(
            ctx,
            pool_id,
            &input.client_id,
            result,
            source,
            triggers::client_metadata(input.client_metadata.as_ref()),
        )?;
    }
    Ok(response)
}

/// [AdminInitiateAuth](https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AdminInitiateAuth.html).
/// Emulated: `ADMIN_USER_PASSWORD_AUTH`, `ADMIN_NO_SRP_AUTH` (gated by `ALLOW_ADMIN_USER_PASSWORD_AUTH` or the
/// legacy `ADMIN_NO_SRP_AUTH`), `REFRESH_TOKEN_AUTH` / `REFRESH_TOKEN`. Other flows as in `InitiateAuth`.
pub fn admin_initiate_auth(
    ctx: &Ctx,
    input: AdminInitiateAuthRequest,
) -> Result<AdminInitiateAuthResponse> {
    let pool_id = input.user_pool_id.clone().unwrap_or_default();
    ctx.app
        .store
        .read_pool(&pool_id, |p| client_in(p, &input.client_id).map(|_| ()))?;
    with_triggers(ctx, &pool_id, &input, |input| {
        match input.auth_flow.as_str() {
            "ADMIN_USER_PASSWORD_AUTH" | "ADMIN_NO_SRP_AUTH" => password_flow(
                ctx,
                &pool_id,
                input,
                "ALLOW_ADMIN_USER_PASSWORD_AUTH",
                input.auth_flow.as_str(),
            ),
            "REFRESH_TOKEN_AUTH" | "REFRESH_TOKEN" => refresh_flow(ctx, &pool_id, input),
            "USER_SRP_AUTH" => super::srp_auth::user_srp_flow(ctx, &pool_id, input),
            "USER_AUTH" => super::user_auth::user_auth_flow(ctx, &pool_id, input),
            "CUSTOM_AUTH" => super::custom_auth::custom_auth_flow(ctx, &pool_id, input),
            "USER_PASSWORD_AUTH" => Err(CognitoError::invalid_parameter(
                "Initiate Auth method not supported.",
            )),
            other => Err(not_yet(other)),
        }
    })
}

/// Routes a challenge response to its handler. SRP (`PASSWORD_VERIFIER`) and MFA answers join here.
fn respond(
    ctx: &Ctx,
    pool_id: &str,
    input: &RespondToAuthChallengeRequest,
) -> Result<RespondToAuthChallengeResponse> {
    let mut response = respond_to(ctx, pool_id, input)?;
    if let Some(result) = response.authentication_result.as_mut() {
        let source = match input.challenge_name.as_str() {
            "NEW_PASSWORD_REQUIRED" => TokenSource::NewPasswordChallenge,
            "DEVICE_PASSWORD_VERIFIER" => TokenSource::AuthenticateDevice,
            _ => TokenSource::Authentication,
        };
        auth_triggers::after_tokens(
            ctx,
            pool_id,
            &input.client_id,
            result,
            source,
            triggers::client_metadata(input.client_metadata.as_ref()),
        )?;
    }
    Ok(response)
}

fn respond_to(
    ctx: &Ctx,
    pool_id: &str,
    input: &RespondToAuthChallengeRequest,
) -> Result<RespondToAuthChallengeResponse> {
    match input.challenge_name.as_str() {
        "NEW_PASSWORD_REQUIRED" => respond_new_password(ctx, pool_id, input),
        "PASSWORD_VERIFIER" => super::srp_auth::respond_password_verifier(ctx, pool_id, input),
        "DEVICE_SRP_AUTH" => super::srp_auth::respond_device_srp_auth(ctx, pool_id, input),
        "DEVICE_PASSWORD_VERIFIER" => {
            super::srp_auth::respond_device_password_verifier(ctx, pool_id, input)
        }
        "SELECT_CHALLENGE" => super::user_auth::respond_select_challenge(ctx, pool_id, input),
        "CUSTOM_CHALLENGE" => super::custom_auth::respond_custom_challenge(ctx, pool_id, input),
        // First-factor one-time codes of USER_AUTH come first: their sessions are distinct from MFA's.
        "EMAIL_OTP" | "SMS_OTP" if super::user_auth::is_first_factor_otp(ctx, pool_id, input) => {
            super::user_auth::respond_otp(ctx, pool_id, input)
        }
        "SMS_MFA" | "EMAIL_OTP" | "SOFTWARE_TOKEN_MFA" | "SELECT_MFA_TYPE" | "MFA_SETUP" => {
            crate::ops::idp::mfa::respond_mfa(ctx, pool_id, input)
        }
        other => Err(not_yet(other)),
    }
}

/// The open session a challenge response names, and its user: the session must be live, for this client
/// and challenge; `SECRET_HASH` is checked; `USERNAME` must designate the session's user. Every
/// `RespondToAuthChallenge` handler starts with this.
pub(crate) fn challenge_subject(
    pool: &UserPool,
    client: &AppClient,
    responses: &HashMap<String, String>,
    session_id: Option<&str>,
    challenge: &str,
    now: i64,
) -> Result<(crate::domain::auth_flow::Session, User)> {
    let login = responses
        .get("USERNAME")
        .ok_or_else(|| missing("USERNAME"))?;
    let session_id = session_id.ok_or_else(invalid_session)?;
    let session = pool
        .sessions
        .get(session_id, &client.id, challenge, now)?
        .clone();
    check_secret_hash(
        client,
        &[login, &session.username],
        responses.get("SECRET_HASH").map(String::as_str),
    )?;
    let user = pool
        .users
        .get(&session.username)
        .cloned()
        .ok_or_else(|| unknown_user(client))?;
    if find_login(pool, login).map(|u| &u.username) != Some(&user.username) {
        return Err(invalid_session());
    }
    Ok((session, user))
}

/// `NEW_PASSWORD_REQUIRED`: `NEW_PASSWORD` plus `userAttributes.<name>` for the missing required attributes.
fn respond_new_password(
    ctx: &Ctx,
    pool_id: &str,
    input: &RespondToAuthChallengeRequest,
) -> Result<RespondToAuthChallengeResponse> {
    let keys = tokens::pool_keys(&ctx.app, pool_id)?;
    let now = ctx.now_ms();
    let empty = HashMap::new();
    let responses = input.challenge_responses.as_ref().unwrap_or(&empty);
    ctx.app.store.write_pool(pool_id, |pool| {
        let client = client_in(pool, &input.client_id)?;
        let challenge = input.challenge_name.as_str();
        let (session, user) = challenge_subject(
            pool,
            &client,
            responses,
            input.session.as_deref(),
            challenge,
            now,
        )?;
        let new_password = responses
            .get("NEW_PASSWORD")
            .ok_or_else(|| missing("NEW_PASSWORD"))?;
        let mut given: BTreeMap<String, String> = BTreeMap::new();
        for (k, v) in responses {
            if let Some(name) = k.strip_prefix("userAttributes.") {
                given.insert(name.to_owned(), v.clone());
            }
        }
        for name in missing_required(pool, &user) {
            if !given.contains_key(&name) {
                return Err(CognitoError::invalid_parameter(format!(
                    "Invalid attributes given, {name} is missing"
                )));
            }
        }
        let hash = new_password_for(pool, &user, new_password)?;
        // The attributes through the directory, so its indexes follow an email, phone number or
        // preferred_username given here (it leaves `sub` alone).
        let changes: Vec<(String, Option<String>)> =
            given.into_iter().map(|(k, v)| (k, Some(v))).collect();
        if !pool.users.set_attributes(&session.username, &changes, now) {
            return Err(unknown_user(&client));
        }
        let user = {
            let u = pool
                .users
                .get_mut(&session.username)
                .ok_or_else(|| unknown_user(&client))?;
            apply_password(u, hash, now);
            u.status = UserStatus::Confirmed;
            u.clone()
        };
        pool.sessions.close(&session.id);
        // AWS asks for MFA after the new password, as after any first factor.
        if let Some(challenge) = crate::ops::idp::mfa::start_mfa(ctx, pool, &client, &user, now)? {
            return Ok(challenge);
        }
        complete_sign_in(ctx, pool, &keys, &client, &user, now)
    })
}

/// [RespondToAuthChallenge](https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_RespondToAuthChallenge.html).
/// Emulated: `NEW_PASSWORD_REQUIRED` (`NEW_PASSWORD`, `userAttributes.<name>` for the required attributes;
/// policy and history checked; the user becomes `CONFIRMED`), `PASSWORD_VERIFIER`, `DEVICE_SRP_AUTH`,
/// `DEVICE_PASSWORD_VERIFIER`, and `USER_AUTH`'s `SELECT_CHALLENGE`, `EMAIL_OTP` and `SMS_OTP`. Other
/// challenges answer "not implemented".
pub fn respond_to_auth_challenge(
    ctx: &Ctx,
    input: RespondToAuthChallengeRequest,
) -> Result<RespondToAuthChallengeResponse> {
    let pool_id = pool_of_client(ctx, &input.client_id)?;
    respond(ctx, &pool_id, &input)
}

/// [AdminRespondToAuthChallenge](https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AdminRespondToAuthChallenge.html).
/// As `RespondToAuthChallenge`, for a given pool.
pub fn admin_respond_to_auth_challenge(
    ctx: &Ctx,
    input: AdminRespondToAuthChallengeRequest,
) -> Result<RespondToAuthChallengeResponse> {
    let pool_id = input.user_pool_id.clone().unwrap_or_default();
    respond(ctx, &pool_id, &input)
}

/// Checks a plain `ClientSecret` (RevokeToken, GetTokensFromRefreshToken).
fn check_client_secret(client: &AppClient, given: Option<&str>) -> Result<()> {
    if client.secrets.is_empty() {
        return Ok(());
    }
    match given {
        Some(s) if client.secret_matches(s) => Ok(()),
        _ => Err(CognitoError::not_authorized(format!(
            "Unable to verify secret for client {}",
            client.id
        ))),
    }
}

/// [GetTokensFromRefreshToken](https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_GetTokensFromRefreshToken.html).
/// With the client's `RefreshTokenRotation` `ENABLED`, a new refresh token is returned and the old one keeps
/// working for `RetryGracePeriodSeconds`; using it after that is `RefreshTokenReuseException`. With rotation
/// `DISABLED` no refresh token is returned. `DeviceKey` and `ClientMetadata` are ignored.
pub fn get_tokens_from_refresh_token(
    ctx: &Ctx,
    input: GetTokensFromRefreshTokenRequest,
) -> Result<GetTokensFromRefreshTokenResponse> {
    let pool_id = pool_of_client(ctx, &input.client_id)?;
    let keys = tokens::pool_keys(&ctx.app, &pool_id)?;
    let now = ctx.now_ms();
    let mut response = ctx.app.store.write_pool(&pool_id, |pool| {
        let client = client_in(pool, &input.client_id)?;
        check_client_secret(&client, input.client_secret.as_deref())?;
        if !allows_refresh(&client) {
            return Err(flow_not_enabled("REFRESH_TOKEN_AUTH"));
        }
        let grant = tokens::check_refresh(pool, &input.refresh_token, &client.id, now)?;
        let mut issued = refresh_tokens(ctx, pool, &keys, &client, &grant, now)?;
        let rotation = client.settings.refresh_token_rotation.as_ref();
        if rotation.is_some_and(|r| r.feature == "ENABLED") {
            let grace = rotation
                .and_then(|r| r.retry_grace_period_seconds)
                .unwrap_or(0);
            if let Some(old) = pool.tokens.refresh.get_mut(&input.refresh_token) {
                old.rotated_until_ms
                    .get_or_insert(now.saturating_add(grace.saturating_mul(1000)));
            }
            let token = tokens::new_refresh_token();
            pool.tokens.refresh.insert(
                token.clone(),
                tokens::RefreshGrant {
                    expires_ms: now
                        .saturating_add(client.refresh_token_seconds().saturating_mul(1000)),
                    rotated_until_ms: None,
                    ..grant
                },
            );
            issued.refresh_token = Some(token);
        }
        Ok(GetTokensFromRefreshTokenResponse {
            authentication_result: result_of(issued),
        })
    })?;
    auth_triggers::after_tokens(
        ctx,
        &pool_id,
        &input.client_id,
        &mut response.authentication_result,
        TokenSource::RefreshTokens,
        triggers::client_metadata(input.client_metadata.as_ref()),
    )?;
    Ok(response)
}

/// [RevokeToken](https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_RevokeToken.html).
/// Revokes a refresh token and every access and ID token issued from it. Access or ID tokens given here
/// are `UnsupportedTokenTypeException`; a refresh token of another client is `UnauthorizedException`; an
/// unknown token succeeds, as OAuth revocation does.
pub fn revoke_token(ctx: &Ctx, input: RevokeTokenRequest) -> Result<Empty> {
    let pool_id = pool_of_client(ctx, &input.client_id)?;
    ctx.app.store.write_pool(&pool_id, |pool| {
        let client = client_in(pool, &input.client_id)?;
        check_client_secret(&client, input.client_secret.as_deref()).map_err(|_| {
            CognitoError::new(ErrorCode::Unauthorized, "Invalid client id or secret")
        })?;
        if client.settings.enable_token_revocation == Some(false) {
            return Err(CognitoError::new(
                ErrorCode::UnsupportedOperation,
                "Token revocation is not enabled for this client",
            ));
        }
        if input.token.matches('.').count() == 2 {
            return Err(CognitoError::new(
                ErrorCode::UnsupportedTokenType,
                "Unsupported token type",
            ));
        }
        let Some(grant) = pool.tokens.refresh.get(&input.token) else {
            return Ok(Empty {});
        };
        if grant.client_id != client.id {
            return Err(CognitoError::new(
                ErrorCode::Unauthorized,
                "Invalid client id or secret",
            ));
        }
        let family = grant.origin_jti.clone();
        pool.tokens.revoke_family(&family);
        Ok(Empty {})
    })
}

/// [GlobalSignOut](https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_GlobalSignOut.html).
/// Revokes all of the user's refresh tokens and the tokens issued from them, including the one used here.
pub fn global_sign_out(ctx: &Ctx, input: GlobalSignOutRequest) -> Result<Empty> {
    let claims = tokens::verify_access_token(&ctx.app, &input.access_token)?;
    ctx.app.store.write_pool(&claims.pool_id, |pool| {
        pool.tokens.revoke_user(&claims.username);
        pool.tokens.revoke_family(&claims.origin_jti);
        Ok(Empty {})
    })
}

/// [AdminUserGlobalSignOut](https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AdminUserGlobalSignOut.html).
/// As `GlobalSignOut`, for a user named by username or alias.
pub fn admin_user_global_sign_out(
    ctx: &Ctx,
    input: AdminUserGlobalSignOutRequest,
) -> Result<Empty> {
    ctx.app.store.write_pool(&input.user_pool_id, |pool| {
        let username = find_login(pool, &input.username)
            .map(|u| u.username.clone())
            .ok_or_else(CognitoError::user_not_found)?;
        pool.tokens.revoke_user(&username);
        Ok(Empty {})
    })
}

/// [GetSigningCertificate](https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_GetSigningCertificate.html).
/// A self-signed X.509 certificate (Base64 DER) over the pool's ID-token key, made on each call.
pub fn get_signing_certificate(
    ctx: &Ctx,
    input: GetSigningCertificateRequest,
) -> Result<GetSigningCertificateResponse> {
    let keys = tokens::pool_keys(&ctx.app, &input.user_pool_id)?;
    let certificate = keys.id.certificate_base64(&input.user_pool_id)?;
    Ok(GetSigningCertificateResponse { certificate })
}
