//! App clients through the Rust SDK.

use crate::common::{idp, new_pool, pool_id, start};
use aws_sdk_cognitoidentityprovider::types::ExplicitAuthFlowsType;

#[tokio::test]
async fn create_user_pool_client_fills_aws_defaults() {
    let s = start().await;
    let c = idp(&s).await;
    let pool = pool_id(c.create_user_pool().pool_name("c")).await;
    let client = c
        .create_user_pool_client()
        .user_pool_id(&pool)
        .client_name("web")
        .generate_secret(true)
        .send()
        .await
        .unwrap()
        .user_pool_client
        .unwrap();
    assert_eq!(client.client_secret.as_ref().map(String::len), Some(51));
    assert_eq!(client.refresh_token_validity, 30);
    assert_eq!(client.auth_session_validity, Some(3));
    assert_eq!(client.enable_token_revocation, Some(true));
    assert_eq!(
        client.explicit_auth_flows.unwrap(),
        vec![
            ExplicitAuthFlowsType::AllowRefreshTokenAuth,
            ExplicitAuthFlowsType::AllowUserSrpAuth,
            ExplicitAuthFlowsType::AllowCustomAuth
        ]
    );
    let id = client.client_id.unwrap();
    let described = c
        .describe_user_pool_client()
        .user_pool_id(&pool)
        .client_id(&id)
        .send()
        .await
        .unwrap();
    assert_eq!(
        described.user_pool_client.unwrap().client_name.as_deref(),
        Some("web")
    );

    let updated = c
        .update_user_pool_client()
        .user_pool_id(&pool)
        .client_id(&id)
        .explicit_auth_flows(ExplicitAuthFlowsType::AllowUserPasswordAuth)
        .send()
        .await
        .unwrap()
        .user_pool_client
        .unwrap();
    assert_eq!(updated.client_name.as_deref(), Some("web"));
    assert_eq!(updated.client_secret.as_ref().map(String::len), Some(51));

    let listed = c
        .list_user_pool_clients()
        .user_pool_id(&pool)
        .send()
        .await
        .unwrap();
    assert_eq!(listed.user_pool_clients.unwrap().len(), 1);
    c.delete_user_pool_client()
        .user_pool_id(&pool)
        .client_id(&id)
        .send()
        .await
        .unwrap();
    let err = c
        .describe_user_pool_client()
        .user_pool_id(&pool)
        .client_id(&id)
        .send()
        .await
        .unwrap_err();
    assert!(err.into_service_error().is_resource_not_found_exception());
}

#[tokio::test]
async fn create_user_pool_client_mixing_legacy_flows_is_invalid() {
    let s = start().await;
    let c = idp(&s).await;
    let pool = pool_id(c.create_user_pool().pool_name("c")).await;
    let err = c
        .create_user_pool_client()
        .user_pool_id(&pool)
        .client_name("bad")
        .explicit_auth_flows(ExplicitAuthFlowsType::UserPasswordAuth)
        .explicit_auth_flows(ExplicitAuthFlowsType::AllowUserSrpAuth)
        .send()
        .await
        .unwrap_err();
    assert!(err.into_service_error().is_invalid_parameter_exception());
    let err = c
        .create_user_pool_client()
        .user_pool_id(&pool)
        .client_name("bad")
        .read_attributes("custom:nope")
        .send()
        .await
        .unwrap_err();
    assert!(err.into_service_error().is_invalid_parameter_exception());
}

