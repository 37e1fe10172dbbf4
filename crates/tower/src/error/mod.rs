//! Vetted errors by construction: what a service error shows outside and what it tells the
//! incident, side by side.

#[cfg(feature = "axum")]
mod axum;
mod report;
mod validation;

pub use report::{Cause, ErrorReport};
pub use validation::ValidationProblem;

use std::sync::OnceLock;
use tightlip_core::{Catalog, Problem};

/// What the outside may see of one error value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Exposure {
    /// A vetted catalog error: its code, the texts known at compile time, and the values of
    /// the `#[public]` fields for the detail's placeholders.
    Public(PublicView),
    /// A generic 500 outside; Display, Debug and the source chain go to the incident.
    Internal,
}

/// The public side of a `#[public(code = "...")]` variant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicView {
    /// The catalog code.
    pub code: &'static str,
    /// Status and texts read from the catalog at compile time, if the enum named one.
    pub vetted: Option<Vetted>,
    /// Placeholder values from the `#[public]` fields, by name.
    pub args: Vec<(&'static str, String)>,
}

/// A catalog entry's status and default-language texts, baked in at compile time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Vetted {
    /// HTTP status.
    pub status: u16,
    /// Title.
    pub title: &'static str,
    /// Detail template with `{placeholders}`.
    pub detail: Option<&'static str>,
}

/// An error type whose every value says what the outside may see.
///
/// Derive it with `#[derive(PublicError)]`: each variant is `#[public(code = "...")]` or
/// `#[internal]`, and only `#[public]` fields can fill the catalog detail.
pub trait PublicError: std::error::Error {
    /// What the outside may see of this value.
    fn exposure(&self) -> Exposure;

    /// The report the layer turns into a response and, for internal errors, an incident.
    fn report(&self) -> ErrorReport
    where
        Self: Sized,
    {
        ErrorReport::from_error(self)
    }

    /// The problem as the built-in catalog (plus compile-time texts) renders it.
    fn to_problem(&self) -> Problem
    where
        Self: Sized,
    {
        self.report().problem(builtin_catalog(), None)
    }
}

/// The built-in catalog, built once: what errors render with outside a layer.
pub(crate) fn builtin_catalog() -> &'static Catalog {
    static BUILTIN: OnceLock<Catalog> = OnceLock::new();
    BUILTIN.get_or_init(Catalog::builtin)
}

/// The Display of `error` and of each of its sources, outermost first.
pub fn error_chain(error: &dyn std::error::Error) -> Vec<String> {
    let mut chain = vec![error.to_string()];
    let mut source = error.source();
    while let Some(cause) = source {
        chain.push(cause.to_string());
        source = cause.source();
    }
    chain
}
