//! The gateway over real loopback HTTP in front of real leaky frameworks, each a child
//! process: Express in development mode and Flask with the Werkzeug debugger. Every test
//! first asks the framework directly and checks that it really leaks (so no assertion can
//! pass on a quiet backend), then asks through the gateway: no marker of the leak reaches
//! the caller, the headers are hardened, and the incident found by the response's request
//! ID holds the original detail with secrets masked.
//!
//! Node, Express and Flask are installed by `scripts/install-test-deps.sh`; when they are
//! missing the tests fail and say so, they never pass silently.

use bytes::Bytes;
use http::{HeaderMap, Method, Request, StatusCode};
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use tightlip_gateway::{Gateway, GatewayConfig, RunningGateway};
use tightlip_incident::{Incident, Store};

const INSTALL_HINT: &str = "run scripts/install-test-deps.sh to install the test frameworks";

/// Secrets the Flask app is started with; none may reach a caller or an incident.
const DATABASE_URL: &str = "postgres://shop:Sup3rS3cret!@db.internal:5432/shop";
const CARD: &str = "4111111111111111";
const TOKEN: &str = "xoxb-000000000000-0000000000000-EXAMPLEgatewayTestTok";

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn require(present: bool, what: &str) {
    assert!(present, "{what}: {INSTALL_HINT}");
}

fn runs(program: &str, args: &[&str]) -> bool {
    Command::new(program)
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|status| status.success())
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A framework app running as a child process on a loopback port; killed on drop.
struct App {
    child: Child,
    addr: SocketAddr,
    dir: tempfile::TempDir,
}

impl App {
    /// `express_app.js` with `NODE_ENV=development`: stack traces in error pages.
    fn express() -> Self {
        let root = repo_root();
        let modules = root.join("tests/apps/node_modules");
        require(runs("node", &["--version"]), "node is not installed");
        require(
            modules.join("express").is_dir(),
            "tests/apps/node_modules has no express",
        );
        let port = free_port();
        let mut command = Command::new("node");
        command
            .arg(root.join("scripts/corpus/apps/express_app.js"))
            .arg(port.to_string())
            .arg("development")
            .env("NODE_PATH", &modules);
        Self::start(command, port)
    }

    /// `flask_app.py` with `debug=True`: the Werkzeug debugger and leaky JSON handlers.
    fn flask() -> Self {
        require(
            runs("python3", &["-c", "import flask"]),
            "python3 with Flask is not installed",
        );
        let port = free_port();
        let mut command = Command::new("python3");
        command
            .arg(repo_root().join("scripts/corpus/apps/flask_app.py"))
            .arg(port.to_string())
            .arg("debugger")
            .env("DATABASE_URL", DATABASE_URL)
            .env("PYTHONUNBUFFERED", "1");
        Self::start(command, port)
    }

    fn start(mut command: Command, port: u16) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let log = std::fs::File::create(dir.path().join("app.log")).unwrap();
        command
            .env("CORPUS_TMP", dir.path())
            .stdin(Stdio::null())
            .stdout(log.try_clone().unwrap())
            .stderr(log);
        let child = command
            .spawn()
            .unwrap_or_else(|error| panic!("cannot start {command:?}: {error}; {INSTALL_HINT}"));
        let mut app = Self {
            child,
            addr: SocketAddr::from(([127, 0, 0, 1], port)),
            dir,
        };
        app.wait_ready();
        app
    }

    fn wait_ready(&mut self) {
        let deadline = Instant::now() + Duration::from_secs(30);
        while Instant::now() < deadline {
            if TcpStream::connect_timeout(&self.addr, Duration::from_millis(200)).is_ok() {
                return;
            }
            if let Some(status) = self.child.try_wait().unwrap() {
                panic!(
                    "the app exited with {status} before listening:\n{}\n{INSTALL_HINT}",
                    self.log()
                );
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!(
            "the app did not listen on {} in 30 s:\n{}",
            self.addr,
            self.log()
        );
    }

    fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("app.log")).unwrap_or_default()
    }
}

impl Drop for App {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A gateway in front of an app, with an embedded SQLite store in a temp dir.
struct Guarded {
    gateway: RunningGateway,
    store: PathBuf,
    _dir: tempfile::TempDir,
}

async fn guard(app: &App) -> Guarded {
    let dir = tempfile::tempdir().unwrap();
    let mut config = GatewayConfig::quick(
        SocketAddr::from(([127, 0, 0, 1], 0)),
        &format!("http://{}", app.addr),
    );
    config.incidents.store = dir.path().join("incidents.db");
    let store = config.incidents.store.clone();
    let gateway = Gateway::new(config).unwrap().start().await.unwrap();
    Guarded {
        gateway,
        store,
        _dir: dir,
    }
}

impl Guarded {
    /// Stops the gateway so every incident is flushed, then opens the store.
    async fn incidents(self) -> Store {
        self.gateway.shutdown(Duration::from_secs(5)).await;
        Store::open(&self.store).unwrap()
    }
}

struct Reply {
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
}

impl Reply {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// Headers and body as one text, for marker searches.
    fn everything(&self) -> String {
        format!("{:?}\n{}", self.headers, self.text())
    }
}

/// One request as a caller would send it.
struct Call<'a> {
    method: Method,
    path: &'a str,
    headers: &'a [(&'a str, &'a str)],
    body: &'a str,
}

