//! The OAuth 2.0 / OIDC endpoints of a user pool's domain (`/oauth2/authorize`, `/login`,
//! `/oauth2/token`, `/oauth2/userInfo`, `/oauth2/revoke`, `/logout`), as operations: typed requests in,
//! typed answers out. `http/oauth.rs` does the HTTP (forms, Basic auth, redirects, the sign-in page).
//!
//! One port serves every pool, so the pool is found from the `client_id` (or, for `userInfo`, from the
//! token's issuer) rather than from the host name, as on AWS.
//!
//! Emulated: the authorization-code grant (with PKCE S256), the implicit grant, refresh, client
//! credentials, userInfo, revocation and logout redirects. Not emulated: federation through external
//! identity providers, the hosted pages for MFA and for changing a temporary password, and the hosted-UI
//! session cookie (every `/oauth2/authorize` shows the sign-in page).

use std::sync::Arc;

use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine;
use serde_json::{json, Map, Value};
use sha2::{Digest, Sha256};

use crate::app::App;
use crate::domain::auth_flow::find_login;
use crate::domain::client::AppClient;
use crate::domain::oauth::{AuthCode, CODE_TTL_MS};
use crate::domain::tokens::{self, AuthEvent};
use crate::domain::user::UserStatus;
use crate::domain::user_pool::UserPool;
use crate::error::CognitoError;

/// An OAuth error: the `error` code of the JSON body and the HTTP status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OAuthError {
    /// `invalid_request`, `invalid_client`, `invalid_grant`, `unauthorized_client`,
    /// `unsupported_grant_type`, `invalid_scope`, `unsupported_token_type`.
    pub error: &'static str,
    /// HTTP status.
    pub status: u16,
}

fn oauth_error(error: &'static str) -> OAuthError {
    let status = if error == "invalid_client" { 401 } else { 400 };
    OAuthError { error, status }
}

/// The parameters of `/oauth2/authorize` (and of the sign-in page that follows it).
#[derive(Debug, Clone, Default)]
pub struct AuthorizeRequest {
    pub client_id: String,
    pub redirect_uri: String,
    pub response_type: String,
    pub scope: Option<String>,
    pub state: Option<String>,
    pub nonce: Option<String>,
    pub code_challenge: Option<String>,
    pub code_challenge_method: Option<String>,
    pub identity_provider: Option<String>,
}

impl AuthorizeRequest {
    /// From decoded query or form parameters.
    pub fn from_params(params: &[(String, String)]) -> AuthorizeRequest {
        let get = |k: &str| {
            params
                .iter()
                .find(|(n, _)| n == k)
                .map(|(_, v)| v.clone())
                .filter(|v| !v.is_empty())
        };
        AuthorizeRequest {
            client_id: get("client_id").unwrap_or_default(),
            redirect_uri: get("redirect_uri").unwrap_or_default(),
            response_type: get("response_type").unwrap_or_default(),
            scope: get("scope"),
            state: get("state"),
            nonce: get("nonce"),
            code_challenge: get("code_challenge"),
            code_challenge_method: get("code_challenge_method"),
            identity_provider: get("identity_provider"),
        }
    }

    /// The parameters again, to carry them through the sign-in page.
    pub fn to_params(&self) -> Vec<(&'static str, String)> {
        let mut out = vec![
            ("client_id", self.client_id.clone()),
            ("redirect_uri", self.redirect_uri.clone()),
            ("response_type", self.response_type.clone()),
        ];
        let optional = [
            ("scope", &self.scope),
            ("state", &self.state),
            ("nonce", &self.nonce),
            ("code_challenge", &self.code_challenge),
            ("code_challenge_method", &self.code_challenge_method),
        ];
        for (k, v) in optional {
            if let Some(v) = v {
                out.push((k, v.clone()));
            }
        }
        out
    }
}

/// Where an authorize request fails: either the redirect URI cannot be trusted (an error page), or the
/// error goes back to the client as `?error=…` on its redirect URI.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuthorizeFailure {
    /// Show this message; do not redirect.
    Page(String),
    /// Redirect to this location.
    Redirect(String),
}

