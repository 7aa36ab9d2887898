//! Identities: `GetId`, credentials and OpenID tokens for them, and their management (describe, list,
//! delete, developer identities, unlinking).

use std::collections::{BTreeMap, BTreeSet};

use crate::app::Ctx;
use crate::domain::credentials::DEFAULT_TTL_SECS;
use crate::domain::identity_pool::{identity_not_found, Identity, IdentityPool};
use crate::domain::identity_tokens::{self, OpenIdClaims};
use crate::domain::{ids, pagination};
use crate::error::{CognitoError, ErrorCode, Result};
use crate::model::identity::identities::*;
use crate::model::identity::pools::IdentityPoolConfig;
use crate::model::timestamp::Timestamp;
use crate::ops::identity::logins::{self, VerifiedLogin};
use crate::ops::identity::roles::{choose_authenticated_role, invalid_configuration};
use crate::ops::Empty;

/// Lifetime of `GetOpenIdToken` tokens.
const OPEN_ID_TOKEN_SECS: i64 = 600;
/// Default lifetime of `GetOpenIdTokenForDeveloperIdentity` tokens.
const DEVELOPER_TOKEN_SECS: i64 = 900;
/// The role session name Cognito uses for the credentials it issues.
const SESSION_NAME: &str = "CognitoIdentityCredentials";

fn unauthenticated_not_supported() -> CognitoError {
    CognitoError::not_authorized("Unauthenticated access is not supported for this identity pool.")
}

fn logins_dont_match() -> CognitoError {
    CognitoError::not_authorized(
        "Logins don't match. Please include at least one valid login for this identity or identity pool.",
    )
}

/// The identity pool an identity belongs to. Identity ids carry only the region: the pool it was last
/// found in is tried first, then the pools of that region are searched.
pub fn pool_of_identity(ctx: &Ctx, identity_id: &str) -> Result<String> {
    let store = &ctx.app.store;
    let holds = |p: &str| {
        store
            .read_identity_pool(p, |pool| Ok(pool.identities.contains_key(identity_id)))
            .unwrap_or(false)
    };
    if let Some(p) = store.identity_owner.get(identity_id) {
        if holds(&p) {
            return Ok(p);
        }
    }
    let region = ids::region_of(identity_id).unwrap_or("");
    let pool = store
        .identity_pool_ids_in(region)
        .into_iter()
        .find(|p| holds(p))
        .ok_or_else(|| identity_not_found(identity_id))?;
    store.identity_owner.remember(identity_id, &pool, None);
    Ok(pool)
}

fn pool_config(ctx: &Ctx, pool_id: &str) -> Result<IdentityPoolConfig> {
    ctx.app
        .store
        .read_identity_pool(pool_id, |p| Ok(p.config.clone()))
}

/// [GetId](https://docs.aws.amazon.com/cognitoidentity/latest/APIReference/API_GetId.html). The same
/// login always gives the same identity; several logins are linked to one identity; without logins a new
/// unauthenticated identity is created when the pool allows guests. `AccountId` is ignored.
pub fn get_id(ctx: &Ctx, input: GetIdInput) -> Result<IdentityIdResponse> {
    let config = pool_config(ctx, &input.identity_pool_id)?;
    let logins = input.logins.unwrap_or_default();
    let new_id = ids::region_uuid(ids::region_of(&input.identity_pool_id).unwrap_or(&ctx.region));
    let now = ctx.now_ms();
    if logins.is_empty() {
        if !config.allow_unauthenticated_identities {
            return Err(unauthenticated_not_supported());
        }
        let id = ctx
            .app
            .store
            .write_identity_pool(&input.identity_pool_id, |pool| {
                Ok(pool.create_unauthenticated(new_id, now))
            })?;
        return Ok(IdentityIdResponse {
            identity_id: Some(id),
        });
    }
    let verified = logins::verify_logins(ctx, &input.identity_pool_id, &config, &logins)?;
    let id = ctx
        .app
        .store
        .write_identity_pool(&input.identity_pool_id, |pool| {
            link(pool, &verified, None, new_id, now)
        })?;
    Ok(IdentityIdResponse {
        identity_id: Some(id),
    })
}

