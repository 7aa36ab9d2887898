//! Identity pool lifecycle through the Rust SDK.

use crate::common::{identity, new_pool, start};

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

// ---- helpers ------------------------------------------------------------------------------------------

use aws_sdk_cognitoidentity::types::{
    AmbiguousRoleResolutionType, CognitoIdentityProvider, MappingRule, MappingRuleMatchType,
    RoleMapping, RoleMappingType, RulesConfigurationType,
};
use aws_sdk_cognitoidentity::Client;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde_json::{json, Value};

use crate::common::{idp, reqwest_lite};

const AUTH_ROLE: &str = "arn:aws:iam::123456789012:role/Cognito_Auth";
const UNAUTH_ROLE: &str = "arn:aws:iam::123456789012:role/Cognito_Unauth";
const FB: &str = "graph.facebook.com";

fn now_secs() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

/// A user-pool ID token with the given claims, signed with the user pool's real ID-token key, so the
/// identity-pool side is tested against genuine signatures while the claims (groups, roles, custom
/// attributes, expiry, `token_use`) can be chosen freely.
pub fn signed_id_token(
    s: &cognito_emulator::RunningServer,
    user_pool_id: &str,
    client_id: &str,
    sub: &str,
    extra: Value,
) -> String {
    use cognito_emulator::domain::tokens;
    let mut payload = json!({
        "iss": tokens::issuer(&s.app, user_pool_id),
        "sub": sub,
        "aud": client_id,
        "token_use": "id",
        "cognito:username": sub,
        "iat": now_secs(),
        "exp": now_secs() + 3600,
    });
    if let (Some(p), Some(e)) = (payload.as_object_mut(), extra.as_object()) {
        p.extend(e.clone());
    }
    let keys = tokens::pool_keys(&s.app, user_pool_id).unwrap();
    tokens::sign(&keys.id, payload.as_object().unwrap()).unwrap()
}

/// A user pool (for its id) and the identity-pool provider name of it.
pub async fn user_pool_provider(s: &cognito_emulator::RunningServer) -> (String, String) {
    let pool = new_pool(&idp(s).await, "up").await;
    let provider = format!("cognito-idp.us-east-1.amazonaws.com/{pool}");
    (pool, provider)
}

/// An identity pool that trusts Facebook, a user pool (client `client1`) and guests, with both roles.
pub async fn full_pool(c: &Client, user_pool_provider: &str, classic: bool) -> String {
    let id = c
        .create_identity_pool()
        .identity_pool_name("full")
        .allow_unauthenticated_identities(true)
        .allow_classic_flow(classic)
        .supported_login_providers(FB, "fbapp")
        .developer_provider_name("login.example")
        .cognito_identity_providers(
            CognitoIdentityProvider::builder()
                .provider_name(user_pool_provider)
                .client_id("client1")
                .build(),
        )
        .send()
        .await
        .unwrap()
        .identity_pool_id;
    c.set_identity_pool_roles()
        .identity_pool_id(&id)
        .roles("authenticated", AUTH_ROLE)
        .roles("unauthenticated", UNAUTH_ROLE)
        .send()
        .await
        .unwrap();
    id
}

async fn simple_pool(c: &Client, guests: bool) -> String {
    c.create_identity_pool()
        .identity_pool_name("simple")
        .allow_unauthenticated_identities(guests)
        .supported_login_providers(FB, "fbapp")
        .send()
        .await
        .unwrap()
        .identity_pool_id
}

// ---- tags, roles, principal tags ----------------------------------------------------------------------

