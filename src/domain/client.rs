//! App clients: the settings that sign-in reads (allowed flows, secret, token lifetimes, attribute
//! permissions), with AWS's defaults.

use subtle::ConstantTimeEq;

use crate::error::{CognitoError, ErrorCode, Result};
use crate::model::idp::clients::{
    RefreshTokenRotationType, TokenValidityUnitsType, UserPoolClientSettings, UserPoolClientType,
};
use crate::model::timestamp::Timestamp;

/// An app client of a user pool.
#[derive(Debug, Clone)]
pub struct AppClient {
    /// The client id.
    pub id: String,
    /// The client secrets, newest first (`AddUserPoolClientSecret` allows more than one).
    pub secrets: Vec<String>,
    /// Milliseconds since the epoch.
    pub created_ms: i64,
    /// Milliseconds since the epoch.
    pub modified_ms: i64,
    /// Everything create/update set, defaults filled in.
    pub settings: UserPoolClientSettings,
    /// Ids and creation times of `secrets`, in the same order.
    pub secret_records: Vec<ClientSecret>,
}

/// A client secret with the id and date `ListUserPoolClientSecrets` shows.
#[derive(Debug, Clone)]
pub struct ClientSecret {
    /// `ClientSecretId`.
    pub id: String,
    /// The secret.
    pub value: String,
    /// Milliseconds since the epoch.
    pub created_ms: i64,
}

/// A client may have at most this many secrets at once (rotation).
pub const MAX_SECRETS: usize = 2;

/// The scopes every pool knows without a resource server.
pub const STANDARD_SCOPES: &[&str] = &[
    "openid",
    "email",
    "phone",
    "profile",
    "aws.cognito.signin.user.admin",
];

fn invalid_flow(message: &'static str) -> CognitoError {
    CognitoError::new(ErrorCode::InvalidOAuthFlow, message)
}

/// Callback and logout URLs: absolute, no fragment, HTTPS (or an app's own scheme) except
/// `http://localhost`.
fn check_url(kind: &str, url: &str) -> Result<()> {
    let scheme_ok = url.split_once(':').is_some_and(|(scheme, rest)| {
        !rest.is_empty()
            && scheme
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphabetic())
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
    });
    if !scheme_ok {
        return Err(CognitoError::invalid_parameter(format!(
            "{kind} must be an absolute URL: {url}"
        )));
    }
    if url.contains('#') {
        return Err(CognitoError::invalid_parameter(format!(
            "{kind} cannot contain a fragment: {url}"
        )));
    }
    if let Some(rest) = url.strip_prefix("http://") {
        let host = rest
            .split(['/', '?'])
            .next()
            .unwrap_or_default()
            .rsplit_once(':')
            .map_or(
                rest.split(['/', '?']).next().unwrap_or_default(),
                |(h, _)| h,
            );
        if host != "localhost" {
            return Err(CognitoError::invalid_parameter(format!(
                "{kind} must use HTTPS unless it is http://localhost: {url}"
            )));
        }
    }
    Ok(())
}

