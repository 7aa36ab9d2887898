//! Device tracking: the devices of each user (created by an SRP sign-in, confirmed with their SRP
//! verifier by `ConfirmDevice`, remembered or not), each user's `DeviceGroupKey`, and which device an SRP
//! sign-in in progress brings to the tokens it will end with.
//!
//! A sign-in in progress is marked per (user, client) when its SRP step succeeds, because the tokens may
//! be issued later by another step (NEW_PASSWORD_REQUIRED, MFA) that knows nothing of devices;
//! `complete_sign_in` takes the mark. No HTTP and no DTOs here.

use std::collections::BTreeMap;

use rand::distributions::{Alphanumeric, DistString};
use serde_json::Value;

use crate::domain::srp::Verifier;
use crate::domain::user_pool::UserPool;
use crate::domain::PoolMap;

/// Unconfirmed devices kept per user (each SRP sign-in without a device makes one); older ones go.
const MAX_UNCONFIRMED: usize = 16;

/// One device of a user.
#[derive(Debug, Clone)]
pub struct Device {
    /// `DeviceKey`: `<region>_<uuid>`.
    pub key: String,
    /// `device_name` from `ConfirmDevice`.
    pub name: Option<String>,
    /// The device's SRP verifier and salt, once confirmed.
    pub verifier: Option<(Verifier, Vec<u8>)>,
    /// `device_status`: remembered or not.
    pub remembered: bool,
    /// Milliseconds since the epoch.
    pub created_ms: i64,
    /// Milliseconds since the epoch.
    pub modified_ms: i64,
    /// Last sign-in that used (or created) it (ms).
    pub last_authenticated_ms: i64,
    /// `last_ip_used`, when known.
    pub last_ip: Option<String>,
}

impl Device {
    /// True once `ConfirmDevice` gave it a verifier.
    pub fn confirmed(&self) -> bool {
        self.verifier.is_some()
    }

    /// `device_status` as the API writes it.
    pub fn status(&self) -> &'static str {
        if self.remembered {
            "remembered"
        } else {
            "not_remembered"
        }
    }
}

/// The device an SRP sign-in in progress brings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignInDevice {
    /// An SRP sign-in without a known device: a new device is created when tokens are issued.
    New,
    /// A device that authenticated with device SRP.
    Known(String),
}

#[derive(Debug, Clone)]
struct SignInMark {
    device: SignInDevice,
    expires_ms: i64,
}

#[derive(Debug, Clone, Default)]
struct UserDevices {
    group_key: String,
    devices: BTreeMap<String, Device>,
}

/// The devices of one pool.
#[derive(Debug, Clone, Default)]
pub struct DeviceStore {
    users: PoolMap<String, UserDevices>,
    sign_ins: PoolMap<(String, String), SignInMark>,
}

/// A new `DeviceGroupKey`: `-` and 9 alphanumerics, as AWS's look.
fn new_group_key() -> String {
    format!(
        "-{}",
        Alphanumeric.sample_string(&mut rand::thread_rng(), 9)
    )
}

impl DeviceStore {
    /// Marks an SRP sign-in of `username` through `client_id` as bringing `device`, until `expires_ms`.
    pub fn mark_sign_in(
        &mut self,
        username: &str,
        client_id: &str,
        device: SignInDevice,
        expires_ms: i64,
        now_ms: i64,
    ) {
        if self.sign_ins.len() >= 1024 {
            self.sign_ins.retain(|_, m| m.expires_ms > now_ms);
        }
        self.sign_ins.insert(
            (username.to_owned(), client_id.to_owned()),
            SignInMark { device, expires_ms },
        );
    }

    /// Takes the live mark of a sign-in, if its SRP step set one.
    pub fn take_sign_in(
        &mut self,
        username: &str,
        client_id: &str,
        now_ms: i64,
    ) -> Option<SignInDevice> {
        if self.sign_ins.is_empty() {
            return None;
        }
        self.sign_ins
            .remove(&(username.to_owned(), client_id.to_owned()))
            .filter(|m| now_ms < m.expires_ms)
            .map(|m| m.device)
    }

    /// Creates an unconfirmed device for `username`; returns `(DeviceKey, DeviceGroupKey)`.
    pub fn create(&mut self, region: &str, username: &str, now_ms: i64) -> (String, String) {
        let entry = self
            .users
            .entry(username.to_owned())
            .or_insert_with(|| UserDevices {
                group_key: new_group_key(),
                devices: BTreeMap::new(),
            });
        let unconfirmed: Vec<(i64, String)> = entry
            .devices
            .values()
            .filter(|d| !d.confirmed())
            .map(|d| (d.created_ms, d.key.clone()))
            .collect();
        if unconfirmed.len() >= MAX_UNCONFIRMED {
            if let Some((_, oldest)) = unconfirmed.iter().min() {
                entry.devices.remove(oldest);
            }
        }
        let key = format!("{region}_{}", uuid::Uuid::new_v4());
        entry.devices.insert(
            key.clone(),
            Device {
                key: key.clone(),
                name: None,
                verifier: None,
                remembered: false,
                created_ms: now_ms,
                modified_ms: now_ms,
                last_authenticated_ms: now_ms,
                last_ip: None,
            },
        );
        (key, entry.group_key.clone())
    }

