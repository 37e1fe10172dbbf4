//! Leak detection for HTTP error responses: bytes in, findings out, no I/O.
//!
//! [`Detector`] finds stack traces, SQL and database errors, server paths,
//! internal addresses, version banners, framework debug pages, secrets and
//! card numbers in a response body or its headers. [`Redactor`] masks
//! secrets and card numbers in text that must still be recorded.
//! [`http::parse_response`] and [`decode::decode_body`] turn raw response
//! bytes into the decoded body the detector wants.
//!
//! Every search is linear in the input (no backtracking, no look-around). A
//! literal prefilter over each rule's anchors lets clean bodies through with
//! one pass, and the full regexes run only in windows around anchor hits.
//!
//! ```
//! use tightlip_detect::{Category, Detector, Redactor};
//!
//! let detector = Detector::builtin();
//! let body = b"Traceback (most recent call last):\n  File \"/srv/app/views.py\", line 7";
//! let findings = detector.scan_body(body);
//! assert_eq!(findings[0].category, Category::StackTrace);
//! assert_eq!(findings[0].rule, "python.traceback");
//!
//! assert!(detector.scan_body(br#"{"title":"Not Found","status":404}"#).is_empty());
//!
//! let redactor = Redactor::new();
//! assert_eq!(redactor.redact("password=hunter2"), "password=[REDACTED:password]");
//! ```
#![forbid(unsafe_code)]

mod card;
mod checks;
pub mod decode;
pub mod detector;
pub mod finding;
pub mod http;
pub mod policy;
mod prefilter;
pub mod redact;
pub mod rules;

pub use decode::{DecodeError, decode_body};
pub use detector::Detector;
pub use finding::{Category, Finding, Severity};
pub use http::{ParseError, ParsedResponse, parse_response};
pub use policy::{Policy, Verdict};
pub use redact::Redactor;
pub use rules::{Rule, RuleError, Rules};
