//! Choice-based sign-in (`USER_AUTH`): `SELECT_CHALLENGE` with the first factors the pool allows
//! (`Policies.SignInPolicy.AllowedFirstAuthFactors`) and the user can use, `PREFERRED_CHALLENGE`, the
//! `EMAIL_OTP` / `SMS_OTP` first factors, sign-in with the `Session` of `ConfirmSignUp`, and
//! `GetUserAuthFactors`.
//!
//! One-time codes of a first factor live in their session (hashed), under the internal challenge name
//! `USER_AUTH:<challenge>`, so they never meet the MFA codes that use the same wire names.

use std::collections::{BTreeMap, HashMap};

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use super::auth::{
    after_password, client_in, complete_sign_in, flow_not_enabled, incorrect, missing, unknown_user,
};
use super::srp_auth::{check_user_can_sign_in, password_verifier_challenge, SrpSubject};
use crate::app::Ctx;
use crate::domain::auth_flow::{check_secret_hash, find_login, invalid_session};
use crate::domain::client::AppClient;
use crate::domain::codes;
use crate::domain::keys::PoolKeys;
use crate::domain::tokens;
use crate::domain::user::User;
use crate::domain::user_pool::UserPool;
use crate::error::{CognitoError, ErrorCode, Result};
use crate::model::idp::auth::*;
use crate::model::idp::devices::GetUserAuthFactorsResponse;
use crate::model::idp::self_service::AccessTokenRequest;

/// The session challenge of an OTP first factor.
fn otp_session_challenge(challenge: &str) -> String {
    format!("USER_AUTH:{challenge}")
}

fn code_hash(code: &str) -> String {
    STANDARD.encode(Sha256::digest(code.as_bytes()))
}

