//! User-pool tokens: ID and access JWTs (RS256, the pool's two keys), opaque refresh tokens, revocation,
//! and the verification every access-token operation starts with.
//!
//! What is kept per pool (`UserPool::tokens`, a [`TokenState`]): the pool's keys (taken lazily from the
//! app's [`KeySource`](crate::domain::keys::KeySource)), the live refresh grants, and the revoked
//! `origin_jti`s. Every sign-in starts a token family with a new `origin_jti`; refreshing keeps it; revoking the
//! refresh token or signing out globally revokes the family, which the access-token check reads. No token
//! index is needed: a JWT's `iss` names its pool.
//!
//! No HTTP and no serde DTOs here: the ops translate.

use std::sync::Arc;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use jsonwebtoken::{Algorithm, Validation};
use rand::RngCore;
use serde::Deserialize;
use serde_json::{Map, Value};

use crate::app::App;
use crate::config::IssuerMode;
use crate::domain::client::AppClient;
use crate::domain::ids;
use crate::domain::keys::PoolKeys;
use crate::domain::user::User;
use crate::domain::user_pool::UserPool;
use crate::domain::{PoolMap, PoolSet};
use crate::error::{CognitoError, ErrorCode, Result};

/// The scope of tokens issued through the API sign-in flows.
pub const ADMIN_SCOPE: &str = "aws.cognito.signin.user.admin";

/// One group of a user, as the token claims need it.
#[derive(Debug, Clone)]
pub struct TokenGroup {
    /// Group name.
    pub name: String,
    /// IAM role of the group.
    pub role_arn: Option<String>,
    /// Lower wins for `cognito:preferred_role`.
    pub precedence: Option<i64>,
}

/// The user's groups for token claims, best precedence first.
pub fn groups_for_tokens(pool: &UserPool, username: &str) -> Vec<TokenGroup> {
    pool.groups
        .groups_of(username)
        .into_iter()
        .map(|g| TokenGroup {
            name: g.name.clone(),
            role_arn: g.role_arn.clone(),
            precedence: g.precedence,
        })
        .collect()
}

/// A live refresh token.
#[derive(Debug, Clone)]
pub struct RefreshGrant {
    /// Internal username.
    pub username: String,
    /// The user's `sub` (a user deleted and re-created under the same name does not inherit tokens).
    pub sub: String,
    /// The client it was issued to.
    pub client_id: String,
    /// The token family.
    pub origin_jti: String,
    /// When the user originally authenticated (seconds), kept on every refresh.
    pub auth_time: i64,
    /// When the token stops working (ms).
    pub expires_ms: i64,
    /// Set when rotation replaced this token: it keeps working until this instant (ms), then reuse is refused.
    pub rotated_until_ms: Option<i64>,
    /// The tracked device of the sign-in (`device_key` claim), kept across refreshes.
    pub device_key: Option<String>,
}

/// What a pool keeps for its tokens.
#[derive(Debug, Clone, Default)]
pub struct TokenState {
    /// The pool's signing keys, once taken.
    pub keys: Option<Arc<PoolKeys>>,
    /// Refresh token → grant.
    pub refresh: PoolMap<String, RefreshGrant>,
    /// Revoked token families.
    pub revoked: PoolSet<String>,
}

impl TokenState {
    /// Revokes one family: its refresh tokens and every token issued from them. The grants stay (until
    /// they expire and are pruned) so that a revoked refresh token is answered "Refresh Token has been
    /// revoked", as AWS does, rather than "Invalid Refresh Token".
    pub fn revoke_family(&mut self, origin_jti: &str) {
        self.revoked.insert(origin_jti.to_owned());
    }

    /// Revokes every family of a user (`GlobalSignOut`, `AdminUserGlobalSignOut`, user deletion).
    pub fn revoke_user(&mut self, username: &str) {
        let families: Vec<String> = self
            .refresh
            .values()
            .filter(|g| g.username == username)
            .map(|g| g.origin_jti.clone())
            .collect();
        for f in families {
            self.revoke_family(&f);
        }
    }

    /// True if the family is revoked.
    pub fn is_revoked(&self, origin_jti: &str) -> bool {
        self.revoked.contains(origin_jti)
    }
}

