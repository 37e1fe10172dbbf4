//! The gateway in front of scripted raw upstreams: chunked and gzip-compressed leaky
//! errors, an upstream that dies after a 2xx started streaming, mapping rules, errors in
//! disguise, and routing by host and path prefix.

mod support;

use std::io::Write;
use support::{Script, chunked, exchange, gateway, problem, response, scripted};
use tightlip_gateway::DisguiseMode;
use tokio::net::TcpStream;

const TRACE: &str = "Traceback (most recent call last):\n  File \"/srv/app/pay.py\", line 9, in charge\nKeyError: 'card'\n";

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(data).unwrap();
    encoder.finish().unwrap()
}

fn script(head: &str) -> Script {
    let path = head.split(' ').nth(1).unwrap_or("/");
    match path {
        "/chunked" => Script::Send(chunked(
            "500 Internal Server Error",
            &[("content-type", "text/plain")],
            &[&TRACE.as_bytes()[..20], &TRACE.as_bytes()[20..]],
        )),
        "/gzip" => Script::Send(response(
            "500 Internal Server Error",
            &[("content-type", "text/plain"), ("content-encoding", "gzip")],
            &gzip(TRACE.as_bytes()),
        )),
        "/gzip-ok" => Script::Send(response(
            "200 OK",
            &[("content-type", "application/json"), ("content-encoding", "gzip")],
            &gzip(b"{\"ok\":true}"),
        )),
        "/cut" => {
            let mut bytes = b"HTTP/1.1 200 OK\r\ncontent-type: application/octet-stream\r\ncontent-length: 100000\r\n\r\n".to_vec();
            bytes.resize(bytes.len() + 30_000, b'a');
            Script::Die(bytes)
        }
        "/cut-chunked" => Script::Die(
            b"HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\ntransfer-encoding: chunked\r\n\r\n5\r\nhello\r\n5\r\nworld\r\n".to_vec(),
        ),
        "/funds" => Script::Send(response(
            "500 Internal Server Error",
            &[("content-type", "application/json"), ("x-internal-node", "pay-3")],
            br#"{"code":"E_FUNDS","trace":"at Ledger.debit(ledger.go:88)"}"#,
        )),
        "/disguised" => Script::Send(response(
            "200 OK",
            &[("content-type", "application/json")],
            br#"{"success":false,"code":"E_FUNDS"}"#,
        )),
        "/fine" => Script::Send(response(
            "200 OK",
            &[("content-type", "application/json")],
            br#"{"success":true,"id":7}"#,
        )),
        other => Script::Send(response(
            "200 OK",
            &[("content-type", "text/plain")],
            format!("upstream-a {other}").as_bytes(),
        )),
    }
}

async fn get(addr: std::net::SocketAddr, path: &str, host: &str) -> support::Raw {
    let mut stream = TcpStream::connect(addr).await.unwrap();
    let request = format!("GET {path} HTTP/1.1\r\nhost: {host}\r\n\r\n");
    exchange(&mut stream, request.as_bytes(), false).await
}

#[tokio::test]
async fn chunked_and_compressed_leaky_errors_are_replaced() {
    let upstream = scripted(script).await;
    let running = gateway(&format!("http://{upstream}"), |_| {}).await;
    let addr = running.gateway.local_addr();
    let mut ids = Vec::new();
    for path in ["/chunked", "/gzip"] {
        let raw = get(addr, path, "x").await;
        assert_eq!(raw.status, 500, "{path}");
        assert!(!raw.text().contains("Traceback"), "{path}: {}", raw.text());
        assert!(raw.header("content-encoding").is_none());
        ids.push(problem(&raw)["request_id"].as_str().unwrap().to_owned());
    }
    // A compressed success streams through still compressed.
    let ok = get(addr, "/gzip-ok", "x").await;
    assert_eq!(ok.status, 200);
    assert_eq!(ok.header("content-encoding"), Some("gzip"));
    assert_eq!(ok.body, gzip(b"{\"ok\":true}"));
    let store = running.incidents().await;
    for id in ids {
        let incident = store.get(&id).unwrap().unwrap();
        assert_eq!(incident.kind.as_str(), "leak_blocked");
        assert!(
            incident.upstream.unwrap().body.contains("KeyError"),
            "decoded before capture"
        );
    }
}

