//! The report an error leaves for the layer: the public problem to render and the internal
//! chain for the incident, carried as a response extension.

use super::{Exposure, PublicError, Vetted, error_chain};
use http::{HeaderName, HeaderValue};
use std::borrow::Cow;
use tightlip_core::{Catalog, FieldError, Problem};

/// Why a service answered with an error, which decides whether it is an incident.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Cause {
    /// An `#[internal]` error: a generic 500 outside, an incident inside.
    Internal,
    /// A vetted `#[public]` error: ordinary traffic unless it is a 5xx.
    Public,
    /// A [`ValidationProblem`](crate::ValidationProblem).
    Validation,
    /// A failed login: the same bytes outside for every reason, the reason inside.
    LoginFailure,
    /// The failure limiter refused the request.
    Limited,
}

impl Cause {
    /// The reason an incident records, such as `internal_error`.
    pub fn as_str(self) -> &'static str {
        match self {
            Cause::Internal => "internal_error",
            Cause::Public => "public_error",
            Cause::Validation => "validation_failed",
            Cause::LoginFailure => "login_failed",
            Cause::Limited => "failure_limit",
        }
    }
}

/// What a service error leaves for the layer: the public side and the internal chain.
///
/// Responses built from [`PublicError`], [`ValidationProblem`](crate::ValidationProblem) and
/// the login and limiter helpers carry one as an extension; the layer renders the problem
/// with the request's ID, format and language and records the chain.
#[derive(Debug, Clone)]
pub struct ErrorReport {
    pub(crate) code: Cow<'static, str>,
    pub(crate) vetted: Option<Vetted>,
    pub(crate) args: Vec<(&'static str, String)>,
    pub(crate) errors: Vec<FieldError>,
    pub(crate) chain: Vec<String>,
    pub(crate) cause: Cause,
    pub(crate) headers: Vec<(HeaderName, HeaderValue)>,
}

impl ErrorReport {
    /// A report for a catalog `code` with no internal detail.
    pub fn public(code: impl Into<Cow<'static, str>>, cause: Cause) -> Self {
        Self {
            code: code.into(),
            vetted: None,
            args: Vec::new(),
            errors: Vec::new(),
            chain: Vec::new(),
            cause,
            headers: Vec::new(),
        }
    }

    /// A generic 500 outside for `error`, whose chain goes to the incident.
    pub fn internal(error: &dyn std::error::Error) -> Self {
        let mut report = Self::public("INTERNAL_ERROR", Cause::Internal);
        report.chain = error_chain(error);
        report
    }

    /// The report of a [`PublicError`] value.
    pub fn from_error<E: PublicError + std::fmt::Debug>(error: &E) -> Self {
        let mut chain = error_chain(error);
        chain.push(format!("debug: {error:?}"));
        match error.exposure() {
            Exposure::Public(view) => Self {
                code: Cow::Borrowed(view.code),
                vetted: view.vetted,
                args: view.args,
                chain,
                ..Self::public("", Cause::Public)
            },
            Exposure::Internal => Self {
                chain,
                ..Self::public("INTERNAL_ERROR", Cause::Internal)
            },
        }
    }

    /// Adds a line to the internal chain.
    #[must_use]
    pub fn with_internal(mut self, line: impl Into<String>) -> Self {
        self.chain.push(line.into());
        self
    }

    /// Adds a response header the caller may see (such as `Retry-After`).
    #[must_use]
    pub fn with_header(mut self, name: HeaderName, value: HeaderValue) -> Self {
        self.headers.push((name, value));
        self
    }

    /// The catalog code.
    pub fn code(&self) -> &str {
        &self.code
    }

    /// Why the service answered with an error.
    pub fn cause(&self) -> Cause {
        self.cause
    }

    /// The internal chain (for the incident only).
    pub fn chain(&self) -> &[String] {
        &self.chain
    }

    /// The public problem in `catalog`, in the language `accept_language` asks for.
    ///
    /// A code neither `catalog` nor the compile-time texts know fails closed: the caller
    /// gets the generic 500, never a made-up text.
    pub fn problem(&self, catalog: &Catalog, accept_language: Option<&str>) -> Problem {
        let args: Vec<(&str, &str)> = self
            .args
            .iter()
            .map(|(name, value)| (*name, value.as_str()))
            .collect();
        let resolved = catalog
            .problem_with(&self.code, accept_language, &args)
            .or_else(|| {
                self.vetted.map(|vetted| {
                    let mut problem = Problem::new(vetted.status, self.code.as_ref(), vetted.title);
                    problem.detail = vetted
                        .detail
                        .and_then(|detail| tightlip_core::template::fill(detail, &args));
                    problem
                })
            });
        let mut problem =
            resolved.unwrap_or_else(|| catalog.problem_for_status(500, accept_language));
        problem.errors.clone_from(&self.errors);
        problem
    }

    /// Whether this report is an incident: internal errors, login failures, refusals by
    /// the limiter and any 5xx.
    pub(crate) fn is_incident(&self, status: u16) -> bool {
        status >= 500
            || matches!(
                self.cause,
                Cause::Internal | Cause::LoginFailure | Cause::Limited
            )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_codes_fail_closed() {
        let report = ErrorReport::public("NO_SUCH_CODE", Cause::Public);
        let problem = report.problem(&Catalog::builtin(), None);
        assert_eq!(
            (problem.status, problem.code.as_str()),
            (500, "INTERNAL_ERROR")
        );
    }

    #[test]
    fn compile_time_texts_fill_in_for_a_catalog_without_the_code() {
        let mut report = ErrorReport::public("AMOUNT_LIMIT_EXCEEDED", Cause::Public);
        report.vetted = Some(Vetted {
            status: 422,
            title: "Amount limit exceeded",
            detail: Some("At most {limit}."),
        });
        report.args = vec![("limit", "500".to_owned())];
        let problem = report.problem(&Catalog::builtin(), None);
        assert_eq!(problem.status, 422);
        assert_eq!(problem.detail.as_deref(), Some("At most 500."));
    }

    #[test]
    fn internal_reports_keep_the_chain_inside() {
        let error = std::io::Error::other("connection to db-7.internal refused");
        let report = ErrorReport::internal(&error);
        let problem = report.problem(&Catalog::builtin(), None);
        assert_eq!(problem.code, "INTERNAL_ERROR");
        assert!(!format!("{problem:?}").contains("db-7"));
        assert!(report.chain()[0].contains("db-7.internal"));
    }
}
