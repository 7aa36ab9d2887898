//! The user pool aggregate: its configuration and everything it owns. One pool is one unit of
//! consistency (see `store.rs`); its methods keep the invariants that span entities.

use std::collections::BTreeMap;
use std::sync::{Arc, LazyLock};

use serde_json::{json, Value};

use crate::domain::client::AppClient;
use crate::domain::groups::GroupDirectory;
use crate::domain::identity_provider::IdentityProvider;
use crate::domain::users::UserDirectory;
use crate::model::idp::resource_servers::ResourceServerType;

use crate::error::{CognitoError, Result};
use crate::model::idp::user_pools::{
    DescribeUserPoolResponse, NumberAttributeConstraintsType, PasswordPolicyType,
    SchemaAttributeType, StringAttributeConstraintsType, UserPoolConfig, UserPoolPolicyType,
    UserPoolType,
};
use crate::model::timestamp::Timestamp;

/// A user pool.
#[derive(Debug, Clone)]
pub struct UserPool {
    /// `<region>_<suffix>`.
    pub id: String,
    /// The region part of the id.
    pub region: String,
    /// `PoolName`.
    pub name: String,
    /// `arn:aws:cognito-idp:<region>:<account>:userpool/<id>`.
    pub arn: String,
    /// Milliseconds since the epoch.
    pub created_ms: i64,
    /// Milliseconds since the epoch.
    pub modified_ms: i64,
    /// What `DescribeUserPool` echoes, defaults filled in. Shared with the pools configured alike (see
    /// [`PoolConfig`]); read through it as a `UserPoolConfig`, changed through [`UserPool::config_mut`].
    pub config: Arc<PoolConfig>,
    /// The users.
    pub users: UserDirectory,
    /// App clients by id.
    pub clients: BTreeMap<String, AppClient>,
    /// Groups and their memberships.
    pub groups: GroupDirectory,
    /// Resource servers by identifier.
    pub resource_servers: BTreeMap<String, ResourceServerType>,
    /// Federated identity providers by name.
    pub identity_providers: BTreeMap<String, IdentityProvider>,
    /// The prefix domain (`<prefix>.auth.<region>.amazoncognito.com`): `DescribeUserPool`'s `Domain`.
    /// Boxed, as the custom domain below: most pools have neither, and a record inline is 104 bytes
    /// of every pool.
    pub prefix_domain: Option<Box<PoolDomain>>,
    /// The custom domain: `DescribeUserPool`'s `CustomDomain`.
    pub custom_domain_record: Option<Box<PoolDomain>>,
    /// The MFA factors `SetUserPoolMfaConfig` turns on (SMS settings live in `config`).
    pub mfa_factors: MfaFactors,
    /// What few pools have: UI customizations, risk and log configurations, terms, branding, import jobs.
    pub rare: Rare,
    /// Signing keys, refresh grants, revoked token families.
    pub tokens: crate::domain::tokens::TokenState,
    /// Open challenge sessions.
    pub sessions: crate::domain::auth_flow::Sessions,
    /// Failed-password counts and locks.
    pub lockouts: crate::domain::auth_flow::Lockouts,
    /// Pending confirmation, reset and verification codes.
    pub codes: crate::domain::codes::CodeStore,
    /// Authorization codes and granted scopes of the OAuth endpoints.
    pub oauth: crate::domain::oauth::OAuthState,
    /// Tracked devices and the device of each SRP sign-in in progress.
    pub devices: crate::domain::devices::DeviceStore,
    /// Open SRP challenges, by `SECRET_BLOCK`.
    pub srp: crate::domain::srp_flow::SrpChallenges,
    /// Bumped by every `Store::write_pool` on this pool, so by every change (users added or removed
    /// included): what is cached from the pool is valid while the version is the same.
    pub version: u64,
    /// `DescribeUserPool`'s serialized answer and the version it was made from.
    describe_cache: DescribeCache,
}

/// A serialized `DescribeUserPoolResponse` and the pool version it shows. A clone starts empty. Boxed:
/// 16 bytes in the pool instead of 48, for pools that are never described.
#[derive(Default)]
struct DescribeCache(std::sync::Mutex<Option<Box<(u64, bytes::Bytes)>>>);

impl Clone for DescribeCache {
    fn clone(&self) -> Self {
        DescribeCache::default()
    }
}

impl std::fmt::Debug for DescribeCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DescribeCache")
    }
}

/// A pool's configuration, shared by the pools whose configurations are equal, with its JSON written once.
///
/// Test suites make thousands of pools from the same `CreateUserPool` request, so most pools have equal
/// configurations (defaults filled in). Shared, a configuration is one allocation for all of them instead
/// of 432 bytes inside each pool plus a dozen strings, and its JSON (about 4.2 KB of the 4.5 KB of each
/// `CreateUserPool` / `DescribeUserPool` answer, written member by member with every string escaped) is
/// written once. The [`ConfigInterner`] finds the equal configuration; a change copies it first
/// (`UserPool::config_mut`), and the copy writes its own JSON.
pub struct PoolConfig {
    value: UserPoolConfig,
    /// The members of the JSON object of `value`, without the braces; empty for no members.
    json_members: std::sync::OnceLock<Box<str>>,
}