fn pool_and_client(app: &App, client_id: &str) -> Option<(String, AppClient)> {
    let pool_id = app.store.pool_of_client(client_id)?;
    let client = app
        .store
        .read_pool(&pool_id, |p| Ok(p.clients.get(client_id).cloned()))
        .ok()
        .flatten()?;
    Some((pool_id, client))
}

fn allowed_flows(client: &AppClient) -> &[String] {
    if client.settings.allowed_o_auth_flows_user_pool_client != Some(true) {
        return &[];
    }
    client
        .settings
        .allowed_o_auth_flows
        .as_deref()
        .unwrap_or(&[])
}

/// The scopes granted: the requested ones (all must be allowed), or every allowed scope.
fn grant_scopes(client: &AppClient, requested: Option<&str>) -> Result<String, OAuthError> {
    let allowed = client
        .settings
        .allowed_o_auth_scopes
        .as_deref()
        .unwrap_or(&[]);
    match requested.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(allowed.join(" ")),
        Some(req) => {
            let scopes: Vec<&str> = req.split_whitespace().collect();
            if scopes.iter().all(|s| allowed.iter().any(|a| a == s)) {
                Ok(scopes.join(" "))
            } else {
                Err(oauth_error("invalid_scope"))
            }
        }
    }
}

fn append_query(uri: &str, params: &[(&str, &str)]) -> String {
    let mut out = uri.to_owned();
    let mut sep = if uri.contains('?') { '&' } else { '?' };
    for (k, v) in params {
        out.push(sep);
        out.push_str(k);
        out.push('=');
        out.push_str(&percent_encode(v));
        sep = '&';
    }
    out
}

/// Percent-encodes everything but unreserved characters.
pub fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Checks an authorize request before the sign-in page is shown.
pub fn check_authorize(app: &App, req: &AuthorizeRequest) -> Result<(), AuthorizeFailure> {
    let Some((_, client)) = pool_and_client(app, &req.client_id) else {
        return Err(AuthorizeFailure::Page(
            "An error was encountered with the requested page: invalid client_id.".into(),
        ));
    };
    let callbacks = client.settings.callback_urls.as_deref().unwrap_or(&[]);
    if !callbacks.contains(&req.redirect_uri) {
        return Err(AuthorizeFailure::Page(
            "An error was encountered with the requested page: redirect_mismatch.".into(),
        ));
    }
    let back = |error: &str| {
        let mut p = vec![("error", error)];
        if let Some(s) = &req.state {
            p.push(("state", s.as_str()));
        }
        AuthorizeFailure::Redirect(append_query(&req.redirect_uri, &p))
    };
    let flow = match req.response_type.as_str() {
        "code" => "code",
        "token" => "implicit",
        _ => return Err(back("unsupported_response_type")),
    };
    if !allowed_flows(&client).iter().any(|f| f == flow) {
        return Err(back("unauthorized_client"));
    }
    if grant_scopes(&client, req.scope.as_deref()).is_err() {
        return Err(back("invalid_scope"));
    }
    if req.code_challenge.is_some() && req.code_challenge_method.as_deref() != Some("S256") {
        return Err(back("invalid_request"));
    }
    if req
        .identity_provider
        .as_deref()
        .is_some_and(|p| p != "COGNITO")
    {
        return Err(back("invalid_request"));
    }
    Ok(())
}

/// Who the tokens are for and what was granted.
struct Grant<'a> {
    username: &'a str,
    scope: &'a str,
    nonce: Option<&'a str>,
}

