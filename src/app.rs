//! The shared application state (`App`) and the per-request context (`Ctx`) that operations receive.

use std::net::SocketAddr;
use std::sync::{Arc, OnceLock};

use crate::clock::{Clock, SystemClock};
use crate::config::Config;
use crate::domain::credentials::CredentialRegistry;
use crate::domain::keys::KeySource;
use crate::domain::messages::Outbox;
use crate::domain::tokens::VerifiedTokens;
use crate::lambda::Lambdas;
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
    /// Where ready RSA key pairs come from (shared by every app of the process: keys are random anyway).
    pub keys: Arc<KeySource>,
    /// `http://<host>:<port>` of the bound listener, set when serving starts (the `local` issuer mode and the
    /// discovery document need it when `--port 0` picked the port).
    pub base_url: OnceLock<String>,
    /// Access tokens whose signatures are already checked (see `tokens::VerifiedTokens`).
    pub verified_tokens: VerifiedTokens,
    /// Where the pools' Lambda triggers run.
    pub lambdas: Arc<Lambdas>,
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
            outbox: Outbox::default(),
            credentials: CredentialRegistry::default(),
            keys: KeySource::shared(),
            base_url: OnceLock::new(),
            verified_tokens: VerifiedTokens::default(),
            // `main` checks the configuration first (`Lambdas::from_config`), so this only falls back to
            // no functions for a library user who passed an invalid one.
            lambdas: Arc::new(Lambdas::from_config(&config).unwrap_or_else(|e| {
                tracing::error!("{e}");
                Lambdas::none()
            })),
            config,
        })
    }

    /// Records the address the server listens on (first call wins). An unspecified address (`0.0.0.0`)
    /// is reported as `localhost`, which is what clients on this machine can reach.
    pub fn set_bound_addr(&self, addr: SocketAddr) {
        let url = if addr.ip().is_unspecified() {
            format!("http://localhost:{}", addr.port())
        } else {
            format!("http://{addr}")
        };
        let _ = self.base_url.set(url);
    }

    /// This emulator's own URL: the bound address, else the configured host and port.
    pub fn own_url(&self) -> String {
        match self.base_url.get() {
            Some(u) => u.clone(),
            None => format!("http://{}:{}", self.config.host, self.config.port),
        }
    }

    /// Clears all state.
    pub fn reset(&self) {
        self.store.reset();
        self.outbox.clear();
        self.credentials.clear();
        self.verified_tokens.clear();
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