impl<'a> Call<'a> {
    fn get(path: &'a str) -> Self {
        Self {
            method: Method::GET,
            path,
            headers: &[],
            body: "",
        }
    }

    fn with_headers(self, headers: &'a [(&'a str, &'a str)]) -> Self {
        Self { headers, ..self }
    }

    fn post_json(path: &'a str, body: &'a str) -> Self {
        Self {
            method: Method::POST,
            path,
            headers: &[("content-type", "application/json")],
            body,
        }
    }

    async fn send(&self, to: SocketAddr) -> Reply {
        let client: Client<HttpConnector, Full<Bytes>> =
            Client::builder(TokioExecutor::new()).build_http();
        let mut request = Request::builder()
            .method(self.method.clone())
            .uri(format!("http://{to}{}", self.path));
        for (name, value) in self.headers {
            request = request.header(*name, *value);
        }
        let request = request
            .body(Full::new(Bytes::from(self.body.to_owned())))
            .unwrap();
        let response = tokio::time::timeout(Duration::from_secs(20), client.request(request))
            .await
            .expect("no answer in 20 s")
            .unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let body = response.into_body().collect().await.unwrap().to_bytes();
        Reply {
            status,
            headers,
            body,
        }
    }
}

/// Asks the app directly and through the gateway; the direct answer must carry every
/// marker (the framework really leaks) and the guarded one none of them.
async fn leak_stopped(app: &App, gateway: &Guarded, call: &Call<'_>, markers: &[&str]) -> Reply {
    let direct = call.send(app.addr).await;
    let raw = direct.everything();
    for marker in markers {
        assert!(
            raw.contains(marker),
            "{} {}: the framework no longer leaks `{marker}`, pick another marker:\n{raw}",
            call.method,
            call.path
        );
    }
    let guarded = call.send(gateway.gateway.local_addr()).await;
    let seen = guarded.everything();
    for marker in markers.iter().chain(ALWAYS_HIDDEN) {
        assert!(
            !seen.contains(marker),
            "{} {}: `{marker}` reached the caller:\n{seen}",
            call.method,
            call.path
        );
    }
    assert_eq!(
        guarded.status, direct.status,
        "{} {}",
        call.method, call.path
    );
    guarded
}

/// What no response through the gateway carries, whatever the route.
const ALWAYS_HIDDEN: &[&str] = &[
    "x-powered-by",
    "Werkzeug/",
    "Traceback",
    "node_modules",
    "Sup3rS3cret",
    CARD,
    TOKEN,
];

/// The hardened header set of a replaced error; returns the request ID (the body's
/// `request_id`, equal to `X-Request-ID`).
fn assert_hardened_problem(reply: &Reply) -> String {
    assert_eq!(reply.headers["content-type"], "application/problem+json");
    assert_common_hardening(reply);
    let problem: serde_json::Value = serde_json::from_slice(&reply.body).unwrap();
    assert_eq!(problem["status"], reply.status.as_u16());
    let id = problem["request_id"].as_str().unwrap().to_owned();
    assert_eq!(reply.headers["x-request-id"], id.as_str());
    id
}

