//! The shared application state (`App`) and the per-request context (`Ctx`) that operations receive.

use std::sync::Arc;

use crate::clock::{Clock, SystemClock};
use crate::config::Config;
use crate::domain::credentials::CredentialRegistry;
use crate::domain::messages::Outbox;
use crate::store::Store;

/// Everything operations share: state, time, configuration.
#[derive(Debug)]
pub struct App {
    /// All state.
    pub store: Store,
    /// The injected clock.
    pub clock: Arc<dyn Clock>,
    /// Start-up configuration.
    pub config: Config,
    /// Messages that would have been sent by email or SMS.
    pub outbox: Outbox,
    /// Temporary AWS credentials issued by identity pools and STS, so STS can check their signatures.
    pub credentials: CredentialRegistry,
}

impl App {
    /// An app with the system clock.
    pub fn new(config: Config) -> Arc<App> {
        Self::with_clock(config, Arc::new(SystemClock))
    }

    /// An app with a given clock (tests).
    pub fn with_clock(config: Config, clock: Arc<dyn Clock>) -> Arc<App> {
        Arc::new(App {
            store: Store::new(),
            clock,
            config,
            outbox: Outbox::default(),
            credentials: CredentialRegistry::default(),
        })
    }

    /// Clears all state.
    pub fn reset(&self) {
        self.store.reset();
        self.outbox.clear();
        self.credentials.clear();
    }
}

/// What one request knows besides its input.
#[derive(Debug, Clone)]
pub struct Ctx {
    /// The shared state.
    pub app: Arc<App>,
    /// The region of the request: from the SigV4 credential scope when signed, else `--region`.
    /// Operations on an existing resource use the region in its id instead.
    pub region: String,
    /// The `x-amzn-RequestId` of the response.
    pub request_id: String,
}

impl Ctx {
    /// Milliseconds since the epoch, from the injected clock.
    pub fn now_ms(&self) -> i64 {
        self.app.clock.now_millis()
    }

    /// A new six-digit code (confirmation, verification, reset, MFA), or `--fixed-code` when set.
    pub fn new_code(&self) -> String {
        use rand::Rng;
        match &self.app.config.fixed_code {
            Some(code) => code.clone(),
            None => format!("{:06}", rand::thread_rng().gen_range(0..1_000_000)),
        }
    }

    /// The configured account id.
    pub fn account(&self) -> &str {
        &self.app.config.account_id
    }
}