#[tokio::test]
async fn tag_resource_untag_and_list_round_trip() {
    let s = start().await;
    let c = identity(&s).await;
    let id = simple_pool(&c, false).await;
    let arn = format!("arn:aws:cognito-identity:us-east-1:123456789012:identitypool/{id}");
    c.tag_resource()
        .resource_arn(&arn)
        .tags("team", "a")
        .tags("env", "dev")
        .send()
        .await
        .unwrap();
    c.untag_resource()
        .resource_arn(&arn)
        .tag_keys("env")
        .send()
        .await
        .unwrap();
    let tags = c
        .list_tags_for_resource()
        .resource_arn(&arn)
        .send()
        .await
        .unwrap()
        .tags
        .unwrap();
    assert_eq!(tags.len(), 1);
    assert_eq!(tags["team"], "a");
    let described = c
        .describe_identity_pool()
        .identity_pool_id(&id)
        .send()
        .await
        .unwrap();
    assert_eq!(described.identity_pool_tags.unwrap()["team"], "a");

    let err = c
        .list_tags_for_resource()
        .resource_arn("arn:aws:cognito-identity:us-east-1:123456789012:identitypool/us-east-1:00000000-0000-0000-0000-000000000000")
        .send()
        .await
        .unwrap_err();
    assert!(err.into_service_error().is_resource_not_found_exception());
}

#[tokio::test]
async fn set_identity_pool_roles_round_trip_and_unknown_mapping_key_is_invalid() {
    let s = start().await;
    let c = identity(&s).await;
    let (_, provider) = user_pool_provider(&s).await;
    let id = full_pool(&c, &provider, false).await;
    let mapping = RoleMapping::builder()
        .r#type(RoleMappingType::Rules)
        .ambiguous_role_resolution(AmbiguousRoleResolutionType::Deny)
        .rules_configuration(
            RulesConfigurationType::builder()
                .rules(
                    MappingRule::builder()
                        .claim("custom:dept")
                        .match_type(MappingRuleMatchType::Equals)
                        .value("eng")
                        .role_arn("arn:aws:iam::123456789012:role/Eng")
                        .build()
                        .unwrap(),
                )
                .build()
                .unwrap(),
        )
        .build()
        .unwrap();
    c.set_identity_pool_roles()
        .identity_pool_id(&id)
        .roles("authenticated", AUTH_ROLE)
        .role_mappings(format!("{provider}:client1"), mapping.clone())
        .send()
        .await
        .unwrap();
    let got = c
        .get_identity_pool_roles()
        .identity_pool_id(&id)
        .send()
        .await
        .unwrap();
    assert_eq!(got.roles.as_ref().unwrap()["authenticated"], AUTH_ROLE);
    assert!(!got.roles.unwrap().contains_key("unauthenticated"));
    assert_eq!(
        got.role_mappings.unwrap()[&format!("{provider}:client1")],
        mapping
    );

    let err = c
        .set_identity_pool_roles()
        .identity_pool_id(&id)
        .roles("authenticated", AUTH_ROLE)
        .role_mappings("accounts.google.com", mapping)
        .send()
        .await
        .unwrap_err();
    assert!(err.into_service_error().is_invalid_parameter_exception());
}

#[tokio::test]
async fn principal_tag_attribute_map_defaults_then_set() {
    let s = start().await;
    let c = identity(&s).await;
    let (_, provider) = user_pool_provider(&s).await;
    let id = full_pool(&c, &provider, false).await;
    let got = c
        .get_principal_tag_attribute_map()
        .identity_pool_id(&id)
        .identity_provider_name(&provider)
        .send()
        .await
        .unwrap();
    assert_eq!(got.use_defaults, Some(true));
    assert_eq!(got.principal_tags.unwrap()["client"], "aud");
    let set = c
        .set_principal_tag_attribute_map()
        .identity_pool_id(&id)
        .identity_provider_name(&provider)
        .use_defaults(false)
        .principal_tags("dept", "custom:dept")
        .send()
        .await
        .unwrap();
    assert_eq!(set.use_defaults, Some(false));
    let got = c
        .get_principal_tag_attribute_map()
        .identity_pool_id(&id)
        .identity_provider_name(&provider)
        .send()
        .await
        .unwrap();
    assert_eq!(got.principal_tags.unwrap()["dept"], "custom:dept");
    let err = c
        .get_principal_tag_attribute_map()
        .identity_pool_id(&id)
        .identity_provider_name("accounts.google.com")
        .send()
        .await
        .unwrap_err();
    assert!(err.into_service_error().is_invalid_parameter_exception());
}

// ---- GetId --------------------------------------------------------------------------------------------

