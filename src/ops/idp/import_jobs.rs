//! User import jobs: create (with a pre-signed URL that this emulator serves), upload, start, stop,
//! describe, list. Starting a job imports the uploaded CSV at once; rows that break the pool's rules
//! (unknown attributes, taken usernames or aliases) are counted as failed, as AWS reports them.

use std::sync::Arc;

use crate::app::{App, Ctx};
use crate::domain::import_jobs::ImportJob;
use crate::domain::pagination;
use crate::domain::user::{Attributes, User, UserStatus};
use crate::domain::user_pool::{schema, UserPool};
use crate::domain::users::{
    check_attributes, check_unique, new_username, AttributeWrite, LoginSettings, NewUsername,
};
use crate::error::{CognitoError, ErrorCode, Result};
use crate::model::idp::import_jobs::*;
use crate::model::timestamp::Timestamp;

/// Where the CSV of a job is uploaded (`PUT`), relative to the emulator's URL.
pub fn upload_path(pool_id: &str, job_id: &str) -> String {
    format!("/_emulator/user-import/{pool_id}/{job_id}")
}

fn describe(app: &App, pool_id: &str, id: &str, job: &ImportJob) -> UserImportJobType {
    UserImportJobType {
        job_name: job.name.clone(),
        job_id: id.to_owned(),
        user_pool_id: pool_id.to_owned(),
        pre_signed_url: format!("{}{}", app.own_url(), upload_path(pool_id, id)),
        creation_date: Timestamp::from_millis(job.created_ms),
        start_date: job.started_ms.map(Timestamp::from_millis),
        completion_date: job.completed_ms.map(Timestamp::from_millis),
        status: job.status.clone(),
        cloud_watch_logs_role_arn: job.role_arn.clone(),
        imported_users: job.imported,
        skipped_users: job.skipped,
        failed_users: job.failed,
        completion_message: job.message.clone(),
    }
}

fn not_found(id: &str) -> CognitoError {
    CognitoError::resource_not_found(format!("Import job {id} does not exist."))
}

/// [CreateUserImportJob](https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_CreateUserImportJob.html).
/// The `PreSignedUrl` points at this emulator: `PUT` the CSV file there (`curl -T users.csv URL`).
pub fn create_user_import_job(
    ctx: &Ctx,
    input: CreateUserImportJobRequest,
) -> Result<UserImportJobResponse> {
    let now = ctx.now_ms();
    let user_import_job = ctx.app.store.write_pool(&input.user_pool_id, |pool| {
        let id = format!(
            "import-{}",
            uuid::Uuid::new_v4()
                .simple()
                .to_string()
                .get(..10)
                .unwrap_or("0")
        );
        let job = ImportJob {
            name: input.job_name,
            role_arn: input.cloud_watch_logs_role_arn,
            status: "Created".into(),
            csv: None,
            created_ms: now,
            started_ms: None,
            completed_ms: None,
            imported: 0,
            skipped: 0,
            failed: 0,
            message: None,
        };
        let out = describe(&ctx.app, &pool.id, &id, &job);
        pool.rare.import_jobs.insert(id, job);
        Ok(out)
    })?;
    Ok(UserImportJobResponse { user_import_job })
}

/// Receives the CSV of a job (the `PUT` to its pre-signed URL).
pub fn upload(app: &Arc<App>, pool_id: &str, job_id: &str, body: &[u8]) -> Result<()> {
    let text = std::str::from_utf8(body)
        .map_err(|_| CognitoError::invalid_parameter("The import file is not UTF-8."))?
        .to_owned();
    app.store.write_pool(pool_id, |pool| {
        let job = pool
            .rare
            .import_jobs
            .get_mut(job_id)
            .ok_or_else(|| not_found(job_id))?;
        if job.status != "Created" {
            return Err(CognitoError::new(
                ErrorCode::PreconditionNotMet,
                "The import job has already started.",
            ));
        }
        job.csv = Some(text);
        Ok(())
    })
}

/// One CSV row as a new user, or why it cannot be.
fn import_row(
    pool: &UserPool,
    header: &[String],
    row: &csv::StringRecord,
    now: i64,
) -> Result<User> {
    let mut username = None;
    let mut given: Vec<(String, String)> = Vec::new();
    for (name, value) in header.iter().zip(row.iter()) {
        if value.is_empty() {
            continue;
        }
        match name.as_str() {
            "cognito:username" => username = Some(value.to_owned()),
            "cognito:mfa_enabled" => {}
            _ => given.push((name.clone(), normalize(name, value))),
        }
    }
    let username =
        username.ok_or_else(|| CognitoError::invalid_parameter("cognito:username is required."))?;
    let schema = schema(&pool.config);
    check_attributes(schema, &given, AttributeWrite::Create)?;
    let settings = LoginSettings::of(&pool.config);
    let NewUsername {
        internal,
        sub,
        username_attribute,
    } = new_username(&settings, &username, now)?;
    if let Some((attr, value)) = username_attribute {
        given.retain(|(k, _)| k != attr);
        given.push((attr.to_owned(), value));
    }
    if pool
        .users
        .username_taken(&internal, settings.case_sensitive)
    {
        return Err(CognitoError::new(
            ErrorCode::UsernameExists,
            "User account already exists",
        ));
    }
    let mut attributes: Attributes = given.into_iter().collect();
    attributes.insert("sub".to_owned(), sub.clone());
    check_unique(pool, &internal, &attributes, true, false)?;
    let mut user = User::new(internal, sub, now, UserStatus::ResetRequired);
    user.attributes = attributes;
    Ok(user)
}

