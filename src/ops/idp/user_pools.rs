//! User pools: lifecycle (create, describe, list, update, delete), custom attributes, MFA configuration,
//! hosted-UI customization, tags, risk and log-delivery configuration.

use crate::app::Ctx;
use crate::domain::ids;
use crate::domain::pagination;
use crate::domain::user_pool::{
    apply_config_defaults, build_schema, check_config_rules, custom_attribute, schema, GivenConfig,
    StoredRiskConfiguration, UiCustomization, UserPool,
};
use crate::error::{CognitoError, Result};
use crate::model::idp::user_pools::*;
use crate::model::timestamp::Timestamp;
use crate::ops::{Empty, PreSerialized};

/// [CreateUserPool](https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_CreateUserPool.html).
/// Every member is stored and echoed; AWS's defaults are filled in for those left out.
pub fn create_user_pool(ctx: &Ctx, input: CreateUserPoolRequest) -> Result<PreSerialized> {
    let given = GivenConfig {
        config: input.config,
        schema: input.schema,
    };
    let config = ctx.app.store.pool_configs.intern_given(given, |given| {
        let mut config = given.config.clone();
        config.schema_attributes = given.schema.clone().map(Into::into);
        check_config_rules(&config)?;
        config.schema_attributes = Some(build_schema(given.schema.as_deref().unwrap_or(&[]))?);
        apply_config_defaults(&mut config);
        Ok(config)
    })?;
    let region = ctx.region.clone();
    let id = ids::user_pool_id(&region);
    let now = ctx.now_ms();
    let arn = ids::user_pool_arn(&region, ctx.account(), &id);
    let sms = config.sms_configuration.is_some();
    let mut pool = UserPool::new(id, region, arn, input.pool_name, now, config);
    pool.mfa_factors.sms = sms;
    // `CreateUserPoolResponse` has the shape of `DescribeUserPoolResponse`; serialized before the pool
    // moves into the store (not cached: 4.5 KB more per pool, for a DescribeUserPool that may not come).
    let body = pool.description_json()?;
    ctx.app.store.insert_user_pool(pool);
    Ok(PreSerialized(body))
}

/// [DescribeUserPool](https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_DescribeUserPool.html).
/// The answer (`DescribeUserPoolResponse`, about 4 KB) is serialized once per version of the pool and
/// reused until the pool changes.
pub fn describe_user_pool(ctx: &Ctx, input: DescribeUserPoolRequest) -> Result<PreSerialized> {
    ctx.app
        .store
        .read_pool(&input.user_pool_id, |p| p.describe_body())
        .map(PreSerialized)
}

/// [ListUserPools](https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_ListUserPools.html).
/// Lists the pools of the request's region in creation order (AWS documents no order), so pages never
/// repeat or skip a pool.
pub fn list_user_pools(ctx: &Ctx, input: ListUserPoolsRequest) -> Result<ListUserPoolsResponse> {
    let after = input
        .next_token
        .as_deref()
        .map(pagination::decode)
        .transpose()?;
    let limit = usize::try_from(input.max_results).unwrap_or(1);
    let (page, next) = ctx
        .app
        .store
        .user_pool_page(after.as_deref(), limit, |id| {
            ids::region_of(id) == Some(ctx.region.as_str())
        })?;
    let next_token = next.as_deref().map(pagination::encode);
    let user_pools = page
        .iter()
        .filter_map(|id| {
            // A pool deleted between listing ids and reading it is simply left out.
            ctx.app
                .store
                .read_pool(id, |p| {
                    Ok(UserPoolDescriptionType {
                        id: p.id.clone(),
                        name: p.name.clone(),
                        lambda_config: p
                            .config
                            .lambda_config
                            .clone()
                            .unwrap_or_else(|| std::sync::Arc::new(serde_json::json!({}))),
                        creation_date: crate::model::timestamp::Timestamp::from_millis(
                            p.created_ms,
                        ),
                        last_modified_date: crate::model::timestamp::Timestamp::from_millis(
                            p.modified_ms,
                        ),
                    })
                })
                .ok()
        })
        .collect();
    Ok(ListUserPoolsResponse {
        user_pools,
        next_token,
    })
}

