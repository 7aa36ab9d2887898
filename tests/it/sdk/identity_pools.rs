//! Identity pool lifecycle through the Rust SDK.

use crate::common::{identity, start};

#[tokio::test]
async fn create_describe_update_list_delete_identity_pool() {
    let s = start().await;
    let c = identity(&s).await;
    let created = c
        .create_identity_pool()
        .identity_pool_name("ip")
        .allow_unauthenticated_identities(true)
        .supported_login_providers("graph.facebook.com", "123")
        .send()
        .await
        .unwrap();
    let id = created.identity_pool_id.clone();
    assert!(id.starts_with("us-east-1:"), "{id}");
    assert!(created.allow_unauthenticated_identities);

    let described = c
        .describe_identity_pool()
        .identity_pool_id(&id)
        .send()
        .await
        .unwrap();
    assert_eq!(described.identity_pool_name, "ip");
    assert_eq!(
        described.supported_login_providers.unwrap()["graph.facebook.com"],
        "123"
    );

    let updated = c
        .update_identity_pool()
        .identity_pool_id(&id)
        .identity_pool_name("renamed")
        .allow_unauthenticated_identities(false)
        .send()
        .await
        .unwrap();
    assert_eq!(updated.identity_pool_name, "renamed");
    assert!(updated.supported_login_providers.is_none());

    for i in 0..4 {
        c.create_identity_pool()
            .identity_pool_name(format!("more{i}"))
            .allow_unauthenticated_identities(false)
            .send()
            .await
            .unwrap();
    }
    let mut seen = 0;
    let mut token = None;
    loop {
        let page = c
            .list_identity_pools()
            .max_results(2)
            .set_next_token(token)
            .send()
            .await
            .unwrap();
        seen += page.identity_pools.unwrap_or_default().len();
        token = page.next_token;
        if token.is_none() {
            break;
        }
    }
    assert_eq!(seen, 5);

    c.delete_identity_pool()
        .identity_pool_id(&id)
        .send()
        .await
        .unwrap();
    let err = c
        .describe_identity_pool()
        .identity_pool_id(&id)
        .send()
        .await
        .unwrap_err();
    assert!(err.into_service_error().is_resource_not_found_exception());
}
