//! The admin listener, loopback by default: health, Prometheus metrics, and incidents by
//! ID behind a bearer token.

use crate::body::{self, Body};
use crate::state::State;
use http::{Request, Response, StatusCode, header};
use hyper::body::Incoming;
use hyper::service::service_fn;
use hyper_util::rt::{TokioExecutor, TokioIo};
use hyper_util::server::conn::auto;
use serde::Deserialize;
use std::fmt::Write;
use std::net::SocketAddr;
use std::sync::Arc;
use subtle::ConstantTimeEq;
use tokio::net::TcpListener;
use tokio::sync::watch;

/// The `[admin]` table.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct AdminConfig {
    /// Where the admin endpoints listen; keep it on loopback or a private network.
    #[serde(default = "default_listen")]
    pub listen: SocketAddr,
    /// Bearer token for `/incidents/{id}`; `TIGHTLIP_ADMIN_TOKEN` also sets it. Without
    /// one, that endpoint is off.
    #[serde(default)]
    pub token: Option<String>,
}

fn default_listen() -> SocketAddr {
    SocketAddr::from(([127, 0, 0, 1], 9090))
}

impl Default for AdminConfig {
    fn default() -> Self {
        Self {
            listen: default_listen(),
            token: None,
        }
    }
}

fn text(status: StatusCode, content_type: &'static str, body: String) -> Response<Body> {
    let mut response = Response::new(body::full(body));
    *response.status_mut() = status;
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, content_type.parse().expect("static"));
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, "no-store".parse().expect("static"));
    response
}

/// Whether the request carries the configured token; compared in constant time.
fn authorised(request: &Request<Incoming>, token: Option<&str>) -> bool {
    let Some(token) = token.filter(|t| !t.is_empty()) else {
        return false;
    };
    let offered = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or("");
    bool::from(offered.as_bytes().ct_eq(token.as_bytes()))
}

async fn answer(
    state: Arc<State>,
    token: Option<String>,
    request: Request<Incoming>,
) -> Response<Body> {
    let path = request.uri().path().to_owned();
    match path.as_str() {
        "/healthz" => {
            let degraded: Vec<String> = state
                .recorder
                .stats()
                .into_iter()
                .filter_map(|lane| lane.degraded.map(|why| format!("{}: {why}", lane.sink)))
                .collect();
            // Degraded incident storage does not stop serving: still 200, but say so.
            let body = if degraded.is_empty() {
                "ok\n".to_owned()
            } else {
                format!("degraded\n{}\n", degraded.join("\n"))
            };
            text(StatusCode::OK, "text/plain; charset=utf-8", body)
        }
        "/metrics" => {
            let mut body = state.metrics.render(&state.recorder.stats());
            body.push_str("# TYPE tightlip_in_flight gauge\n");
            let _ = writeln!(body, "tightlip_in_flight {}", state.in_flight.current());
            text(StatusCode::OK, "text/plain; version=0.0.4", body)
        }
        _ if path.starts_with("/incidents/") => {
            if token.is_none() {
                return text(StatusCode::NOT_FOUND, "text/plain", "not found\n".into());
            }
            if !authorised(&request, token.as_deref()) {
                let mut response = text(
                    StatusCode::UNAUTHORIZED,
                    "text/plain",
                    "unauthorized\n".into(),
                );
                response
                    .headers_mut()
                    .insert(header::WWW_AUTHENTICATE, "Bearer".parse().expect("static"));
                return response;
            }
            let key = path.trim_start_matches("/incidents/").to_owned();
            let store = state.config.incidents.store.clone();
            let found = tokio::task::spawn_blocking(move || {
                tightlip_incident::Store::open(&store).and_then(|store| store.get(&key))
            })
            .await;
            match found {
                Ok(Ok(Some(incident))) => {
                    text(StatusCode::OK, "application/json", incident.to_json())
                }
                Ok(Ok(None)) => text(
                    StatusCode::NOT_FOUND,
                    "text/plain",
                    "no such incident\n".into(),
                ),
                Ok(Err(tightlip_incident::StoreError::MalformedKey(_))) => text(
                    StatusCode::BAD_REQUEST,
                    "text/plain",
                    "malformed incident ID\n".into(),
                ),
                _ => text(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "text/plain",
                    "incident store unavailable\n".into(),
                ),
            }
        }
        _ => text(StatusCode::NOT_FOUND, "text/plain", "not found\n".into()),
    }
}

/// Serves the admin endpoints until `stopped` flips.
pub async fn serve(listener: TcpListener, state: Arc<State>, mut stopped: watch::Receiver<bool>) {
    let token = state
        .config
        .admin
        .as_ref()
        .and_then(|admin| admin.token.clone())
        .or_else(|| std::env::var("TIGHTLIP_ADMIN_TOKEN").ok())
        .filter(|t| !t.is_empty());
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let Ok((stream, _)) = accepted else { continue };
                let state = Arc::clone(&state);
                let token = token.clone();
                tokio::spawn(async move {
                    let service = service_fn(move |request| {
                        let state = Arc::clone(&state);
                        let token = token.clone();
                        async move { Ok::<_, std::convert::Infallible>(answer(state, token, request).await) }
                    });
                    let _ = auto::Builder::new(TokioExecutor::new())
                        .serve_connection(TokioIo::new(stream), service)
                        .await;
                });
            }
            _ = stopped.changed() => break,
        }
    }
}