#[tokio::test]
async fn get_id_without_logins_when_guests_disallowed_is_not_authorized() {
    let s = start().await;
    let c = identity(&s).await;
    let id = simple_pool(&c, false).await;
    let err = c.get_id().identity_pool_id(&id).send().await.unwrap_err();
    let err = err.into_service_error();
    assert!(err.is_not_authorized_exception());
    assert_eq!(
        err.meta().message(),
        Some("Unauthenticated access is not supported for this identity pool.")
    );
}

#[tokio::test]
async fn get_id_same_login_gives_same_identity_and_logins_link() {
    let s = start().await;
    let c = identity(&s).await;
    let (pool, provider) = user_pool_provider(&s).await;
    let id = full_pool(&c, &provider, false).await;
    let guest1 = c
        .get_id()
        .identity_pool_id(&id)
        .send()
        .await
        .unwrap()
        .identity_id
        .unwrap();
    let guest2 = c
        .get_id()
        .identity_pool_id(&id)
        .send()
        .await
        .unwrap()
        .identity_id
        .unwrap();
    assert_ne!(guest1, guest2);
    assert!(guest1.starts_with("us-east-1:"));

    let fb = c
        .get_id()
        .identity_pool_id(&id)
        .logins(FB, "fb-token-1")
        .send()
        .await
        .unwrap()
        .identity_id
        .unwrap();
    let again = c
        .get_id()
        .identity_pool_id(&id)
        .logins(FB, "fb-token-1")
        .send()
        .await
        .unwrap()
        .identity_id
        .unwrap();
    assert_eq!(fb, again);
    let token = signed_id_token(&s, &pool, "client1", "user-sub-1", json!({}));
    let linked = c
        .get_id()
        .identity_pool_id(&id)
        .logins(FB, "fb-token-1")
        .logins(&provider, &token)
        .send()
        .await
        .unwrap()
        .identity_id
        .unwrap();
    assert_eq!(linked, fb);
    let by_pool_only = c
        .get_id()
        .identity_pool_id(&id)
        .logins(&provider, &token)
        .send()
        .await
        .unwrap()
        .identity_id
        .unwrap();
    assert_eq!(by_pool_only, fb);
    let described = c.describe_identity().identity_id(&fb).send().await.unwrap();
    let mut logins = described.logins.unwrap();
    logins.sort();
    assert_eq!(logins, vec![provider.clone(), FB.to_owned()]);
    assert!(described.creation_date.is_some());
}

#[tokio::test]
async fn get_id_with_unconfigured_or_invalid_logins_is_not_authorized() {
    let s = start().await;
    let c = identity(&s).await;
    let (pool, provider) = user_pool_provider(&s).await;
    let id = full_pool(&c, &provider, false).await;
    let cases = [
        ("www.amazon.com".to_owned(), "tok".to_owned()),
        (provider.clone(), "not-a-jwt".to_owned()),
        // Signed user-pool tokens with bad claims: wrong audience, expired, access token.
        (
            provider.clone(),
            signed_id_token(&s, &pool, "other-client", "s", json!({})),
        ),
        (
            provider.clone(),
            signed_id_token(&s, &pool, "client1", "s", json!({"exp": now_secs() - 10})),
        ),
        (
            provider.clone(),
            signed_id_token(&s, &pool, "client1", "s", json!({"token_use": "access"})),
        ),
    ];
    for (key, token) in cases {
        let err = c
            .get_id()
            .identity_pool_id(&id)
            .logins(&key, &token)
            .send()
            .await
            .unwrap_err();
        assert!(
            err.into_service_error().is_not_authorized_exception(),
            "{key}"
        );
    }
    let err = c
        .get_id()
        .identity_pool_id("us-east-1:00000000-0000-0000-0000-000000000000")
        .send()
        .await
        .unwrap_err();
    assert!(err.into_service_error().is_resource_not_found_exception());
}

// ---- credentials and OpenID tokens --------------------------------------------------------------------

