//! The response future: polls the inner service inside `catch_unwind` and hands anything
//! but a plain success to the error path.

use crate::exchange::{Exchange, X_REQUEST_ID};
use crate::failure::{self, BoxError, Outcome};
use crate::request_id;
use crate::service::Shared;
use http::Response;
use pin_project_lite::pin_project;
use std::future::Future;
use std::panic::{self, AssertUnwindSafe};
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll, ready};

/// The error path, boxed: it only exists for 4xx/5xx, panics and service errors.
type Failing<B> = Pin<Box<dyn Future<Output = Response<B>> + Send>>;

pin_project! {
    /// The future of [`TightlipService`](crate::TightlipService).
    pub struct ResponseFuture<F, B> {
        #[pin]
        state: State<F, B>,
        shared: Arc<Shared>,
        exchange: Option<Exchange>,
    }
}

pin_project! {
    #[project = StateProj]
    enum State<F, B> {
        Calling { #[pin] future: F },
        Panicked { message: Option<String> },
        Failing { future: Failing<B>, id: http::HeaderValue },
    }
}

impl<F, B> ResponseFuture<F, B> {
    pub(crate) fn calling(future: F, shared: Arc<Shared>, exchange: Exchange) -> Self {
        Self {
            state: State::Calling { future },
            shared,
            exchange: Some(exchange),
        }
    }

    pub(crate) fn panicked(message: String, shared: Arc<Shared>, exchange: Exchange) -> Self {
        Self {
            state: State::Panicked {
                message: Some(message),
            },
            shared,
            exchange: Some(exchange),
        }
    }
}

impl<F, B, E> Future for ResponseFuture<F, B>
where
    F: Future<Output = Result<Response<B>, E>>,
    E: Into<BoxError>,
    B: crate::ErrorBody,
    B::Error: Into<BoxError>,
{
    type Output = Result<Response<B>, E>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let mut this = self.project();
        loop {
            let outcome = match this.state.as_mut().project() {
                StateProj::Calling { future } => {
                    let poll = || panic::catch_unwind(AssertUnwindSafe(|| future.poll(cx)));
                    let polled = match this.exchange.as_mut() {
                        // The handler reads its ID through the extension while it runs.
                        Some(exchange) if this.shared.request_id_extension => {
                            request_id::lend(&mut exchange.id, poll)
                        }
                        _ => poll(),
                    };
                    match polled {
                        Ok(Poll::Pending) => return Poll::Pending,
                        Ok(Poll::Ready(Ok(response))) if response.status().as_u16() < 400 => {
                            let exchange = this.exchange.take().expect("polled after completion");
                            return Poll::Ready(Ok(success(response, exchange)));
                        }
                        Ok(Poll::Ready(Ok(response))) => Outcome::Response(response),
                        Ok(Poll::Ready(Err(error))) => Outcome::Error(error.into()),
                        Err(payload) => Outcome::Panic(crate::panic::message(&*payload)),
                    }
                }
                StateProj::Panicked { message } => {
                    Outcome::Panic(message.take().expect("polled after completion"))
                }
                StateProj::Failing { future, id } => {
                    // The error path polls the inner body; a panic there still gets a problem.
                    let polled = panic::catch_unwind(AssertUnwindSafe(|| future.as_mut().poll(cx)));
                    let response = match polled {
                        Ok(polled) => ready!(polled),
                        Err(payload) => {
                            let message = crate::panic::message(&*payload);
                            failure::last_resort(this.shared, id, &message)
                        }
                    };
                    return Poll::Ready(Ok(response));
                }
            };
            let exchange = this.exchange.take().expect("polled after completion");
            let id = exchange.id.clone();
            let future = Box::pin(failure::respond(Arc::clone(this.shared), exchange, outcome));
            this.state.set(State::Failing { future, id });
        }
    }
}

/// The success path: the request ID on the response, banners off, body untouched.
fn success<B>(response: Response<B>, exchange: Exchange) -> Response<B> {
    let (mut parts, body) = response.into_parts();
    crate::respond::strip_revealing(&mut parts.headers);
    parts.headers.insert(X_REQUEST_ID, exchange.id);
    Response::from_parts(parts, body)
}
