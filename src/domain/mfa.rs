//! Multi-factor authentication: a user's MFA settings, and the decision that follows a verified first
//! factor (password, SRP): tokens, or an `SMS_MFA` / `EMAIL_OTP` / `SOFTWARE_TOKEN_MFA` challenge,
//! `SELECT_MFA_TYPE` when the user has several factors and no preference, or `MFA_SETUP` when the pool
//! requires MFA and the user has nothing to answer it with.
//!
//! The rules, as AWS documents them (`user-pool-settings-mfa`):
//! - `MfaConfiguration` `OFF`: never MFA. `OPTIONAL`: MFA only for users who enabled a factor.
//! - `ON`: every user. A user without an enabled factor is challenged with what their profile allows
//!   (a phone number when the pool has SMS MFA, an email address when it has email MFA, a verified
//!   software token); with nothing, `MFA_SETUP` lists the factors the pool offers.
//! - A factor counts only while the pool offers it and the user still has its phone number or email.
//! - Codes sent by SMS or email are six digits, kept as a hash in the challenge session; TOTP codes are
//!   RFC 6238 (`domain/totp.rs`) and each time step is accepted once.

use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use crate::domain::user::User;
use crate::domain::user_pool::UserPool;

/// An MFA factor, named as the challenge that asks for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MfaKind {
    /// A code by SMS to `phone_number`.
    Sms,
    /// An authenticator app (TOTP).
    SoftwareToken,
    /// A code by email to `email`.
    Email,
}

impl MfaKind {
    /// The challenge name and the `UserMFASettingList` / `PreferredMfaSetting` value.
    pub fn as_str(self) -> &'static str {
        match self {
            MfaKind::Sms => "SMS_MFA",
            MfaKind::SoftwareToken => "SOFTWARE_TOKEN_MFA",
            MfaKind::Email => "EMAIL_OTP",
        }
    }

    /// Parses a challenge name or `SELECT_MFA_TYPE` answer (`EMAIL_MFA`, which the docs also use, too).
    pub fn parse(s: &str) -> Option<MfaKind> {
        match s {
            "SMS_MFA" => Some(MfaKind::Sms),
            "SOFTWARE_TOKEN_MFA" => Some(MfaKind::SoftwareToken),
            "EMAIL_OTP" | "EMAIL_MFA" => Some(MfaKind::Email),
            _ => None,
        }
    }

    /// The attribute a code goes to (`None` for TOTP).
    pub fn attribute(self) -> Option<&'static str> {
        match self {
            MfaKind::Sms => Some("phone_number"),
            MfaKind::Email => Some("email"),
            MfaKind::SoftwareToken => None,
        }
    }

    /// The `ChallengeResponses` key that carries the code.
    pub fn code_key(self) -> &'static str {
        match self {
            MfaKind::Sms => "SMS_MFA_CODE",
            MfaKind::SoftwareToken => "SOFTWARE_TOKEN_MFA_CODE",
            MfaKind::Email => "EMAIL_OTP_CODE",
        }
    }
}

/// The order AWS lists factors in (`MFAS_CAN_SETUP`, `MFAS_CAN_CHOOSE`, `UserMFASettingList`).
pub const ALL_KINDS: [MfaKind; 3] = [MfaKind::Sms, MfaKind::SoftwareToken, MfaKind::Email];

/// A user's software token: the verified secret, one waiting for `VerifySoftwareToken`, and the last
/// time step used (a code is accepted once).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SoftwareToken {
    /// The verified secret (base32), what sign-in checks codes against.
    pub secret: Option<String>,
    /// A secret from `AssociateSoftwareToken` not yet verified.
    pub pending: Option<String>,
    /// The TOTP step of the last accepted code.
    pub last_step: Option<u64>,
    /// `FriendlyDeviceName` given to `VerifySoftwareToken`.
    pub device_name: Option<String>,
}

/// A user's MFA settings (`SetUserMFAPreference`, `SetUserSettings`, the software token). Kept small:
/// most users have none, so the token lives behind a box.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MfaSettings {
    /// SMS MFA is enabled.
    pub sms_enabled: bool,
    /// SMS MFA was enabled through the legacy `MFAOptions` (`SetUserSettings`), so `GetUser` lists them.
    pub sms_via_settings: bool,
    /// Email MFA is enabled.
    pub email_enabled: bool,
    /// TOTP MFA is enabled.
    pub totp_enabled: bool,
    /// The preferred factor, if one is set.
    pub preferred: Option<MfaKind>,
    /// The software token, once one was associated.
    pub token: Option<Box<SoftwareToken>>,
}