#[tokio::test]
async fn upstream_dying_mid_body_aborts_the_download_and_is_recorded() {
    let upstream = scripted(script).await;
    let running = gateway(&format!("http://{upstream}"), |_| {}).await;
    let addr = running.gateway.local_addr();
    let cut = get(addr, "/cut", "x").await;
    assert_eq!(cut.status, 200);
    assert!(cut.truncated, "the caller must see an incomplete body");
    assert!(cut.body.len() < 100_000);
    assert!(
        cut.body.iter().all(|b| *b == b'a'),
        "nothing appended to the partial body"
    );
    let id = cut.header("x-request-id").unwrap().to_owned();
    let chunked = get(addr, "/cut-chunked", "x").await;
    assert!(
        chunked.truncated,
        "no terminating chunk: {:?}",
        chunked.text()
    );
    assert!(chunked.text().contains("world"));
    assert!(!chunked.text().to_ascii_lowercase().contains("error"));
    let store = running.incidents().await;
    let incident = store.get(&id).unwrap().expect("mid-body failure recorded");
    assert_eq!(incident.kind.as_str(), "upstream_error");
    assert_eq!(
        format!("{:?}", incident.origin),
        "Own { reason: \"upstream_died_mid_body\" }"
    );
    assert_eq!(incident.upstream_status, Some(200));
}

#[tokio::test]
async fn a_mapping_rule_turns_an_upstream_500_into_its_catalog_code() {
    let upstream = scripted(script).await;
    let catalog = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/catalog.toml");
    let toml_text = format!(
        "upstream = \"http://{upstream}\"\ncatalog = \"{catalog}\"\n\
         [[mapping]]\nstatus = 500\njson = {{ field = \"code\", equals = \"E_FUNDS\" }}\ncode = \"INSUFFICIENT_FUNDS\"\n"
    );
    let parsed = tightlip_gateway::GatewayConfig::parse(&toml_text, "test.toml").unwrap();
    let running = gateway("", |config| {
        let store = config.incidents.store.clone();
        let listen = config.listen;
        *config = parsed;
        config.incidents.store = store;
        config.listen = listen;
    })
    .await;
    let raw = get(running.gateway.local_addr(), "/funds", "x").await;
    assert_eq!(raw.status, 409);
    let value = problem(&raw);
    assert_eq!(value["code"], "INSUFFICIENT_FUNDS");
    assert!(
        raw.header("x-internal-node").is_none(),
        "replaced errors start from an empty header set"
    );
    assert!(!raw.text().contains("ledger.go"));
    let id = value["request_id"].as_str().unwrap().to_owned();
    let store = running.incidents().await;
    let incident = store.get(&id).unwrap().unwrap();
    assert_eq!(
        format!("{:?}", incident.origin),
        "Replaced { reason: \"mapping_rule\" }"
    );
    assert_eq!(incident.upstream_status, Some(500));
    assert_eq!(incident.public_status, 409);
}

