//! One-time codes (sign-up confirmation, password reset, attribute verification) and how they are
//! delivered: kept per pool, keyed by (internal username, purpose), valid 24 hours as AWS, checked in
//! constant time, and written to the outbox with the pool's verification templates.

use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use serde_json::json;

use crate::app::Ctx;
use crate::domain::messages::Message;
use crate::domain::triggers::{self, Caller, Trigger};
use crate::domain::user::User;
use crate::domain::user_pool::UserPool;
use crate::domain::PoolMap;
use crate::error::{CognitoError, ErrorCode, Result};

/// How long a code works: 24 hours.
pub const CODE_VALIDITY_MS: i64 = 24 * 3600 * 1000;

/// What a code is for.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum CodePurpose {
    /// `ConfirmSignUp`.
    SignUp,
    /// `ConfirmForgotPassword`.
    ForgotPassword,
    /// `VerifyUserAttribute` of that attribute.
    VerifyAttribute(String),
}

/// A code waiting to be used.
#[derive(Debug, Clone)]
pub struct PendingCode {
    /// SHA-256 of the code: codes are secrets, so only their hash is kept.
    code_hash: [u8; 32],
    /// When it stops working (ms).
    pub expires_ms: i64,
    /// The attribute it was sent to (`email`, `phone_number`), which using it verifies.
    pub attribute: Option<String>,
    /// A new attribute value that waits for this code (`AttributesRequireVerificationBeforeUpdate`).
    pub pending_value: Option<String>,
}

/// The pending codes of one pool.
#[derive(Debug, Clone, Default)]
pub struct CodeStore {
    codes: PoolMap<(String, CodePurpose), PendingCode>,
}

impl CodeStore {
    /// Records a new code, replacing any earlier one for the same purpose.
    pub fn issue(
        &mut self,
        username: &str,
        purpose: CodePurpose,
        code: String,
        attribute: Option<&str>,
        now_ms: i64,
    ) {
        self.codes.insert(
            (username.to_owned(), purpose),
            PendingCode {
                code_hash: Sha256::digest(code.as_bytes()).into(),
                expires_ms: now_ms.saturating_add(CODE_VALIDITY_MS),
                attribute: attribute.map(str::to_owned),
                pending_value: None,
            },
        );
    }

    /// Sets the new value that the pending code of `purpose` will apply once verified.
    pub fn set_pending_value(
        &mut self,
        username: &str,
        purpose: &CodePurpose,
        value: Option<String>,
    ) {
        if let Some(p) = self.codes.get_mut(&(username.to_owned(), purpose.clone())) {
            p.pending_value = value;
        }
    }

    /// The new value waiting for the code of `purpose`, if any.
    pub fn pending_value(&self, username: &str, purpose: &CodePurpose) -> Option<String> {
        self.codes
            .get(&(username.to_owned(), purpose.clone()))
            .and_then(|p| p.pending_value.clone())
    }

    /// Checks a code without using it up: `CodeMismatchException` or `ExpiredCodeException` as AWS.
    pub fn check(
        &self,
        username: &str,
        purpose: &CodePurpose,
        given: &str,
        now_ms: i64,
    ) -> Result<&PendingCode> {
        let mismatch = || {
            CognitoError::new(
                ErrorCode::CodeMismatch,
                "Invalid verification code provided, please try again.",
            )
        };
        let pending = self
            .codes
            .get(&(username.to_owned(), purpose.clone()))
            .ok_or_else(mismatch)?;
        let given_hash: [u8; 32] = Sha256::digest(given.as_bytes()).into();
        if !bool::from(pending.code_hash.ct_eq(&given_hash)) {
            return Err(mismatch());
        }
        if now_ms >= pending.expires_ms {
            return Err(CognitoError::new(
                ErrorCode::ExpiredCode,
                "Invalid code provided, please request a code again.",
            ));
        }
        Ok(pending)
    }

    /// Uses a code up.
    pub fn consume(&mut self, username: &str, purpose: &CodePurpose) {
        self.codes.remove(&(username.to_owned(), purpose.clone()));
    }