impl PoolConfig {
    /// Wraps a configuration.
    pub fn new(value: UserPoolConfig) -> PoolConfig {
        PoolConfig {
            value,
            json_members: std::sync::OnceLock::new(),
        }
    }

    /// The members of the configuration's JSON object (`"A":1,"B":2`), written on first use.
    fn json_members(&self) -> Result<&str> {
        if let Some(members) = self.json_members.get() {
            return Ok(members);
        }
        let json = serde_json::to_string(&self.value).map_err(CognitoError::internal)?;
        let members = json
            .strip_prefix('{')
            .and_then(|j| j.strip_suffix('}'))
            .ok_or_else(|| CognitoError::internal("a pool configuration is not a JSON object"))?;
        Ok(self.json_members.get_or_init(|| members.into()))
    }
}

impl std::ops::Deref for PoolConfig {
    type Target = UserPoolConfig;

    fn deref(&self) -> &UserPoolConfig {
        &self.value
    }
}

impl Clone for PoolConfig {
    /// A copy about to be changed: its JSON is written afresh.
    fn clone(&self) -> Self {
        PoolConfig::new(self.value.clone())
    }
}

impl std::fmt::Debug for PoolConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.value.fmt(f)
    }
}

/// Hands out one shared [`PoolConfig`] for equal configurations: the last one made, which is the one a
/// run of `CreateUserPool` calls with the same request finds. Comparing is a few dozen short string and
/// pointer comparisons (the default documents inside are themselves shared `Arc`s, compared by pointer
/// first).
#[derive(Debug, Default)]
pub struct ConfigInterner {
    last: std::sync::Mutex<Option<LastConfig>>,
}

#[derive(Debug)]
struct LastConfig {
    config: Arc<PoolConfig>,
    /// The `CreateUserPool` members it was last made from, if it was.
    given: Option<Box<GivenConfig>>,
}

/// The configuration members of a `CreateUserPool` request as given, before checks and defaults.
#[derive(Debug, PartialEq)]
pub struct GivenConfig {
    /// The members other than `PoolName` and `Schema`.
    pub config: UserPoolConfig,
    /// `Schema`.
    pub schema: Option<Vec<SchemaAttributeType>>,
}

impl ConfigInterner {
    /// The shared configuration equal to `config`, or a new one (then the one to share next).
    pub fn intern(&self, config: UserPoolConfig) -> Arc<PoolConfig> {
        let last = self.lock().as_ref().map(|l| Arc::clone(&l.config));
        if let Some(last) = last {
            if last.value == config {
                return last;
            }
        }
        let made = Arc::new(PoolConfig::new(config));
        *self.lock() = Some(LastConfig {
            config: Arc::clone(&made),
            given: None,
        });
        made
    }

    /// The shared configuration that `make` builds from `given` (checks and defaults). When `given` is
    /// what the last configuration was made from, that one again, without building and comparing a
    /// whole configuration: in a run of `CreateUserPool` calls with the same request that was a sixth
    /// of the operation's own time. `make` must depend on `given` alone.
    pub fn intern_given(
        &self,
        given: GivenConfig,
        make: impl FnOnce(&GivenConfig) -> Result<UserPoolConfig>,
    ) -> Result<Arc<PoolConfig>> {
        if let Some(last) = self.lock().as_ref() {
            if last.given.as_deref() == Some(&given) {
                return Ok(Arc::clone(&last.config));
            }
        }
        let shared = self.intern(make(&given)?);
        if let Some(last) = self.lock().as_mut() {
            if Arc::ptr_eq(&last.config, &shared) {
                last.given = Some(Box::new(given));
            }
        }
        Ok(shared)
    }

