//! Real TLS (a certificate made for the test with rcgen, rustls on both ends) and real
//! HTTP/2: ALPN over TLS, h2c prior knowledge in plaintext, TLS 1.3 by default.

mod support;

use bytes::Bytes;
use http::{Method, Request, Version};
use http_body_util::{BodyExt, Empty};
use hyper_util::rt::{TokioExecutor, TokioIo};
use rustls::pki_types::ServerName;
use std::net::SocketAddr;
use std::sync::Arc;
use support::gateway;
use tightlip_gateway::demo::spawn_backend;
use tightlip_gateway::{TlsConfig, TlsVersion};
use tokio::net::TcpStream;
use tokio_rustls::TlsConnector;

struct Identity {
    dir: tempfile::TempDir,
    der: rustls::pki_types::CertificateDer<'static>,
}

fn identity() -> Identity {
    let rcgen::CertifiedKey { cert, key_pair } =
        rcgen::generate_simple_self_signed(vec!["localhost".to_owned()]).unwrap();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("cert.pem"), cert.pem()).unwrap();
    std::fs::write(dir.path().join("key.pem"), key_pair.serialize_pem()).unwrap();
    Identity {
        dir,
        der: cert.der().clone(),
    }
}

fn tls_config(identity: &Identity, min_version: TlsVersion) -> TlsConfig {
    TlsConfig {
        cert: identity.dir.path().join("cert.pem"),
        key: identity.dir.path().join("key.pem"),
        min_version,
        http2: true,
    }
}

