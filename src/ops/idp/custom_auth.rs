//! `CUSTOM_AUTH`: the DefineAuthChallenge / CreateAuthChallenge / VerifyAuthChallengeResponse triggers
//! drive the sign-in. Each round asks DefineAuthChallenge what comes next given the `session` history
//! (`SRP_A`, `PASSWORD_VERIFIER`, `CUSTOM_CHALLENGE` results with their `challengeMetadata`): fail, issue
//! tokens, verify the password by SRP (only when the client began with `SRP_A`), or a custom challenge that
//! CreateAuthChallenge makes and VerifyAuthChallengeResponse checks. The history and the private challenge
//! parameters live in the challenge's session; every trigger runs outside the pool's lock.

use std::collections::{BTreeMap, HashMap};

use serde_json::{json, Map, Value};

use crate::app::Ctx;
use crate::domain::auth_flow::{check_secret_hash, find_login};
use crate::domain::client::AppClient;
use crate::domain::tokens;
use crate::domain::triggers::{self, Caller, Function, Trigger};
use crate::domain::user::{User, UserStatus};
use crate::error::{CognitoError, ErrorCode, Result};
use crate::model::idp::auth::{
    InitiateAuthRequest, InitiateAuthResponse, RespondToAuthChallengeRequest,
};
use crate::ops::idp::auth::{
    challenge_subject, client_in, complete_sign_in, flow_not_enabled, incorrect, missing,
};
use crate::ops::idp::srp_auth::{check_user_can_sign_in, SrpSubject};

/// The three functions of a custom flow.
struct Functions {
    define: Function,
    create: Option<Function>,
    verify: Option<Function>,
}

fn functions(lambda_config: Option<&Value>) -> Result<Functions> {
    let define =
        triggers::configured(lambda_config, Trigger::DefineAuthChallenge).ok_or_else(|| {
            CognitoError::invalid_parameter(
                "Custom auth lambda trigger is not configured for the user pool.",
            )
        })?;
    Ok(Functions {
        define,
        create: triggers::configured(lambda_config, Trigger::CreateAuthChallenge),
        verify: triggers::configured(lambda_config, Trigger::VerifyAuthChallengeResponse),
    })
}

/// Where a custom flow stands between two rounds.
struct Round<'a> {
    pool_id: &'a str,
    client: &'a AppClient,
    /// The user, or what was typed when the client hides unknown users (`userNotFound`).
    user: Option<User>,
    login: String,
    history: Vec<Value>,
    /// `SRP_A`, while the password may still be verified by SRP.
    srp_a: Option<String>,
    device_key: Option<String>,
    client_metadata: Value,
}

impl Round<'_> {
    fn username(&self) -> &str {
        self.user
            .as_ref()
            .map_or(self.login.as_str(), |u| u.username.as_str())
    }

    fn caller(&self) -> Caller<'_> {
        Caller {
            pool_id: self.pool_id,
            client_id: Some(&self.client.id),
            username: self.username(),
        }
    }

    fn attributes(&self) -> Map<String, Value> {
        self.user
            .as_ref()
            .map(|u| triggers::user_attributes(u, true))
            .unwrap_or_default()
    }
}