fn assert_common_hardening(reply: &Reply) {
    assert_eq!(reply.headers["cache-control"], "no-store");
    assert_eq!(reply.headers["x-content-type-options"], "nosniff");
    assert!(reply.headers.get("server").is_none(), "{:?}", reply.headers);
    assert!(reply.headers.get("x-powered-by").is_none());
    assert!(reply.headers.get("content-encoding").is_none());
    let length: usize = reply.headers["content-length"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(length, reply.body.len());
}

fn incident(store: &Store, id: &str) -> Incident {
    store
        .get(id)
        .unwrap()
        .unwrap_or_else(|| panic!("no incident under the response's request ID {id}"))
}

/// The incident holds the upstream's original detail and names what was found.
fn assert_recorded(incident: &Incident, status: u16, detail: &[&str], category: &str) {
    assert_eq!(incident.kind.as_str(), "leak_blocked");
    assert_eq!(incident.upstream_status, Some(status));
    assert_eq!(incident.public_status, status);
    let body = &incident.upstream.as_ref().expect("captured upstream").body;
    for text in detail {
        assert!(body.contains(text), "incident lacks `{text}`:\n{body}");
    }
    let categories: Vec<&str> = incident
        .findings
        .iter()
        .map(|finding| finding.category.as_str())
        .collect();
    assert!(categories.contains(&category), "{categories:?}");
}

/// No secret the app leaked is stored in clear.
fn assert_masked(incident: &Incident, secrets: &[&str]) {
    let captured = incident.upstream.as_ref().expect("captured upstream");
    let stored = format!("{:?}\n{}", captured.headers, captured.body);
    for secret in secrets {
        assert!(
            !stored.contains(secret),
            "`{secret}` stored in clear:\n{stored}"
        );
    }
}

#[tokio::test]
async fn express_development_stack_traces_and_sql_never_reach_the_caller() {
    let app = App::express();
    let gateway = guard(&app).await;
    let script = repo_root()
        .join("scripts/corpus/apps/express_app.js")
        .canonicalize()
        .unwrap();
    let script = script.to_str().unwrap();

    // The default Express error handler in development: the stack in an HTML <pre>.
    let crash = leak_stopped(
        &app,
        &gateway,
        &Call::get("/orders/7"),
        &[
            "TypeError",
            "Cannot read properties of null",
            script,
            "x-powered-by",
        ],
    )
    .await;
    let crash_id = assert_hardened_problem(&crash);

    // A handler that answers with the failed SQL, its error and the stack as JSON.
    let sql = leak_stopped(
        &app,
        &gateway,
        &Call::get("/api/users/1"),
        &[
            "no such table: users",
            "SELECT id, email, pass_hash",
            "sql.js",
        ],
    )
    .await;
    let sql_id = assert_hardened_problem(&sql);

    // An injected quote: the SQL syntax error goes to next(err), rendered with its stack.
    let injected = leak_stopped(
        &app,
        &gateway,
        &Call::get("/api/products?category=it%27s"),
        &["syntax error", "express_app.js"],
    )
    .await;
    let injected_id = assert_hardened_problem(&injected);

    let store = gateway.incidents().await;
    assert_recorded(
        &incident(&store, &crash_id),
        500,
        &[
            "TypeError: Cannot read properties of null",
            "express_app.js",
        ],
        "stack_trace",
    );
    assert_recorded(
        &incident(&store, &sql_id),
        500,
        &[
            "no such table: users",
            "SELECT id, email, pass_hash FROM users",
        ],
        "sql",
    );
    assert_recorded(
        &incident(&store, &injected_id),
        500,
        &["syntax error"],
        "stack_trace",
    );
}

#[tokio::test]
async fn express_gzip_error_is_decoded_inspected_and_replaced() {
    let app = App::express();
    let gateway = guard(&app).await;
    let call = Call::get("/api/users/2").with_headers(&[("accept-encoding", "gzip")]);
    let direct = call.send(app.addr).await;
    assert_eq!(
        direct.headers["content-encoding"], "gzip",
        "compression is on"
    );
    assert_eq!(direct.headers["x-powered-by"], "Express");
    let guarded = leak_stopped(&app, &gateway, &call, &[]).await;
    assert!(!guarded.text().contains("no such table"));
    let id = assert_hardened_problem(&guarded);
    let store = gateway.incidents().await;
    assert_recorded(
        &incident(&store, &id),
        500,
        &["no such table: users", "SELECT id, email, pass_hash"],
        "sql",
    );
}

#[tokio::test]
async fn express_echoed_card_and_token_are_replaced_and_masked_in_the_incident() {
    let app = App::express();
    let gateway = guard(&app).await;
    let checkout_body = format!(r#"{{"card":"{CARD}","amount":4200}}"#);
    let checkout = leak_stopped(
        &app,
        &gateway,
        &Call::post_json("/api/checkout", &checkout_body),
        &[CARD, "payment_failed"],
    )
    .await;
    assert_eq!(checkout.status, 402);
    let checkout_id = assert_hardened_problem(&checkout);

    let bearer = format!("Bearer {TOKEN}");
    let whoami = leak_stopped(
        &app,
        &gateway,
        &Call::get("/api/whoami").with_headers(&[("authorization", &bearer)]),
        &[TOKEN, "lacks scope orders:write"],
    )
    .await;
    assert_eq!(whoami.status, 403);
    let whoami_id = assert_hardened_problem(&whoami);

    let store = gateway.incidents().await;
    let checkout = incident(&store, &checkout_id);
    assert_recorded(&checkout, 402, &["Charge failed for card"], "personal_data");
    assert_masked(&checkout, &[CARD]);
    let whoami = incident(&store, &whoami_id);
    assert_recorded(&whoami, 403, &["lacks scope orders:write"], "secret");
    assert_masked(&whoami, &[TOKEN]);
}

#[tokio::test]
async fn express_clean_answers_pass_through_without_banners() {
    let app = App::express();
    let gateway = guard(&app).await;
    for call in [
        Call::get("/api/products?category=home"),
        Call::get("/api/v1/widgets/7"),
    ] {
        let direct = call.send(app.addr).await;
        assert_eq!(direct.headers["x-powered-by"], "Express");
        let guarded = leak_stopped(&app, &gateway, &call, &[]).await;
        assert_eq!(guarded.body, direct.body, "{} is unchanged", call.path);
        assert!(guarded.headers.get("x-powered-by").is_none());
        let id = guarded.headers["x-request-id"].to_str().unwrap();
        assert!(
            tightlip_core::RequestId::parse_inbound(id).is_some(),
            "{id}"
        );
    }
}

#[tokio::test]
async fn flask_debugger_page_becomes_a_hardened_html_page() {
    let app = App::flask();
    let gateway = guard(&app).await;
    let call = Call::get("/zero?items=0").with_headers(&[("accept", "text/html")]);
    let page = leak_stopped(
        &app,
        &gateway,
        &call,
        &[
            "Traceback",
            "ZeroDivisionError",
            "flask_app.py",
            "Werkzeug Debugger",
            "__debugger__",
            "Werkzeug/",
        ],
    )
    .await;
    assert_eq!(page.status, 500);
    assert_eq!(page.headers["content-type"], "text/html; charset=utf-8");
    assert!(
        page.headers["content-security-policy"]
            .to_str()
            .unwrap()
            .starts_with("default-src 'none'")
    );
    assert_common_hardening(&page);
    let id = page.headers["x-request-id"].to_str().unwrap().to_owned();
    assert!(page.text().contains(&id), "the page names its request ID");
    let store = gateway.incidents().await;
    assert_recorded(
        &incident(&store, &id),
        500,
        &["ZeroDivisionError: division by zero", "flask_app.py"],
        "debug_page",
    );
}

#[tokio::test]
async fn flask_gzip_traceback_is_decoded_inspected_and_replaced() {
    let app = App::flask();
    let gateway = guard(&app).await;
    // A handler that ships traceback.format_exc() as JSON, gzipped by an after_request hook.
    let call = Call::get("/api/report").with_headers(&[("accept-encoding", "gzip")]);
    let direct = call.send(app.addr).await;
    assert_eq!(
        direct.headers["content-encoding"], "gzip",
        "the app compresses"
    );
    let guarded = leak_stopped(&app, &gateway, &call, &["Werkzeug/"]).await;
    assert!(!guarded.text().contains("KeyError"));
    let id = assert_hardened_problem(&guarded);
    let store = gateway.incidents().await;
    assert_recorded(
        &incident(&store, &id),
        500,
        &[
            "Traceback (most recent call last)",
            "KeyError",
            "flask_app.py",
        ],
        "stack_trace",
    );
}

#[tokio::test]
async fn flask_sql_errors_and_config_dumps_are_replaced_with_secrets_masked() {
    let app = App::flask();
    let gateway = guard(&app).await;
    let sql = leak_stopped(
        &app,
        &gateway,
        &Call::get("/json/users/3"),
        &[
            "sqlite3.OperationalError",
            "no such table: users",
            "SELECT id, email, password_hash",
            "Werkzeug/",
        ],
    )
    .await;
    let sql_id = assert_hardened_problem(&sql);

    let dump = leak_stopped(
        &app,
        &gateway,
        &Call::get("/api/debug/config"),
        &["SECRET_KEY", "Sup3rS3cret", "db.internal"],
    )
    .await;
    let dump_id = assert_hardened_problem(&dump);

    let charge_body = format!(r#"{{"card_number":"{CARD}","exp":"12/27","amount":4200}}"#);
    let charge = leak_stopped(
        &app,
        &gateway,
        &Call::post_json("/api/charge", &charge_body),
        &[CARD, "was declined by the issuer"],
    )
    .await;
    assert_eq!(charge.status, 402);
    let charge_id = assert_hardened_problem(&charge);

    let store = gateway.incidents().await;
    assert_recorded(
        &incident(&store, &sql_id),
        500,
        &["no such table: users", "SELECT id, email, password_hash"],
        "sql",
    );
    let dump = incident(&store, &dump_id);
    assert_recorded(
        &dump,
        500,
        &["SQLALCHEMY_DATABASE_URI", "db.internal"],
        "secret",
    );
    assert_masked(
        &dump,
        &["Sup3rS3cret", "flask-corpus-fake-secret-7d9c1e4b2a"],
    );
    let charge = incident(&store, &charge_id);
    assert_recorded(
        &charge,
        402,
        &["was declined by the issuer"],
        "personal_data",
    );
    assert_masked(&charge, &[CARD]);
}
