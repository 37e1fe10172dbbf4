//! The middleware service: request ID in, inspected errors out.

use crate::exchange::Exchange;
use crate::future::ResponseFuture;
use crate::request_id;
use http::{Request, Response};
use std::panic::{self, AssertUnwindSafe};
use std::sync::Arc;
use std::task::{Context, Poll};
use tightlip_core::Catalog;
use tightlip_detect::{Detector, Policy, Redactor};
use tightlip_incident::Recorder;
use tower_service::Service;

/// Bounds on what the layer reads of an error response.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest error body buffered for inspection; a larger one is replaced unread.
    pub error_body: usize,
    /// Largest decoded (decompressed) error body; a larger one is replaced.
    pub decoded_body: usize,
    /// How much of an error body an incident keeps.
    pub capture: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            error_body: 1 << 20,
            decoded_body: 4 << 20,
            capture: 64 << 10,
        }
    }
}

/// What every clone of the service shares.
#[derive(Debug)]
pub(crate) struct Shared {
    pub catalog: Catalog,
    pub detector: Detector,
    pub redactor: Redactor,
    pub policy: Policy,
    pub recorder: Option<Recorder>,
    pub development: bool,
    pub trust_request_id: bool,
    pub request_id_extension: bool,
    pub limits: Limits,
    pub host: String,
}

/// The service [`TightlipLayer`](crate::TightlipLayer) wraps around an inner service.
#[derive(Debug, Clone)]
pub struct TightlipService<S> {
    pub(crate) inner: S,
    pub(crate) shared: Arc<Shared>,
}

impl<S, ReqBody, ResBody> Service<Request<ReqBody>> for TightlipService<S>
where
    S: Service<Request<ReqBody>, Response = Response<ResBody>>,
    S::Error: Into<crate::failure::BoxError>,
    ResBody: crate::ErrorBody,
    ResBody::Error: Into<crate::failure::BoxError>,
{
    type Response = Response<ResBody>;
    type Error = S::Error;
    type Future = ResponseFuture<S::Future, ResBody>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, mut request: Request<ReqBody>) -> Self::Future {
        let mut exchange = Exchange::begin(
            &mut request,
            self.shared.trust_request_id,
            self.shared.request_id_extension,
        );
        let shared = Arc::clone(&self.shared);
        // A handler may panic before it returns its future, not only while it runs.
        let inner = &mut self.inner;
        let call = || panic::catch_unwind(AssertUnwindSafe(|| inner.call(request)));
        let called = if self.shared.request_id_extension {
            request_id::lend(&mut exchange.id, call)
        } else {
            call()
        };
        match called {
            Ok(future) => ResponseFuture::calling(future, shared, exchange),
            Err(payload) => {
                ResponseFuture::panicked(crate::panic::message(&*payload), shared, exchange)
            }
        }
    }
}
