//! Gateway configuration: a quick start from flags, or a TOML file with every knob.

use crate::Policy;
use serde::Deserialize;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;
use tightlip_incident::IncidentConfig;
use tightlip_incident::units;

/// Everything the gateway needs to run.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GatewayConfig {
    /// Address to accept callers on.
    #[serde(default = "default_listen")]
    pub listen: SocketAddr,
    /// The backend, `http://host:port`.
    pub upstream: String,
    /// The error catalog overlaid on the built-in one.
    #[serde(default)]
    pub catalog: Option<PathBuf>,
    /// How upstream errors are guarded.
    #[serde(default)]
    pub policy: Policy,
    /// Keep a valid inbound `X-Request-ID` (only behind a trusted edge).
    #[serde(default)]
    pub trust_request_id: bool,
    /// Answer an upstream 403 with 404, so existence never leaks.
    #[serde(default)]
    pub hide_forbidden: bool,
    /// Extra response headers to strip from every response.
    #[serde(default)]
    pub strip_headers: Vec<String>,
    /// Extra upstream headers a replaced error keeps.
    #[serde(default)]
    pub keep_headers: Vec<String>,
    /// Sizes and timeouts.
    #[serde(default)]
    pub limits: Limits,
    /// Incident recording.
    #[serde(default)]
    pub incidents: IncidentConfig,
    /// The admin listener; off unless configured.
    #[serde(default)]
    pub admin: Option<crate::AdminConfig>,
}

/// Sizes and timeouts, with safe defaults.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Limits {
    /// Most bytes of an upstream error body inspected; larger bodies are suspect.
    #[serde(deserialize_with = "size")]
    pub error_body: u64,
    /// Most bytes a compressed error body may decode to.
    #[serde(deserialize_with = "size")]
    pub decoded_body: u64,
    /// Most bytes of a request body accepted.
    #[serde(deserialize_with = "size")]
    pub request_body: u64,
    /// How long the upstream may take to answer.
    #[serde(deserialize_with = "duration")]
    pub upstream_timeout: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            error_body: 1 << 20,
            decoded_body: 16 << 20,
            request_body: 10 << 20,
            upstream_timeout: Duration::from_secs(30),
        }
    }
}

fn size<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<u64, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Raw {
        Bytes(u64),
        Text(String),
    }
    match Raw::deserialize(deserializer)? {
        Raw::Bytes(bytes) => Ok(bytes),
        Raw::Text(text) => units::parse_size(&text).map_err(serde::de::Error::custom),
    }
}

fn duration<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Duration, D::Error> {
    let text = String::deserialize(deserializer)?;
    units::parse_duration(&text).map_err(serde::de::Error::custom)
}

fn default_listen() -> SocketAddr {
    SocketAddr::from(([127, 0, 0, 1], 8080))
}

/// The configuration file is unreadable or invalid.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ConfigError {
    /// The file cannot be read.
    #[error("{path}: cannot read: {source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// A value is wrong; the message names line, column and key.
    #[error("{origin}:{line}:{column}: {message}")]
    Invalid {
        /// The file.
        origin: String,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What is wrong, naming the key.
        message: String,
    },
}

impl GatewayConfig {
    /// A quick-start configuration: everything default but the two addresses.
    pub fn quick(listen: SocketAddr, upstream: &str) -> Self {
        Self {
            listen,
            upstream: upstream.to_owned(),
            catalog: None,
            policy: Policy::default(),
            trust_request_id: false,
            hide_forbidden: false,
            strip_headers: Vec::new(),
            keep_headers: Vec::new(),
            limits: Limits::default(),
            incidents: IncidentConfig::default(),
            admin: None,
        }
    }

    /// Reads and validates a TOML file.
    pub fn load(path: &Path) -> Result<Self, ConfigError> {
        let source = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
            path: path.to_owned(),
            source,
        })?;
        Self::parse(&source, &path.display().to_string())
    }

    /// Parses and validates TOML text named `origin`.
    pub fn parse(source: &str, origin: &str) -> Result<Self, ConfigError> {
        let invalid = |offset: usize, message: String| {
            let location = tightlip_core::catalog::Location::at(origin, source, offset);
            ConfigError::Invalid {
                origin: origin.to_owned(),
                line: location.line,
                column: location.column,
                message,
            }
        };
        let config: Self = toml::from_str(source).map_err(|error| {
            let offset = error.span().map_or(0, |span| span.start);
            invalid(offset, error.message().trim().replace('\n', " "))
        })?;
        if let Err(message) = crate::upstream::Upstream::parse(&config.upstream) {
            let offset = source.find("upstream").unwrap_or(0);
            return Err(invalid(offset, format!("key `upstream`: {message}")));
        }
        Ok(config)
    }
}
