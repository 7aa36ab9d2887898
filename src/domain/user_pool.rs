//! The user pool aggregate: its configuration and everything it owns. One pool is one unit of
//! consistency (see `store.rs`); its methods keep the invariants that span entities.

use std::collections::BTreeMap;

use serde_json::json;

use crate::domain::client::AppClient;
use crate::domain::users::UserDirectory;

use crate::error::{CognitoError, Result};
use crate::model::idp::user_pools::{
    NumberAttributeConstraintsType, PasswordPolicyType, SchemaAttributeType,
    StringAttributeConstraintsType, UserPoolConfig, UserPoolPolicyType, UserPoolType,
};
use crate::model::timestamp::Timestamp;

/// A user pool.
#[derive(Debug, Clone)]
pub struct UserPool {
    /// `<region>_<suffix>`.
    pub id: String,
    /// The region part of the id.
    pub region: String,
    /// `PoolName`.
    pub name: String,
    /// `arn:aws:cognito-idp:<region>:<account>:userpool/<id>`.
    pub arn: String,
    /// Milliseconds since the epoch.
    pub created_ms: i64,
    /// Milliseconds since the epoch.
    pub modified_ms: i64,
    /// What `DescribeUserPool` echoes, defaults filled in.
    pub config: UserPoolConfig,
    /// The hosted-UI domain prefix, if one is set.
    pub domain: Option<String>,
    /// The custom domain, if one is set.
    pub custom_domain: Option<String>,
    /// The users.
    pub users: UserDirectory,
    /// App clients by id.
    pub clients: BTreeMap<String, AppClient>,
    /// Signing keys, refresh grants, revoked token families.
    pub tokens: crate::domain::tokens::TokenState,
    /// Open challenge sessions.
    pub sessions: crate::domain::auth_flow::Sessions,
    /// Failed-password counts and locks.
    pub lockouts: crate::domain::auth_flow::Lockouts,
    /// Pending confirmation, reset and verification codes.
    pub codes: crate::domain::codes::CodeStore,
}

/// The standard (OIDC) attributes every pool has, as `DescribeUserPool` lists them.
const STANDARD_ATTRIBUTES: &[(&str, &str)] = &[
    ("sub", "String"),
    ("name", "String"),
    ("given_name", "String"),
    ("family_name", "String"),
    ("middle_name", "String"),
    ("nickname", "String"),
    ("preferred_username", "String"),
    ("profile", "String"),
    ("picture", "String"),
    ("website", "String"),
    ("email", "String"),
    ("email_verified", "Boolean"),
    ("gender", "String"),
    ("birthdate", "String"),
    ("zoneinfo", "String"),
    ("locale", "String"),
    ("phone_number", "String"),
    ("phone_number_verified", "Boolean"),
    ("address", "String"),
    ("updated_at", "Number"),
];

/// Is `name` one of the standard attributes?
pub fn is_standard_attribute(name: &str) -> bool {
    STANDARD_ATTRIBUTES.iter().any(|(n, _)| *n == name)
}

fn standard_schema() -> Vec<SchemaAttributeType> {
    STANDARD_ATTRIBUTES
        .iter()
        .map(|(name, ty)| {
            let (min, max) = match *name {
                "sub" => ("1", "2048"),
                "birthdate" => ("10", "10"),
                _ => ("0", "2048"),
            };
            SchemaAttributeType {
                name: Some((*name).to_owned()),
                attribute_data_type: Some((*ty).to_owned()),
                developer_only_attribute: Some(false),
                mutable: Some(*name != "sub"),
                required: Some(*name == "sub"),
                number_attribute_constraints: (*ty == "Number").then(|| {
                    NumberAttributeConstraintsType {
                        min_value: Some("0".into()),
                        max_value: None,
                    }
                }),
                string_attribute_constraints: (*ty == "String").then(|| {
                    StringAttributeConstraintsType {
                        min_length: Some(min.into()),
                        max_length: Some(max.into()),
                    }
                }),
            }
        })
        .collect()
}

