//! tightlip for Rust services: a tower layer and `#[derive(PublicError)]`, so a service's
//! errors cannot leak internals by construction.
//!
//! [`TightlipLayer`] wraps any `tower::Service<http::Request<B>>`: it assigns the request
//! ID, catches panics into a 500 problem, scans hand-built 4xx/5xx responses with the leak
//! detector and applies the gateway's `protect`/`strict`/`monitor` policy, negotiates the
//! format, sets the hardened headers and records incidents through a
//! [`Recorder`](tightlip_incident::Recorder). Errors derived with [`PublicError`] and
//! [`ValidationProblem`] are vetted by construction.
//!
//! ```
//! use tightlip_tower::{PublicError, TightlipLayer};
//! use tower::{Layer, Service, ServiceExt};
//!
//! #[derive(Debug, thiserror::Error, PublicError)]
//! enum PaymentError {
//!     #[public(code = "NOT_FOUND")]
//!     #[error("payment {0} not found")]
//!     Missing(u64),
//!     #[internal]
//!     #[error("database: {0}")]
//!     Database(String),
//! }
//!
//! let problem = PaymentError::Database("db-7.internal: timeout".into()).to_problem();
//! assert_eq!((problem.status, problem.code.as_str()), (500, "INTERNAL_ERROR"));
//! assert_eq!(PaymentError::Missing(7).to_problem().status, 404);
//!
//! # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
//! let handler = tower::service_fn(|_request: http::Request<String>| async {
//!     let body = "Traceback (most recent call last):\n  File \"/srv/app.py\", line 7";
//!     let response = http::Response::builder().status(500).body(http_body_util::Full::new(bytes::Bytes::from(body)));
//!     Ok::<_, std::convert::Infallible>(response.unwrap())
//! });
//! let mut service = TightlipLayer::new().layer(handler);
//! let response = service.ready().await?.call(http::Request::new(String::new())).await?;
//! assert_eq!(response.status(), 500);
//! assert_eq!(response.headers()["cache-control"], "no-store");
//! let body = http_body_util::BodyExt::collect(response.into_body()).await?.to_bytes();
//! assert!(!String::from_utf8_lossy(&body).contains("Traceback"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! # }).unwrap();
//! ```

mod body;
mod builder;
mod error;
mod exchange;
mod failure;
mod future;
mod incident;
mod inspect;
mod layer;
pub mod limit;
pub mod login;
mod panic;
mod request_id;
mod respond;
mod service;
mod sink;

pub use body::ErrorBody;
pub use builder::{BuildError, ENV_VAR, TightlipLayerBuilder};
pub use error::{
    Cause, ErrorReport, Exposure, PublicError, PublicView, ValidationProblem, Vetted, error_chain,
};
pub use future::ResponseFuture;
pub use layer::TightlipLayer;
pub use request_id::{AssignedRequestId, CurrentRequestId};
pub use service::{Limits, TightlipService};
pub use sink::TracingSink;
pub use tightlip_core::{Catalog, FieldError, Problem};
pub use tightlip_detect::Policy;

/// `#[derive(PublicError)]`: see the [`PublicError`] trait and `docs/tower.md`.
#[cfg(feature = "derive")]
pub use tightlip_derive::PublicError;

/// What the derive's expansion refers to; not a public API.
#[doc(hidden)]
pub mod __private {
    #[cfg(feature = "axum")]
    pub use axum;
}

#[cfg(not(feature = "axum"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __into_response {
    ($($tokens:tt)*) => {};
}