fn connector(
    identity: &Identity,
    versions: &[&'static rustls::SupportedProtocolVersion],
    alpn: &[&[u8]],
) -> TlsConnector {
    let mut roots = rustls::RootCertStore::empty();
    roots.add(identity.der.clone()).unwrap();
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = rustls::ClientConfig::builder_with_provider(provider)
        .with_protocol_versions(versions)
        .unwrap()
        .with_root_certificates(roots)
        .with_no_client_auth();
    config.alpn_protocols = alpn.iter().map(|p| p.to_vec()).collect();
    TlsConnector::from(Arc::new(config))
}

struct Answer {
    version: Version,
    status: u16,
    headers: http::HeaderMap,
    body: String,
}

async fn send_h2<I>(io: I, method: Method, path: &str) -> Answer
where
    I: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin + Send + 'static,
{
    let (mut sender, connection) =
        hyper::client::conn::http2::handshake(TokioExecutor::new(), TokioIo::new(io))
            .await
            .unwrap();
    tokio::spawn(connection);
    let request = Request::builder()
        .method(method)
        .uri(format!("https://localhost{path}"))
        .body(Empty::<Bytes>::new())
        .unwrap();
    answer(sender.send_request(request).await.unwrap()).await
}

async fn send_h1<I>(io: I, path: &str) -> Answer
where
    I: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin + Send + 'static,
{
    let (mut sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(io))
        .await
        .unwrap();
    tokio::spawn(connection);
    let request = Request::get(path)
        .header("host", "localhost")
        .body(Empty::<Bytes>::new())
        .unwrap();
    answer(sender.send_request(request).await.unwrap()).await
}

async fn answer(response: http::Response<hyper::body::Incoming>) -> Answer {
    let version = response.version();
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let body = response.into_body().collect().await.unwrap().to_bytes();
    Answer {
        version,
        status,
        headers,
        body: String::from_utf8_lossy(&body).into_owned(),
    }
}

async fn backend() -> String {
    let addr = spawn_backend(SocketAddr::from(([127, 0, 0, 1], 0)))
        .await
        .unwrap();
    format!("http://{addr}")
}

async fn handshake(
    addr: SocketAddr,
    connector: &TlsConnector,
) -> std::io::Result<tokio_rustls::client::TlsStream<TcpStream>> {
    let tcp = TcpStream::connect(addr).await?;
    connector
        .connect(ServerName::try_from("localhost").unwrap(), tcp)
        .await
}

#[tokio::test]
async fn tls13_with_alpn_h2_serves_http2_and_replaces_leaks() {
    let identity = identity();
    let running = gateway(&backend().await, |config| {
        config.tls = Some(tls_config(&identity, TlsVersion::Tls13));
    })
    .await;
    let addr = running.gateway.local_addr();
    let h2 = connector(&identity, &[&rustls::version::TLS13], &[b"h2", b"http/1.1"]);
    let stream = handshake(addr, &h2).await.unwrap();
    assert_eq!(stream.get_ref().1.alpn_protocol(), Some(b"h2".as_slice()));
    assert_eq!(
        stream.get_ref().1.protocol_version(),
        Some(rustls::ProtocolVersion::TLSv1_3)
    );
    let leaky = send_h2(stream, Method::GET, "/api/python").await;
    assert_eq!(leaky.version, Version::HTTP_2);
    assert_eq!(leaky.status, 500);
    assert!(!leaky.body.contains("Traceback"), "{}", leaky.body);
    assert_eq!(leaky.headers["content-type"], "application/problem+json");
    let id: serde_json::Value = serde_json::from_str(&leaky.body).unwrap();
    assert_eq!(
        leaky.headers["x-request-id"],
        id["request_id"].as_str().unwrap()
    );

    let stream = handshake(addr, &h2).await.unwrap();
    let head = send_h2(stream, Method::HEAD, "/api/java").await;
    assert_eq!((head.status, head.body.as_str()), (500, ""));
    let stream = handshake(addr, &h2).await.unwrap();
    let ok = send_h2(stream, Method::GET, "/api/large").await;
    assert_eq!(ok.status, 200);
    assert!(ok.body.len() > 60_000);

    let h1 = connector(&identity, &[&rustls::version::TLS13], &[b"http/1.1"]);
    let stream = handshake(addr, &h1).await.unwrap();
    let plain = send_h1(stream, "/api/orders/42").await;
    assert_eq!(plain.version, Version::HTTP_11);
    assert_eq!(plain.status, 200);
    assert!(plain.body.contains("shipped"));
}

#[tokio::test]
async fn tls12_only_when_configured() {
    let identity = identity();
    let tls12 = connector(&identity, &[&rustls::version::TLS12], &[b"http/1.1"]);
    let strict = gateway(&backend().await, |config| {
        config.tls = Some(tls_config(&identity, TlsVersion::Tls13));
    })
    .await;
    assert!(
        handshake(strict.gateway.local_addr(), &tls12)
            .await
            .is_err(),
        "TLS 1.2 refused by default"
    );
    let lenient = gateway(&backend().await, |config| {
        config.tls = Some(tls_config(&identity, TlsVersion::Tls12));
    })
    .await;
    let stream = handshake(lenient.gateway.local_addr(), &tls12)
        .await
        .unwrap();
    assert_eq!(
        stream.get_ref().1.protocol_version(),
        Some(rustls::ProtocolVersion::TLSv1_2)
    );
    let reply = send_h1(stream, "/api/sql").await;
    assert_eq!(reply.status, 500);
    assert!(!reply.body.contains("customers_v2"));
}

#[tokio::test]
async fn h2c_prior_knowledge_in_plaintext() {
    let running = gateway(&backend().await, |_| {}).await;
    let tcp = TcpStream::connect(running.gateway.local_addr())
        .await
        .unwrap();
    let reply = send_h2(tcp, Method::GET, "/api/secret").await;
    assert_eq!(reply.version, Version::HTTP_2);
    assert_eq!(reply.status, 500);
    assert!(!reply.body.contains("AKIA"), "{}", reply.body);
}

#[test]
fn a_missing_key_is_a_clear_error() {
    let identity = identity();
    let mut config = tls_config(&identity, TlsVersion::Tls13);
    config.key = identity.dir.path().join("absent.pem");
    let message = config.acceptor().err().unwrap().to_string();
    assert!(message.contains("absent.pem"), "{message}");
}

#[tokio::test]
async fn an_upstream_dying_mid_body_resets_the_http2_stream() {
    let upstream = support::scripted(|_| {
        let mut bytes =
            b"HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\ncontent-length: 50000\r\n\r\n"
                .to_vec();
        bytes.resize(bytes.len() + 20_000, b'z');
        support::Script::Die(bytes)
    })
    .await;
    let running = gateway(&format!("http://{upstream}"), |_| {}).await;
    let tcp = TcpStream::connect(running.gateway.local_addr())
        .await
        .unwrap();
    let (mut sender, connection) =
        hyper::client::conn::http2::handshake(TokioExecutor::new(), TokioIo::new(tcp))
            .await
            .unwrap();
    tokio::spawn(connection);
    let request = Request::get("http://localhost/download")
        .body(Empty::<Bytes>::new())
        .unwrap();
    let response = sender.send_request(request).await.unwrap();
    assert_eq!(response.status(), 200);
    let mut body = response.into_body();
    let mut received = Vec::new();
    let outcome = loop {
        match body.frame().await {
            Some(Ok(frame)) => received.extend_from_slice(frame.data_ref().unwrap()),
            Some(Err(error)) => break Err(error),
            None => break Ok(()),
        }
    };
    assert!(
        outcome.is_err(),
        "the stream must end in an error, not a clean end"
    );
    assert!(received.len() < 50_000);
    assert!(received.iter().all(|b| *b == b'z'), "nothing appended");
}