/// Links verified logins: a developer-flow token names its identity, the others are linked to it.
fn link(
    pool: &mut IdentityPool,
    verified: &[VerifiedLogin],
    target: Option<&str>,
    new_id: String,
    now_ms: i64,
) -> Result<String> {
    let mut target = target.map(str::to_owned);
    for v in verified {
        if let Some(named) = &v.names_identity {
            match &target {
                Some(t) if t != named => return Err(logins_dont_match()),
                _ => target = Some(named.clone()),
            }
        }
    }
    let linkable: Vec<(String, String)> = verified
        .iter()
        .filter(|v| v.names_identity.is_none())
        .map(VerifiedLogin::login)
        .collect();
    pool.resolve_logins(&linkable, target.as_deref(), new_id, now_ms)
}

/// What an identity may act as: its verified logins, after checking them against the identity.
struct Authorised {
    pool_id: String,
    identity: Identity,
    logins: Vec<VerifiedLogin>,
    roles: BTreeMap<String, String>,
    role_mappings: BTreeMap<String, crate::model::identity::roles::RoleMapping>,
}

/// The common checks of GetCredentialsForIdentity and GetOpenIdToken: an authenticated identity must
/// present at least one valid login of its own; new logins are linked; a guest needs a pool that allows
/// guests; a disabled identity is refused.
fn authorise(
    ctx: &Ctx,
    identity_id: &str,
    logins: Option<BTreeMap<String, String>>,
) -> Result<Authorised> {
    let pool_id = pool_of_identity(ctx, identity_id)?;
    let config = pool_config(ctx, &pool_id)?;
    let logins = logins.unwrap_or_default();
    let verified = logins::verify_logins(ctx, &pool_id, &config, &logins)?;
    let now = ctx.now_ms();
    ctx.app.store.write_identity_pool(&pool_id, |pool| {
        let identity = pool.identity(identity_id)?.clone();
        if identity.disabled {
            return Err(CognitoError::not_authorized(format!(
                "Access to Identity '{identity_id}' is forbidden."
            )));
        }
        if identity.is_authenticated() {
            let own = verified.iter().any(|v| match &v.names_identity {
                Some(named) => named == identity_id,
                None => pool.identity_of_login(&v.provider, &v.subject) == Some(identity_id),
            });
            if !own {
                return Err(logins_dont_match());
            }
        }
        for v in &verified {
            if let Some(named) = &v.names_identity {
                if named != identity_id {
                    return Err(logins_dont_match());
                }
            } else if let Some(other) = pool.identity_of_login(&v.provider, &v.subject) {
                if other != identity_id {
                    return Err(logins_dont_match());
                }
            }
        }
        if verified.is_empty() && !pool.config.allow_unauthenticated_identities {
            return Err(unauthenticated_not_supported());
        }
        if !verified.is_empty() {
            link(pool, &verified, Some(identity_id), String::new(), now)?;
        }
        Ok(Authorised {
            pool_id: pool.id.clone(),
            identity: pool.identity(identity_id)?.clone(),
            logins: verified.clone(),
            roles: pool.roles.clone(),
            role_mappings: pool.role_mappings.clone(),
        })
    })
}

/// [GetCredentialsForIdentity](https://docs.aws.amazon.com/cognitoidentity/latest/APIReference/API_GetCredentialsForIdentity.html).
/// Issues one-hour temporary credentials (`ASIA…`) for the role chosen by the pool's roles and role
/// mappings, and records them so that STS can verify requests signed with them. Session policies and
/// session tags are not applied (there is no IAM).
pub fn get_credentials_for_identity(
    ctx: &Ctx,
    input: GetCredentialsForIdentityInput,
) -> Result<GetCredentialsForIdentityResponse> {
    let auth = authorise(ctx, &input.identity_id, input.logins)?;
    let role = if auth.logins.is_empty() {
        auth.roles
            .get("unauthenticated")
            .cloned()
            .ok_or_else(invalid_configuration)?
    } else {
        choose_authenticated_role(
            &auth.roles,
            &auth.role_mappings,
            &auth.logins,
            input.custom_role_arn.as_deref(),
        )?
    };
    let issued = ctx.app.credentials.issue(
        &role,
        SESSION_NAME,
        Some(&input.identity_id),
        ctx.now_ms(),
        DEFAULT_TTL_SECS,
    );
    Ok(GetCredentialsForIdentityResponse {
        identity_id: input.identity_id,
        credentials: Credentials {
            access_key_id: issued.credential.access_key_id,
            secret_key: issued.credential.secret_access_key,
            session_token: issued.session_token,
            expiration: Timestamp::from_millis(issued.credential.expires_ms),
        },
    })
}

