//! Start-up configuration: every flag has an environment twin prefixed `COGNITO_EMULATOR_`.

use clap::Parser;

/// A local emulator of Amazon Cognito: user pools, identity pools and the STS they need, on one port.
#[derive(Debug, Clone, Parser)]
#[command(name = "cognito-emulator", version, about, long_about = None)]
pub struct Config {
    /// Address to listen on.
    #[arg(long, env = "COGNITO_EMULATOR_HOST", default_value = "127.0.0.1")]
    pub host: String,

    /// Port to listen on; 0 picks a free port. The chosen address is printed on one line at start.
    #[arg(long, env = "COGNITO_EMULATOR_PORT", default_value_t = 9229)]
    pub port: u16,

    /// Region used when a request carries none (unsigned, and no region in the resource id).
    #[arg(long, env = "COGNITO_EMULATOR_REGION", default_value = "us-east-1")]
    pub region: String,

    /// The AWS account id that appears in ARNs.
    #[arg(
        long,
        env = "COGNITO_EMULATOR_ACCOUNT_ID",
        default_value = "123456789012"
    )]
    pub account_id: String,

    /// Log level: error, warn, info (one line per request), debug or trace.
    #[arg(long, env = "COGNITO_EMULATOR_LOG_LEVEL", default_value = "info")]
    pub log_level: String,

    /// Makes every generated confirmation, verification, reset and MFA code this value, for fully
    /// deterministic test suites.
    #[arg(long, env = "COGNITO_EMULATOR_FIXED_CODE")]
    pub fixed_code: Option<String>,

    /// Largest request body accepted, in bytes; larger ones get 413.
    #[arg(long, env = "COGNITO_EMULATOR_MAX_BODY_BYTES", default_value_t = 1024 * 1024)]
    pub max_body_bytes: usize,

    /// Signing keys of an external OpenID Connect provider, as `<issuer>=<path to a JWKS json file>`
    /// (repeatable; the environment twin is comma-separated). Identity-pool logins from an issuer without
    /// configured keys are refused.
    #[arg(
        long = "oidc-jwks",
        env = "COGNITO_EMULATOR_OIDC_JWKS",
        value_delimiter = ','
    )]
    pub oidc_jwks: Vec<String>,

    /// The `iss` of user-pool tokens: `aws` gives `https://cognito-idp.<region>.amazonaws.com/<poolId>`, which
    /// aws-jwt-verify's `CognitoJwtVerifier` accepts (load the JWKS from this emulator); `local` gives this
    /// emulator's own URL, `http://<host>:<port>/<poolId>`, for generic OIDC verifiers that use discovery.
    #[arg(long, env = "COGNITO_EMULATOR_ISSUER_MODE", value_enum, default_value_t = IssuerMode::Aws)]
    pub issuer_mode: IssuerMode,

    /// Runs a Lambda trigger from a local handler file: `<function name or ARN>=<path>` (repeatable; the
    /// environment twin is comma-separated). Node (`.mjs`, `.js`, `.cjs`; `export const handler` or
    /// `exports.handler`) and Python (`.py`, `handler`) files run unmodified in warm worker processes.
    #[arg(
        long = "lambda",
        env = "COGNITO_EMULATOR_LAMBDA",
        value_delimiter = ','
    )]
    pub lambda: Vec<String>,

    /// A Lambda Invoke API (serverless-offline, SAM local, LocalStack, ...) that runs every trigger function
    /// without a `--lambda` file: `POST <URL>/2015-03-31/functions/<name>/invocations`.
    #[arg(long, env = "COGNITO_EMULATOR_LAMBDA_ENDPOINT")]
    pub lambda_endpoint: Option<String>,

    /// How long a trigger may run, in milliseconds (Cognito's limit is 5 seconds).
    #[arg(
        long,
        env = "COGNITO_EMULATOR_LAMBDA_TIMEOUT_MS",
        default_value_t = 5000
    )]
    pub lambda_timeout_ms: u64,

    /// The 32-byte AES key (base64) of the raw keyring that encrypts the `code` given to
    /// CustomEmailSender / CustomSMSSender handlers, in place of the pool's KMS key. Default: 32 zero bytes.
    #[arg(long, env = "COGNITO_EMULATOR_CUSTOM_SENDER_KEY")]
    pub custom_sender_key: Option<String>,
}

/// How token issuers are formed (`--issuer-mode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum IssuerMode {
    /// `https://cognito-idp.<region>.amazonaws.com/<poolId>`, as AWS.
    #[default]
    Aws,
    /// `http://<host>:<port>/<poolId>`, this emulator's own URL.
    Local,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            host: "127.0.0.1".into(),
            port: 0,
            region: "us-east-1".into(),
            account_id: "123456789012".into(),
            log_level: "info".into(),
            max_body_bytes: 1024 * 1024,
            fixed_code: None,
            oidc_jwks: Vec::new(),
            issuer_mode: IssuerMode::Aws,
            lambda: Vec::new(),
            lambda_endpoint: None,
            lambda_timeout_ms: 5000,
            custom_sender_key: None,
        }
    }
}
