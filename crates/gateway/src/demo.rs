//! A deliberately leaky backend for `tightlip demo` and the tests: every route fails the
//! way real frameworks in debug mode do.

use crate::body::{self, Body};
use http::{Request, Response, StatusCode};
use hyper::body::Incoming;
use hyper::service::service_fn;
use hyper_util::rt::{TokioExecutor, TokioIo};
use hyper_util::server::conn::auto;
use std::net::SocketAddr;
use std::time::Duration;
use tokio::net::TcpListener;

/// The routes, with what each one does, for the demo's printed guide.
pub const ROUTES: &[(&str, &str)] = &[
    ("/api/orders/42", "a normal 200 JSON answer"),
    (
        "/api/python",
        "500 with a Python traceback and a DSN with a password",
    ),
    ("/api/java", "500 with a Java stack trace and Caused by"),
    ("/api/sql", "500 with a PostgreSQL error and the query"),
    ("/api/secret", "500 echoing an AWS key and a bearer token"),
    ("/api/missing", "404 with a clean problem+json body"),
    ("/api/admin", "403 on an existing resource"),
    ("/api/slow", "answers after 3 seconds"),
    ("/api/drop", "closes the connection without answering"),
    ("/api/large", "200 with a 64 KiB JSON body"),
    (
        "/login",
        "POST: 401 after a slow hash for a known user, 404 at once for an unknown one",
    ),
];

const PYTHON: &str = "Traceback (most recent call last):\n  File \"/srv/shop/app/views.py\", line 88, in checkout\n    db = connect(\"postgres://shop:Sup3rS3cret@db-primary.internal:5432/shop\")\n  File \"/usr/lib/python3.11/site-packages/psycopg2/__init__.py\", line 122, in connect\npsycopg2.OperationalError: could not connect to server: Connection refused\n";
const JAVA: &str = "java.lang.NullPointerException: Cannot invoke \"com.acme.pay.Account.balance()\"\n\tat com.acme.pay.PaymentService.charge(PaymentService.java:118)\n\tat com.acme.pay.PaymentController.pay(PaymentController.java:54)\nCaused by: org.hibernate.exception.JDBCConnectionException: unable to obtain isolated JDBC connection\n";
const SQL: &str = "{\"error\":\"ERROR:  relation \\\"customers_v2\\\" does not exist at character 15\",\"query\":\"SELECT id, email, card_last4 FROM customers_v2 WHERE id = $1\"}";
const SECRET: &str = "{\"error\":\"S3 upload failed\",\"config\":{\"aws_access_key_id\":\"AKIAIOSFODNN7EXAMPLE\",\"auth\":\"Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZG1pbiJ9.c2lnbmF0dXJlLWV4YW1wbGU\"}}";

fn reply(status: u16, content_type: &str, body: impl Into<bytes::Bytes>) -> Response<Body> {
    let mut response = Response::new(body::full(body));
    *response.status_mut() =
        StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let headers = response.headers_mut();
    headers.insert("content-type", content_type.parse().expect("static"));
    // The banners real stacks send, so header hygiene has something to remove.
    headers.insert("server", "gunicorn/20.1.0".parse().expect("static"));
    headers.insert("x-powered-by", "Express".parse().expect("static"));
    response
}

/// Reads and discards a request body (up to 16 MiB) before answering, as the frameworks
/// this backend imitates do: closing a socket with unread bytes resets it, and the reset
/// can destroy the answer on its way.
async fn drain(body: Incoming) {
    use http_body_util::BodyExt;
    let _ = http_body_util::Limited::new(body, 16 << 20).collect().await;
}

