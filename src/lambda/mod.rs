//! Where a pool's trigger functions run. A Lambda ARN from a pool's `LambdaConfig` resolves, in order, to
//! an in-process handler (Rust tests only), a local handler file (`--lambda <name or ARN>=<path>`, run in
//! warm worker processes, `local`), or any Lambda Invoke API (`--lambda-endpoint URL`, `endpoint`).
//!
//! Invocation is synchronous: operations are plain synchronous functions, and a trigger is a step in the
//! middle of one. On the multi-threaded runtime the wait is wrapped in `block_in_place`, so other requests
//! keep being served while a handler runs.

pub mod endpoint;
pub mod esdk;
pub mod local;

use std::collections::HashMap;
use std::fmt;
use std::path::PathBuf;
use std::sync::{Arc, RwLock};
use std::time::Duration;

use serde_json::Value;

/// How an invocation failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InvokeError {
    /// The function ran and failed: it threw, called back with an error, or its runtime crashed. These are
    /// Lambda's `errorType` and `errorMessage` (Cognito reports the message to the caller).
    Function {
        /// Lambda's `errorType` (`Error`, `Runtime.ExitError`, ...).
        error_type: String,
        /// Lambda's `errorMessage`.
        message: String,
    },
    /// No answer within the timeout.
    Timeout,
    /// The function could not be reached: no handler is configured for it, its runtime cannot start, or the
    /// endpoint refused the connection. The text says which, for the log.
    Unreachable(String),
}

impl fmt::Display for InvokeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InvokeError::Function {
                error_type,
                message,
            } => write!(f, "{error_type}: {message}"),
            InvokeError::Timeout => f.write_str("timed out"),
            InvokeError::Unreachable(why) => write!(f, "unreachable: {why}"),
        }
    }
}

/// A function that answers an event (a JSON document) with a JSON document.
pub trait Backend: Send + Sync + fmt::Debug {
    /// Runs the function named `function` (the ARN as configured in the pool) on `payload` (a JSON event)
    /// and returns its JSON answer, waiting at most `timeout`.
    fn invoke(
        &self,
        function: &str,
        payload: &[u8],
        timeout: Duration,
    ) -> Result<Vec<u8>, InvokeError>;
}

/// An in-process handler (Rust unit and integration tests).
pub type InProcessHandler = dyn Fn(Value) -> Result<Value, InvokeError> + Send + Sync;

/// The function name of an ARN (`arn:aws:lambda:<region>:<account>:function:<name>[:<qualifier>]`), or
/// the text itself when it is not an ARN.
pub fn function_name(arn: &str) -> &str {
    match arn.split_once(":function:") {
        Some((_, rest)) => rest.split(':').next().unwrap_or(rest),
        None => arn,
    }
}

/// Every configured way of running trigger functions.
pub struct Lambdas {
    /// Local handler files by the key given on the command line (a function name or a whole ARN).
    local: HashMap<String, Arc<local::LocalFunction>>,
    /// The Lambda Invoke API that hosts every function without a local file.
    endpoint: Option<endpoint::Endpoint>,
    /// Handlers registered by tests, by function name or ARN.
    in_process: RwLock<HashMap<String, Arc<InProcessHandler>>>,
    /// How long Cognito waits for a function.
    timeout: Duration,
    /// The raw AES key that stands in for the pool's KMS key in the custom sender triggers.
    sender_key: [u8; 32],
}

impl fmt::Debug for Lambdas {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Lambdas")
            .field("local", &self.local.keys().collect::<Vec<_>>())
            .field("endpoint", &self.endpoint)
            .field("timeout", &self.timeout)
            .finish_non_exhaustive()
    }
}

impl Lambdas {
    /// The functions and keys of a start-up configuration.
    pub fn from_config(config: &crate::config::Config) -> Result<Lambdas, String> {
        let mut lambdas = Lambdas::new(
            &config.lambda,
            config.lambda_endpoint.as_deref(),
            Duration::from_millis(config.lambda_timeout_ms),
        )?;
        if let Some(key) = &config.custom_sender_key {
            use base64::Engine;
            let bytes = base64::engine::general_purpose::STANDARD
                .decode(key.trim())
                .map_err(|e| format!("--custom-sender-key: not base64: {e}"))?;
            lambdas.sender_key = bytes
                .try_into()
                .map_err(|_| "--custom-sender-key: the key must be 32 bytes".to_string())?;
        }
        Ok(lambdas)
    }

    /// The raw AES key of the custom sender triggers' keyring.
    pub fn sender_key(&self) -> &[u8; 32] {
        &self.sender_key
    }

