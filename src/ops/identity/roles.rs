//! Identity-pool roles, role mappings and principal-tag attribute maps, and the choice of the role that
//! credentials are issued for.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::app::Ctx;
use crate::domain::identity_pool::PrincipalTagMap;
use crate::error::{CognitoError, ErrorCode, Result};
use crate::model::identity::roles::*;
use crate::ops::identity::logins::{configured_provider_names, VerifiedLogin};
use crate::ops::Empty;

/// The principal tags AWS maps by default for user pools and OIDC providers: `client` ← `aud` and
/// `username` ← `sub` (what the console shows as "default mappings").
pub fn default_principal_tags() -> BTreeMap<String, String> {
    BTreeMap::from([
        ("client".to_owned(), "aud".to_owned()),
        ("username".to_owned(), "sub".to_owned()),
    ])
}

/// AWS's answer when no role can be chosen.
pub fn invalid_configuration() -> CognitoError {
    CognitoError::new(
        ErrorCode::InvalidIdentityPoolConfiguration,
        "Invalid identity pool configuration. Check assigned IAM roles for this pool.",
    )
}

/// [SetIdentityPoolRoles](https://docs.aws.amazon.com/cognitoidentity/latest/APIReference/API_SetIdentityPoolRoles.html).
/// Role keys must be `authenticated` / `unauthenticated`; role-mapping keys must name a configured
/// provider (user pools as `<provider>:<clientId>`); `Rules` mappings need rules; both types need
/// `AmbiguousRoleResolution`. IAM roles are not checked to exist.
pub fn set_identity_pool_roles(ctx: &Ctx, input: SetIdentityPoolRolesInput) -> Result<Empty> {
    for key in input.roles.keys() {
        if key != "authenticated" && key != "unauthenticated" {
            return Err(CognitoError::invalid_parameter(format!(
                "Invalid role type: {key}. Valid types are authenticated and unauthenticated."
            )));
        }
    }
    ctx.app
        .store
        .write_identity_pool(&input.identity_pool_id, |pool| {
            let mappings = input.role_mappings.unwrap_or_default();
            let mut allowed = configured_provider_names(&pool.config);
            for p in pool.config.cognito_identity_providers.iter().flatten() {
                if let (Some(name), Some(client)) = (&p.provider_name, &p.client_id) {
                    allowed.push(format!("{name}:{client}"));
                }
            }
            for (key, mapping) in &mappings {
                if !allowed.contains(key) {
                    return Err(CognitoError::invalid_parameter(format!(
                        "Role mapping key {key} is not a configured provider of this identity pool."
                    )));
                }
                if mapping.ambiguous_role_resolution.is_none() {
                    return Err(CognitoError::invalid_parameter(
                        "AmbiguousRoleResolution must be specified for Token and Rules role mappings.",
                    ));
                }
                let rules = mapping
                    .rules_configuration
                    .as_ref()
                    .map(|r| r.rules.len())
                    .unwrap_or(0);
                if mapping.mapping_type == "Rules" && rules == 0 {
                    return Err(CognitoError::invalid_parameter(
                        "RulesConfiguration must be specified for Rules role mappings.",
                    ));
                }
            }
            pool.roles = input.roles;
            pool.role_mappings = mappings;
            Ok(Empty {})
        })
}

/// [GetIdentityPoolRoles](https://docs.aws.amazon.com/cognitoidentity/latest/APIReference/API_GetIdentityPoolRoles.html).
pub fn get_identity_pool_roles(
    ctx: &Ctx,
    input: GetIdentityPoolRolesInput,
) -> Result<GetIdentityPoolRolesResponse> {
    ctx.app
        .store
        .read_identity_pool(&input.identity_pool_id, |pool| {
            Ok(GetIdentityPoolRolesResponse {
                identity_pool_id: pool.id.clone(),
                roles: pool.roles.clone(),
                role_mappings: (!pool.role_mappings.is_empty()).then(|| pool.role_mappings.clone()),
            })
        })
}

fn check_provider(
    config: &crate::model::identity::pools::IdentityPoolConfig,
    name: &str,
) -> Result<()> {
    if configured_provider_names(config).iter().any(|n| n == name) {
        Ok(())
    } else {
        Err(CognitoError::invalid_parameter(format!(
            "Identity provider {name} is not configured for this identity pool."
        )))
    }
}