fn sign_tokens(
    app: &App,
    pool: &UserPool,
    client: &AppClient,
    grant: Grant<'_>,
    event: &AuthEvent,
    now: i64,
) -> Result<(Option<String>, String), CognitoError> {
    let Grant {
        username,
        scope,
        nonce,
    } = grant;
    let keys = pool
        .tokens
        .keys
        .clone()
        .ok_or_else(|| CognitoError::internal("pool keys not loaded"))?;
    let user = pool
        .users
        .get(username)
        .ok_or_else(CognitoError::user_not_found)?;
    let iss = tokens::issuer(app, &pool.id);
    let groups = tokens::groups_for_tokens(pool, username);
    let mut access = tokens::access_claims(&iss, client, user, &groups, event, now);
    access.insert("scope".into(), Value::from(scope));
    let access = tokens::sign(&keys.access, &access)?;
    // As AWS: an ID token only when `openid` was granted.
    let id = if scope.split(' ').any(|s| s == "openid") {
        let mut claims = tokens::id_claims(&iss, client, user, &groups, event, now);
        if let Some(n) = nonce {
            claims.insert("nonce".into(), Value::from(n));
        }
        Some(tokens::sign(&keys.id, &claims)?)
    } else {
        None
    };
    Ok((id, access))
}

/// The sign-in page's form was posted: checks the password and answers with the redirect to the client
/// (a code, or tokens in the fragment). `Err` carries the message to show on the page again.
pub fn login(
    app: &Arc<App>,
    req: &AuthorizeRequest,
    username: &str,
    password: &str,
) -> Result<String, String> {
    check_authorize(app, req).map_err(|f| match f {
        AuthorizeFailure::Page(m) => m,
        AuthorizeFailure::Redirect(_) => {
            "The sign-in request is not valid for this app client.".into()
        }
    })?;
    let (pool_id, client) =
        pool_and_client(app, &req.client_id).ok_or("invalid client_id".to_owned())?;
    let scope = grant_scopes(&client, req.scope.as_deref()).map_err(|e| e.error.to_owned())?;
    tokens::pool_keys(app, &pool_id).map_err(|e| e.message().to_owned())?;
    let now = app.clock.now_millis();
    let incorrect = "Incorrect username or password.".to_owned();
    // The hosted sign-in runs the pool's PreAuthentication before the password is checked and
    // PostAuthentication after, outside the pool's lock, as the API's sign-in flows do.
    let ctx = crate::app::Ctx {
        app: Arc::clone(app),
        region: app.config.region.clone(),
    };
    let (lambda_config, known) = app
        .store
        .read_pool(&pool_id, |pool| {
            Ok((
                pool.config.lambda_config.clone(),
                find_login(pool, username).cloned(),
            ))
        })
        .map_err(|e| e.message().to_owned())?;
    if let Some(function) = crate::domain::triggers::configured(
        lambda_config.as_deref(),
        crate::domain::triggers::Trigger::PreAuthentication,
    ) {
        crate::ops::idp::auth_triggers::pre_authentication(
            &ctx,
            &pool_id,
            &function,
            &client,
            username,
            known.as_ref(),
            json!({}),
        )
        .map_err(|e| e.message().to_owned())?;
    }
    let location = app
        .store
        .write_pool(&pool_id, |pool| {
            let Some(user) = find_login(pool, username).cloned() else {
                return Ok(Err(incorrect.clone()));
            };
            if let Err(e) = pool.lockouts.check(&user.username, now) {
                return Ok(Err(e.message().to_owned()));
            }
            if !user.enabled {
                return Ok(Err("User is disabled.".to_owned()));
            }
            let good = user
                .password
                .as_ref()
                .is_some_and(|h| h.verify(&pool.id, &user.username, password));
            if !good {
                pool.lockouts.fail(&user.username, now);
                return Ok(Err(incorrect.clone()));
            }
            pool.lockouts.succeed(&user.username);
            match user.status {
                UserStatus::Unconfirmed => return Ok(Err("User is not confirmed.".into())),
                UserStatus::ResetRequired => {
                    return Ok(Err("Password reset required for the user.".into()))
                }
                UserStatus::ForceChangePassword => {
                    return Ok(Err("The user must change the temporary password first: \
                                   answer NEW_PASSWORD_REQUIRED through the API (this emulator's \
                                   hosted UI has no change-password page)."
                        .into()))
                }
                _ => {}
            }
            let location = if req.response_type == "code" {
                let code = uuid::Uuid::new_v4().to_string();
                pool.oauth.codes.retain(|_, c| c.expires_ms > now);
                pool.oauth.codes.insert(
                    code.clone(),
                    AuthCode {
                        client_id: client.id.clone(),
                        username: user.username.clone(),
                        redirect_uri: req.redirect_uri.clone(),
                        scope: scope.clone(),
                        nonce: req.nonce.clone(),
                        code_challenge: req.code_challenge.clone(),
                        auth_time_ms: now,
                        expires_ms: now + CODE_TTL_MS,
                    },
                );
                let mut p = vec![("code", code.as_str())];
                if let Some(s) = &req.state {
                    p.push(("state", s.as_str()));
                }
                append_query(&req.redirect_uri, &p)
            } else {
                let event = AuthEvent::new(now);
                let grant = Grant {
                    username: &user.username,
                    scope: &scope,
                    nonce: req.nonce.as_deref(),
                };
                let (id, access) = sign_tokens(app, pool, &client, grant, &event, now)?;
                let expires = client.access_token_seconds().to_string();
                let mut p: Vec<(&str, &str)> = Vec::new();
                if let Some(id) = &id {
                    p.push(("id_token", id));
                }
                p.push(("access_token", &access));
                p.push(("token_type", "Bearer"));
                p.push(("expires_in", &expires));
                if let Some(s) = &req.state {
                    p.push(("state", s));
                }
                let query = append_query("", &p);
                format!("{}#{}", req.redirect_uri, query.trim_start_matches('?'))
            };
            Ok(Ok((location, user.username)))
        })
        .map_err(|e| e.message().to_owned())??;
    let (location, signed_in) = location;
    crate::ops::idp::auth_triggers::post_authentication(&ctx, &pool_id, &client.id, &signed_in)
        .map_err(|e| e.message().to_owned())?;
    Ok(location)
}