    /// Forgets the last configuration (`/_emulator/reset`).
    pub fn clear(&self) {
        *self.lock() = None;
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Option<LastConfig>> {
        self.last.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// The parts of a pool that most pools never use, boxed only once one is written: inline they were 128
/// bytes of every pool, and took a pool out of the allocator's 1,024-byte size class. Read through
/// `Deref` (an empty set when none was written), written through `DerefMut` (which makes the box).
#[derive(Debug, Clone, Default)]
pub struct Rare(Option<Box<RareParts>>);

/// See [`Rare`].
#[derive(Debug, Clone, Default)]
pub struct RareParts {
    /// Hosted-UI customizations by client id, `ALL` for the pool-wide one.
    pub ui_customizations: BTreeMap<String, UiCustomization>,
    /// Risk configurations by client id, `ALL` for the pool-wide one.
    pub risk_configurations: BTreeMap<String, StoredRiskConfiguration>,
    /// `SetLogDeliveryConfiguration`'s `LogConfigurations`.
    pub log_configurations: Option<Value>,
    /// Terms documents by id.
    pub terms: BTreeMap<String, crate::domain::terms::Terms>,
    /// Managed-login branding styles by id.
    pub branding: BTreeMap<String, crate::domain::branding::Branding>,
    /// User import jobs by id.
    pub import_jobs: BTreeMap<String, crate::domain::import_jobs::ImportJob>,
}

/// What a pool without rare parts reads.
static NO_RARE_PARTS: RareParts = RareParts {
    ui_customizations: BTreeMap::new(),
    risk_configurations: BTreeMap::new(),
    log_configurations: None,
    terms: BTreeMap::new(),
    branding: BTreeMap::new(),
    import_jobs: BTreeMap::new(),
};

impl std::ops::Deref for Rare {
    type Target = RareParts;

    fn deref(&self) -> &RareParts {
        self.0.as_deref().unwrap_or(&NO_RARE_PARTS)
    }
}

impl std::ops::DerefMut for Rare {
    fn deref_mut(&mut self) -> &mut RareParts {
        self.0.get_or_insert_default()
    }
}

/// A domain of a pool.
#[derive(Debug, Clone)]
pub struct PoolDomain {
    /// The prefix or the full custom domain.
    pub domain: String,
    /// `CustomDomainConfig.CertificateArn` (custom domains only).
    pub certificate_arn: Option<String>,
    /// 1 = classic hosted UI, 2 = managed login.
    pub managed_login_version: i64,
    /// The CloudFront distribution AWS would put in front of it.
    pub cloudfront: String,
    /// `Version`, derived from the creation time as AWS's date-like versions are.
    pub version: String,
}

/// MFA factors other than SMS.
#[derive(Debug, Clone, Default)]
pub struct MfaFactors {
    /// SMS MFA is enabled (`SmsMfaConfiguration` given).
    pub sms: bool,
    /// `SoftwareTokenMfaConfiguration.Enabled`, once `SetUserPoolMfaConfig` has set it.
    pub software_token: Option<bool>,
    /// `EmailMfaConfiguration`, as given.
    pub email: Option<Box<Value>>,
    /// `WebAuthnConfiguration`, as given.
    pub web_authn: Option<Box<Value>>,
}

/// A hosted-UI customization.
#[derive(Debug, Clone)]
pub struct UiCustomization {
    /// `CSS`.
    pub css: Option<String>,
    /// `ImageUrl` when an image was uploaded.
    pub image_url: Option<String>,
    /// Milliseconds since the epoch.
    pub created_ms: i64,
    /// Milliseconds since the epoch.
    pub modified_ms: i64,
}

/// A risk configuration: the three configurations as given, and when they were set.
#[derive(Debug, Clone)]
pub struct StoredRiskConfiguration {
    /// `CompromisedCredentialsRiskConfiguration`, `AccountTakeoverRiskConfiguration`,
    /// `RiskExceptionConfiguration` members as given.
    pub document: serde_json::Map<String, Value>,
    /// Milliseconds since the epoch.
    pub modified_ms: i64,
}

/// The standard (OIDC) attributes every pool has, as `DescribeUserPool` lists them.
const STANDARD_ATTRIBUTES: &[(&str, &str)] = &[
    ("sub", "String"),
    ("name", "String"),
    ("given_name", "String"),
    ("family_name", "String"),
    ("middle_name", "String"),
    ("nickname", "String"),
    ("preferred_username", "String"),
    ("profile", "String"),
    ("picture", "String"),
    ("website", "String"),
    ("email", "String"),
    ("email_verified", "Boolean"),
    ("gender", "String"),
    ("birthdate", "String"),
    ("zoneinfo", "String"),
    ("locale", "String"),
    ("phone_number", "String"),
    ("phone_number_verified", "Boolean"),
    ("address", "String"),
    ("updated_at", "Number"),
];

/// Is `name` one of the standard attributes?
pub fn is_standard_attribute(name: &str) -> bool {
    STANDARD_ATTRIBUTES.iter().any(|(n, _)| *n == name)
}

fn standard_schema() -> Vec<SchemaAttributeType> {
    STANDARD_ATTRIBUTES
        .iter()
        .map(|(name, ty)| {
            let (min, max) = match *name {
                "sub" => ("1", "2048"),
                "birthdate" => ("10", "10"),
                _ => ("0", "2048"),
            };
            SchemaAttributeType {
                name: Some((*name).to_owned()),
                attribute_data_type: Some((*ty).to_owned()),
                developer_only_attribute: Some(false),
                mutable: Some(*name != "sub"),
                required: Some(*name == "sub"),
                number_attribute_constraints: (*ty == "Number").then(|| {
                    NumberAttributeConstraintsType {
                        min_value: Some("0".into()),
                        max_value: None,
                    }
                }),
                string_attribute_constraints: (*ty == "String").then(|| {
                    StringAttributeConstraintsType {
                        min_length: Some(min.into()),
                        max_length: Some(max.into()),
                    }
                }),
            }
        })
        .collect()
}

/// Merges the `Schema` given at creation into the standard schema: standard attributes may be made
/// required (and their constraints changed); others become `custom:` attributes, which may never be required.
pub fn build_schema(given: &[SchemaAttributeType]) -> Result<Arc<[SchemaAttributeType]>> {
    if given.is_empty() {
        return Ok(STANDARD_SCHEMA.share());
    }
    let mut schema = standard_schema();
    for attr in given {
        let Some(name) = attr.name.as_deref() else {
            return Err(CognitoError::invalid_parameter(
                "Attribute name is required in schema.",
            ));
        };
        if let Some(std) = schema.iter_mut().find(|s| s.name.as_deref() == Some(name)) {
            if name == "sub" {
                continue;
            }
            if let Some(r) = attr.required {
                std.required = Some(r);
            }
            if let Some(m) = attr.mutable {
                std.mutable = Some(m);
            }
            if attr.string_attribute_constraints.is_some() {
                std.string_attribute_constraints = attr.string_attribute_constraints.clone();
            }
            if attr.number_attribute_constraints.is_some() {
                std.number_attribute_constraints = attr.number_attribute_constraints.clone();
            }
            continue;
        }
        let custom = custom_attribute(attr, name)?;
        if schema.iter().any(|s| s.name == custom.name) {
            return Err(CognitoError::invalid_parameter(format!(
                "Duplicate attribute name in schema: {name}"
            )));
        }
        schema.push(custom);
    }
    Ok(schema.into())
}

/// A value shared by many pools (one `Arc`), with its JSON written once: a pool that holds this very
/// `Arc` is answered with these bytes instead of serializing the value again on every `CreateUserPool`
/// and `DescribeUserPool`.
struct SharedJson<T: ?Sized> {
    value: Arc<T>,
    json: Option<Box<serde_json::value::RawValue>>,
}

impl<T: serde::Serialize + ?Sized> SharedJson<T> {
    fn new(value: Arc<T>) -> SharedJson<T> {
        let json = serde_json::value::to_raw_value(&*value).ok();
        SharedJson { value, json }
    }

    /// Another handle on the shared value.
    fn share(&self) -> Arc<T> {
        Arc::clone(&self.value)
    }
}

/// Serializes `mine` as the JSON written once of the shared value it is (the same `Arc`), if any, else as
/// usual.
fn serialize_shared<'a, T, S>(
    mine: &Option<Arc<T>>,
    shared: impl IntoIterator<Item = &'a SharedJson<T>>,
    s: S,
) -> std::result::Result<S::Ok, S::Error>
where
    T: serde::Serialize + ?Sized + 'a,
    S: serde::Serializer,
{
    use serde::Serialize;
    if let Some(mine) = mine {
        let written = shared
            .into_iter()
            .find(|d| Arc::ptr_eq(mine, &d.value))
            .and_then(|d| d.json.as_ref());
        if let Some(json) = written {
            return json.serialize(s);
        }
    }
    mine.serialize(s)
}

/// The standard schema shared by every pool created without a `Schema` (about 6 KB each otherwise), and
/// its JSON (3.7 KB of each CreateUserPool and DescribeUserPool answer).
static STANDARD_SCHEMA: LazyLock<SharedJson<[SchemaAttributeType]>> =
    LazyLock::new(|| SharedJson::new(standard_schema().into()));

/// Serializes `UserPoolConfig::schema_attributes` (see `SharedJson`).
pub fn serialize_schema<S: serde::Serializer>(
    schema: &Option<Arc<[SchemaAttributeType]>>,
    s: S,
) -> std::result::Result<S::Ok, S::Error> {
    serialize_shared(schema, [&*STANDARD_SCHEMA], s)
}

/// A `custom:` attribute from a schema entry (also used by `AddCustomAttributes`).
pub fn custom_attribute(attr: &SchemaAttributeType, name: &str) -> Result<SchemaAttributeType> {
    if attr.required == Some(true) {
        return Err(CognitoError::invalid_parameter(
            "Required custom attributes are not supported currently.",
        ));
    }
    let bare = name.strip_prefix("custom:").unwrap_or(name);
    let data_type = attr
        .attribute_data_type
        .clone()
        .unwrap_or_else(|| "String".to_owned());
    let dev_only = attr.developer_only_attribute.unwrap_or(false);
    let full = if dev_only {
        format!("dev:custom:{bare}")
    } else {
        format!("custom:{bare}")
    };
    Ok(SchemaAttributeType {
        name: Some(full),
        string_attribute_constraints: match (data_type.as_str(), &attr.string_attribute_constraints)
        {
            ("String", Some(c)) => Some(c.clone()),
            ("String", None) => Some(StringAttributeConstraintsType::default()),
            _ => None,
        },
        number_attribute_constraints: match (data_type.as_str(), &attr.number_attribute_constraints)
        {
            ("Number", Some(c)) => Some(c.clone()),
            ("Number", None) => Some(NumberAttributeConstraintsType::default()),
            _ => None,
        },
        attribute_data_type: Some(data_type),
        developer_only_attribute: Some(dev_only),
        mutable: Some(attr.mutable.unwrap_or(true)),
        required: Some(false),
    })
}

/// Checks the configuration rules the model cannot express (`CreateUserPool` and `UpdateUserPool`).
pub fn check_config_rules(config: &UserPoolConfig) -> Result<()> {
    if config.username_attributes.is_some() && config.alias_attributes.is_some() {
        return Err(CognitoError::invalid_parameter(
            "Only one of the aliasAttributes or usernameAttributes can be set in a User Pool.",
        ));
    }
    let preferred_is_alias = config
        .alias_attributes
        .iter()
        .flatten()
        .any(|a| a == "preferred_username");
    let preferred_required = config
        .schema_attributes
        .iter()
        .flat_map(|s| s.iter())
        .any(|a| a.name.as_deref() == Some("preferred_username") && a.required == Some(true));
    if preferred_is_alias && preferred_required {
        return Err(CognitoError::invalid_parameter(
            "preferred_username cannot be a required attribute when it is an alias attribute.",
        ));
    }
    if let Some(schema) = &config.schema_attributes {
        for attr in schema.iter() {
            check_constraints(attr)?;
        }
    }
    Ok(())
}

fn parse_bound(v: Option<&String>, what: &str, name: &str) -> Result<Option<i64>> {
    v.map(|s| {
        s.parse::<i64>().map_err(|_| {
            CognitoError::invalid_parameter(format!(
                "Invalid {what} for attribute {name}: {s} is not a number."
            ))
        })
    })
    .transpose()
}

/// String lengths must be within 0..=2048 with min <= max; number bounds must be numbers with min <= max.
fn check_constraints(attr: &SchemaAttributeType) -> Result<()> {
    let name = attr.name.as_deref().unwrap_or_default();
    if let Some(c) = &attr.string_attribute_constraints {
        let min = parse_bound(c.min_length.as_ref(), "MinLength", name)?;
        let max = parse_bound(c.max_length.as_ref(), "MaxLength", name)?;
        if max.is_some_and(|m| m > 2048) || min.is_some_and(|m| !(0..=2048).contains(&m)) {
            return Err(CognitoError::invalid_parameter(format!(
                "Invalid string length constraints for attribute {name}: lengths must be between 0 and 2048."
            )));
        }
        if let (Some(lo), Some(hi)) = (min, max) {
            if lo > hi {
                return Err(CognitoError::invalid_parameter(format!(
                    "Invalid string length constraints for attribute {name}: MinLength must not exceed MaxLength."
                )));
            }
        }
    }
    if let Some(c) = &attr.number_attribute_constraints {
        let min = parse_bound(c.min_value.as_ref(), "MinValue", name)?;
        let max = parse_bound(c.max_value.as_ref(), "MaxValue", name)?;
        if let (Some(lo), Some(hi)) = (min, max) {
            if lo > hi {
                return Err(CognitoError::invalid_parameter(format!(
                    "Invalid number constraints for attribute {name}: MinValue must not exceed MaxValue."
                )));
            }
        }
    }
    Ok(())
}

/// AWS keeps the legacy verification members and `VerificationMessageTemplate` in step: each given one is
/// copied to its twin when the twin is not given.
fn sync_verification_messages(config: &mut UserPoolConfig) {
    let template = config
        .verification_message_template
        .get_or_insert_with(|| DEFAULT_DOCUMENTS.verification_message_template.share());
    let pairs: [(&str, &mut Option<String>); 3] = [
        ("EmailMessage", &mut config.email_verification_message),
        ("EmailSubject", &mut config.email_verification_subject),
        ("SmsMessage", &mut config.sms_verification_message),
    ];
    for (key, legacy) in pairs {
        match (template.get(key).and_then(Value::as_str), legacy.as_ref()) {
            (None, Some(v)) => {
                if let Some(t) = Arc::make_mut(template).as_object_mut() {
                    t.insert(key.to_owned(), json!(v));
                }
            }
            (Some(v), None) => *legacy = Some(v.to_owned()),
            _ => {}
        }
    }
}

/// The documents AWS fills in for members left out of `CreateUserPool` / `UpdateUserPool`. A pool that
/// keeps one shares this copy (`Arc`); a change to it copies it first (`Arc::make_mut`). The verification
/// template and `AdminCreateUserConfig` are also completed member by member from these (`complete_from`).
struct DefaultDocuments {
    sign_in_policy: SharedJson<Value>,
    lambda_config: SharedJson<Value>,
    verification_message_template: SharedJson<Value>,
    user_attribute_update_settings: SharedJson<Value>,
    email_configuration: SharedJson<Value>,
    admin_create_user_config: SharedJson<Value>,
}

impl DefaultDocuments {
    fn all(&self) -> [&SharedJson<Value>; 6] {
        [
            &self.sign_in_policy,
            &self.lambda_config,
            &self.verification_message_template,
            &self.user_attribute_update_settings,
            &self.email_configuration,
            &self.admin_create_user_config,
        ]
    }
}

static DEFAULT_DOCUMENTS: LazyLock<DefaultDocuments> = LazyLock::new(|| {
    let doc = |v: Value| SharedJson::new(Arc::new(v));
    DefaultDocuments {
        sign_in_policy: doc(json!({"AllowedFirstAuthFactors": ["PASSWORD"]})),
        lambda_config: doc(json!({})),
        verification_message_template: doc(json!({"DefaultEmailOption": "CONFIRM_WITH_CODE"})),
        user_attribute_update_settings: doc(
            json!({"AttributesRequireVerificationBeforeUpdate": []}),
        ),
        email_configuration: doc(json!({"EmailSendingAccount": "COGNITO_DEFAULT"})),
        admin_create_user_config: doc(
            json!({"AllowAdminCreateUserOnly": false, "UnusedAccountValidityDays": 7}),
        ),
    }
});

/// Serializes a configuration document that may be a shared default (see `SharedJson`).
pub fn serialize_document<S: serde::Serializer>(
    document: &Option<Arc<Value>>,
    s: S,
) -> std::result::Result<S::Ok, S::Error> {
    serialize_shared(document, DEFAULT_DOCUMENTS.all(), s)
}

/// Adds to a given document the members of its default that it lacks (AWS completes these documents
/// member by member), copying a shared document only when one is missing.
fn complete_from(document: &mut Arc<Value>, default: &Value) {
    let (Some(given), Some(members)) = (document.as_object(), default.as_object()) else {
        return;
    };
    if members.keys().all(|k| given.contains_key(k)) {
        return;
    }
    if let Some(o) = Arc::make_mut(document).as_object_mut() {
        for (k, v) in members {
            if !o.contains_key(k) {
                o.insert(k.clone(), v.clone());
            }
        }
    }
}

/// A configuration's attribute schema (empty when it has none).
pub fn schema(config: &UserPoolConfig) -> &[SchemaAttributeType] {
    config.schema_attributes.as_deref().unwrap_or(&[])
}

/// The names of the schema's required attributes, but `sub` (which the emulator always sets).
pub fn required_attributes(config: &UserPoolConfig) -> impl Iterator<Item = &str> {
    schema(config)
        .iter()
        .filter(|a| a.required == Some(true))
        .filter_map(|a| a.name.as_deref())
        .filter(|n| *n != "sub")
}

/// A configuration's password policy (the default one when it has none).
pub fn password_policy(config: &UserPoolConfig) -> PasswordPolicyType {
    config
        .policies
        .as_ref()
        .and_then(|p| p.password_policy.clone())
        .unwrap_or_default()
}

/// Fills in what AWS fills in when a member is left out of `CreateUserPool` / `UpdateUserPool`.
pub fn apply_config_defaults(config: &mut UserPoolConfig) {
    let defaults = &*DEFAULT_DOCUMENTS;
    sync_verification_messages(config);
    let policies = config
        .policies
        .get_or_insert_with(UserPoolPolicyType::default);
    let pw = policies.password_policy.get_or_insert(PasswordPolicyType {
        minimum_length: Some(8),
        require_uppercase: Some(true),
        require_lowercase: Some(true),
        require_numbers: Some(true),
        require_symbols: Some(true),
        password_history_size: None,
        temporary_password_validity_days: Some(7),
    });
    pw.minimum_length.get_or_insert(8);
    pw.require_uppercase.get_or_insert(false);
    pw.require_lowercase.get_or_insert(false);
    pw.require_numbers.get_or_insert(false);
    pw.require_symbols.get_or_insert(false);
    match pw.temporary_password_validity_days {
        None | Some(0) => pw.temporary_password_validity_days = Some(7),
        Some(_) => {}
    }
    policies
        .sign_in_policy
        .get_or_insert_with(|| defaults.sign_in_policy.share());
    config
        .deletion_protection
        .get_or_insert_with(|| "INACTIVE".to_owned());
    config
        .lambda_config
        .get_or_insert_with(|| defaults.lambda_config.share());
    config
        .mfa_configuration
        .get_or_insert_with(|| "OFF".to_owned());
    if let Some(t) = config.verification_message_template.as_mut() {
        complete_from(t, &defaults.verification_message_template.value);
    }
    config
        .user_attribute_update_settings
        .get_or_insert_with(|| defaults.user_attribute_update_settings.share());
    config
        .email_configuration
        .get_or_insert_with(|| defaults.email_configuration.share());
    let acu = config
        .admin_create_user_config
        .get_or_insert_with(|| defaults.admin_create_user_config.share());
    complete_from(acu, &defaults.admin_create_user_config.value);
    config
        .user_pool_tier
        .get_or_insert_with(|| "ESSENTIALS".to_owned());
}

impl UserPool {
    /// The pool as `DescribeUserPool` shows it.
    pub fn describe(&self) -> UserPoolType<'_> {
        UserPoolType {
            id: &self.id,
            name: &self.name,
            arn: &self.arn,
            creation_date: Timestamp::from_millis(self.created_ms),
            last_modified_date: Timestamp::from_millis(self.modified_ms),
            estimated_number_of_users: self.users.len() as i64,
            domain: self.prefix_domain.as_ref().map(|d| d.domain.as_str()),
            custom_domain: self
                .custom_domain_record
                .as_ref()
                .map(|d| d.domain.as_str()),
        }
    }

    /// The configuration, for a change: copied first if other pools share it.
    pub fn config_mut(&mut self) -> &mut UserPoolConfig {
        let config = Arc::make_mut(&mut self.config);
        // Not shared (or just copied): the JSON written for it is about to be stale.
        config.json_members = std::sync::OnceLock::new();
        &mut config.value
    }

    /// A new, empty pool.
    pub fn new(
        id: String,
        region: String,
        arn: String,
        name: String,
        now_ms: i64,
        config: Arc<PoolConfig>,
    ) -> UserPool {
        UserPool {
            id,
            region,
            arn,
            name,
            created_ms: now_ms,
            modified_ms: now_ms,
            config,
            users: UserDirectory::default(),
            clients: BTreeMap::new(),
            groups: GroupDirectory::default(),
            resource_servers: BTreeMap::new(),
            identity_providers: BTreeMap::new(),
            prefix_domain: None,
            custom_domain_record: None,
            mfa_factors: MfaFactors::default(),
            tokens: Default::default(),
            sessions: Default::default(),
            lockouts: Default::default(),
            codes: Default::default(),
            oauth: Default::default(),
            devices: Default::default(),
            srp: Default::default(),
            rare: Rare::default(),
            version: 0,
            describe_cache: DescribeCache::default(),
        }
    }

    /// The JSON of `DescribeUserPoolResponse` (`{"UserPool": …}`, also `CreateUserPool`'s answer): the
    /// pool's own members, then the members of its configuration as written once (see [`PoolConfig`]).
    pub fn description_json(&self) -> Result<bytes::Bytes> {
        let config = self.config.json_members()?;
        // About 4.5 KB with the standard schema.
        let mut body = Vec::with_capacity(config.len() + 512);
        serde_json::to_writer(
            &mut body,
            &DescribeUserPoolResponse {
                user_pool: self.describe(),
            },
        )
        .map_err(CognitoError::internal)?;
        // `{"UserPool":{…}}`: the configuration's members go before the two closing braces.
        if !config.is_empty() {
            if !body.ends_with(b"}}") {
                return Err(CognitoError::internal(
                    "a pool description is not a JSON object",
                ));
            }
            body.truncate(body.len() - 2);
            body.push(b',');
            body.extend_from_slice(config.as_bytes());
            body.extend_from_slice(b"}}");
        }
        Ok(bytes::Bytes::from(body))
    }

    /// `description_json`, serialized once per version of the pool.
    pub fn describe_body(&self) -> Result<bytes::Bytes> {
        let mut slot = self
            .describe_cache
            .0
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        if let Some((version, body)) = slot.as_deref() {
            if *version == self.version {
                return Ok(body.clone());
            }
        }
        let body = self.description_json()?;
        *slot = Some(Box::new((self.version, body.clone())));
        Ok(body)
    }

    /// The effective password policy.
    pub fn password_policy(&self) -> PasswordPolicyType {
        password_policy(&self.config)
    }

    /// True if TOTP MFA is enabled (`SetUserPoolMfaConfig`); sign-in answers
    /// `SoftwareTokenMFANotFoundException` otherwise.
    pub fn software_token_mfa_enabled(&self) -> bool {
        self.mfa_factors.software_token == Some(true)
    }

    /// True if any MFA factor (SMS, TOTP, email) is enabled.
    pub fn any_mfa_factor_enabled(&self) -> bool {
        self.mfa_factors.sms
            || self.mfa_factors.software_token == Some(true)
            || self.mfa_factors.email.is_some()
    }

    /// True when `DeletionProtection` is `ACTIVE`.
    pub fn deletion_protected(&self) -> bool {
        self.config.deletion_protection.as_deref() == Some("ACTIVE")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_match_aws() {
        let mut c = UserPoolConfig::default();
        apply_config_defaults(&mut c);
        let pw = c.policies.unwrap().password_policy.unwrap();
        assert_eq!(pw.minimum_length, Some(8));
        assert_eq!(pw.temporary_password_validity_days, Some(7));
        assert_eq!(c.mfa_configuration.as_deref(), Some("OFF"));
        assert_eq!(c.deletion_protection.as_deref(), Some("INACTIVE"));
    }

    #[test]
    fn default_documents_are_shared_and_given_ones_completed() {
        let (mut a, mut b) = (UserPoolConfig::default(), UserPoolConfig::default());
        apply_config_defaults(&mut a);
        apply_config_defaults(&mut b);
        let (Some(ta), Some(tb)) = (&a.admin_create_user_config, &b.admin_create_user_config)
        else {
            panic!("AdminCreateUserConfig was not filled in");
        };
        assert!(Arc::ptr_eq(ta, tb));
        assert_eq!(
            **ta,
            json!({"AllowAdminCreateUserOnly": false, "UnusedAccountValidityDays": 7})
        );

        // A given document keeps its members, gains the missing defaults, and the shared default is
        // left as it was.
        let mut c = UserPoolConfig {
            admin_create_user_config: Some(Arc::new(json!({"AllowAdminCreateUserOnly": true}))),
            email_verification_subject: Some("Your code".into()),
            ..Default::default()
        };
        apply_config_defaults(&mut c);
        assert_eq!(
            c.admin_create_user_config.as_deref(),
            Some(&json!({"AllowAdminCreateUserOnly": true, "UnusedAccountValidityDays": 7}))
        );
        assert_eq!(
            c.verification_message_template.as_deref(),
            Some(&json!({"DefaultEmailOption": "CONFIRM_WITH_CODE", "EmailSubject": "Your code"}))
        );
        let mut d = UserPoolConfig::default();
        apply_config_defaults(&mut d);
        assert_eq!(
            d.verification_message_template.as_deref(),
            Some(&json!({"DefaultEmailOption": "CONFIRM_WITH_CODE"}))
        );
    }

    /// A pool is kept as `Arc<Mutex<UserPool>>`: 24 bytes more. Under 1,024 bytes in all, the allocator
    /// serves it from that size class; a few bytes more and every pool takes 1,280 bytes. Members that most
    /// pools leave empty belong behind a pointer (`Option<Box<_>>`, `Option<Arc<_>>`, [`Rare`]), not inline.
    #[test]
    fn a_pool_fits_the_1024_byte_size_class() {
        let size = std::mem::size_of::<std::sync::Mutex<UserPool>>() + 16;
        assert!(size <= 1024, "{size}");
    }

    fn pool_with(config: Arc<PoolConfig>, id: &str) -> UserPool {
        UserPool::new(
            id.into(),
            "us-east-1".into(),
            format!("arn:aws:cognito-idp:us-east-1:123456789012:userpool/{id}"),
            "name".into(),
            1_700_000_000_000,
            config,
        )
    }

    fn defaults() -> UserPoolConfig {
        let mut c = UserPoolConfig {
            schema_attributes: Some(STANDARD_SCHEMA.share()),
            ..Default::default()
        };
        apply_config_defaults(&mut c);
        c
    }

    /// The description is the pool's members and then the configuration's, as one object: the same JSON
    /// as serializing the configuration in place.
    fn assert_describes(pool: &UserPool) {
        let body: Value = serde_json::from_slice(&pool.description_json().unwrap()).unwrap();
        let mut expected = serde_json::to_value(pool.describe()).unwrap();
        let config = serde_json::to_value(&**pool.config).unwrap();
        for (k, v) in config.as_object().unwrap() {
            expected
                .as_object_mut()
                .unwrap()
                .insert(k.clone(), v.clone());
        }
        assert_eq!(body, json!({ "UserPool": expected }));
    }

    #[test]
    fn equal_configurations_are_shared_and_a_change_copies() {
        let interner = ConfigInterner::default();
        let mut a = pool_with(interner.intern(defaults()), "us-east-1_aaaaaaaaa");
        let b = pool_with(interner.intern(defaults()), "us-east-1_bbbbbbbbb");
        assert!(Arc::ptr_eq(&a.config, &b.config));
        assert_describes(&a);
        assert_describes(&b);

        a.config_mut().mfa_configuration = Some("OPTIONAL".into());
        assert!(!Arc::ptr_eq(&a.config, &b.config));
        assert_describes(&a);
        let described = |p: &UserPool| -> Value {
            serde_json::from_slice(&p.description_json().unwrap()).unwrap()
        };
        assert_eq!(described(&a)["UserPool"]["MfaConfiguration"], "OPTIONAL");
        assert_eq!(described(&b)["UserPool"]["MfaConfiguration"], "OFF");

        // A different configuration is not shared; after it, the equal one is made anew.
        let mut other = defaults();
        other.deletion_protection = Some("ACTIVE".into());
        let c = pool_with(interner.intern(other), "us-east-1_ccccccccc");
        assert!(!Arc::ptr_eq(&c.config, &b.config));
        assert_eq!(described(&c)["UserPool"]["DeletionProtection"], "ACTIVE");
        let d = pool_with(interner.intern(defaults()), "us-east-1_ddddddddd");
        assert_eq!(**d.config, **b.config);
        assert_describes(&d);
    }

    #[test]
    fn a_request_given_again_reuses_its_configuration_without_making_it() {
        let interner = ConfigInterner::default();
        let given = || GivenConfig {
            config: UserPoolConfig::default(),
            schema: None,
        };
        let made = std::cell::Cell::new(0);
        let make = |_: &GivenConfig| {
            made.set(made.get() + 1);
            Ok(defaults())
        };
        let a = interner.intern_given(given(), make).unwrap();
        let b = interner.intern_given(given(), make).unwrap();
        assert!(Arc::ptr_eq(&a, &b));
        assert_eq!(made.get(), 1);

        // Another request is made; one that fails leaves the last one in place.
        let mut other = given();
        other.config.deletion_protection = Some("ACTIVE".into());
        let failing = |_: &GivenConfig| Err(CognitoError::invalid_parameter("no"));
        assert!(interner.intern_given(other, failing).is_err());
        assert!(Arc::ptr_eq(
            &interner.intern_given(given(), make).unwrap(),
            &a
        ));
        assert_eq!(made.get(), 1);

        // After a configuration interned without a request (UpdateUserPool), the request is made again,
        // and shares by equality.
        let mut updated = defaults();
        updated.mfa_configuration = Some("OPTIONAL".into());
        interner.intern(updated);
        let c = interner.intern_given(given(), make).unwrap();
        assert_eq!(made.get(), 2);
        assert_eq!(**c, **a);
        interner.clear();
        interner.intern_given(given(), make).unwrap();
        assert_eq!(made.get(), 3);
    }

    #[test]
    fn a_configuration_changed_in_place_is_written_again() {
        // Not shared: the change is made in place, and the JSON written before it must not be reused.
        let mut a = pool_with(Arc::new(PoolConfig::new(defaults())), "us-east-1_aaaaaaaaa");
        assert_describes(&a);
        a.config_mut().user_pool_tags = Some([("team".to_owned(), "x".to_owned())].into());
        assert_describes(&a);
        let body: Value = serde_json::from_slice(&a.description_json().unwrap()).unwrap();
        assert_eq!(body["UserPool"]["UserPoolTags"]["team"], "x");
        // An empty configuration adds no members.
        let empty = pool_with(
            Arc::new(PoolConfig::new(UserPoolConfig::default())),
            "us-east-1_e",
        );
        assert_describes(&empty);
    }

    #[test]
    fn custom_attributes_are_prefixed_and_never_required() {
        let s = build_schema(&[SchemaAttributeType {
            name: Some("team".into()),
            attribute_data_type: Some("String".into()),
            ..Default::default()
        }])
        .unwrap();
        assert!(s.iter().any(|a| a.name.as_deref() == Some("custom:team")));
        let err = build_schema(&[SchemaAttributeType {
            name: Some("team".into()),
            required: Some(true),
            ..Default::default()
        }]);
        assert!(err.is_err());
    }
}