/// [SetPrincipalTagAttributeMap](https://docs.aws.amazon.com/cognitoidentity/latest/APIReference/API_SetPrincipalTagAttributeMap.html).
/// `UseDefaults` defaults to true when left out.
pub fn set_principal_tag_attribute_map(
    ctx: &Ctx,
    input: PrincipalTagAttributeMap,
) -> Result<PrincipalTagAttributeMap> {
    ctx.app
        .store
        .write_identity_pool(&input.identity_pool_id, |pool| {
            check_provider(&pool.config, &input.identity_provider_name)?;
            let map = PrincipalTagMap {
                use_defaults: input.use_defaults.unwrap_or(true),
                tags: input.principal_tags.clone().unwrap_or_default(),
            };
            pool.principal_tags
                .insert(input.identity_provider_name.clone(), map.clone());
            Ok(PrincipalTagAttributeMap {
                identity_pool_id: pool.id.clone(),
                identity_provider_name: input.identity_provider_name,
                use_defaults: Some(map.use_defaults),
                principal_tags: Some(map.tags),
            })
        })
}

/// [GetPrincipalTagAttributeMap](https://docs.aws.amazon.com/cognitoidentity/latest/APIReference/API_GetPrincipalTagAttributeMap.html).
/// A provider never set answers `UseDefaults: true` with the default map ([`default_principal_tags`]).
pub fn get_principal_tag_attribute_map(
    ctx: &Ctx,
    input: GetPrincipalTagAttributeMapInput,
) -> Result<PrincipalTagAttributeMap> {
    ctx.app
        .store
        .read_identity_pool(&input.identity_pool_id, |pool| {
            check_provider(&pool.config, &input.identity_provider_name)?;
            let (use_defaults, tags) = match pool.principal_tags.get(&input.identity_provider_name)
            {
                Some(m) => (m.use_defaults, m.tags.clone()),
                None => (true, default_principal_tags()),
            };
            Ok(PrincipalTagAttributeMap {
                identity_pool_id: pool.id.clone(),
                identity_provider_name: input.identity_provider_name,
                use_defaults: Some(use_defaults),
                principal_tags: Some(tags),
            })
        })
}

fn claim_strings(claims: &serde_json::Map<String, Value>, name: &str) -> Option<Vec<String>> {
    match claims.get(name)? {
        Value::String(s) => Some(vec![s.clone()]),
        Value::Array(a) => Some(
            a.iter()
                .map(|v| {
                    v.as_str()
                        .map(str::to_owned)
                        .unwrap_or_else(|| v.to_string())
                })
                .collect(),
        ),
        Value::Null => None,
        other => Some(vec![other.to_string()]),
    }
}

fn rule_matches(rule: &MappingRule, claims: &serde_json::Map<String, Value>) -> bool {
    // A missing claim matches nothing, not even NotEqual (AWS: "NotEqual on a missing claim is not
    // evaluated"). Multi-valued claims (cognito:groups) match when any value does.
    let Some(values) = claim_strings(claims, &rule.claim) else {
        return false;
    };
    let v = rule.value.as_str();
    match rule.match_type.as_str() {
        "Equals" => values.iter().any(|c| c == v),
        "Contains" => values.iter().any(|c| c.contains(v)),
        "StartsWith" => values.iter().any(|c| c.starts_with(v)),
        "NotEqual" => values.iter().all(|c| c != v),
        _ => false,
    }
}