/// The parameters of `POST /oauth2/token`, client credentials included (Basic or form).
#[derive(Debug, Clone, Default)]
pub struct TokenRequest {
    pub grant_type: String,
    pub client_id: Option<String>,
    pub client_secret: Option<String>,
    pub code: Option<String>,
    pub redirect_uri: Option<String>,
    pub code_verifier: Option<String>,
    pub refresh_token: Option<String>,
    pub scope: Option<String>,
}

fn authenticate_client(app: &App, req: &TokenRequest) -> Result<(String, AppClient), OAuthError> {
    let client_id = req
        .client_id
        .as_deref()
        .ok_or_else(|| oauth_error("invalid_request"))?;
    let (pool_id, client) =
        pool_and_client(app, client_id).ok_or_else(|| oauth_error("invalid_client"))?;
    if !client.secrets.is_empty() {
        let secret = req
            .client_secret
            .as_deref()
            .ok_or_else(|| oauth_error("invalid_client"))?;
        if !client.secret_matches(secret) {
            return Err(oauth_error("invalid_client"));
        }
    }
    Ok((pool_id, client))
}

fn internal(e: CognitoError) -> OAuthError {
    tracing::warn!("oauth token endpoint: {e}");
    oauth_error("invalid_grant")
}

/// `POST /oauth2/token`: the JSON answer of a successful grant.
pub fn token(app: &Arc<App>, req: &TokenRequest) -> Result<Value, OAuthError> {
    let (pool_id, client) = authenticate_client(app, req)?;
    tokens::pool_keys(app, &pool_id).map_err(internal)?;
    let now = app.clock.now_millis();
    match req.grant_type.as_str() {
        "authorization_code" => {
            let code = req
                .code
                .as_deref()
                .ok_or_else(|| oauth_error("invalid_request"))?;
            app.store
                .write_pool(&pool_id, |pool| {
                    Ok(authorization_code(app, pool, &client, code, req, now))
                })
                .map_err(internal)?
        }
        "refresh_token" => {
            let token = req
                .refresh_token
                .as_deref()
                .ok_or_else(|| oauth_error("invalid_request"))?;
            app.store
                .write_pool(&pool_id, |pool| {
                    let Ok(grant) = tokens::check_refresh(pool, token, &client.id, now) else {
                        return Ok(Err(oauth_error("invalid_grant")));
                    };
                    let scope = pool
                        .oauth
                        .family_scopes
                        .get(&grant.origin_jti)
                        .cloned()
                        .unwrap_or_else(|| tokens::ADMIN_SCOPE.to_owned());
                    let event = AuthEvent {
                        origin_jti: grant.origin_jti.clone(),
                        auth_time: grant.auth_time,
                        event_id: uuid::Uuid::new_v4().to_string(),
                        device_key: grant.device_key.clone(),
                    };
                    let who = Grant {
                        username: &grant.username,
                        scope: &scope,
                        nonce: None,
                    };
                    let (id, access) = sign_tokens(app, pool, &client, who, &event, now)?;
                    Ok(Ok(token_json(id, access, None, &client)))
                })
                .map_err(internal)?
        }
        "client_credentials" => client_credentials(app, &pool_id, &client, req, now),
        _ => Err(oauth_error("unsupported_grant_type")),
    }
}