/// [UpdateUserPool](https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_UpdateUserPool.html).
/// As AWS documents, members left out return to their defaults; what cannot change after creation
/// (schema, username and alias attributes, username configuration) is kept.
pub fn update_user_pool(ctx: &Ctx, input: UpdateUserPoolRequest) -> Result<Empty> {
    let now = ctx.now_ms();
    ctx.app.store.write_pool(&input.user_pool_id, |pool| {
        let mut config = input.config;
        config.schema_attributes = pool.config.schema_attributes.clone();
        config.username_attributes = pool.config.username_attributes.clone();
        config.alias_attributes = pool.config.alias_attributes.clone();
        config.username_configuration = pool.config.username_configuration.clone();
        if config.user_pool_tags.is_none() {
            config.user_pool_tags = pool.config.user_pool_tags.clone();
        }
        check_config_rules(&config)?;
        apply_config_defaults(&mut config);
        if config.mfa_configuration.as_deref() != Some("OFF") && config.sms_configuration.is_some()
        {
            pool.mfa_factors.sms = true;
        }
        if let Some(name) = input.pool_name {
            pool.name = name;
        }
        pool.config = ctx.app.store.pool_configs.intern(config);
        pool.modified_ms = now;
        Ok(())
    })?;
    Ok(Empty {})
}

/// [DeleteUserPool](https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_DeleteUserPool.html).
/// Refused while `DeletionProtection` is `ACTIVE`.
pub fn delete_user_pool(ctx: &Ctx, input: DeleteUserPoolRequest) -> Result<Empty> {
    ctx.app.store.remove_user_pool(&input.user_pool_id, |p| {
        if p.deletion_protected() {
            return Err(CognitoError::invalid_parameter(
                "The user pool cannot be deleted because deletion protection is activated. \
                 Deletion protection must be inactivated first.",
            ));
        }
        Ok(())
    })?;
    Ok(Empty {})
}

/// [AddCustomAttributes](https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AddCustomAttributes.html).
/// Appends `custom:` attributes to the schema; a name the schema already has is refused, and custom
/// attributes can never be required.
pub fn add_custom_attributes(ctx: &Ctx, input: AddCustomAttributesRequest) -> Result<Empty> {
    let now = ctx.now_ms();
    ctx.app.store.write_pool(&input.user_pool_id, |pool| {
        let mut schema = schema(&pool.config).to_vec();
        for attr in &input.custom_attributes {
            let Some(name) = attr.name.as_deref() else {
                return Err(CognitoError::invalid_parameter(
                    "Attribute name is required in schema.",
                ));
            };
            let custom = custom_attribute(attr, name)?;
            crate::domain::user_pool::check_config_rules(
                &crate::model::idp::user_pools::UserPoolConfig {
                    schema_attributes: Some(vec![custom.clone()].into()),
                    ..Default::default()
                },
            )?;
            let full = custom.name.clone().unwrap_or_default();
            if schema
                .iter()
                .any(|a| a.name.as_deref() == Some(full.as_str()))
            {
                return Err(CognitoError::invalid_parameter(format!(
                    "{full}: Existing attribute already has name {full}."
                )));
            }
            schema.push(custom);
        }
        pool.config_mut().schema_attributes = Some(schema.into());
        pool.modified_ms = now;
        Ok(())
    })?;
    Ok(Empty {})
}

fn mfa_config_of(pool: &UserPool) -> UserPoolMfaConfigResponse {
    UserPoolMfaConfigResponse {
        sms_mfa_configuration: pool.mfa_factors.sms.then(|| SmsMfaConfigType {
            sms_authentication_message: pool.config.sms_authentication_message.clone(),
            sms_configuration: pool.config.sms_configuration.as_deref().cloned(),
        }),
        software_token_mfa_configuration: pool.mfa_factors.software_token.map(|enabled| {
            SoftwareTokenMfaConfigType {
                enabled: Some(enabled),
            }
        }),
        email_mfa_configuration: pool.mfa_factors.email.as_deref().cloned(),
        mfa_configuration: pool
            .config
            .mfa_configuration
            .clone()
            .unwrap_or_else(|| "OFF".to_owned()),
        web_authn_configuration: pool.mfa_factors.web_authn.as_deref().cloned(),
    }
}

