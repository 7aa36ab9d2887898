//! Resource servers through the Rust SDK.

use crate::common::{idp, new_pool, start};
use aws_sdk_cognitoidentityprovider::types::ResourceServerScopeType;

fn scope(name: &str) -> ResourceServerScopeType {
    ResourceServerScopeType::builder()
        .scope_name(name)
        .scope_description(format!("{name} access"))
        .build()
        .unwrap()
}

#[tokio::test]
async fn create_resource_server_round_trips_and_updates_scopes() {
    let s = start().await;
    let c = idp(&s).await;
    let pool = new_pool(&c, "rs").await;
    let created = c
        .create_resource_server()
        .user_pool_id(&pool)
        .identifier("https://api.example.com")
        .name("api")
        .scopes(scope("read"))
        .scopes(scope("write"))
        .send()
        .await
        .unwrap()
        .resource_server
        .unwrap();
    assert_eq!(created.user_pool_id.as_deref(), Some(pool.as_str()));
    assert_eq!(created.scopes().len(), 2);

    let updated = c
        .update_resource_server()
        .user_pool_id(&pool)
        .identifier("https://api.example.com")
        .name("api v2")
        .scopes(scope("admin"))
        .send()
        .await
        .unwrap()
        .resource_server
        .unwrap();
    assert_eq!(updated.name.as_deref(), Some("api v2"));
    let described = c
        .describe_resource_server()
        .user_pool_id(&pool)
        .identifier("https://api.example.com")
        .send()
        .await
        .unwrap()
        .resource_server
        .unwrap();
    assert_eq!(described.scopes().len(), 1);
    assert_eq!(described.scopes()[0].scope_name(), "admin");

    c.delete_resource_server()
        .user_pool_id(&pool)
        .identifier("https://api.example.com")
        .send()
        .await
        .unwrap();
    let err = c
        .describe_resource_server()
        .user_pool_id(&pool)
        .identifier("https://api.example.com")
        .send()
        .await
        .unwrap_err();
    assert!(err.into_service_error().is_resource_not_found_exception());
}

#[tokio::test]
async fn create_resource_server_duplicate_identifier_is_invalid_parameter() {
    let s = start().await;
    let c = idp(&s).await;
    let pool = new_pool(&c, "rs").await;
    for expect_ok in [true, false] {
        let r = c
            .create_resource_server()
            .user_pool_id(&pool)
            .identifier("api")
            .name("api")
            .send()
            .await;
        if expect_ok {
            let rs = r.unwrap().resource_server.unwrap();
            assert!(rs.scopes.is_none());
        } else {
            assert!(r
                .unwrap_err()
                .into_service_error()
                .is_invalid_parameter_exception());
        }
    }
    let err = c
        .update_resource_server()
        .user_pool_id(&pool)
        .identifier("nope")
        .name("x")
        .send()
        .await
        .unwrap_err();
    assert!(err.into_service_error().is_resource_not_found_exception());
    let err = c
        .create_resource_server()
        .user_pool_id(&pool)
        .identifier("dup")
        .name("dup")
        .scopes(scope("read"))
        .scopes(scope("read"))
        .send()
        .await
        .unwrap_err();
    assert!(err.into_service_error().is_invalid_parameter_exception());
}

#[tokio::test]
async fn list_resource_servers_paginates_without_gaps() {
    let s = start().await;
    let c = idp(&s).await;
    let pool = new_pool(&c, "rs").await;
    for i in 0..5 {
        c.create_resource_server()
            .user_pool_id(&pool)
            .identifier(format!("api{i}"))
            .name(format!("api {i}"))
            .send()
            .await
            .unwrap();
    }
    let mut seen = Vec::new();
    let mut token = None;
    loop {
        let page = c
            .list_resource_servers()
            .user_pool_id(&pool)
            .max_results(2)
            .set_next_token(token)
            .send()
            .await
            .unwrap();
        assert!(page.resource_servers().len() <= 2);
        seen.extend(
            page.resource_servers()
                .iter()
                .map(|r| r.identifier.clone().unwrap()),
        );
        token = page.next_token;
        if token.is_none() {
            break;
        }
    }
    assert_eq!(seen, vec!["api0", "api1", "api2", "api3", "api4"]);
}