    /// Forgets every code of a user.
    pub fn forget_user(&mut self, username: &str) {
        self.codes.retain(|(u, _), _| u != username);
    }
}

/// `CodeDeliveryDetailsType` in domain form.
#[derive(Debug, Clone)]
pub struct Delivery {
    /// Masked destination, as AWS shows it.
    pub destination: String,
    /// `EMAIL` or `SMS`.
    pub medium: &'static str,
    /// `email` or `phone_number`.
    pub attribute: String,
}

/// Masks an email (`a***@e***`) or a phone number (`+*******1234`) as AWS does in `CodeDeliveryDetails`.
pub fn mask(destination: &str) -> String {
    if let Some((local, domain)) = destination.split_once('@') {
        let first = |s: &str| s.chars().next().map(String::from).unwrap_or_default();
        format!("{}***@{}***", first(local), first(domain))
    } else {
        let chars: Vec<char> = destination.chars().collect();
        let keep = chars.len().saturating_sub(4);
        chars
            .iter()
            .enumerate()
            .map(|(i, c)| {
                if i == 0 && *c == '+' {
                    '+'
                } else if i < keep {
                    '*'
                } else {
                    *c
                }
            })
            .collect()
    }
}

fn template_text(pool: &UserPool, key: &str) -> Option<String> {
    pool.config
        .verification_message_template
        .as_ref()
        .and_then(|t| t.get(key))
        .and_then(|v| v.as_str())
        .map(str::to_owned)
}

/// Sends `code` to the user's `attribute` (`email` or `phone_number`) with the pool's verification
/// message template (through [`send`], so the pool's message triggers apply), and returns the delivery
/// details. `None` if the user has no such value.
pub fn deliver(
    ctx: &Ctx,
    pool: &UserPool,
    user: &User,
    attribute: &str,
    trigger: &str,
    code: &str,
    now_ms: i64,
) -> Result<Option<Delivery>> {
    let Some(destination) = user.attribute(attribute).map(str::to_owned) else {
        return Ok(None);
    };
    let email = attribute == "email";
    let default_body = "Your verification code is {####}. ".to_owned();
    let (subject, body) = if email {
        (
            Some(
                template_text(pool, "EmailSubject")
                    .or_else(|| pool.config.email_verification_subject.clone())
                    .unwrap_or_else(|| "Your verification code".to_owned()),
            ),
            template_text(pool, "EmailMessage")
                .or_else(|| pool.config.email_verification_message.clone())
                .unwrap_or(default_body),
        )
    } else {
        (
            None,
            template_text(pool, "SmsMessage")
                .or_else(|| pool.config.sms_verification_message.clone())
                .unwrap_or(default_body),
        )
    };
    let medium = if email { "EMAIL" } else { "SMS" };
    send(
        ctx,
        pool.config.lambda_config.as_deref(),
        user,
        Message {
            user_pool_id: pool.id.clone(),
            username: user.username.clone(),
            destination: destination.clone(),
            delivery_medium: medium.to_owned(),
            attribute_name: attribute.to_owned(),
            trigger: trigger.to_owned(),
            subject,
            body,
            code: Some(code.to_owned()),
            temporary_password: None,
            timestamp: now_ms,
        },
        None,
    )?;
    Ok(Some(Delivery {
        destination: mask(&destination),
        medium,
        attribute: attribute.to_owned(),
    }))
}

/// A message text with its placeholders filled.
fn fill(text: &str, secret: &str, shown_username: Option<&str>) -> String {
    let text = text.replace("{####}", secret);
    match shown_username {
        Some(u) => text.replace("{username}", u),
        None => text,
    }
}

