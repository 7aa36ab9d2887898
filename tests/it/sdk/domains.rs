//! User-pool domains through the Rust SDK.

use crate::common::{idp, new_pool, start};
use aws_sdk_cognitoidentityprovider::types::{CustomDomainConfigType, DomainStatusType};

fn cert() -> CustomDomainConfigType {
    CustomDomainConfigType::builder()
        .certificate_arn("arn:aws:acm:us-east-1:123456789012:certificate/abc")
        .build()
        .unwrap()
}

#[tokio::test]
async fn create_user_pool_domain_prefix_is_described_and_shown_on_pool() {
    let s = start().await;
    let c = idp(&s).await;
    let pool = new_pool(&c, "dom").await;
    let created = c
        .create_user_pool_domain()
        .user_pool_id(&pool)
        .domain("my-app-login")
        .send()
        .await
        .unwrap();
    assert!(created.cloud_front_domain.is_none());
    assert_eq!(created.managed_login_version, Some(1));

    let d = c
        .describe_user_pool_domain()
        .domain("my-app-login")
        .send()
        .await
        .unwrap()
        .domain_description
        .unwrap();
    assert_eq!(d.user_pool_id.as_deref(), Some(pool.as_str()));
    assert_eq!(d.domain.as_deref(), Some("my-app-login"));
    assert_eq!(d.status, Some(DomainStatusType::Active));
    assert!(d.aws_account_id.is_some());
    assert!(d.cloud_front_distribution.is_some());
    assert_eq!(
        d.s3_bucket.as_deref(),
        Some("aws-cognito-prod-us-east-1-assets")
    );
    assert!(d.version.is_some());
    assert!(d.custom_domain_config.is_none());

    let p = c
        .describe_user_pool()
        .user_pool_id(&pool)
        .send()
        .await
        .unwrap()
        .user_pool
        .unwrap();
    assert_eq!(p.domain.as_deref(), Some("my-app-login"));

    let err = c
        .create_user_pool_domain()
        .user_pool_id(&pool)
        .domain("second-prefix")
        .send()
        .await
        .unwrap_err();
    assert!(err.into_service_error().is_invalid_parameter_exception());

    let updated = c
        .update_user_pool_domain()
        .user_pool_id(&pool)
        .domain("my-app-login")
        .managed_login_version(2)
        .send()
        .await
        .unwrap();
    assert_eq!(updated.managed_login_version, Some(2));

    c.delete_user_pool_domain()
        .user_pool_id(&pool)
        .domain("my-app-login")
        .send()
        .await
        .unwrap();
    let d = c
        .describe_user_pool_domain()
        .domain("my-app-login")
        .send()
        .await
        .unwrap()
        .domain_description
        .unwrap();
    assert!(d.domain.is_none() && d.user_pool_id.is_none());
    let p = c
        .describe_user_pool()
        .user_pool_id(&pool)
        .send()
        .await
        .unwrap()
        .user_pool
        .unwrap();
    assert!(p.domain.is_none());
}

#[tokio::test]
async fn create_user_pool_domain_taken_prefix_is_invalid_parameter() {
    let s = start().await;
    let c = idp(&s).await;
    let a = new_pool(&c, "dom").await;
    let b = new_pool(&c, "dom").await;
    c.create_user_pool_domain()
        .user_pool_id(&a)
        .domain("shared-prefix")
        .send()
        .await
        .unwrap();
    let err = c
        .create_user_pool_domain()
        .user_pool_id(&b)
        .domain("shared-prefix")
        .send()
        .await
        .unwrap_err();
    let err = err.into_service_error();
    assert!(err.is_invalid_parameter_exception());
    assert_eq!(
        err.meta().message(),
        Some("Domain already associated with another user pool")
    );
    let err = c
        .create_user_pool_domain()
        .user_pool_id(&b)
        .domain("my-cognito-app")
        .send()
        .await
        .unwrap_err();
    assert!(err.into_service_error().is_invalid_parameter_exception());
    let err = c
        .delete_user_pool_domain()
        .user_pool_id(&b)
        .domain("shared-prefix")
        .send()
        .await
        .unwrap_err();
    assert!(err.into_service_error().is_invalid_parameter_exception());
    // Released domains can be claimed again.
    c.delete_user_pool_domain()
        .user_pool_id(&a)
        .domain("shared-prefix")
        .send()
        .await
        .unwrap();
    c.create_user_pool_domain()
        .user_pool_id(&b)
        .domain("shared-prefix")
        .send()
        .await
        .unwrap();
}

#[tokio::test]
async fn create_user_pool_domain_custom_returns_cloudfront_domain() {
    let s = start().await;
    let c = idp(&s).await;
    let pool = new_pool(&c, "dom").await;
    let created = c
        .create_user_pool_domain()
        .user_pool_id(&pool)
        .domain("auth.example.com")
        .custom_domain_config(cert())
        .managed_login_version(2)
        .send()
        .await
        .unwrap();
    let cf = created.cloud_front_domain.unwrap();
    assert!(cf.ends_with(".cloudfront.net"), "{cf}");
    assert_eq!(created.managed_login_version, Some(2));
    let d = c
        .describe_user_pool_domain()
        .domain("auth.example.com")
        .send()
        .await
        .unwrap()
        .domain_description
        .unwrap();
    assert_eq!(d.cloud_front_distribution.as_deref(), Some(cf.as_str()));
    assert_eq!(
        d.custom_domain_config.unwrap().certificate_arn(),
        "arn:aws:acm:us-east-1:123456789012:certificate/abc"
    );
    assert_eq!(d.managed_login_version, Some(2));
    let p = c
        .describe_user_pool()
        .user_pool_id(&pool)
        .send()
        .await
        .unwrap()
        .user_pool
        .unwrap();
    assert_eq!(p.custom_domain.as_deref(), Some("auth.example.com"));
    // A custom domain without a certificate is refused.
    let err = c
        .create_user_pool_domain()
        .user_pool_id(&pool)
        .domain("login.example.com")
        .send()
        .await
        .unwrap_err();
    assert!(err.into_service_error().is_invalid_parameter_exception());
}

#[tokio::test]
async fn describe_user_pool_domain_unknown_is_empty_description() {
    let s = start().await;
    let c = idp(&s).await;
    let out = c
        .describe_user_pool_domain()
        .domain("never-created")
        .send()
        .await
        .unwrap();
    let d = out.domain_description.unwrap();
    assert!(d.domain.is_none() && d.status.is_none());
}
