//! Accepting connections: HTTP/1.1 and HTTP/2 (h2c), graceful drain on shutdown.

use crate::config::GatewayConfig;
use crate::handler;
use crate::state::{SetupError, State};
use hyper::service::service_fn;
use hyper_util::rt::{TokioExecutor, TokioIo};
use hyper_util::server::conn::auto;
use hyper_util::server::graceful::GracefulShutdown;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tightlip_incident::LaneStats;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;

/// A configured gateway, ready to bind.
pub struct Gateway {
    state: Arc<State>,
}

/// A gateway accepting connections.
pub struct RunningGateway {
    local_addr: SocketAddr,
    admin_addr: Option<SocketAddr>,
    stop: watch::Sender<bool>,
    task: JoinHandle<()>,
    state: Arc<State>,
}

impl Gateway {
    /// Loads the catalog, starts the incident pipeline and prepares the upstream pool.
    pub fn new(config: GatewayConfig) -> Result<Self, SetupError> {
        Ok(Self {
            state: Arc::new(State::new(config)?),
        })
    }

    /// Binds the configured listen address and starts serving.
    pub async fn start(self) -> std::io::Result<RunningGateway> {
        let listener = TcpListener::bind(self.state.config.listen).await?;
        let local_addr = listener.local_addr()?;
        let (stop, stopped) = watch::channel(false);
        let admin_addr = match &self.state.config.admin {
            Some(admin) => {
                let admin_listener = TcpListener::bind(admin.listen).await?;
                let addr = admin_listener.local_addr()?;
                tokio::spawn(crate::admin::serve(
                    admin_listener,
                    Arc::clone(&self.state),
                    stopped.clone(),
                ));
                Some(addr)
            }
            None => None,
        };
        let state = Arc::clone(&self.state);
        let task = tokio::spawn(accept_loop(listener, state, stopped));
        Ok(RunningGateway {
            local_addr,
            admin_addr,
            stop,
            task,
            state: self.state,
        })
    }
}

impl RunningGateway {
    /// The address callers reach it on.
    pub fn local_addr(&self) -> SocketAddr {
        self.local_addr
    }

    /// The admin listener's address, if one is configured.
    pub fn admin_addr(&self) -> Option<SocketAddr> {
        self.admin_addr
    }

    /// Stops accepting, lets in-flight requests finish for up to `drain`, then flushes
    /// incidents. Returns the final incident counters.
    pub async fn shutdown(self, drain: Duration) -> Vec<LaneStats> {
        let _ = self.stop.send(true);
        let _ = tokio::time::timeout(drain, self.task).await;
        let recorder = self.state.recorder.clone();
        tokio::task::spawn_blocking(move || recorder.shutdown(Duration::from_secs(10)))
            .await
            .unwrap_or_default()
    }
}

async fn accept_loop(listener: TcpListener, state: Arc<State>, mut stopped: watch::Receiver<bool>) {
    let graceful = GracefulShutdown::new();
    let mut builder = auto::Builder::new(TokioExecutor::new());
    builder.http1().keep_alive(true).max_buf_size(64 << 10);
    builder.http2().max_concurrent_streams(256);
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let Ok((stream, client)) = accepted else { continue };
                let _ = stream.set_nodelay(true);
                let state = Arc::clone(&state);
                let service = service_fn(move |request| {
                    let state = Arc::clone(&state);
                    async move { Ok::<_, std::convert::Infallible>(handler::handle(state, request, client).await) }
                });
                let connection = builder.serve_connection(TokioIo::new(stream), service).into_owned();
                let watched = graceful.watch(connection);
                tokio::spawn(async move {
                    let _ = watched.await;
                });
            }
            _ = stopped.changed() => break,
        }
    }
    drop(listener);
    graceful.shutdown().await;
}
