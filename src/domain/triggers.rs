//! Lambda triggers: which function of a pool's `LambdaConfig` an event goes to, the event Cognito sends
//! (`version`, `triggerSource`, `region`, `userPoolId`, `userName`, `callerContext`, `request`,
//! `response`), and how an answer or a failure becomes the operation's result.
//!
//! Operations call these between validation and mutation ("validate, run the trigger, then mutate"), and
//! outside the pool's lock wherever the trigger may call back into the pool (PreSignUp, PostConfirmation,
//! Pre/PostAuthentication, UserMigration, CUSTOM_AUTH, PreTokenGeneration): handlers written for AWS often
//! call `AdminAddUserToGroup` or `ListUsers` on the pool that invoked them.

use std::collections::{BTreeMap, HashMap};

use serde_json::{json, Map, Value};

use crate::app::Ctx;
use crate::domain::user::User;
use crate::error::{CognitoError, ErrorCode, Result};
use crate::lambda::InvokeError;

/// The triggers of `LambdaConfigType`, named as in error messages ("PreSignUp failed with error ...").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trigger {
    /// `PreSignUp`.
    PreSignUp,
    /// `PostConfirmation`.
    PostConfirmation,
    /// `PreAuthentication`.
    PreAuthentication,
    /// `PostAuthentication`.
    PostAuthentication,
    /// `DefineAuthChallenge`.
    DefineAuthChallenge,
    /// `CreateAuthChallenge`.
    CreateAuthChallenge,
    /// `VerifyAuthChallengeResponse`.
    VerifyAuthChallengeResponse,
    /// `PreTokenGeneration` (or `PreTokenGenerationConfig`).
    PreTokenGeneration,
    /// `UserMigration`.
    UserMigration,
    /// `CustomMessage`.
    CustomMessage,
    /// `CustomEmailSender`.
    CustomEmailSender,
    /// `CustomSMSSender`.
    CustomSmsSender,
    /// `InboundFederation`.
    InboundFederation,
}

impl Trigger {
    /// The `LambdaConfigType` member, which is also the name in error messages.
    pub fn name(self) -> &'static str {
        match self {
            Trigger::PreSignUp => "PreSignUp",
            Trigger::PostConfirmation => "PostConfirmation",
            Trigger::PreAuthentication => "PreAuthentication",
            Trigger::PostAuthentication => "PostAuthentication",
            Trigger::DefineAuthChallenge => "DefineAuthChallenge",
            Trigger::CreateAuthChallenge => "CreateAuthChallenge",
            Trigger::VerifyAuthChallengeResponse => "VerifyAuthChallengeResponse",
            Trigger::PreTokenGeneration => "PreTokenGeneration",
            Trigger::UserMigration => "UserMigration",
            Trigger::CustomMessage => "CustomMessage",
            Trigger::CustomEmailSender => "CustomEmailSender",
            Trigger::CustomSmsSender => "CustomSMSSender",
            Trigger::InboundFederation => "InboundFederation",
        }
    }
}

/// A configured function: its ARN and the event version it expects (`V1_0`, `V2_0`, `V3_0`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Function {
    /// The Lambda ARN.
    pub arn: String,
    /// `LambdaVersion` of the versioned triggers; `V1_0` for the others.
    pub version: String,
}

/// The function `LambdaConfig` assigns to `trigger`, if any. `PreTokenGenerationConfig` wins over the
/// legacy `PreTokenGeneration` member, as in AWS (which keeps the two in step).
pub fn configured(lambda_config: Option<&Value>, trigger: Trigger) -> Option<Function> {
    let config = lambda_config?.as_object()?;
    if config.is_empty() {
        return None;
    }
    let versioned = |member: &str| {
        let c = config.get(member)?;
        Some(Function {
            arn: c.get("LambdaArn")?.as_str()?.to_owned(),
            version: c
                .get("LambdaVersion")
                .and_then(Value::as_str)
                .unwrap_or("V1_0")
                .to_owned(),
        })
    };
    let plain = |member: &str| {
        Some(Function {
            arn: config.get(member)?.as_str()?.to_owned(),
            version: "V1_0".to_owned(),
        })
    };
    match trigger {
        Trigger::PreTokenGeneration => {
            versioned("PreTokenGenerationConfig").or_else(|| plain("PreTokenGeneration"))
        }
        Trigger::CustomEmailSender => versioned("CustomEmailSender"),
        Trigger::CustomSmsSender => versioned("CustomSMSSender"),
        Trigger::InboundFederation => versioned("InboundFederation"),
        other => plain(other.name()),
    }
}