fn token_json(
    id: Option<String>,
    access: String,
    refresh: Option<String>,
    client: &AppClient,
) -> Value {
    let mut m = Map::new();
    if let Some(id) = id {
        m.insert("id_token".into(), Value::from(id));
    }
    m.insert("access_token".into(), Value::from(access));
    if let Some(r) = refresh {
        m.insert("refresh_token".into(), Value::from(r));
    }
    m.insert(
        "expires_in".into(),
        Value::from(client.access_token_seconds()),
    );
    m.insert("token_type".into(), Value::from("Bearer"));
    Value::Object(m)
}

fn authorization_code(
    app: &App,
    pool: &mut UserPool,
    client: &AppClient,
    code: &str,
    req: &TokenRequest,
    now: i64,
) -> Result<Value, OAuthError> {
    // A code is used once, whatever the outcome.
    let grant = pool
        .oauth
        .codes
        .remove(code)
        .ok_or_else(|| oauth_error("invalid_grant"))?;
    if grant.client_id != client.id
        || grant.expires_ms <= now
        || req.redirect_uri.as_deref() != Some(grant.redirect_uri.as_str())
    {
        return Err(oauth_error("invalid_grant"));
    }
    if let Some(challenge) = &grant.code_challenge {
        let verifier = req
            .code_verifier
            .as_deref()
            .ok_or_else(|| oauth_error("invalid_grant"))?;
        let computed = URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()));
        if !bool::from(subtle::ConstantTimeEq::ct_eq(
            computed.as_bytes(),
            challenge.as_bytes(),
        )) {
            return Err(oauth_error("invalid_grant"));
        }
    }
    let user = pool
        .users
        .get(&grant.username)
        .cloned()
        .ok_or_else(|| oauth_error("invalid_grant"))?;
    let event = AuthEvent::new(grant.auth_time_ms);
    let who = Grant {
        username: &user.username,
        scope: &grant.scope,
        nonce: grant.nonce.as_deref(),
    };
    let (id, access) = sign_tokens(app, pool, client, who, &event, now).map_err(internal)?;
    let refresh = client
        .allows_flow("ALLOW_REFRESH_TOKEN_AUTH")
        .then(|| tokens::start_refresh(pool, client, &user, &event, now));
    pool.oauth
        .family_scopes
        .insert(event.origin_jti.clone(), grant.scope.clone());
    Ok(token_json(id, access, refresh, client))
}

fn client_credentials(
    app: &App,
    pool_id: &str,
    client: &AppClient,
    req: &TokenRequest,
    now: i64,
) -> Result<Value, OAuthError> {
    if client.secrets.is_empty()
        || !allowed_flows(client)
            .iter()
            .any(|f| f == "client_credentials")
    {
        return Err(oauth_error("unauthorized_client"));
    }
    let scope = grant_scopes(client, req.scope.as_deref())?;
    let keys = tokens::pool_keys(app, pool_id).map_err(internal)?;
    let now_s = now.div_euclid(1000);
    let claims = json!({
        "sub": client.id,
        "token_use": "access",
        "scope": scope,
        "auth_time": now_s,
        "iss": tokens::issuer(app, pool_id),
        "exp": now_s + client.access_token_seconds(),
        "iat": now_s,
        "version": 2,
        "jti": uuid::Uuid::new_v4().to_string(),
        "client_id": client.id,
    });
    let Value::Object(claims) = claims else {
        return Err(oauth_error("invalid_request"));
    };
    let access = tokens::sign(&keys.access, &claims).map_err(internal)?;
    Ok(token_json(None, access, None, client))
}

