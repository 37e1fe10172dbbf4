//! What goes upstream with each request: the gateway's X-Request-ID (the same the caller
//! and the incident see) and a W3C traceparent, forwarded when valid, created otherwise.

mod support;

use support::{Script, exchange, gateway, response, scripted};
use tokio::net::TcpStream;

/// Echoes the request head it got as the body of a 500 (or of a 200 for `/ok`).
fn echo(head: &str) -> Script {
    let status = if head.starts_with("GET /ok") {
        "200 OK"
    } else {
        "500 Internal Server Error"
    };
    Script::Send(response(
        status,
        &[("content-type", "text/plain")],
        head.as_bytes(),
    ))
}

fn header_of(head: &str, name: &str) -> Option<String> {
    head.lines().find_map(|line| {
        line.to_ascii_lowercase()
            .strip_prefix(&format!("{name}: "))
            .map(str::to_owned)
    })
}

#[tokio::test]
async fn request_id_and_traceparent_go_upstream() {
    let upstream = scripted(echo).await;
    let running = gateway(&format!("http://{upstream}"), |_| {}).await;
    let addr = running.gateway.local_addr();
    let parent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    let mut stream = TcpStream::connect(addr).await.unwrap();
    let request = format!(
        "GET /ok HTTP/1.1\r\nhost: x\r\ntraceparent: {parent}\r\nx-request-id: mine\r\n\r\n"
    );
    let raw = exchange(&mut stream, request.as_bytes(), false).await;
    let seen = raw.text();
    assert_eq!(
        header_of(&seen, "traceparent").as_deref(),
        Some(parent),
        "{seen}"
    );
    let upstream_id = header_of(&seen, "x-request-id").unwrap();
    assert_eq!(raw.header("x-request-id"), Some(upstream_id.as_str()));
    assert_ne!(upstream_id, "mine", "the edge issues its own ID");

    // No (or an invalid) traceparent: one is created, and the incident carries its trace.
    let raw = exchange(
        &mut stream,
        b"GET /fail HTTP/1.1\r\nhost: x\r\ntraceparent: garbage\r\n\r\n",
        false,
    )
    .await;
    assert_eq!(raw.status, 500);
    let id = raw.header("x-request-id").unwrap().to_owned();
    let store = running.incidents().await;
    let incident = store.get(&id).unwrap().unwrap();
    let captured = incident.upstream.unwrap().body;
    let created = header_of(&captured, "traceparent").expect("a traceparent was created");
    assert_ne!(created, "garbage");
    let trace = incident.trace_id.unwrap();
    assert!(
        created.starts_with(&format!("00-{trace}-")),
        "{created} vs {trace}"
    );
    assert_eq!(
        header_of(&captured, "x-request-id").as_deref(),
        Some(id.as_str())
    );
}

#[tokio::test]
async fn head_of_a_clean_4xx_keeps_the_declared_length() {
    let upstream = scripted(|_| {
        Script::Send(
            b"HTTP/1.1 404 Not Found\r\nconnection: close\r\ncontent-type: application/json\r\ncontent-length: 27\r\n\r\n"
                .to_vec(),
        )
    })
    .await;
    let running = gateway(&format!("http://{upstream}"), |_| {}).await;
    let mut stream = TcpStream::connect(running.gateway.local_addr())
        .await
        .unwrap();
    let raw = exchange(&mut stream, b"HEAD /gone HTTP/1.1\r\nhost: x\r\n\r\n", true).await;
    assert_eq!(raw.status, 404);
    assert_eq!(raw.header("content-length"), Some("27"));
    assert!(raw.body.is_empty());
    assert!(raw.header("x-request-id").is_some());
}