/// [GetUserPoolMfaConfig](https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_GetUserPoolMfaConfig.html).
pub fn get_user_pool_mfa_config(
    ctx: &Ctx,
    input: UserPoolIdRequest,
) -> Result<UserPoolMfaConfigResponse> {
    ctx.app
        .store
        .read_pool(&input.user_pool_id, |p| Ok(mfa_config_of(p)))
}

/// [SetUserPoolMfaConfig](https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_SetUserPoolMfaConfig.html).
/// The SMS, TOTP and email factors are replaced by what is given (a factor left out is turned off);
/// `WebAuthnConfiguration` and `MfaConfiguration` are kept when left out. `MfaConfiguration` ON or
/// OPTIONAL needs a factor; email MFA needs SES sending (`DEVELOPER`) and a tier above LITE. The SMS
/// settings also show in `DescribeUserPool`, as in AWS.
pub fn set_user_pool_mfa_config(
    ctx: &Ctx,
    input: SetUserPoolMfaConfigRequest,
) -> Result<UserPoolMfaConfigResponse> {
    let now = ctx.now_ms();
    ctx.app.store.write_pool(&input.user_pool_id, |pool| {
        let mode = input
            .mfa_configuration
            .clone()
            .or_else(|| pool.config.mfa_configuration.clone())
            .unwrap_or_else(|| "OFF".to_owned());
        let software = input
            .software_token_mfa_configuration
            .as_ref()
            .map(|c| c.enabled.unwrap_or(false));
        let sms = input.sms_mfa_configuration.is_some();
        let email = input.email_mfa_configuration.clone();
        if mode != "OFF" && !sms && software != Some(true) && email.is_none() {
            return Err(CognitoError::invalid_parameter(
                "Invalid MFA configuration given, can't turn on MFA and have no enabled MFA factors.",
            ));
        }
        if email.is_some() {
            if pool.config.user_pool_tier.as_deref() == Some("LITE") {
                return Err(CognitoError::new(
                    crate::error::ErrorCode::FeatureUnavailableInTier,
                    "Email MFA is not available in the LITE tier.",
                ));
            }
            let sending = pool
                .config
                .email_configuration
                .as_ref()
                .and_then(|c| c.get("EmailSendingAccount"))
                .and_then(serde_json::Value::as_str);
            if sending != Some("DEVELOPER") {
                return Err(CognitoError::invalid_parameter(
                    "Email MFA requires the user pool to send email with Amazon SES \
                     (EmailSendingAccount DEVELOPER).",
                ));
            }
        }
        if let Some(c) = &input.sms_mfa_configuration {
            if c.sms_authentication_message.is_some() {
                pool.config_mut().sms_authentication_message =
                    c.sms_authentication_message.clone();
            }
            if c.sms_configuration.is_some() {
                pool.config_mut().sms_configuration =
                    c.sms_configuration.clone().map(std::sync::Arc::new);
            }
        }
        pool.mfa_factors.sms = sms;
        pool.mfa_factors.software_token = software;
        pool.mfa_factors.email = email.map(Box::new);
        if input.web_authn_configuration.is_some() {
            pool.mfa_factors.web_authn = input.web_authn_configuration.clone().map(Box::new);
        }
        pool.config_mut().mfa_configuration = Some(mode);
        pool.modified_ms = now;
        Ok(mfa_config_of(pool))
    })
}

/// The key of a pool-wide or per-client setting: `ALL` stands for the pool.
fn client_key(pool: &UserPool, client_id: Option<&str>) -> Result<String> {
    match client_id {
        None | Some("ALL") => Ok("ALL".to_owned()),
        Some(id) if pool.clients.contains_key(id) => Ok(id.to_owned()),
        Some(id) => Err(crate::ops::idp::clients::client_not_found(id)),
    }
}

fn ui_customization_of(
    pool: &UserPool,
    key: &str,
    found: Option<&UiCustomization>,
) -> UICustomizationType {
    UICustomizationType {
        user_pool_id: pool.id.clone(),
        client_id: key.to_owned(),
        image_url: found.and_then(|u| u.image_url.clone()),
        css: found.and_then(|u| u.css.clone()),
        css_version: found.map(|u| u.modified_ms.to_string()),
        last_modified_date: found.map(|u| Timestamp::from_millis(u.modified_ms)),
        creation_date: found.map(|u| Timestamp::from_millis(u.created_ms)),
    }
}

