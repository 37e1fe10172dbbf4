//! The gateway over real loopback HTTP in front of the leaky demo backend: no leak marker
//! reaches the caller, the headers are hardened, and the incident behind each replaced
//! error is found by the response's request ID with the original detail, secrets masked.

use bytes::Bytes;
use http::{Method, Request, Response, StatusCode};
use http_body_util::{BodyExt, Empty};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use std::net::SocketAddr;
use std::time::Duration;
use tightlip_gateway::demo::spawn_backend;
use tightlip_gateway::{AdminConfig, Gateway, GatewayConfig, Policy, RunningGateway};
use tightlip_incident::Store;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

struct Harness {
    gateway: RunningGateway,
    backend: SocketAddr,
    store: std::path::PathBuf,
    client: Client<HttpConnector, Empty<Bytes>>,
    _dir: tempfile::TempDir,
}

async fn harness(configure: impl FnOnce(&mut GatewayConfig)) -> Harness {
    let dir = tempfile::tempdir().unwrap();
    let backend = spawn_backend(SocketAddr::from(([127, 0, 0, 1], 0)))
        .await
        .unwrap();
    let mut config = GatewayConfig::quick(
        SocketAddr::from(([127, 0, 0, 1], 0)),
        &format!("http://{backend}"),
    );
    config.incidents.store = dir.path().join("incidents.db");
    config.limits.upstream_timeout = Duration::from_secs(1);
    configure(&mut config);
    let store = config.incidents.store.clone();
    let gateway = Gateway::new(config).unwrap().start().await.unwrap();
    let client = Client::builder(TokioExecutor::new()).build_http();
    Harness {
        gateway,
        backend,
        store,
        client,
        _dir: dir,
    }
}

struct Reply {
    status: StatusCode,
    headers: http::HeaderMap,
    body: String,
}

impl Harness {
    async fn send(&self, method: Method, path: &str, headers: &[(&str, &str)]) -> Reply {
        let mut request = Request::builder()
            .method(method)
            .uri(format!("http://{}{path}", self.gateway.local_addr()));
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let response: Response<_> = self
            .client
            .request(request.body(Empty::new()).unwrap())
            .await
            .unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let body = response.into_body().collect().await.unwrap().to_bytes();
        Reply {
            status,
            headers,
            body: String::from_utf8_lossy(&body).into_owned(),
        }
    }

    async fn get(&self, path: &str) -> Reply {
        self.send(Method::GET, path, &[]).await
    }

    /// Stops the gateway so every incident is flushed, then opens the store.
    async fn incidents(self) -> Store {
        self.gateway.shutdown(Duration::from_secs(5)).await;
        Store::open(&self.store).unwrap()
    }
}

const LEAK_MARKERS: &[&str] = &[
    "Traceback",
    "/srv/shop",
    "Sup3rS3cret",
    "psycopg2",
    "db-primary.internal",
    "NullPointerException",
    "PaymentService.java",
    "hibernate",
    "customers_v2",
    "SELECT",
    "AKIAIOSFODNN7EXAMPLE",
    "eyJhbGci",
    "gunicorn",
    "Express",
    "Apache/2.4.41",
    "10.0.3.17",
];

fn assert_no_leak(reply: &Reply) {
    let everything = format!("{:?}\n{}", reply.headers, reply.body);
    for marker in LEAK_MARKERS {
        assert!(
            !everything.contains(marker),
            "`{marker}` leaked:\n{everything}"
        );
    }
}

