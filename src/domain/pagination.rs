//! Opaque pagination tokens. A token encodes the key after which the next page starts (keys are kept in
//! sorted order), so items added or removed between pages cause no duplicates and no gaps.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;

use crate::error::{CognitoError, Result};

/// Encodes "continue after this key".
pub fn encode(last_key: &str) -> String {
    URL_SAFE_NO_PAD.encode(last_key.as_bytes())
}

/// Decodes a token made by `encode`; anything else is `InvalidParameterException`, as AWS answers.
pub fn decode(token: &str) -> Result<String> {
    URL_SAFE_NO_PAD
        .decode(token.as_bytes())
        .ok()
        .and_then(|b| String::from_utf8(b).ok())
        .ok_or_else(|| CognitoError::invalid_parameter("Invalid pagination token."))
}

/// Takes one page from keys in ascending order. Returns the page and the token for the next one.
pub fn page<'a, K, I>(items: I, after: Option<&str>, limit: usize) -> (Vec<K>, Option<String>)
where
    K: AsRef<str> + 'a,
    I: Iterator<Item = K>,
{
    let mut out: Vec<K> = Vec::with_capacity(limit.min(64));
    let mut more = false;
    for item in items {
        if let Some(a) = after {
            if item.as_ref() <= a {
                continue;
            }
        }
        if out.len() == limit {
            more = true;
            break;
        }
        out.push(item);
    }
    let next = if more {
        out.last().map(|k| encode(k.as_ref()))
    } else {
        None
    };
    (out, next)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_have_no_gaps_or_duplicates() {
        let keys: Vec<String> = (0..25).map(|i| format!("k{i:02}")).collect();
        let mut seen = Vec::new();
        let mut after: Option<String> = None;
        loop {
            let (page, next) = page(keys.iter().map(String::as_str), after.as_deref(), 10);
            seen.extend(page.iter().map(|s| s.to_string()));
            match next {
                Some(t) => after = Some(decode(&t).unwrap()),
                None => break,
            }
        }
        assert_eq!(seen, keys);
        assert!(decode("!!!").is_err());
    }
}
