//! SRP sign-in: `USER_SRP_AUTH` (InitiateAuth / AdminInitiateAuth), the `PASSWORD_VERIFIER` answer, and
//! device SRP (`DEVICE_SRP_AUTH`, `DEVICE_PASSWORD_VERIFIER`). `RespondToAuthChallenge` routes here from
//! `auth::respond`.
//!
//! The big-number work (`srp::start`, `srp::verify`) runs outside the pool lock: each step looks up what
//! it needs in one closure, computes, then records the result (or the sign-in) in a second closure, which
//! checks the user again. The server state between challenge and answer is a
//! [`PendingSrp`](crate::domain::srp_flow::PendingSrp) named by the `SECRET_BLOCK`.

use std::collections::{BTreeMap, HashMap};

use super::auth::{
    after_password, client_in, complete_sign_in, flow_not_enabled, incorrect, missing, unknown_user,
};
use crate::app::Ctx;
use crate::domain::auth_flow::{check_secret_hash, find_login, invalid_session};
use crate::domain::client::AppClient;
use crate::domain::devices::{self, SignInDevice};
use crate::domain::password::{srp_pool_name, PasswordHash};
use crate::domain::srp::{self, SrpError};
use crate::domain::srp_flow::{self, PendingSrp, SrpKind};
use crate::domain::tokens;
use crate::domain::user::{User, UserStatus};
use crate::domain::user_pool::UserPool;
use crate::error::{CognitoError, ErrorCode, Result};
use crate::model::idp::auth::*;

/// AWS's answer for a device key the user does not have (Amplify clears its device keys and retries on
/// exactly this).
fn no_device() -> CognitoError {
    CognitoError::resource_not_found("Device does not exist.")
}

fn srp_error(e: SrpError) -> CognitoError {
    CognitoError::invalid_parameter(format!("Invalid SRP_A: {e}"))
}

/// SRP is allowed with `ALLOW_USER_SRP_AUTH`, and always for clients configured with the legacy flow
/// names only (SRP predates `ExplicitAuthFlows`).
fn allows_srp(client: &AppClient) -> bool {
    let legacy_only = client
        .settings
        .explicit_auth_flows
        .as_ref()
        .is_some_and(|f| !f.is_empty() && f.iter().all(|x| !x.starts_with("ALLOW_")));
    legacy_only || client.allows_flow("ALLOW_USER_SRP_AUTH")
}

/// The user checks every sign-in makes before a first factor, in AWS's order: lockout, disabled,
/// unconfirmed, reset required.
pub(crate) fn check_user_can_sign_in(pool: &UserPool, user: &User, now: i64) -> Result<()> {
    pool.lockouts.check(&user.username, now)?;
    if !user.enabled {
        return Err(CognitoError::not_authorized("User is disabled."));
    }
    match user.status {
        UserStatus::Unconfirmed => Err(CognitoError::new(
            ErrorCode::UserNotConfirmed,
            "User is not confirmed.",
        )),
        UserStatus::ResetRequired => Err(CognitoError::new(
            ErrorCode::PasswordResetRequired,
            "Password reset required for the user",
        )),
        _ => Ok(()),
    }
}

/// Whose verifier an SRP challenge uses.
#[derive(Debug, Clone)]
pub(crate) enum SrpSubject {
    /// A user with a password (internal username, stored hash).
    User(String, PasswordHash),
    /// An unknown user under `PreventUserExistenceErrors`: what was typed.
    Simulated(String),
}

/// Resolves `USERNAME` for an SRP challenge: secret hash, unknown user (simulated under
/// `PreventUserExistenceErrors`, else `UserNotFoundException`), the user checks, and the password.
pub(crate) fn srp_subject(
    pool: &UserPool,
    client: &AppClient,
    login: &str,
    secret_hash: Option<&str>,
    now: i64,
) -> Result<SrpSubject> {
    let user = find_login(pool, login);
    let internal = user.map_or(login, |u| u.username.as_str());
    check_secret_hash(client, &[login, internal], secret_hash)?;
    let Some(user) = user else {
        if client.prevents_user_existence_errors() {
            return Ok(SrpSubject::Simulated(login.to_owned()));
        }
        return Err(CognitoError::user_not_found());
    };
    check_user_can_sign_in(pool, user, now)?;
    match &user.password {
        Some(h) => Ok(SrpSubject::User(user.username.clone(), h.clone())),
        None => Err(incorrect()),
    }
}