/// The pool's `LambdaConfig` (shared, no copy), read under the pool's lock and used outside it.
pub fn lambda_config_of(ctx: &Ctx, pool_id: &str) -> Result<Option<std::sync::Arc<Value>>> {
    ctx.app
        .store
        .read_pool(pool_id, |p| Ok(p.config.lambda_config.clone()))
}

/// What the common part of an event says.
#[derive(Debug, Clone, Copy)]
pub struct Caller<'a> {
    /// The pool.
    pub pool_id: &'a str,
    /// The app client, when the operation has one (admin operations without a client send `CLIENT_ID_NOT_APPLICABLE`).
    pub client_id: Option<&'a str>,
    /// The internal username (the `sub` in pools with username attributes).
    pub username: &'a str,
}

/// The `userAttributes` of an event: the user's attributes with `sub`, plus `cognito:user_status` for a
/// user that exists, as AWS sends them.
pub fn user_attributes(user: &User, with_status: bool) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("sub".into(), Value::from(user.sub.clone()));
    for (k, v) in user.attributes.iter() {
        m.insert(k.clone(), Value::from(v.clone()));
    }
    if with_status {
        m.insert(
            "cognito:user_status".into(),
            Value::from(user.status.as_str()),
        );
    }
    m
}

/// A string map as a JSON object (`clientMetadata`, `validationData`).
pub fn string_map<'a>(entries: impl IntoIterator<Item = (&'a String, &'a String)>) -> Value {
    Value::Object(
        entries
            .into_iter()
            .map(|(k, v)| (k.clone(), Value::from(v.clone())))
            .collect(),
    )
}

/// `validationData` from a list of name/value attributes: `null` when there are none, as AWS sends it.
pub fn validation_data<'a>(entries: impl Iterator<Item = (&'a str, Option<&'a str>)>) -> Value {
    let m: Map<String, Value> = entries
        .map(|(k, v)| (k.to_owned(), Value::from(v.unwrap_or_default())))
        .collect();
    if m.is_empty() {
        Value::Null
    } else {
        Value::Object(m)
    }
}

/// `clientMetadata` from an operation's optional `ClientMetadata`.
pub fn client_metadata(m: Option<&HashMap<String, String>>) -> Value {
    m.map_or_else(|| json!({}), |m| string_map(m.iter()))
}

/// `clientMetadata` from an operation's optional `ClientMetadata` (the admin shapes' sorted maps).
pub fn client_metadata_sorted(m: Option<&BTreeMap<String, String>>) -> Value {
    m.map_or_else(|| json!({}), |m| string_map(m.iter()))
}

/// The event Cognito sends: the common members, then `request` and the default `response`.
fn event(
    ctx: &Ctx,
    function: &Function,
    source: &str,
    caller: Caller<'_>,
    request: Value,
    response: Value,
) -> Value {
    let version = match function.version.as_str() {
        "V2_0" => "2",
        "V3_0" => "3",
        _ => "1",
    };
    json!({
        "version": version,
        "triggerSource": source,
        "region": ctx.region,
        "userPoolId": caller.pool_id,
        "userName": caller.username,
        "callerContext": {
            "awsSdkVersion": "aws-sdk-unknown-unknown",
            "clientId": caller.client_id.unwrap_or("CLIENT_ID_NOT_APPLICABLE"),
        },
        "request": request,
        "response": response,
    })
}

/// Runs `function` for `trigger` on an event with `source`, `request` and the default `response`, and
/// returns the `response` object of its answer.
pub fn run(
    ctx: &Ctx,
    function: &Function,
    trigger: Trigger,
    source: &str,
    caller: Caller<'_>,
    request: Value,
    response: Value,
) -> Result<Map<String, Value>> {
    let event = event(ctx, function, source, caller, request, response);
    let answer = ctx
        .app
        .lambdas
        .invoke(&function.arn, &event)
        .map_err(|e| invoke_error(trigger, &function.arn, e))?;
    // Cognito wants the whole event back; anything else (a bare value, `null`, unparsable output) is
    // "Unrecognizable lambda output".
    match answer {
        Value::Object(mut event) => match event.remove("response") {
            Some(Value::Object(response)) => Ok(response),
            Some(Value::Null) | None => Ok(Map::new()),
            Some(_) => Err(unrecognizable()),
        },
        _ => Err(unrecognizable()),
    }
}