#[tokio::test]
async fn get_credentials_for_identity_guest_gets_sts_style_keys() {
    let s = start().await;
    let c = identity(&s).await;
    let (_, provider) = user_pool_provider(&s).await;
    let id = full_pool(&c, &provider, false).await;
    let guest = c
        .get_id()
        .identity_pool_id(&id)
        .send()
        .await
        .unwrap()
        .identity_id
        .unwrap();
    let out = c
        .get_credentials_for_identity()
        .identity_id(&guest)
        .send()
        .await
        .unwrap();
    assert_eq!(out.identity_id.as_deref(), Some(guest.as_str()));
    let creds = out.credentials.unwrap();
    let key = creds.access_key_id.unwrap();
    assert!(key.starts_with("ASIA") && key.len() == 20, "{key}");
    assert!(key[4..]
        .chars()
        .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit()));
    assert_eq!(creds.secret_key.unwrap().len(), 40);
    assert!(!creds.session_token.unwrap().is_empty());
    let ttl = creds.expiration.unwrap().secs() - now_secs();
    assert!((3590..=3600).contains(&ttl), "{ttl}");
    let issued = s.app.credentials.get(&key).unwrap();
    assert_eq!(issued.role_arn, UNAUTH_ROLE);
}

#[tokio::test]
async fn get_credentials_for_identity_without_roles_is_invalid_configuration() {
    let s = start().await;
    let c = identity(&s).await;
    let id = simple_pool(&c, true).await;
    let guest = c
        .get_id()
        .identity_pool_id(&id)
        .send()
        .await
        .unwrap()
        .identity_id
        .unwrap();
    let err = c
        .get_credentials_for_identity()
        .identity_id(&guest)
        .send()
        .await
        .unwrap_err();
    assert!(err
        .into_service_error()
        .is_invalid_identity_pool_configuration_exception());
}

#[tokio::test]
async fn get_credentials_for_identity_authenticated_needs_its_logins() {
    let s = start().await;
    let c = identity(&s).await;
    let (_, provider) = user_pool_provider(&s).await;
    let id = full_pool(&c, &provider, false).await;
    let fb = c
        .get_id()
        .identity_pool_id(&id)
        .logins(FB, "fb-a")
        .send()
        .await
        .unwrap()
        .identity_id
        .unwrap();
    let err = c
        .get_credentials_for_identity()
        .identity_id(&fb)
        .send()
        .await
        .unwrap_err();
    assert!(err.into_service_error().is_not_authorized_exception());
    let err = c
        .get_credentials_for_identity()
        .identity_id(&fb)
        .logins(FB, "fb-b")
        .send()
        .await
        .unwrap_err();
    assert!(err.into_service_error().is_not_authorized_exception());
    let ok = c
        .get_credentials_for_identity()
        .identity_id(&fb)
        .logins(FB, "fb-a")
        .send()
        .await
        .unwrap();
    let key = ok.credentials.unwrap().access_key_id.unwrap();
    assert_eq!(s.app.credentials.get(&key).unwrap().role_arn, AUTH_ROLE);
}

