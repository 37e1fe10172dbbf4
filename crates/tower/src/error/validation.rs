//! Validation failures: where and which rule, never the rejected value.

use super::{Cause, ErrorReport};
use tightlip_core::FieldError;

/// A request that failed validation: one entry per offending field.
///
/// Rule codes and messages are `&'static str`, so the rejected value cannot end up in
/// them; the pointer names the location only.
///
/// ```
/// use tightlip_tower::ValidationProblem;
///
/// let problem = ValidationProblem::new()
///     .field("/amount", "TOO_LARGE", "The amount exceeds the single-payment limit.")
///     .field("currency", "UNSUPPORTED", "This currency is not supported.");
/// let rendered = problem.report().problem(&tightlip_core::Catalog::builtin(), None);
/// assert_eq!(rendered.status, 422);
/// assert_eq!(rendered.errors[1].json_pointer(), "/currency");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidationProblem {
    code: &'static str,
    errors: Vec<FieldError>,
}

impl Default for ValidationProblem {
    fn default() -> Self {
        Self::new()
    }
}

impl ValidationProblem {
    /// A validation problem with the built-in code `UNPROCESSABLE_CONTENT` (422).
    pub fn new() -> Self {
        Self::with_code("UNPROCESSABLE_CONTENT")
    }

    /// A validation problem with a catalog code of your own, such as `VALIDATION_FAILED`.
    pub fn with_code(code: &'static str) -> Self {
        Self {
            code,
            errors: Vec::new(),
        }
    }

    /// Adds one failure: the field's location, the rule's code and a vetted message.
    #[must_use]
    pub fn field(
        mut self,
        pointer: impl Into<String>,
        code: &'static str,
        message: &'static str,
    ) -> Self {
        let error = FieldError::new(pointer, code, message);
        let pointer = error.json_pointer();
        self.errors.push(FieldError { pointer, ..error });
        self
    }

    /// Whether no field failed.
    pub fn is_empty(&self) -> bool {
        self.errors.is_empty()
    }

    /// The failures so far.
    pub fn errors(&self) -> &[FieldError] {
        &self.errors
    }

    /// The report the layer renders.
    pub fn report(&self) -> ErrorReport {
        let mut report = ErrorReport::public(self.code, Cause::Validation);
        report.errors.clone_from(&self.errors);
        report
    }
}
