//! The tightlip core: the public error model, its wire formats, negotiation, request IDs and
//! the error catalog. It does no I/O and keeps no global state: values in, values out.
//!
//! ```
//! use tightlip_core::{Catalog, Format, RequestId, error_headers, negotiate_format};
//!
//! let catalog = Catalog::from_toml(
//!     "[errors.INSUFFICIENT_FUNDS]\nstatus = 409\ntitle = \"Insufficient funds\"\n",
//!     "catalog.toml",
//! )?;
//! let id = RequestId::from_inbound_or_generate(Some("req-42"));
//! let problem = catalog
//!     .problem("INSUFFICIENT_FUNDS", Some("en-GB"))
//!     .expect("code is in the catalog")
//!     .with_request_id(id.as_str());
//! let format = negotiate_format(Some("application/json"), catalog.format());
//! let body = problem.render(format);
//! assert!(body.starts_with(br#"{"type":"about:blank","title":"Insufficient funds","status":409"#));
//! assert_eq!(error_headers(format, &id)[0].1, "application/problem+json");
//! # Ok::<(), tightlip_core::catalog::CatalogError>(())
//! ```

pub mod catalog;
pub mod error_page;
mod format;
mod headers;
mod negotiate;
mod problem;
mod request_id;
pub mod template;
mod traceparent;

pub use catalog::Catalog;
pub use format::{Format, UnknownFormat};
pub use headers::{REVEALING_HEADERS, error_headers};
pub use negotiate::{negotiate_format, negotiate_language};
pub use problem::{FieldError, Problem};
pub use request_id::{InvalidRequestId, InvalidShortRef, MAX_INBOUND_LEN, RequestId, ShortRef};
pub use traceparent::{InvalidTraceParent, TraceParent};
