//! Managed-login branding styles: one per app client, stored and echoed (the emulator's sign-in page is
//! not styled by them).

use serde_json::Value;

/// A branding style.
#[derive(Debug, Clone)]
pub struct Branding {
    /// The app client it styles.
    pub client_id: String,
    /// `UseCognitoProvidedValues`.
    pub use_cognito_provided_values: bool,
    /// `Settings`, as given.
    pub settings: Option<Value>,
    /// `Assets`, as given.
    pub assets: Vec<Value>,
    /// Milliseconds since the epoch.
    pub created_ms: i64,
    /// Milliseconds since the epoch.
    pub modified_ms: i64,
}