/// One sign-in's identity across refreshes.
#[derive(Debug, Clone)]
pub struct AuthEvent {
    /// The token family.
    pub origin_jti: String,
    /// Original authentication time (seconds).
    pub auth_time: i64,
    /// The event id claim.
    pub event_id: String,
    /// The tracked device of the sign-in, written as the access token's `device_key` claim.
    pub device_key: Option<String>,
}

impl AuthEvent {
    /// A new sign-in at `now_ms`.
    pub fn new(now_ms: i64) -> AuthEvent {
        AuthEvent {
            origin_jti: uuid::Uuid::new_v4().to_string(),
            auth_time: now_ms.div_euclid(1000),
            event_id: uuid::Uuid::new_v4().to_string(),
            device_key: None,
        }
    }
}

/// A JWT whose RS256 signature is computed when the response is serialized: operations build their
/// answers inside the pool lock, and serialization happens after it is released, so sign-ins to one pool
/// sign their tokens in parallel instead of one after another under the lock.
#[derive(Debug, Clone)]
pub struct DeferredJwt {
    key: crate::domain::keys::RsaKey,
    claims: Map<String, Value>,
}

impl DeferredJwt {
    /// The claims, before signing (the PreTokenGeneration trigger changes them).
    pub fn claims(&self) -> &Map<String, Value> {
        &self.claims
    }

    /// The claims, to change before signing.
    pub fn claims_mut(&mut self) -> &mut Map<String, Value> {
        &mut self.claims
    }

    /// Signs now.
    pub fn sign_now(&self) -> Result<String> {
        sign(&self.key, &self.claims)
    }
}

impl serde::Serialize for DeferredJwt {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let token = self
            .sign_now()
            .map_err(|e| serde::ser::Error::custom(e.to_string()))?;
        s.serialize_str(&token)
    }
}

/// The tokens of one `AuthenticationResult`.
#[derive(Debug, Clone)]
pub struct IssuedTokens {
    /// The ID token.
    pub id_token: DeferredJwt,
    /// The access token.
    pub access_token: DeferredJwt,
    /// Access-token lifetime in seconds (`ExpiresIn`).
    pub expires_in: i64,
    /// The refresh token, when one is issued.
    pub refresh_token: Option<String>,
}

/// The `iss` of the pool's tokens (see `--issuer-mode`).
pub fn issuer(app: &App, pool_id: &str) -> String {
    match app.config.issuer_mode {
        IssuerMode::Aws => {
            let region = ids::region_of(pool_id).unwrap_or(app.config.region.as_str());
            format!("https://cognito-idp.{region}.amazonaws.com/{pool_id}")
        }
        IssuerMode::Local => format!("{}/{pool_id}", app.own_url()),
    }
}

/// The pool's keys, taken from the app's key source the first time (outside the pool lock, since
/// generating one when none is ready takes a while).
pub fn pool_keys(app: &App, pool_id: &str) -> Result<Arc<PoolKeys>> {
    if let Some(k) = app
        .store
        .read_pool(pool_id, |p| Ok(p.tokens.keys.clone()))?
    {
        return Ok(k);
    }
    let fresh = Arc::new(app.keys.pool_keys()?);
    app.store.write_pool(pool_id, |p| {
        Ok(Arc::clone(p.tokens.keys.get_or_insert(fresh)))
    })
}