/// `true`/`false` flags are case-insensitive in import files; Cognito stores them lowercase.
fn normalize(name: &str, value: &str) -> String {
    if name.ends_with("_verified") {
        value.to_lowercase()
    } else {
        value.to_owned()
    }
}

/// [StartUserImportJob](https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_StartUserImportJob.html).
/// Imports the uploaded file at once; the job answers `Succeeded` (with the counts) or `Failed`.
pub fn start_user_import_job(
    ctx: &Ctx,
    input: UserImportJobIdRequest,
) -> Result<UserImportJobResponse> {
    let now = ctx.now_ms();
    let user_import_job = ctx.app.store.write_pool(&input.user_pool_id, |pool| {
        let job = pool
            .rare
            .import_jobs
            .get(&input.job_id)
            .ok_or_else(|| not_found(&input.job_id))?;
        if job.status != "Created" {
            return Err(CognitoError::new(
                ErrorCode::PreconditionNotMet,
                "The import job is not in the Created state.",
            ));
        }
        let csv_text = job.csv.clone();
        let (mut imported, mut failed) = (0, 0);
        let mut message = None;
        match csv_text {
            None => {
                message = Some("The import file was not uploaded to the pre-signed URL.".to_owned())
            }
            Some(text) => {
                let mut reader = csv::ReaderBuilder::new()
                    .flexible(true)
                    .trim(csv::Trim::All)
                    .from_reader(text.as_bytes());
                let header: Vec<String> = match reader.headers() {
                    Ok(h) => h.iter().map(str::to_owned).collect(),
                    Err(_) => Vec::new(),
                };
                if !header.iter().any(|h| h == "cognito:username") {
                    message = Some("The CSV header must include cognito:username.".to_owned());
                } else {
                    for row in reader.records() {
                        let made = row
                            .map_err(|e| CognitoError::invalid_parameter(e.to_string()))
                            .and_then(|r| import_row(pool, &header, &r, now));
                        match made {
                            Ok(user) => {
                                pool.users.insert(user);
                                imported += 1;
                            }
                            Err(_) => failed += 1,
                        }
                    }
                }
            }
        }
        let pool_id = pool.id.clone();
        let job = pool
            .rare
            .import_jobs
            .get_mut(&input.job_id)
            .ok_or_else(|| not_found(&input.job_id))?;
        job.started_ms = Some(now);
        job.completed_ms = Some(now);
        job.csv = None;
        job.imported = imported;
        job.failed = failed;
        job.status = if message.is_some() {
            "Failed"
        } else {
            "Succeeded"
        }
        .into();
        job.message = message.or_else(|| Some("Import Job Completed Successfully.".into()));
        Ok(describe(&ctx.app, &pool_id, &input.job_id, job))
    })?;
    Ok(UserImportJobResponse { user_import_job })
}

/// [StopUserImportJob](https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_StopUserImportJob.html).
/// Jobs here run to completion when started, so only a job that was never started can be stopped.
pub fn stop_user_import_job(
    ctx: &Ctx,
    input: UserImportJobIdRequest,
) -> Result<UserImportJobResponse> {
    let now = ctx.now_ms();
    let user_import_job = ctx.app.store.write_pool(&input.user_pool_id, |pool| {
        let pool_id = pool.id.clone();
        let job = pool
            .rare
            .import_jobs
            .get_mut(&input.job_id)
            .ok_or_else(|| not_found(&input.job_id))?;
        if job.status != "Created" && job.status != "Pending" {
            return Err(CognitoError::new(
                ErrorCode::PreconditionNotMet,
                "Only a pending job can be stopped.",
            ));
        }
        job.status = "Stopped".into();
        job.completed_ms = Some(now);
        job.csv = None;
        Ok(describe(&ctx.app, &pool_id, &input.job_id, job))
    })?;
    Ok(UserImportJobResponse { user_import_job })
}

/// [DescribeUserImportJob](https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_DescribeUserImportJob.html).
pub fn describe_user_import_job(
    ctx: &Ctx,
    input: UserImportJobIdRequest,
) -> Result<UserImportJobResponse> {
    let user_import_job = ctx.app.store.read_pool(&input.user_pool_id, |pool| {
        pool.rare
            .import_jobs
            .get(&input.job_id)
            .map(|j| describe(&ctx.app, &pool.id, &input.job_id, j))
            .ok_or_else(|| not_found(&input.job_id))
    })?;
    Ok(UserImportJobResponse { user_import_job })
}

/// [ListUserImportJobs](https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_ListUserImportJobs.html).
pub fn list_user_import_jobs(
    ctx: &Ctx,
    input: ListUserImportJobsRequest,
) -> Result<ListUserImportJobsResponse> {
    let after = input
        .pagination_token
        .as_deref()
        .map(pagination::decode)
        .transpose()?;
    let limit = usize::try_from(input.max_results).unwrap_or(1);
    ctx.app.store.read_pool(&input.user_pool_id, |pool| {
        let (page, pagination_token) =
            pagination::page(pool.rare.import_jobs.keys(), after.as_deref(), limit);
        let user_import_jobs = page
            .into_iter()
            .filter_map(|id| {
                pool.rare
                    .import_jobs
                    .get(id)
                    .map(|j| describe(&ctx.app, &pool.id, id, j))
            })
            .collect();
        Ok(ListUserImportJobsResponse {
            user_import_jobs,
            pagination_token,
        })
    })
}