/// `/oauth2/userInfo`: the user's attributes for an access token with the `openid` scope. Errors are
/// (status, `WWW-Authenticate` error).
pub fn user_info(app: &App, bearer: Option<&str>) -> Result<Value, (u16, &'static str)> {
    let token = bearer.ok_or((401, "invalid_request"))?;
    let claims =
        tokens::verify_oauth_access_token(app, token).map_err(|_| (401, "invalid_token"))?;
    if !claims.scope.split(' ').any(|s| s == "openid") {
        return Err((403, "insufficient_scope"));
    }
    app.store
        .read_pool(&claims.pool_id, |pool| {
            let user = pool
                .users
                .get(&claims.username)
                .ok_or_else(CognitoError::user_not_found)?;
            let mut out = Map::new();
            for (k, v) in &user.attributes {
                out.insert(k.clone(), Value::from(v.clone()));
            }
            out.insert("username".into(), Value::from(user.username.clone()));
            Ok(Value::Object(out))
        })
        .map_err(|_| (401, "invalid_token"))
}

/// `POST /oauth2/revoke`: revokes a refresh token and what was issued from it. Unknown tokens succeed,
/// as the revocation endpoint does.
pub fn revoke(app: &App, req: &TokenRequest, token: Option<&str>) -> Result<(), OAuthError> {
    let token = token.ok_or_else(|| oauth_error("invalid_request"))?;
    let (pool_id, client) = authenticate_client(app, req)?;
    if client.settings.enable_token_revocation == Some(false) {
        return Err(oauth_error("invalid_request"));
    }
    if token.matches('.').count() == 2 {
        return Err(oauth_error("unsupported_token_type"));
    }
    app.store
        .write_pool(&pool_id, |pool| {
            let family = pool
                .tokens
                .refresh
                .get(token)
                .filter(|g| g.client_id == client.id)
                .map(|g| g.origin_jti.clone());
            if let Some(f) = family {
                pool.tokens.revoke_family(&f);
            }
            Ok(())
        })
        .map_err(internal)
}

/// `GET /logout`: where to send the browser. With `logout_uri` it must be one of the client's
/// `LogoutURLs`; with `redirect_uri` + `response_type` it is a new sign-in.
pub fn logout(app: &App, params: &[(String, String)]) -> Result<String, String> {
    let get = |k: &str| params.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
    let client_id = get("client_id").ok_or("client_id is required")?;
    let (_, client) = pool_and_client(app, client_id).ok_or("invalid client_id")?;
    if let Some(uri) = get("logout_uri") {
        let allowed = client.settings.logout_urls.as_deref().unwrap_or(&[]);
        if allowed.iter().any(|u| u == uri) {
            return Ok(uri.to_owned());
        }
        return Err(
            "An error was encountered with the requested page: logout_uri is not registered."
                .into(),
        );
    }
    let req = AuthorizeRequest::from_params(params);
    check_authorize(app, &req).map_err(|f| match f {
        AuthorizeFailure::Page(m) => m,
        AuthorizeFailure::Redirect(l) => l,
    })?;
    let owned = req.to_params();
    let pairs: Vec<(&str, &str)> = owned.iter().map(|(k, v)| (*k, v.as_str())).collect();
    Ok(append_query("/login", &pairs))
}

/// Decodes `Authorization: Basic base64(id:secret)`.
pub fn basic_credentials(header: &str) -> Option<(String, String)> {
    let b64 = header.strip_prefix("Basic ")?;
    let raw = String::from_utf8(STANDARD.decode(b64.trim()).ok()?).ok()?;
    let (id, secret) = raw.split_once(':')?;
    Some((id.to_owned(), secret.to_owned()))
}
