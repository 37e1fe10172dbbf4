//! `tightlip probe`: attacks a live API's error paths with crafted requests and checks
//! every answer for leaks, wrong statuses, missing protective headers, inconsistent
//! error formats, reflected input and account enumeration.
//!
//! A run aims the [battery](battery::PROBES) at each [`Endpoint`] (from literal paths
//! or an [OpenAPI 3.x document](openapi::endpoints)), sends it within [`Limits`] (one
//! origin, 20 requests/s, 2,000 requests, `Retry-After` honoured, no DELETE/PUT/PATCH
//! unless allowed), runs the checks of [`Check`] and returns a [`Report`], rendered as
//! human text, JSON, SARIF 2.1.0, JUnit XML or HTML. See `docs/probe.md`.
//!
//! ```no_run
//! use tightlip_probe::{Endpoint, Format, Plan, Quiet, Target, run};
//! use tightlip_detect::Severity;
//!
//! let mut plan = Plan::new(Target::parse("http://127.0.0.1:3000")?);
//! plan.endpoints = vec![Endpoint::from_literal("GET", "/api/orders/42")];
//! let report = run(&plan, &mut Quiet)?;
//! print!("{}", report.render(Format::Human, Severity::Medium));
//! std::process::exit(i32::from(report.failing(Severity::Medium) > 0));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! The pieces that need no server are usable on their own:
//!
//! ```
//! use tightlip_probe::stats::mann_whitney;
//!
//! let known = [21.0, 24.5, 19.8, 27.1, 22.3, 25.0, 20.4, 23.9];
//! let unknown = [1.1, 0.9, 1.4, 1.0, 1.2, 0.8, 1.3, 1.0];
//! let test = mann_whitney(&known, &unknown).unwrap();
//! assert!(test.p_value < 0.001 && test.effect == 1.0);
//! ```

pub mod battery;
mod check;
mod curl;
pub mod endpoint;
pub mod enumeration;
pub mod finding;
pub mod openapi;
pub mod report;
pub mod request;
mod run;
pub mod schedule;
pub mod stats;
pub mod target;
pub mod wire;

pub use endpoint::Endpoint;
pub use enumeration::Login;
pub use finding::{Check, Family, Finding};
pub use openapi::SpecError;
pub use report::{Format, Report};
pub use run::{Plan, ProbeError, run};
pub use schedule::{Exchange, Limits, Observer, Quiet};
pub use target::{Target, TargetError};
