//! Leak detection for HTTP error responses.
#![forbid(unsafe_code)]

pub mod finding;

pub use finding::{Category, Finding, Severity};
