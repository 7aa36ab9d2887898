//! MFA: the challenges after a first factor (`SMS_MFA`, `EMAIL_OTP`, `SOFTWARE_TOKEN_MFA`,
//! `SELECT_MFA_TYPE`, `MFA_SETUP`) and their answers, software tokens (`AssociateSoftwareToken`,
//! `VerifySoftwareToken`), and the user's settings (`SetUserMFAPreference`, `AdminSetUserMFAPreference`,
//! `SetUserSettings`, `AdminSetUserSettings`). The decision itself is `domain::mfa::decide`.

use std::collections::{BTreeMap, HashMap};

use crate::app::Ctx;
use crate::domain::auth_flow::{invalid_session, Session};
use crate::domain::client::AppClient;
use crate::domain::codes::mask;
use crate::domain::messages::Message;
use crate::domain::mfa::{
    code_hash, code_matches, decide, json_list, MfaKind, MfaSettings, MfaStep, CHOICES_KEY,
    CODE_HASH_KEY, VERIFIED_KEY,
};
use crate::domain::tokens;
use crate::domain::totp;
use crate::domain::user::User;
use crate::domain::user_pool::UserPool;
use crate::domain::users::find_admin_user;
use crate::error::{CognitoError, ErrorCode, Result};
use crate::model::idp::auth::{InitiateAuthResponse, RespondToAuthChallengeRequest};
use crate::model::idp::mfa::*;
use crate::ops::idp::auth::{client_in, complete_sign_in, unknown_user};
use crate::ops::Empty;

/// The challenge named `MFA_SETUP`.
const SETUP: &str = "MFA_SETUP";

fn missing(name: &str) -> CognitoError {
    CognitoError::invalid_parameter(format!("Missing required parameter {name}"))
}

fn code_mismatch() -> CognitoError {
    CognitoError::new(ErrorCode::CodeMismatch, "Invalid code received for user")
}

fn token_mfa_not_enabled() -> CognitoError {
    CognitoError::new(
        ErrorCode::SoftwareTokenMFANotFound,
        "Software Token MFA has not been enabled by the userPool",
    )
}

fn no_delivery(kind: MfaKind) -> CognitoError {
    CognitoError::invalid_parameter(format!(
        "User does not have delivery config set to turn on {}",
        kind.as_str()
    ))
}

fn now_secs(now_ms: i64) -> u64 {
    u64::try_from(now_ms.div_euclid(1000)).unwrap_or(0)
}

/// The challenge that follows a verified first factor, or `None` for tokens. Called by
/// `auth::after_password` (password, admin and SRP flows) and after `NEW_PASSWORD_REQUIRED`.
pub(crate) fn start_mfa(
    ctx: &Ctx,
    pool: &mut UserPool,
    client: &AppClient,
    user: &User,
    now: i64,
) -> Result<Option<InitiateAuthResponse>> {
    match decide(pool, user) {
        MfaStep::None => Ok(None),
        MfaStep::Challenge(kind) => issue_challenge(ctx, pool, client, user, kind, now).map(Some),
        MfaStep::Select(kinds) => {
            let mut data = BTreeMap::new();
            let names: Vec<&str> = kinds.iter().map(|k| k.as_str()).collect();
            data.insert(CHOICES_KEY.to_owned(), names.join(","));
            let session = pool
                .sessions
                .open(client, &user.username, "SELECT_MFA_TYPE", data, now);
            let mut params = base_params(user);
            params.insert("MFAS_CAN_CHOOSE".to_owned(), json_list(&kinds));
            Ok(Some(challenge("SELECT_MFA_TYPE", session, params)))
        }
        MfaStep::Setup(kinds) => {
            let session = open_setup_session(
                ctx,
                pool,
                client,
                &user.username,
                BTreeMap::new(),
                None,
                now,
            );
            let mut params = base_params(user);
            params.insert("MFAS_CAN_SETUP".to_owned(), json_list(&kinds));
            Ok(Some(challenge(SETUP, session, params)))
        }
    }
}

fn base_params(user: &User) -> HashMap<String, String> {
    let mut params = HashMap::new();
    params.insert("USER_ID_FOR_SRP".to_owned(), user.username.clone());
    params
}