/// Starts the exchange for `subject` with the client's `SRP_A` and answers `PASSWORD_VERIFIER`
/// (`SALT`, `SRP_B`, `SECRET_BLOCK`, `USER_ID_FOR_SRP`, `USERNAME`; no `Session`, as AWS).
pub(crate) fn password_verifier_challenge(
    ctx: &Ctx,
    pool_id: &str,
    client: &AppClient,
    subject: SrpSubject,
    srp_a: &str,
    device_key: Option<String>,
    now: i64,
) -> Result<InitiateAuthResponse> {
    let seed = srp_flow::simulation_seed();
    let (verifier, salt, username, user_id, kind) = match subject {
        SrpSubject::User(username, hash) => (
            srp::verifier(hash.srp_salt(), hash.srp_inner()),
            hash.srp_salt().to_vec(),
            username.clone(),
            username,
            SrpKind::User { password: hash },
        ),
        SrpSubject::Simulated(login) => (
            srp::simulated_verifier(seed, &login, &client.id),
            srp::simulated_salt(seed, &login, &client.id).to_vec(),
            login.clone(),
            srp::simulated_user_id(seed, &login, &client.id),
            SrpKind::Simulated,
        ),
    };
    let (challenge, srp_b) = srp::start(&verifier, srp_a).map_err(srp_error)?;
    let pending = PendingSrp {
        challenge,
        client_id: client.id.clone(),
        username,
        user_id_for_srp: user_id.clone(),
        kind,
        device_key,
        expires_ms: now.saturating_add(client.session_seconds().saturating_mul(1000)),
    };
    let block = ctx
        .app
        .store
        .write_pool(pool_id, |pool| Ok(pool.srp.open(pending, now)))?;
    let mut params = HashMap::new();
    params.insert("SALT".to_owned(), srp::salt_hex(&salt));
    params.insert("SRP_B".to_owned(), srp_b);
    params.insert("SECRET_BLOCK".to_owned(), block);
    params.insert("USER_ID_FOR_SRP".to_owned(), user_id.clone());
    params.insert("USERNAME".to_owned(), user_id);
    Ok(InitiateAuthResponse {
        challenge_name: Some("PASSWORD_VERIFIER".to_owned()),
        challenge_parameters: params,
        ..Default::default()
    })
}

/// `USER_SRP_AUTH`: `USERNAME` (username, alias, email/phone username, any case in case-insensitive
/// pools), `SRP_A`, `SECRET_HASH`, `DEVICE_KEY`.
pub(crate) fn user_srp_flow(
    ctx: &Ctx,
    pool_id: &str,
    input: &InitiateAuthRequest,
) -> Result<InitiateAuthResponse> {
    let now = ctx.now_ms();
    let empty = HashMap::new();
    let params = input.auth_parameters.as_ref().unwrap_or(&empty);
    let (client, subject, srp_a) = ctx.app.store.read_pool(pool_id, |pool| {
        let client = client_in(pool, &input.client_id)?;
        if !allows_srp(&client) {
            return Err(flow_not_enabled("USER_SRP_AUTH"));
        }
        let login = params.get("USERNAME").ok_or_else(|| missing("USERNAME"))?;
        let srp_a = params.get("SRP_A").ok_or_else(|| missing("SRP_A"))?;
        let subject = srp_subject(
            pool,
            &client,
            login,
            params.get("SECRET_HASH").map(String::as_str),
            now,
        )?;
        Ok((client, subject, srp_a.clone()))
    })?;
    password_verifier_challenge(
        ctx,
        pool_id,
        &client,
        subject,
        &srp_a,
        params.get("DEVICE_KEY").cloned(),
        now,
    )
}