impl MfaSettings {
    /// Is `kind` enabled?
    pub fn enabled(&self, kind: MfaKind) -> bool {
        match kind {
            MfaKind::Sms => self.sms_enabled,
            MfaKind::SoftwareToken => self.totp_enabled,
            MfaKind::Email => self.email_enabled,
        }
    }

    /// Enables or disables `kind`; disabling clears the preference for it.
    pub fn set_enabled(&mut self, kind: MfaKind, on: bool) {
        match kind {
            MfaKind::Sms => {
                self.sms_enabled = on;
                if !on {
                    self.sms_via_settings = false;
                }
            }
            MfaKind::SoftwareToken => self.totp_enabled = on,
            MfaKind::Email => self.email_enabled = on,
        }
        if !on && self.preferred == Some(kind) {
            self.preferred = None;
        }
    }

    /// The verified TOTP secret.
    pub fn totp_secret(&self) -> Option<&str> {
        self.token.as_ref().and_then(|t| t.secret.as_deref())
    }

    /// The secret waiting for `VerifySoftwareToken`.
    pub fn pending_secret(&self) -> Option<&str> {
        self.token.as_ref().and_then(|t| t.pending.as_deref())
    }

    /// The software token, created on first use.
    pub fn token_mut(&mut self) -> &mut SoftwareToken {
        self.token.get_or_insert_with(Box::default)
    }

    /// `UserMFASettingList`: the enabled factors, in AWS's order.
    pub fn setting_list(&self) -> Vec<String> {
        ALL_KINDS
            .iter()
            .filter(|k| self.enabled(**k))
            .map(|k| k.as_str().to_owned())
            .collect()
    }
}

/// The pool's `MfaConfiguration`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PoolMfa {
    /// No MFA.
    Off,
    /// MFA for users who enabled a factor.
    Optional,
    /// MFA for everyone.
    On,
}

/// The pool's mode (`OFF` when never set).
pub fn pool_mode(pool: &UserPool) -> PoolMfa {
    match pool.config.mfa_configuration.as_deref() {
        Some("ON") => PoolMfa::On,
        Some("OPTIONAL") => PoolMfa::Optional,
        _ => PoolMfa::Off,
    }
}

/// Does the pool offer `kind` (`SetUserPoolMfaConfig`)?
pub fn pool_offers(pool: &UserPool, kind: MfaKind) -> bool {
    match kind {
        MfaKind::Sms => pool.mfa_factors.sms,
        MfaKind::SoftwareToken => pool.software_token_mfa_enabled(),
        MfaKind::Email => pool.mfa_factors.email.is_some(),
    }
}

/// Can the user answer `kind` now: the pool offers it and the user has its phone number, email or
/// verified software token.
pub fn can_answer(pool: &UserPool, user: &User, kind: MfaKind) -> bool {
    if !pool_offers(pool, kind) {
        return false;
    }
    match kind.attribute() {
        Some(attr) => user.attribute(attr).is_some_and(|v| !v.is_empty()),
        None => user.mfa.totp_secret().is_some(),
    }
}

/// What a verified first factor leads to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MfaStep {
    /// No MFA: tokens.
    None,
    /// This challenge.
    Challenge(MfaKind),
    /// `SELECT_MFA_TYPE` among these.
    Select(Vec<MfaKind>),
    /// `MFA_SETUP`, offering these.
    Setup(Vec<MfaKind>),
}

/// The MFA decision for `user` after a first factor (see the module docs).
pub fn decide(pool: &UserPool, user: &User) -> MfaStep {
    let mode = pool_mode(pool);
    if mode == PoolMfa::Off {
        return MfaStep::None;
    }
    let enabled: Vec<MfaKind> = ALL_KINDS
        .into_iter()
        .filter(|k| user.mfa.enabled(*k) && can_answer(pool, user, *k))
        .collect();
    let usable = if enabled.is_empty() && mode == PoolMfa::On {
        ALL_KINDS
            .into_iter()
            .filter(|k| can_answer(pool, user, *k))
            .collect()
    } else {
        enabled
    };
    if let Some(p) = user.mfa.preferred.filter(|p| usable.contains(p)) {
        return MfaStep::Challenge(p);
    }
    match usable.as_slice() {
        [] if mode == PoolMfa::On => MfaStep::Setup(
            ALL_KINDS
                .into_iter()
                .filter(|k| pool_offers(pool, *k))
                .collect(),
        ),
        [] => MfaStep::None,
        [one] => MfaStep::Challenge(*one),
        _ => MfaStep::Select(usable),
    }
}