/// `AllowedFirstAuthFactors` of the pool (default `PASSWORD`).
fn allowed_first_factors(pool: &UserPool) -> Vec<String> {
    pool.config
        .policies
        .as_ref()
        .and_then(|p| p.sign_in_policy.as_ref())
        .and_then(|s| s.get("AllowedFirstAuthFactors"))
        .and_then(|v| v.as_array())
        .map(|l| {
            l.iter()
                .filter_map(|x| x.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_else(|| vec!["PASSWORD".to_owned()])
}

/// Email codes can go out: email MFA configured (`EmailMfaConfiguration`), or the pool sends through its
/// own SES identity (`EmailSendingAccount` `DEVELOPER`), as AWS requires for email OTP.
fn email_otp_usable(pool: &UserPool) -> bool {
    pool.mfa_factors.email.is_some()
        || pool
            .config
            .email_configuration
            .as_ref()
            .and_then(|c| c.get("EmailSendingAccount"))
            .and_then(|v| v.as_str())
            == Some("DEVELOPER")
}

/// The first factors a user has set up (`ConfiguredUserAuthFactors`).
fn configured_factors(pool: &UserPool, user: &User) -> Vec<&'static str> {
    let mut f = Vec::new();
    if user.password.is_some() {
        f.push("PASSWORD");
    }
    if user.is_verified("email") && user.attribute("email").is_some() && email_otp_usable(pool) {
        f.push("EMAIL_OTP");
    }
    if user.is_verified("phone_number") && user.attribute("phone_number").is_some() {
        f.push("SMS_OTP");
    }
    f
}

/// `AvailableChallenges`: the allowed first factors the user can use (`PASSWORD` allows both
/// `PASSWORD` and `PASSWORD_SRP`; WebAuthn is not emulated).
fn available_challenges(pool: &UserPool, user: &User) -> Vec<String> {
    let configured = configured_factors(pool, user);
    let mut out = Vec::new();
    for factor in allowed_first_factors(pool) {
        if !configured.contains(&factor.as_str()) {
            continue;
        }
        if factor == "PASSWORD" {
            out.push("PASSWORD".to_owned());
            out.push("PASSWORD_SRP".to_owned());
        } else {
            out.push(factor);
        }
    }
    out
}

/// What a step decided: an answer, or an SRP challenge to compute outside the pool lock. Lives for one
/// request, so the size difference between the variants does not matter.
#[allow(clippy::large_enum_variant)]
enum Next {
    Done(InitiateAuthResponse),
    Srp(AppClient, SrpSubject, String),
}

/// Starts the chosen first factor with its input (`PASSWORD`, `SRP_A`) from `inputs`.
#[allow(clippy::too_many_arguments)]
fn start_factor(
    ctx: &Ctx,
    pool: &mut UserPool,
    keys: &PoolKeys,
    client: &AppClient,
    user: &User,
    factor: &str,
    inputs: &HashMap<String, String>,
    now: i64,
) -> Result<Next> {
    match factor {
        "PASSWORD" => {
            let password = inputs.get("PASSWORD").ok_or_else(|| missing("PASSWORD"))?;
            let good = user
                .password
                .as_ref()
                .is_some_and(|h| h.verify(&pool.id, &user.username, password));
            if !good {
                pool.lockouts.fail(&user.username, now);
                return Err(incorrect());
            }
            pool.lockouts.succeed(&user.username);
            Ok(Next::Done(after_password(
                ctx, pool, keys, client, user, now,
            )?))
        }
        "PASSWORD_SRP" => {
            let srp_a = inputs.get("SRP_A").ok_or_else(|| missing("SRP_A"))?;
            let hash = user.password.clone().ok_or_else(incorrect)?;
            Ok(Next::Srp(
                client.clone(),
                SrpSubject::User(user.username.clone(), hash),
                srp_a.clone(),
            ))
        }
        "EMAIL_OTP" | "SMS_OTP" => {
            let (attribute, medium) = if factor == "EMAIL_OTP" {
                ("email", "EMAIL")
            } else {
                ("phone_number", "SMS")
            };
            let code = ctx.new_code();
            let delivery =
                codes::deliver(ctx, pool, user, attribute, "Authentication", &code, now)?
                    .ok_or_else(incorrect)?;
            let mut data = BTreeMap::new();
            data.insert("CODE_HASH".to_owned(), code_hash(&code));
            let session = pool.sessions.open(
                client,
                &user.username,
                &otp_session_challenge(factor),
                data,
                now,
            );
            let mut params = HashMap::new();
            params.insert(
                "CODE_DELIVERY_DELIVERY_MEDIUM".to_owned(),
                medium.to_owned(),
            );
            params.insert("CODE_DELIVERY_DESTINATION".to_owned(), delivery.destination);
            Ok(Next::Done(InitiateAuthResponse {
                challenge_name: Some(factor.to_owned()),
                session: Some(session),
                challenge_parameters: params,
                ..Default::default()
            }))
        }
        other => Err(CognitoError::invalid_parameter(format!(
            "The challenge {other} is not available for the user."
        ))),
    }
}

fn select_challenge(
    pool: &mut UserPool,
    client: &AppClient,
    user: &User,
    available: Vec<String>,
    now: i64,
) -> InitiateAuthResponse {
    let session = pool.sessions.open(
        client,
        &user.username,
        "SELECT_CHALLENGE",
        BTreeMap::new(),
        now,
    );
    InitiateAuthResponse {
        challenge_name: Some("SELECT_CHALLENGE".to_owned()),
        session: Some(session),
        available_challenges: Some(available),
        ..Default::default()
    }
}

fn finish(ctx: &Ctx, pool_id: &str, next: Next, now: i64) -> Result<InitiateAuthResponse> {
    match next {
        Next::Done(r) => Ok(r),
        Next::Srp(client, subject, srp_a) => {
            password_verifier_challenge(ctx, pool_id, &client, subject, &srp_a, None, now)
        }
    }
}

/// `USER_AUTH`: `USERNAME`, optionally `PREFERRED_CHALLENGE` (with `PASSWORD` or `SRP_A`), `SECRET_HASH`;
/// or the `Session` of `ConfirmSignUp`, which signs the new user in at once.
pub(crate) fn user_auth_flow(
    ctx: &Ctx,
    pool_id: &str,
    input: &InitiateAuthRequest,
) -> Result<InitiateAuthResponse> {
    let keys = tokens::pool_keys(&ctx.app, pool_id)?;
    let now = ctx.now_ms();
    let empty = HashMap::new();
    let params = input.auth_parameters.as_ref().unwrap_or(&empty);
    let next = ctx.app.store.write_pool(pool_id, |pool| {
        let client = client_in(pool, &input.client_id)?;
        if !client.allows_flow("ALLOW_USER_AUTH") {
            return Err(flow_not_enabled("USER_AUTH"));
        }
        let login = params.get("USERNAME").ok_or_else(|| missing("USERNAME"))?;
        let user = find_login(pool, login).cloned();
        let internal = user
            .as_ref()
            .map_or(login.as_str(), |u| u.username.as_str());
        check_secret_hash(
            &client,
            &[login, internal],
            params.get("SECRET_HASH").map(String::as_str),
        )?;
        if let Some(session_id) = input.session.as_deref() {
            let session = pool
                .sessions
                .get(session_id, &client.id, "USER_AUTH_AFTER_SIGN_UP", now)?
                .clone();
            let user = user
                .filter(|u| u.username == session.username)
                .ok_or_else(invalid_session)?;
            check_user_can_sign_in(pool, &user, now)?;
            pool.sessions.close(&session.id);
            return Ok(Next::Done(after_password(
                ctx, pool, &keys, &client, &user, now,
            )?));
        }
        let user = user.ok_or_else(|| unknown_user(&client))?;
        check_user_can_sign_in(pool, &user, now)?;
        let available = available_challenges(pool, &user);
        match params.get("PREFERRED_CHALLENGE") {
            Some(p) if available.contains(p) => {
                start_factor(ctx, pool, &keys, &client, &user, p, params, now)
            }
            _ => Ok(Next::Done(select_challenge(
                pool, &client, &user, available, now,
            ))),
        }
    })?;
    finish(ctx, pool_id, next, now)
}

/// `SELECT_CHALLENGE`: `ANSWER` ∈ `AvailableChallenges`, with that factor's input.
pub(crate) fn respond_select_challenge(
    ctx: &Ctx,
    pool_id: &str,
    input: &RespondToAuthChallengeRequest,
) -> Result<RespondToAuthChallengeResponse> {
    let keys = tokens::pool_keys(&ctx.app, pool_id)?;
    let now = ctx.now_ms();
    let empty = HashMap::new();
    let responses = input.challenge_responses.as_ref().unwrap_or(&empty);
    let answer = responses.get("ANSWER").ok_or_else(|| missing("ANSWER"))?;
    let next = ctx.app.store.write_pool(pool_id, |pool| {
        let client = client_in(pool, &input.client_id)?;
        let (session, user) = crate::ops::idp::auth::challenge_subject(
            pool,
            &client,
            responses,
            input.session.as_deref(),
            "SELECT_CHALLENGE",
            now,
        )?;
        check_user_can_sign_in(pool, &user, now)?;
        if !available_challenges(pool, &user).contains(answer) {
            return Err(CognitoError::invalid_parameter(format!(
                "The challenge {answer} is not available for the user."
            )));
        }
        let next = start_factor(ctx, pool, &keys, &client, &user, answer, responses, now)?;
        pool.sessions.close(&session.id);
        Ok(next)
    })?;
    finish(ctx, pool_id, next, now)
}

/// True if `input` answers an `EMAIL_OTP` / `SMS_OTP` first factor of `USER_AUTH` (rather than MFA).
pub(crate) fn is_first_factor_otp(
    ctx: &Ctx,
    pool_id: &str,
    input: &RespondToAuthChallengeRequest,
) -> bool {
    let Some(session_id) = input.session.as_deref() else {
        return false;
    };
    let now = ctx.now_ms();
    let challenge = otp_session_challenge(&input.challenge_name);
    ctx.app
        .store
        .read_pool(pool_id, |pool| {
            Ok(pool
                .sessions
                .get(session_id, &input.client_id, &challenge, now)
                .is_ok())
        })
        .unwrap_or(false)
}

/// `EMAIL_OTP` / `SMS_OTP` as a first factor: `EMAIL_OTP_CODE` / `SMS_OTP_CODE`. A wrong code is
/// `CodeMismatchException` and the session stays open until it expires.
pub(crate) fn respond_otp(
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
    let code_name = format!("{}_CODE", input.challenge_name);
    let code = responses
        .get(&code_name)
        .ok_or_else(|| missing(&code_name))?;
    let session_id = input.session.as_deref().ok_or_else(invalid_session)?;
    ctx.app.store.write_pool(pool_id, |pool| {
        let client = client_in(pool, &input.client_id)?;
        let session = pool
            .sessions
            .get(
                session_id,
                &client.id,
                &otp_session_challenge(&input.challenge_name),
                now,
            )?
            .clone();
        check_secret_hash(
            &client,
            &[login, &session.username],
            responses.get("SECRET_HASH").map(String::as_str),
        )?;
        let user = pool
            .users
            .get(&session.username)
            .cloned()
            .ok_or_else(|| unknown_user(&client))?;
        let expected = session
            .data
            .get("CODE_HASH")
            .map(String::as_str)
            .unwrap_or_default();
        if !bool::from(code_hash(code).as_bytes().ct_eq(expected.as_bytes())) {
            return Err(CognitoError::new(
                ErrorCode::CodeMismatch,
                "Invalid code or auth state for the user.",
            ));
        }
        if !user.enabled {
            return Err(CognitoError::not_authorized("User is disabled."));
        }
        pool.sessions.close(&session.id);
        complete_sign_in(ctx, pool, &keys, &client, &user, now)
    })
}

/// [GetUserAuthFactors](https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_GetUserAuthFactors.html).
/// `ConfiguredUserAuthFactors`: `PASSWORD` with a password, `EMAIL_OTP` with a verified email when the
/// pool can send email codes, `SMS_OTP` with a verified phone number. MFA preferences are not reported
/// here yet (`PreferredMfaSetting` and `UserMFASettingList` absent).
pub fn get_user_auth_factors(
    ctx: &Ctx,
    input: AccessTokenRequest,
) -> Result<GetUserAuthFactorsResponse> {
    let claims = tokens::verify_access_token(&ctx.app, &input.access_token)?;
    ctx.app.store.read_pool(&claims.pool_id, |pool| {
        let user = pool
            .users
            .get(&claims.username)
            .ok_or_else(CognitoError::user_not_found)?;
        Ok(GetUserAuthFactorsResponse {
            username: user.username.clone(),
            preferred_mfa_setting: None,
            user_mfa_setting_list: None,
            configured_user_auth_factors: configured_factors(pool, user)
                .into_iter()
                .map(str::to_owned)
                .collect(),
        })
    })
}
