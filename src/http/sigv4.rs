//! What the emulator reads from a SigV4 `Authorization` header: the credential scope. Signatures are not
//! checked by default (any key works, as with every local emulator); the scope gives the request's region.

/// The parts of `Credential=<key>/<date>/<region>/<service>/aws4_request`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CredentialScope<'a> {
    /// The access key id.
    pub access_key: &'a str,
    /// `yyyymmdd`.
    pub date: &'a str,
    /// The region.
    pub region: &'a str,
    /// The signing name (`cognito-idp`, `cognito-identity`, `sts`).
    pub service: &'a str,
}

/// Parses the credential scope out of an `AWS4-HMAC-SHA256` authorization header.
pub fn credential_scope(authorization: &str) -> Option<CredentialScope<'_>> {
    let rest = authorization.strip_prefix("AWS4-HMAC-SHA256")?;
    let cred = rest
        .split(',')
        .map(str::trim)
        .find_map(|p| p.strip_prefix("Credential="))?;
    let mut parts = cred.split('/');
    let scope = CredentialScope {
        access_key: parts.next()?,
        date: parts.next()?,
        region: parts.next()?,
        service: parts.next()?,
    };
    (parts.next() == Some("aws4_request") && !scope.region.is_empty()).then_some(scope)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_region_from_scope() {
        let h =
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/eu-west-1/cognito-idp/aws4_request, \
                 SignedHeaders=host;x-amz-date, Signature=abc";
        let s = credential_scope(h).unwrap();
        assert_eq!(s.region, "eu-west-1");
        assert_eq!(s.service, "cognito-idp");
        assert_eq!(s.access_key, "AKIDEXAMPLE");
        assert!(credential_scope("Bearer x").is_none());
    }
}