/// The role of an authenticated identity: the first login with a role mapping decides (Token: a
/// `CustomRoleArn` must be in `cognito:roles`, else `cognito:preferred_role`; Rules: first matching rule);
/// when the mapping resolves nothing, `AmbiguousRoleResolution` (`AuthenticatedRole` or `Deny`). Logins
/// without mappings use the pool's authenticated role.
pub fn choose_authenticated_role(
    roles: &BTreeMap<String, String>,
    mappings: &BTreeMap<String, RoleMapping>,
    logins: &[VerifiedLogin],
    custom_role_arn: Option<&str>,
) -> Result<String> {
    let default_role = || {
        roles
            .get("authenticated")
            .cloned()
            .ok_or_else(invalid_configuration)
    };
    let Some((login, mapping)) = logins
        .iter()
        .find_map(|l| mappings.get(&l.mapping_key).map(|m| (l, m)))
    else {
        return default_role();
    };
    let resolved = match mapping.mapping_type.as_str() {
        "Token" => {
            let token_roles = claim_strings(&login.claims, "cognito:roles").unwrap_or_default();
            match custom_role_arn {
                Some(custom) if token_roles.iter().any(|r| r == custom) => Some(custom.to_owned()),
                Some(_) => return Err(CognitoError::not_authorized(
                    "The CustomRoleArn is not one of the roles in the token's cognito:roles claim.",
                )),
                None => claim_strings(&login.claims, "cognito:preferred_role")
                    .and_then(|r| r.into_iter().next()),
            }
        }
        _ => mapping
            .rules_configuration
            .iter()
            .flat_map(|c| c.rules.iter())
            .find(|r| rule_matches(r, &login.claims))
            .map(|r| r.role_arn.clone()),
    };
    match resolved {
        Some(role) => Ok(role),
        None if mapping.ambiguous_role_resolution.as_deref() == Some("AuthenticatedRole") => {
            default_role()
        }
        None => Err(invalid_configuration()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn login(key: &str, claims: Value) -> VerifiedLogin {
        VerifiedLogin {
            provider: key.into(),
            subject: "s".into(),
            mapping_key: key.into(),
            claims: claims.as_object().cloned().unwrap_or_default().into(),
            names_identity: None,
        }
    }

    fn rules(ambiguous: &str, rules: Vec<MappingRule>) -> RoleMapping {
        RoleMapping {
            mapping_type: "Rules".into(),
            ambiguous_role_resolution: Some(ambiguous.into()),
            rules_configuration: Some(RulesConfigurationType { rules }),
        }
    }

    fn rule(claim: &str, match_type: &str, value: &str, role: &str) -> MappingRule {
        MappingRule {
            claim: claim.into(),
            match_type: match_type.into(),
            value: value.into(),
            role_arn: role.into(),
        }
    }

    #[test]
    fn rules_first_match_wins_and_ambiguity_applies() {
        let roles = BTreeMap::from([("authenticated".to_owned(), "auth".to_owned())]);
        let m = BTreeMap::from([(
            "p".to_owned(),
            rules(
                "AuthenticatedRole",
                vec![
                    rule("custom:dept", "StartsWith", "eng", "eng"),
                    rule("cognito:groups", "Contains", "adm", "admin"),
                    rule("missing", "NotEqual", "x", "never"),
                ],
            ),
        )]);
        let l = |c| vec![login("p", c)];
        let r = |c| choose_authenticated_role(&roles, &m, &l(c), None).unwrap();
        assert_eq!(
            r(serde_json::json!({"custom:dept": "engineering", "cognito:groups": ["admins"]})),
            "eng"
        );
        assert_eq!(
            r(serde_json::json!({"cognito:groups": ["admins"]})),
            "admin"
        );
        assert_eq!(r(serde_json::json!({})), "auth");
        let deny = BTreeMap::from([(
            "p".to_owned(),
            rules("Deny", vec![rule("a", "Equals", "b", "x")]),
        )]);
        let e = choose_authenticated_role(&roles, &deny, &l(serde_json::json!({"a": "c"})), None);
        assert_eq!(
            e.unwrap_err().code(),
            ErrorCode::InvalidIdentityPoolConfiguration
        );
        let ne = BTreeMap::from([(
            "p".to_owned(),
            rules("Deny", vec![rule("a", "NotEqual", "b", "x")]),
        )]);
        assert_eq!(
            choose_authenticated_role(&roles, &ne, &l(serde_json::json!({"a": "c"})), None)
                .unwrap(),
            "x"
        );
    }

    #[test]
    fn token_mapping_uses_custom_then_preferred_role() {
        let roles = BTreeMap::new();
        let m = BTreeMap::from([(
            "p".to_owned(),
            RoleMapping {
                mapping_type: "Token".into(),
                ambiguous_role_resolution: Some("Deny".into()),
                rules_configuration: None,
            },
        )]);
        let claims =
            serde_json::json!({"cognito:roles": ["r1", "r2"], "cognito:preferred_role": "r1"});
        let l = vec![login("p", claims)];
        assert_eq!(
            choose_authenticated_role(&roles, &m, &l, Some("r2")).unwrap(),
            "r2"
        );
        assert_eq!(
            choose_authenticated_role(&roles, &m, &l, None).unwrap(),
            "r1"
        );
        assert!(choose_authenticated_role(&roles, &m, &l, Some("r3")).is_err());
        let none = vec![login("p", serde_json::json!({}))];
        assert!(choose_authenticated_role(&roles, &m, &none, None).is_err());
    }
}