/// `amr` of an identity's OpenID token: `authenticated` and each provider, plus, for user pools,
/// `<provider>:CognitoSignIn:<sub>` as AWS adds; or `unauthenticated` for guests.
fn amr(identity: &Identity) -> Vec<String> {
    if !identity.is_authenticated() {
        return vec!["unauthenticated".to_owned()];
    }
    let mut amr = vec!["authenticated".to_owned()];
    for (provider, subjects) in &identity.logins {
        amr.push(provider.clone());
        if provider.starts_with("cognito-idp.") {
            amr.extend(
                subjects
                    .iter()
                    .map(|s| format!("{provider}:CognitoSignIn:{s}")),
            );
        }
    }
    amr
}

fn sign(
    ctx: &Ctx,
    pool_id: &str,
    identity: &Identity,
    ttl_secs: i64,
    tags: Option<&BTreeMap<String, String>>,
) -> Result<String> {
    let now = ctx.app.clock.now_secs();
    let region = ids::region_of(pool_id).unwrap_or(&ctx.region);
    let claims = OpenIdClaims {
        iss: identity_tokens::ISSUER.to_owned(),
        sub: identity.id.clone(),
        aud: pool_id.to_owned(),
        amr: amr(identity),
        iat: now,
        exp: now.saturating_add(ttl_secs),
        pool_arn: Some(ids::identity_pool_arn(region, ctx.account(), pool_id)),
        tags: tags
            .filter(|t| !t.is_empty())
            .map(identity_tokens::tags_claim),
    };
    identity_tokens::issue(&claims, &ctx.app.config.region)
}

/// [GetOpenIdToken](https://docs.aws.amazon.com/cognitoidentity/latest/APIReference/API_GetOpenIdToken.html).
/// A 10-minute RS256 token (`iss https://cognito-identity.amazonaws.com`, `aud` the pool, `sub` the
/// identity, `amr`), verifiable with `GET /.well-known/jwks_uri`, usable with STS
/// `AssumeRoleWithWebIdentity` when the pool allows the classic flow.
pub fn get_open_id_token(ctx: &Ctx, input: GetOpenIdTokenInput) -> Result<OpenIdTokenResponse> {
    let auth = authorise(ctx, &input.identity_id, input.logins)?;
    let token = sign(ctx, &auth.pool_id, &auth.identity, OPEN_ID_TOKEN_SECS, None)?;
    Ok(OpenIdTokenResponse {
        identity_id: input.identity_id,
        token,
    })
}

/// [GetOpenIdTokenForDeveloperIdentity](https://docs.aws.amazon.com/cognitoidentity/latest/APIReference/API_GetOpenIdTokenForDeveloperIdentity.html).
/// `Logins` must hold the pool's developer provider name → the developer user identifier; other logins
/// are verified and linked too. A user identifier already linked to another identity than `IdentityId`
/// is `DeveloperUserAlreadyRegisteredException`. `TokenDuration` defaults to 15 minutes; `PrincipalTags`
/// go into the `https://aws.amazon.com/tags` claim.
pub fn get_open_id_token_for_developer_identity(
    ctx: &Ctx,
    input: GetOpenIdTokenForDeveloperIdentityInput,
) -> Result<OpenIdTokenResponse> {
    let config = pool_config(ctx, &input.identity_pool_id)?;
    let developer = config
        .developer_provider_name
        .clone()
        .ok_or_else(logins::unsupported_provider)?;
    let mut others = input.logins.clone();
    let user = others
        .remove(&developer)
        .ok_or_else(logins::unsupported_provider)?;
    let mut verified = logins::verify_logins(ctx, &input.identity_pool_id, &config, &others)?;
    verified.push(VerifiedLogin {
        provider: developer.clone(),
        subject: user.clone(),
        mapping_key: developer.clone(),
        claims: Default::default(),
        names_identity: None,
    });
    let now = ctx.now_ms();
    let new_id = ids::region_uuid(ids::region_of(&input.identity_pool_id).unwrap_or(&ctx.region));
    let identity = ctx
        .app
        .store
        .write_identity_pool(&input.identity_pool_id, |pool| {
            if let (Some(target), Some(owner)) = (
                input.identity_id.as_deref(),
                pool.identity_of_login(&developer, &user),
            ) {
                if owner != target {
                    return Err(CognitoError::new(
                        ErrorCode::DeveloperUserAlreadyRegistered,
                        "Developer user identifier is already registered with another identity.",
                    ));
                }
            }
            let id = link(pool, &verified, input.identity_id.as_deref(), new_id, now)?;
            pool.identity(&id).cloned()
        })?;
    let ttl = input.token_duration.unwrap_or(DEVELOPER_TOKEN_SECS);
    let token = sign(
        ctx,
        &input.identity_pool_id,
        &identity,
        ttl,
        input.principal_tags.as_ref(),
    )?;
    Ok(OpenIdTokenResponse {
        identity_id: identity.id,
        token,
    })
}