/// A new opaque refresh token: 96 random bytes, Base64url (fits `TokenModelType`).
pub fn new_refresh_token() -> String {
    let mut bytes = [0u8; 96];
    rand::thread_rng().fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// The value of a standard attribute as the ID token carries it.
fn claim_value(name: &str, value: &str) -> Value {
    match name {
        "email_verified" | "phone_number_verified" => Value::Bool(value == "true"),
        "updated_at" => value
            .parse::<i64>()
            .map(Value::from)
            .unwrap_or_else(|_| Value::String(value.to_owned())),
        "address" => serde_json::json!({ "formatted": value }),
        _ => Value::String(value.to_owned()),
    }
}

fn readable(client: &AppClient, name: &str) -> bool {
    if name.starts_with("dev:") {
        return false;
    }
    match &client.settings.read_attributes {
        None => true,
        Some(list) if list.is_empty() => true,
        Some(list) => list.iter().any(|a| a == name),
    }
}

fn group_claims(claims: &mut Map<String, Value>, groups: &[TokenGroup]) {
    if groups.is_empty() {
        return;
    }
    claims.insert(
        "cognito:groups".into(),
        Value::from(groups.iter().map(|g| g.name.clone()).collect::<Vec<_>>()),
    );
}

/// The claims of an ID token.
pub fn id_claims(
    pool_issuer: &str,
    client: &AppClient,
    user: &User,
    groups: &[TokenGroup],
    event: &AuthEvent,
    now_ms: i64,
) -> Map<String, Value> {
    let now = now_ms.div_euclid(1000);
    let mut c = Map::new();
    for (name, value) in &user.attributes {
        if name == "sub" || !readable(client, name) {
            continue;
        }
        c.insert(name.clone(), claim_value(name, value));
    }
    c.insert("sub".into(), Value::from(user.sub.clone()));
    group_claims(&mut c, groups);
    let roles: Vec<String> = groups.iter().filter_map(|g| g.role_arn.clone()).collect();
    if !roles.is_empty() {
        c.insert("cognito:roles".into(), Value::from(roles));
        let best = groups
            .iter()
            .filter(|g| g.role_arn.is_some())
            .map(|g| g.precedence.unwrap_or(i64::MAX))
            .min();
        let winners: Vec<&TokenGroup> = groups
            .iter()
            .filter(|g| {
                g.role_arn.is_some() && g.precedence.unwrap_or(i64::MAX) == best.unwrap_or(i64::MAX)
            })
            .collect();
        if let [only] = winners.as_slice() {
            if let Some(role) = &only.role_arn {
                c.insert("cognito:preferred_role".into(), Value::from(role.clone()));
            }
        }
    }
    c.insert("iss".into(), Value::from(pool_issuer));
    c.insert(
        "cognito:username".into(),
        Value::from(user.username.clone()),
    );
    c.insert("origin_jti".into(), Value::from(event.origin_jti.clone()));
    c.insert("aud".into(), Value::from(client.id.clone()));
    c.insert("event_id".into(), Value::from(event.event_id.clone()));
    c.insert("token_use".into(), Value::from("id"));
    c.insert("auth_time".into(), Value::from(event.auth_time));
    c.insert("exp".into(), Value::from(now + client.id_token_seconds()));
    c.insert("iat".into(), Value::from(now));
    c.insert("jti".into(), Value::from(uuid::Uuid::new_v4().to_string()));
    c
}

/// The claims of an access token.
pub fn access_claims(
    pool_issuer: &str,
    client: &AppClient,
    user: &User,
    groups: &[TokenGroup],
    event: &AuthEvent,
    now_ms: i64,
) -> Map<String, Value> {
    let now = now_ms.div_euclid(1000);
    let mut c = Map::new();
    c.insert("sub".into(), Value::from(user.sub.clone()));
    group_claims(&mut c, groups);
    c.insert("iss".into(), Value::from(pool_issuer));
    c.insert("client_id".into(), Value::from(client.id.clone()));
    c.insert("origin_jti".into(), Value::from(event.origin_jti.clone()));
    c.insert("event_id".into(), Value::from(event.event_id.clone()));
    c.insert("token_use".into(), Value::from("access"));
    c.insert("scope".into(), Value::from(ADMIN_SCOPE));
    c.insert("auth_time".into(), Value::from(event.auth_time));
    c.insert(
        "exp".into(),
        Value::from(now + client.access_token_seconds()),
    );
    c.insert("iat".into(), Value::from(now));
    c.insert("jti".into(), Value::from(uuid::Uuid::new_v4().to_string()));
    c.insert("username".into(), Value::from(user.username.clone()));
    if let Some(device_key) = &event.device_key {
        c.insert("device_key".into(), Value::from(device_key.clone()));
    }
    c
}

/// Signs claims with a key: header `{"kid","alg":"RS256"}` exactly, as AWS (no `typ`).
pub fn sign(key: &crate::domain::keys::RsaKey, claims: &Map<String, Value>) -> Result<String> {
    key.sign_jwt(claims)
}

/// Issues an ID and an access token (no refresh token: see [`start_refresh`]).
pub fn issue(
    app: &App,
    pool: &UserPool,
    keys: &PoolKeys,
    client: &AppClient,
    user: &User,
    event: &AuthEvent,
    now_ms: i64,
) -> Result<IssuedTokens> {
    let iss = issuer(app, &pool.id);
    let groups = groups_for_tokens(pool, &user.username);
    let id_token = DeferredJwt {
        key: keys.id.clone(),
        claims: id_claims(&iss, client, user, &groups, event, now_ms),
    };
    let access_token = DeferredJwt {
        key: keys.access.clone(),
        claims: access_claims(&iss, client, user, &groups, event, now_ms),
    };
    Ok(IssuedTokens {
        id_token,
        access_token,
        expires_in: client.access_token_seconds(),
        refresh_token: None,
    })
}

/// Records a new refresh token for a sign-in and returns it.
pub fn start_refresh(
    pool: &mut UserPool,
    client: &AppClient,
    user: &User,
    event: &AuthEvent,
    now_ms: i64,
) -> String {
    let token = new_refresh_token();
    // Expired grants are dropped now and then, so a long-running emulator does not keep every sign-in.
    if pool.tokens.refresh.len() % 1024 == 1023 {
        pool.tokens.refresh.retain(|_, g| g.expires_ms > now_ms);
    }
    pool.tokens.refresh.insert(
        token.clone(),
        RefreshGrant {
            username: user.username.clone(),
            sub: user.sub.clone(),
            client_id: client.id.clone(),
            origin_jti: event.origin_jti.clone(),
            auth_time: event.auth_time,
            expires_ms: now_ms.saturating_add(client.refresh_token_seconds().saturating_mul(1000)),
            rotated_until_ms: None,
            device_key: event.device_key.clone(),
        },
    );
    token
}

/// Checks a refresh token for `client_id` and returns its grant. `rotation` refuses a rotated-out token
/// past its grace period with `RefreshTokenReuseException` (GetTokensFromRefreshToken); otherwise such a
/// token is simply invalid.
pub fn check_refresh(
    pool: &UserPool,
    token: &str,
    client_id: &str,
    now_ms: i64,
) -> Result<RefreshGrant> {
    let invalid = || CognitoError::not_authorized("Invalid Refresh Token");
    let grant = pool.tokens.refresh.get(token).ok_or_else(invalid)?;
    if grant.client_id != client_id {
        return Err(invalid());
    }
    if pool.tokens.is_revoked(&grant.origin_jti) {
        return Err(CognitoError::not_authorized(
            "Refresh Token has been revoked",
        ));
    }
    if now_ms >= grant.expires_ms {
        return Err(CognitoError::not_authorized("Refresh Token has expired"));
    }
    if let Some(until) = grant.rotated_until_ms {
        if now_ms >= until {
            return Err(CognitoError::new(
                ErrorCode::RefreshTokenReuse,
                "Refresh token has been reused.",
            ));
        }
    }
    Ok(grant.clone())
}

/// The claims of a verified access token.
#[derive(Debug, Clone, Deserialize)]
pub struct AccessTokenClaims {
    /// The pool the token belongs to (from `iss`; not a claim).
    #[serde(skip)]
    pub pool_id: String,
    /// The user's `sub`.
    pub sub: String,
    /// Internal username.
    pub username: String,
    /// The app client.
    pub client_id: String,
    /// The token family.
    pub origin_jti: String,
    /// This token's id.
    pub jti: String,
    /// `token_use`.
    pub token_use: String,
    /// Space-separated scopes.
    pub scope: String,
    /// Original authentication time (seconds).
    pub auth_time: i64,
    /// Issued at (seconds).
    pub iat: i64,
    /// Expiry (seconds).
    pub exp: i64,
    /// The issuer.
    pub iss: String,
    /// The event id.
    #[serde(default)]
    pub event_id: Option<String>,
    /// `cognito:groups`.
    #[serde(rename = "cognito:groups", default)]
    pub groups: Option<Vec<String>>,
    /// `device_key`, when the sign-in tracked a device.
    #[serde(default)]
    pub device_key: Option<String>,
}

/// The claims of a verified ID token.
#[derive(Debug, Clone)]
pub struct IdTokenClaims {
    /// The pool the token belongs to.
    pub pool_id: String,
    /// The issuer (`iss`), as identity pools key their logins by it.
    pub iss: String,
    /// The user's `sub`.
    pub sub: String,
    /// The app client (`aud`).
    pub aud: String,
    /// `cognito:username`.
    pub username: String,
    /// The token family.
    pub origin_jti: String,
    /// Expiry (seconds).
    pub exp: i64,
    /// Every claim, as signed.
    pub all: SharedClaims,
}

#[derive(Deserialize)]
struct IssOnly {
    iss: String,
}

/// Reads `iss` from an unverified token and resolves the pool it names; `err` is the caller's "invalid".
fn pool_of_token(app: &App, token: &str, err: &dyn Fn() -> CognitoError) -> Result<String> {
    let mut parts = token.split('.');
    let (Some(_), Some(payload), Some(_), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(err());
    };
    let bytes = URL_SAFE_NO_PAD.decode(payload).map_err(|_| err())?;
    let IssOnly { iss } = serde_json::from_slice(&bytes).map_err(|_| err())?;
    let pool_id = iss.rsplit('/').next().unwrap_or_default().to_owned();
    if pool_id.is_empty() || issuer(app, &pool_id) != iss {
        return Err(err());
    }
    Ok(pool_id)
}

/// Verifies the signature of `token` with the pool key named by its `kid`, and decodes the claims.
fn verified_claims<T: serde::de::DeserializeOwned>(
    app: &App,
    token: &str,
    err: &dyn Fn() -> CognitoError,
) -> Result<(String, T)> {
    let pool_id = pool_of_token(app, token, err)?;
    let keys = app
        .store
        .read_pool(&pool_id, |p| Ok(p.tokens.keys.clone()))
        .map_err(|_| err())?
        .ok_or_else(err)?;
    let header = jsonwebtoken::decode_header(token).map_err(|_| err())?;
    if header.alg != Algorithm::RS256 {
        return Err(err());
    }
    let key = keys
        .by_kid(header.kid.as_deref().unwrap_or_default())
        .ok_or_else(err)?;
    let mut validation = Validation::new(Algorithm::RS256);
    // Expiry is checked against the injected clock, and the audience by each caller.
    validation.validate_exp = false;
    validation.validate_aud = false;
    validation.required_spec_claims.clear();
    let data = jsonwebtoken::decode::<T>(token, key.decoding(), &validation).map_err(|_| err())?;
    Ok((pool_id, data.claims))
}

/// Access tokens whose signature has been checked, so repeated calls with the same token (an app calling
/// `GetUser` in a loop) skip the RSA verification. Keyed by the whole token, so any change to it misses;
/// only the signature work is cached: expiry, revocation and the user are checked on every call.
#[derive(Debug, Default)]
pub struct VerifiedTokens {
    map: crate::store::ConcurrentMap<String, Arc<AccessTokenClaims>>,
    /// ID tokens (identity-pool logins send the same one on every `GetId` / `GetCredentialsForIdentity`):
    /// the pool and all claims of a token whose signature is checked.
    id: crate::store::ConcurrentMap<String, VerifiedId>,
}

/// The pool id and all claims of an ID token whose signature is checked. The claims are shared (not
/// copied) with every login that uses the token: cloning the map was 6% of `GetCredentialsForIdentity`.
type VerifiedId = Arc<(String, SharedClaims)>;

/// The claims of a verified token, shared between the cache and its users.
pub type SharedClaims = Arc<Map<String, Value>>;

/// How many verified tokens are remembered before the cache starts over.
const VERIFIED_CAP: usize = 10_000;

impl VerifiedTokens {
    fn get(&self, token: &str) -> Option<Arc<AccessTokenClaims>> {
        self.map.get(token).map(|c| Arc::clone(c.value()))
    }

    fn put(&self, token: &str, claims: Arc<AccessTokenClaims>) {
        if self.map.len() >= VERIFIED_CAP {
            self.map.clear();
        }
        self.map.insert(token.to_owned(), claims);
    }

    fn get_id(&self, token: &str) -> Option<VerifiedId> {
        self.id.get(token).map(|c| Arc::clone(c.value()))
    }

    fn put_id(&self, token: &str, verified: VerifiedId) {
        if self.id.len() >= VERIFIED_CAP {
            self.id.clear();
        }
        self.id.insert(token.to_owned(), verified);
    }

    /// Forgets everything (reset).
    pub fn clear(&self) {
        self.map.clear();
        self.id.clear();
    }
}

/// Verifies an access token as every access-token operation must: signature with the pool's access key,
/// issuer, expiry ("Access Token has expired"), `token_use`, revocation ("Access Token has been revoked"),
/// the `aws.cognito.signin.user.admin` scope, and that the user still exists (`UserNotFoundException`) and
/// is enabled ("User is disabled."). Every other failure is `NotAuthorizedException` "Invalid Access Token".
pub fn verify_access_token(app: &App, token: &str) -> Result<AccessTokenClaims> {
    verify_access(app, token, true)
}

/// Like [`verify_access_token`] without requiring the `aws.cognito.signin.user.admin` scope: the OAuth
/// endpoints (`/oauth2/userInfo`) accept tokens with only the scopes the authorization granted.
pub fn verify_oauth_access_token(app: &App, token: &str) -> Result<AccessTokenClaims> {
    verify_access(app, token, false)
}

fn verify_access(app: &App, token: &str, require_admin_scope: bool) -> Result<AccessTokenClaims> {
    let invalid = || CognitoError::not_authorized("Invalid Access Token");
    let claims = match app.verified_tokens.get(token) {
        Some(c) => c,
        None => {
            let (pool_id, mut claims): (String, AccessTokenClaims) =
                verified_claims(app, token, &invalid)?;
            claims.pool_id = pool_id;
            if claims.token_use != "access" {
                return Err(invalid());
            }
            let claims = Arc::new(claims);
            app.verified_tokens.put(token, Arc::clone(&claims));
            claims
        }
    };
    let now = app.clock.now_millis().div_euclid(1000);
    if now >= claims.exp {
        return Err(CognitoError::not_authorized("Access Token has expired"));
    }
    if require_admin_scope && !claims.scope.split(' ').any(|s| s == ADMIN_SCOPE) {
        return Err(CognitoError::not_authorized(
            "Access Token does not have required scopes",
        ));
    }
    app.store
        .read_pool(&claims.pool_id, |p| {
            if p.tokens.is_revoked(&claims.origin_jti) {
                return Err(CognitoError::not_authorized(
                    "Access Token has been revoked",
                ));
            }
            match p.users.get(&claims.username) {
                Some(u) if u.sub == claims.sub => {
                    if !u.enabled {
                        return Err(CognitoError::not_authorized("User is disabled."));
                    }
                    Ok(())
                }
                _ => Err(CognitoError::user_not_found()),
            }
        })
        .map_err(|e| {
            if e.code() == ErrorCode::ResourceNotFound {
                invalid()
            } else {
                e
            }
        })?;
    Ok(AccessTokenClaims::clone(&claims))
}

/// Checks only what a verifier without access to the pool's state can: the signature of one of this
/// emulator's pools, `token_use` `id` and expiry. Identity pools use this for user-pool logins unless the
/// provider asks for `ServerSideTokenCheck`, which adds `verify_id_token`'s revocation and user checks.
pub fn verify_id_token_signature(app: &App, token: &str) -> Result<(String, SharedClaims)> {
    let invalid = || {
        CognitoError::not_authorized(
            "Invalid login token. Not a valid OpenId Connect identity token.",
        )
    };
    let verified = verified_id_claims(app, token, &invalid)?;
    let (pool_id, all) = (verified.0.clone(), Arc::clone(&verified.1));
    if all.get("token_use").and_then(Value::as_str) != Some("id") {
        return Err(invalid());
    }
    let exp = all.get("exp").and_then(Value::as_i64).ok_or_else(invalid)?;
    if app.clock.now_millis().div_euclid(1000) >= exp {
        return Err(CognitoError::not_authorized(
            "Invalid login token. Token expired.",
        ));
    }
    Ok((pool_id, all))
}

/// The pool and claims of an ID token whose signature is valid, from the cache of checked signatures when
/// the same token was seen before (only the signature work is cached; callers check everything else).
fn verified_id_claims(
    app: &App,
    token: &str,
    invalid: &dyn Fn() -> CognitoError,
) -> Result<VerifiedId> {
    if let Some(v) = app.verified_tokens.get_id(token) {
        return Ok(v);
    }
    let (pool_id, claims) = verified_claims(app, token, invalid)?;
    let v: VerifiedId = Arc::new((pool_id, Arc::new(claims)));
    app.verified_tokens.put_id(token, Arc::clone(&v));
    Ok(v)
}

/// Verifies an ID token (for identity pools): signature with the pool's ID key, issuer, `token_use` "id",
/// expiry ("Token expired"), revocation, and that the user exists and is enabled. Failures are
/// `NotAuthorizedException`; callers may reword them.
pub fn verify_id_token(app: &App, token: &str) -> Result<IdTokenClaims> {
    let invalid = || {
        CognitoError::not_authorized(
            "Invalid login token. Not a valid OpenId Connect identity token.",
        )
    };
    let verified = verified_id_claims(app, token, &invalid)?;
    let (pool_id, all) = (verified.0.clone(), &verified.1);
    let text = |k: &str| all.get(k).and_then(Value::as_str).map(str::to_owned);
    if text("token_use").as_deref() != Some("id") {
        return Err(invalid());
    }
    let exp = all.get("exp").and_then(Value::as_i64).ok_or_else(invalid)?;
    if app.clock.now_millis().div_euclid(1000) >= exp {
        return Err(CognitoError::not_authorized(
            "Invalid login token. Token expired.",
        ));
    }
    let claims = IdTokenClaims {
        pool_id,
        iss: text("iss").ok_or_else(invalid)?,
        sub: text("sub").ok_or_else(invalid)?,
        aud: text("aud").ok_or_else(invalid)?,
        username: text("cognito:username").ok_or_else(invalid)?,
        origin_jti: text("origin_jti").unwrap_or_default(),
        exp,
        all: Arc::clone(all),
    };
    app.store
        .read_pool(&claims.pool_id, |p| {
            if p.tokens.is_revoked(&claims.origin_jti) {
                return Err(CognitoError::not_authorized(
                    "Invalid login token. Token has been revoked.",
                ));
            }
            match p.users.get(&claims.username) {
                Some(u) if u.sub == claims.sub && u.enabled => Ok(()),
                _ => Err(invalid()),
            }
        })
        .map_err(|_| invalid())?;
    Ok(claims)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::idp::clients::UserPoolClientSettings;

    fn client(read: Option<Vec<String>>) -> AppClient {
        AppClient {
            id: "client1".into(),
            secrets: vec![],
            secret_records: vec![],
            created_ms: 0,
            modified_ms: 0,
            settings: UserPoolClientSettings {
                read_attributes: read,
                ..Default::default()
            },
        }
    }

    fn user() -> User {
        let mut u = User::new(
            "alice".into(),
            "sub-1".into(),
            0,
            crate::domain::user::UserStatus::Confirmed,
        );
        u.attributes.insert("email".into(), "a@example.com".into());
        u.attributes.insert("email_verified".into(), "true".into());
        u.attributes.insert("custom:n".into(), "7".into());
        u.attributes.insert("dev:custom:x".into(), "secret".into());
        u
    }

    #[test]
    fn id_claims_follow_aws() {
        let ev = AuthEvent::new(1_000_000);
        let c = id_claims("iss", &client(None), &user(), &[], &ev, 2_000_000);
        assert_eq!(c["token_use"], "id");
        assert_eq!(c["aud"], "client1");
        assert_eq!(c["email_verified"], true);
        assert_eq!(c["custom:n"], "7");
        assert_eq!(c["auth_time"], 1000);
        assert_eq!(c["iat"], 2000);
        assert_eq!(c["exp"], 2000 + 3600);
        assert!(!c.contains_key("dev:custom:x"));
        assert!(!c.contains_key("cognito:groups"));
        let limited = id_claims(
            "iss",
            &client(Some(vec!["email".into()])),
            &user(),
            &[],
            &ev,
            0,
        );
        assert!(limited.contains_key("email"));
        assert!(!limited.contains_key("custom:n"));
        assert!(limited.contains_key("sub"));
    }

    #[test]
    fn access_claims_have_client_id_not_aud() {
        let ev = AuthEvent::new(0);
        let c = access_claims("iss", &client(None), &user(), &[], &ev, 0);
        assert!(!c.contains_key("aud"));
        assert_eq!(c["client_id"], "client1");
        assert_eq!(c["scope"], ADMIN_SCOPE);
        assert_eq!(c["username"], "alice");
    }

    #[test]
    fn preferred_role_is_the_unique_best_precedence() {
        let g = |n: &str, r: &str, p| TokenGroup {
            name: n.into(),
            role_arn: Some(r.into()),
            precedence: Some(p),
        };
        let ev = AuthEvent::new(0);
        let c = id_claims(
            "i",
            &client(None),
            &user(),
            &[g("a", "r1", 2), g("b", "r2", 1)],
            &ev,
            0,
        );
        assert_eq!(c["cognito:preferred_role"], "r2");
        assert_eq!(c["cognito:roles"].as_array().unwrap().len(), 2);
        let tie = id_claims(
            "i",
            &client(None),
            &user(),
            &[g("a", "r1", 1), g("b", "r2", 1)],
            &ev,
            0,
        );
        assert!(!tie.contains_key("cognito:preferred_role"));
    }
}
