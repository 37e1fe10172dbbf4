//! Accepting connections: HTTP/1.1 and HTTP/2 (h2c prior knowledge in plaintext, ALPN
//! over TLS), the connection limit, worker threads with one event loop each, graceful
//! drain on shutdown.

use crate::config::GatewayConfig;
use crate::handler;
use crate::limits::Limits;
use crate::record::Peer;
use crate::state::{SetupError, State};
use crate::upstream::{self, Pool};
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
use tokio::sync::mpsc::{self, UnboundedReceiver, UnboundedSender};
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
    abort: watch::Sender<bool>,
    accepting: JoinHandle<()>,
    workers: Vec<std::thread::JoinHandle<()>>,
    state: Arc<State>,
}

impl Gateway {
    /// Loads the catalog and starts the incident pipeline.
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

    /// Binds the configured listen address and starts serving: the accept loop runs on
    /// the caller's runtime and hands each connection to a worker thread.
    pub async fn start(self) -> std::io::Result<RunningGateway> {
        let listener = TcpListener::bind(self.state.config.listen).await?;
        let local_addr = listener.local_addr()?;
        let (stop, stopped) = watch::channel(false);
        let (abort, aborted) = watch::channel(false);
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
        let Workers { queues, threads } = spawn_workers(&self.state, self.tls.as_ref(), &aborted)?;
        let state = Arc::clone(&self.state);
        let accepting = tokio::spawn(accept_loop(listener, state, queues, stopped));
        Ok(RunningGateway {
            local_addr,
            admin_addr,
            stop,
            abort,
            accepting,
            workers: threads,
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

    /// Stops accepting, lets in-flight requests finish for up to `drain` (then closes
    /// what is left), then flushes incidents. Returns the final incident counters.
    pub async fn shutdown(self, drain: Duration) -> Vec<LaneStats> {
        let _ = self.stop.send(true);
        let _ = self.accepting.await;
        let workers = self.workers;
        let mut joined = tokio::task::spawn_blocking(move || {
            for worker in workers {
                let _ = worker.join();
            }
        });
        if tokio::time::timeout(drain, &mut joined).await.is_err() {
            let _ = self.abort.send(true);
            let _ = joined.await;
        }
        let recorder = self.state.recorder.clone();
        tokio::task::spawn_blocking(move || recorder.shutdown(Duration::from_secs(10)))
            .await
            .unwrap_or_default()
    }
}

/// A caller's connection on its way from the accept loop to a worker.
struct Handoff {
    stream: std::net::TcpStream,
    client: SocketAddr,
    permit: Option<OwnedSemaphorePermit>,
}

/// The worker threads and the queues that hand them connections.
struct Workers {
    queues: Vec<UnboundedSender<Handoff>>,
    threads: Vec<std::thread::JoinHandle<()>>,
}

/// Starts `limits.workers` threads, each with its own single-threaded event loop and
/// upstream pool: a request, its upstream connection and its response are all driven by
/// one thread, as in HAProxy or nginx, instead of waking each other across threads.
fn spawn_workers(
    state: &Arc<State>,
    tls: Option<&TlsAcceptor>,
    aborted: &watch::Receiver<bool>,
) -> std::io::Result<Workers> {
    let builder = Arc::new(connection_builder(&state.config.limits));
    let count = state.config.limits.worker_count();
    let mut queues = Vec::with_capacity(count);
    let mut threads = Vec::with_capacity(count);
    for index in 0..count {
        let (queue, handoffs) = mpsc::unbounded_channel();
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        let (state, tls, builder) = (Arc::clone(state), tls.cloned(), Arc::clone(&builder));
        let pool = upstream::pool(state.config.limits.connect_timeout);
        let mut aborted = aborted.clone();
        let thread = std::thread::Builder::new()
            .name(format!("tightlip-worker-{index}"))
            .spawn(move || {
                runtime.block_on(async move {
                    tokio::select! {
                        () = worker_loop(handoffs, state, pool, tls, builder) => {}
                        _ = aborted.changed() => {}
                    }
                });
            })?;
        queues.push(queue);
        threads.push(thread);
    }
    Ok(Workers { queues, threads })
}

/// Accepts connections and deals them to the workers in turn, until `stopped`.
async fn accept_loop(
    listener: TcpListener,
    state: Arc<State>,
    queues: Vec<UnboundedSender<Handoff>>,
    mut stopped: watch::Receiver<bool>,
) {
    let permits = Arc::new(Semaphore::new(state.config.limits.max_connections));
    let mut next = 0;
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let Ok((stream, client)) = accepted else {
                    // Out of file descriptors or similar: back off instead of spinning.
                    tokio::time::sleep(Duration::from_millis(10)).await;
                    continue;
                };
                let _ = stream.set_nodelay(true);
                let Ok(stream) = stream.into_std() else { continue };
                let permit = Arc::clone(&permits).try_acquire_owned().ok();
                let _ = queues[next].send(Handoff { stream, client, permit });
                next = (next + 1) % queues.len();
            }
            _ = stopped.changed() => break,
        }
    }
    // Dropping the queues tells every worker to drain.
}

/// One worker's event loop: serves the connections it is handed, then, once the accept
/// loop is gone, lets in-flight requests finish.
async fn worker_loop(
    mut handoffs: UnboundedReceiver<Handoff>,
    state: Arc<State>,
    pool: Pool,
    tls: Option<TlsAcceptor>,
    builder: Arc<auto::Builder<TokioExecutor>>,
) {
    let graceful = GracefulShutdown::new();
    while let Some(Handoff {
        stream,
        client,
        permit,
    }) = handoffs.recv().await
    {
        let Ok(stream) = tokio::net::TcpStream::from_std(stream) else {
            continue;
        };
        let watcher = graceful.watcher();
        let state = Arc::clone(&state);
        let pool = pool.clone();
        let builder = Arc::clone(&builder);
        let tls = tls.clone();
        tokio::spawn(async move {
            let Some(acceptor) = tls else {
                let peer = Peer {
                    client,
                    secure: false,
                };
                serve(&builder, watcher, stream, state, pool, peer, permit).await;
                return;
            };
            let handshake = state.config.limits.handshake_timeout;
            let Ok(Ok(stream)) = tokio::time::timeout(handshake, acceptor.accept(stream)).await
            else {
                return;
            };
            // ALPN decides the protocol; without it the caller speaks HTTP/1.1.
            let h2 = stream.get_ref().1.alpn_protocol() == Some(b"h2".as_slice());
            let builder = if h2 {
                (*builder).clone().http2_only()
            } else {
                (*builder).clone().http1_only()
            };
            let peer = Peer {
                client,
                secure: true,
            };
            serve(&builder, watcher, stream, state, pool, peer, permit).await;
        });
    }
    graceful.shutdown().await;
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

/// Serves one connection; without a `permit` (over `max_connections`) every request on it
/// is answered 503 and the connection closed.
async fn serve<I>(
    builder: &auto::Builder<TokioExecutor>,
    watcher: Watcher,
    io: I,
    state: Arc<State>,
    pool: Pool,
    peer: Peer,
    permit: Option<OwnedSemaphorePermit>,
) where
    I: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let admitted = permit.is_some();
    let io = crate::rejections::Guarded::new(io, Arc::clone(&state), peer);
    let service = service_fn(move |request| {
        let state = Arc::clone(&state);
        let pool = pool.clone();
        async move {
            let response = if admitted {
                handler::handle(state, pool, request, peer).await
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