fn describe(identity: &Identity) -> IdentityDescription {
    IdentityDescription {
        identity_id: identity.id.clone(),
        logins: (!identity.logins.is_empty()).then(|| identity.logins.keys().cloned().collect()),
        creation_date: Timestamp::from_millis(identity.created_ms),
        last_modified_date: Timestamp::from_millis(identity.modified_ms),
    }
}

/// [DescribeIdentity](https://docs.aws.amazon.com/cognitoidentity/latest/APIReference/API_DescribeIdentity.html).
pub fn describe_identity(ctx: &Ctx, input: DescribeIdentityInput) -> Result<IdentityDescription> {
    let pool_id = pool_of_identity(ctx, &input.identity_id)?;
    ctx.app
        .store
        .read_identity_pool(&pool_id, |p| p.identity(&input.identity_id).map(describe))
}

/// [ListIdentities](https://docs.aws.amazon.com/cognitoidentity/latest/APIReference/API_ListIdentities.html).
/// `HideDisabled` leaves out identities disabled by unlinking their last login.
pub fn list_identities(ctx: &Ctx, input: ListIdentitiesInput) -> Result<ListIdentitiesResponse> {
    let after = input
        .next_token
        .as_deref()
        .map(pagination::decode)
        .transpose()?;
    let limit = usize::try_from(input.max_results).unwrap_or(1);
    let hide = input.hide_disabled.unwrap_or(false);
    ctx.app
        .store
        .read_identity_pool(&input.identity_pool_id, |pool| {
            let visible = pool
                .identities
                .values()
                .filter(|i| !(hide && i.disabled))
                .map(|i| i.id.as_str());
            let (page, next_token) = pagination::page(visible, after.as_deref(), limit);
            Ok(ListIdentitiesResponse {
                identity_pool_id: pool.id.clone(),
                identities: page
                    .into_iter()
                    .filter_map(|id| pool.identities.get(id).map(describe))
                    .collect(),
                next_token,
            })
        })
}

/// [DeleteIdentities](https://docs.aws.amazon.com/cognitoidentity/latest/APIReference/API_DeleteIdentities.html).
/// Unknown ids are ignored, as AWS does; nothing is ever unprocessed.
pub fn delete_identities(
    ctx: &Ctx,
    input: DeleteIdentitiesInput,
) -> Result<DeleteIdentitiesResponse> {
    for id in &input.identity_ids_to_delete {
        if let Ok(pool_id) = pool_of_identity(ctx, id) {
            ctx.app
                .store
                .write_identity_pool(&pool_id, |p| Ok(p.delete_identity(id)))?;
        }
    }
    Ok(DeleteIdentitiesResponse {
        unprocessed_identity_ids: Vec::new(),
    })
}

fn developer_name(pool: &IdentityPool) -> Result<&str> {
    pool.config
        .developer_provider_name
        .as_deref()
        .ok_or_else(|| {
            CognitoError::resource_not_found("This identity pool has no developer provider.")
        })
}

/// [LookupDeveloperIdentity](https://docs.aws.amazon.com/cognitoidentity/latest/APIReference/API_LookupDeveloperIdentity.html).
/// By `IdentityId` or `DeveloperUserIdentifier` (both must then agree); lists the identity's developer
/// user identifiers, paginated by `MaxResults`/`NextToken`.
pub fn lookup_developer_identity(
    ctx: &Ctx,
    input: LookupDeveloperIdentityInput,
) -> Result<LookupDeveloperIdentityResponse> {
    let after = input
        .next_token
        .as_deref()
        .map(pagination::decode)
        .transpose()?;
    ctx.app
        .store
        .read_identity_pool(&input.identity_pool_id, |pool| {
            let dev = developer_name(pool)?;
            let by_user = match &input.developer_user_identifier {
                Some(u) => Some(pool.identity_of_login(dev, u).ok_or_else(|| {
                    CognitoError::resource_not_found(format!(
                        "Developer user identifier {u} not found."
                    ))
                })?),
                None => None,
            };
            let identity_id = match (input.identity_id.as_deref(), by_user) {
                (Some(a), Some(b)) if a != b => {
                    return Err(CognitoError::new(
                        ErrorCode::ResourceConflict,
                        "The identity id and the developer user identifier do not match.",
                    ))
                }
                (Some(a), _) => a,
                (None, Some(b)) => b,
                (None, None) => {
                    return Err(CognitoError::invalid_parameter(
                        "Either IdentityId or DeveloperUserIdentifier must be given.",
                    ))
                }
            };
            let identity = pool.identity(identity_id)?;
            let users: BTreeSet<String> = identity.logins.get(dev).cloned().unwrap_or_default();
            let limit = input
                .max_results
                .and_then(|m| usize::try_from(m).ok())
                .unwrap_or(60);
            let (page, next_token) =
                pagination::page(users.iter().map(String::as_str), after.as_deref(), limit);
            Ok(LookupDeveloperIdentityResponse {
                identity_id: identity.id.clone(),
                developer_user_identifier_list: page.into_iter().map(str::to_owned).collect(),
                next_token,
            })
        })
}