/// Sends a message whose texts still hold the `{####}` placeholder (and `{username}` when
/// `shown_username` is given): a CustomEmailSender / CustomSMSSender trigger gets the encrypted code instead
/// (asynchronously, and nothing is recorded, as nothing is sent by Cognito); otherwise a CustomMessage
/// trigger may rewrite the texts; then the placeholders are filled and the message goes to the outbox.
pub fn send(
    ctx: &Ctx,
    lambda_config: Option<&serde_json::Value>,
    user: &User,
    mut message: Message,
    shown_username: Option<&str>,
) -> Result<()> {
    let secret = message
        .temporary_password
        .clone()
        .or_else(|| message.code.clone())
        .unwrap_or_default();
    let caller = Caller {
        pool_id: &message.user_pool_id,
        client_id: None,
        username: &user.username,
    };
    let sender = if message.delivery_medium == "EMAIL" {
        (Trigger::CustomEmailSender, "customEmailSenderRequestV1")
    } else {
        (Trigger::CustomSmsSender, "customSMSSenderRequestV1")
    };
    if let Some(function) = triggers::configured(lambda_config, sender.0) {
        let key_id = lambda_config
            .and_then(|c| c.get("KMSKeyID"))
            .and_then(serde_json::Value::as_str)
            .unwrap_or_default();
        let key = crate::lambda::esdk::RawAesKey {
            namespace: crate::lambda::esdk::KEY_NAMESPACE,
            name: key_id,
            key: ctx.app.lambdas.sender_key(),
        };
        let code =
            crate::lambda::esdk::encrypt_base64(&key, secret.as_bytes(), &[]).map_err(|e| {
                CognitoError::new(
                    ErrorCode::UnexpectedLambda,
                    format!(
                        "{} cannot be invoked by cognito-emulator yet: {e}",
                        sender.0.name()
                    ),
                )
            })?;
        triggers::run_async(
            ctx,
            &function,
            &format!("{}_{}", sender.0.name(), message.trigger),
            caller,
            json!({
                "type": sender.1,
                "code": code,
                "clientMetadata": {},
                "userAttributes": triggers::user_attributes(user, true),
            }),
        );
        return Ok(());
    }
    if let Some(function) = triggers::configured(lambda_config, Trigger::CustomMessage) {
        let response = triggers::run(
            ctx,
            &function,
            Trigger::CustomMessage,
            &format!("CustomMessage_{}", message.trigger),
            caller,
            json!({
                "userAttributes": triggers::user_attributes(user, true),
                "codeParameter": "{####}",
                "linkParameter": "{##Click Here##}",
                "usernameParameter": shown_username.map(|_| "{username}"),
                "clientMetadata": {},
            }),
            json!({"smsMessage": null, "emailMessage": null, "emailSubject": null}),
        )?;
        if message.delivery_medium == "EMAIL" {
            if let Some(body) = triggers::text(&response, "emailMessage") {
                message.body = body.to_owned();
            }
            if let Some(subject) = triggers::text(&response, "emailSubject") {
                message.subject = Some(subject.to_owned());
            }
        } else if let Some(body) = triggers::text(&response, "smsMessage") {
            message.body = body.to_owned();
        }
    }
    message.body = fill(&message.body, &secret, shown_username);
    message.subject = message
        .subject
        .as_deref()
        .map(|t| fill(t, &secret, shown_username));
    ctx.app.outbox.record(message);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_checked_and_expire() {
        let mut s = CodeStore::default();
        s.issue("u", CodePurpose::SignUp, "123456".into(), Some("email"), 0);
        assert_eq!(
            s.check("u", &CodePurpose::SignUp, "000000", 1)
                .unwrap_err()
                .code(),
            ErrorCode::CodeMismatch
        );
        assert!(s.check("u", &CodePurpose::SignUp, "123456", 1).is_ok());
        assert_eq!(
            s.check("u", &CodePurpose::SignUp, "123456", CODE_VALIDITY_MS)
                .unwrap_err()
                .code(),
            ErrorCode::ExpiredCode
        );
        assert!(s
            .check("u", &CodePurpose::ForgotPassword, "123456", 1)
            .is_err());
        s.consume("u", &CodePurpose::SignUp);
        assert!(s.check("u", &CodePurpose::SignUp, "123456", 1).is_err());
    }

    #[test]
    fn destinations_are_masked() {
        assert_eq!(mask("alice@example.com"), "a***@e***");
        assert_eq!(mask("+14325551212"), "+*******1212");
    }
}
