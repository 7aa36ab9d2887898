//! Terms documents and the import CSV header through the Rust SDK.

use crate::common::{idp, pool_id, start};
use aws_sdk_cognitoidentityprovider::types::{
    SchemaAttributeType, TermsEnforcementType, TermsSourceType,
};

#[tokio::test]
async fn create_describe_update_list_delete_terms() {
    let s = start().await;
    let c = idp(&s).await;
    let pool = pool_id(c.create_user_pool().pool_name("t")).await;
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
    let created = c
        .create_terms()
        .user_pool_id(&pool)
        .client_id(&client)
        .terms_name("terms-of-use")
        .terms_source(TermsSourceType::Link)
        .enforcement(TermsEnforcementType::None)
        .links("cognito:default", "https://example.com/terms")
        .send()
        .await
        .unwrap()
        .terms
        .unwrap();
    let id = created.terms_id;
    let err = c
        .create_terms()
        .user_pool_id(&pool)
        .client_id(&client)
        .terms_name("terms-of-use")
        .terms_source(TermsSourceType::Link)
        .enforcement(TermsEnforcementType::None)
        .links("cognito:default", "https://example.com/other")
        .send()
        .await
        .unwrap_err();
    assert!(err.into_service_error().is_terms_exists_exception());
    let updated = c
        .update_terms()
        .user_pool_id(&pool)
        .terms_id(&id)
        .links("cognito:default", "https://example.com/v2")
        .send()
        .await
        .unwrap()
        .terms
        .unwrap();
    assert_eq!(updated.links["cognito:default"], "https://example.com/v2");
    assert_eq!(updated.terms_name, "terms-of-use");
    let listed = c.list_terms().user_pool_id(&pool).send().await.unwrap();
    assert_eq!(listed.terms.len(), 1);
    let described = c
        .describe_terms()
        .user_pool_id(&pool)
        .terms_id(&id)
        .send()
        .await
        .unwrap();
    assert_eq!(described.terms.unwrap().client_id, client);
    c.delete_terms()
        .user_pool_id(&pool)
        .terms_id(&id)
        .send()
        .await
        .unwrap();
    let err = c
        .describe_terms()
        .user_pool_id(&pool)
        .terms_id(&id)
        .send()
        .await
        .unwrap_err();
    assert!(err.into_service_error().is_resource_not_found_exception());
}

#[tokio::test]
async fn get_csv_header_lists_schema_attributes() {
    let s = start().await;
    let c = idp(&s).await;
    let pool = pool_id(
        c.create_user_pool().pool_name("csv").schema(
            SchemaAttributeType::builder()
                .name("team")
                .attribute_data_type("String".into())
                .build(),
        ),
    )
    .await;
    let header = c
        .get_csv_header()
        .user_pool_id(&pool)
        .send()
        .await
        .unwrap()
        .csv_header
        .unwrap();
    assert_eq!(header.first().map(String::as_str), Some("name"));
    assert!(header.contains(&"custom:team".to_owned()));
    assert!(!header.contains(&"sub".to_owned()));
    assert_eq!(header.last().map(String::as_str), Some("cognito:username"));
}

#[tokio::test]
async fn managed_login_branding_one_per_client_round_trips() {
    use aws_smithy_types::Document;
    let s = start().await;
    let c = idp(&s).await;
    let pool = pool_id(c.create_user_pool().pool_name("b")).await;
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
    let settings = Document::Object(
        [("components".to_owned(), Document::String("dark".into()))]
            .into_iter()
            .collect(),
    );
    let created = c
        .create_managed_login_branding()
        .user_pool_id(&pool)
        .client_id(&client)
        .settings(settings.clone())
        .send()
        .await
        .unwrap()
        .managed_login_branding
        .unwrap();
    let id = created.managed_login_branding_id.unwrap();
    assert_eq!(created.settings, Some(settings));
    let err = c
        .create_managed_login_branding()
        .user_pool_id(&pool)
        .client_id(&client)
        .use_cognito_provided_values(true)
        .send()
        .await
        .unwrap_err();
    assert!(err
        .into_service_error()
        .is_managed_login_branding_exists_exception());
    let by_client = c
        .describe_managed_login_branding_by_client()
        .user_pool_id(&pool)
        .client_id(&client)
        .send()
        .await
        .unwrap()
        .managed_login_branding
        .unwrap();
    assert_eq!(
        by_client.managed_login_branding_id.as_deref(),
        Some(id.as_str())
    );
    let updated = c
        .update_managed_login_branding()
        .user_pool_id(&pool)
        .managed_login_branding_id(&id)
        .use_cognito_provided_values(true)
        .send()
        .await
        .unwrap()
        .managed_login_branding
        .unwrap();
    assert!(updated.use_cognito_provided_values);
    assert!(updated.settings.is_none());
    c.delete_managed_login_branding()
        .user_pool_id(&pool)
        .managed_login_branding_id(&id)
        .send()
        .await
        .unwrap();
    let err = c
        .describe_managed_login_branding()
        .user_pool_id(&pool)
        .managed_login_branding_id(&id)
        .send()
        .await
        .unwrap_err();
    assert!(err.into_service_error().is_resource_not_found_exception());
}

