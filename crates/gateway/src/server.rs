//! Accepting connections: HTTP/1.1 and HTTP/2 (h2c prior knowledge in plaintext, ALPN
//! over TLS), the connection limit, graceful drain on shutdown.

use crate::config::GatewayConfig;
use crate::handler;
use crate::limits::Limits;
use crate::record::Peer;
use crate::state::{SetupError, State};
use hyper::service::service_fn;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto;
use hyper_util::server::graceful::{GracefulShutdown, Watcher};
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tightlip_incident::LaneStats;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::TcpListener;
use tokio::sync::{OwnedSemaphorePermit, Semaphore, watch};
use tokio::task::JoinHandle;
use tokio_rustls::TlsAcceptor;

/// A configured gateway, ready to bind.
pub struct Gateway {
    state: Arc<State>,
    tls: Option<TlsAcceptor>,
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
        let tls = config
            .tls
            .as_ref()
            .map(crate::tls::TlsConfig::acceptor)
            .transpose()?;
        Ok(Self {
            state: Arc::new(State::new(config)?),
            tls,
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
        let task = tokio::spawn(accept_loop(listener, state, self.tls, stopped));
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

/// The connection builder with the configured limits: read buffer (so that heads past
/// `header_size` reach the handler and get a catalog 431), head timeout, h2 streams.
fn connection_builder(limits: &Limits) -> auto::Builder<TokioExecutor> {
    let mut builder = auto::Builder::new(TokioExecutor::new());
    builder
        .http1()
        .keep_alive(true)
        .max_buf_size(limits.parser_buffer())
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout);
    builder
        .http2()
        .max_concurrent_streams(256)
        .max_header_list_size(u32::try_from(limits.parser_buffer()).unwrap_or(u32::MAX))
        .timer(TokioTimer::new());
    builder
}

async fn accept_loop(
    listener: TcpListener,
    state: Arc<State>,
    tls: Option<TlsAcceptor>,
    mut stopped: watch::Receiver<bool>,
) {
    let graceful = GracefulShutdown::new();
    let builder = Arc::new(connection_builder(&state.config.limits));
    let permits = Arc::new(Semaphore::new(state.config.limits.max_connections));
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let Ok((stream, client)) = accepted else {
                    // Out of file descriptors or similar: back off instead of spinning.
                    tokio::time::sleep(Duration::from_millis(10)).await;
                    continue;
                };
                let _ = stream.set_nodelay(true);
                let permit = Arc::clone(&permits).try_acquire_owned().ok();
                let watcher = graceful.watcher();
                let state = Arc::clone(&state);
                let builder = Arc::clone(&builder);
                let tls = tls.clone();
                tokio::spawn(async move {
                    let Some(acceptor) = tls else {
                        let peer = Peer { client, secure: false };
                        serve(&builder, watcher, stream, state, peer, permit).await;
                        return;
                    };
                    let handshake = state.config.limits.handshake_timeout;
                    let Ok(Ok(stream)) = tokio::time::timeout(handshake, acceptor.accept(stream)).await else {
                        return;
                    };
                    // ALPN decides the protocol; without it the caller speaks HTTP/1.1.
                    let h2 = stream.get_ref().1.alpn_protocol() == Some(b"h2".as_slice());
                    let builder = if h2 { (*builder).clone().http2_only() } else { (*builder).clone().http1_only() };
                    let peer = Peer { client, secure: true };
                    serve(&builder, watcher, stream, state, peer, permit).await;
                });
            }
            _ = stopped.changed() => break,
        }
    }
    drop(listener);
    graceful.shutdown().await;
}

/// Serves one connection; without a `permit` (over `max_connections`) every request on it
/// is answered 503 and the connection closed.
async fn serve<I>(
    builder: &auto::Builder<TokioExecutor>,
    watcher: Watcher,
    io: I,
    state: Arc<State>,
    peer: Peer,
    permit: Option<OwnedSemaphorePermit>,
) where
    I: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let admitted = permit.is_some();
    let io = crate::rejections::Guarded::new(io, Arc::clone(&state), peer);
    let service = service_fn(move |request| {
        let state = Arc::clone(&state);
        async move {
            let response = if admitted {
                handler::handle(state, request, peer).await
            } else {
                handler::refuse_connection(&state, &request, peer)
            };
            Ok::<_, std::convert::Infallible>(response)
        }
    });
    let connection = builder
        .serve_connection(TokioIo::new(io), service)
        .into_owned();
    let _ = watcher.watch(connection).await;
    drop(permit);
}