fn challenge(name: &str, session: String, params: HashMap<String, String>) -> InitiateAuthResponse {
    InitiateAuthResponse {
        challenge_name: Some(name.to_owned()),
        session: Some(session),
        challenge_parameters: params,
        ..Default::default()
    }
}

/// Opens the session of an `SMS_MFA` / `EMAIL_OTP` / `SOFTWARE_TOKEN_MFA` challenge, sending the code
/// for the first two.
fn issue_challenge(
    ctx: &Ctx,
    pool: &mut UserPool,
    client: &AppClient,
    user: &User,
    kind: MfaKind,
    now: i64,
) -> Result<InitiateAuthResponse> {
    let mut params = base_params(user);
    let mut data = BTreeMap::new();
    if let Some(attr) = kind.attribute() {
        let destination = user
            .attribute(attr)
            .ok_or_else(|| no_delivery(kind))?
            .to_owned();
        let code = ctx.new_code();
        send_code(ctx, pool, user, kind, attr, &destination, &code, now)?;
        data.insert(CODE_HASH_KEY.to_owned(), code_hash(&code));
        let medium = if kind == MfaKind::Sms { "SMS" } else { "EMAIL" };
        params.insert(
            "CODE_DELIVERY_DELIVERY_MEDIUM".to_owned(),
            medium.to_owned(),
        );
        params.insert("CODE_DELIVERY_DESTINATION".to_owned(), mask(&destination));
    } else if let Some(name) = user.mfa.token.as_ref().and_then(|t| t.device_name.clone()) {
        params.insert("FRIENDLY_DEVICE_NAME".to_owned(), name);
    }
    let session = pool
        .sessions
        .open(client, &user.username, kind.as_str(), data, now);
    Ok(challenge(kind.as_str(), session, params))
}

fn mfa_email_text(pool: &UserPool, key: &str) -> Option<String> {
    pool.mfa_factors
        .email
        .as_ref()
        .and_then(|c| c.get(key))
        .and_then(|v| v.as_str())
        .map(str::to_owned)
}

/// Records the MFA code in the outbox, with the pool's `SmsAuthenticationMessage` or
/// `EmailMfaConfiguration` texts.
#[allow(clippy::too_many_arguments)]
fn send_code(
    ctx: &Ctx,
    pool: &UserPool,
    user: &User,
    kind: MfaKind,
    attribute: &str,
    destination: &str,
    code: &str,
    now: i64,
) -> Result<()> {
    let default_body = "Your authentication code is {####}. ".to_owned();
    let (medium, subject, body) = if kind == MfaKind::Sms {
        let body = pool
            .config
            .sms_authentication_message
            .clone()
            .unwrap_or(default_body);
        ("SMS", None, body)
    } else {
        let subject = mfa_email_text(pool, "Subject")
            .unwrap_or_else(|| "Your authentication code".to_owned());
        let body = mfa_email_text(pool, "Message").unwrap_or(default_body);
        ("EMAIL", Some(subject), body)
    };
    crate::domain::codes::send(
        ctx,
        pool.config.lambda_config.as_deref(),
        user,
        Message {
            user_pool_id: pool.id.clone(),
            username: user.username.clone(),
            destination: destination.to_owned(),
            delivery_medium: medium.to_owned(),
            attribute_name: attribute.to_owned(),
            trigger: "Authentication".to_owned(),
            subject,
            body,
            code: Some(code.to_owned()),
            temporary_password: None,
            timestamp: now,
        },
        None,
    )
}

