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

    async fn from_request_parts(
        parts: &mut http::request::Parts,
        _state: &S,
    ) -> Result<Self, Self::Rejection> {
        parts.extensions.get::<Self>().cloned().ok_or_else(|| {
            ErrorReport::public("INTERNAL_ERROR", super::Cause::Internal)
                .with_internal("AssignedRequestId extracted without a TightlipLayer in front")
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