#[tokio::test]
async fn get_credentials_for_identity_rules_and_token_role_mappings_choose_the_role() {
    let s = start().await;
    let c = identity(&s).await;
    let (pool, provider) = user_pool_provider(&s).await;
    let id = full_pool(&c, &provider, false).await;
    let key = format!("{provider}:client1");
    let rules = RoleMapping::builder()
        .r#type(RoleMappingType::Rules)
        .ambiguous_role_resolution(AmbiguousRoleResolutionType::Deny)
        .rules_configuration(
            RulesConfigurationType::builder()
                .rules(
                    MappingRule::builder()
                        .claim("custom:dept")
                        .match_type(MappingRuleMatchType::StartsWith)
                        .value("eng")
                        .role_arn("arn:aws:iam::123456789012:role/Eng")
                        .build()
                        .unwrap(),
                )
                .build()
                .unwrap(),
        )
        .build()
        .unwrap();
    c.set_identity_pool_roles()
        .identity_pool_id(&id)
        .roles("authenticated", AUTH_ROLE)
        .role_mappings(&key, rules)
        .send()
        .await
        .unwrap();
    let eng = signed_id_token(
        &s,
        &pool,
        "client1",
        "u-eng",
        json!({"custom:dept": "engineering"}),
    );
    let ops = signed_id_token(&s, &pool, "client1", "u-ops", json!({"custom:dept": "ops"}));
    let role_of = |token: String| {
        let c = c.clone();
        let id = id.clone();
        let provider = provider.clone();
        let app = s.app.clone();
        async move {
            let identity_id = c
                .get_id()
                .identity_pool_id(&id)
                .logins(&provider, &token)
                .send()
                .await
                .unwrap()
                .identity_id
                .unwrap();
            c.get_credentials_for_identity()
                .identity_id(&identity_id)
                .logins(&provider, &token)
                .send()
                .await
                .map(|o| {
                    app.credentials
                        .get(&o.credentials.unwrap().access_key_id.unwrap())
                        .unwrap()
                        .role_arn
                })
        }
    };
    assert_eq!(
        role_of(eng).await.unwrap(),
        "arn:aws:iam::123456789012:role/Eng"
    );
    let err = role_of(ops).await.unwrap_err();
    assert!(err
        .into_service_error()
        .is_invalid_identity_pool_configuration_exception());

    let token_mapping = RoleMapping::builder()
        .r#type(RoleMappingType::Token)
        .ambiguous_role_resolution(AmbiguousRoleResolutionType::AuthenticatedRole)
        .build()
        .unwrap();
    c.set_identity_pool_roles()
        .identity_pool_id(&id)
        .roles("authenticated", AUTH_ROLE)
        .role_mappings(&key, token_mapping)
        .send()
        .await
        .unwrap();
    let admin = signed_id_token(
        &s,
        &pool,
        "client1",
        "u-admin",
        json!({"cognito:roles": ["arn:aws:iam::123456789012:role/Admin"],
               "cognito:preferred_role": "arn:aws:iam::123456789012:role/Admin"}),
    );
    assert_eq!(
        role_of(admin).await.unwrap(),
        "arn:aws:iam::123456789012:role/Admin"
    );
    let plain = signed_id_token(&s, &pool, "client1", "u-plain", json!({}));
    assert_eq!(role_of(plain).await.unwrap(), AUTH_ROLE);
}

async fn jwks(s: &cognito_emulator::RunningServer) -> jsonwebtoken::jwk::JwkSet {
    let raw = reqwest_lite::send(s.addr, "GET", "/.well-known/jwks_uri", &[], b"").await;
    assert_eq!(raw.status, 200);
    serde_json::from_str(&raw.body).unwrap()
}

fn verify_open_id(set: &jsonwebtoken::jwk::JwkSet, token: &str, pool: &str) -> Value {
    let header = jsonwebtoken::decode_header(token).unwrap();
    let jwk = set.find(header.kid.as_deref().unwrap()).unwrap();
    let key = jsonwebtoken::DecodingKey::from_jwk(jwk).unwrap();
    let mut v = jsonwebtoken::Validation::new(jsonwebtoken::Algorithm::RS256);
    v.set_audience(&[pool]);
    v.set_issuer(&["https://cognito-identity.amazonaws.com"]);
    jsonwebtoken::decode::<Value>(token, &key, &v)
        .unwrap()
        .claims
}

