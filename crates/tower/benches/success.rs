//! The success path in process: one GET through the same axum router, bare and behind
//! `TightlipLayer` (defaults, and without the request-ID extension), no sockets, so the
//! layer's own cost per request shows without the noise of a load test.
//!
//! ```sh
//! cargo bench -p tightlip-tower --bench success
//! ```
//!
//! The requests are shaped as `axum::serve` hands them over; `scripts/bench-tower.sh`
//! measures the same comparison over HTTP with wrk.

use axum::Router;
use axum::body::Body;
use axum::routing::get;
use criterion::{Criterion, criterion_main};
use http::Request;
use std::hint::black_box;
use tightlip_tower::TightlipLayer;
use tower::{Layer, Service, ServiceExt};

fn router() -> Router {
    Router::new().route("/small", get(|| async { "ok" }))
}

fn request() -> Request<Body> {
    Request::get("/small")
        .header("host", "127.0.0.1:3000")
        .header("user-agent", "wrk")
        .body(Body::empty())
        .expect("a valid request")
}

/// Times one request through `service`, response dropped.
fn bench_service<S>(
    c: &mut Criterion,
    runtime: &tokio::runtime::Runtime,
    name: &str,
    mut service: S,
) where
    S: Service<Request<Body>, Response = axum::response::Response>,
    S::Error: std::fmt::Debug,
{
    c.bench_function(&format!("success_path/{name}"), |b| {
        b.iter(|| {
            runtime.block_on(async {
                let response = service
                    .ready()
                    .await
                    .expect("ready")
                    .call(black_box(request()))
                    .await
                    .expect("a response");
                assert_eq!(response.status(), 200);
            });
        });
    });
}

/// The bench: bare axum, the layer, the layer without the ID extension.
fn benches() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("a current-thread runtime");
    let mut c = Criterion::default().configure_from_args();
    bench_service(&mut c, &runtime, "bare_axum", router());
    bench_service(
        &mut c,
        &runtime,
        "tightlip_layer",
        TightlipLayer::new().layer(router()),
    );
    let lean = TightlipLayer::builder()
        .request_id_extension(false)
        .build()
        .expect("defaults build");
    bench_service(
        &mut c,
        &runtime,
        "tightlip_layer_without_id_extension",
        lean.layer(router()),
    );
}

criterion_main!(benches);
