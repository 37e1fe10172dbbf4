//! The gateway's own errors over real loopback: catalog problems with the hardened header
//! set, no product name or version, and the connection kept where HTTP allows it.

mod support;

use std::time::Duration;
use support::{Script, exchange, gateway, response, scripted};
use tokio::net::TcpStream;

fn script(head: &str) -> Script {
    let ok = response("200 OK", &[("content-type", "text/plain")], b"fine");
    if head.starts_with("GET /slow") {
        Script::Slow(Duration::from_millis(800), ok)
    } else {
        Script::Send(ok)
    }
}

/// The hardened problem's (code, request_id).
fn hardened(raw: &support::Raw) -> (String, String) {
    let value = support::problem(raw);
    (
        value["code"].as_str().unwrap().to_owned(),
        value["request_id"].as_str().unwrap().to_owned(),
    )
}

#[tokio::test]
async fn oversized_heads_malformed_requests_and_unrouted_paths_keep_the_connection() {
    let upstream = scripted(script).await;
    let running = gateway(&format!("http://{upstream}"), |config| {
        config.limits.header_size = 4096;
    })
    .await;
    let mut stream = TcpStream::connect(running.gateway.local_addr())
        .await
        .unwrap();
    let big = format!(
        "GET / HTTP/1.1\r\nhost: x\r\nx-big: {}\r\n\r\n",
        "v".repeat(6000)
    );
    let raw = exchange(&mut stream, big.as_bytes(), false).await;
    assert_eq!(raw.status, 431);
    assert_eq!(hardened(&raw).0, "REQUEST_HEADER_FIELDS_TOO_LARGE");
    // The same connection goes on: no host is malformed in HTTP/1.1.
    let raw = exchange(&mut stream, b"GET / HTTP/1.1\r\n\r\n", false).await;
    assert_eq!(raw.status, 400);
    assert_eq!(hardened(&raw).0, "BAD_REQUEST");
    let raw = exchange(
        &mut stream,
        b"GET / HTTP/1.1\r\nhost: a\r\nhost: b\r\n\r\n",
        false,
    )
    .await;
    assert_eq!(raw.status, 400);
    // HEAD of an own error: headers and length, no body.
    let raw = exchange(&mut stream, b"HEAD / HTTP/1.1\r\n\r\n", true).await;
    assert_eq!(raw.status, 400);
    assert!(raw.body.is_empty());
    assert!(
        raw.header("content-length")
            .unwrap()
            .parse::<usize>()
            .unwrap()
            > 0
    );
    let raw = exchange(&mut stream, b"GET / HTTP/1.1\r\nhost: x\r\n\r\n", false).await;
    assert_eq!((raw.status, raw.text().as_str()), (200, "fine"));
    // Bytes that are not HTTP at all, and a head past the parser's buffer (4 x 4 KiB,
    // at least 64 KiB), are rejected by the parser; the caller still gets the catalog
    // problem, and the connection closes.
    let mut garbage = TcpStream::connect(running.gateway.local_addr())
        .await
        .unwrap();
    let raw = exchange(&mut garbage, b"\x16\x03\x01 not http\r\n\r\n", false).await;
    assert_eq!(raw.status, 400);
    assert_eq!(hardened(&raw).0, "BAD_REQUEST");
    assert_eq!(raw.header("connection"), Some("close"));
    let mut huge = TcpStream::connect(running.gateway.local_addr())
        .await
        .unwrap();
    // Exactly the buffer's size and no end of head, so nothing is left unread.
    let mut head = b"GET / HTTP/1.1\r\nhost: x\r\nx-big: ".to_vec();
    head.resize(64 << 10, b'v');
    let raw = exchange(&mut huge, &head, false).await;
    assert_eq!(raw.status, 431);
    let (code, id) = hardened(&raw);
    assert_eq!(code, "REQUEST_HEADER_FIELDS_TOO_LARGE");
    let store = running.incidents().await;
    let incident = store
        .get(&id)
        .unwrap()
        .expect("parser rejections are recorded");
    assert_eq!(
        format!("{:?}", incident.origin),
        "Own { reason: \"header_too_large_for_parser\" }"
    );
}

#[tokio::test]
async fn request_bodies_over_the_limit_are_413() {
    let upstream = scripted(script).await;
    let running = gateway(&format!("http://{upstream}"), |config| {
        config.limits.request_body = 1024;
    })
    .await;
    let mut stream = TcpStream::connect(running.gateway.local_addr())
        .await
        .unwrap();
    let declared = format!(
        "POST / HTTP/1.1\r\nhost: x\r\ncontent-length: 5000\r\n\r\n{}",
        "b".repeat(5000)
    );
    let raw = exchange(&mut stream, declared.as_bytes(), false).await;
    assert_eq!(raw.status, 413);
    assert_eq!(hardened(&raw).0, "CONTENT_TOO_LARGE");
    let mut stream = TcpStream::connect(running.gateway.local_addr())
        .await
        .unwrap();
    let chunk = "c".repeat(3000);
    let streamed = format!(
        "POST / HTTP/1.1\r\nhost: x\r\ntransfer-encoding: chunked\r\n\r\n{:x}\r\n{chunk}\r\n0\r\n\r\n",
        chunk.len()
    );
    let raw = exchange(&mut stream, streamed.as_bytes(), false).await;
    assert_eq!(raw.status, 413, "{}", raw.text());
    hardened(&raw);
}

#[tokio::test]
async fn overload_is_503_with_retry_after() {
    let upstream = scripted(script).await;
    let running = gateway(&format!("http://{upstream}"), |config| {
        config.limits.max_in_flight = 1;
        config.limits.max_connections = 2;
    })
    .await;
    let addr = running.gateway.local_addr();
    let slow = tokio::spawn(async move {
        let mut stream = TcpStream::connect(addr).await.unwrap();
        exchange(&mut stream, b"GET /slow HTTP/1.1\r\nhost: x\r\n\r\n", false).await
    });
    tokio::time::sleep(Duration::from_millis(200)).await;
    let mut second = TcpStream::connect(addr).await.unwrap();
    let raw = exchange(&mut second, b"GET / HTTP/1.1\r\nhost: x\r\n\r\n", false).await;
    assert_eq!(raw.status, 503);
    assert_eq!(raw.header("retry-after"), Some("1"));
    assert_eq!(hardened(&raw).0, "SERVICE_UNAVAILABLE");
    // A third connection is over max_connections: 503 and closed.
    let mut third = TcpStream::connect(addr).await.unwrap();
    let raw = exchange(&mut third, b"GET / HTTP/1.1\r\nhost: x\r\n\r\n", false).await;
    assert_eq!(raw.status, 503);
    assert_eq!(raw.header("retry-after"), Some("1"));
    assert_eq!(raw.header("connection"), Some("close"));
    let (_, id) = hardened(&raw);
    assert_eq!(slow.await.unwrap().status, 200);
    let store = running.incidents().await;
    let incident = store.get(&id).unwrap().unwrap();
    assert_eq!(
        format!("{:?}", incident.origin),
        "Own { reason: \"too_many_connections\" }"
    );
}