/// Checks the OAuth settings of an app client against the rules AWS applies on create and update.
/// `scope_known` answers for custom scopes (`<resource server>/<scope>`), `idp_known` for identity
/// providers other than `COGNITO`.
pub fn check_oauth(
    settings: &UserPoolClientSettings,
    has_secret: bool,
    pool_id: &str,
    scope_known: impl Fn(&str) -> bool,
    idp_known: impl Fn(&str) -> bool,
) -> Result<()> {
    let flows = settings.allowed_o_auth_flows.as_deref().unwrap_or(&[]);
    let scopes = settings.allowed_o_auth_scopes.as_deref().unwrap_or(&[]);
    let callbacks = settings.callback_urls.as_deref().unwrap_or(&[]);
    let enabled = settings.allowed_o_auth_flows_user_pool_client == Some(true);
    if enabled && (flows.is_empty() || scopes.is_empty()) {
        return Err(invalid_flow(
            "AllowedOAuthFlows and AllowedOAuthScopes are required if user pool client is allowed to use OAuth flows.",
        ));
    }
    if !enabled && !flows.is_empty() {
        return Err(invalid_flow(
            "AllowedOAuthFlowsUserPoolClient must be true to use AllowedOAuthFlows.",
        ));
    }
    let has = |f: &str| flows.iter().any(|x| x == f);
    if has("client_credentials") {
        if has("code") || has("implicit") {
            return Err(invalid_flow(
                "client_credentials flow can not be selected along with code flow or implicit flow.",
            ));
        }
        if !has_secret {
            return Err(invalid_flow(
                "client_credentials flow can not be selected if client does not have a client secret.",
            ));
        }
    }
    if (has("code") || has("implicit")) && callbacks.is_empty() {
        return Err(invalid_flow(
            "A redirect URI (CallbackURLs) is required for code and implicit flows.",
        ));
    }
    for scope in scopes {
        if !STANDARD_SCOPES.contains(&scope.as_str()) && !scope_known(scope) {
            return Err(CognitoError::new(
                ErrorCode::ScopeDoesNotExist,
                format!("Invalid scope requested: {scope}"),
            ));
        }
    }
    for url in callbacks {
        check_url("CallbackURL", url)?;
    }
    for url in settings.logout_urls.iter().flatten() {
        check_url("LogoutURL", url)?;
    }
    if let Some(default) = &settings.default_redirect_uri {
        check_url("DefaultRedirectURI", default)?;
        if !callbacks.contains(default) {
            return Err(CognitoError::invalid_parameter(
                "DefaultRedirectURI must be one of the CallbackURLs.",
            ));
        }
    }
    for idp in settings.supported_identity_providers.iter().flatten() {
        if idp != "COGNITO" && !idp_known(idp) {
            return Err(CognitoError::invalid_parameter(format!(
                "The provider {idp} does not exist for User Pool {pool_id}"
            )));
        }
    }
    Ok(())
}

/// AWS's `ExplicitAuthFlows` when none are given.
pub const DEFAULT_AUTH_FLOWS: &[&str] = &[
    "ALLOW_REFRESH_TOKEN_AUTH",
    "ALLOW_USER_SRP_AUTH",
    "ALLOW_CUSTOM_AUTH",
];

fn unit_seconds(unit: Option<&str>, default: &str) -> i64 {
    match unit.unwrap_or(default) {
        "seconds" => 1,
        "minutes" => 60,
        "hours" => 3600,
        _ => 86_400,
    }
}

const LEGACY_FLOWS: &[&str] = &[
    "ADMIN_NO_SRP_AUTH",
    "CUSTOM_AUTH_FLOW_ONLY",
    "USER_PASSWORD_AUTH",
];

/// A new client secret: 51 lowercase letters and digits, like AWS's.
pub fn generate_secret() -> String {
    use rand::Rng;
    const CHARS: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
    let mut rng = rand::thread_rng();
    (0..51)
        .map(|_| {
            char::from(
                CHARS
                    .get(rng.gen_range(0..CHARS.len()))
                    .copied()
                    .unwrap_or(b'a'),
            )
        })
        .collect()
}

