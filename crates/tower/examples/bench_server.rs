//! The server `scripts/bench-tower.sh` loads: one route that answers a small JSON 200,
//! served by bare axum, by the same router behind [`TightlipLayer`] with its defaults, or
//! by bare axum adding a fixed `X-Request-ID` (the bytes the layer adds to every response,
//! without its work: the floor for the layer on the wire).
//!
//! ```sh
//! cargo run --release -p tightlip-tower --example bench_server -- --layer on --listen 127.0.0.1:3001
//! curl -i http://127.0.0.1:3001/small
//! ```

use axum::response::Response;
use axum::routing::get;
use axum::{Json, Router};
use clap::{Parser, ValueEnum};
use http::HeaderValue;
use std::net::SocketAddr;
use tightlip_tower::TightlipLayer;
use tower::Layer as _;
use tower::util::MapResponseLayer;

#[derive(Parser, Debug)]
#[command(about = "A one-route axum server, with or without TightlipLayer, for load tests")]
struct Args {
    /// Whether the router runs behind `TightlipLayer::new()` (`on`), bare (`off`), or bare
    /// with a fixed 36-byte `X-Request-ID` on every response (`header`).
    #[arg(long, value_enum)]
    layer: Switch,
    /// Address to listen on (loopback).
    #[arg(long, default_value = "127.0.0.1:3001")]
    listen: SocketAddr,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Switch {
    On,
    Off,
    Header,
}

/// What `/small` answers: a product as a JSON API would return it.
#[derive(serde::Serialize)]
struct Product {
    id: u64,
    name: &'static str,
    price_cents: u64,
    in_stock: bool,
}

async fn small() -> Json<Product> {
    Json(Product {
        id: 42,
        name: "Desk lamp",
        price_cents: 1299,
        in_stock: true,
    })
}

/// The same header as the layer's, a UUID of the same length, with none of its work.
fn with_fixed_request_id(mut response: Response) -> Response {
    const ID: HeaderValue = HeaderValue::from_static("00000000-0000-4000-8000-000000000000");
    response.headers_mut().insert("x-request-id", ID);
    response
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let args = Args::parse();
    let app = Router::new().route("/small", get(small));
    let listener = tokio::net::TcpListener::bind(args.listen).await?;
    eprintln!(
        "bench_server (layer {:?}) listening on http://{}",
        args.layer,
        listener.local_addr()?
    );
    match args.layer {
        Switch::On => {
            // Around the whole router, as the example service and most services mount it.
            let service = TightlipLayer::new().layer(app);
            let service = axum::ServiceExt::<axum::extract::Request>::into_make_service(service);
            axum::serve(listener, service).await?;
        }
        Switch::Off => axum::serve(listener, app.into_make_service()).await?,
        Switch::Header => {
            let service = MapResponseLayer::new(with_fixed_request_id).layer(app);
            let service = axum::ServiceExt::<axum::extract::Request>::into_make_service(service);
            axum::serve(listener, service).await?;
        }
    }
    Ok(())
}
