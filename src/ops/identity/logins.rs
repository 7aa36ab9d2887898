//! Checking the `Logins` map of identity-pool calls: which provider each key names, whether the pool
//! trusts it, and who the token says the user is.
//!
//! Rules per key (emulator behaviour, for the README):
//! - `cognito-idp.<region>.amazonaws.com/<userPoolId>`: a user-pool ID token, checked by
//!   [`verify_user_pool_id_token`]; the subject is its `sub`. Role mappings of such a login use the key
//!   `<provider>:<aud>`, as AWS does.
//! - An OpenID Connect provider of the pool (a host of `OpenIdConnectProviderARNs`, or
//!   `accounts.google.com` / `appleid.apple.com` in `SupportedLoginProviders`): an ID token whose `iss` is
//!   `https://<key>`, verified with the keys given by `--oidc-jwks <issuer>=<jwks file>`. Tokens of issuers
//!   without configured keys are refused. The subject is `sub`.
//! - `graph.facebook.com`, `www.amazon.com`, `api.twitter.com`, `www.digits.com` (opaque access tokens):
//!   **emulator-only behaviour**: any non-empty value is accepted, and the subject is the hex SHA-256 of the
//!   value, so the same token always resolves to the same identity.
//! - `cognito-identity.amazonaws.com`: an OpenID token of this emulator (developer flow), signature and
//!   expiry checked, `aud` must be this pool; it names the identity directly.
//! - SAML provider ARNs are not supported (refused).

use std::collections::BTreeMap;

use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::app::Ctx;
use crate::domain::identity_tokens::{self, TokenProblem};
use crate::domain::tokens;
use crate::error::{CognitoError, Result};
use crate::model::identity::pools::IdentityPoolConfig;

/// Claims of a login token (empty for opaque tokens).
pub type Claims = crate::domain::tokens::SharedClaims;

/// The key of developer-flow logins: an OpenID token issued by this emulator.
pub const COGNITO_IDENTITY_PROVIDER: &str = "cognito-identity.amazonaws.com";

const OPAQUE_PROVIDERS: [&str; 4] = [
    "graph.facebook.com",
    "www.amazon.com",
    "api.twitter.com",
    "www.digits.com",
];

/// A login that passed its checks.
#[derive(Debug, Clone)]
pub struct VerifiedLogin {
    /// The `Logins` key.
    pub provider: String,
    /// Who the provider says the user is.
    pub subject: String,
    /// The key role mappings and principal tags use for this login.
    pub mapping_key: String,
    /// The token's claims.
    pub claims: Claims,
    /// For `cognito-identity.amazonaws.com` logins: the identity the token was issued to; such logins
    /// are not linked, they name the identity.
    pub names_identity: Option<String>,
}

impl VerifiedLogin {
    /// `(provider, subject)` for linking.
    pub fn login(&self) -> (String, String) {
        (self.provider.clone(), self.subject.clone())
    }
}

fn invalid(detail: &str) -> CognitoError {
    CognitoError::not_authorized(format!("Invalid login token. {detail}"))
}

/// AWS's answer for a `Logins` key the pool does not trust.
pub fn unsupported_provider() -> CognitoError {
    CognitoError::not_authorized("Token is not from a supported provider of this identity pool.")
}

fn check_exp(claims: &Claims, now_s: i64) -> Result<()> {
    let exp = claims.get("exp").and_then(Value::as_i64).unwrap_or(0);
    if exp <= now_s {
        return Err(invalid(&format!("Token expired: {now_s} >= {exp}")));
    }
    Ok(())
}

fn audiences(claims: &Claims) -> Vec<String> {
    match claims.get("aud") {
        Some(Value::String(s)) => vec![s.clone()],
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect(),
        _ => Vec::new(),
    }
}

fn sub(claims: &Claims) -> Result<String> {
    claims
        .get("sub")
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .ok_or_else(|| invalid("Not a valid OpenId Connect identity token."))
}