fn check_developer(pool: &IdentityPool, name: &str) -> Result<()> {
    if developer_name(pool)? != name {
        return Err(CognitoError::invalid_parameter(format!(
            "Developer provider {name} is not the developer provider of this identity pool."
        )));
    }
    Ok(())
}

/// [MergeDeveloperIdentities](https://docs.aws.amazon.com/cognitoidentity/latest/APIReference/API_MergeDeveloperIdentities.html).
/// Every login of the source user's identity moves to the destination user's identity; the source
/// identity is deleted.
pub fn merge_developer_identities(
    ctx: &Ctx,
    input: MergeDeveloperIdentitiesInput,
) -> Result<IdentityIdResponse> {
    let now = ctx.now_ms();
    ctx.app
        .store
        .write_identity_pool(&input.identity_pool_id, |pool| {
            check_developer(pool, &input.developer_provider_name)?;
            let dev = input.developer_provider_name.as_str();
            let find = |pool: &IdentityPool, u: &str| {
                pool.identity_of_login(dev, u)
                    .map(str::to_owned)
                    .ok_or_else(|| {
                        CognitoError::resource_not_found(format!(
                            "Developer user identifier {u} not found."
                        ))
                    })
            };
            let source = find(pool, &input.source_user_identifier)?;
            let destination = find(pool, &input.destination_user_identifier)?;
            pool.merge_into(&source, &destination, now)?;
            Ok(IdentityIdResponse {
                identity_id: Some(destination),
            })
        })
}

/// [UnlinkDeveloperIdentity](https://docs.aws.amazon.com/cognitoidentity/latest/APIReference/API_UnlinkDeveloperIdentity.html).
pub fn unlink_developer_identity(ctx: &Ctx, input: UnlinkDeveloperIdentityInput) -> Result<Empty> {
    let now = ctx.now_ms();
    ctx.app
        .store
        .write_identity_pool(&input.identity_pool_id, |pool| {
            check_developer(pool, &input.developer_provider_name)?;
            let dev = input.developer_provider_name.clone();
            if pool.identity_of_login(&dev, &input.developer_user_identifier)
                != Some(input.identity_id.as_str())
            {
                return Err(CognitoError::resource_not_found(format!(
                    "Developer user identifier {} is not linked to identity {}.",
                    input.developer_user_identifier, input.identity_id
                )));
            }
            pool.unlink(
                &input.identity_id,
                &[(dev, input.developer_user_identifier.clone())],
                now,
            )?;
            Ok(Empty {})
        })
}

/// [UnlinkIdentity](https://docs.aws.amazon.com/cognitoidentity/latest/APIReference/API_UnlinkIdentity.html).
/// Public: `Logins` must prove the caller is the identity; every login of the providers in
/// `LoginsToRemove` is unlinked. An identity left without logins is disabled.
pub fn unlink_identity(ctx: &Ctx, input: UnlinkIdentityInput) -> Result<Empty> {
    let auth = authorise(ctx, &input.identity_id, Some(input.logins))?;
    if auth.logins.is_empty() {
        return Err(logins_dont_match());
    }
    let now = ctx.now_ms();
    ctx.app.store.write_identity_pool(&auth.pool_id, |pool| {
        let identity = pool.identity(&input.identity_id)?;
        let remove: Vec<(String, String)> = input
            .logins_to_remove
            .iter()
            .filter_map(|p| identity.logins.get(p).map(|subs| (p, subs)))
            .flat_map(|(p, subs)| subs.iter().map(move |s| (p.clone(), s.clone())))
            .collect();
        pool.unlink(&input.identity_id, &remove, now)
    })?;
    Ok(Empty {})
}
