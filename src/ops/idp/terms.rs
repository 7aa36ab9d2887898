//! Terms documents of app clients (terms of use, privacy policy) shown by managed login, and the CSV
//! header of user imports.

use crate::app::Ctx;
use crate::domain::pagination;
use crate::domain::terms::Terms;
use crate::domain::user_pool::schema;
use crate::error::{CognitoError, ErrorCode, Result};
use crate::model::idp::terms::*;
use crate::model::timestamp::Timestamp;
use crate::ops::Empty;

fn describe(pool_id: &str, id: &str, t: &Terms) -> TermsType {
    TermsType {
        terms_id: id.to_owned(),
        user_pool_id: pool_id.to_owned(),
        client_id: t.client_id.clone(),
        terms_name: t.name.clone(),
        terms_source: t.source.clone(),
        enforcement: t.enforcement.clone(),
        links: t.links.clone(),
        creation_date: Timestamp::from_millis(t.created_ms),
        last_modified_date: Timestamp::from_millis(t.modified_ms),
    }
}

fn not_found(id: &str) -> CognitoError {
    CognitoError::resource_not_found(format!("Terms {id} does not exist."))
}

fn exists(name: &str) -> CognitoError {
    CognitoError::new(
        ErrorCode::TermsExists,
        format!("Terms with name {name} already exist for this app client."),
    )
}

/// `LINK` terms need links, and a `cognito:default` one among them.
fn check_links(links: &std::collections::BTreeMap<String, String>) -> Result<()> {
    if !links.contains_key("cognito:default") {
        return Err(CognitoError::invalid_parameter(
            "Links must include a cognito:default link.",
        ));
    }
    Ok(())
}

/// [CreateTerms](https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_CreateTerms.html).
/// One document per name (`terms-of-use`, `privacy-policy`) and app client.
pub fn create_terms(ctx: &Ctx, input: CreateTermsRequest) -> Result<TermsResponse> {
    let links = input.links.unwrap_or_default();
    check_links(&links)?;
    let now = ctx.now_ms();
    let terms = ctx.app.store.write_pool(&input.user_pool_id, |pool| {
        if !pool.clients.contains_key(&input.client_id) {
            return Err(crate::ops::idp::clients::client_not_found(&input.client_id));
        }
        if pool
            .rare
            .terms
            .values()
            .any(|t| t.client_id == input.client_id && t.name == input.terms_name)
        {
            return Err(exists(&input.terms_name));
        }
        let id = uuid::Uuid::new_v4().to_string();
        let terms = Terms {
            client_id: input.client_id,
            name: input.terms_name,
            source: input.terms_source,
            enforcement: input.enforcement,
            links,
            created_ms: now,
            modified_ms: now,
        };
        let out = describe(&pool.id, &id, &terms);
        pool.rare.terms.insert(id, terms);
        Ok(out)
    })?;
    Ok(TermsResponse { terms })
}

/// [DescribeTerms](https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_DescribeTerms.html).
pub fn describe_terms(ctx: &Ctx, input: TermsIdRequest) -> Result<TermsResponse> {
    let terms = ctx.app.store.read_pool(&input.user_pool_id, |pool| {
        pool.rare
            .terms
            .get(&input.terms_id)
            .map(|t| describe(&pool.id, &input.terms_id, t))
            .ok_or_else(|| not_found(&input.terms_id))
    })?;
    Ok(TermsResponse { terms })
}

/// [UpdateTerms](https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_UpdateTerms.html).
/// Members left out keep their values.
pub fn update_terms(ctx: &Ctx, input: UpdateTermsRequest) -> Result<TermsResponse> {
    if let Some(links) = &input.links {
        check_links(links)?;
    }
    let now = ctx.now_ms();
    let terms = ctx.app.store.write_pool(&input.user_pool_id, |pool| {
        let current = pool
            .rare
            .terms
            .get(&input.terms_id)
            .ok_or_else(|| not_found(&input.terms_id))?;
        if let Some(name) = &input.terms_name {
            let taken = pool.rare.terms.iter().any(|(id, t)| {
                *id != input.terms_id && t.client_id == current.client_id && t.name == *name
            });
            if taken {
                return Err(exists(name));
            }
        }
        let pool_id = pool.id.clone();
        let t = pool
            .rare
            .terms
            .get_mut(&input.terms_id)
            .ok_or_else(|| not_found(&input.terms_id))?;
        if let Some(v) = input.terms_name {
            t.name = v;
        }
        if let Some(v) = input.terms_source {
            t.source = v;
        }
        if let Some(v) = input.enforcement {
            t.enforcement = v;
        }
        if let Some(v) = input.links {
            t.links = v;
        }
        t.modified_ms = now;
        Ok(describe(&pool_id, &input.terms_id, t))
    })?;
    Ok(TermsResponse { terms })
}

/// [DeleteTerms](https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_DeleteTerms.html).
pub fn delete_terms(ctx: &Ctx, input: TermsIdRequest) -> Result<Empty> {
    ctx.app.store.write_pool(&input.user_pool_id, |pool| {
        pool.rare
            .terms
            .remove(&input.terms_id)
            .map(|_| Empty {})
            .ok_or_else(|| not_found(&input.terms_id))
    })
}

/// [ListTerms](https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_ListTerms.html).
pub fn list_terms(ctx: &Ctx, input: ListTermsRequest) -> Result<ListTermsResponse> {
    let after = input
        .next_token
        .as_deref()
        .map(pagination::decode)
        .transpose()?;
    let limit = usize::try_from(input.max_results.unwrap_or(10)).unwrap_or(10);
    ctx.app.store.read_pool(&input.user_pool_id, |pool| {
        let (page, next_token) = pagination::page(pool.rare.terms.keys(), after.as_deref(), limit);
        let terms = page
            .into_iter()
            .filter_map(|id| pool.rare.terms.get(id).map(|t| (id, t)))
            .map(|(id, t)| TermsDescriptionType {
                terms_id: id.clone(),
                terms_name: t.name.clone(),
                enforcement: t.enforcement.clone(),
                creation_date: Timestamp::from_millis(t.created_ms),
                last_modified_date: Timestamp::from_millis(t.modified_ms),
            })
            .collect();
        Ok(ListTermsResponse { terms, next_token })
    })
}

/// [GetCSVHeader](https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_GetCSVHeader.html).
/// The columns of a user import file: every schema attribute but `sub`, then `cognito:mfa_enabled` and
/// `cognito:username`, as AWS lists them.
pub fn get_csv_header(ctx: &Ctx, input: GetCsvHeaderRequest) -> Result<GetCsvHeaderResponse> {
    ctx.app.store.read_pool(&input.user_pool_id, |pool| {
        let mut csv_header: Vec<String> = schema(&pool.config)
            .iter()
            .filter_map(|a| a.name.clone())
            .filter(|n| n != "sub" && !n.starts_with("dev:"))
            .collect();
        csv_header.push("cognito:mfa_enabled".into());
        csv_header.push("cognito:username".into());
        Ok(GetCsvHeaderResponse {
            user_pool_id: pool.id.clone(),
            csv_header,
        })
    })
}
