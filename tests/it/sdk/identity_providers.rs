//! Identity providers through the Rust SDK.

use crate::common::{idp, new_pool, pool_id, start};
use aws_sdk_cognitoidentityprovider::types::IdentityProviderTypeType;
use aws_sdk_cognitoidentityprovider::Client;

async fn create_google(c: &Client, pool: &str) {
    c.create_identity_provider()
        .user_pool_id(pool)
        .provider_name("Google")
        .provider_type(IdentityProviderTypeType::Google)
        .provider_details("client_id", "gid")
        .provider_details("client_secret", "gsecret")
        .provider_details("authorize_scopes", "openid email profile")
        .attribute_mapping("email", "email")
        .send()
        .await
        .unwrap();
}

#[tokio::test]
async fn create_identity_provider_google_adds_derived_details() {
    let s = start().await;
    let c = idp(&s).await;
    let pool = new_pool(&c, "idp").await;
    create_google(&c, &pool).await;
    let p = c
        .describe_identity_provider()
        .user_pool_id(&pool)
        .provider_name("Google")
        .send()
        .await
        .unwrap()
        .identity_provider
        .unwrap();
    let d = p.provider_details.unwrap();
    assert_eq!(
        d["authorize_url"],
        "https://accounts.google.com/o/oauth2/v2/auth"
    );
    assert_eq!(d["token_url"], "https://www.googleapis.com/oauth2/v4/token");
    assert_eq!(
        d["attributes_url"],
        "https://people.googleapis.com/v1/people/me?personFields="
    );
    assert_eq!(d["oidc_issuer"], "https://accounts.google.com");
    assert_eq!(d["token_request_method"], "POST");
    assert_eq!(d["attributes_url_add_attributes"], "true");
    assert_eq!(d["client_id"], "gid");
    let m = p.attribute_mapping.unwrap();
    assert_eq!(m["username"], "sub");
    assert_eq!(m["email"], "email");
    assert!(p.creation_date.is_some() && p.last_modified_date.is_some());
}

#[tokio::test]
async fn create_identity_provider_facebook_endpoints_follow_api_version() {
    let s = start().await;
    let c = idp(&s).await;
    let pool = new_pool(&c, "idp").await;
    c.create_identity_provider()
        .user_pool_id(&pool)
        .provider_name("Facebook")
        .provider_type(IdentityProviderTypeType::Facebook)
        .provider_details("client_id", "fb")
        .provider_details("client_secret", "s")
        .provider_details("authorize_scopes", "public_profile,email")
        .provider_details("api_version", "v17.0")
        .send()
        .await
        .unwrap();
    let updated = c
        .update_identity_provider()
        .user_pool_id(&pool)
        .provider_name("Facebook")
        .provider_details("api_version", "v18.0")
        .send()
        .await
        .unwrap()
        .identity_provider
        .unwrap();
    let d = updated.provider_details.unwrap();
    assert_eq!(
        d["authorize_url"],
        "https://www.facebook.com/v18.0/dialog/oauth"
    );
    assert_eq!(
        d["token_url"],
        "https://graph.facebook.com/v18.0/oauth/access_token"
    );
    assert_eq!(d["token_request_method"], "GET");
    assert_eq!(d["client_id"], "fb");
}

#[tokio::test]
async fn create_identity_provider_duplicate_name_is_duplicate_provider() {
    let s = start().await;
    let c = idp(&s).await;
    let pool = new_pool(&c, "idp").await;
    create_google(&c, &pool).await;
    let err = c
        .create_identity_provider()
        .user_pool_id(&pool)
        .provider_name("Google")
        .provider_type(IdentityProviderTypeType::Google)
        .provider_details("client_id", "gid")
        .provider_details("client_secret", "gsecret")
        .provider_details("authorize_scopes", "openid")
        .send()
        .await
        .unwrap_err();
    assert!(err.into_service_error().is_duplicate_provider_exception());
}

#[tokio::test]
async fn create_identity_provider_missing_details_is_invalid_parameter() {
    let s = start().await;
    let c = idp(&s).await;
    let pool = new_pool(&c, "idp").await;
    let err = c
        .create_identity_provider()
        .user_pool_id(&pool)
        .provider_name("corp")
        .provider_type(IdentityProviderTypeType::Oidc)
        .provider_details("client_id", "x")
        .provider_details("authorize_scopes", "openid")
        .send()
        .await
        .unwrap_err();
    assert!(err.into_service_error().is_invalid_parameter_exception());
    let err = c
        .create_identity_provider()
        .user_pool_id(&pool)
        .provider_name("saml")
        .provider_type(IdentityProviderTypeType::Saml)
        .provider_details("IDPSignout", "true")
        .send()
        .await
        .unwrap_err();
    assert!(err.into_service_error().is_invalid_parameter_exception());
}