/// [SetUICustomization](https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_SetUICustomization.html).
/// Stores the CSS; an uploaded image becomes an `ImageUrl` (the image itself is not served).
pub fn set_ui_customization(
    ctx: &Ctx,
    input: SetUICustomizationRequest,
) -> Result<UICustomizationResponse> {
    let now = ctx.now_ms();
    let ui_customization = ctx.app.store.write_pool(&input.user_pool_id, |pool| {
        let key = client_key(pool, input.client_id.as_deref())?;
        let created_ms = pool
            .rare
            .ui_customizations
            .get(&key)
            .map_or(now, |u| u.created_ms);
        let image_url = input.image_file.as_ref().map(|_| {
            format!(
                "https://d3oia8etllorh5.cloudfront.net/{}/{}/{now}/assets/images/image.jpg",
                pool.id, key
            )
        });
        let entry = UiCustomization {
            css: input.css.clone(),
            image_url,
            created_ms,
            modified_ms: now,
        };
        pool.rare.ui_customizations.insert(key.clone(), entry);
        Ok(ui_customization_of(
            pool,
            &key,
            pool.rare.ui_customizations.get(&key),
        ))
    })?;
    Ok(UICustomizationResponse { ui_customization })
}

/// [GetUICustomization](https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_GetUICustomization.html).
/// A client without its own customization gets the pool-wide (`ALL`) one.
pub fn get_ui_customization(
    ctx: &Ctx,
    input: GetUICustomizationRequest,
) -> Result<UICustomizationResponse> {
    let ui_customization = ctx.app.store.read_pool(&input.user_pool_id, |pool| {
        let key = client_key(pool, input.client_id.as_deref())?;
        Ok(match pool.rare.ui_customizations.get(&key) {
            Some(u) => ui_customization_of(pool, &key, Some(u)),
            None => ui_customization_of(pool, "ALL", pool.rare.ui_customizations.get("ALL")),
        })
    })?;
    Ok(UICustomizationResponse { ui_customization })
}

/// The pool id of a user pool ARN (`arn:aws:cognito-idp:<region>:<account>:userpool/<id>`).
fn pool_of_arn(ctx: &Ctx, arn: &str) -> Result<String> {
    let id = arn
        .strip_prefix("arn:aws:cognito-idp:")
        .and_then(|rest| rest.split_once(":userpool/"))
        .map(|(_, id)| id.to_owned())
        .ok_or_else(|| CognitoError::invalid_parameter(format!("Invalid ARN: {arn}")))?;
    let known = ctx
        .app
        .store
        .read_pool(&id, |p| Ok(p.arn == arn))
        .unwrap_or(false);
    if known {
        Ok(id)
    } else {
        Err(CognitoError::resource_not_found(format!(
            "Resource {arn} does not exist."
        )))
    }
}

/// [TagResource](https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_TagResource.html).
/// Tags a user pool; `DescribeUserPool`'s `UserPoolTags` shows the same tags.
pub fn tag_resource(ctx: &Ctx, input: TagResourceRequest) -> Result<Empty> {
    let id = pool_of_arn(ctx, &input.resource_arn)?;
    ctx.app.store.write_pool(&id, |pool| {
        let mut tags = pool.config.user_pool_tags.clone().unwrap_or_default();
        tags.extend(input.tags);
        if tags.len() > 50 {
            return Err(CognitoError::invalid_parameter(
                "A user pool can have at most 50 tags.",
            ));
        }
        pool.config_mut().user_pool_tags = Some(tags);
        Ok(())
    })?;
    Ok(Empty {})
}

/// [UntagResource](https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_UntagResource.html).
pub fn untag_resource(ctx: &Ctx, input: UntagResourceRequest) -> Result<Empty> {
    let id = pool_of_arn(ctx, &input.resource_arn)?;
    ctx.app.store.write_pool(&id, |pool| {
        // Only a pool that has tags gets its (maybe shared) configuration copied.
        if pool.config.user_pool_tags.is_some() {
            if let Some(tags) = pool.config_mut().user_pool_tags.as_mut() {
                for k in &input.tag_keys {
                    tags.remove(k);
                }
            }
        }
        Ok(())
    })?;
    Ok(Empty {})
}

