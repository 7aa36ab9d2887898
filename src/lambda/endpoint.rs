//! A Lambda Invoke API (`--lambda-endpoint`): not implemented yet, so its functions answer
//! UnexpectedLambdaException.

use std::time::Duration;

use super::{Backend, InvokeError};

/// `--lambda-endpoint`.
#[derive(Debug)]
pub struct Endpoint {
    url: String,
}

impl Endpoint {
    /// Parses the URL.
    pub fn new(url: &str) -> Result<Endpoint, String> {
        Ok(Endpoint {
            url: url.to_string(),
        })
    }
}

impl Backend for Endpoint {
    fn invoke(
        &self,
        _function: &str,
        _payload: &[u8],
        _timeout: Duration,
    ) -> Result<Vec<u8>, InvokeError> {
        Err(InvokeError::Unreachable(self.url.clone()))
    }
}