#[tokio::test]
async fn get_open_id_token_is_verifiable_with_jwks_uri() {
    let s = start().await;
    let c = identity(&s).await;
    let (user_pool, provider) = user_pool_provider(&s).await;
    let id = full_pool(&c, &provider, false).await;
    let set = jwks(&s).await;

    let guest = c
        .get_id()
        .identity_pool_id(&id)
        .send()
        .await
        .unwrap()
        .identity_id
        .unwrap();
    let out = c
        .get_open_id_token()
        .identity_id(&guest)
        .send()
        .await
        .unwrap();
    let claims = verify_open_id(&set, out.token.as_deref().unwrap(), &id);
    assert_eq!(claims["sub"], guest.as_str());
    assert_eq!(claims["amr"], json!(["unauthenticated"]));
    assert_eq!(
        claims["exp"].as_i64().unwrap() - claims["iat"].as_i64().unwrap(),
        600
    );

    let fb = c
        .get_id()
        .identity_pool_id(&id)
        .logins(FB, "t")
        .send()
        .await
        .unwrap()
        .identity_id
        .unwrap();
    let out = c
        .get_open_id_token()
        .identity_id(&fb)
        .logins(FB, "t")
        .send()
        .await
        .unwrap();
    let claims = verify_open_id(&set, out.token.as_deref().unwrap(), &id);
    assert_eq!(claims["amr"], json!(["authenticated", FB]));

    let token = signed_id_token(&s, &user_pool, "client1", "sub-9", json!({}));
    let up = c
        .get_id()
        .identity_pool_id(&id)
        .logins(&provider, &token)
        .send()
        .await
        .unwrap()
        .identity_id
        .unwrap();
    let out = c
        .get_open_id_token()
        .identity_id(&up)
        .logins(&provider, &token)
        .send()
        .await
        .unwrap();
    let claims = verify_open_id(&set, out.token.as_deref().unwrap(), &id);
    assert_eq!(
        claims["amr"],
        json!([
            "authenticated",
            provider,
            format!("{provider}:CognitoSignIn:sub-9")
        ])
    );
    let err = c
        .get_open_id_token()
        .identity_id("us-east-1:00000000-0000-0000-0000-000000000000")
        .send()
        .await
        .unwrap_err();
    assert!(err.into_service_error().is_resource_not_found_exception());
}

// ---- developer identities ------------------------------------------------------------------------------

#[tokio::test]
async fn developer_identities_issue_lookup_merge_and_unlink() {
    let s = start().await;
    let c = identity(&s).await;
    let (_, provider) = user_pool_provider(&s).await;
    let id = full_pool(&c, &provider, false).await;
    let set = jwks(&s).await;
    let dev = "login.example";

    let a = c
        .get_open_id_token_for_developer_identity()
        .identity_pool_id(&id)
        .logins(dev, "alice")
        .principal_tags("team", "blue")
        .send()
        .await
        .unwrap();
    let alice = a.identity_id.unwrap();
    let claims = verify_open_id(&set, a.token.as_deref().unwrap(), &id);
    assert_eq!(
        claims["exp"].as_i64().unwrap() - claims["iat"].as_i64().unwrap(),
        900
    );
    assert_eq!(claims["amr"], json!(["authenticated", dev]));
    assert_eq!(
        claims["https://aws.amazon.com/tags"]["principal_tags"]["team"],
        json!(["blue"])
    );

    // The same user again: same identity; a custom duration.
    let again = c
        .get_open_id_token_for_developer_identity()
        .identity_pool_id(&id)
        .logins(dev, "alice")
        .token_duration(3600)
        .send()
        .await
        .unwrap();
    assert_eq!(again.identity_id.as_deref(), Some(alice.as_str()));
    let claims = verify_open_id(&set, again.token.as_deref().unwrap(), &id);
    assert_eq!(
        claims["exp"].as_i64().unwrap() - claims["iat"].as_i64().unwrap(),
        3600
    );

    // The developer token works as a login for GetId and credentials (enhanced developer flow).
    let via_token = c
        .get_id()
        .identity_pool_id(&id)
        .logins(
            "cognito-identity.amazonaws.com",
            again.token.as_deref().unwrap(),
        )
        .send()
        .await
        .unwrap()
        .identity_id
        .unwrap();
    assert_eq!(via_token, alice);
    c.get_credentials_for_identity()
        .identity_id(&alice)
        .logins(
            "cognito-identity.amazonaws.com",
            again.token.as_deref().unwrap(),
        )
        .send()
        .await
        .unwrap();

    let bob = c
        .get_open_id_token_for_developer_identity()
        .identity_pool_id(&id)
        .logins(dev, "bob")
        .send()
        .await
        .unwrap()
        .identity_id
        .unwrap();
    let err = c
        .get_open_id_token_for_developer_identity()
        .identity_pool_id(&id)
        .identity_id(&bob)
        .logins(dev, "alice")
        .send()
        .await
        .unwrap_err();
    assert!(err
        .into_service_error()
        .is_developer_user_already_registered_exception());

    let looked = c
        .lookup_developer_identity()
        .identity_pool_id(&id)
        .developer_user_identifier("alice")
        .send()
        .await
        .unwrap();
    assert_eq!(looked.identity_id.as_deref(), Some(alice.as_str()));
    assert_eq!(
        looked.developer_user_identifier_list.unwrap(),
        vec!["alice"]
    );

    let merged = c
        .merge_developer_identities()
        .identity_pool_id(&id)
        .developer_provider_name(dev)
        .source_user_identifier("bob")
        .destination_user_identifier("alice")
        .send()
        .await
        .unwrap();
    assert_eq!(merged.identity_id.as_deref(), Some(alice.as_str()));
    let looked = c
        .lookup_developer_identity()
        .identity_pool_id(&id)
        .identity_id(&alice)
        .max_results(1)
        .send()
        .await
        .unwrap();
    assert_eq!(
        looked.developer_user_identifier_list.unwrap(),
        vec!["alice"]
    );
    assert!(looked.next_token.is_some());
    let err = c
        .describe_identity()
        .identity_id(&bob)
        .send()
        .await
        .unwrap_err();
    assert!(err.into_service_error().is_resource_not_found_exception());

    c.unlink_developer_identity()
        .identity_pool_id(&id)
        .identity_id(&alice)
        .developer_provider_name(dev)
        .developer_user_identifier("bob")
        .send()
        .await
        .unwrap();
    let err = c
        .lookup_developer_identity()
        .identity_pool_id(&id)
        .developer_user_identifier("bob")
        .send()
        .await
        .unwrap_err();
    assert!(err.into_service_error().is_resource_not_found_exception());
    let err = c
        .lookup_developer_identity()
        .identity_pool_id(&id)
        .send()
        .await
        .unwrap_err();
    assert!(err.into_service_error().is_invalid_parameter_exception());
}

