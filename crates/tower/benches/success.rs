//! The success path in process: one GET through the same axum router, bare and behind
//! `TightlipLayer` (defaults, and without the request-ID extension), no sockets, so the
//! layer's own cost per request shows without the noise of a load test.
//!
//! ```sh
//! cargo bench -p tightlip-tower --bench success
//! ```
//!
//! The requests are shaped as `axum::serve` hands them over; `scripts/bench-tower.sh`
//! measures the same comparison over HTTP with wrk. After criterion's runs, a paired pass
//! alternates batches of bare and layered requests (so that drifting load on a shared
//! machine hits both alike) and prints the median time per request of each and the
//! median of the per-pair ratios.

use axum::Router;
use axum::body::Body;
use axum::routing::get;
use criterion::{Criterion, criterion_main};
use http::Request;
use std::hint::black_box;
use std::time::{Duration, Instant};
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
        b.iter(|| runtime.block_on(one(&mut service)));
    });
}

/// One request through `service`, response dropped.
async fn one<S>(service: &mut S)
where
    S: Service<Request<Body>, Response = axum::response::Response>,
    S::Error: std::fmt::Debug,
{
    let response = service
        .ready()
        .await
        .expect("ready")
        .call(black_box(request()))
        .await
        .expect("a response");
    assert_eq!(response.status(), 200);
}

/// Requests per batch and batches per service in the paired pass.
const BATCH: u32 = 20_000;
const PAIRS: usize = 15;

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

/// Alternates batches through bare axum and the layer; prints the medians and the ratio.
fn paired(runtime: &tokio::runtime::Runtime, pairs: usize) {
    let mut bare = router();
    let mut layered = TightlipLayer::new().layer(router());
    let per_request = |elapsed: Duration| elapsed.as_secs_f64() * 1e9 / f64::from(BATCH);
    let (mut bare_ns, mut layer_ns, mut ratios) = (Vec::new(), Vec::new(), Vec::new());
    for pair in 0..pairs {
        let mut time = |layer: bool| {
            runtime.block_on(async {
                let started = Instant::now();
                for _ in 0..BATCH {
                    if layer {
                        one(&mut layered).await;
                    } else {
                        one(&mut bare).await;
                    }
                }
                per_request(started.elapsed())
            })
        };
        // Alternate who goes first so that neither always runs on a warmer machine.
        let (b, l) = if pair % 2 == 0 {
            let b = time(false);
            (b, time(true))
        } else {
            let l = time(true);
            (time(false), l)
        };
        bare_ns.push(b);
        layer_ns.push(l);
        ratios.push(l / b);
    }
    let (b, l) = (median(&mut bare_ns), median(&mut layer_ns));
    println!();
    println!(
        "Paired pass: {pairs} pairs of {BATCH} requests; median per request: bare axum {b:.0} ns, \
         TightlipLayer {l:.0} ns (+{:.0} ns); median of per-pair ratios layer/bare {:.3}",
        l - b,
        median(&mut ratios)
    );
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
    // `cargo test --benches` runs each bench once; one short pair checks the code path.
    let testing = std::env::args().any(|arg| arg == "--test");
    paired(&runtime, if testing { 1 } else { PAIRS });
}

criterion_main!(benches);
