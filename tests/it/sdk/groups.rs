//! Groups and memberships through the Rust SDK.

use crate::common::{idp, pool_id, start};
use aws_sdk_cognitoidentityprovider::error::ProvideErrorMetadata;
use aws_sdk_cognitoidentityprovider::types::MessageActionType;
use aws_sdk_cognitoidentityprovider::Client;

async fn pool_with_users(c: &Client, users: &[&str]) -> String {
    let p = pool_id(c.create_user_pool().pool_name("groups")).await;
    for u in users {
        c.admin_create_user()
            .user_pool_id(&p)
            .username(*u)
            .message_action(MessageActionType::Suppress)
            .send()
            .await
            .unwrap();
    }
    p
}

#[tokio::test]
async fn create_get_update_delete_group() {
    let s = start().await;
    let c = idp(&s).await;
    let p = pool_with_users(&c, &[]).await;
    let g = c
        .create_group()
        .user_pool_id(&p)
        .group_name("admins")
        .description("Admins")
        .precedence(1)
        .role_arn("arn:aws:iam::123456789012:role/admin")
        .send()
        .await
        .unwrap()
        .group
        .unwrap();
    assert_eq!(g.group_name.as_deref(), Some("admins"));
    assert_eq!(g.user_pool_id.as_deref(), Some(p.as_str()));
    assert_eq!(g.precedence, Some(1));
    assert!(g.creation_date.is_some());

    c.update_group()
        .user_pool_id(&p)
        .group_name("admins")
        .precedence(3)
        .send()
        .await
        .unwrap();
    let g = c
        .get_group()
        .user_pool_id(&p)
        .group_name("admins")
        .send()
        .await
        .unwrap()
        .group
        .unwrap();
    assert_eq!(g.precedence, Some(3));
    assert_eq!(g.description.as_deref(), Some("Admins"));
    assert_eq!(
        g.role_arn.as_deref(),
        Some("arn:aws:iam::123456789012:role/admin")
    );

    c.delete_group()
        .user_pool_id(&p)
        .group_name("admins")
        .send()
        .await
        .unwrap();
    let err = c
        .get_group()
        .user_pool_id(&p)
        .group_name("admins")
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(err.is_resource_not_found_exception());
    assert_eq!(err.message(), Some("Group not found."));
}

#[tokio::test]
async fn create_group_existing_name_is_group_exists() {
    let s = start().await;
    let c = idp(&s).await;
    let p = pool_with_users(&c, &[]).await;
    c.create_group()
        .user_pool_id(&p)
        .group_name("g")
        .send()
        .await
        .unwrap();
    let err = c
        .create_group()
        .user_pool_id(&p)
        .group_name("g")
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(err.is_group_exists_exception());
    assert_eq!(
        err.message(),
        Some("A group with the name g already exists.")
    );
}

#[tokio::test]
async fn update_and_delete_group_unknown_is_resource_not_found() {
    let s = start().await;
    let c = idp(&s).await;
    let p = pool_with_users(&c, &[]).await;
    let err = c
        .update_group()
        .user_pool_id(&p)
        .group_name("nope")
        .send()
        .await
        .unwrap_err();
    assert!(err.into_service_error().is_resource_not_found_exception());
    let err = c
        .delete_group()
        .user_pool_id(&p)
        .group_name("nope")
        .send()
        .await
        .unwrap_err();
    assert!(err.into_service_error().is_resource_not_found_exception());
}

#[tokio::test]
async fn list_groups_pages_in_name_order() {
    let s = start().await;
    let c = idp(&s).await;
    let p = pool_with_users(&c, &[]).await;
    for name in ["c", "a", "b", "e", "d"] {
        c.create_group()
            .user_pool_id(&p)
            .group_name(name)
            .send()
            .await
            .unwrap();
    }
    let mut seen = Vec::new();
    let mut token = None;
    loop {
        let r = c
            .list_groups()
            .user_pool_id(&p)
            .limit(2)
            .set_next_token(token)
            .send()
            .await
            .unwrap();
        seen.extend(r.groups().iter().map(|g| g.group_name.clone().unwrap()));
        token = r.next_token;
        if token.is_none() {
            break;
        }
    }
    assert_eq!(seen, ["a", "b", "c", "d", "e"]);
}