/// `InitiateAuth` / `AdminInitiateAuth` with `CUSTOM_AUTH`: `USERNAME`, optionally `SRP_A` (then the history
/// starts with `SRP_A`), `SECRET_HASH`, `DEVICE_KEY`.
pub(crate) fn custom_auth_flow(
    ctx: &Ctx,
    pool_id: &str,
    input: &InitiateAuthRequest,
) -> Result<InitiateAuthResponse> {
    let empty = HashMap::new();
    let params = input.auth_parameters.as_ref().unwrap_or(&empty);
    let (client, user, lambda_config) = ctx.app.store.read_pool(pool_id, |pool| {
        let client = client_in(pool, &input.client_id)?;
        if !client.allows_flow("ALLOW_CUSTOM_AUTH") {
            return Err(flow_not_enabled("CUSTOM_AUTH"));
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
        Ok((client, user, pool.config.lambda_config.clone()))
    })?;
    let functions = functions(lambda_config.as_deref())?;
    let login = params.get("USERNAME").cloned().unwrap_or_default();
    match &user {
        None if !client.prevents_user_existence_errors() => {
            return Err(CognitoError::user_not_found())
        }
        None => {}
        Some(u) => {
            if !u.enabled {
                return Err(CognitoError::not_authorized("User is disabled."));
            }
            if u.status == UserStatus::Unconfirmed {
                return Err(CognitoError::new(
                    ErrorCode::UserNotConfirmed,
                    "User is not confirmed.",
                ));
            }
        }
    }
    let srp_a = params.get("SRP_A").cloned();
    let history = if srp_a.is_some() {
        vec![json!({"challengeName": "SRP_A", "challengeResult": true, "challengeMetadata": null})]
    } else {
        Vec::new()
    };
    next_round(
        ctx,
        &functions,
        Round {
            pool_id,
            client: &client,
            user,
            login,
            history,
            srp_a,
            device_key: params.get("DEVICE_KEY").cloned(),
            client_metadata: triggers::client_metadata(input.client_metadata.as_ref()),
        },
    )
}

/// Asks DefineAuthChallenge what follows `round.history`, and does it.
fn next_round(ctx: &Ctx, functions: &Functions, round: Round<'_>) -> Result<InitiateAuthResponse> {
    let not_found = round.user.is_none();
    let decision = triggers::run(
        ctx,
        &functions.define,
        Trigger::DefineAuthChallenge,
        "DefineAuthChallenge_Authentication",
        round.caller(),
        json!({
            "userAttributes": round.attributes(),
            "session": round.history,
            "clientMetadata": round.client_metadata,
            "userNotFound": not_found,
        }),
        json!({"challengeName": null, "issueTokens": null, "failAuthentication": null}),
    )?;
    if triggers::flag(&decision, "failAuthentication") {
        return Err(incorrect());
    }
    if triggers::flag(&decision, "issueTokens") {
        let Some(user) = &round.user else {
            return Err(incorrect());
        };
        let keys = tokens::pool_keys(&ctx.app, round.pool_id)?;
        let now = ctx.now_ms();
        return ctx.app.store.write_pool(round.pool_id, |pool| {
            let user = pool
                .users
                .get(&user.username)
                .cloned()
                .ok_or_else(incorrect)?;
            complete_sign_in(ctx, pool, &keys, round.client, &user, now)
        });
    }
    match triggers::text(&decision, "challengeName") {
        Some("PASSWORD_VERIFIER") if round.srp_a.is_some() => password_verifier(ctx, round),
        Some("CUSTOM_CHALLENGE") => custom_challenge(ctx, functions, round),
        _ => Err(CognitoError::new(
            ErrorCode::InvalidLambdaResponse,
            "Invalid challenge name in DefineAuthChallenge response.",
        )),
    }
}

/// The password step of `CUSTOM_WITH_SRP`: the usual `PASSWORD_VERIFIER` challenge, plus a `Session` that
/// carries the history so that the verified password returns here (`resume_after_password`).
fn password_verifier(ctx: &Ctx, round: Round<'_>) -> Result<InitiateAuthResponse> {
    let now = ctx.now_ms();
    let srp_a = round.srp_a.clone().unwrap_or_default();
    // SECRET_HASH was checked when the flow started; this is `srp_subject` without it.
    let subject = ctx.app.store.read_pool(round.pool_id, |pool| {
        let Some(user) = find_login(pool, &round.login) else {
            return Ok(SrpSubject::Simulated(round.login.clone()));
        };
        check_user_can_sign_in(pool, user, now)?;
        match &user.password {
            Some(h) => Ok(SrpSubject::User(user.username.clone(), h.clone())),
            None => Err(incorrect()),
        }
    })?;
    let mut response = crate::ops::idp::srp_auth::password_verifier_challenge(
        ctx,
        round.pool_id,
        round.client,
        subject,
        &srp_a,
        round.device_key.clone(),
        now,
    )?;
    let mut data = BTreeMap::new();
    data.insert(
        "CUSTOM_HISTORY".to_owned(),
        serde_json::to_string(&round.history).map_err(CognitoError::internal)?,
    );
    let username = round.username().to_owned();
    let session = ctx.app.store.write_pool(round.pool_id, |pool| {
        Ok(pool
            .sessions
            .open(round.client, &username, "PASSWORD_VERIFIER", data, now))
    })?;
    response.session = Some(session);
    Ok(response)
}

/// The custom-auth history of a `PASSWORD_VERIFIER` session, if the verifier belongs to a custom flow.
pub(crate) fn custom_history(
    ctx: &Ctx,
    pool_id: &str,
    client_id: &str,
    session: Option<&str>,
) -> Result<Option<String>> {
    let Some(id) = session else {
        return Ok(None);
    };
    let now = ctx.now_ms();
    ctx.app.store.write_pool(pool_id, |pool| {
        let history = pool
            .sessions
            .get(id, client_id, "PASSWORD_VERIFIER", now)
            .ok()
            .and_then(|s| s.data.get("CUSTOM_HISTORY").cloned());
        if history.is_some() {
            pool.sessions.close(id);
        }
        Ok(history)
    })
}

/// After a verified SRP password in a custom flow: the history gains `PASSWORD_VERIFIER` and
/// DefineAuthChallenge decides again.
pub(crate) fn resume_after_password(
    ctx: &Ctx,
    pool_id: &str,
    input: &RespondToAuthChallengeRequest,
    username: &str,
    history: &str,
) -> Result<InitiateAuthResponse> {
    let (client, user, lambda_config) = ctx.app.store.read_pool(pool_id, |pool| {
        Ok((
            client_in(pool, &input.client_id)?,
            pool.users.get(username).cloned(),
            pool.config.lambda_config.clone(),
        ))
    })?;
    let functions = functions(lambda_config.as_deref())?;
    let mut history: Vec<Value> = serde_json::from_str(history).unwrap_or_default();
    history.push(json!({"challengeName": "PASSWORD_VERIFIER", "challengeResult": true, "challengeMetadata": null}));
    next_round(
        ctx,
        &functions,
        Round {
            pool_id,
            client: &client,
            user,
            login: username.to_owned(),
            history,
            srp_a: None,
            device_key: None,
            client_metadata: triggers::client_metadata(input.client_metadata.as_ref()),
        },
    )
}

/// CreateAuthChallenge, then the `CUSTOM_CHALLENGE` challenge with its public parameters.
fn custom_challenge(
    ctx: &Ctx,
    functions: &Functions,
    round: Round<'_>,
) -> Result<InitiateAuthResponse> {
    let Some(create) = &functions.create else {
        return Err(CognitoError::invalid_parameter(
            "Custom auth lambda trigger is not configured for the user pool.",
        ));
    };
    let made = triggers::run(
        ctx,
        create,
        Trigger::CreateAuthChallenge,
        "CreateAuthChallenge_Authentication",
        round.caller(),
        json!({
            "userAttributes": round.attributes(),
            "challengeName": "CUSTOM_CHALLENGE",
            "session": round.history,
            "clientMetadata": round.client_metadata,
            "userNotFound": round.user.is_none(),
        }),
        json!({"publicChallengeParameters": null, "privateChallengeParameters": null, "challengeMetadata": null}),
    )?;
    let public = triggers::string_members(&made, "publicChallengeParameters")?.unwrap_or_default();
    let private = made
        .get("privateChallengeParameters")
        .cloned()
        .unwrap_or_else(|| json!({}));
    let metadata = made
        .get("challengeMetadata")
        .cloned()
        .unwrap_or(Value::Null);
    let mut data = BTreeMap::new();
    data.insert(
        "CUSTOM_HISTORY".to_owned(),
        serde_json::to_string(&round.history).map_err(CognitoError::internal)?,
    );
    data.insert("CUSTOM_PRIVATE".to_owned(), private.to_string());
    data.insert("CUSTOM_METADATA".to_owned(), metadata.to_string());
    let now = ctx.now_ms();
    let username = round.username().to_owned();
    let session = ctx.app.store.write_pool(round.pool_id, |pool| {
        Ok(pool
            .sessions
            .open(round.client, &username, "CUSTOM_CHALLENGE", data, now))
    })?;
    let mut params: HashMap<String, String> = public.into_iter().collect();
    params.insert("USERNAME".to_owned(), username);
    Ok(InitiateAuthResponse {
        challenge_name: Some("CUSTOM_CHALLENGE".to_owned()),
        session: Some(session),
        challenge_parameters: params,
        ..Default::default()
    })
}

/// `RespondToAuthChallenge` with `CUSTOM_CHALLENGE`: `USERNAME`, `ANSWER` (+ `SECRET_HASH`). The session
/// answers once; VerifyAuthChallengeResponse judges the answer and DefineAuthChallenge decides again.
pub(crate) fn respond_custom_challenge(
    ctx: &Ctx,
    pool_id: &str,
    input: &RespondToAuthChallengeRequest,
) -> Result<InitiateAuthResponse> {
    let now = ctx.now_ms();
    let empty = HashMap::new();
    let responses = input.challenge_responses.as_ref().unwrap_or(&empty);
    let answer = responses
        .get("ANSWER")
        .ok_or_else(|| missing("ANSWER"))?
        .clone();
    let (client, session, user, lambda_config) = ctx.app.store.write_pool(pool_id, |pool| {
        let client = client_in(pool, &input.client_id)?;
        let (session, user) = challenge_subject(
            pool,
            &client,
            responses,
            input.session.as_deref(),
            "CUSTOM_CHALLENGE",
            now,
        )?;
        pool.sessions.close(&session.id);
        Ok((client, session, user, pool.config.lambda_config.clone()))
    })?;
    let functions = functions(lambda_config.as_deref())?;
    let verify = functions.verify.as_ref().ok_or_else(|| {
        CognitoError::invalid_parameter(
            "Custom auth lambda trigger is not configured for the user pool.",
        )
    })?;
    let parse = |key: &str| -> Value {
        session
            .data
            .get(key)
            .and_then(|s| serde_json::from_str(s).ok())
            .unwrap_or(Value::Null)
    };
    let mut history: Vec<Value> =
        serde_json::from_value(parse("CUSTOM_HISTORY")).unwrap_or_default();
    let private = parse("CUSTOM_PRIVATE");
    let metadata = parse("CUSTOM_METADATA");
    let client_metadata = triggers::client_metadata(input.client_metadata.as_ref());
    let verdict = triggers::run(
        ctx,
        verify,
        Trigger::VerifyAuthChallengeResponse,
        "VerifyAuthChallengeResponse_Authentication",
        Caller {
            pool_id,
            client_id: Some(&client.id),
            username: &user.username,
        },
        json!({
            "userAttributes": triggers::user_attributes(&user, true),
            "privateChallengeParameters": private,
            "challengeAnswer": answer,
            "clientMetadata": client_metadata,
            "userNotFound": false,
        }),
        json!({"answerCorrect": null}),
    )?;
    history.push(json!({
        "challengeName": "CUSTOM_CHALLENGE",
        "challengeResult": triggers::flag(&verdict, "answerCorrect"),
        "challengeMetadata": metadata,
    }));
    next_round(
        ctx,
        &functions,
        Round {
            pool_id,
            client: &client,
            login: user.username.clone(),
            user: Some(user),
            history,
            srp_a: None,
            device_key: None,
            client_metadata,
        },
    )
}