/// [ListTagsForResource](https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_ListTagsForResource.html).
pub fn list_tags_for_resource(
    ctx: &Ctx,
    input: ListTagsForResourceRequest,
) -> Result<ListTagsForResourceResponse> {
    let id = pool_of_arn(ctx, &input.resource_arn)?;
    ctx.app.store.read_pool(&id, |pool| {
        Ok(ListTagsForResourceResponse {
            tags: pool.config.user_pool_tags.clone().unwrap_or_default(),
        })
    })
}

fn risk_configuration_of(pool: &UserPool, key: &str) -> RiskConfigurationType {
    let found = pool
        .rare
        .risk_configurations
        .get(key)
        .map(|r| (key, r))
        .or_else(|| pool.rare.risk_configurations.get("ALL").map(|r| ("ALL", r)));
    RiskConfigurationType {
        user_pool_id: pool.id.clone(),
        client_id: found
            .map(|(k, _)| k)
            .filter(|k| *k != "ALL")
            .map(str::to_owned),
        document: found.map(|(_, r)| r.document.clone()).unwrap_or_default(),
        last_modified_date: found.map(|(_, r)| Timestamp::from_millis(r.modified_ms)),
    }
}

/// [SetRiskConfiguration](https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_SetRiskConfiguration.html).
/// Stored and echoed per client or pool-wide; threat protection itself is not emulated.
pub fn set_risk_configuration(
    ctx: &Ctx,
    input: SetRiskConfigurationRequest,
) -> Result<RiskConfigurationResponse> {
    let now = ctx.now_ms();
    let risk_configuration = ctx.app.store.write_pool(&input.user_pool_id, |pool| {
        let key = client_key(pool, input.client_id.as_deref())?;
        let mut document = serde_json::Map::new();
        for (k, v) in [
            (
                "CompromisedCredentialsRiskConfiguration",
                &input.compromised_credentials_risk_configuration,
            ),
            (
                "AccountTakeoverRiskConfiguration",
                &input.account_takeover_risk_configuration,
            ),
            (
                "RiskExceptionConfiguration",
                &input.risk_exception_configuration,
            ),
        ] {
            if let Some(v) = v {
                document.insert(k.to_owned(), v.clone());
            }
        }
        pool.rare.risk_configurations.insert(
            key.clone(),
            StoredRiskConfiguration {
                document,
                modified_ms: now,
            },
        );
        Ok(risk_configuration_of(pool, &key))
    })?;
    Ok(RiskConfigurationResponse { risk_configuration })
}

/// [DescribeRiskConfiguration](https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_DescribeRiskConfiguration.html).
/// A client without its own configuration gets the pool-wide one.
pub fn describe_risk_configuration(
    ctx: &Ctx,
    input: DescribeRiskConfigurationRequest,
) -> Result<RiskConfigurationResponse> {
    let risk_configuration = ctx.app.store.read_pool(&input.user_pool_id, |pool| {
        let key = client_key(pool, input.client_id.as_deref())?;
        Ok(risk_configuration_of(pool, &key))
    })?;
    Ok(RiskConfigurationResponse { risk_configuration })
}

/// [SetLogDeliveryConfiguration](https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_SetLogDeliveryConfiguration.html).
/// Stored and echoed; no logs are delivered.
pub fn set_log_delivery_configuration(
    ctx: &Ctx,
    input: SetLogDeliveryConfigurationRequest,
) -> Result<LogDeliveryConfigurationResponse> {
    ctx.app.store.write_pool(&input.user_pool_id, |pool| {
        pool.rare.log_configurations = Some(input.log_configurations.clone());
        Ok(LogDeliveryConfigurationResponse {
            log_delivery_configuration: LogDeliveryConfigurationType {
                user_pool_id: pool.id.clone(),
                log_configurations: input.log_configurations,
            },
        })
    })
}

/// [GetLogDeliveryConfiguration](https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_GetLogDeliveryConfiguration.html).
pub fn get_log_delivery_configuration(
    ctx: &Ctx,
    input: UserPoolIdRequest,
) -> Result<LogDeliveryConfigurationResponse> {
    ctx.app.store.read_pool(&input.user_pool_id, |pool| {
        Ok(LogDeliveryConfigurationResponse {
            log_delivery_configuration: LogDeliveryConfigurationType {
                user_pool_id: pool.id.clone(),
                log_configurations: pool
                    .rare
                    .log_configurations
                    .clone()
                    .unwrap_or_else(|| serde_json::json!([])),
            },
        })
    })
}