/// The claim of a verifier answer: block, signature, timestamp.
struct Claim<'a> {
    block: &'a str,
    signature: &'a str,
    timestamp: &'a str,
}

fn claim(responses: &HashMap<String, String>) -> Result<Claim<'_>> {
    let get = |n: &str| {
        responses
            .get(n)
            .map(String::as_str)
            .ok_or_else(|| missing(n))
    };
    Ok(Claim {
        signature: get("PASSWORD_CLAIM_SIGNATURE")?,
        block: get("PASSWORD_CLAIM_SECRET_BLOCK")?,
        timestamp: get("TIMESTAMP")?,
    })
}

/// Takes the pending challenge a `SECRET_BLOCK` names, if it belongs to this client and is of the
/// expected kind (device or not).
fn take_pending(
    ctx: &Ctx,
    pool_id: &str,
    client_id: &str,
    block: &str,
    device: bool,
    now: i64,
) -> Result<PendingSrp> {
    let pending = ctx.app.store.write_pool(pool_id, |pool| {
        client_in(pool, client_id)?;
        Ok(pool.srp.take(block, now))
    })?;
    pending
        .filter(|p| p.client_id == client_id && matches!(p.kind, SrpKind::Device { .. }) == device)
        .ok_or_else(incorrect)
}

/// `PASSWORD_VERIFIER`: `PASSWORD_CLAIM_SIGNATURE`, `PASSWORD_CLAIM_SECRET_BLOCK`, `TIMESTAMP`, `USERNAME`,
/// optionally `DEVICE_KEY` and `SECRET_HASH`. A wrong signature counts toward the lockout; success goes
/// on as a correct password does (device SRP first when `DEVICE_KEY` names a confirmed device).
pub(crate) fn respond_password_verifier(
    ctx: &Ctx,
    pool_id: &str,
    input: &RespondToAuthChallengeRequest,
) -> Result<RespondToAuthChallengeResponse> {
    let keys = tokens::pool_keys(&ctx.app, pool_id)?;
    let now = ctx.now_ms();
    let empty = HashMap::new();
    let responses = input.challenge_responses.as_ref().unwrap_or(&empty);
    let login = responses
        .get("USERNAME")
        .ok_or_else(|| missing("USERNAME"))?;
    let claim = claim(responses)?;
    let pending = take_pending(ctx, pool_id, &input.client_id, claim.block, false, now)?;
    let signed = !matches!(pending.kind, SrpKind::Simulated)
        && srp::verify(
            &pending.challenge,
            srp_pool_name(pool_id),
            &pending.user_id_for_srp,
            claim.block,
            claim.timestamp,
            claim.signature,
        );
    let fresh = srp_flow::timestamp_is_fresh(claim.timestamp, now);
    // The password step of a CUSTOM_AUTH flow carries its history in the Session; it goes back to
    // DefineAuthChallenge instead of on to tokens.
    let custom = super::custom_auth::custom_history(
        ctx,
        pool_id,
        &input.client_id,
        input.session.as_deref(),
    )?;
    let device_key = responses
        .get("DEVICE_KEY")
        .cloned()
        .or_else(|| pending.device_key.clone());
    let verified = ctx.app.store.write_pool(pool_id, |pool| {
        let client = client_in(pool, &input.client_id)?;
        check_secret_hash(
            &client,
            &[login, &pending.username, &pending.user_id_for_srp],
            responses.get("SECRET_HASH").map(String::as_str),
        )?;
        let SrpKind::User { password } = &pending.kind else {
            return Err(incorrect());
        };
        let user = find_login(pool, login)
            .filter(|u| u.username == pending.username)
            .cloned()
            .ok_or_else(incorrect)?;
        pool.lockouts.check(&user.username, now)?;
        if !signed || user.password.as_ref() != Some(password) {
            // The one mutation on an error path: counting failures is the point of the lockout.
            pool.lockouts.fail(&user.username, now);
            return Err(incorrect());
        }
        if !fresh {
            return Err(incorrect());
        }
        check_user_can_sign_in(pool, &user, now)?;
        pool.lockouts.succeed(&user.username);
        if custom.is_some() {
            return Ok(Err(user.username));
        }
        after_user_srp(ctx, pool, &keys, &client, &user, device_key.as_deref(), now).map(Ok)
    })?;
    match (verified, custom) {
        (Ok(response), _) => Ok(response),
        (Err(username), Some(history)) => {
            super::custom_auth::resume_after_password(ctx, pool_id, input, &username, &history)
        }
        (Err(_), None) => Err(incorrect()),
    }
}

