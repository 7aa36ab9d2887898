//! cognito-emulator: a local emulator of Amazon Cognito that unmodified AWS SDKs, the AWS CLI, front-end
//! auth libraries and JWT verifiers can be pointed at.
//!
//! Layout (three layers, one direction):
//! - `server`, `http`: sockets, HTTP, the AWS JSON 1.1 envelopes. Only `http` knows hyper.
//! - `ops`: the registry (`ops/mod.rs`, one line per operation) and one synchronous function per
//!   operation, translating DTOs (`model`) to and from the domain.
//! - `domain`, `store`: rules and state, with no HTTP and no serde on the hot path.
//! - `smithy`: the vendored AWS models, compiled once, and the input validation they drive.
//! - `app`, `config`, `clock`, `error`: the shared pieces.

pub mod app;
pub mod clock;
pub mod config;
pub mod domain;
pub mod error;
pub mod http;
pub mod input;
pub mod lambda;
pub mod logging;
pub mod model;
pub mod ops;
pub mod server;
pub mod smithy;
pub mod store;

pub use app::{App, Ctx};
pub use config::Config;
pub use error::{CognitoError, ErrorCode};
pub use server::{serve, spawn, RunningServer};