#[tokio::test]
async fn errors_in_disguise_are_recorded_and_optionally_rewritten() {
    let upstream = scripted(script).await;
    let recording = gateway(&format!("http://{upstream}"), |_| {}).await;
    let raw = get(recording.gateway.local_addr(), "/disguised", "x").await;
    assert_eq!(raw.status, 200, "recorded, not changed");
    assert_eq!(raw.text(), r#"{"success":false,"code":"E_FUNDS"}"#);
    let id = raw.header("x-request-id").unwrap().to_owned();
    let fine = get(recording.gateway.local_addr(), "/fine", "x").await;
    let fine_id = fine.header("x-request-id").unwrap().to_owned();
    let store = recording.incidents().await;
    let incident = store.get(&id).unwrap().expect("status_mismatch recorded");
    assert_eq!(incident.kind.as_str(), "status_mismatch");
    assert!(
        incident.error_chain[0].contains("success_false"),
        "{:?}",
        incident.error_chain
    );
    assert!(
        store.get(&fine_id).unwrap().is_none(),
        "a real success is no incident"
    );

    let rewriting = gateway(&format!("http://{upstream}"), |config| {
        config.disguised_errors = DisguiseMode::Rewrite;
        config.mapping = tightlip_gateway::GatewayConfig::parse(
            "upstream = \"http://127.0.0.1:1\"\n[[mapping]]\nstatus = \"2xx\"\njson = { field = \"code\", equals = \"E_FUNDS\" }\ncode = \"CONFLICT\"\n",
            "t.toml",
        )
        .unwrap()
        .mapping;
    })
    .await;
    let raw = get(rewriting.gateway.local_addr(), "/disguised", "x").await;
    assert_eq!(raw.status, 409);
    assert_eq!(problem(&raw)["code"], "CONFLICT");
}

#[tokio::test]
async fn routes_pick_upstreams_by_host_and_prefix_and_unrouted_is_404() {
    let a = scripted(script).await;
    let b = scripted(|head| {
        let path = head.split(' ').nth(1).unwrap_or("/").to_owned();
        Script::Send(response(
            "200 OK",
            &[],
            format!("upstream-b {path}").as_bytes(),
        ))
    })
    .await;
    let toml_text = format!(
        "[[routes]]\npath_prefix = \"/a\"\nupstream = \"http://{a}\"\nstrip_prefix = true\n\
         [[routes]]\nhost = \"b.test\"\nupstream = \"http://{b}\"\n"
    );
    let parsed = tightlip_gateway::GatewayConfig::parse(&toml_text, "routes.toml").unwrap();
    let running = gateway("", |config| config.routes = parsed.routes).await;
    let addr = running.gateway.local_addr();
    assert_eq!(
        get(addr, "/a/orders", "x").await.text(),
        "upstream-a /orders"
    );
    assert_eq!(get(addr, "/x", "B.test:8080").await.text(), "upstream-b /x");
    let unrouted = get(addr, "/elsewhere", "c.test").await;
    assert_eq!(unrouted.status, 404);
    assert_eq!(problem(&unrouted)["code"], "NOT_FOUND");
}

/// Regression: the demo backend answered before reading a large request body and closed
/// with the bytes unread; when the reset reached the gateway first, it answered 502. A race,
/// so each route is tried several times, each on a new connection.
#[tokio::test]
async fn a_large_request_body_through_to_the_demo_backend_gets_its_answer_not_a_502() {
    let any_port = std::net::SocketAddr::from(([127, 0, 0, 1], 0));
    let backend = tightlip_gateway::demo::spawn_backend(any_port)
        .await
        .unwrap();
    let running = gateway(&format!("http://{backend}"), |_| {}).await;
    let body = vec![b'a'; 2 << 20];
    for round in 0..8 {
        for (path, status) in [
            ("/api/large", 200),
            ("/api/missing", 404),
            ("/api/orders/42", 200),
        ] {
            let mut stream = TcpStream::connect(running.gateway.local_addr())
                .await
                .unwrap();
            let mut request = format!(
                "POST {path} HTTP/1.1\r\nHost: shop\r\nContent-Type: application/json\r\n\
                 Content-Length: {}\r\n\r\n",
                body.len()
            )
            .into_bytes();
            request.extend_from_slice(&body);
            let reply = exchange(&mut stream, &request, false).await;
            assert_eq!(
                reply.status,
                status,
                "round {round}, {path}: {}",
                reply.text()
            );
        }
    }
}