/// After a verified SRP password: device SRP when `device_key` names a confirmed device of the user
/// (`ResourceNotFoundException` "Device does not exist." for a key the user does not have), else the
/// sign-in is marked as an SRP one (a new device is made when tokens are issued) and goes on as after
/// any password.
fn after_user_srp(
    ctx: &Ctx,
    pool: &mut UserPool,
    keys: &crate::domain::keys::PoolKeys,
    client: &AppClient,
    user: &User,
    device_key: Option<&str>,
    now: i64,
) -> Result<InitiateAuthResponse> {
    let expires = now.saturating_add(client.session_seconds().saturating_mul(1000));
    if devices::tracking_enabled(pool) {
        if let Some(dk) = device_key {
            let confirmed = pool
                .devices
                .get(&user.username, dk)
                .ok_or_else(no_device)?
                .confirmed();
            if confirmed {
                let mut data = BTreeMap::new();
                data.insert("DEVICE_KEY".to_owned(), dk.to_owned());
                let session =
                    pool.sessions
                        .open(client, &user.username, "DEVICE_SRP_AUTH", data, now);
                let mut params = HashMap::new();
                params.insert("USERNAME".to_owned(), user.username.clone());
                return Ok(InitiateAuthResponse {
                    challenge_name: Some("DEVICE_SRP_AUTH".to_owned()),
                    session: Some(session),
                    challenge_parameters: params,
                    ..Default::default()
                });
            }
        }
        pool.devices
            .mark_sign_in(&user.username, &client.id, SignInDevice::New, expires, now);
    }
    after_password(ctx, pool, keys, client, user, now)
}

/// `DEVICE_SRP_AUTH`: `USERNAME`, `DEVICE_KEY`, `SRP_A` (+ `SECRET_HASH`) with the `Session` of the
/// challenge. Answers `DEVICE_PASSWORD_VERIFIER` (`SALT`, `SRP_B`, `SECRET_BLOCK`, `USERNAME`,
/// `DEVICE_KEY`).
pub(crate) fn respond_device_srp_auth(
    ctx: &Ctx,
    pool_id: &str,
    input: &RespondToAuthChallengeRequest,
) -> Result<RespondToAuthChallengeResponse> {
    let now = ctx.now_ms();
    let empty = HashMap::new();
    let responses = input.challenge_responses.as_ref().unwrap_or(&empty);
    let login = responses
        .get("USERNAME")
        .ok_or_else(|| missing("USERNAME"))?;
    let device_key = responses
        .get("DEVICE_KEY")
        .ok_or_else(|| missing("DEVICE_KEY"))?;
    let srp_a = responses.get("SRP_A").ok_or_else(|| missing("SRP_A"))?;
    let session_id = input.session.as_deref().ok_or_else(invalid_session)?;
    let (client, username, verifier, salt, group_key) =
        ctx.app.store.read_pool(pool_id, |pool| {
            let client = client_in(pool, &input.client_id)?;
            let session = pool
                .sessions
                .get(session_id, &client.id, "DEVICE_SRP_AUTH", now)?;
            check_secret_hash(
                &client,
                &[login, &session.username],
                responses.get("SECRET_HASH").map(String::as_str),
            )?;
            if session.data.get("DEVICE_KEY") != Some(device_key) {
                return Err(no_device());
            }
            let (verifier, salt) = pool
                .devices
                .get(&session.username, device_key)
                .and_then(|d| d.verifier.clone())
                .ok_or_else(no_device)?;
            let group_key = pool
                .devices
                .group_key(&session.username)
                .ok_or_else(no_device)?
                .to_owned();
            Ok((client, session.username.clone(), verifier, salt, group_key))
        })?;
    let (challenge, srp_b) = srp::start(&verifier, srp_a).map_err(srp_error)?;
    let pending = PendingSrp {
        challenge,
        client_id: client.id.clone(),
        username: username.clone(),
        user_id_for_srp: device_key.clone(),
        kind: SrpKind::Device {
            device_key: device_key.clone(),
            group_key,
        },
        device_key: Some(device_key.clone()),
        expires_ms: now.saturating_add(client.session_seconds().saturating_mul(1000)),
    };
    let block = ctx.app.store.write_pool(pool_id, |pool| {
        pool.sessions.close(session_id);
        Ok(pool.srp.open(pending, now))
    })?;
    let mut params = HashMap::new();
    params.insert("SALT".to_owned(), srp::salt_hex(&salt));
    params.insert("SRP_B".to_owned(), srp_b);
    params.insert("SECRET_BLOCK".to_owned(), block);
    params.insert("USERNAME".to_owned(), username);
    params.insert("DEVICE_KEY".to_owned(), device_key.clone());
    Ok(InitiateAuthResponse {
        challenge_name: Some("DEVICE_PASSWORD_VERIFIER".to_owned()),
        challenge_parameters: params,
        ..Default::default()
    })
}