/// Answers `SMS_MFA`, `EMAIL_OTP`, `SOFTWARE_TOKEN_MFA`, `SELECT_MFA_TYPE` and `MFA_SETUP` (routed here
/// by `auth::respond`). Each checks the session (live, same client and challenge), `USERNAME` and
/// `SECRET_HASH` first; a session answers once.
pub(crate) fn respond_mfa(
    ctx: &Ctx,
    pool_id: &str,
    input: &RespondToAuthChallengeRequest,
) -> Result<InitiateAuthResponse> {
    let keys = tokens::pool_keys(&ctx.app, pool_id)?;
    let now = ctx.now_ms();
    let empty = HashMap::new();
    let responses = input.challenge_responses.as_ref().unwrap_or(&empty);
    ctx.app.store.write_pool(pool_id, |pool| {
        let client = client_in(pool, &input.client_id)?;
        let challenge_name = input.challenge_name.as_str();
        let (session, user) = crate::ops::idp::auth::challenge_subject(
            pool,
            &client,
            responses,
            input.session.as_deref(),
            challenge_name,
            now,
        )?;
        if challenge_name == "SELECT_MFA_TYPE" {
            let answer = responses.get("ANSWER").ok_or_else(|| missing("ANSWER"))?;
            let offered = session.data.get(CHOICES_KEY).map_or("", String::as_str);
            let kind = MfaKind::parse(answer)
                .filter(|k| offered.split(',').any(|c| c == k.as_str()))
                .ok_or_else(|| {
                    CognitoError::invalid_parameter(format!("Invalid ANSWER: {answer}"))
                })?;
            pool.sessions.close(&session.id);
            return issue_challenge(ctx, pool, &client, &user, kind, now);
        }
        let updated = if challenge_name == SETUP {
            let done = setup_done(&session, &user)?;
            ctx.app.store.setup_session_owner.forget(&session.id);
            done
        } else {
            let kind = MfaKind::parse(challenge_name).ok_or_else(invalid_session)?;
            let code = responses
                .get(kind.code_key())
                .ok_or_else(|| missing(kind.code_key()))?;
            check_code(pool, &session, &user, kind, code, now)?
        };
        pool.sessions.close(&session.id);
        let user = if let Some((mfa_settings, verified_attr)) = updated {
            if let Some(attr) = verified_attr {
                pool.users.set_attributes(
                    &user.username,
                    &[(format!("{attr}_verified"), Some("true".to_owned()))],
                    now,
                );
            }
            let u = pool
                .users
                .get_mut(&user.username)
                .ok_or_else(|| unknown_user(&client))?;
            u.mfa = mfa_settings;
            u.clone()
        } else {
            user
        };
        complete_sign_in(ctx, pool, &keys, &client, &user, now)
    })
}