// ---- listing, deleting, unlinking ------------------------------------------------------------------------

#[tokio::test]
async fn list_identities_paginates_hides_disabled_and_delete_identities_removes() {
    let s = start().await;
    let c = identity(&s).await;
    let (_, provider) = user_pool_provider(&s).await;
    let id = full_pool(&c, &provider, false).await;
    for _ in 0..3 {
        c.get_id().identity_pool_id(&id).send().await.unwrap();
    }
    let fb = c
        .get_id()
        .identity_pool_id(&id)
        .logins(FB, "x")
        .send()
        .await
        .unwrap()
        .identity_id
        .unwrap();
    let mut seen = Vec::new();
    let mut token = None;
    loop {
        let page = c
            .list_identities()
            .identity_pool_id(&id)
            .max_results(3)
            .set_next_token(token)
            .send()
            .await
            .unwrap();
        seen.extend(
            page.identities
                .unwrap()
                .into_iter()
                .map(|i| i.identity_id.unwrap()),
        );
        token = page.next_token;
        if token.is_none() {
            break;
        }
    }
    assert_eq!(seen.len(), 4);

    // Unlinking the only login disables the identity.
    let err = c
        .unlink_identity()
        .identity_id(&fb)
        .logins(FB, "wrong")
        .logins_to_remove(FB)
        .send()
        .await
        .unwrap_err();
    assert!(err.into_service_error().is_not_authorized_exception());
    c.unlink_identity()
        .identity_id(&fb)
        .logins(FB, "x")
        .logins_to_remove(FB)
        .send()
        .await
        .unwrap();
    assert!(c
        .describe_identity()
        .identity_id(&fb)
        .send()
        .await
        .unwrap()
        .logins
        .is_none());
    let visible = c
        .list_identities()
        .identity_pool_id(&id)
        .max_results(60)
        .hide_disabled(true)
        .send()
        .await
        .unwrap()
        .identities
        .unwrap();
    assert_eq!(visible.len(), 3);
    let err = c
        .get_credentials_for_identity()
        .identity_id(&fb)
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(err.is_not_authorized_exception());
    assert_eq!(
        err.meta().message(),
        Some(format!("Access to Identity '{fb}' is forbidden.").as_str())
    );
    let relinked = c
        .get_id()
        .identity_pool_id(&id)
        .logins(FB, "x")
        .send()
        .await
        .unwrap()
        .identity_id
        .unwrap();
    assert_ne!(relinked, fb);

    let out = c
        .delete_identities()
        .identity_ids_to_delete(&fb)
        .identity_ids_to_delete("us-east-1:00000000-0000-0000-0000-000000000000")
        .send()
        .await
        .unwrap();
    assert!(out.unprocessed_identity_ids.unwrap_or_default().is_empty());
    let err = c
        .describe_identity()
        .identity_id(&fb)
        .send()
        .await
        .unwrap_err();
    assert!(err.into_service_error().is_resource_not_found_exception());
}

