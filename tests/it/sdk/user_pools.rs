//! User pool lifecycle through the Rust SDK.

use crate::common::{idp, start};
use aws_sdk_cognitoidentityprovider::types::{DeletionProtectionType, UserPoolMfaType};

#[tokio::test]
async fn create_describe_update_delete_user_pool() {
    let s = start().await;
    let c = idp(&s).await;
    let created = c.create_user_pool().pool_name("sdk").send().await.unwrap();
    let pool = created.user_pool.unwrap();
    let id = pool.id.unwrap();
    assert!(pool.arn.unwrap().ends_with(&format!("userpool/{id}")));
    assert_eq!(pool.mfa_configuration, Some(UserPoolMfaType::Off));
    assert!(pool.creation_date.is_some());
    let policy = pool.policies.unwrap().password_policy.unwrap();
    assert_eq!(policy.minimum_length, Some(8));

    c.update_user_pool()
        .user_pool_id(&id)
        .mfa_configuration(UserPoolMfaType::Optional)
        .deletion_protection(DeletionProtectionType::Active)
        .send()
        .await
        .unwrap();
    let described = c
        .describe_user_pool()
        .user_pool_id(&id)
        .send()
        .await
        .unwrap();
    let pool = described.user_pool.unwrap();
    assert_eq!(pool.mfa_configuration, Some(UserPoolMfaType::Optional));
    assert_eq!(pool.name.as_deref(), Some("sdk"));

    let err = c
        .delete_user_pool()
        .user_pool_id(&id)
        .send()
        .await
        .unwrap_err();
    assert!(err.into_service_error().is_invalid_parameter_exception());

    c.update_user_pool()
        .user_pool_id(&id)
        .deletion_protection(DeletionProtectionType::Inactive)
        .send()
        .await
        .unwrap();
    c.delete_user_pool().user_pool_id(&id).send().await.unwrap();
    let err = c
        .describe_user_pool()
        .user_pool_id(&id)
        .send()
        .await
        .unwrap_err();
    assert!(err.into_service_error().is_resource_not_found_exception());
}

#[tokio::test]
async fn list_user_pools_paginates_without_gaps() {
    let s = start().await;
    let c = idp(&s).await;
    let mut ids = Vec::new();
    for i in 0..7 {
        let p = c
            .create_user_pool()
            .pool_name(format!("p{i}"))
            .send()
            .await
            .unwrap();
        ids.push(p.user_pool.unwrap().id.unwrap());
    }
    // Pools are listed in creation order; a pool deleted after the first page was taken does not
    // disturb the pages after it.
    let mut seen = Vec::new();
    let mut token = None;
    let mut deleted = false;
    loop {
        let page = c
            .list_user_pools()
            .max_results(3)
            .set_next_token(token)
            .send()
            .await
            .unwrap();
        let pools = page.user_pools.unwrap_or_default();
        assert!(pools.len() <= 3);
        seen.extend(pools.into_iter().map(|p| p.id.unwrap()));
        token = page.next_token;
        if token.is_none() {
            break;
        }
        if !deleted {
            c.delete_user_pool()
                .user_pool_id(&ids[3])
                .send()
                .await
                .unwrap();
            ids.remove(3);
            deleted = true;
        }
    }
    assert_eq!(seen, ids);
}

#[tokio::test]
async fn validation_errors_surface_as_sdk_errors() {
    let s = start().await;
    let c = idp(&s).await;
    let err = c
        .describe_user_pool()
        .user_pool_id("nounderscore")
        .send()
        .await
        .unwrap_err();
    let err = err.into_service_error();
    assert!(err.is_invalid_parameter_exception(), "{err:?}");
    let err = c
        .admin_get_user()
        .user_pool_id("us-east-1_abc")
        .username("x")
        .send()
        .await;
    assert!(err.is_err());
}

async fn new_pool(c: &aws_sdk_cognitoidentityprovider::Client) -> (String, String) {
    let p = c
        .create_user_pool()
        .pool_name("cfg")
        .send()
        .await
        .unwrap()
        .user_pool
        .unwrap();
    (p.id.unwrap(), p.arn.unwrap())
}