/// The session-data key of a sent code's hash.
pub const CODE_HASH_KEY: &str = "mfa_code_sha256";
/// The session-data key of the `SELECT_MFA_TYPE` choices (comma-separated challenge names).
pub const CHOICES_KEY: &str = "mfa_choices";
/// The session-data key that marks an `MFA_SETUP` session whose software token was verified.
pub const VERIFIED_KEY: &str = "mfa_token_verified";

/// Hex SHA-256 of a code: sessions keep only this.
pub fn code_hash(code: &str) -> String {
    Sha256::digest(code.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Compares a typed code with a stored hash in constant time.
pub fn code_matches(stored_hash: &str, given: &str) -> bool {
    bool::from(code_hash(given).as_bytes().ct_eq(stored_hash.as_bytes()))
}

/// `MFAS_CAN_SETUP` / `MFAS_CAN_CHOOSE`: a JSON array of challenge names, as AWS sends it.
pub fn json_list(kinds: &[MfaKind]) -> String {
    let names: Vec<&str> = kinds.iter().map(|k| k.as_str()).collect();
    serde_json::to_string(&names).unwrap_or_else(|_| "[]".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::user::UserStatus;
    use crate::domain::user_pool::UserPool;
    use crate::model::idp::user_pools::UserPoolConfig;

    fn pool(mode: &str, sms: bool, totp: bool, email: bool) -> UserPool {
        let config = UserPoolConfig {
            mfa_configuration: Some(mode.to_owned()),
            ..Default::default()
        };
        let mut p = UserPool::new(
            "us-east-1_x".into(),
            "us-east-1".into(),
            "arn".into(),
            "p".into(),
            0,
            std::sync::Arc::new(crate::domain::user_pool::PoolConfig::new(config)),
        );
        p.mfa_factors.sms = sms;
        p.mfa_factors.software_token = Some(totp);
        p.mfa_factors.email = email.then(|| Box::new(serde_json::json!({})));
        p
    }

    fn user() -> User {
        User::new("u".into(), "s".into(), 0, UserStatus::Confirmed)
    }

    #[test]
    fn off_never_challenges() {
        let mut u = user();
        u.mfa.sms_enabled = true;
        u.attributes
            .insert("phone_number".into(), "+15555550100".into());
        assert_eq!(decide(&pool("OFF", true, true, false), &u), MfaStep::None);
    }

    #[test]
    fn optional_challenges_only_enabled_factors() {
        let p = pool("OPTIONAL", true, true, false);
        let mut u = user();
        u.attributes
            .insert("phone_number".into(), "+15555550100".into());
        assert_eq!(decide(&p, &u), MfaStep::None);
        u.mfa.sms_enabled = true;
        assert_eq!(decide(&p, &u), MfaStep::Challenge(MfaKind::Sms));
    }

    #[test]
    fn on_without_factor_offers_setup() {
        let p = pool("ON", true, true, false);
        assert_eq!(
            decide(&p, &user()),
            MfaStep::Setup(vec![MfaKind::Sms, MfaKind::SoftwareToken])
        );
        let mut u = user();
        u.attributes
            .insert("phone_number".into(), "+15555550100".into());
        assert_eq!(decide(&p, &u), MfaStep::Challenge(MfaKind::Sms));
    }

    #[test]
    fn several_factors_select_unless_preferred() {
        let p = pool("OPTIONAL", true, true, false);
        let mut u = user();
        u.attributes
            .insert("phone_number".into(), "+15555550100".into());
        u.mfa.sms_enabled = true;
        u.mfa.totp_enabled = true;
        u.mfa.token_mut().secret = Some("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ".into());
        assert_eq!(
            decide(&p, &u),
            MfaStep::Select(vec![MfaKind::Sms, MfaKind::SoftwareToken])
        );
        u.mfa.preferred = Some(MfaKind::SoftwareToken);
        assert_eq!(decide(&p, &u), MfaStep::Challenge(MfaKind::SoftwareToken));
    }

    #[test]
    fn disabling_clears_preference() {
        let mut m = MfaSettings::default();
        m.set_enabled(MfaKind::Sms, true);
        m.sms_via_settings = true;
        m.preferred = Some(MfaKind::Sms);
        assert_eq!(m.setting_list(), ["SMS_MFA"]);
        m.set_enabled(MfaKind::Sms, false);
        assert_eq!(m.preferred, None);
        assert!(!m.sms_via_settings);
    }

    #[test]
    fn codes_compare_by_hash() {
        let h = code_hash("123456");
        assert!(code_matches(&h, "123456"));
        assert!(!code_matches(&h, "123457"));
    }
}
