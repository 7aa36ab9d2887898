//! Lambda triggers through the Rust SDK, with in-process handlers (the local-file and Invoke-API
//! backends are tested by `src/lambda/*` and `sdk-compat/`): the events each operation sends, how the
//! answers change the operation, and AWS's errors when a handler refuses, fails or answers garbage.

use std::sync::{Arc, Mutex};

use aws_sdk_cognitoidentityprovider::error::ProvideErrorMetadata;
use aws_sdk_cognitoidentityprovider::types::{
    AuthFlowType, LambdaConfigType, PreTokenGenerationLambdaVersionType,
    PreTokenGenerationVersionConfigType, UserStatusType,
};
use cognito_emulator::lambda::InvokeError;
use cognito_emulator::RunningServer;
use serde_json::{json, Value};

use crate::common::start;
use crate::sdk::auth::{attr, fixture_with, last_code, Fixture, PASSWORD};
use crate::sdk::srp::claims;

fn arn(name: &str) -> String {
    format!("arn:aws:lambda:us-east-1:123456789012:function:{name}")
}

/// Registers `handler` as function `name` and returns the events it receives.
fn handler(
    s: &RunningServer,
    name: &str,
    f: impl Fn(&mut Value) -> Result<(), InvokeError> + Send + Sync + 'static,
) -> Arc<Mutex<Vec<Value>>> {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&seen);
    s.app.lambdas.register(
        name,
        Arc::new(move |mut event: Value| {
            log.lock().unwrap().push(event.clone());
            f(&mut event)?;
            Ok(event)
        }),
    );
    seen
}

fn thrown(message: &str) -> InvokeError {
    InvokeError::Function {
        error_type: "Error".into(),
        message: message.into(),
    }
}

async fn pool_with(s: &RunningServer, config: LambdaConfigType) -> Fixture {
    fixture_with(s, |b| b.lambda_config(config), |b| b).await
}

fn events(seen: &Arc<Mutex<Vec<Value>>>) -> Vec<Value> {
    seen.lock().unwrap().clone()
}

#[tokio::test]
async fn pre_sign_up_auto_confirms_and_verifies_then_post_confirmation_runs() {
    let s = start().await;
    let pre = handler(&s, "pre", |e| {
        e["response"]["autoConfirmUser"] = json!(true);
        e["response"]["autoVerifyEmail"] = json!(true);
        Ok(())
    });
    let post = handler(&s, "post", |_| Ok(()));
    let f = pool_with(
        &s,
        LambdaConfigType::builder()
            .pre_sign_up(arn("pre"))
            .post_confirmation(arn("post"))
            .build(),
    )
    .await;
    let out =
        f.c.sign_up()
            .client_id(&f.client)
            .username("ann")
            .password(PASSWORD)
            .user_attributes(attr("email", "ann@example.com"))
            .validation_data(attr("invite", "xyz"))
            .client_metadata("source", "test")
            .send()
            .await
            .unwrap();
    assert!(out.user_confirmed);
    assert!(
        out.code_delivery_details.is_none(),
        "no code for a confirmed user"
    );
    let user =
        f.c.admin_get_user()
            .user_pool_id(&f.pool)
            .username("ann")
            .send()
            .await
            .unwrap();
    assert_eq!(user.user_status, Some(UserStatusType::Confirmed));
    let verified = user
        .user_attributes()
        .iter()
        .find(|a| a.name == "email_verified")
        .and_then(|a| a.value.clone());
    assert_eq!(verified.as_deref(), Some("true"));

    let pre = events(&pre);
    assert_eq!(pre.len(), 1);
    let e = &pre[0];
    assert_eq!(e["triggerSource"], "PreSignUp_SignUp");
    assert_eq!(e["version"], "1");
    assert_eq!(e["userPoolId"], f.pool.as_str());
    assert_eq!(e["userName"], "ann");
    assert_eq!(e["callerContext"]["clientId"], f.client.as_str());
    assert_eq!(e["request"]["userAttributes"]["email"], "ann@example.com");
    assert_eq!(e["request"]["validationData"]["invite"], "xyz");
    assert_eq!(e["request"]["clientMetadata"]["source"], "test");

    let post = events(&post);
    assert_eq!(
        post.len(),
        1,
        "an auto-confirmed sign-up runs PostConfirmation"
    );
    assert_eq!(post[0]["triggerSource"], "PostConfirmation_ConfirmSignUp");
    assert_eq!(
        post[0]["request"]["userAttributes"]["cognito:user_status"],
        "CONFIRMED"
    );
    assert_eq!(post[0]["request"]["userAttributes"]["sub"], out.user_sub);
}

