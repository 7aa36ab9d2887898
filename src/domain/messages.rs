//! The message outbox: every email or SMS a real pool would send (invitations, confirmation and
//! verification codes, password-reset codes, MFA codes) is recorded here and logged, instead of sent.
//! `GET /_emulator/messages` reads it; `DELETE /_emulator/messages` clears it.

use std::sync::Mutex;

use serde::Serialize;

/// One message that would have been delivered.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Message {
    /// The pool that sent it.
    pub user_pool_id: String,
    /// The internal username of the recipient.
    pub username: String,
    /// Email address or phone number.
    pub destination: String,
    /// `EMAIL` or `SMS`.
    pub delivery_medium: String,
    /// The attribute the destination came from (`email`, `phone_number`).
    pub attribute_name: String,
    /// Why it was sent: `AdminCreateUser`, `SignUp`, `ResendCode`, `ForgotPassword`, `UpdateUserAttribute`,
    /// `VerifyUserAttribute`, `Authentication` (the trigger sources of the custom message trigger).
    pub trigger: String,
    /// Email subject.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    /// The message text.
    pub body: String,
    /// The code in the message, if it carries one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// The temporary password in the message, if it carries one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub temporary_password: Option<String>,
    /// Milliseconds since the epoch.
    pub timestamp: i64,
}

/// All recorded messages, oldest first.
#[derive(Debug, Default)]
pub struct Outbox {
    messages: Mutex<Vec<Message>>,
}

impl Outbox {
    /// Records a message. Codes are delivered through the outbox only, never through the log.
    pub fn record(&self, message: Message) {
        tracing::info!(
            pool = %message.user_pool_id,
            user = %message.username,
            medium = %message.delivery_medium,
            trigger = %message.trigger,
            "message recorded in the outbox (GET /_emulator/messages)"
        );
        self.messages
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(message);
    }

    /// Messages, optionally only those of one pool and/or one user (internal username or destination).
    pub fn list(&self, pool: Option<&str>, username: Option<&str>) -> Vec<Message> {
        self.messages
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .iter()
            .filter(|m| pool.is_none_or(|p| m.user_pool_id == p))
            .filter(|m| username.is_none_or(|u| m.username == u || m.destination == u))
            .cloned()
            .collect()
    }

    /// Forgets every message.
    pub fn clear(&self) {
        self.messages
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clear();
    }
}
