//! User pool lifecycle through the Rust SDK.

use crate::common::{idp, start};
use aws_sdk_cognitoidentityprovider::types::{DeletionProtectionType, UserPoolMfaType};

#[tokio::test]
async fn create_describe_update_delete_user_pool() {
    let s = start().await;
    let c = idp(&s).await;
    let created = c.create_user_pool().pool_name("sdk").send().await.unwrap();
    let pool = created.user_pool.unwrap();
    let id = pool.id.unwrap();
    assert!(pool.arn.unwrap().ends_with(&format!("userpool/{id}")));
    assert_eq!(pool.mfa_configuration, Some(UserPoolMfaType::Off));
    assert!(pool.creation_date.is_some());
    let policy = pool.policies.unwrap().password_policy.unwrap();
    assert_eq!(policy.minimum_length, Some(8));

    c.update_user_pool()
        .user_pool_id(&id)
        .mfa_configuration(UserPoolMfaType::Optional)
        .deletion_protection(DeletionProtectionType::Active)
        .send()
        .await
        .unwrap();
    let described = c
        .describe_user_pool()
        .user_pool_id(&id)
        .send()
        .await
        .unwrap();
    let pool = described.user_pool.unwrap();
    assert_eq!(pool.mfa_configuration, Some(UserPoolMfaType::Optional));
    assert_eq!(pool.name.as_deref(), Some("sdk"));

    let err = c
        .delete_user_pool()
        .user_pool_id(&id)
        .send()
        .await
        .unwrap_err();
    assert!(err.into_service_error().is_invalid_parameter_exception());

    c.update_user_pool()
        .user_pool_id(&id)
        .deletion_protection(DeletionProtectionType::Inactive)
        .send()
        .await
        .unwrap();
    c.delete_user_pool().user_pool_id(&id).send().await.unwrap();
    let err = c
        .describe_user_pool()
        .user_pool_id(&id)
        .send()
        .await
        .unwrap_err();
    assert!(err.into_service_error().is_resource_not_found_exception());
}

#[tokio::test]
async fn list_user_pools_paginates_without_gaps() {
    let s = start().await;
    let c = idp(&s).await;
    let mut ids = Vec::new();
    for i in 0..7 {
        let p = c
            .create_user_pool()
            .pool_name(format!("p{i}"))
            .send()
            .await
            .unwrap();
        ids.push(p.user_pool.unwrap().id.unwrap());
    }
    ids.sort();
    let mut seen = Vec::new();
    let mut token = None;
    loop {
        let page = c
            .list_user_pools()
            .max_results(3)
            .set_next_token(token)
            .send()
            .await
            .unwrap();
        let pools = page.user_pools.unwrap_or_default();
        assert!(pools.len() <= 3);
        seen.extend(pools.into_iter().map(|p| p.id.unwrap()));
        token = page.next_token;
        if token.is_none() {
            break;
        }
    }
    assert_eq!(seen, ids);
}

#[tokio::test]
async fn validation_errors_surface_as_sdk_errors() {
    let s = start().await;
    let c = idp(&s).await;
    let err = c
        .describe_user_pool()
        .user_pool_id("nounderscore")
        .send()
        .await
        .unwrap_err();
    let err = err.into_service_error();
    assert!(err.is_invalid_parameter_exception(), "{err:?}");
    let err = c
        .admin_get_user()
        .user_pool_id("us-east-1_abc")
        .username("x")
        .send()
        .await;
    assert!(err.is_err());
}