#[tokio::test]
async fn user_import_job_imports_the_uploaded_csv() {
    use crate::common::reqwest_lite::send;
    use aws_sdk_cognitoidentityprovider::types::{UserImportJobStatusType, UserStatusType};
    let s = start().await;
    let c = idp(&s).await;
    let pool = pool_id(c.create_user_pool().pool_name("imp")).await;
    let job = c
        .create_user_import_job()
        .user_pool_id(&pool)
        .job_name("first")
        .cloud_watch_logs_role_arn("arn:aws:iam::123456789012:role/import")
        .send()
        .await
        .unwrap()
        .user_import_job
        .unwrap();
    assert_eq!(job.status, Some(UserImportJobStatusType::Created));
    let url = job.pre_signed_url.unwrap();
    let path = url
        .split_once("//")
        .unwrap()
        .1
        .split_once('/')
        .map(|(_, p)| format!("/{p}"))
        .unwrap();
    let header = c
        .get_csv_header()
        .user_pool_id(&pool)
        .send()
        .await
        .unwrap()
        .csv_header
        .unwrap();
    let row = |user: &str, email: &str| {
        header
            .iter()
            .map(|h| match h.as_str() {
                "cognito:username" => user.to_owned(),
                "email" => email.to_owned(),
                "email_verified" => "TRUE".to_owned(),
                "cognito:mfa_enabled" => "false".to_owned(),
                _ => String::new(),
            })
            .collect::<Vec<_>>()
            .join(",")
    };
    let csv = format!(
        "{}\n{}\n{}\n{}\n",
        header.join(","),
        row("ann", "ann@example.com"),
        row("bob", "bob@example.com"),
        row("ann", "dup@example.com")
    );
    let r = send(
        s.addr,
        "PUT",
        &path,
        &[("Content-Type", "text/csv")],
        csv.as_bytes(),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let started = c
        .start_user_import_job()
        .user_pool_id(&pool)
        .job_id(job.job_id.as_deref().unwrap())
        .send()
        .await
        .unwrap()
        .user_import_job
        .unwrap();
    assert_eq!(started.status, Some(UserImportJobStatusType::Succeeded));
    assert_eq!((started.imported_users, started.failed_users), (2, 1));
    let ann = c
        .admin_get_user()
        .user_pool_id(&pool)
        .username("ann")
        .send()
        .await
        .unwrap();
    assert_eq!(ann.user_status, Some(UserStatusType::ResetRequired));
    let verified = ann
        .user_attributes
        .unwrap()
        .into_iter()
        .find(|a| a.name == "email_verified")
        .unwrap();
    assert_eq!(verified.value.as_deref(), Some("true"));
    let listed = c
        .list_user_import_jobs()
        .user_pool_id(&pool)
        .max_results(10)
        .send()
        .await
        .unwrap();
    assert_eq!(listed.user_import_jobs.unwrap().len(), 1);
    let err = c
        .stop_user_import_job()
        .user_pool_id(&pool)
        .job_id(job.job_id.unwrap())
        .send()
        .await
        .unwrap_err();
    assert!(err.into_service_error().is_precondition_not_met_exception());
}