#[tokio::test]
async fn add_user_pool_client_secret_rotates_up_to_two() {
    let s = start().await;
    let c = idp(&s).await;
    let pool = new_pool(&c, "oauth").await;
    let client = c
        .create_user_pool_client()
        .user_pool_id(&pool)
        .client_name("conf")
        .generate_secret(true)
        .send()
        .await
        .unwrap()
        .user_pool_client
        .unwrap();
    let id = client.client_id.unwrap();
    let listed = c
        .list_user_pool_client_secrets()
        .user_pool_id(&pool)
        .client_id(&id)
        .send()
        .await
        .unwrap();
    assert_eq!(listed.client_secrets().len(), 1);
    let first_id = listed.client_secrets()[0].client_secret_id.clone().unwrap();
    assert!(listed.client_secrets()[0].client_secret_value.is_none());
    assert!(listed.client_secrets()[0]
        .client_secret_create_date
        .is_some());

    let added = c
        .add_user_pool_client_secret()
        .user_pool_id(&pool)
        .client_id(&id)
        .send()
        .await
        .unwrap()
        .client_secret_descriptor
        .unwrap();
    assert_eq!(
        added.client_secret_value.as_ref().map(String::len),
        Some(51)
    );
    let err = c
        .add_user_pool_client_secret()
        .user_pool_id(&pool)
        .client_id(&id)
        .send()
        .await
        .unwrap_err();
    assert!(err.into_service_error().is_limit_exceeded_exception());

    c.delete_user_pool_client_secret()
        .user_pool_id(&pool)
        .client_id(&id)
        .client_secret_id(&first_id)
        .send()
        .await
        .unwrap();
    let listed = c
        .list_user_pool_client_secrets()
        .user_pool_id(&pool)
        .client_id(&id)
        .send()
        .await
        .unwrap();
    assert_eq!(listed.client_secrets().len(), 1);
    assert_eq!(
        listed.client_secrets()[0].client_secret_id,
        added.client_secret_id
    );
    let described = c
        .describe_user_pool_client()
        .user_pool_id(&pool)
        .client_id(&id)
        .send()
        .await
        .unwrap()
        .user_pool_client
        .unwrap();
    assert_eq!(described.client_secret, added.client_secret_value);
    let err = c
        .delete_user_pool_client_secret()
        .user_pool_id(&pool)
        .client_id(&id)
        .client_secret_id(added.client_secret_id.unwrap())
        .send()
        .await
        .unwrap_err();
    assert!(err.into_service_error().is_invalid_parameter_exception());
    let err = c
        .delete_user_pool_client_secret()
        .user_pool_id(&pool)
        .client_id(&id)
        .client_secret_id("nope")
        .send()
        .await
        .unwrap_err();
    assert!(err.into_service_error().is_resource_not_found_exception());
}

#[tokio::test]
async fn add_user_pool_client_secret_public_client_is_invalid_parameter() {
    let s = start().await;
    let c = idp(&s).await;
    let pool = new_pool(&c, "oauth").await;
    let id = c
        .create_user_pool_client()
        .user_pool_id(&pool)
        .client_name("public")
        .send()
        .await
        .unwrap()
        .user_pool_client
        .unwrap()
        .client_id
        .unwrap();
    let err = c
        .add_user_pool_client_secret()
        .user_pool_id(&pool)
        .client_id(&id)
        .send()
        .await
        .unwrap_err();
    assert!(err.into_service_error().is_invalid_parameter_exception());
}

