//! Leak detection for HTTP error responses.
#![forbid(unsafe_code)]

pub mod finding;
pub mod rules;

pub use finding::{Category, Finding, Severity};
pub use rules::{Rule, RuleError, Rules};