#[tokio::test]
async fn admin_add_user_to_group_and_list_both_ways() {
    let s = start().await;
    let c = idp(&s).await;
    let p = pool_with_users(&c, &["alice", "bob"]).await;
    for (name, prec) in [("low", 10), ("high", 1)] {
        c.create_group()
            .user_pool_id(&p)
            .group_name(name)
            .precedence(prec)
            .send()
            .await
            .unwrap();
    }
    for (user, group) in [("alice", "low"), ("alice", "high"), ("bob", "low")] {
        c.admin_add_user_to_group()
            .user_pool_id(&p)
            .username(user)
            .group_name(group)
            .send()
            .await
            .unwrap();
    }
    let r = c
        .admin_list_groups_for_user()
        .user_pool_id(&p)
        .username("alice")
        .send()
        .await
        .unwrap();
    assert_eq!(r.groups().len(), 2);
    let r = c
        .list_users_in_group()
        .user_pool_id(&p)
        .group_name("low")
        .send()
        .await
        .unwrap();
    let users: Vec<_> = r
        .users()
        .iter()
        .map(|u| u.username.clone().unwrap())
        .collect();
    assert_eq!(users, ["alice", "bob"]);
    s.app
        .store
        .read_pool(&p, |pool| {
            let names: Vec<_> = pool
                .groups
                .groups_of("alice")
                .iter()
                .map(|g| g.name.clone())
                .collect();
            assert_eq!(names, ["high", "low"]);
            Ok(())
        })
        .unwrap();

    c.admin_remove_user_from_group()
        .user_pool_id(&p)
        .username("alice")
        .group_name("low")
        .send()
        .await
        .unwrap();
    let r = c
        .admin_list_groups_for_user()
        .user_pool_id(&p)
        .username("alice")
        .send()
        .await
        .unwrap();
    assert_eq!(r.groups().len(), 1);
}

#[tokio::test]
async fn admin_add_user_to_group_unknown_user_or_group_fails() {
    let s = start().await;
    let c = idp(&s).await;
    let p = pool_with_users(&c, &["alice"]).await;
    c.create_group()
        .user_pool_id(&p)
        .group_name("g")
        .send()
        .await
        .unwrap();
    let err = c
        .admin_add_user_to_group()
        .user_pool_id(&p)
        .username("ghost")
        .group_name("g")
        .send()
        .await
        .unwrap_err();
    assert!(err.into_service_error().is_user_not_found_exception());
    let err = c
        .admin_add_user_to_group()
        .user_pool_id(&p)
        .username("alice")
        .group_name("nope")
        .send()
        .await
        .unwrap_err();
    assert!(err.into_service_error().is_resource_not_found_exception());
    let err = c
        .list_users_in_group()
        .user_pool_id(&p)
        .group_name("nope")
        .send()
        .await
        .unwrap_err();
    assert!(err.into_service_error().is_resource_not_found_exception());
    let err = c
        .admin_list_groups_for_user()
        .user_pool_id(&p)
        .username("ghost")
        .send()
        .await
        .unwrap_err();
    assert!(err.into_service_error().is_user_not_found_exception());
}

#[tokio::test]
async fn delete_user_and_group_remove_memberships() {
    let s = start().await;
    let c = idp(&s).await;
    let p = pool_with_users(&c, &["alice", "bob"]).await;
    for g in ["g1", "g2"] {
        c.create_group()
            .user_pool_id(&p)
            .group_name(g)
            .send()
            .await
            .unwrap();
        for u in ["alice", "bob"] {
            c.admin_add_user_to_group()
                .user_pool_id(&p)
                .username(u)
                .group_name(g)
                .send()
                .await
                .unwrap();
        }
    }
    c.admin_delete_user()
        .user_pool_id(&p)
        .username("alice")
        .send()
        .await
        .unwrap();
    let r = c
        .list_users_in_group()
        .user_pool_id(&p)
        .group_name("g1")
        .send()
        .await
        .unwrap();
    assert_eq!(r.users().len(), 1);
    c.delete_group()
        .user_pool_id(&p)
        .group_name("g2")
        .send()
        .await
        .unwrap();
    let r = c
        .admin_list_groups_for_user()
        .user_pool_id(&p)
        .username("bob")
        .send()
        .await
        .unwrap();
    let names: Vec<_> = r.groups().iter().map(|g| g.group_name.clone()).collect();
    assert_eq!(names, [Some("g1".to_owned())]);
    // A re-created group starts empty.
    c.create_group()
        .user_pool_id(&p)
        .group_name("g2")
        .send()
        .await
        .unwrap();
    let r = c
        .list_users_in_group()
        .user_pool_id(&p)
        .group_name("g2")
        .send()
        .await
        .unwrap();
    assert!(r.users().is_empty());
    assert!(r.next_token.is_none());
}