#[tokio::test]
async fn create_user_pool_echoes_members_and_mirrors_verification_messages() {
    use aws_sdk_cognitoidentityprovider::types::{
        AccountRecoverySettingType, AliasAttributeType, RecoveryOptionNameType, RecoveryOptionType,
        UsernameConfigurationType, VerifiedAttributeType,
    };
    let s = start().await;
    let c = idp(&s).await;
    let p = c
        .create_user_pool()
        .pool_name("echo")
        .alias_attributes(AliasAttributeType::Email)
        .auto_verified_attributes(VerifiedAttributeType::Email)
        .email_verification_message("Your code is {####}")
        .email_verification_subject("Verify")
        .username_configuration(
            UsernameConfigurationType::builder()
                .case_sensitive(false)
                .build()
                .unwrap(),
        )
        .account_recovery_setting(
            AccountRecoverySettingType::builder()
                .recovery_mechanisms(
                    RecoveryOptionType::builder()
                        .name(RecoveryOptionNameType::VerifiedEmail)
                        .priority(1)
                        .build()
                        .unwrap(),
                )
                .build(),
        )
        .user_pool_tags("team", "id")
        .send()
        .await
        .unwrap()
        .user_pool
        .unwrap();
    let t = p.verification_message_template.clone().unwrap();
    assert_eq!(t.email_message.as_deref(), Some("Your code is {####}"));
    assert_eq!(t.email_subject.as_deref(), Some("Verify"));
    assert_eq!(
        p.email_verification_message.as_deref(),
        Some("Your code is {####}")
    );
    assert!(!p.username_configuration.as_ref().unwrap().case_sensitive);
    assert_eq!(
        p.account_recovery_setting
            .as_ref()
            .unwrap()
            .recovery_mechanisms()
            .len(),
        1
    );
    assert_eq!(p.auto_verified_attributes(), [VerifiedAttributeType::Email]);
    assert_eq!(p.user_pool_tags.unwrap()["team"], "id");
}

#[tokio::test]
async fn create_user_pool_preferred_username_required_alias_is_invalid() {
    use aws_sdk_cognitoidentityprovider::types::{AliasAttributeType, SchemaAttributeType};
    let s = start().await;
    let c = idp(&s).await;
    let err = c
        .create_user_pool()
        .pool_name("bad")
        .alias_attributes(AliasAttributeType::PreferredUsername)
        .schema(
            SchemaAttributeType::builder()
                .name("preferred_username")
                .required(true)
                .build(),
        )
        .send()
        .await
        .unwrap_err();
    assert!(err.into_service_error().is_invalid_parameter_exception());
}

#[tokio::test]
async fn add_custom_attributes_appends_and_refuses_duplicates() {
    use aws_sdk_cognitoidentityprovider::types::{
        AttributeDataType, NumberAttributeConstraintsType, SchemaAttributeType,
    };
    let s = start().await;
    let c = idp(&s).await;
    let (pool, _) = new_pool(&c).await;
    let attr = |name: &str, ty: AttributeDataType| {
        SchemaAttributeType::builder()
            .name(name)
            .attribute_data_type(ty)
            .build()
    };
    c.add_custom_attributes()
        .user_pool_id(&pool)
        .custom_attributes(attr("team", AttributeDataType::String))
        .custom_attributes(
            SchemaAttributeType::builder()
                .name("level")
                .attribute_data_type(AttributeDataType::Number)
                .number_attribute_constraints(
                    NumberAttributeConstraintsType::builder()
                        .min_value("1")
                        .max_value("10")
                        .build(),
                )
                .build(),
        )
        .custom_attributes(attr("born", AttributeDataType::Datetime))
        .custom_attributes(attr("vip", AttributeDataType::Boolean))
        .send()
        .await
        .unwrap();
    let p = c
        .describe_user_pool()
        .user_pool_id(&pool)
        .send()
        .await
        .unwrap()
        .user_pool
        .unwrap();
    let schema = p.schema_attributes();
    let level = schema
        .iter()
        .find(|a| a.name.as_deref() == Some("custom:level"))
        .unwrap();
    assert_eq!(level.required, Some(false));
    assert_eq!(
        level
            .number_attribute_constraints
            .as_ref()
            .unwrap()
            .max_value
            .as_deref(),
        Some("10")
    );
    assert!(schema
        .iter()
        .any(|a| a.name.as_deref() == Some("custom:vip")));

    let err = c
        .add_custom_attributes()
        .user_pool_id(&pool)
        .custom_attributes(attr("team", AttributeDataType::String))
        .send()
        .await
        .unwrap_err();
    assert!(err.into_service_error().is_invalid_parameter_exception());
    let err = c
        .add_custom_attributes()
        .user_pool_id(&pool)
        .custom_attributes(
            SchemaAttributeType::builder()
                .name("must")
                .attribute_data_type(AttributeDataType::String)
                .required(true)
                .build(),
        )
        .send()
        .await
        .unwrap_err();
    assert!(err.into_service_error().is_invalid_parameter_exception());
}

