//! What the integration tests share: the demo backend, the gateway in front of it, real
//! framework apps as child processes, and plans aimed at them.

#![allow(dead_code, reason = "each test file uses part of the harness")]

use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use tightlip_gateway::demo::spawn_backend;
use tightlip_gateway::{Gateway, GatewayConfig, RunningGateway};
use tightlip_probe::{Endpoint, Limits, Login, Plan, Target};

/// The demo routes worth probing: all but the 3-second one and the one that hangs up.
pub const DEMO_PATHS: [&str; 8] = [
    "/api/orders/42",
    "/api/python",
    "/api/java",
    "/api/sql",
    "/api/secret",
    "/api/missing",
    "/api/admin",
    "/api/large",
];

/// A multi-threaded runtime that serves the demo backend (and gateways) in the background.
pub fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a runtime")
}

/// Starts the leaky demo backend.
pub fn demo_backend(runtime: &tokio::runtime::Runtime) -> SocketAddr {
    runtime
        .block_on(spawn_backend(SocketAddr::from(([127, 0, 0, 1], 0))))
        .expect("the demo backend binds")
}

/// Starts the gateway in front of `upstream` with `hide_forbidden` on; the incident
/// store lives in `dir`.
pub fn gateway(
    runtime: &tokio::runtime::Runtime,
    upstream: SocketAddr,
    dir: &std::path::Path,
) -> RunningGateway {
    let mut config = GatewayConfig::quick(
        SocketAddr::from(([127, 0, 0, 1], 0)),
        &format!("http://{upstream}"),
    );
    config.hide_forbidden = true;
    config.incidents.store = dir.join("incidents.db");
    config.limits.upstream_timeout = Duration::from_secs(5);
    runtime
        .block_on(async { Gateway::new(config).expect("gateway config").start().await })
        .expect("the gateway binds")
}

/// A plan for `addr` over `paths`, fast enough for tests but still paced.
pub fn plan(addr: SocketAddr, paths: &[&str]) -> Plan {
    let mut plan = Plan::new(Target::parse(&format!("http://{addr}")).expect("a loopback URL"));
    plan.endpoints = paths
        .iter()
        .map(|path| match path.split_once(' ') {
            Some((method, path)) => Endpoint::from_literal(method, path),
            None => Endpoint::from_literal("GET", path),
        })
        .collect();
    plan.limits = Limits {
        rate: 500.0,
        ..Limits::default()
    };
    plan
}

/// The demo plan, with the login enumeration test on.
pub fn demo_plan(addr: SocketAddr) -> Plan {
    let mut plan = plan(addr, &DEMO_PATHS);
    plan.login = Some(Login::parse("POST:/login", "admin").expect("a login spec"));
    plan
}

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// A free loopback port (bound, then released for the child to take).
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port()
}

/// A child process that is killed (by its own pid) when dropped.
pub struct App {
    child: Child,
    /// Where it listens.
    pub addr: SocketAddr,
}

impl Drop for App {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `command` (which must listen on `port`) and waits up to 30 s for the port.
pub fn start_app(mut command: Command, port: u16) -> App {
    let child = command
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|error| {
            panic!("cannot start {command:?}: {error} (run scripts/install-test-deps.sh)")
        });
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    let mut app = App { child, addr };
    let deadline = Instant::now() + Duration::from_secs(30);
    while TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_err() {
        if let Ok(Some(status)) = app.child.try_wait() {
            panic!(
                "{command:?} exited with {status} before listening (run scripts/install-test-deps.sh)"
            );
        }
        assert!(
            Instant::now() < deadline,
            "{command:?} did not listen on {port} within 30 s"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    let _ = &mut app;
    app
}

/// Writes `text` to `$TIGHTLIP_PROBE_REPORTS/<name>` when that variable is set, so a
/// person can read the reports a test produced.
pub fn keep_report(name: &str, text: &str) {
    if let Some(dir) = std::env::var_os("TIGHTLIP_PROBE_REPORTS") {
        let dir = PathBuf::from(dir);
        let _ = std::fs::create_dir_all(&dir);
        let _ = std::fs::write(dir.join(name), text);
    }
}
