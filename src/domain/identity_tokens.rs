//! OpenID tokens of identity pools (`GetOpenIdToken`, `GetOpenIdTokenForDeveloperIdentity`): RS256 JWTs
//! issued by `https://cognito-identity.amazonaws.com`, `aud` = identity pool id, `sub` = identity id, and
//! `amr` = `["authenticated", <providers>…]` or `["unauthenticated"]`.
//!
//! One RSA-2048 key pair signs them for the whole emulator process; it is generated on first use (key
//! generation is slow, and most runs never need it). Its public half is served at
//! `GET /.well-known/jwks_uri`.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use rsa::pkcs1::EncodeRsaPrivateKey;
use rsa::traits::PublicKeyParts;
use rsa::RsaPrivateKey;
use serde::{Deserialize, Serialize};

use crate::error::{CognitoError, Result};

/// The `iss` of every identity-pool OpenID token.
pub const ISSUER: &str = "https://cognito-identity.amazonaws.com";

/// The process-wide identity-pool signing key.
struct SigningKey {
    encoding: EncodingKey,
    decoding: DecodingKey,
    n: String,
    e: String,
}

static KEY: OnceLock<std::result::Result<SigningKey, String>> = OnceLock::new();

fn key() -> Result<&'static SigningKey> {
    KEY.get_or_init(|| {
        let private =
            RsaPrivateKey::new(&mut rand::thread_rng(), 2048).map_err(|e| e.to_string())?;
        let der = private.to_pkcs1_der().map_err(|e| e.to_string())?;
        let n = URL_SAFE_NO_PAD.encode(private.n().to_bytes_be());
        let e = URL_SAFE_NO_PAD.encode(private.e().to_bytes_be());
        let decoding = DecodingKey::from_rsa_components(&n, &e).map_err(|e| e.to_string())?;
        Ok(SigningKey {
            encoding: EncodingKey::from_rsa_der(der.as_bytes()),
            decoding,
            n,
            e,
        })
    })
    .as_ref()
    .map_err(CognitoError::internal)
}

/// The key id of the signing key: `<region>-1`, in the style of AWS's kids (`ap-northeast-11`).
pub fn kid(region: &str) -> String {
    format!("{region}-1")
}

/// The claims of an identity-pool OpenID token.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct OpenIdClaims {
    /// Always [`ISSUER`].
    pub iss: String,
    /// The identity id.
    pub sub: String,
    /// The identity pool id.
    pub aud: String,
    /// `["authenticated", providers…]` or `["unauthenticated"]`.
    pub amr: Vec<String>,
    /// Issued at, epoch seconds.
    pub iat: i64,
    /// Expiry, epoch seconds.
    pub exp: i64,
    /// `https://cognito-identity.amazonaws.com/identity-pool-arn`, as AWS adds.
    #[serde(
        rename = "https://cognito-identity.amazonaws.com/identity-pool-arn",
        skip_serializing_if = "Option::is_none",
        default
    )]
    pub pool_arn: Option<String>,
    /// Session tags requested by `GetOpenIdTokenForDeveloperIdentity` (`PrincipalTags`).
    #[serde(
        rename = "https://aws.amazon.com/tags",
        skip_serializing_if = "Option::is_none",
        default
    )]
    pub tags: Option<serde_json::Value>,
}

/// Signs a token. `kid_region` names the key id (the emulator's configured region).
pub fn issue(claims: &OpenIdClaims, kid_region: &str) -> Result<String> {
    let mut header = Header::new(Algorithm::RS256);
    header.kid = Some(kid(kid_region));
    header.typ = Some("JWS".into());
    jsonwebtoken::encode(&header, claims, &key()?.encoding).map_err(CognitoError::internal)
}

/// Principal tags as the `https://aws.amazon.com/tags` claim.
pub fn tags_claim(tags: &BTreeMap<String, String>) -> serde_json::Value {
    let principal: serde_json::Map<String, serde_json::Value> = tags
        .iter()
        .map(|(k, v)| (k.clone(), serde_json::json!([v])))
        .collect();
    serde_json::json!({ "principal_tags": principal })
}

/// Why a token was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TokenProblem {
    /// Not a JWT of ours, or the signature does not match.
    Invalid,
    /// Signed by us but past `exp`.
    Expired,
}

/// Checks signature, issuer and expiry (against `now_s`, the injected clock) of an identity-pool token.
pub fn verify(token: &str, now_s: i64) -> std::result::Result<OpenIdClaims, TokenProblem> {
    let key = key().map_err(|_| TokenProblem::Invalid)?;
    let mut validation = Validation::new(Algorithm::RS256);
    validation.validate_exp = false;
    validation.validate_aud = false;
    validation.set_required_spec_claims::<&str>(&[]);
    validation.set_issuer(&[ISSUER]);
    let data = jsonwebtoken::decode::<OpenIdClaims>(token, &key.decoding, &validation)
        .map_err(|_| TokenProblem::Invalid)?;
    if data.claims.exp <= now_s {
        return Err(TokenProblem::Expired);
    }
    Ok(data.claims)
}

/// The JWKS document of `GET /.well-known/jwks_uri`.
pub fn jwks(kid_region: &str) -> Result<serde_json::Value> {
    let key = key()?;
    Ok(serde_json::json!({
        "keys": [{
            "kty": "RSA",
            "alg": "RS256",
            "use": "sig",
            "kid": kid(kid_region),
            "n": key.n,
            "e": key.e,
        }]
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claims(exp: i64) -> OpenIdClaims {
        OpenIdClaims {
            iss: ISSUER.into(),
            sub: "us-east-1:abc".into(),
            aud: "us-east-1:pool".into(),
            amr: vec!["unauthenticated".into()],
            iat: 100,
            exp,
            pool_arn: None,
            tags: None,
        }
    }

    #[test]
    fn issued_tokens_verify_until_expiry() {
        let t = issue(&claims(700), "us-east-1").unwrap();
        assert_eq!(verify(&t, 600).unwrap(), claims(700));
        assert_eq!(verify(&t, 700), Err(TokenProblem::Expired));
        let mut parts: Vec<&str> = t.split('.').collect();
        parts[2] = "AAAA";
        assert_eq!(verify(&parts.join("."), 600), Err(TokenProblem::Invalid));
        assert_eq!(jwks("eu-west-1").unwrap()["keys"][0]["kid"], "eu-west-1-1");
    }
}