#[tokio::test]
async fn set_user_pool_mfa_config_is_consistent_with_describe_user_pool() {
    use aws_sdk_cognitoidentityprovider::types::{
        SmsConfigurationType, SmsMfaConfigType, SoftwareTokenMfaConfigType, UserPoolMfaType,
    };
    let s = start().await;
    let c = idp(&s).await;
    let (pool, _) = new_pool(&c).await;
    let got = c
        .get_user_pool_mfa_config()
        .user_pool_id(&pool)
        .send()
        .await
        .unwrap();
    assert_eq!(got.mfa_configuration, Some(UserPoolMfaType::Off));

    let err = c
        .set_user_pool_mfa_config()
        .user_pool_id(&pool)
        .mfa_configuration(UserPoolMfaType::On)
        .send()
        .await
        .unwrap_err();
    assert!(err.into_service_error().is_invalid_parameter_exception());

    let set = c
        .set_user_pool_mfa_config()
        .user_pool_id(&pool)
        .mfa_configuration(UserPoolMfaType::Optional)
        .software_token_mfa_configuration(
            SoftwareTokenMfaConfigType::builder().enabled(true).build(),
        )
        .sms_mfa_configuration(
            SmsMfaConfigType::builder()
                .sms_authentication_message("Code {####}")
                .sms_configuration(
                    SmsConfigurationType::builder()
                        .sns_caller_arn("arn:aws:iam::123456789012:role/sns")
                        .external_id("ext")
                        .build(),
                )
                .build(),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(set.mfa_configuration, Some(UserPoolMfaType::Optional));
    assert!(set.software_token_mfa_configuration.unwrap().enabled);
    let p = c
        .describe_user_pool()
        .user_pool_id(&pool)
        .send()
        .await
        .unwrap()
        .user_pool
        .unwrap();
    assert_eq!(p.mfa_configuration, Some(UserPoolMfaType::Optional));
    assert_eq!(p.sms_authentication_message.as_deref(), Some("Code {####}"));
    assert!(p.sms_configuration.is_some());
    let got = c
        .get_user_pool_mfa_config()
        .user_pool_id(&pool)
        .send()
        .await
        .unwrap();
    assert_eq!(
        got.sms_mfa_configuration
            .unwrap()
            .sms_authentication_message
            .as_deref(),
        Some("Code {####}")
    );
}

#[tokio::test]
async fn set_ui_customization_per_client_falls_back_to_pool_wide() {
    use aws_sdk_cognitoidentityprovider::primitives::Blob;
    let s = start().await;
    let c = idp(&s).await;
    let (pool, _) = new_pool(&c).await;
    let client = c
        .create_user_pool_client()
        .user_pool_id(&pool)
        .client_name("web")
        .send()
        .await
        .unwrap()
        .user_pool_client
        .unwrap()
        .client_id
        .unwrap();
    let all = c
        .set_ui_customization()
        .user_pool_id(&pool)
        .css(".banner-customizable { background: red; }")
        .image_file(Blob::new(vec![0x89, b'P', b'N', b'G']))
        .send()
        .await
        .unwrap()
        .ui_customization
        .unwrap();
    assert_eq!(all.client_id.as_deref(), Some("ALL"));
    assert!(all.image_url.is_some());
    assert!(all.css_version.is_some());
    let got = c
        .get_ui_customization()
        .user_pool_id(&pool)
        .client_id(&client)
        .send()
        .await
        .unwrap()
        .ui_customization
        .unwrap();
    assert_eq!(
        got.css.as_deref(),
        Some(".banner-customizable { background: red; }")
    );
    c.set_ui_customization()
        .user_pool_id(&pool)
        .client_id(&client)
        .css(".label-customizable { color: blue; }")
        .send()
        .await
        .unwrap();
    let got = c
        .get_ui_customization()
        .user_pool_id(&pool)
        .client_id(&client)
        .send()
        .await
        .unwrap()
        .ui_customization
        .unwrap();
    assert_eq!(got.client_id.as_deref(), Some(client.as_str()));
    assert_eq!(
        got.css.as_deref(),
        Some(".label-customizable { color: blue; }")
    );
    let err = c
        .get_ui_customization()
        .user_pool_id(&pool)
        .client_id("unknownclient")
        .send()
        .await
        .unwrap_err();
    assert!(err.into_service_error().is_resource_not_found_exception());
}

#[tokio::test]
async fn tag_resource_is_consistent_with_user_pool_tags() {
    let s = start().await;
    let c = idp(&s).await;
    let (pool, arn) = new_pool(&c).await;
    c.tag_resource()
        .resource_arn(&arn)
        .tags("env", "dev")
        .tags("team", "id")
        .send()
        .await
        .unwrap();
    c.untag_resource()
        .resource_arn(&arn)
        .tag_keys("team")
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
    assert_eq!(tags["env"], "dev");
    let p = c
        .describe_user_pool()
        .user_pool_id(&pool)
        .send()
        .await
        .unwrap()
        .user_pool
        .unwrap();
    assert_eq!(p.user_pool_tags.unwrap(), tags);
    let err = c
        .list_tags_for_resource()
        .resource_arn("arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_nope")
        .send()
        .await
        .unwrap_err();
    assert!(err.into_service_error().is_resource_not_found_exception());
}

#[tokio::test]
async fn set_risk_configuration_and_log_delivery_are_stored_and_echoed() {
    use aws_sdk_cognitoidentityprovider::types::{
        CloudWatchLogsConfigurationType, EventSourceName, LogConfigurationType, LogLevel,
        RiskExceptionConfigurationType,
    };
    let s = start().await;
    let c = idp(&s).await;
    let (pool, _) = new_pool(&c).await;
    c.set_risk_configuration()
        .user_pool_id(&pool)
        .risk_exception_configuration(
            RiskExceptionConfigurationType::builder()
                .blocked_ip_range_list("10.0.0.0/8")
                .build(),
        )
        .send()
        .await
        .unwrap();
    let r = c
        .describe_risk_configuration()
        .user_pool_id(&pool)
        .send()
        .await
        .unwrap()
        .risk_configuration
        .unwrap();
    assert_eq!(r.user_pool_id.as_deref(), Some(pool.as_str()));
    assert_eq!(
        r.risk_exception_configuration
            .unwrap()
            .blocked_ip_range_list(),
        ["10.0.0.0/8"]
    );
    let set = c
        .set_log_delivery_configuration()
        .user_pool_id(&pool)
        .log_configurations(
            LogConfigurationType::builder()
                .log_level(LogLevel::Error)
                .event_source(EventSourceName::UserNotification)
                .cloud_watch_logs_configuration(
                    CloudWatchLogsConfigurationType::builder()
                        .log_group_arn("arn:aws:logs:us-east-1:123456789012:log-group:g")
                        .build(),
                )
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(
        set.log_delivery_configuration
            .unwrap()
            .log_configurations()
            .len(),
        1
    );
    let got = c
        .get_log_delivery_configuration()
        .user_pool_id(&pool)
        .send()
        .await
        .unwrap()
        .log_delivery_configuration
        .unwrap();
    assert_eq!(got.log_configurations()[0].log_level, LogLevel::Error);
}

/// What an IaC tool does: pool, resource server, OAuth client using its scopes, domain, IdP; then
/// describe, update, list, and tear down in reverse order.
#[tokio::test]
async fn iac_full_pool_setup_describe_update_and_teardown() {
    use aws_sdk_cognitoidentityprovider::types::{
        IdentityProviderTypeType, OAuthFlowType, ResourceServerScopeType,
    };
    let s = start().await;
    let c = idp(&s).await;
    let (pool, _) = new_pool(&c).await;
    let scope = |n: &str| {
        ResourceServerScopeType::builder()
            .scope_name(n)
            .scope_description(n)
            .build()
            .unwrap()
    };
    c.create_resource_server()
        .user_pool_id(&pool)
        .identifier("https://api.example.com")
        .name("api")
        .scopes(scope("read"))
        .scopes(scope("write"))
        .send()
        .await
        .unwrap();
    c.create_identity_provider()
        .user_pool_id(&pool)
        .provider_name("Google")
        .provider_type(IdentityProviderTypeType::Google)
        .provider_details("client_id", "gid")
        .provider_details("client_secret", "gs")
        .provider_details("authorize_scopes", "openid email")
        .attribute_mapping("email", "email")
        .send()
        .await
        .unwrap();
    let client = c
        .create_user_pool_client()
        .user_pool_id(&pool)
        .client_name("web")
        .allowed_o_auth_flows_user_pool_client(true)
        .allowed_o_auth_flows(OAuthFlowType::Code)
        .allowed_o_auth_scopes("openid")
        .allowed_o_auth_scopes("https://api.example.com/read")
        .callback_urls("https://app.example.com/callback")
        .logout_urls("https://app.example.com/")
        .supported_identity_providers("COGNITO")
        .supported_identity_providers("Google")
        .send()
        .await
        .unwrap()
        .user_pool_client
        .unwrap()
        .client_id
        .unwrap();
    c.create_user_pool_domain()
        .user_pool_id(&pool)
        .domain("iac-example")
        .send()
        .await
        .unwrap();

    let described = c
        .describe_user_pool_client()
        .user_pool_id(&pool)
        .client_id(&client)
        .send()
        .await
        .unwrap()
        .user_pool_client
        .unwrap();
    assert_eq!(
        described.allowed_o_auth_scopes(),
        ["openid", "https://api.example.com/read"]
    );
    assert_eq!(
        described.supported_identity_providers(),
        ["COGNITO", "Google"]
    );
    let p = c
        .describe_user_pool()
        .user_pool_id(&pool)
        .send()
        .await
        .unwrap()
        .user_pool
        .unwrap();
    assert_eq!(p.domain.as_deref(), Some("iac-example"));

    c.update_user_pool_client()
        .user_pool_id(&pool)
        .client_id(&client)
        .allowed_o_auth_flows_user_pool_client(true)
        .allowed_o_auth_flows(OAuthFlowType::Code)
        .allowed_o_auth_scopes("https://api.example.com/write")
        .callback_urls("https://app.example.com/callback2")
        .supported_identity_providers("Google")
        .send()
        .await
        .unwrap();
    c.update_identity_provider()
        .user_pool_id(&pool)
        .provider_name("Google")
        .attribute_mapping("name", "name")
        .send()
        .await
        .unwrap();
    assert_eq!(
        c.list_resource_servers()
            .user_pool_id(&pool)
            .max_results(10)
            .send()
            .await
            .unwrap()
            .resource_servers()
            .len(),
        1
    );
    assert_eq!(
        c.list_identity_providers()
            .user_pool_id(&pool)
            .send()
            .await
            .unwrap()
            .providers()
            .len(),
        1
    );

    c.delete_user_pool_domain()
        .user_pool_id(&pool)
        .domain("iac-example")
        .send()
        .await
        .unwrap();
    c.delete_user_pool_client()
        .user_pool_id(&pool)
        .client_id(&client)
        .send()
        .await
        .unwrap();
    c.delete_identity_provider()
        .user_pool_id(&pool)
        .provider_name("Google")
        .send()
        .await
        .unwrap();
    c.delete_resource_server()
        .user_pool_id(&pool)
        .identifier("https://api.example.com")
        .send()
        .await
        .unwrap();
    c.delete_user_pool()
        .user_pool_id(&pool)
        .send()
        .await
        .unwrap();
    let d = c
        .describe_user_pool_domain()
        .domain("iac-example")
        .send()
        .await
        .unwrap()
        .domain_description
        .unwrap();
    assert!(d.domain.is_none());
}

#[tokio::test]
async fn set_user_pool_mfa_config_email_without_ses_is_invalid_parameter() {
    use aws_sdk_cognitoidentityprovider::types::{
        EmailConfigurationType, EmailMfaConfigType, EmailSendingAccountType, UserPoolMfaType,
    };
    let s = start().await;
    let c = idp(&s).await;
    let (pool, _) = new_pool(&c).await;
    let email = EmailMfaConfigType::builder()
        .message("Code {####}")
        .subject("Sign in")
        .build();
    let err = c
        .set_user_pool_mfa_config()
        .user_pool_id(&pool)
        .mfa_configuration(UserPoolMfaType::On)
        .email_mfa_configuration(email.clone())
        .send()
        .await
        .unwrap_err();
    assert!(err.into_service_error().is_invalid_parameter_exception());
    c.update_user_pool()
        .user_pool_id(&pool)
        .email_configuration(
            EmailConfigurationType::builder()
                .email_sending_account(EmailSendingAccountType::Developer)
                .source_arn("arn:aws:ses:us-east-1:123456789012:identity/example.com")
                .build(),
        )
        .send()
        .await
        .unwrap();
    let set = c
        .set_user_pool_mfa_config()
        .user_pool_id(&pool)
        .mfa_configuration(UserPoolMfaType::On)
        .email_mfa_configuration(email)
        .send()
        .await
        .unwrap();
    assert_eq!(set.mfa_configuration, Some(UserPoolMfaType::On));
    assert_eq!(
        set.email_mfa_configuration.unwrap().subject.as_deref(),
        Some("Sign in")
    );
    let p = c
        .describe_user_pool()
        .user_pool_id(&pool)
        .send()
        .await
        .unwrap()
        .user_pool
        .unwrap();
    assert_eq!(p.mfa_configuration, Some(UserPoolMfaType::On));
}
