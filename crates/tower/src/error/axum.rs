//! axum's `IntoResponse` for errors: a safe response on its own, re-rendered by the layer.

use super::{ErrorReport, ValidationProblem, builtin_catalog};
use crate::respond::{self, Ask};
use axum::response::{IntoResponse, Response};
use http::HeaderMap;
use tightlip_core::{Format, RequestId};

impl IntoResponse for ErrorReport {
    /// Renders with the built-in catalog and a fresh request ID, then attaches the report
    /// so that a [`TightlipLayer`](crate::TightlipLayer) renders it again with the request's
    /// ID, format, language and catalog and records the chain.
    fn into_response(self) -> Response {
        let id = RequestId::generate();
        let problem = self
            .problem(builtin_catalog(), None)
            .with_request_id(id.as_str());
        let mut keep = HeaderMap::new();
        for (name, value) in &self.headers {
            keep.append(name.clone(), value.clone());
        }
        let ask = Ask {
            accept: None,
            json_default: Format::Problem,
            head: false,
        };
        let rendered = respond::render(&problem, &id, &ask, keep, None);
        let mut response = (rendered.status, rendered.headers, rendered.body).into_response();
        response.extensions_mut().insert(self);
        response
    }
}

impl IntoResponse for ValidationProblem {
    fn into_response(self) -> Response {
        self.report().into_response()
    }
}

impl<S: Send + Sync> axum::extract::FromRequestParts<S> for crate::AssignedRequestId {
    type Rejection = ErrorReport;

    /// Resolves the request's [`CurrentRequestId`](crate::CurrentRequestId) marker while the
    /// handler runs; the owned ID it gives can then go anywhere.
    async fn from_request_parts(
        parts: &mut http::request::Parts,
        _state: &S,
    ) -> Result<Self, Self::Rejection> {
        let Some(marker) = parts.extensions.get::<crate::CurrentRequestId>() else {
            return Err(ErrorReport::public("INTERNAL_ERROR", super::Cause::Internal)
                .with_internal(
                    "AssignedRequestId extracted without a TightlipLayer in front (or with request_id_extension(false))",
                ));
        };
        marker.get().ok_or_else(|| {
            ErrorReport::public("INTERNAL_ERROR", super::Cause::Internal).with_internal(
                "AssignedRequestId extracted outside the request's own handler (in a spawned task?): extract it in the handler and move it along",
            )
        })
    }
}

/// Implements `IntoResponse` for a `#[derive(PublicError)]` type (used by the derive).
#[doc(hidden)]
#[macro_export]
macro_rules! __into_response {
    ([$($impl:tt)*] [$($ty:tt)*] [$($where:tt)*]) => {
        impl $($impl)* $crate::__private::axum::response::IntoResponse for $($ty)* $($where)* {
            fn into_response(self) -> $crate::__private::axum::response::Response {
                $crate::__private::axum::response::IntoResponse::into_response(
                    $crate::ErrorReport::from_error(&self),
                )
            }
        }
    };
}