#[tokio::test]
async fn a_refusing_pre_sign_up_creates_nobody() {
    let s = start().await;
    handler(&s, "pre", |_| Err(thrown("Sign-ups are closed")));
    let f = pool_with(
        &s,
        LambdaConfigType::builder().pre_sign_up(arn("pre")).build(),
    )
    .await;
    let err =
        f.c.sign_up()
            .client_id(&f.client)
            .username("bob")
            .password(PASSWORD)
            .user_attributes(attr("email", "bob@example.com"))
            .send()
            .await
            .unwrap_err();
    assert_eq!(err.code(), Some("UserLambdaValidationException"));
    assert_eq!(
        err.message(),
        Some("PreSignUp failed with error Sign-ups are closed.")
    );
    let missing =
        f.c.admin_get_user()
            .user_pool_id(&f.pool)
            .username("bob")
            .send()
            .await
            .unwrap_err();
    assert_eq!(missing.code(), Some("UserNotFoundException"));
    assert!(s.app.outbox.list(Some(&f.pool), None).is_empty());
    // AdminCreateUser fires it too, and is refused the same way.
    let err =
        f.c.admin_create_user()
            .user_pool_id(&f.pool)
            .username("bob")
            .send()
            .await
            .unwrap_err();
    assert_eq!(err.code(), Some("UserLambdaValidationException"));
}

#[tokio::test]
async fn confirm_sign_up_and_confirm_forgot_password_run_post_confirmation() {
    let s = start().await;
    let post = handler(&s, "post", |_| Ok(()));
    let f = pool_with(
        &s,
        LambdaConfigType::builder()
            .post_confirmation(arn("post"))
            .build(),
    )
    .await;
    let internal = crate::sdk::auth::confirmed_user(&s, &f, "cara").await;
    f.c.forgot_password()
        .client_id(&f.client)
        .username("cara")
        .send()
        .await
        .unwrap();
    let code = last_code(&s, &f.pool, &internal);
    f.c.confirm_forgot_password()
        .client_id(&f.client)
        .username("cara")
        .confirmation_code(code)
        .password("N3w-Passw0rd!")
        .send()
        .await
        .unwrap();
    let sources: Vec<Value> = events(&post)
        .iter()
        .map(|e| e["triggerSource"].clone())
        .collect();
    assert_eq!(
        sources,
        vec![
            json!("PostConfirmation_ConfirmSignUp"),
            json!("PostConfirmation_ConfirmForgotPassword")
        ]
    );
}