    /// The functions of `--lambda name=path` (each checked to exist and to be a Node or Python file) and
    /// `--lambda-endpoint`. No process starts here: workers start on a function's first invocation.
    pub fn new(
        mappings: &[String],
        endpoint: Option<&str>,
        timeout: Duration,
    ) -> Result<Lambdas, String> {
        let mut local = HashMap::new();
        for mapping in mappings {
            let Some((name, path)) = mapping.split_once('=') else {
                return Err(format!(
                    "--lambda {mapping}: expected <function name or ARN>=<path to a handler file>"
                ));
            };
            let (name, path) = (name.trim(), path.trim());
            if name.is_empty() || path.is_empty() {
                return Err(format!(
                    "--lambda {mapping}: expected <function name or ARN>=<path to a handler file>"
                ));
            }
            let function = local::LocalFunction::new(name.to_string(), PathBuf::from(path))
                .map_err(|e| format!("--lambda {mapping}: {e}"))?;
            local.insert(name.to_string(), Arc::new(function));
        }
        let endpoint = match endpoint {
            Some(url) => Some(
                endpoint::Endpoint::new(url)
                    .map_err(|e| format!("--lambda-endpoint {url}: {e}"))?,
            ),
            None => None,
        };
        Ok(Lambdas {
            local,
            endpoint,
            in_process: RwLock::new(HashMap::new()),
            timeout,
            sender_key: [0; 32],
        })
    }

    /// No functions at all (the default configuration).
    pub fn none() -> Lambdas {
        Lambdas {
            local: HashMap::new(),
            endpoint: None,
            in_process: RwLock::new(HashMap::new()),
            timeout: Duration::from_secs(5),
            sender_key: [0; 32],
        }
    }

    /// Registers an in-process handler for a function name or ARN (tests).
    pub fn register(&self, function: &str, handler: Arc<InProcessHandler>) {
        if let Ok(mut map) = self.in_process.write() {
            map.insert(function.to_string(), handler);
        }
    }

    /// How long Cognito waits for a function.
    pub fn timeout(&self) -> Duration {
        self.timeout
    }

    /// Runs the function `arn` on `event` and parses its answer as JSON.
    pub fn invoke(&self, arn: &str, event: &Value) -> Result<Value, InvokeError> {
        let name = function_name(arn);
        let in_process = self
            .in_process
            .read()
            .ok()
            .and_then(|map| map.get(arn).or_else(|| map.get(name)).map(Arc::clone));
        if let Some(handler) = in_process {
            return handler(event.clone());
        }
        let payload =
            serde_json::to_vec(event).map_err(|e| InvokeError::Unreachable(e.to_string()))?;
        let backend: &dyn Backend = match self.local.get(arn).or_else(|| self.local.get(name)) {
            Some(function) => function.as_ref(),
            None => match &self.endpoint {
                Some(endpoint) => endpoint,
                None => {
                    return Err(InvokeError::Unreachable(format!(
                        "no handler is configured for {arn} (use --lambda {name}=<file> or --lambda-endpoint)"
                    )))
                }
            },
        };
        let answer = blocking(|| backend.invoke(arn, &payload, self.timeout))?;
        // An unparsable answer is the caller's InvalidLambdaResponseException, told apart by Null here.
        Ok(serde_json::from_slice(&answer).unwrap_or(Value::Null))
    }

    /// Runs the function `arn` on `event` in the background: the custom sender triggers are asynchronous,
    /// so the operation answers without waiting, and a failure is only logged.
    pub fn invoke_async(self: &Arc<Self>, arn: &str, event: Value) {
        let lambdas = Arc::clone(self);
        let arn = arn.to_string();
        let run = move || {
            if let Err(e) = lambdas.invoke(&arn, &event) {
                tracing::warn!(function = %arn, "asynchronous trigger failed: {e}");
            }
        };
        if std::thread::Builder::new()
            .name("lambda-async".into())
            .spawn(run)
            .is_err()
        {
            tracing::warn!("cannot start a thread for an asynchronous trigger");
        }
    }
}

/// Runs `f`, which blocks, without stalling the other tasks of a multi-threaded runtime's worker.
fn blocking<T>(f: impl FnOnce() -> T) -> T {
    match tokio::runtime::Handle::try_current() {
        Ok(handle) if handle.runtime_flavor() == tokio::runtime::RuntimeFlavor::MultiThread => {
            tokio::task::block_in_place(f)
        }
        _ => f(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn function_names_come_from_arns() {
        assert_eq!(
            function_name("arn:aws:lambda:us-east-1:123456789012:function:preSignUp"),
            "preSignUp"
        );
        assert_eq!(
            function_name("arn:aws:lambda:us-east-1:123456789012:function:preSignUp:live"),
            "preSignUp"
        );
        assert_eq!(function_name("preSignUp"), "preSignUp");
    }
}