#[tokio::test]
async fn get_identity_provider_by_identifier_finds_saml_provider() {
    let s = start().await;
    let c = idp(&s).await;
    let pool = new_pool(&c, "idp").await;
    let created = c
        .create_identity_provider()
        .user_pool_id(&pool)
        .provider_name("corp-saml")
        .provider_type(IdentityProviderTypeType::Saml)
        .provider_details("MetadataURL", "https://idp.example.com/metadata")
        .idp_identifiers("example.com")
        .send()
        .await
        .unwrap()
        .identity_provider
        .unwrap();
    assert!(created.attribute_mapping.unwrap_or_default().is_empty());
    let found = c
        .get_identity_provider_by_identifier()
        .user_pool_id(&pool)
        .idp_identifier("example.com")
        .send()
        .await
        .unwrap()
        .identity_provider
        .unwrap();
    assert_eq!(found.provider_name.as_deref(), Some("corp-saml"));
    let err = c
        .get_identity_provider_by_identifier()
        .user_pool_id(&pool)
        .idp_identifier("other.com")
        .send()
        .await
        .unwrap_err();
    assert!(err.into_service_error().is_resource_not_found_exception());
    let err = c
        .create_identity_provider()
        .user_pool_id(&pool)
        .provider_name("other-saml")
        .provider_type(IdentityProviderTypeType::Saml)
        .provider_details("MetadataURL", "https://idp2.example.com/metadata")
        .idp_identifiers("example.com")
        .send()
        .await
        .unwrap_err();
    assert!(err.into_service_error().is_duplicate_provider_exception());
}

#[tokio::test]
async fn list_identity_providers_paginates_and_delete_removes() {
    let s = start().await;
    let c = idp(&s).await;
    let pool = new_pool(&c, "idp").await;
    for i in 0..3 {
        c.create_identity_provider()
            .user_pool_id(&pool)
            .provider_name(format!("oidc{i}"))
            .provider_type(IdentityProviderTypeType::Oidc)
            .provider_details("client_id", "x")
            .provider_details("client_secret", "y")
            .provider_details("authorize_scopes", "openid")
            .provider_details("attributes_request_method", "GET")
            .provider_details("oidc_issuer", "https://issuer.example.com")
            .send()
            .await
            .unwrap();
    }
    let first = c
        .list_identity_providers()
        .user_pool_id(&pool)
        .max_results(2)
        .send()
        .await
        .unwrap();
    assert_eq!(first.providers().len(), 2);
    let second = c
        .list_identity_providers()
        .user_pool_id(&pool)
        .max_results(2)
        .set_next_token(first.next_token.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(second.providers().len(), 1);
    assert!(second.next_token.is_none());
    assert_eq!(
        second.providers()[0].provider_name.as_deref(),
        Some("oidc2")
    );

    c.delete_identity_provider()
        .user_pool_id(&pool)
        .provider_name("oidc1")
        .send()
        .await
        .unwrap();
    let err = c
        .describe_identity_provider()
        .user_pool_id(&pool)
        .provider_name("oidc1")
        .send()
        .await
        .unwrap_err();
    assert!(err.into_service_error().is_resource_not_found_exception());
    let err = c
        .delete_identity_provider()
        .user_pool_id(&pool)
        .provider_name("oidc1")
        .send()
        .await
        .unwrap_err();
    assert!(err.into_service_error().is_resource_not_found_exception());
}

#[tokio::test]
async fn admin_link_provider_for_user_links_and_disable_unlinks() {
    use aws_sdk_cognitoidentityprovider::types::{
        IdentityProviderTypeType, MessageActionType, ProviderUserIdentifierType,
    };
    let s = crate::common::start().await;
    let c = crate::common::idp(&s).await;
    let pool = pool_id(c.create_user_pool().pool_name("link")).await;
    c.create_identity_provider()
        .user_pool_id(&pool)
        .provider_name("Google")
        .provider_type(IdentityProviderTypeType::Google)
        .provider_details("client_id", "gid")
        .provider_details("client_secret", "gsecret")
        .provider_details("authorize_scopes", "openid email")
        .send()
        .await
        .unwrap();
    for name in ["native", "other"] {
        c.admin_create_user()
            .user_pool_id(&pool)
            .username(name)
            .message_action(MessageActionType::Suppress)
            .send()
            .await
            .unwrap();
    }
    let ident = |provider: &str, attr: &str, value: &str| {
        ProviderUserIdentifierType::builder()
            .provider_name(provider)
            .provider_attribute_name(attr)
            .provider_attribute_value(value)
            .build()
    };
    c.admin_link_provider_for_user()
        .user_pool_id(&pool)
        .destination_user(ident("Cognito", "", "native"))
        .source_user(ident("Google", "Cognito_Subject", "g-123"))
        .send()
        .await
        .unwrap();
    let user = c
        .admin_get_user()
        .user_pool_id(&pool)
        .username("native")
        .send()
        .await
        .unwrap();
    let identities = user
        .user_attributes
        .unwrap()
        .into_iter()
        .find(|a| a.name == "identities")
        .unwrap();
    let parsed: serde_json::Value =
        serde_json::from_str(identities.value.as_deref().unwrap()).unwrap();
    assert_eq!(parsed[0]["providerName"], "Google");
    assert_eq!(parsed[0]["userId"], "g-123");
    let err = c
        .admin_link_provider_for_user()
        .user_pool_id(&pool)
        .destination_user(ident("Cognito", "", "other"))
        .source_user(ident("Google", "Cognito_Subject", "g-123"))
        .send()
        .await
        .unwrap_err();
    assert!(err.into_service_error().is_alias_exists_exception());
    c.admin_disable_provider_for_user()
        .user_pool_id(&pool)
        .user(ident("Google", "Cognito_Subject", "g-123"))
        .send()
        .await
        .unwrap();
    let user = c
        .admin_get_user()
        .user_pool_id(&pool)
        .username("native")
        .send()
        .await
        .unwrap();
    assert!(!user
        .user_attributes
        .unwrap()
        .iter()
        .any(|a| a.name == "identities"));
}