    /// The user's `DeviceGroupKey`, once a device was created.
    pub fn group_key(&self, username: &str) -> Option<&str> {
        self.users.get(username).map(|u| u.group_key.as_str())
    }

    /// A device of a user (confirmed or not).
    pub fn get(&self, username: &str, key: &str) -> Option<&Device> {
        self.users.get(username).and_then(|u| u.devices.get(key))
    }

    /// A device of a user, to change.
    pub fn get_mut(&mut self, username: &str, key: &str) -> Option<&mut Device> {
        self.users
            .get_mut(username)
            .and_then(|u| u.devices.get_mut(key))
    }

    /// The confirmed devices of a user, by key.
    pub fn list(&self, username: &str) -> Vec<&Device> {
        self.users
            .get(username)
            .map(|u| u.devices.values().filter(|d| d.confirmed()).collect())
            .unwrap_or_default()
    }

    /// Forgets a device; false if there was none.
    pub fn forget(&mut self, username: &str, key: &str) -> bool {
        self.users
            .get_mut(username)
            .and_then(|u| u.devices.remove(key))
            .is_some()
    }

    /// Forgets every device of a user (user deletion).
    pub fn forget_user(&mut self, username: &str) {
        self.users.remove(username);
        self.sign_ins.retain(|(u, _), _| u != username);
    }
}

/// `DeviceConfiguration` of the pool, when device tracking is on.
fn device_configuration(pool: &UserPool) -> Option<&serde_json::Map<String, Value>> {
    pool.config
        .device_configuration
        .as_deref()
        .and_then(Value::as_object)
}

/// True when the pool tracks devices (`DeviceConfiguration` set).
pub fn tracking_enabled(pool: &UserPool) -> bool {
    device_configuration(pool).is_some()
}

/// A `DeviceConfiguration` flag (`ChallengeRequiredOnNewDevice`, `DeviceOnlyRememberedOnUserPrompt`).
pub fn config_flag(pool: &UserPool, name: &str) -> bool {
    device_configuration(pool)
        .and_then(|c| c.get(name))
        .and_then(Value::as_bool)
        .unwrap_or(false)
}

/// True when a sign-in from `device_key` may skip MFA: the pool has `ChallengeRequiredOnNewDevice` (AWS:
/// "a remembered device can sign in with device authentication instead of SMS and TOTP factors"), and the
/// device is the user's, confirmed and remembered. For the MFA step of a sign-in that passed device SRP.
pub fn device_skips_mfa(pool: &UserPool, username: &str, device_key: &str) -> bool {
    config_flag(pool, "ChallengeRequiredOnNewDevice")
        && pool
            .devices
            .get(username, device_key)
            .is_some_and(|d| d.confirmed() && d.remembered)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn devices_are_per_user_and_unconfirmed_ones_are_capped() {
        let mut s = DeviceStore::default();
        let (k, g) = s.create("us-east-1", "alice", 0);
        assert!(k.starts_with("us-east-1_"));
        assert!(g.starts_with('-') && g.len() == 10);
        assert!(s.get("alice", &k).is_some());
        assert!(s.get("bob", &k).is_none());
        assert!(
            s.list("alice").is_empty(),
            "unconfirmed devices are not listed"
        );
        for i in 0..40 {
            let (_, g2) = s.create("us-east-1", "alice", i);
            assert_eq!(g2, g, "one group key per user");
        }
        assert!(s.users["alice"].devices.len() <= MAX_UNCONFIRMED);
        assert!(s.forget(
            "alice",
            &s.users["alice"].devices.keys().next().unwrap().clone()
        ));
    }

    #[test]
    fn sign_in_marks_are_taken_once() {
        let mut s = DeviceStore::default();
        s.mark_sign_in("u", "c", SignInDevice::New, 100, 0);
        assert_eq!(s.take_sign_in("u", "c", 10), Some(SignInDevice::New));
        assert_eq!(s.take_sign_in("u", "c", 10), None);
        s.mark_sign_in("u", "c", SignInDevice::Known("k".into()), 100, 0);
        assert_eq!(s.take_sign_in("u", "c", 100), None, "expired");
    }
}