/// Answers one request of the leaky backend; `None` means drop the connection.
async fn route(request: Request<Incoming>) -> Option<Response<Body>> {
    let path = request.uri().path().to_owned();
    if path == "/login" && request.method() == http::Method::POST {
        return Some(login(request).await);
    }
    drain(request.into_body()).await;
    Some(match path.as_str() {
        "/api/orders/42" => reply(
            200,
            "application/json",
            "{\"id\":42,\"status\":\"shipped\",\"total\":\"19.99\"}",
        ),
        "/api/python" => reply(500, "text/plain", PYTHON),
        "/api/java" => reply(500, "text/plain", JAVA),
        "/api/sql" => reply(500, "application/json", SQL),
        "/api/secret" => reply(500, "application/json", SECRET),
        "/api/missing" => reply(
            404,
            "application/problem+json",
            "{\"type\":\"about:blank\",\"title\":\"Order not found\",\"status\":404}",
        ),
        "/api/admin" => reply(403, "application/json", "{\"error\":\"forbidden\"}"),
        "/api/slow" => {
            tokio::time::sleep(Duration::from_secs(3)).await;
            reply(200, "application/json", "{\"slow\":true}")
        }
        "/api/drop" => return None,
        "/api/large" => {
            let item = "{\"id\":1,\"name\":\"widget\",\"price\":\"9.99\"},";
            let mut body = String::from("[");
            while body.len() < 64 * 1024 - 64 {
                body.push_str(item);
            }
            body.push_str("{}]");
            reply(200, "application/json", body)
        }
        _ => reply(
            404,
            "text/html",
            "<h1>Not Found</h1><p>The requested URL was not found on this server.</p><hr><address>Apache/2.4.41 (Ubuntu) Server at 10.0.3.17 Port 80</address>",
        ),
    })
}

/// Accounts that exist, so `/login` has someone to enumerate.
const USERS: [&str; 2] = ["admin", "alice"];

/// A login that tells who exists twice over: a known user costs a slow password hash
/// (15-30 ms) and gets 401, an unknown one gets 404 at once.
async fn login(request: Request<Incoming>) -> Response<Body> {
    use http_body_util::BodyExt;
    let limited = http_body_util::Limited::new(request.into_body(), 64 << 10);
    let body = limited
        .collect()
        .await
        .map(http_body_util::Collected::to_bytes)
        .unwrap_or_default();
    let user = json_string_field(&body, "username").unwrap_or_default();
    if USERS.contains(&user.as_str()) {
        let jitter = u64::from(uuid::Uuid::new_v4().as_bytes()[0] % 16);
        tokio::time::sleep(Duration::from_millis(15 + jitter)).await;
        reply(401, "application/json", "{\"error\":\"wrong password\"}")
    } else {
        reply(404, "application/json", "{\"error\":\"no such user\"}")
    }
}

/// The string value of `"field": "..."` in a JSON object, without escapes; enough for a
/// demo that must not pull in a JSON parser.
fn json_string_field(body: &[u8], field: &str) -> Option<String> {
    let text = std::str::from_utf8(body).ok()?;
    let key = format!("\"{field}\"");
    let after = &text[text.find(&key)? + key.len()..];
    let value = after
        .trim_start()
        .strip_prefix(':')?
        .trim_start()
        .strip_prefix('"')?;
    Some(value[..value.find('"')?].to_owned())
}

/// Binds the leaky backend on `addr` (port 0 picks one) and serves it in the background.
pub async fn spawn_backend(addr: SocketAddr) -> std::io::Result<SocketAddr> {
    let listener = TcpListener::bind(addr).await?;
    let local = listener.local_addr()?;
    tokio::spawn(async move {
        loop {
            let Ok((stream, _)) = listener.accept().await else {
                continue;
            };
            tokio::spawn(async move {
                let service = service_fn(|request| async move {
                    match route(request).await {
                        Some(response) => Ok(response),
                        None => Err("dropped on purpose"),
                    }
                });
                let _ = auto::Builder::new(TokioExecutor::new())
                    .serve_connection(TokioIo::new(stream), service)
                    .await;
            });
        }
    });
    Ok(local)
}