fn assert_hardened(reply: &Reply) -> String {
    assert_eq!(reply.headers["content-type"], "application/problem+json");
    assert_eq!(reply.headers["cache-control"], "no-store");
    assert_eq!(reply.headers["x-content-type-options"], "nosniff");
    assert!(reply.headers.get("server").is_none());
    let length: usize = reply.headers["content-length"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(length, reply.body.len());
    let problem: serde_json::Value = serde_json::from_str(&reply.body).unwrap();
    let id = problem["request_id"].as_str().unwrap().to_owned();
    assert_eq!(reply.headers["x-request-id"], id.as_str());
    id
}

#[tokio::test]
async fn leaky_5xx_are_replaced_and_recorded_with_the_original_masked() {
    let harness = harness(|_| {}).await;
    let mut ids = Vec::new();
    for path in ["/api/python", "/api/java", "/api/sql", "/api/secret"] {
        let reply = harness.get(path).await;
        assert_eq!(reply.status, 500, "{path}");
        assert_no_leak(&reply);
        let id = assert_hardened(&reply);
        let problem: serde_json::Value = serde_json::from_str(&reply.body).unwrap();
        assert_eq!(problem["code"], "INTERNAL_ERROR");
        assert_eq!(problem["instance"], path);
        ids.push(id);
    }
    let store = harness.incidents().await;
    let python = store
        .get(&ids[0])
        .unwrap()
        .expect("incident for /api/python");
    assert_eq!(python.kind.as_str(), "leak_blocked");
    assert_eq!(python.upstream_status, Some(500));
    let captured = python.upstream.unwrap();
    assert!(
        captured.body.contains("Traceback (most recent call last)"),
        "{}",
        captured.body
    );
    assert!(
        !captured.body.contains("Sup3rS3cret"),
        "password masked: {}",
        captured.body
    );
    let categories: Vec<&str> = python
        .findings
        .iter()
        .map(|f| f.category.as_str())
        .collect();
    assert!(categories.contains(&"stack_trace"), "{categories:?}");
    let secret = store.get(&ids[3]).unwrap().unwrap();
    let body = secret.upstream.unwrap().body;
    assert!(
        !body.contains("AKIAIOSFODNN7EXAMPLE") && !body.contains("eyJhbGci"),
        "{body}"
    );
    let by_ref = store.get(&python.short_ref).unwrap().unwrap();
    assert_eq!(by_ref.id, ids[0]);
}

#[tokio::test]
async fn success_streams_through_with_header_hygiene() {
    let harness = harness(|_| {}).await;
    let reply = harness.get("/api/orders/42").await;
    assert_eq!(reply.status, 200);
    assert_eq!(
        reply.body,
        "{\"id\":42,\"status\":\"shipped\",\"total\":\"19.99\"}"
    );
    assert!(reply.headers.get("server").is_none());
    assert!(reply.headers.get("x-powered-by").is_none());
    assert!(RequestIdLike::check(
        reply.headers["x-request-id"].to_str().unwrap()
    ));
    let large = harness.get("/api/large").await;
    assert_eq!(large.status, 200);
    assert!(large.body.len() > 60_000 && large.body.ends_with("{}]"));
}

struct RequestIdLike;
impl RequestIdLike {
    fn check(text: &str) -> bool {
        tightlip_core::RequestId::parse_inbound(text).is_some() && text.len() == 36
    }
}

#[tokio::test]
async fn clean_4xx_pass_through_without_banners() {
    let harness = harness(|_| {}).await;
    let reply = harness.get("/api/missing").await;
    assert_eq!(reply.status, 404);
    assert_eq!(
        reply.body,
        "{\"type\":\"about:blank\",\"title\":\"Order not found\",\"status\":404}"
    );
    assert!(reply.headers.get("server").is_none());
    assert!(reply.headers.get("x-request-id").is_some());
    assert_eq!(reply.headers["cache-control"], "no-store");
    assert_eq!(reply.headers["x-content-type-options"], "nosniff");
    // A 404 page that names the server and an internal IP is replaced.
    let leaky = harness.get("/nope").await;
    assert_eq!(leaky.status, 404);
    assert_no_leak(&leaky);
    assert_hardened(&leaky);
}

#[tokio::test]
async fn gateway_errors_are_catalog_problems() {
    let harness = harness(|_| {}).await;
    let dropped = harness.get("/api/drop").await;
    assert_eq!(dropped.status, 502);
    assert_hardened(&dropped);
    let slow = harness.get("/api/slow").await;
    assert_eq!(slow.status, 504);
    let id = assert_hardened(&slow);
    let store = harness.incidents().await;
    let incident = store.get(&id).unwrap().unwrap();
    assert_eq!(incident.kind.as_str(), "gateway_error");
    assert_eq!(
        format!("{:?}", incident.origin),
        "Own { reason: \"upstream_timeout\" }"
    );
}

#[tokio::test]
async fn unreachable_upstream_is_502() {
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let harness = harness(|config| config.upstream = format!("http://{closed}")).await;
    let reply = harness.get("/anything").await;
    assert_eq!(reply.status, 502);
    assert_hardened(&reply);
    assert!(
        !reply.body.contains(&closed.port().to_string()),
        "{}",
        reply.body
    );
}

#[tokio::test]
async fn head_gets_no_body_and_html_for_browsers() {
    let harness = harness(|_| {}).await;
    let head = harness.send(Method::HEAD, "/api/python", &[]).await;
    assert_eq!(head.status, 500);
    assert_eq!(head.body, "");
    assert!(head.headers.contains_key("content-length"));
    let html = harness
        .send(
            Method::GET,
            "/api/java",
            &[("accept", "text/html,application/xhtml+xml")],
        )
        .await;
    assert_eq!(html.headers["content-type"], "text/html; charset=utf-8");
    assert!(html.body.contains("<h1>Internal error</h1>"));
    assert_no_leak(&html);
    let envelope = harness
        .send(
            Method::GET,
            "/api/java",
            &[("accept", "application/vnd.api+json")],
        )
        .await;
    assert_eq!(envelope.headers["content-type"], "application/vnd.api+json");
    assert!(envelope.body.starts_with("{\"errors\":[{\"id\":"));
}

#[tokio::test]
async fn hide_forbidden_and_strict_policy() {
    let harness = harness(|config| config.hide_forbidden = true).await;
    let reply = harness.get("/api/admin").await;
    assert_eq!(reply.status, 404);
    assert_hardened(&reply);
    let strict = harness_strict().await;
    let reply = strict.get("/api/missing").await;
    assert_eq!(reply.status, 404);
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&reply.body).unwrap()["code"],
        "NOT_FOUND"
    );
}