/// Checks the settings rules the model cannot express and fills in AWS's defaults, as `DescribeUserPoolClient`
/// shows them for a client created through the API.
pub fn normalize_settings(settings: &mut UserPoolClientSettings) -> Result<()> {
    if let Some(flows) = &settings.explicit_auth_flows {
        let legacy = flows
            .iter()
            .filter(|f| LEGACY_FLOWS.contains(&f.as_str()))
            .count();
        if legacy > 0 && legacy < flows.len() {
            return Err(CognitoError::invalid_parameter(
                "Cannot mix ALLOW_ prefixed auth flows with legacy auth flows.",
            ));
        }
    } else {
        settings.explicit_auth_flows =
            Some(DEFAULT_AUTH_FLOWS.iter().map(|f| (*f).to_owned()).collect());
    }
    settings.refresh_token_validity.get_or_insert(30);
    let units = settings
        .token_validity_units
        .get_or_insert_with(TokenValidityUnitsType::default);
    units.access_token.get_or_insert_with(|| "hours".to_owned());
    units.id_token.get_or_insert_with(|| "hours".to_owned());
    units.refresh_token.get_or_insert_with(|| "days".to_owned());
    settings
        .allowed_o_auth_flows_user_pool_client
        .get_or_insert(false);
    settings.enable_token_revocation.get_or_insert(true);
    settings
        .enable_propagate_additional_user_context_data
        .get_or_insert(false);
    settings.auth_session_validity.get_or_insert(3);
    settings
        .prevent_user_existence_errors
        .get_or_insert_with(|| "LEGACY".to_owned());
    settings
        .refresh_token_rotation
        .get_or_insert_with(|| RefreshTokenRotationType {
            feature: "DISABLED".to_owned(),
            retry_grace_period_seconds: Some(0),
        });
    Ok(())
}

impl AppClient {
    /// The client as describe returns it.
    pub fn describe(&self, pool_id: &str) -> UserPoolClientType {
        UserPoolClientType {
            user_pool_id: pool_id.to_owned(),
            client_id: self.id.clone(),
            client_secret: self.secrets.first().cloned(),
            creation_date: Timestamp::from_millis(self.created_ms),
            last_modified_date: Timestamp::from_millis(self.modified_ms),
            settings: self.settings.clone(),
        }
    }

    /// True if `flow` (an `ExplicitAuthFlowsType` value such as `ALLOW_USER_PASSWORD_AUTH`) is allowed.
    /// The legacy values (`USER_PASSWORD_AUTH`, `ADMIN_NO_SRP_AUTH`, `CUSTOM_AUTH_FLOW_ONLY`) count as the
    /// `ALLOW_` value they stand for.
    pub fn allows_flow(&self, flow: &str) -> bool {
        let flows = self.settings.explicit_auth_flows.as_deref();
        let legacy = match flow {
            "ALLOW_USER_PASSWORD_AUTH" => Some("USER_PASSWORD_AUTH"),
            "ALLOW_ADMIN_USER_PASSWORD_AUTH" => Some("ADMIN_NO_SRP_AUTH"),
            "ALLOW_CUSTOM_AUTH" => Some("CUSTOM_AUTH_FLOW_ONLY"),
            _ => None,
        };
        match flows {
            None => DEFAULT_AUTH_FLOWS.contains(&flow),
            Some(list) => list.iter().any(|f| f == flow || Some(f.as_str()) == legacy),
        }
    }

    /// Checks a plain client secret in constant time (`ClientSecret` of RevokeToken and the token endpoint).
    pub fn secret_matches(&self, given: &str) -> bool {
        self.secrets
            .iter()
            .any(|s| bool::from(s.as_bytes().ct_eq(given.as_bytes())))
    }

    /// Access-token lifetime in seconds (default 1 hour; the unit defaults to hours).
    pub fn access_token_seconds(&self) -> i64 {
        let unit = self
            .settings
            .token_validity_units
            .as_ref()
            .and_then(|u| u.access_token.as_deref());
        self.settings
            .access_token_validity
            .map_or(3600, |v| v * unit_seconds(unit, "hours"))
    }

    /// ID-token lifetime in seconds (default 1 hour; the unit defaults to hours).
    pub fn id_token_seconds(&self) -> i64 {
        let unit = self
            .settings
            .token_validity_units
            .as_ref()
            .and_then(|u| u.id_token.as_deref());
        self.settings
            .id_token_validity
            .map_or(3600, |v| v * unit_seconds(unit, "hours"))
    }

    /// Refresh-token lifetime in seconds (default 30 days; 0 means the default).
    pub fn refresh_token_seconds(&self) -> i64 {
        let units = self.settings.token_validity_units.as_ref();
        match self.settings.refresh_token_validity {
            None | Some(0) => 30 * 86_400,
            Some(v) => v * unit_seconds(units.and_then(|u| u.refresh_token.as_deref()), "days"),
        }
    }

