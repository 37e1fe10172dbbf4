//! The success path allocates nothing extra: allocations per request through the same axum
//! router, with and without the layer, counted by a global allocator.
//!
//! This counts, it does not time: the numbers are exact and the same on any machine. The
//! dev-dependency on axum has its default `matched-path` and `original-uri` features on, so
//! the router adds the three extensions it adds in most services (`UrlParams`,
//! `MatchedPath`, `OriginalUri`): with the layer's marker that makes four, one more than the
//! extensions map holds before it grows.

use axum::Router;
use axum::body::Body;
use axum::response::IntoResponse;
use axum::routing::get;
use http::Request;
use std::net::SocketAddr;
use tightlip_tower::TightlipLayer;
use tower::{Layer, Service, ServiceExt};

#[global_allocator]
static ALLOCATOR: dhat::Alloc = dhat::Alloc;

const REQUESTS: u64 = 2048;

/// Two request-ID blocks per 512 requests (the buffer and its shared header), rounded up.
const ID_BLOCKS: u64 = 2 * (REQUESTS / 512 + 1);

fn router() -> Router {
    Router::new().route("/health", get(|| async { "ok" }))
}

/// Allocations made by `REQUESTS` GET /health requests through `service` after a warm-up,
/// each request shaped as `axum::serve` hands it over (with `ConnectInfo` when `connect_info`,
/// as `into_make_service_with_connect_info` does) and each response turned into axum's
/// `Response` as `axum::serve` does.
async fn allocations<S, B>(mut service: S, connect_info: bool) -> u64
where
    S: Service<Request<Body>, Response = http::Response<B>> + Clone,
    S::Error: std::fmt::Debug,
    http::Response<B>: IntoResponse,
{
    let client: SocketAddr = "127.0.0.1:40000".parse().unwrap();
    let mut run = async |count: u64| {
        for _ in 0..count {
            let mut request = Request::get("/health")
                .header("host", "127.0.0.1:3000")
                .body(Body::empty())
                .unwrap();
            if connect_info {
                request
                    .extensions_mut()
                    .insert(axum::extract::ConnectInfo(client));
            }
            let response = service.ready().await.unwrap().call(request).await.unwrap();
            let response = response.into_response();
            assert_eq!(response.status(), 200);
            drop(response);
        }
    };
    run(64).await;
    let before = dhat::HeapStats::get().total_blocks;
    run(REQUESTS).await;
    dhat::HeapStats::get().total_blocks - before
}

#[test]
fn the_success_path_allocates_no_more_than_bare_axum() {
    let _profiler = dhat::Profiler::builder().testing().build();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    runtime.block_on(async {
        #[expect(clippy::cast_precision_loss, reason = "counts far below 2^52")]
        let per_request = |total: u64| total as f64 / REQUESTS as f64;
        for connect_info in [false, true] {
            let bare = allocations(router(), connect_info).await;
            let layered = allocations(TightlipLayer::new().layer(router()), connect_info).await;
            let without_extension = TightlipLayer::builder()
                .request_id_extension(false)
                .build()
                .unwrap();
            let lean = allocations(without_extension.layer(router()), connect_info).await;
            eprintln!(
                "allocations per request{}: bare axum {:.3}, TightlipLayer {:.3}, TightlipLayer without the ID extension {:.3}",
                if connect_info { " (with ConnectInfo)" } else { "" },
                per_request(bare),
                per_request(layered),
                per_request(lean)
            );
            // The only allocations the layer adds are the request-ID blocks, with the
            // request-ID extension (the default) or without it.
            assert!(layered <= bare + ID_BLOCKS, "bare {bare}, layered {layered}");
            assert!(lean <= bare + ID_BLOCKS, "bare {bare}, lean {lean}");
        }
    });
}
