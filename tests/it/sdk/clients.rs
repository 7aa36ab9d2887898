//! App clients through the Rust SDK.

use crate::common::{idp, start};
use aws_sdk_cognitoidentityprovider::types::ExplicitAuthFlowsType;

#[tokio::test]
async fn create_user_pool_client_fills_aws_defaults() {
    let s = start().await;
    let c = idp(&s).await;
    let pool = c
        .create_user_pool()
        .pool_name("c")
        .send()
        .await
        .unwrap()
        .user_pool
        .unwrap()
        .id
        .unwrap();
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
    let pool = c
        .create_user_pool()
        .pool_name("c")
        .send()
        .await
        .unwrap()
        .user_pool
        .unwrap()
        .id
        .unwrap();
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