/// THE check of user-pool ID tokens used as identity-pool logins (`provider_name` is
/// `cognito-idp.<region>.amazonaws.com/<userPoolId>`, `client_ids` the app clients the identity pool
/// trusts for it). The RS256 signature is verified with the user pool's own key, the pool must be the one
/// the provider names, `token_use` must be `id`, the token unexpired and its `aud` one of `client_ids`.
/// With `server_side_check` (`ServerSideTokenCheck`), the user pool is also asked whether the token was
/// revoked (global sign-out, revocation) and whether the user still exists and is enabled.
pub fn verify_user_pool_id_token(
    ctx: &Ctx,
    provider_name: &str,
    client_ids: &[String],
    server_side_check: bool,
    token: &str,
) -> Result<Claims> {
    let (pool_id, claims) = if server_side_check {
        let full = tokens::verify_id_token(&ctx.app, token)?;
        (full.pool_id, full.all)
    } else {
        tokens::verify_id_token_signature(&ctx.app, token)?
    };
    if provider_name.rsplit('/').next() != Some(pool_id.as_str()) {
        return Err(invalid("Issuer doesn't match providerName"));
    }
    check_exp(&claims, ctx.app.clock.now_secs())?;
    if !audiences(&claims).iter().any(|a| client_ids.contains(a)) {
        return Err(invalid("Incorrect token audience."));
    }
    Ok(claims)
}

/// The JWKS file configured for an issuer with `--oidc-jwks`.
fn jwks_path<'a>(ctx: &'a Ctx, issuer: &str) -> Option<&'a str> {
    let bare = issuer.trim_start_matches("https://");
    ctx.app.config.oidc_jwks.iter().find_map(|entry| {
        let (iss, path) = entry.split_once('=')?;
        let iss = iss.trim();
        (iss == issuer || iss.trim_start_matches("https://") == bare).then_some(path.trim())
    })
}

/// Verifies an external OpenID Connect ID token against the keys configured for its issuer.
fn verify_oidc_token(ctx: &Ctx, host: &str, token: &str) -> Result<Claims> {
    let issuer = format!("https://{host}");
    let header = jsonwebtoken::decode_header(token)
        .map_err(|_| invalid("Not a valid OpenId Connect identity token."))?;
    let path = jwks_path(ctx, &issuer).ok_or_else(|| invalid("Couldn't verify signed token."))?;
    let text = std::fs::read_to_string(path).map_err(|e| {
        tracing::warn!(%path, error = %e, "cannot read --oidc-jwks file");
        invalid("Couldn't verify signed token.")
    })?;
    let set: jsonwebtoken::jwk::JwkSet =
        serde_json::from_str(&text).map_err(|_| invalid("Couldn't verify signed token."))?;
    let jwk = match &header.kid {
        Some(kid) => set.find(kid),
        None => set.keys.first(),
    }
    .ok_or_else(|| invalid("Couldn't verify signed token."))?;
    let key = jsonwebtoken::DecodingKey::from_jwk(jwk)
        .map_err(|_| invalid("Couldn't verify signed token."))?;
    let mut validation = jsonwebtoken::Validation::new(header.alg);
    validation.validate_exp = false;
    validation.validate_aud = false;
    validation.set_required_spec_claims::<&str>(&[]);
    let data = jsonwebtoken::decode::<Claims>(token, &key, &validation)
        .map_err(|_| invalid("Couldn't verify signed token."))?;
    let claims = data.claims;
    let iss = claims.get("iss").and_then(Value::as_str).unwrap_or("");
    if iss.trim_start_matches("https://") != host {
        return Err(invalid("Issuer doesn't match providerName"));
    }
    check_exp(&claims, ctx.app.clock.now_secs())?;
    Ok(claims)
}

/// The OIDC hosts of a pool: from `OpenIdConnectProviderARNs` (`arn:aws:iam::<acct>:oidc-provider/<host>`).
fn oidc_hosts(config: &IdentityPoolConfig) -> Vec<&str> {
    config
        .open_id_connect_provider_arns
        .iter()
        .flatten()
        .filter_map(|arn| arn.split_once(":oidc-provider/").map(|(_, host)| host))
        .collect()
}