/// Runs `function` without waiting for it (the custom sender triggers).
pub fn run_async(ctx: &Ctx, function: &Function, source: &str, caller: Caller<'_>, request: Value) {
    let event = event(ctx, function, source, caller, request, json!({}));
    ctx.app.lambdas.invoke_async(&function.arn, event);
}

fn unrecognizable() -> CognitoError {
    CognitoError::new(
        ErrorCode::InvalidLambdaResponse,
        "Unrecognizable lambda output",
    )
}

/// AWS's errors for a failed invocation: the function's own error is the caller's
/// `UserLambdaValidationException`; a function that cannot be reached or does not answer in time is
/// `UnexpectedLambdaException`.
fn invoke_error(trigger: Trigger, arn: &str, e: InvokeError) -> CognitoError {
    let name = trigger.name();
    match e {
        InvokeError::Function { message, .. } => CognitoError::new(
            ErrorCode::UserLambdaValidation,
            format!("{name} failed with error {message}."),
        ),
        InvokeError::Timeout => {
            tracing::warn!(function = %arn, "{name} timed out");
            CognitoError::new(
                ErrorCode::UnexpectedLambda,
                format!("{name} invocation failed due to error Socket timeout exception."),
            )
        }
        InvokeError::Unreachable(why) => {
            tracing::warn!(function = %arn, "{name} cannot be invoked: {why}");
            CognitoError::new(
                ErrorCode::UnexpectedLambda,
                format!("{name} invocation failed due to error AccessDeniedException."),
            )
        }
    }
}

/// A boolean member of a trigger's response (`true`, or the string `"true"` some handlers send).
pub fn flag(response: &Map<String, Value>, name: &str) -> bool {
    match response.get(name) {
        Some(Value::Bool(b)) => *b,
        Some(Value::String(s)) => s.eq_ignore_ascii_case("true"),
        _ => false,
    }
}

/// A string member of a trigger's response.
pub fn text<'a>(response: &'a Map<String, Value>, name: &str) -> Option<&'a str> {
    response.get(name).and_then(Value::as_str)
}

/// A string-to-string map member of a trigger's response (non-string values are refused as AWS refuses
/// them: the output is unrecognizable).
pub fn string_members(
    response: &Map<String, Value>,
    name: &str,
) -> Result<Option<BTreeMap<String, String>>> {
    match response.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Object(m)) => m
            .iter()
            .map(|(k, v)| match v {
                Value::String(s) => Ok((k.clone(), s.clone())),
                Value::Bool(b) => Ok((k.clone(), b.to_string())),
                Value::Number(n) => Ok((k.clone(), n.to_string())),
                _ => Err(unrecognizable()),
            })
            .collect::<Result<BTreeMap<_, _>>>()
            .map(Some),
        Some(_) => Err(unrecognizable()),
    }
}

/// What an external identity provider sent about a federated user, as InboundFederation receives it.
#[derive(Debug, Clone, Default)]
pub struct FederatedSignIn<'a> {
    /// The pool's name for the provider (`ProviderName`).
    pub provider_name: &'a str,
    /// `OIDC`, `SAML`, `Google`, `Facebook`, `LoginWithAmazon`, `SignInWithApple`.
    pub provider_type: &'a str,
    /// The provider's token endpoint answer (OIDC and social providers).
    pub token_response: Option<Value>,
    /// The decoded ID token claims (OIDC).
    pub id_token: Option<Value>,
    /// The userInfo answer.
    pub user_info: Option<Value>,
    /// The SAML response's attributes (SAML).
    pub saml_response: Option<Value>,
}