// ---- external OpenID Connect providers (--oidc-jwks) ------------------------------------------------------

#[tokio::test]
async fn get_id_with_oidc_token_checks_the_configured_keys() {
    use rsa::pkcs1::EncodeRsaPrivateKey;
    use rsa::traits::PublicKeyParts;
    let key = rsa::RsaPrivateKey::new(&mut rand::thread_rng(), 2048).unwrap();
    let jwks = json!({"keys": [{
        "kty": "RSA", "alg": "RS256", "use": "sig", "kid": "k1",
        "n": URL_SAFE_NO_PAD.encode(key.n().to_bytes_be()),
        "e": URL_SAFE_NO_PAD.encode(key.e().to_bytes_be()),
    }]});
    let path = std::env::temp_dir().join(format!("oidc-jwks-{}.json", uuid::Uuid::new_v4()));
    std::fs::write(&path, jwks.to_string()).unwrap();
    let config = cognito_emulator::Config {
        oidc_jwks: vec![format!("https://idp.example.com={}", path.display())],
        ..Default::default()
    };
    let s = cognito_emulator::spawn(config).await.unwrap();
    let c = identity(&s).await;
    let id = c
        .create_identity_pool()
        .identity_pool_name("oidc")
        .allow_unauthenticated_identities(false)
        .open_id_connect_provider_arns("arn:aws:iam::123456789012:oidc-provider/idp.example.com")
        .open_id_connect_provider_arns("arn:aws:iam::123456789012:oidc-provider/other.example.com")
        .send()
        .await
        .unwrap()
        .identity_pool_id;
    let sign = |iss: &str, k: &rsa::RsaPrivateKey| {
        let mut h = jsonwebtoken::Header::new(jsonwebtoken::Algorithm::RS256);
        h.kid = Some("k1".into());
        let der = k.to_pkcs1_der().unwrap();
        jsonwebtoken::encode(
            &h,
            &json!({"iss": iss, "sub": "oidc-user", "aud": "app", "exp": now_secs() + 600}),
            &jsonwebtoken::EncodingKey::from_rsa_der(der.as_bytes()),
        )
        .unwrap()
    };
    let good = sign("https://idp.example.com", &key);
    let a = c
        .get_id()
        .identity_pool_id(&id)
        .logins("idp.example.com", &good)
        .send()
        .await
        .unwrap();
    let b = c
        .get_id()
        .identity_pool_id(&id)
        .logins("idp.example.com", &good)
        .send()
        .await
        .unwrap();
    assert_eq!(a.identity_id, b.identity_id);
    // Wrong issuer for the key, and an issuer without configured keys.
    let err = c
        .get_id()
        .identity_pool_id(&id)
        .logins("idp.example.com", sign("https://other.example.com", &key))
        .send()
        .await
        .unwrap_err();
    assert!(err.into_service_error().is_not_authorized_exception());
    let err = c
        .get_id()
        .identity_pool_id(&id)
        .logins("other.example.com", sign("https://other.example.com", &key))
        .send()
        .await
        .unwrap_err();
    assert!(err.into_service_error().is_not_authorized_exception());
    // A token signed by another key.
    let forged = format!("{}.{}", good.rsplit_once('.').unwrap().0, "AAAA");
    let err = c
        .get_id()
        .identity_pool_id(&id)
        .logins("idp.example.com", forged)
        .send()
        .await
        .unwrap_err();
    assert!(err.into_service_error().is_not_authorized_exception());
    let _ = std::fs::remove_file(path);
}
