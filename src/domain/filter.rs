//! The `ListUsers` filter: `attribute = "value"` (exact) or `attribute ^= "value"` (prefix), the value in
//! double quotes with `\"` and `\\` escapes, whitespace around tokens allowed; an empty filter matches
//! everyone. Only the attributes AWS documents as searchable are accepted.

use crate::domain::user::User;
use crate::error::{CognitoError, Result};

/// The searchable attributes.
pub const SEARCHABLE: [&str; 10] = [
    "username",
    "email",
    "phone_number",
    "name",
    "given_name",
    "family_name",
    "preferred_username",
    "cognito:user_status",
    "status",
    "sub",
];

/// A parsed filter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filter {
    /// One of `SEARCHABLE`.
    pub attribute: String,
    /// `^=` rather than `=`.
    pub prefix: bool,
    /// The unescaped value.
    pub value: String,
}

fn parse_error() -> CognitoError {
    CognitoError::invalid_parameter("Error while parsing filter.")
}

/// Parses a filter; `None` for an empty (or all-whitespace) filter.
pub fn parse(input: &str) -> Result<Option<Filter>> {
    let s = input.trim();
    if s.is_empty() {
        return Ok(None);
    }
    let name_end = s
        .find(|c: char| c.is_whitespace() || c == '=' || c == '^')
        .ok_or_else(parse_error)?;
    let (attribute, rest) = s.split_at(name_end);
    if attribute.is_empty() {
        return Err(parse_error());
    }
    let rest = rest.trim_start();
    let (prefix, rest) = if let Some(r) = rest.strip_prefix("^=") {
        (true, r)
    } else if let Some(r) = rest.strip_prefix('=') {
        (false, r)
    } else {
        return Err(parse_error());
    };
    let rest = rest.trim_start();
    let body = rest.strip_prefix('"').ok_or_else(parse_error)?;
    let mut value = String::new();
    let mut chars = body.chars();
    let mut closed = false;
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some(e) => value.push(e),
                None => return Err(parse_error()),
            },
            '"' => {
                closed = true;
                break;
            }
            other => value.push(other),
        }
    }
    if !closed || !chars.as_str().trim().is_empty() {
        return Err(parse_error());
    }
    if !SEARCHABLE.contains(&attribute) {
        return Err(CognitoError::invalid_parameter(format!(
            "Invalid search attribute: {attribute}"
        )));
    }
    Ok(Some(Filter {
        attribute: attribute.to_owned(),
        prefix,
        value,
    }))
}

impl Filter {
    /// The value the filter compares for a user, and whether the comparison is case-sensitive.
    fn subject<'a>(&self, user: &'a User) -> Option<(std::borrow::Cow<'a, str>, bool)> {
        use std::borrow::Cow;
        match self.attribute.as_str() {
            "username" => Some((Cow::Borrowed(user.username.as_str()), true)),
            "sub" => Some((Cow::Borrowed(user.sub.as_str()), true)),
            "cognito:user_status" => Some((Cow::Borrowed(user.status.as_str()), false)),
            "status" => Some((
                Cow::Borrowed(if user.enabled { "Enabled" } else { "Disabled" }),
                true,
            )),
            other => user.attribute(other).map(|v| (Cow::Borrowed(v), false)),
        }
    }

    /// Does `user` match?
    pub fn matches(&self, user: &User) -> bool {
        let Some((subject, case_sensitive)) = self.subject(user) else {
            return false;
        };
        let (subject, value) = if case_sensitive {
            (subject.into_owned(), self.value.clone())
        } else {
            (subject.to_lowercase(), self.value.to_lowercase())
        };
        if self.prefix {
            subject.starts_with(&value)
        } else {
            subject == value
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::user::UserStatus;

    fn f(attr: &str, prefix: bool, value: &str) -> Option<Filter> {
        Some(Filter {
            attribute: attr.into(),
            prefix,
            value: value.into(),
        })
    }

    #[test]
    fn parses_the_grammar() {
        assert_eq!(parse("").unwrap(), None);
        assert_eq!(parse("   ").unwrap(), None);
        assert_eq!(
            parse("email = \"a@b.c\"").unwrap(),
            f("email", false, "a@b.c")
        );
        assert_eq!(
            parse("phone_number^=\"+1312\"").unwrap(),
            f("phone_number", true, "+1312")
        );
        assert_eq!(
            parse("  name   ^=   \"Jo \\\"J\\\\\"  ").unwrap(),
            f("name", true, "Jo \"J\\")
        );
        assert_eq!(
            parse("cognito:user_status = \"CONFIRMED\"").unwrap(),
            f("cognito:user_status", false, "CONFIRMED")
        );
        assert_eq!(parse("sub=\"\"").unwrap(), f("sub", false, ""));
    }

    #[test]
    fn refuses_bad_filters() {
        for bad in [
            "email",
            "email =",
            "email = a@b.c",
            "email = \"a@b.c",
            "email = \"a\" extra",
            "email == \"a\"",
            "= \"a\"",
            "custom:team = \"x\"",
            "locale = \"x\"",
            "email != \"a\"",
            "email = \"a\\",
        ] {
            let err = parse(bad).unwrap_err();
            assert_eq!(
                err.code(),
                crate::error::ErrorCode::InvalidParameter,
                "{bad}"
            );
        }
    }

    #[test]
    fn matches_by_attribute_rules() {
        let mut u = User::new("Alice".into(), "s-1".into(), 0, UserStatus::Confirmed);
        u.attributes.insert("email".into(), "Alice@X.com".into());
        let m = |s: &str| parse(s).unwrap().unwrap().matches(&u);
        assert!(m("email = \"alice@x.com\""));
        assert!(m("email ^= \"ALICE\""));
        assert!(m("username = \"Alice\""));
        assert!(!m("username = \"alice\""));
        assert!(m("cognito:user_status = \"confirmed\""));
        assert!(m("status = \"Enabled\""));
        assert!(!m("status = \"enabled\""));
        assert!(m("sub ^= \"s-\""));
        assert!(!m("name = \"x\""));
    }
}