#[tokio::test]
async fn create_user_pool_client_invalid_oauth_settings_are_refused() {
    use aws_sdk_cognitoidentityprovider::types::OAuthFlowType;
    let s = start().await;
    let c = idp(&s).await;
    let pool = new_pool(&c, "oauth").await;
    let base = || {
        c.create_user_pool_client()
            .user_pool_id(&pool)
            .client_name("web")
            .allowed_o_auth_flows_user_pool_client(true)
    };
    // Code flow without callback URLs.
    let err = base()
        .allowed_o_auth_flows(OAuthFlowType::Code)
        .allowed_o_auth_scopes("openid")
        .send()
        .await
        .unwrap_err();
    assert!(err.into_service_error().is_invalid_o_auth_flow_exception());
    // Flows without scopes.
    let err = base()
        .allowed_o_auth_flows(OAuthFlowType::Code)
        .callback_urls("https://app.example.com/cb")
        .send()
        .await
        .unwrap_err();
    assert!(err.into_service_error().is_invalid_o_auth_flow_exception());
    // client_credentials without a secret, and mixed with code.
    let err = base()
        .allowed_o_auth_flows(OAuthFlowType::ClientCredentials)
        .allowed_o_auth_scopes("openid")
        .send()
        .await
        .unwrap_err();
    assert!(err.into_service_error().is_invalid_o_auth_flow_exception());
    let err = base()
        .generate_secret(true)
        .allowed_o_auth_flows(OAuthFlowType::ClientCredentials)
        .allowed_o_auth_flows(OAuthFlowType::Code)
        .allowed_o_auth_scopes("openid")
        .callback_urls("https://app.example.com/cb")
        .send()
        .await
        .unwrap_err();
    assert!(err.into_service_error().is_invalid_o_auth_flow_exception());
    // Unknown custom scope.
    let err = base()
        .allowed_o_auth_flows(OAuthFlowType::Code)
        .allowed_o_auth_scopes("api/read")
        .callback_urls("https://app.example.com/cb")
        .send()
        .await
        .unwrap_err();
    assert!(err.into_service_error().is_scope_does_not_exist_exception());
    // Plain http other than localhost, fragments, default redirect not among callbacks.
    for (cb, default) in [
        ("http://app.example.com/cb", None),
        ("https://app.example.com/cb#frag", None),
        (
            "https://app.example.com/cb",
            Some("https://other.example.com/cb"),
        ),
    ] {
        let err = base()
            .allowed_o_auth_flows(OAuthFlowType::Code)
            .allowed_o_auth_scopes("openid")
            .callback_urls(cb)
            .set_default_redirect_uri(default.map(str::to_owned))
            .send()
            .await
            .unwrap_err();
        assert!(
            err.into_service_error().is_invalid_parameter_exception(),
            "{cb}"
        );
    }
    // Unknown identity provider.
    let err = c
        .create_user_pool_client()
        .user_pool_id(&pool)
        .client_name("web")
        .supported_identity_providers("Google")
        .send()
        .await
        .unwrap_err();
    assert!(err.into_service_error().is_invalid_parameter_exception());
    // localhost over http is fine, and the settings are echoed.
    let ok = base()
        .allowed_o_auth_flows(OAuthFlowType::Code)
        .allowed_o_auth_flows(OAuthFlowType::Implicit)
        .allowed_o_auth_scopes("openid")
        .allowed_o_auth_scopes("email")
        .callback_urls("http://localhost:3000/cb")
        .logout_urls("http://localhost:3000/")
        .default_redirect_uri("http://localhost:3000/cb")
        .supported_identity_providers("COGNITO")
        .send()
        .await
        .unwrap()
        .user_pool_client
        .unwrap();
    assert_eq!(ok.allowed_o_auth_flows().len(), 2);
    assert_eq!(ok.callback_urls(), ["http://localhost:3000/cb"]);
    assert_eq!(ok.allowed_o_auth_flows_user_pool_client, Some(true));
}

#[tokio::test]
async fn update_user_pool_client_client_credentials_with_custom_scope_succeeds() {
    use aws_sdk_cognitoidentityprovider::types::{OAuthFlowType, ResourceServerScopeType};
    let s = start().await;
    let c = idp(&s).await;
    let pool = new_pool(&c, "oauth").await;
    c.create_resource_server()
        .user_pool_id(&pool)
        .identifier("orders")
        .name("orders")
        .scopes(
            ResourceServerScopeType::builder()
                .scope_name("read")
                .scope_description("read")
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
    let id = c
        .create_user_pool_client()
        .user_pool_id(&pool)
        .client_name("m2m")
        .generate_secret(true)
        .send()
        .await
        .unwrap()
        .user_pool_client
        .unwrap()
        .client_id
        .unwrap();
    let updated = c
        .update_user_pool_client()
        .user_pool_id(&pool)
        .client_id(&id)
        .allowed_o_auth_flows_user_pool_client(true)
        .allowed_o_auth_flows(OAuthFlowType::ClientCredentials)
        .allowed_o_auth_scopes("orders/read")
        .send()
        .await
        .unwrap()
        .user_pool_client
        .unwrap();
    assert_eq!(updated.allowed_o_auth_scopes(), ["orders/read"]);
    let err = c
        .update_user_pool_client()
        .user_pool_id(&pool)
        .client_id(&id)
        .allowed_o_auth_flows_user_pool_client(true)
        .allowed_o_auth_flows(OAuthFlowType::ClientCredentials)
        .allowed_o_auth_scopes("orders/write")
        .send()
        .await
        .unwrap_err();
    assert!(err.into_service_error().is_scope_does_not_exist_exception());
}