#[tokio::test]
async fn sign_in_runs_pre_authentication_pre_token_generation_and_post_authentication() {
    let s = start().await;
    let order = Arc::new(Mutex::new(Vec::<String>::new()));
    for name in ["preauth", "postauth"] {
        let order = Arc::clone(&order);
        handler(&s, name, move |e| {
            order
                .lock()
                .unwrap()
                .push(e["triggerSource"].as_str().unwrap().to_owned());
            Ok(())
        });
    }
    let o = Arc::clone(&order);
    let ptg = handler(&s, "ptg", move |e| {
        o.lock()
            .unwrap()
            .push(e["triggerSource"].as_str().unwrap().to_owned());
        e["response"]["claimsAndScopeOverrideDetails"] = json!({
            "idTokenGeneration": {"claimsToAddOrOverride": {"tenant": "acme", "sub": "forged"}, "claimsToSuppress": ["email"]},
            "accessTokenGeneration": {
                "claimsToAddOrOverride": {"roles": ["admin", "ops"]},
                "scopesToAdd": ["orders/read"],
            },
            "groupOverrideDetails": {"groupsToOverride": ["vip"]},
        });
        Ok(())
    });
    let f = pool_with(
        &s,
        LambdaConfigType::builder()
            .pre_authentication(arn("preauth"))
            .post_authentication(arn("postauth"))
            .pre_token_generation_config(
                PreTokenGenerationVersionConfigType::builder()
                    .lambda_version(PreTokenGenerationLambdaVersionType::V20)
                    .lambda_arn(arn("ptg"))
                    .build()
                    .unwrap(),
            )
            .build(),
    )
    .await;
    let internal = crate::sdk::auth::confirmed_user(&s, &f, "dan").await;
    let out =
        f.c.initiate_auth()
            .client_id(&f.client)
            .auth_flow(AuthFlowType::UserPasswordAuth)
            .auth_parameters("USERNAME", "dan")
            .auth_parameters("PASSWORD", PASSWORD)
            .client_metadata("app", "web")
            .send()
            .await
            .unwrap();
    let result = out.authentication_result.unwrap();
    let id = claims(result.id_token.as_deref().unwrap());
    let access = claims(result.access_token.as_deref().unwrap());
    assert_eq!(id["tenant"], "acme");
    assert_ne!(id["sub"], "forged", "sub cannot be overridden");
    assert!(id.get("email").is_none(), "suppressed");
    assert_eq!(id["cognito:groups"], json!(["vip"]));
    assert_eq!(access["roles"], json!(["admin", "ops"]));
    let scope = access["scope"].as_str().unwrap();
    assert!(scope.contains("orders/read") && scope.contains("aws.cognito.signin.user.admin"));
    // The changed tokens are still the pool's: GetUser accepts the access token.
    f.c.get_user()
        .access_token(result.access_token.unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(
        *order.lock().unwrap(),
        vec![
            "PreAuthentication_Authentication",
            "TokenGeneration_Authentication",
            "PostAuthentication_Authentication"
        ]
    );
    let e = &events(&ptg)[0];
    assert_eq!(e["version"], "2");
    assert_eq!(e["userName"], internal.as_str());
    assert_eq!(e["request"]["clientMetadata"]["app"], "web");
    assert!(e["request"]["scopes"]
        .as_array()
        .unwrap()
        .contains(&json!("aws.cognito.signin.user.admin")));

    // Refresh: PreTokenGeneration again (TokenGeneration_RefreshTokens), no Pre/PostAuthentication.
    order.lock().unwrap().clear();
    let refreshed =
        f.c.initiate_auth()
            .client_id(&f.client)
            .auth_flow(AuthFlowType::RefreshTokenAuth)
            .auth_parameters("REFRESH_TOKEN", result.refresh_token.unwrap())
            .send()
            .await
            .unwrap();
    let id = claims(
        refreshed
            .authentication_result
            .unwrap()
            .id_token
            .as_deref()
            .unwrap(),
    );
    assert_eq!(id["tenant"], "acme");
    assert_eq!(
        *order.lock().unwrap(),
        vec!["TokenGeneration_RefreshTokens"]
    );
}

#[tokio::test]
async fn pre_token_generation_v1_overrides_id_token_claims_only() {
    let s = start().await;
    handler(&s, "ptg", |e| {
        e["response"]["claimsOverrideDetails"] = json!({
            "claimsToAddOrOverride": {"plan": "gold"},
            "groupOverrideDetails": {"groupsToOverride": ["a", "b"], "iamRolesToOverride": [], "preferredRole": null},
        });
        Ok(())
    });
    let f = pool_with(
        &s,
        LambdaConfigType::builder()
            .pre_token_generation(arn("ptg"))
            .build(),
    )
    .await;
    crate::sdk::auth::confirmed_user(&s, &f, "eve").await;
    let out =
        f.c.initiate_auth()
            .client_id(&f.client)
            .auth_flow(AuthFlowType::UserPasswordAuth)
            .auth_parameters("USERNAME", "eve")
            .auth_parameters("PASSWORD", PASSWORD)
            .send()
            .await
            .unwrap();
    let result = out.authentication_result.unwrap();
    let id = claims(result.id_token.as_deref().unwrap());
    let access = claims(result.access_token.as_deref().unwrap());
    assert_eq!(id["plan"], "gold");
    assert!(access.get("plan").is_none(), "V1 changes the ID token only");
    assert_eq!(id["cognito:groups"], json!(["a", "b"]));
}

#[tokio::test]
async fn a_refusing_pre_authentication_denies_the_sign_in() {
    let s = start().await;
    let post = handler(&s, "postauth", |_| Ok(()));
    handler(&s, "preauth", |e| {
        if e["request"]["validationData"]["deny"] == "yes" {
            Err(thrown("Not today"))
        } else {
            Ok(())
        }
    });
    let f = pool_with(
        &s,
        LambdaConfigType::builder()
            .pre_authentication(arn("preauth"))
            .post_authentication(arn("postauth"))
            .build(),
    )
    .await;
    crate::sdk::auth::confirmed_user(&s, &f, "fay").await;
    let err =
        f.c.initiate_auth()
            .client_id(&f.client)
            .auth_flow(AuthFlowType::UserPasswordAuth)
            .auth_parameters("USERNAME", "fay")
            .auth_parameters("PASSWORD", PASSWORD)
            .client_metadata("deny", "yes")
            .send()
            .await
            .unwrap_err();
    assert_eq!(err.code(), Some("UserLambdaValidationException"));
    assert_eq!(
        err.message(),
        Some("PreAuthentication failed with error Not today.")
    );
    assert!(events(&post).is_empty());
    // The next sign-in works.
    f.c.initiate_auth()
        .client_id(&f.client)
        .auth_flow(AuthFlowType::UserPasswordAuth)
        .auth_parameters("USERNAME", "fay")
        .auth_parameters("PASSWORD", PASSWORD)
        .send()
        .await
        .unwrap();
    assert_eq!(events(&post).len(), 1);
}

#[tokio::test]
async fn user_migration_creates_the_user_on_first_sign_in() {
    let s = start().await;
    let migrate = handler(&s, "migrate", |e| {
        let known = e["userName"] == "legacy" && e["request"]["password"] == "Legacy-Passw0rd!";
        if e["triggerSource"] == "UserMigration_Authentication" && !known {
            return Err(thrown("Bad password"));
        }
        e["response"]["userAttributes"] =
            json!({"email": "legacy@example.com", "email_verified": "true", "custom:tier": "old"});
        if e["triggerSource"] == "UserMigration_Authentication" {
            e["response"]["finalUserStatus"] = json!("CONFIRMED");
        }
        e["response"]["messageAction"] = json!("SUPPRESS");
        Ok(())
    });
    let f = fixture_with(
        &s,
        |b| {
            b.lambda_config(
                LambdaConfigType::builder()
                    .user_migration(arn("migrate"))
                    .build(),
            )
            .schema(
                aws_sdk_cognitoidentityprovider::types::SchemaAttributeType::builder()
                    .name("tier")
                    .attribute_data_type(
                        aws_sdk_cognitoidentityprovider::types::AttributeDataType::String,
                    )
                    .build(),
            )
        },
        |b| b,
    )
    .await;
    // A wrong password: the legacy system refuses, and the answer is the usual one for an unknown user.
    let err =
        f.c.initiate_auth()
            .client_id(&f.client)
            .auth_flow(AuthFlowType::UserPasswordAuth)
            .auth_parameters("USERNAME", "legacy")
            .auth_parameters("PASSWORD", "wrong-Passw0rd!")
            .send()
            .await
            .unwrap_err();
    assert_eq!(err.code(), Some("UserNotFoundException"));
    let out =
        f.c.initiate_auth()
            .client_id(&f.client)
            .auth_flow(AuthFlowType::UserPasswordAuth)
            .auth_parameters("USERNAME", "legacy")
            .auth_parameters("PASSWORD", "Legacy-Passw0rd!")
            .send()
            .await
            .unwrap();
    let id = claims(
        out.authentication_result
            .unwrap()
            .id_token
            .as_deref()
            .unwrap(),
    );
    assert_eq!(id["email"], "legacy@example.com");
    assert_eq!(id["custom:tier"], "old");
    assert_eq!(events(&migrate).len(), 2);
    // Migrated once: the next sign-in does not ask the legacy system again.
    f.c.initiate_auth()
        .client_id(&f.client)
        .auth_flow(AuthFlowType::UserPasswordAuth)
        .auth_parameters("USERNAME", "legacy")
        .auth_parameters("PASSWORD", "Legacy-Passw0rd!")
        .send()
        .await
        .unwrap();
    assert_eq!(events(&migrate).len(), 2);
    // ForgotPassword of another legacy user migrates them in RESET_REQUIRED and sends a code.
    f.c.forgot_password()
        .client_id(&f.client)
        .username("other")
        .send()
        .await
        .unwrap();
    let user =
        f.c.admin_get_user()
            .user_pool_id(&f.pool)
            .username("other")
            .send()
            .await
            .unwrap();
    assert_eq!(user.user_status, Some(UserStatusType::ResetRequired));
    assert!(last_code(&s, &f.pool, "other").len() == 6);
}

#[tokio::test]
async fn custom_message_writes_the_outbox_text() {
    let s = start().await;
    let seen = handler(&s, "msg", |e| {
        let code = e["request"]["codeParameter"].as_str().unwrap().to_owned();
        e["response"]["emailSubject"] = json!("Welcome aboard");
        e["response"]["emailMessage"] = json!(format!("Hi! Your code is {code}."));
        Ok(())
    });
    let f = pool_with(
        &s,
        LambdaConfigType::builder()
            .custom_message(arn("msg"))
            .build(),
    )
    .await;
    let out =
        f.c.sign_up()
            .client_id(&f.client)
            .username("gil")
            .password(PASSWORD)
            .user_attributes(attr("email", "gil@example.com"))
            .send()
            .await
            .unwrap();
    assert!(out.code_delivery_details.is_some());
    let m = s.app.outbox.list(Some(&f.pool), None).pop().unwrap();
    let code = m.code.clone().unwrap();
    assert_eq!(m.subject.as_deref(), Some("Welcome aboard"));
    assert_eq!(m.body, format!("Hi! Your code is {code}."));
    assert_eq!(events(&seen)[0]["triggerSource"], "CustomMessage_SignUp");
    // AdminCreateUser's invitation: CustomMessage_AdminCreateUser with the username parameter.
    f.c.admin_create_user()
        .user_pool_id(&f.pool)
        .username("hal")
        .user_attributes(attr("email", "hal@example.com"))
        .temporary_password("Temp-Passw0rd!")
        .send()
        .await
        .unwrap();
    let e = events(&seen).pop().unwrap();
    assert_eq!(e["triggerSource"], "CustomMessage_AdminCreateUser");
    assert_eq!(e["request"]["usernameParameter"], "{username}");
    let m = s.app.outbox.list(Some(&f.pool), Some("hal")).pop().unwrap();
    assert_eq!(m.body, "Hi! Your code is Temp-Passw0rd!.");
}

#[tokio::test]
async fn garbage_and_unreachable_functions_get_aws_errors() {
    let s = start().await;
    s.app
        .lambdas
        .register("garbage", Arc::new(|_| Ok(json!("not an event"))));
    let f = pool_with(
        &s,
        LambdaConfigType::builder()
            .pre_sign_up(arn("garbage"))
            .build(),
    )
    .await;
    let err =
        f.c.sign_up()
            .client_id(&f.client)
            .username("ida")
            .password(PASSWORD)
            .send()
            .await
            .unwrap_err();
    assert_eq!(err.code(), Some("InvalidLambdaResponseException"));
    assert_eq!(err.message(), Some("Unrecognizable lambda output"));

    // A function nobody hosts (no --lambda file, no --lambda-endpoint).
    let g = pool_with(
        &s,
        LambdaConfigType::builder()
            .pre_sign_up(arn("nowhere"))
            .build(),
    )
    .await;
    let err =
        g.c.sign_up()
            .client_id(&g.client)
            .username("ida")
            .password(PASSWORD)
            .send()
            .await
            .unwrap_err();
    assert_eq!(err.code(), Some("UnexpectedLambdaException"));
    // The emulator keeps serving.
    g.c.describe_user_pool()
        .user_pool_id(&g.pool)
        .send()
        .await
        .unwrap();
}

/// The one-time-code trio of AWS's documentation: Define asks for a custom challenge until one is
/// answered right (three tries), Create makes a code, Verify compares.
fn one_time_code_trio(s: &RunningServer) -> Arc<Mutex<Vec<Value>>> {
    let defines = handler(s, "define", |e| {
        let session = e["request"]["session"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        let last = session.last();
        let r = &mut e["response"];
        if last.is_some_and(|l| {
            l["challengeName"] == "CUSTOM_CHALLENGE" && l["challengeResult"] == true
        }) {
            r["issueTokens"] = json!(true);
            r["failAuthentication"] = json!(false);
        } else if session.len() >= 3 {
            r["issueTokens"] = json!(false);
            r["failAuthentication"] = json!(true);
        } else {
            r["issueTokens"] = json!(false);
            r["failAuthentication"] = json!(false);
            r["challengeName"] = json!("CUSTOM_CHALLENGE");
        }
        Ok(())
    });
    handler(s, "create", |e| {
        e["response"]["publicChallengeParameters"] = json!({"hint": "the code is 4242"});
        e["response"]["privateChallengeParameters"] = json!({"answer": "4242"});
        e["response"]["challengeMetadata"] = json!("CODE-1");
        Ok(())
    });
    handler(s, "verify", |e| {
        let right =
            e["request"]["privateChallengeParameters"]["answer"] == e["request"]["challengeAnswer"];
        e["response"]["answerCorrect"] = json!(right);
        Ok(())
    });
    defines
}

#[tokio::test]
async fn custom_auth_runs_define_create_verify_until_tokens_or_failure() {
    use aws_sdk_cognitoidentityprovider::types::{ChallengeNameType, ExplicitAuthFlowsType};
    let s = start().await;
    let defines = one_time_code_trio(&s);
    let f = fixture_with(
        &s,
        |b| {
            b.lambda_config(
                LambdaConfigType::builder()
                    .define_auth_challenge(arn("define"))
                    .create_auth_challenge(arn("create"))
                    .verify_auth_challenge_response(arn("verify"))
                    .build(),
            )
        },
        |b| b.explicit_auth_flows(ExplicitAuthFlowsType::AllowCustomAuth),
    )
    .await;
    crate::sdk::auth::confirmed_user(&s, &f, "kim").await;
    let start_flow = || {
        f.c.initiate_auth()
            .client_id(&f.client)
            .auth_flow(AuthFlowType::CustomAuth)
            .auth_parameters("USERNAME", "kim")
            .send()
    };
    let out = start_flow().await.unwrap();
    assert_eq!(out.challenge_name, Some(ChallengeNameType::CustomChallenge));
    assert_eq!(
        out.challenge_parameters.as_ref().unwrap()["hint"],
        "the code is 4242"
    );
    assert!(
        !out.challenge_parameters
            .as_ref()
            .unwrap()
            .contains_key("answer"),
        "private stays private"
    );
    // A wrong answer: Define asks again, with the failed round (and its metadata) in the history.
    let again =
        f.c.respond_to_auth_challenge()
            .client_id(&f.client)
            .challenge_name(ChallengeNameType::CustomChallenge)
            .session(out.session.unwrap())
            .challenge_responses("USERNAME", "kim")
            .challenge_responses("ANSWER", "1111")
            .send()
            .await
            .unwrap();
    assert_eq!(
        again.challenge_name,
        Some(ChallengeNameType::CustomChallenge)
    );
    let last = events(&defines).pop().unwrap();
    assert_eq!(last["request"]["session"][0]["challengeResult"], false);
    assert_eq!(last["request"]["session"][0]["challengeMetadata"], "CODE-1");
    let done =
        f.c.respond_to_auth_challenge()
            .client_id(&f.client)
            .challenge_name(ChallengeNameType::CustomChallenge)
            .session(again.session.clone().unwrap())
            .challenge_responses("USERNAME", "kim")
            .challenge_responses("ANSWER", "4242")
            .send()
            .await
            .unwrap();
    let tokens = done.authentication_result.unwrap();
    assert_eq!(
        claims(tokens.id_token.as_deref().unwrap())["cognito:username"],
        "kim"
    );
    // A session answers once.
    let reused =
        f.c.respond_to_auth_challenge()
            .client_id(&f.client)
            .challenge_name(ChallengeNameType::CustomChallenge)
            .session(again.session.unwrap())
            .challenge_responses("USERNAME", "kim")
            .challenge_responses("ANSWER", "4242")
            .send()
            .await
            .unwrap_err();
    assert_eq!(reused.code(), Some("NotAuthorizedException"));
    // Three wrong answers: failAuthentication.
    let mut session = start_flow().await.unwrap().session.unwrap();
    let mut last_err = None;
    for _ in 0..3 {
        match f
            .c
            .respond_to_auth_challenge()
            .client_id(&f.client)
            .challenge_name(ChallengeNameType::CustomChallenge)
            .session(&session)
            .challenge_responses("USERNAME", "kim")
            .challenge_responses("ANSWER", "0000")
            .send()
            .await
        {
            Ok(next) => session = next.session.unwrap(),
            Err(e) => {
                last_err = Some(e);
                break;
            }
        }
    }
    let err = last_err.expect("the third wrong answer fails the sign-in");
    assert_eq!(err.code(), Some("NotAuthorizedException"));
    assert_eq!(err.message(), Some("Incorrect username or password."));
}

#[tokio::test]
async fn custom_auth_needs_the_client_flow_and_the_triggers() {
    let s = start().await;
    let f = pool_with(&s, LambdaConfigType::builder().build()).await;
    let err =
        f.c.initiate_auth()
            .client_id(&f.client)
            .auth_flow(AuthFlowType::CustomAuth)
            .auth_parameters("USERNAME", "x")
            .send()
            .await
            .unwrap_err();
    assert_eq!(err.code(), Some("InvalidParameterException"));
}