async fn harness_strict() -> Harness {
    harness(|config| config.policy = Policy::Strict).await
}

#[tokio::test]
async fn request_ids_at_the_edge_and_behind_a_trusted_one() {
    let edge = harness(|_| {}).await;
    let reply = edge
        .send(
            Method::GET,
            "/api/python",
            &[("x-request-id", "caller-chosen-1")],
        )
        .await;
    let id = assert_hardened(&reply);
    assert_ne!(id, "caller-chosen-1", "the edge issues its own ID");
    let store = edge.incidents().await;
    assert_eq!(
        store
            .get(&id)
            .unwrap()
            .unwrap()
            .client_request_id
            .as_deref(),
        Some("caller-chosen-1")
    );

    let trusted = harness(|config| config.trust_request_id = true).await;
    let reply = trusted
        .send(Method::GET, "/api/python", &[("x-request-id", "edge-id-7")])
        .await;
    assert_eq!(assert_hardened(&reply), "edge-id-7");
    let hostile = trusted
        .send(Method::GET, "/api/python", &[("x-request-id", "bad id\"x")])
        .await;
    assert_ne!(assert_hardened(&hostile), "bad id\"x");
}

#[tokio::test]
async fn admin_health_metrics_and_token_guarded_incidents() {
    let harness = harness(|config| {
        config.admin = Some(AdminConfig {
            listen: SocketAddr::from(([127, 0, 0, 1], 0)),
            token: Some("s3cret-admin-token".to_owned()),
        });
    })
    .await;
    let reply = harness.get("/api/python").await;
    let id = assert_hardened(&reply);
    let admin = harness.gateway.admin_addr().unwrap();
    let client = Client::builder(TokioExecutor::new()).build_http::<Empty<Bytes>>();
    let fetch = |path: String, token: Option<&'static str>| {
        let client = client.clone();
        async move {
            let mut request = Request::get(format!("http://{admin}{path}"));
            if let Some(token) = token {
                request = request.header("authorization", format!("Bearer {token}"));
            }
            let response = client
                .request(request.body(Empty::new()).unwrap())
                .await
                .unwrap();
            let status = response.status();
            let body = response.into_body().collect().await.unwrap().to_bytes();
            (status, String::from_utf8_lossy(&body).into_owned())
        }
    };
    assert_eq!(
        fetch("/healthz".into(), None).await,
        (StatusCode::OK, "ok\n".to_owned())
    );
    let (_, metrics) = fetch("/metrics".into(), None).await;
    assert!(
        metrics.contains("tightlip_responses_replaced_total 1"),
        "{metrics}"
    );
    assert!(
        metrics.contains("tightlip_responses_total{status=\"500\"} 1\n"),
        "{metrics}"
    );
    assert!(
        metrics.contains("tightlip_response_seconds_count 1\n"),
        "{metrics}"
    );
    let traces = metrics
        .lines()
        .find(|l| l.starts_with("tightlip_leaks_total{category=\"stack_trace\"}"))
        .unwrap();
    assert!(!traces.ends_with(" 0"), "{metrics}");
    assert!(
        metrics.contains("tightlip_incidents_submitted_total{sink=\"sqlite\"} 1"),
        "{metrics}"
    );
    assert_eq!(
        fetch(format!("/incidents/{id}"), None).await.0,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        fetch(format!("/incidents/{id}"), Some("wrong")).await.0,
        StatusCode::UNAUTHORIZED
    );
    // The writer batches; give it a moment to store the incident.
    let mut found = (StatusCode::NOT_FOUND, String::new());
    for _ in 0..50 {
        found = fetch(format!("/incidents/{id}"), Some("s3cret-admin-token")).await;
        if found.0 == StatusCode::OK {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(found.0, StatusCode::OK, "{}", found.1);
    assert!(found.1.contains(&id));
}

#[tokio::test]
async fn keeps_the_connection_alive_on_replaced_errors() {
    let harness = harness(|_| {}).await;
    // One raw HTTP/1.1 connection, three requests: nginx closes after an intercepted error.
    let mut stream = tokio::net::TcpStream::connect(harness.gateway.local_addr())
        .await
        .unwrap();
    for _ in 0..3 {
        stream
            .write_all(b"GET /api/python HTTP/1.1\r\nHost: x\r\n\r\n")
            .await
            .unwrap();
        let mut buffer = vec![0; 4096];
        let read = stream.read(&mut buffer).await.unwrap();
        let head = String::from_utf8_lossy(&buffer[..read]);
        assert!(head.starts_with("HTTP/1.1 500"), "{head}");
        assert!(
            !head.to_ascii_lowercase().contains("connection: close"),
            "{head}"
        );
    }
    let _ = harness.backend;
}
