//! The `cognito-emulator` binary: flags and environment → `Config`, then serve until SIGINT/SIGTERM.

use clap::Parser;
use cognito_emulator::{App, Config};
use tokio::net::TcpListener;

/// mimalloc instead of glibc's malloc: requests make and drop many small allocations (see Cargo.toml).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    let config = Config::parse();
    let filter = tracing_subscriber::EnvFilter::try_new(&config.log_level)
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let ansi = std::io::IsTerminal::is_terminal(&std::io::stderr());
    // Lossless (a log slower than the requests holds them back rather than dropping lines), and written
    // in batches by a background thread (see `logging`).
    let (writer, _log_guard) = cognito_emulator::logging::BatchedWriter::new(std::io::stderr());
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_target(false)
        .with_ansi(ansi)
        .with_writer(writer)
        .init();
    // A bad --lambda mapping or key stops the start with a message, before anything listens.
    if let Err(e) = cognito_emulator::lambda::Lambdas::from_config(&config) {
        eprintln!("cognito-emulator: {e}");
        return std::process::ExitCode::from(2);
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("cognito-emulator: cannot start the runtime: {e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(config)) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("cognito-emulator: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn run(config: Config) -> std::io::Result<()> {
    // Compile the API models while the listener is being set up (if the thread cannot start, the first
    // request compiles them).
    let _ = std::thread::Builder::new()
        .name("warm-models".into())
        .spawn(cognito_emulator::smithy::warm);
    let listener = TcpListener::bind((config.host.as_str(), config.port)).await?;
    let addr = listener.local_addr()?;
    let app = App::new(config);
    // One line, on stdout, so scripts that start with --port 0 can read the address.
    println!("cognito-emulator listening on http://{addr}");
    cognito_emulator::serve(listener, app, shutdown_signal()).await?;
    tracing::info!("shut down");
    Ok(())
}

async fn shutdown_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}