/// What a correct answer changes: the user's new MFA settings and an attribute that became verified.
type Updated = Option<(MfaSettings, Option<&'static str>)>;

/// `MFA_SETUP` completes once `VerifySoftwareToken` succeeded with this session; TOTP becomes enabled.
fn setup_done(session: &Session, user: &User) -> Result<Updated> {
    if session.data.get(VERIFIED_KEY).map(String::as_str) != Some("true") {
        return Err(CognitoError::invalid_parameter(
            "User has not verified software token mfa",
        ));
    }
    let mut m = user.mfa.clone();
    m.set_enabled(MfaKind::SoftwareToken, true);
    Ok(Some((m, None)))
}

/// Checks an SMS / email code against the session's hash, or a TOTP code against the user's secret
/// (each time step once). A phone number or email that received a correct code becomes verified.
fn check_code(
    pool: &UserPool,
    session: &Session,
    user: &User,
    kind: MfaKind,
    code: &str,
    now: i64,
) -> Result<Updated> {
    match kind.attribute() {
        Some(attr) => {
            let stored = session
                .data
                .get(CODE_HASH_KEY)
                .ok_or_else(invalid_session)?;
            if !code_matches(stored, code) {
                return Err(code_mismatch());
            }
            Ok((!user.is_verified(attr)).then(|| (user.mfa.clone(), Some(attr))))
        }
        None => {
            if !pool.software_token_mfa_enabled() {
                return Err(token_mfa_not_enabled());
            }
            let token = user.mfa.token.as_ref().ok_or_else(code_mismatch)?;
            let secret = token.secret.as_deref().ok_or_else(code_mismatch)?;
            let step = totp::verify(secret, code, now_secs(now), token.last_step)
                .ok_or_else(code_mismatch)?;
            let mut m = user.mfa.clone();
            m.token_mut().last_step = Some(step);
            Ok(Some((m, None)))
        }
    }
}

/// Opens an `MFA_SETUP` session, closing the one it `replaces`, and remembers the pool it is in
/// (`Store::setup_session_owner`): the calls that carry only the `Session` then find it without
/// searching every pool.
fn open_setup_session(
    ctx: &Ctx,
    pool: &mut UserPool,
    client: &AppClient,
    username: &str,
    data: BTreeMap<String, String>,
    replaces: Option<&str>,
    now: i64,
) -> String {
    if let Some(old) = replaces {
        pool.sessions.close(old);
    }
    let session = pool.sessions.open(client, username, SETUP, data, now);
    ctx.app
        .store
        .setup_session_owner
        .remember(&session, &pool.id, replaces);
    session
}

/// The pool and live `MFA_SETUP` session a `Session` parameter names. Sessions carry no pool: the pool
/// the session was opened in is remembered (`Store::setup_session_owner`), and all pools are searched
/// only when that hint is missing or stale.
fn find_setup_session(ctx: &Ctx, id: &str, now: i64) -> Result<(String, Session)> {
    let in_pool = |pool_id: &str| {
        ctx.app
            .store
            .read_pool(pool_id, |p| {
                Ok(p.clients
                    .keys()
                    .find_map(|c| p.sessions.get(id, c, SETUP, now).ok().cloned()))
            })
            .ok()
            .flatten()
    };
    if let Some(pool_id) = ctx.app.store.setup_session_owner.get(id) {
        if let Some(s) = in_pool(&pool_id) {
            return Ok((pool_id, s));
        }
    }
    for pool_id in ctx.app.store.user_pool_ids() {
        if let Some(s) = in_pool(&pool_id) {
            return Ok((pool_id, s));
        }
    }
    Err(invalid_session())
}

/// Where a software-token operation applies: a signed-in user, or an `MFA_SETUP` session.
enum Subject {
    Token { pool_id: String, username: String },
    Session { pool_id: String, session: Session },
}

fn subject_of(
    ctx: &Ctx,
    access_token: Option<&str>,
    session: Option<&str>,
    now: i64,
) -> Result<Subject> {
    match (access_token, session) {
        (Some(token), _) => {
            let claims = tokens::verify_access_token(&ctx.app, token)?;
            Ok(Subject::Token {
                pool_id: claims.pool_id.clone(),
                username: claims.username.clone(),
            })
        }
        (None, Some(id)) => {
            let (pool_id, session) = find_setup_session(ctx, id, now)?;
            Ok(Subject::Session { pool_id, session })
        }
        (None, None) => Err(CognitoError::invalid_parameter(
            "Either AccessToken or Session must be provided.",
        )),
    }
}

/// The session's client, still in the pool.
fn session_client(pool: &UserPool, session: &Session) -> Result<AppClient> {
    pool.clients
        .get(&session.client_id)
        .cloned()
        .ok_or_else(invalid_session)
}

/// [AssociateSoftwareToken](https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AssociateSoftwareToken.html).
/// With `AccessToken` or the `Session` of an `MFA_SETUP` challenge: a new TOTP secret (32 base32
/// characters) that waits for `VerifySoftwareToken`; a verified earlier secret keeps working until then.
/// The `Session` form returns a new session for `VerifySoftwareToken`. `SoftwareTokenMFANotFoundException`
/// when the pool has not enabled TOTP MFA.
pub fn associate_software_token(
    ctx: &Ctx,
    input: AssociateSoftwareTokenRequest,
) -> Result<AssociateSoftwareTokenResponse> {
    let now = ctx.now_ms();
    let subject = subject_of(
        ctx,
        input.access_token.as_deref(),
        input.session.as_deref(),
        now,
    )?;
    let secret = totp::generate_secret();
    match subject {
        Subject::Token { pool_id, username } => ctx.app.store.write_pool(&pool_id, |pool| {
            if !pool.software_token_mfa_enabled() {
                return Err(token_mfa_not_enabled());
            }
            let user = pool
                .users
                .get_mut(&username)
                .ok_or_else(CognitoError::user_not_found)?;
            user.mfa.token_mut().pending = Some(secret.clone());
            Ok(AssociateSoftwareTokenResponse {
                secret_code: Some(secret),
                session: None,
            })
        }),
        Subject::Session { pool_id, session } => ctx.app.store.write_pool(&pool_id, |pool| {
            pool.sessions
                .get(&session.id, &session.client_id, SETUP, now)?;
            let client = session_client(pool, &session)?;
            if !pool.software_token_mfa_enabled() {
                return Err(token_mfa_not_enabled());
            }
            let user = pool
                .users
                .get_mut(&session.username)
                .ok_or_else(CognitoError::user_not_found)?;
            user.mfa.token_mut().pending = Some(secret.clone());
            let next = open_setup_session(
                ctx,
                pool,
                &client,
                &session.username,
                BTreeMap::new(),
                Some(&session.id),
                now,
            );
            Ok(AssociateSoftwareTokenResponse {
                secret_code: Some(secret),
                session: Some(next),
            })
        }),
    }
}

/// Checks `code` against the pending secret and makes it the user's software token.
fn verify_pending(user: &mut User, code: &str, device_name: Option<&str>, now: i64) -> Result<()> {
    let pending = user
        .mfa
        .pending_secret()
        .ok_or_else(|| CognitoError::invalid_parameter("User has not set up software token mfa"))?
        .to_owned();
    let step = totp::verify(&pending, code, now_secs(now), None).ok_or_else(|| {
        CognitoError::new(
            ErrorCode::EnableSoftwareTokenMFA,
            "Code mismatch and fail enable Software Token MFA",
        )
    })?;
    let token = user.mfa.token_mut();
    token.secret = Some(pending);
    token.pending = None;
    token.last_step = Some(step);
    token.device_name = device_name.map(str::to_owned);
    user.modified_ms = now;
    Ok(())
}

/// [VerifySoftwareToken](https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_VerifySoftwareToken.html).
/// Checks `UserCode` against the secret from `AssociateSoftwareToken` (±30 s); a wrong code is
/// `EnableSoftwareTokenMFAException`. On success the secret becomes the user's software token (its code
/// cannot be used again) and `Status` is `SUCCESS`; the `Session` form returns the session that completes
/// `MFA_SETUP`. With an access token, TOTP MFA is then turned on with `SetUserMFAPreference`.
pub fn verify_software_token(
    ctx: &Ctx,
    input: VerifySoftwareTokenRequest,
) -> Result<VerifySoftwareTokenResponse> {
    let now = ctx.now_ms();
    let subject = subject_of(
        ctx,
        input.access_token.as_deref(),
        input.session.as_deref(),
        now,
    )?;
    let name = input.friendly_device_name.as_deref();
    match subject {
        Subject::Token { pool_id, username } => ctx.app.store.write_pool(&pool_id, |pool| {
            if !pool.software_token_mfa_enabled() {
                return Err(token_mfa_not_enabled());
            }
            let mut user = pool
                .users
                .get(&username)
                .cloned()
                .ok_or_else(CognitoError::user_not_found)?;
            verify_pending(&mut user, &input.user_code, name, now)?;
            if let Some(u) = pool.users.get_mut(&username) {
                u.mfa = user.mfa;
                u.modified_ms = now;
            }
            Ok(VerifySoftwareTokenResponse {
                status: Some("SUCCESS".to_owned()),
                session: None,
            })
        }),
        Subject::Session { pool_id, session } => ctx.app.store.write_pool(&pool_id, |pool| {
            pool.sessions
                .get(&session.id, &session.client_id, SETUP, now)?;
            let client = session_client(pool, &session)?;
            if !pool.software_token_mfa_enabled() {
                return Err(token_mfa_not_enabled());
            }
            let mut user = pool
                .users
                .get(&session.username)
                .cloned()
                .ok_or_else(CognitoError::user_not_found)?;
            verify_pending(&mut user, &input.user_code, name, now)?;
            if let Some(u) = pool.users.get_mut(&session.username) {
                u.mfa = user.mfa;
                u.modified_ms = now;
            }
            let mut data = BTreeMap::new();
            data.insert(VERIFIED_KEY.to_owned(), "true".to_owned());
            let next = open_setup_session(
                ctx,
                pool,
                &client,
                &session.username,
                data,
                Some(&session.id),
                now,
            );
            Ok(VerifySoftwareTokenResponse {
                status: Some("SUCCESS".to_owned()),
                session: Some(next),
            })
        }),
    }
}

/// The user's settings after a `SetUserMFAPreference` request, or the error AWS gives; nothing is
/// changed on error. Enabling needs the factor's means: a phone number (SMS), an email address (email),
/// a verified software token (TOTP). `PreferredMfa` needs the factor enabled; one factor may be preferred.
fn apply_preferences(user: &User, input: &SetUserMfaPreferenceRequest) -> Result<MfaSettings> {
    let given = [
        (MfaKind::Sms, input.sms_mfa_settings),
        (MfaKind::SoftwareToken, input.software_token_mfa_settings),
        (MfaKind::Email, input.email_mfa_settings),
    ];
    let preferred = given
        .iter()
        .filter(|(_, s)| s.and_then(|s| s.preferred_mfa) == Some(true))
        .count();
    if preferred > 1 {
        return Err(CognitoError::invalid_parameter(
            "Only one MFA method can be set as preferred.",
        ));
    }
    let mut m = user.mfa.clone();
    for (kind, settings) in given {
        let Some(s) = settings else { continue };
        if s.enabled == Some(true) {
            match kind.attribute() {
                Some(attr) if user.attribute(attr).is_none_or(str::is_empty) => {
                    return Err(no_delivery(kind));
                }
                Some(_) => {}
                None if m.totp_secret().is_some() => {}
                None if m.pending_secret().is_some() => {
                    return Err(CognitoError::invalid_parameter(
                        "User has not verified software token mfa",
                    ));
                }
                None => {
                    return Err(CognitoError::invalid_parameter(
                        "User has not set up software token mfa",
                    ));
                }
            }
        }
        if let Some(on) = s.enabled {
            m.set_enabled(kind, on);
        }
        match s.preferred_mfa {
            Some(true) if !m.enabled(kind) => {
                return Err(CognitoError::invalid_parameter(format!(
                    "{} must be enabled to be preferred.",
                    kind.as_str()
                )));
            }
            Some(true) => m.preferred = Some(kind),
            Some(false) if m.preferred == Some(kind) => m.preferred = None,
            _ => {}
        }
    }
    Ok(m)
}

fn store_settings(pool: &mut UserPool, username: &str, m: MfaSettings, now: i64) {
    if let Some(u) = pool.users.get_mut(username) {
        u.mfa = m;
        u.modified_ms = now;
    }
}

/// [SetUserMFAPreference](https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_SetUserMFAPreference.html).
/// `SMSMfaSettings`, `SoftwareTokenMfaSettings`, `EmailMfaSettings` (`Enabled`, `PreferredMfa`); a setting
/// left out is unchanged. `WebAuthnMfaSettings` is accepted and ignored.
pub fn set_user_mfa_preference(ctx: &Ctx, input: SetUserMfaPreferenceRequest) -> Result<Empty> {
    let claims =
        tokens::verify_access_token(&ctx.app, input.access_token.as_deref().unwrap_or(""))?;
    let now = ctx.now_ms();
    ctx.app.store.write_pool(&claims.pool_id, |pool| {
        let user = pool
            .users
            .get(&claims.username)
            .ok_or_else(CognitoError::user_not_found)?;
        let m = apply_preferences(user, &input)?;
        store_settings(pool, &claims.username, m, now);
        Ok(Empty {})
    })
}

/// [AdminSetUserMFAPreference](https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AdminSetUserMFAPreference.html).
/// As `SetUserMFAPreference`, for a user named by username or alias.
pub fn admin_set_user_mfa_preference(
    ctx: &Ctx,
    input: SetUserMfaPreferenceRequest,
) -> Result<Empty> {
    let now = ctx.now_ms();
    let pool_id = input.user_pool_id.clone().unwrap_or_default();
    ctx.app.store.write_pool(&pool_id, |pool| {
        let login = input.username.as_deref().unwrap_or("");
        let user = find_admin_user(pool, login).ok_or_else(CognitoError::user_not_found)?;
        let username = user.username.clone();
        let m = apply_preferences(user, &input)?;
        store_settings(pool, &username, m, now);
        Ok(Empty {})
    })
}

/// The settings after legacy `MFAOptions`: `[{DeliveryMedium: SMS, AttributeName: phone_number}]` turns
/// SMS MFA on (the user needs a phone number), an empty list turns it off.
fn apply_mfa_options(user: &User, options: &[MfaOptionType]) -> Result<MfaSettings> {
    let mut m = user.mfa.clone();
    if options.is_empty() {
        m.set_enabled(MfaKind::Sms, false);
        return Ok(m);
    }
    for o in options {
        if o.delivery_medium.as_deref() != Some("SMS") {
            return Err(CognitoError::invalid_parameter(
                "Only SMS is supported as the delivery medium of MFA options.",
            ));
        }
        if o.attribute_name.as_deref() != Some("phone_number") {
            return Err(CognitoError::invalid_parameter(
                "Only phone_number is supported as the attribute of MFA options.",
            ));
        }
    }
    if user.attribute("phone_number").is_none_or(str::is_empty) {
        return Err(no_delivery(MfaKind::Sms));
    }
    m.set_enabled(MfaKind::Sms, true);
    m.sms_via_settings = true;
    Ok(m)
}

/// [SetUserSettings](https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_SetUserSettings.html).
/// Legacy SMS MFA switch: `MFAOptions` `[{DeliveryMedium: SMS, AttributeName: phone_number}]` enables SMS
/// MFA, `[]` disables it. `GetUser` then lists the option in `MFAOptions`.
pub fn set_user_settings(ctx: &Ctx, input: SetUserSettingsRequest) -> Result<Empty> {
    let claims =
        tokens::verify_access_token(&ctx.app, input.access_token.as_deref().unwrap_or(""))?;
    let now = ctx.now_ms();
    ctx.app.store.write_pool(&claims.pool_id, |pool| {
        let user = pool
            .users
            .get(&claims.username)
            .ok_or_else(CognitoError::user_not_found)?;
        let m = apply_mfa_options(user, &input.mfa_options)?;
        store_settings(pool, &claims.username, m, now);
        Ok(Empty {})
    })
}

/// [AdminSetUserSettings](https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AdminSetUserSettings.html).
/// As `SetUserSettings`, for a user named by username or alias.
pub fn admin_set_user_settings(ctx: &Ctx, input: SetUserSettingsRequest) -> Result<Empty> {
    let now = ctx.now_ms();
    let pool_id = input.user_pool_id.clone().unwrap_or_default();
    ctx.app.store.write_pool(&pool_id, |pool| {
        let login = input.username.as_deref().unwrap_or("");
        let user = find_admin_user(pool, login).ok_or_else(CognitoError::user_not_found)?;
        let username = user.username.clone();
        let m = apply_mfa_options(user, &input.mfa_options)?;
        store_settings(pool, &username, m, now);
        Ok(Empty {})
    })
}

/// `GetUser` / `AdminGetUser` MFA members: `UserMFASettingList` and `PreferredMfaSetting` (absent when
/// empty), and the legacy `MFAOptions` when SMS MFA was enabled through `SetUserSettings`.
#[derive(Debug, Clone, Default)]
pub struct UserMfaView {
    /// `UserMFASettingList`.
    pub setting_list: Option<Vec<String>>,
    /// `PreferredMfaSetting`.
    pub preferred: Option<String>,
    /// `MFAOptions`.
    pub options: Option<Vec<MfaOptionType>>,
}

/// The MFA members of `GetUser` / `AdminGetUser` for `user`.
pub fn user_mfa_view(user: &User) -> UserMfaView {
    let list = user.mfa.setting_list();
    UserMfaView {
        setting_list: (!list.is_empty()).then_some(list),
        preferred: user.mfa.preferred.map(|k| k.as_str().to_owned()),
        options: (user.mfa.sms_enabled && user.mfa.sms_via_settings).then(|| {
            vec![MfaOptionType {
                delivery_medium: Some("SMS".to_owned()),
                attribute_name: Some("phone_number".to_owned()),
            }]
        }),
    }
}
