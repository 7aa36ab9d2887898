//! Federated identity providers of a pool: which `ProviderDetails` each type needs, and the keys AWS adds
//! on its own (endpoints of the social providers), so describe shows what AWS shows.

use std::collections::BTreeMap;

use crate::error::{CognitoError, Result};
use crate::model::idp::identity_providers::IdentityProviderType;
use crate::model::timestamp::Timestamp;

/// An identity provider of a pool.
#[derive(Debug, Clone)]
pub struct IdentityProvider {
    /// `ProviderName`.
    pub name: String,
    /// `ProviderType`: SAML, Facebook, Google, LoginWithAmazon, SignInWithApple or OIDC.
    pub provider_type: String,
    /// `ProviderDetails` as given, with the derived keys added.
    pub details: BTreeMap<String, String>,
    /// `AttributeMapping`.
    pub attribute_mapping: BTreeMap<String, String>,
    /// `IdpIdentifiers`.
    pub idp_identifiers: Vec<String>,
    /// Milliseconds since the epoch.
    pub created_ms: i64,
    /// Milliseconds since the epoch.
    pub modified_ms: i64,
}

impl IdentityProvider {
    /// The provider as describe returns it.
    pub fn describe(&self, pool_id: &str) -> IdentityProviderType {
        IdentityProviderType {
            user_pool_id: pool_id.to_owned(),
            provider_name: self.name.clone(),
            provider_type: self.provider_type.clone(),
            provider_details: self.details.clone(),
            attribute_mapping: self.attribute_mapping.clone(),
            idp_identifiers: self.idp_identifiers.clone(),
            last_modified_date: Timestamp::from_millis(self.modified_ms),
            creation_date: Timestamp::from_millis(self.created_ms),
        }
    }
}

/// The `ProviderDetails` keys a type requires.
fn required_keys(provider_type: &str) -> &'static [&'static str] {
    match provider_type {
        "Google" | "LoginWithAmazon" => &["client_id", "client_secret", "authorize_scopes"],
        "Facebook" => &["client_id", "client_secret", "authorize_scopes"],
        "SignInWithApple" => &[
            "client_id",
            "team_id",
            "key_id",
            "private_key",
            "authorize_scopes",
        ],
        "OIDC" => &[
            "client_id",
            "attributes_request_method",
            "oidc_issuer",
            "authorize_scopes",
        ],
        _ => &[],
    }
}

/// Checks `ProviderDetails` for a type, as `CreateIdentityProvider` and `UpdateIdentityProvider` do.
pub fn check_details(provider_type: &str, details: &BTreeMap<String, String>) -> Result<()> {
    if provider_type == "SAML" {
        let has = |k: &str| details.get(k).is_some_and(|v| !v.is_empty());
        if !has("MetadataURL") && !has("MetadataFile") {
            return Err(CognitoError::invalid_parameter(
                "Either MetadataURL or MetadataFile must be provided for SAML providers.",
            ));
        }
        return Ok(());
    }
    let missing: Vec<&str> = required_keys(provider_type)
        .iter()
        .copied()
        .filter(|k| details.get(*k).is_none_or(|v| v.is_empty()))
        .collect();
    if !missing.is_empty() {
        return Err(CognitoError::invalid_parameter(format!(
            "The following required provider details are missing: {}",
            missing.join(", ")
        )));
    }
    if provider_type == "OIDC" {
        if let Some(m) = details.get("attributes_request_method") {
            if m != "GET" && m != "POST" {
                return Err(CognitoError::invalid_parameter(
                    "attributes_request_method must be GET or POST.",
                ));
            }
        }
    }
    Ok(())
}

