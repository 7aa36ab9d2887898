//! User-pool domains: one prefix domain (`<prefix>.auth.<region>.amazoncognito.com`) and one custom domain
//! per pool, each unique across all pools. `DescribeUserPool` shows them as `Domain` and `CustomDomain`.

use aws_smithy_types::date_time::Format;
use aws_smithy_types::DateTime;

use crate::app::Ctx;
use crate::domain::user_pool::{PoolDomain, UserPool};
use crate::error::{CognitoError, Result};
use crate::model::idp::domains::*;
use crate::ops::Empty;

const PREFIX_PATTERN: &str = r"^[a-z0-9](?:[a-z0-9\-]{0,61}[a-z0-9])?$";
const RESERVED_WORDS: &[&str] = &["aws", "amazon", "cognito"];

/// A CloudFront-like distribution name (`d` + 13 lowercase alphanumerics).
fn cloudfront_name() -> String {
    use rand::Rng;
    const CHARS: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
    let mut rng = rand::thread_rng();
    let tail: String = (0..13)
        .map(|_| {
            char::from(
                CHARS
                    .get(rng.gen_range(0..CHARS.len()))
                    .copied()
                    .unwrap_or(b'a'),
            )
        })
        .collect();
    format!("d{tail}.cloudfront.net")
}

/// Checks a domain: a prefix must match the prefix pattern and avoid reserved words; a custom domain
/// (one with `CustomDomainConfig`) must be a dotted host name.
fn check_domain(domain: &str, custom: bool) -> Result<()> {
    if custom {
        let ok = domain.contains('.')
            && domain.len() <= 253
            && domain.split('.').all(|label| {
                !label.is_empty()
                    && label.len() <= 63
                    && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            });
        if !ok {
            return Err(CognitoError::invalid_parameter(format!(
                "Invalid custom domain: {domain}"
            )));
        }
        return Ok(());
    }
    let ok = regex::Regex::new(PREFIX_PATTERN)
        .map(|re| re.is_match(domain))
        .unwrap_or(false);
    if !ok {
        return Err(CognitoError::invalid_parameter(format!(
            "1 validation error detected: Value '{domain}' at 'domain' failed to satisfy constraint: \
             Member must satisfy regular expression pattern: {PREFIX_PATTERN}"
        )));
    }
    if let Some(word) = RESERVED_WORDS.iter().find(|w| domain.contains(*w)) {
        return Err(CognitoError::invalid_parameter(format!(
            "Domain cannot contain reserved word: {word}"
        )));
    }
    Ok(())
}

fn check_version(version: Option<i64>) -> Result<()> {
    match version {
        None | Some(1) | Some(2) => Ok(()),
        Some(v) => Err(CognitoError::invalid_parameter(format!(
            "Invalid ManagedLoginVersion: {v}. Valid values are 1 and 2."
        ))),
    }
}

fn no_such_domain() -> CognitoError {
    CognitoError::invalid_parameter("No such domain or user pool exists.")
}

/// The pool's record for `domain`, if the pool has that domain.
fn record_mut<'a>(pool: &'a mut UserPool, domain: &str) -> Option<&'a mut PoolDomain> {
    if pool
        .prefix_domain
        .as_ref()
        .is_some_and(|d| d.domain == domain)
    {
        pool.prefix_domain.as_deref_mut()
    } else if pool
        .custom_domain_record
        .as_ref()
        .is_some_and(|d| d.domain == domain)
    {
        pool.custom_domain_record.as_deref_mut()
    } else {
        None
    }
}

fn response_of(record: &PoolDomain) -> UserPoolDomainResponse {
    UserPoolDomainResponse {
        cloud_front_domain: record
            .certificate_arn
            .is_some()
            .then(|| record.cloudfront.clone()),
        managed_login_version: record.managed_login_version,
    }
}