/// Merges the `Schema` given at creation into the standard schema: standard attributes may be made
/// required (and their constraints changed); others become `custom:` attributes, which may never be required.
pub fn build_schema(given: &[SchemaAttributeType]) -> Result<Vec<SchemaAttributeType>> {
    let mut schema = standard_schema();
    for attr in given {
        let Some(name) = attr.name.as_deref() else {
            return Err(CognitoError::invalid_parameter(
                "Attribute name is required in schema.",
            ));
        };
        if let Some(std) = schema.iter_mut().find(|s| s.name.as_deref() == Some(name)) {
            if name == "sub" {
                continue;
            }
            if let Some(r) = attr.required {
                std.required = Some(r);
            }
            if let Some(m) = attr.mutable {
                std.mutable = Some(m);
            }
            if attr.string_attribute_constraints.is_some() {
                std.string_attribute_constraints = attr.string_attribute_constraints.clone();
            }
            if attr.number_attribute_constraints.is_some() {
                std.number_attribute_constraints = attr.number_attribute_constraints.clone();
            }
            continue;
        }
        let custom = custom_attribute(attr, name)?;
        if schema.iter().any(|s| s.name == custom.name) {
            return Err(CognitoError::invalid_parameter(format!(
                "Duplicate attribute name in schema: {name}"
            )));
        }
        schema.push(custom);
    }
    Ok(schema)
}

/// A `custom:` attribute from a schema entry (also used by `AddCustomAttributes`).
pub fn custom_attribute(attr: &SchemaAttributeType, name: &str) -> Result<SchemaAttributeType> {
    if attr.required == Some(true) {
        return Err(CognitoError::invalid_parameter(
            "Required custom attributes are not supported currently.",
        ));
    }
    let bare = name.strip_prefix("custom:").unwrap_or(name);
    let data_type = attr
        .attribute_data_type
        .clone()
        .unwrap_or_else(|| "String".to_owned());
    let dev_only = attr.developer_only_attribute.unwrap_or(false);
    let full = if dev_only {
        format!("dev:custom:{bare}")
    } else {
        format!("custom:{bare}")
    };
    Ok(SchemaAttributeType {
        name: Some(full),
        string_attribute_constraints: match (data_type.as_str(), &attr.string_attribute_constraints)
        {
            ("String", Some(c)) => Some(c.clone()),
            ("String", None) => Some(StringAttributeConstraintsType::default()),
            _ => None,
        },
        number_attribute_constraints: match (data_type.as_str(), &attr.number_attribute_constraints)
        {
            ("Number", Some(c)) => Some(c.clone()),
            ("Number", None) => Some(NumberAttributeConstraintsType::default()),
            _ => None,
        },
        attribute_data_type: Some(data_type),
        developer_only_attribute: Some(dev_only),
        mutable: Some(attr.mutable.unwrap_or(true)),
        required: Some(false),
    })
}

