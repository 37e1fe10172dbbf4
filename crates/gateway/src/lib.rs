//! The tightlip gateway: a reverse proxy in front of any backend that lets no error
//! response leak internals, while engineers get every detail as an incident.
//!
//! Successful responses stream through with only header hygiene. Upstream errors are
//! buffered (bounded), decoded, run through the detector, and by the route's [`Policy`]
//! either passed through or replaced by the catalog problem for their status; the
//! original goes into the incident. Failures of the gateway itself are catalog problems
//! too. See `docs/gateway.md`.
//!
//! ```
//! use tightlip_gateway::GatewayConfig;
//!
//! let config = GatewayConfig::parse(
//!     "upstream = \"http://127.0.0.1:3000\"\n\
//!      [[routes]]\npath_prefix = \"/pay\"\nupstream = \"http://127.0.0.1:3001\"\n\
//!      [[routes.mapping]]\nstatus = 500\njson = { field = \"code\", equals = \"E_FUNDS\" }\n\
//!      code = \"CONFLICT\"\n",
//!     "tightlip.toml",
//! )
//! .unwrap();
//! assert_eq!(config.routes.len(), 1);
//!
//! let error = GatewayConfig::parse("upstream = \"ftp://x\"\n", "tightlip.toml").unwrap_err();
//! assert!(error.to_string().starts_with("tightlip.toml:1:12: key `upstream`"));
//! ```

mod admin;
mod body;
mod config;
pub mod demo;
mod disguise;
#[doc(hidden)]
pub mod fuzzing;
mod handler;
mod hygiene;
mod limits;
mod mapping;
mod metrics;
mod passage;
mod record;
mod rejections;
mod repeats;
mod respond;
mod routes;
mod screening;
mod server;
mod state;
mod tls;
mod upstream;

pub use admin::AdminConfig;
pub use config::{ConfigError, GatewayConfig, Limits};
pub use disguise::DisguiseMode;
pub use mapping::{HeaderMatch, JsonMatch, MappingRule, Pattern, Scalar, StatusMatch};
pub use routes::RouteConfig;
pub use server::{Gateway, RunningGateway};
pub use state::SetupError;
pub use tightlip_detect::{Policy, Verdict};
pub use tls::{TlsConfig, TlsError, TlsVersion};