/// [CreateUserPoolDomain](https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_CreateUserPoolDomain.html).
/// A domain with `CustomDomainConfig` is a custom domain (its certificate is not checked); otherwise it
/// is a prefix. `ManagedLoginVersion` defaults to 1 (classic hosted UI).
pub fn create_user_pool_domain(
    ctx: &Ctx,
    input: UserPoolDomainRequest,
) -> Result<UserPoolDomainResponse> {
    let custom = input.custom_domain_config.is_some();
    check_domain(&input.domain, custom)?;
    check_version(input.managed_login_version)?;
    let pool_id = input.user_pool_id;
    ctx.app.store.read_pool(&pool_id, |pool| {
        let taken = if custom {
            pool.custom_domain_record.is_some()
        } else {
            pool.prefix_domain.is_some()
        };
        if taken {
            return Err(CognitoError::invalid_parameter(
                "User pool already has a domain configured.",
            ));
        }
        Ok(())
    })?;
    if !ctx.app.store.claim_domain(&input.domain, &pool_id) {
        return Err(CognitoError::invalid_parameter(
            "Domain already associated with another user pool",
        ));
    }
    let now = ctx.now_ms();
    let version: String = DateTime::from_millis(now)
        .fmt(Format::DateTime)
        .unwrap_or_default()
        .chars()
        .filter(char::is_ascii_digit)
        .take(14)
        .collect();
    let record = PoolDomain {
        domain: input.domain.clone(),
        certificate_arn: input.custom_domain_config.map(|c| c.certificate_arn),
        managed_login_version: input.managed_login_version.unwrap_or(1),
        cloudfront: cloudfront_name(),
        version,
    };
    let out = ctx.app.store.write_pool(&pool_id, |pool| {
        let slot = if custom {
            &mut pool.custom_domain_record
        } else {
            &mut pool.prefix_domain
        };
        if slot.is_some() {
            return Err(CognitoError::invalid_parameter(
                "User pool already has a domain configured.",
            ));
        }
        let out = response_of(&record);
        *slot = Some(Box::new(record));
        Ok(out)
    });
    if out.is_err() {
        ctx.app.store.release_domain(&input.domain);
    }
    out
}

/// [DescribeUserPoolDomain](https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_DescribeUserPoolDomain.html).
/// An unknown domain is not an error: AWS answers `{"DomainDescription": {}}`.
pub fn describe_user_pool_domain(
    ctx: &Ctx,
    input: DescribeUserPoolDomainRequest,
) -> Result<DescribeUserPoolDomainResponse> {
    let description = ctx
        .app
        .store
        .pool_of_domain(&input.domain)
        .and_then(|pool_id| {
            ctx.app
                .store
                .read_pool(&pool_id, |pool| {
                    let record = [&pool.prefix_domain, &pool.custom_domain_record]
                        .into_iter()
                        .flatten()
                        .find(|d| d.domain == input.domain);
                    Ok(record.map(|d| DomainDescriptionType {
                        user_pool_id: Some(pool.id.clone()),
                        aws_account_id: Some(ctx.account().to_owned()),
                        domain: Some(d.domain.clone()),
                        s3_bucket: Some(format!("aws-cognito-prod-{}-assets", pool.region)),
                        cloud_front_distribution: Some(d.cloudfront.clone()),
                        version: Some(d.version.clone()),
                        status: Some("ACTIVE".to_owned()),
                        custom_domain_config: d.certificate_arn.as_ref().map(|arn| {
                            CustomDomainConfigType {
                                certificate_arn: arn.clone(),
                            }
                        }),
                        managed_login_version: Some(d.managed_login_version),
                    }))
                })
                .ok()
                .flatten()
        })
        .unwrap_or_default();
    Ok(DescribeUserPoolDomainResponse {
        domain_description: description,
    })
}

/// [UpdateUserPoolDomain](https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_UpdateUserPoolDomain.html).
/// Changes `ManagedLoginVersion` and, for a custom domain, the certificate.
pub fn update_user_pool_domain(
    ctx: &Ctx,
    input: UserPoolDomainRequest,
) -> Result<UserPoolDomainResponse> {
    check_version(input.managed_login_version)?;
    ctx.app.store.write_pool(&input.user_pool_id, |pool| {
        let record = record_mut(pool, &input.domain).ok_or_else(no_such_domain)?;
        if input.custom_domain_config.is_some() && record.certificate_arn.is_none() {
            return Err(CognitoError::invalid_parameter(
                "CustomDomainConfig can only be set for a custom domain.",
            ));
        }
        if let Some(c) = input.custom_domain_config {
            record.certificate_arn = Some(c.certificate_arn);
        }
        if let Some(v) = input.managed_login_version {
            record.managed_login_version = v;
        }
        Ok(response_of(record))
    })
}

/// [DeleteUserPoolDomain](https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_DeleteUserPoolDomain.html).
/// Frees the domain for any pool.
pub fn delete_user_pool_domain(ctx: &Ctx, input: DeleteUserPoolDomainRequest) -> Result<Empty> {
    ctx.app.store.write_pool(&input.user_pool_id, |pool| {
        if pool
            .prefix_domain
            .as_ref()
            .is_some_and(|d| d.domain == input.domain)
        {
            pool.prefix_domain = None;
        } else if pool
            .custom_domain_record
            .as_ref()
            .is_some_and(|d| d.domain == input.domain)
        {
            pool.custom_domain_record = None;
        } else {
            return Err(no_such_domain());
        }
        Ok(())
    })?;
    ctx.app.store.release_domain(&input.domain);
    Ok(Empty {})
}
