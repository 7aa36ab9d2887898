//! User import jobs: a CSV file uploaded to the job's pre-signed URL, turned into users when the job
//! starts. Imported users have no password and the status `RESET_REQUIRED`, as with AWS.

/// A user import job.
#[derive(Debug, Clone)]
pub struct ImportJob {
    /// `JobName`.
    pub name: String,
    /// `CloudWatchLogsRoleArn`.
    pub role_arn: String,
    /// `Created`, `InProgress`, `Stopped`, `Failed`, `Succeeded`, …
    pub status: String,
    /// The uploaded file, until the job runs.
    pub csv: Option<String>,
    /// Milliseconds since the epoch.
    pub created_ms: i64,
    /// Milliseconds since the epoch.
    pub started_ms: Option<i64>,
    /// Milliseconds since the epoch.
    pub completed_ms: Option<i64>,
    /// Users created.
    pub imported: i64,
    /// Users skipped.
    pub skipped: i64,
    /// Rows that failed.
    pub failed: i64,
    /// `CompletionMessage`.
    pub message: Option<String>,
}
