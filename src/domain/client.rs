//! App clients: the settings that sign-in reads (allowed flows, secret, token lifetimes, attribute
//! permissions), with AWS's defaults.

use subtle::ConstantTimeEq;

use crate::error::{CognitoError, Result};
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
        }
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