/// Adds the keys AWS sets itself: the fixed endpoints of the social providers (Facebook's depend on
/// `api_version`) and the read-only `attributes_url_add_attributes`. Keys the caller gave are kept.
pub fn add_derived_details(provider_type: &str, details: &mut BTreeMap<String, String>) {
    let mut set = |k: &str, v: String| {
        details.entry(k.to_owned()).or_insert(v);
    };
    match provider_type {
        "Google" => {
            set(
                "authorize_url",
                "https://accounts.google.com/o/oauth2/v2/auth".into(),
            );
            set(
                "token_url",
                "https://www.googleapis.com/oauth2/v4/token".into(),
            );
            set(
                "attributes_url",
                "https://people.googleapis.com/v1/people/me?personFields=".into(),
            );
            set("oidc_issuer", "https://accounts.google.com".into());
            set("token_request_method", "POST".into());
            set("attributes_url_add_attributes", "true".into());
        }
        "Facebook" => {
            let version = details
                .get("api_version")
                .cloned()
                .unwrap_or_else(|| "v17.0".to_owned());
            let v = version.trim_start_matches('v').to_owned();
            let mut set = |k: &str, val: String| {
                details.entry(k.to_owned()).or_insert(val);
            };
            set(
                "authorize_url",
                format!("https://www.facebook.com/v{v}/dialog/oauth"),
            );
            set(
                "token_url",
                format!("https://graph.facebook.com/v{v}/oauth/access_token"),
            );
            set(
                "attributes_url",
                format!("https://graph.facebook.com/v{v}/me?fields="),
            );
            set("token_request_method", "GET".into());
            set("attributes_url_add_attributes", "true".into());
        }
        "LoginWithAmazon" => {
            set("authorize_url", "https://www.amazon.com/ap/oa".into());
            set("token_url", "https://api.amazon.com/auth/o2/token".into());
            set(
                "attributes_url",
                "https://api.amazon.com/user/profile".into(),
            );
            set("token_request_method", "POST".into());
            set("attributes_url_add_attributes", "false".into());
        }
        "SignInWithApple" => {
            set(
                "authorize_url",
                "https://appleid.apple.com/auth/authorize".into(),
            );
            set("token_url", "https://appleid.apple.com/auth/token".into());
            set("oidc_issuer", "https://appleid.apple.com".into());
            set("token_request_method", "POST".into());
            set("attributes_url_add_attributes", "false".into());
        }
        "OIDC" => {
            // AWS lists authorize_url, token_url, attributes_url and jwks_uri only when it could not
            // discover them at `oidc_issuer` (so only when the caller gave them); guessing them here
            // would show keys AWS does not.
            set("attributes_url_add_attributes", "false".into());
        }
        _ => {}
    }
}

/// `AttributeMapping` as AWS stores it: OIDC and social providers map `username` to `sub` unless told
/// otherwise.
pub fn default_attribute_mapping(
    provider_type: &str,
    given: Option<BTreeMap<String, String>>,
) -> BTreeMap<String, String> {
    let mut mapping = given.unwrap_or_default();
    if provider_type != "SAML" {
        mapping
            .entry("username".to_owned())
            .or_insert_with(|| "sub".to_owned());
    }
    mapping
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn google_gets_its_endpoints() {
        let mut d = BTreeMap::from([("client_id".to_owned(), "x".to_owned())]);
        add_derived_details("Google", &mut d);
        assert_eq!(d["token_url"], "https://www.googleapis.com/oauth2/v4/token");
        assert_eq!(d["attributes_url_add_attributes"], "true");
    }

    #[test]
    fn facebook_endpoints_follow_api_version() {
        let mut d = BTreeMap::from([("api_version".to_owned(), "v17.0".to_owned())]);
        add_derived_details("Facebook", &mut d);
        assert_eq!(
            d["authorize_url"],
            "https://www.facebook.com/v17.0/dialog/oauth"
        );
    }

    #[test]
    fn oidc_needs_issuer() {
        let d = BTreeMap::from([
            ("client_id".to_owned(), "x".to_owned()),
            ("authorize_scopes".to_owned(), "openid".to_owned()),
            ("attributes_request_method".to_owned(), "GET".to_owned()),
        ]);
        assert!(check_details("OIDC", &d).is_err());
        assert!(check_details("SAML", &BTreeMap::new()).is_err());
    }
}