/// Runs the pool's InboundFederation trigger (V1_0) on a federated sign-in and returns the attributes to
/// map: `attributes` unchanged without a trigger or when the handler answers `{}` or nothing, else only
/// the attributes it lists (omitted ones are dropped), with the values it gives.
pub fn inbound_federation(
    ctx: &Ctx,
    lambda_config: Option<&Value>,
    caller: Caller<'_>,
    sign_in: &FederatedSignIn<'_>,
    attributes: BTreeMap<String, String>,
) -> Result<BTreeMap<String, String>> {
    let Some(function) = configured(lambda_config, Trigger::InboundFederation) else {
        return Ok(attributes);
    };
    let mut provided = Map::new();
    for (key, value) in [
        ("tokenResponse", &sign_in.token_response),
        ("idToken", &sign_in.id_token),
        ("userInfo", &sign_in.user_info),
        ("samlResponse", &sign_in.saml_response),
    ] {
        if let Some(v) = value {
            provided.insert(key.to_owned(), v.clone());
        }
    }
    let response = run(
        ctx,
        &function,
        Trigger::InboundFederation,
        "InboundFederation_ExternalProvider",
        caller,
        json!({
            "providerName": sign_in.provider_name,
            "providerType": sign_in.provider_type,
            "attributes": provided,
        }),
        json!({"userAttributesToMap": {}}),
    )?;
    match string_members(&response, "userAttributesToMap")? {
        Some(map) if !map.is_empty() => Ok(map),
        _ => Ok(attributes),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn configured_functions_come_from_lambda_config() {
        let config = json!({
            "PreSignUp": "arn:aws:lambda:us-east-1:123456789012:function:pre",
            "PreTokenGeneration": "arn:aws:lambda:us-east-1:123456789012:function:old",
            "PreTokenGenerationConfig": {"LambdaVersion": "V2_0", "LambdaArn": "arn:aws:lambda:us-east-1:123456789012:function:new"},
            "CustomEmailSender": {"LambdaVersion": "V1_0", "LambdaArn": "arn:aws:lambda:us-east-1:123456789012:function:mail"},
        });
        let pre = configured(Some(&config), Trigger::PreSignUp).unwrap();
        assert_eq!(
            pre.arn,
            "arn:aws:lambda:us-east-1:123456789012:function:pre"
        );
        let ptg = configured(Some(&config), Trigger::PreTokenGeneration).unwrap();
        assert_eq!(ptg.version, "V2_0");
        assert!(ptg.arn.ends_with(":new"));
        assert!(configured(Some(&config), Trigger::CustomEmailSender).is_some());
        assert!(configured(Some(&config), Trigger::PostConfirmation).is_none());
        assert!(configured(None, Trigger::PreSignUp).is_none());
    }

    #[test]
    fn inbound_federation_maps_what_the_handler_lists() {
        let app = crate::App::new(crate::Config::default());
        let ctx = Ctx {
            app: std::sync::Arc::clone(&app),
            region: "us-east-1".into(),
        };
        let seen = std::sync::Arc::new(std::sync::Mutex::new(Value::Null));
        let log = std::sync::Arc::clone(&seen);
        app.lambdas.register(
            "federate",
            std::sync::Arc::new(move |mut event: Value| {
                *log.lock().unwrap() = event.clone();
                let email = event["request"]["attributes"]["idToken"]["email"].clone();
                event["response"]["userAttributesToMap"] =
                    json!({"email": email, "custom:org": "acme"});
                Ok(event)
            }),
        );
        let config = json!({"InboundFederation": {"LambdaVersion": "V1_0", "LambdaArn": "arn:aws:lambda:us-east-1:123456789012:function:federate"}});
        let sign_in = FederatedSignIn {
            provider_name: "Corp",
            provider_type: "OIDC",
            id_token: Some(json!({"email": "a@corp.example", "sub": "1"})),
            ..Default::default()
        };
        let given: BTreeMap<String, String> = [
            ("email".to_owned(), "a@corp.example".to_owned()),
            ("name".to_owned(), "A".to_owned()),
        ]
        .into();
        let caller = Caller {
            pool_id: "us-east-1_x",
            client_id: Some("c"),
            username: "Corp_1",
        };
        let mapped =
            inbound_federation(&ctx, Some(&config), caller, &sign_in, given.clone()).unwrap();
        assert_eq!(mapped.get("custom:org").map(String::as_str), Some("acme"));
        assert!(
            !mapped.contains_key("name"),
            "omitted attributes are dropped"
        );
        let event = seen.lock().unwrap().clone();
        assert_eq!(event["triggerSource"], "InboundFederation_ExternalProvider");
        assert_eq!(event["request"]["providerName"], "Corp");
        assert_eq!(event["request"]["providerType"], "OIDC");
        assert!(event["request"]["attributes"].get("samlResponse").is_none());
        // No trigger: the attributes as mapped by AttributeMapping.
        assert_eq!(
            inbound_federation(&ctx, None, caller, &sign_in, given.clone()).unwrap(),
            given
        );
    }

    #[test]
    fn failures_become_aws_errors() {
        let e = invoke_error(
            Trigger::PreSignUp,
            "f",
            InvokeError::Function {
                error_type: "Error".into(),
                message: "nope".into(),
            },
        );
        assert_eq!(e.code(), ErrorCode::UserLambdaValidation);
        assert_eq!(e.message(), "PreSignUp failed with error nope.");
        let e = invoke_error(Trigger::PreAuthentication, "f", InvokeError::Timeout);
        assert_eq!(e.code(), ErrorCode::UnexpectedLambda);
    }
}