/// `DEVICE_PASSWORD_VERIFIER`: the device's claim, signed with `DeviceGroupKey ‖ DeviceKey ‖ block ‖
/// timestamp`. A remembered device in a pool with `ChallengeRequiredOnNewDevice` skips MFA; otherwise the
/// sign-in goes on as after a password. The tokens carry the device's key.
pub(crate) fn respond_device_password_verifier(
    ctx: &Ctx,
    pool_id: &str,
    input: &RespondToAuthChallengeRequest,
) -> Result<RespondToAuthChallengeResponse> {
    let keys = tokens::pool_keys(&ctx.app, pool_id)?;
    let now = ctx.now_ms();
    let empty = HashMap::new();
    let responses = input.challenge_responses.as_ref().unwrap_or(&empty);
    let login = responses
        .get("USERNAME")
        .ok_or_else(|| missing("USERNAME"))?;
    let claim = claim(responses)?;
    let pending = take_pending(ctx, pool_id, &input.client_id, claim.block, true, now)?;
    let SrpKind::Device {
        device_key,
        group_key,
    } = &pending.kind
    else {
        return Err(incorrect());
    };
    if responses.get("DEVICE_KEY").is_some_and(|k| k != device_key) {
        return Err(incorrect());
    }
    let good = srp::verify(
        &pending.challenge,
        group_key,
        device_key,
        claim.block,
        claim.timestamp,
        claim.signature,
    ) && srp_flow::timestamp_is_fresh(claim.timestamp, now);
    ctx.app.store.write_pool(pool_id, |pool| {
        let client = client_in(pool, &input.client_id)?;
        check_secret_hash(
            &client,
            &[login, &pending.username],
            responses.get("SECRET_HASH").map(String::as_str),
        )?;
        let user = pool
            .users
            .get(&pending.username)
            .cloned()
            .ok_or_else(|| unknown_user(&client))?;
        if !good {
            return Err(incorrect());
        }
        if !user.enabled {
            return Err(CognitoError::not_authorized("User is disabled."));
        }
        let device = pool
            .devices
            .get_mut(&user.username, device_key)
            .ok_or_else(no_device)?;
        device.last_authenticated_ms = now;
        let skip_mfa = devices::device_skips_mfa(pool, &user.username, device_key);
        let expires = now.saturating_add(client.session_seconds().saturating_mul(1000));
        pool.devices.mark_sign_in(
            &user.username,
            &client.id,
            SignInDevice::Known(device_key.clone()),
            expires,
            now,
        );
        if skip_mfa && user.status != UserStatus::ForceChangePassword {
            complete_sign_in(ctx, pool, &keys, &client, &user, now)
        } else {
            after_password(ctx, pool, &keys, &client, &user, now)
        }
    })
}
