//! Leak detection for HTTP error responses.
#![forbid(unsafe_code)]

mod card;
mod checks;
pub mod decode;
pub mod detector;
pub mod finding;
pub mod http;
pub mod redact;
pub mod rules;

pub use detector::Detector;
pub use finding::{Category, Finding, Severity};
pub use redact::Redactor;
pub use rules::{Rule, RuleError, Rules};