/// Fills in what AWS fills in when a member is left out of `CreateUserPool` / `UpdateUserPool`.
pub fn apply_config_defaults(config: &mut UserPoolConfig) {
    let policies = config
        .policies
        .get_or_insert_with(UserPoolPolicyType::default);
    let pw = policies.password_policy.get_or_insert(PasswordPolicyType {
        minimum_length: Some(8),
        require_uppercase: Some(true),
        require_lowercase: Some(true),
        require_numbers: Some(true),
        require_symbols: Some(true),
        password_history_size: None,
        temporary_password_validity_days: Some(7),
    });
    pw.minimum_length.get_or_insert(8);
    pw.require_uppercase.get_or_insert(false);
    pw.require_lowercase.get_or_insert(false);
    pw.require_numbers.get_or_insert(false);
    pw.require_symbols.get_or_insert(false);
    match pw.temporary_password_validity_days {
        None | Some(0) => pw.temporary_password_validity_days = Some(7),
        Some(_) => {}
    }
    policies
        .sign_in_policy
        .get_or_insert_with(|| json!({"AllowedFirstAuthFactors": ["PASSWORD"]}));
    config
        .deletion_protection
        .get_or_insert_with(|| "INACTIVE".to_owned());
    config.lambda_config.get_or_insert_with(|| json!({}));
    config
        .mfa_configuration
        .get_or_insert_with(|| "OFF".to_owned());
    config
        .verification_message_template
        .get_or_insert_with(|| json!({"DefaultEmailOption": "CONFIRM_WITH_CODE"}));
    if let Some(t) = config
        .verification_message_template
        .as_mut()
        .and_then(|v| v.as_object_mut())
    {
        t.entry("DefaultEmailOption")
            .or_insert_with(|| json!("CONFIRM_WITH_CODE"));
    }
    config
        .user_attribute_update_settings
        .get_or_insert_with(|| json!({"AttributesRequireVerificationBeforeUpdate": []}));
    config
        .email_configuration
        .get_or_insert_with(|| json!({"EmailSendingAccount": "COGNITO_DEFAULT"}));
    let acu = config
        .admin_create_user_config
        .get_or_insert_with(|| json!({}));
    if let Some(o) = acu.as_object_mut() {
        o.entry("AllowAdminCreateUserOnly")
            .or_insert_with(|| json!(false));
        o.entry("UnusedAccountValidityDays")
            .or_insert_with(|| json!(7));
    }
    config
        .user_pool_tier
        .get_or_insert_with(|| "ESSENTIALS".to_owned());
}

impl UserPool {
    /// The pool as `DescribeUserPool` shows it.
    pub fn describe(&self) -> UserPoolType {
        UserPoolType {
            id: self.id.clone(),
            name: self.name.clone(),
            arn: self.arn.clone(),
            creation_date: Timestamp::from_millis(self.created_ms),
            last_modified_date: Timestamp::from_millis(self.modified_ms),
            estimated_number_of_users: self.users.len() as i64,
            domain: self.domain.clone(),
            custom_domain: self.custom_domain.clone(),
            config: self.config.clone(),
        }
    }

    /// A new, empty pool.
    pub fn new(
        id: String,
        region: String,
        arn: String,
        name: String,
        now_ms: i64,
        config: UserPoolConfig,
    ) -> UserPool {
        UserPool {
            id,
            region,
            arn,
            name,
            created_ms: now_ms,
            modified_ms: now_ms,
            config,
            domain: None,
            custom_domain: None,
            users: UserDirectory::default(),
            clients: BTreeMap::new(),
            tokens: Default::default(),
            sessions: Default::default(),
            lockouts: Default::default(),
            codes: Default::default(),
        }
    }

    /// The effective password policy.
    pub fn password_policy(&self) -> PasswordPolicyType {
        self.config
            .policies
            .as_ref()
            .and_then(|p| p.password_policy.clone())
            .unwrap_or_default()
    }

    /// True when `DeletionProtection` is `ACTIVE`.
    pub fn deletion_protected(&self) -> bool {
        self.config.deletion_protection.as_deref() == Some("ACTIVE")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_match_aws() {
        let mut c = UserPoolConfig::default();
        apply_config_defaults(&mut c);
        let pw = c.policies.unwrap().password_policy.unwrap();
        assert_eq!(pw.minimum_length, Some(8));
        assert_eq!(pw.temporary_password_validity_days, Some(7));
        assert_eq!(c.mfa_configuration.as_deref(), Some("OFF"));
        assert_eq!(c.deletion_protection.as_deref(), Some("INACTIVE"));
    }

    #[test]
    fn custom_attributes_are_prefixed_and_never_required() {
        let s = build_schema(&[SchemaAttributeType {
            name: Some("team".into()),
            attribute_data_type: Some("String".into()),
            ..Default::default()
        }])
        .unwrap();
        assert!(s.iter().any(|a| a.name.as_deref() == Some("custom:team")));
        let err = build_schema(&[SchemaAttributeType {
            name: Some("team".into()),
            required: Some(true),
            ..Default::default()
        }]);
        assert!(err.is_err());
    }
}
