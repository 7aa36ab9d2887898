//! The accept loop: one tokio task per connection, HTTP/1.1 with keep-alive, graceful shutdown.

use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use hyper_util::server::graceful::GracefulShutdown;
use tokio::net::TcpListener;
use tokio::sync::oneshot;

use crate::app::App;
use crate::config::Config;

/// Serves `app` on `listener` until `shutdown` completes, then lets open requests finish (5 s at most).
pub async fn serve(
    listener: TcpListener,
    app: Arc<App>,
    shutdown: impl Future<Output = ()>,
) -> io::Result<()> {
    if let Ok(addr) = listener.local_addr() {
        app.set_bound_addr(addr);
    }
    let graceful = GracefulShutdown::new();
    tokio::pin!(shutdown);
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let (stream, _) = match accepted {
                    Ok(conn) => conn,
                    Err(e) => {
                        // Running out of file descriptors must not end the server.
                        tracing::warn!("accept failed: {e}");
                        tokio::time::sleep(Duration::from_millis(10)).await;
                        continue;
                    }
                };
                let _ = stream.set_nodelay(true);
                let app = Arc::clone(&app);
                let service = service_fn(move |req| crate::http::handle(Arc::clone(&app), req));
                let conn = http1::Builder::new()
                    .keep_alive(true)
                    .serve_connection(TokioIo::new(stream), service);
                let watched = graceful.watch(conn);
                tokio::spawn(async move {
                    let _ = watched.await;
                });
            }
            _ = &mut shutdown => break,
        }
    }
    tokio::select! {
        _ = graceful.shutdown() => {}
        _ = tokio::time::sleep(Duration::from_secs(5)) => {}
    }
    Ok(())
}

/// A server running in the background of the current runtime (tests, the load tool).
#[derive(Debug)]
pub struct RunningServer {
    /// Where it listens.
    pub addr: SocketAddr,
    /// Its state, for tests that look inside.
    pub app: Arc<App>,
    stop: Option<oneshot::Sender<()>>,
    handle: tokio::task::JoinHandle<io::Result<()>>,
}

impl RunningServer {
    /// `http://<addr>`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Stops the server and waits for it.
    pub async fn stop(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        let _ = (&mut self.handle).await;
    }
}

/// Binds `config.host:config.port` and serves a fresh `App` in the background.
pub async fn spawn(config: Config) -> io::Result<RunningServer> {
    spawn_app(App::new(config)).await
}

/// Serves a given `App` in the background.
pub async fn spawn_app(app: Arc<App>) -> io::Result<RunningServer> {
    let listener = TcpListener::bind((app.config.host.as_str(), app.config.port)).await?;
    let addr = listener.local_addr()?;
    let (tx, rx) = oneshot::channel::<()>();
    let handle = tokio::spawn(serve(listener, Arc::clone(&app), async {
        let _ = rx.await;
    }));
    Ok(RunningServer {
        addr,
        app,
        stop: Some(tx),
        handle,
    })
}