    /// How long an auth `Session` lives, in seconds (`AuthSessionValidity` minutes, default 3).
    pub fn session_seconds(&self) -> i64 {
        self.settings.auth_session_validity.unwrap_or(3) * 60
    }

    /// `PreventUserExistenceErrors` is `ENABLED`.
    pub fn prevents_user_existence_errors(&self) -> bool {
        self.settings.prevent_user_existence_errors.as_deref() == Some("ENABLED")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn client(settings: UserPoolClientSettings) -> AppClient {
        AppClient {
            id: "c".into(),
            secrets: vec![],
            created_ms: 0,
            modified_ms: 0,
            settings,
            secret_records: vec![],
        }
    }

    fn oauth(flows: &[&str], scopes: &[&str], callbacks: &[&str]) -> UserPoolClientSettings {
        let v = |x: &[&str]| Some(x.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>());
        UserPoolClientSettings {
            allowed_o_auth_flows_user_pool_client: Some(true),
            allowed_o_auth_flows: v(flows),
            allowed_o_auth_scopes: v(scopes),
            callback_urls: v(callbacks),
            ..Default::default()
        }
    }

    #[test]
    fn oauth_rules() {
        let ok =
            |s: &UserPoolClientSettings, secret| check_oauth(s, secret, "p", |_| false, |_| false);
        assert!(ok(
            &oauth(&["code"], &["openid"], &["https://a.example/cb"]),
            false
        )
        .is_ok());
        assert!(ok(
            &oauth(&["code"], &["openid"], &["http://localhost:3000/cb"]),
            false
        )
        .is_ok());
        assert!(ok(&oauth(&["code"], &["openid"], &["myapp://cb"]), false).is_ok());
        let code = |s: &UserPoolClientSettings, secret| ok(s, secret).unwrap_err().code();
        assert_eq!(
            code(&oauth(&["code"], &["openid"], &[]), false),
            ErrorCode::InvalidOAuthFlow
        );
        assert_eq!(
            code(&oauth(&["client_credentials"], &["openid"], &[]), false),
            ErrorCode::InvalidOAuthFlow
        );
        assert_eq!(
            code(
                &oauth(
                    &["client_credentials", "code"],
                    &["openid"],
                    &["https://a/b"]
                ),
                true
            ),
            ErrorCode::InvalidOAuthFlow
        );
        assert_eq!(
            code(&oauth(&["code"], &["api/read"], &["https://a/b"]), false),
            ErrorCode::ScopeDoesNotExist
        );
        assert_eq!(
            code(
                &oauth(&["code"], &["openid"], &["http://example.com/cb"]),
                false
            ),
            ErrorCode::InvalidParameter
        );
        assert_eq!(
            code(
                &oauth(&["code"], &["openid"], &["https://a.example/cb#x"]),
                false
            ),
            ErrorCode::InvalidParameter
        );
    }

    #[test]
    fn default_flows_and_validity() {
        let c = client(UserPoolClientSettings::default());
        assert!(c.allows_flow("ALLOW_USER_SRP_AUTH"));
        assert!(!c.allows_flow("ALLOW_USER_PASSWORD_AUTH"));
        assert_eq!(c.access_token_seconds(), 3600);
        assert_eq!(c.id_token_seconds(), 3600);
        assert_eq!(c.refresh_token_seconds(), 30 * 86_400);
    }

    #[test]
    fn validity_units_apply() {
        let c = client(UserPoolClientSettings {
            access_token_validity: Some(5),
            token_validity_units: Some(crate::model::idp::clients::TokenValidityUnitsType {
                access_token: Some("minutes".into()),
                ..Default::default()
            }),
            explicit_auth_flows: Some(vec!["USER_PASSWORD_AUTH".into()]),
            ..Default::default()
        });
        assert_eq!(c.access_token_seconds(), 300);
        assert!(c.allows_flow("ALLOW_USER_PASSWORD_AUTH"));
    }
}