/// Every key the pool accepts in `Logins` and role mappings, and as principal-tag provider names.
pub fn configured_provider_names(config: &IdentityPoolConfig) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for p in config.cognito_identity_providers.iter().flatten() {
        if let Some(name) = &p.provider_name {
            names.push(name.clone());
        }
    }
    names.extend(
        config
            .supported_login_providers
            .iter()
            .flatten()
            .map(|(k, _)| k.clone()),
    );
    names.extend(oidc_hosts(config).into_iter().map(str::to_owned));
    names.extend(
        config
            .open_id_connect_provider_arns
            .iter()
            .flatten()
            .cloned(),
    );
    names.extend(config.saml_provider_arns.iter().flatten().cloned());
    names
}

/// Checks every login of a `Logins` map against the pool (`pool_id`, `config`).
pub fn verify_logins(
    ctx: &Ctx,
    pool_id: &str,
    config: &IdentityPoolConfig,
    logins: &BTreeMap<String, String>,
) -> Result<Vec<VerifiedLogin>> {
    logins
        .iter()
        .map(|(provider, token)| verify_login(ctx, pool_id, config, provider, token))
        .collect()
}

fn verify_login(
    ctx: &Ctx,
    pool_id: &str,
    config: &IdentityPoolConfig,
    provider: &str,
    token: &str,
) -> Result<VerifiedLogin> {
    let plain = |subject: String, claims: Claims| VerifiedLogin {
        provider: provider.to_owned(),
        subject,
        mapping_key: provider.to_owned(),
        claims,
        names_identity: None,
    };
    if provider == COGNITO_IDENTITY_PROVIDER {
        let claims =
            identity_tokens::verify(token, ctx.app.clock.now_secs()).map_err(|p| match p {
                TokenProblem::Expired => invalid("Token expired."),
                TokenProblem::Invalid => invalid("Couldn't verify signed token."),
            })?;
        if claims.aud != pool_id {
            return Err(invalid("Incorrect token audience."));
        }
        let mut login = plain(claims.sub.clone(), Claims::default());
        login.names_identity = Some(claims.sub);
        return Ok(login);
    }
    let user_pool_providers: Vec<_> = config
        .cognito_identity_providers
        .iter()
        .flatten()
        .filter(|p| p.provider_name.as_deref() == Some(provider))
        .collect();
    let user_pool_clients: Vec<String> = user_pool_providers
        .iter()
        .filter_map(|p| p.client_id.clone())
        .collect();
    if !user_pool_clients.is_empty() {
        let server_side_check = user_pool_providers
            .iter()
            .any(|p| p.server_side_token_check == Some(true));
        let claims =
            verify_user_pool_id_token(ctx, provider, &user_pool_clients, server_side_check, token)?;
        let aud = audiences(&claims)
            .into_iter()
            .find(|a| user_pool_clients.contains(a))
            .unwrap_or_default();
        let mut login = plain(sub(&claims)?, claims);
        login.mapping_key = format!("{provider}:{aud}");
        return Ok(login);
    }
    if let Some(app_id) = config
        .supported_login_providers
        .as_ref()
        .and_then(|m| m.get(provider))
    {
        if OPAQUE_PROVIDERS.contains(&provider) {
            if token.is_empty() {
                return Err(invalid("Access Token has expired or is invalid."));
            }
            let subject = hex(&Sha256::digest(token.as_bytes()));
            return Ok(plain(subject, Claims::default()));
        }
        let claims = verify_oidc_token(ctx, provider, token)?;
        let allowed: Vec<&str> = app_id.split(',').map(str::trim).collect();
        if !audiences(&claims)
            .iter()
            .any(|a| allowed.contains(&a.as_str()))
        {
            return Err(invalid("Incorrect token audience."));
        }
        return Ok(plain(sub(&claims)?, claims));
    }
    if oidc_hosts(config).contains(&provider) {
        // The audiences an OIDC provider allows live in IAM, which the emulator does not have.
        let claims = verify_oidc_token(ctx, provider, token)?;
        return Ok(plain(sub(&claims)?, claims));
    }
    Err(unsupported_provider())
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
