//! Gateway configuration: a quick start from flags, or a TOML file with every knob.
//! Errors name the file, line, column and key.

use crate::Policy;
use crate::disguise::DisguiseMode;
use crate::mapping::MappingRule;
use crate::routes::RouteConfig;
use crate::tls::TlsConfig;
use serde::Deserialize;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use tightlip_core::Catalog;
use tightlip_core::catalog::Location;
use tightlip_incident::IncidentConfig;

pub use crate::limits::Limits;

/// Everything the gateway needs to run.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GatewayConfig {
    /// Address to accept callers on.
    #[serde(default = "default_listen")]
    pub listen: SocketAddr,
    /// The catch-all backend, `http://host:port`; empty when only `[[routes]]` serve
    /// (a request no route serves is then answered 404).
    #[serde(default)]
    pub upstream: String,
    /// Routes by host and path prefix, each with its own upstream and guards.
    #[serde(default)]
    pub routes: Vec<RouteConfig>,
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
    /// What to do with a 2xx JSON body that is an error in disguise.
    #[serde(default)]
    pub disguised_errors: DisguiseMode,
    /// Mapping rules: upstream errors that become a specific catalog code.
    #[serde(default)]
    pub mapping: Vec<MappingRule>,
    /// Extra response headers to strip from every response.
    #[serde(default)]
    pub strip_headers: Vec<String>,
    /// Extra upstream headers a replaced error keeps.
    #[serde(default)]
    pub keep_headers: Vec<String>,
    /// TLS for callers; plaintext (HTTP/1.1 and h2c) when absent.
    #[serde(default)]
    pub tls: Option<TlsConfig>,
    /// Sizes, counts and timeouts.
    #[serde(default)]
    pub limits: Limits,
    /// Incident recording.
    #[serde(default)]
    pub incidents: IncidentConfig,
    /// The admin listener; off unless configured.
    #[serde(default)]
    pub admin: Option<crate::AdminConfig>,
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
    /// A value is wrong; the message names the key.
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
            routes: Vec::new(),
            catalog: None,
            policy: Policy::default(),
            trust_request_id: false,
            hide_forbidden: false,
            disguised_errors: DisguiseMode::default(),
            mapping: Vec::new(),
            strip_headers: Vec::new(),
            keep_headers: Vec::new(),
            tls: None,
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

    /// Parses and validates TOML text named `origin`: syntax, types, upstream URLs,
    /// regexes, and that every mapped code exists in the catalog.
    pub fn parse(source: &str, origin: &str) -> Result<Self, ConfigError> {
        let invalid = |offset: usize, message: String| {
            let location = Location::at(origin, source, offset);
            ConfigError::Invalid {
                origin: origin.to_owned(),
                line: location.line,
                column: location.column,
                message,
            }
        };
        let config: Self = toml::from_str(source).map_err(|error| {
            let offset = error.span().map_or(0, |span| span.start);
            let message = error.message().trim().replace('\n', " ");
            match key_at(source, offset) {
                Some(key) if !message.contains(&format!("`{key}`")) => {
                    invalid(offset, format!("key `{key}`: {message}"))
                }
                _ => invalid(offset, message),
            }
        })?;
        let checked = config.check(source);
        checked.map(|()| config).map_err(|(offset, message)| {
            let key = key_at(source, offset).unwrap_or_default();
            invalid(offset, format!("key `{key}`: {message}"))
        })
    }

    /// The checks serde cannot make; errors carry the byte offset of the culprit.
    fn check(&self, source: &str) -> Result<(), (usize, String)> {
        let top = top_level_value(source, "upstream");
        if !self.upstream.is_empty() {
            crate::upstream::Upstream::parse(&self.upstream).map_err(|m| (top, m))?;
        } else if self.routes.is_empty() {
            return Err((
                0,
                "no `upstream` and no `[[routes]]`: nothing to proxy to".into(),
            ));
        }
        for route in &self.routes {
            crate::upstream::Upstream::parse(route.upstream.get_ref())
                .map_err(|message| (route.upstream.span().start, message))?;
            if !route.path_prefix.starts_with('/') {
                let at = source.find(&route.path_prefix).unwrap_or(0);
                return Err((at, format!("`{}` must start with /", route.path_prefix)));
            }
        }
        let catalog = self
            .load_catalog()
            .map_err(|message| (source.find("catalog").unwrap_or(0), message))?;
        let rules = self
            .mapping
            .iter()
            .chain(self.routes.iter().flat_map(|route| route.mapping.iter()));
        for rule in rules {
            if !rule.has_condition() {
                return Err((
                    rule.code.span().start,
                    "a mapping rule needs at least one of status, header, json, body".into(),
                ));
            }
            if catalog.entry(rule.code.get_ref()).is_none() {
                return Err((
                    rule.code.span().start,
                    format!("code `{}` is not in the catalog", rule.code.get_ref()),
                ));
            }
        }
        Ok(())
    }

    /// The built-in catalog with the configured file overlaid.
    pub fn load_catalog(&self) -> Result<Catalog, String> {
        let Some(path) = &self.catalog else {
            return Ok(Catalog::builtin());
        };
        let source = std::fs::read_to_string(path)
            .map_err(|error| format!("{}: cannot read: {error}", path.display()))?;
        Catalog::from_toml(&source, &path.display().to_string()).map_err(|error| error.to_string())
    }
}

/// Byte offset of the value of a top-level `key` (before the first table header).
fn top_level_value(source: &str, key: &str) -> usize {
    let mut offset = 0;
    for line in source.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if trimmed.starts_with('[') {
            break;
        }
        if let Some((name, value)) = trimmed.split_once('=') {
            if name.trim().trim_matches('"') == key {
                let indent = line.len() - trimmed.len();
                let value_start = name.len() + 1 + (value.len() - value.trim_start().len());
                return offset + indent + value_start;
            }
        }
        offset += line.len();
    }
    0
}

/// The dotted key whose value sits at `offset`: the enclosing `[table]` or `[[array]]`
/// header plus the key on that line, e.g. `limits.header_size` or `routes.upstream`.
fn key_at(source: &str, offset: usize) -> Option<String> {
    let before = source.get(..offset.min(source.len()))?;
    let line_start = before.rfind('\n').map_or(0, |at| at + 1);
    let line = source[line_start..].lines().next().unwrap_or_default();
    let key = line
        .split_once('=')
        .map(|(key, _)| key.trim().trim_matches('"').to_owned())
        .filter(|key| !key.is_empty() && !key.starts_with('['));
    let table = before[..line_start]
        .lines()
        .rev()
        .map(str::trim)
        .find(|l| l.starts_with('['))
        .map(|header| {
            header
                .trim_matches(|c| c == '[' || c == ']')
                .trim()
                .to_owned()
        });
    match (table, key) {
        (Some(table), Some(key)) => Some(format!("{table}.{key}")),
        (None, Some(key)) => Some(key),
        (Some(table), None) => Some(table),
        (None, None) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(text: &str) -> String {
        GatewayConfig::parse(text, "gw.toml")
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn errors_name_file_line_column_and_key() {
        let message =
            error("upstream = \"http://127.0.0.1:1\"\n[limits]\nheader_size = \"lots\"\n");
        assert!(
            message.starts_with("gw.toml:3:15: key `limits.header_size`"),
            "{message}"
        );
        let message = error("upstream = \"http://127.0.0.1:1\"\npolicy = \"lax\"\n");
        assert!(
            message.starts_with("gw.toml:2:10: key `policy`"),
            "{message}"
        );
        let message = error("[[routes]]\npath_prefix = \"/api\"\nupstream = \"ftp://x\"\n");
        assert!(
            message.starts_with("gw.toml:3:12: key `routes.upstream`"),
            "{message}"
        );
        assert!(message.contains("only http://"), "{message}");
        let message = error("upstream = \"http://127.0.0.1:1\"\nlistn = \"x\"\n");
        assert!(
            message.contains("gw.toml:2:1") && message.contains("listn"),
            "{message}"
        );
    }

    #[test]
    fn mapping_codes_and_regexes_are_checked() {
        let message = error(
            "upstream = \"http://127.0.0.1:1\"\n[[mapping]]\nstatus = 500\ncode = \"NO_SUCH_CODE\"\n",
        );
        assert!(
            message.starts_with("gw.toml:4:8: key `mapping.code`"),
            "{message}"
        );
        assert!(message.contains("not in the catalog"), "{message}");
        let message = error(
            "upstream = \"http://127.0.0.1:1\"\n[[mapping]]\nbody = \"(open\"\ncode = \"NOT_FOUND\"\n",
        );
        assert!(
            message.starts_with("gw.toml:3:8: key `mapping.body`"),
            "{message}"
        );
        let message =
            error("upstream = \"http://127.0.0.1:1\"\n[[mapping]]\ncode = \"NOT_FOUND\"\n");
        assert!(message.contains("at least one of"), "{message}");
    }

    #[test]
    fn a_full_file_parses() {
        let config = GatewayConfig::parse(
            r#"
listen = "127.0.0.1:0"
disguised_errors = "rewrite"
[[routes]]
host = "api.example.com"
path_prefix = "/pay"
upstream = "http://127.0.0.1:3001"
policy = "strict"
hide_forbidden = true
[[routes.mapping]]
status = "5xx"
json = { field = "code", equals = "E_FUNDS" }
code = "INTERNAL_ERROR"
[tls]
cert = "cert.pem"
key = "key.pem"
min_version = "1.2"
[limits]
header_size = "16KiB"
max_connections = 100
"#,
            "full.toml",
        )
        .unwrap();
        assert_eq!(config.routes[0].mapping.len(), 1);
        assert_eq!(config.limits.header_size, 16 << 10);
        assert_eq!(
            config.tls.unwrap().min_version,
            crate::tls::TlsVersion::Tls12
        );
        assert!(error("listen = \"127.0.0.1:0\"\n").contains("nothing to proxy"));
    }
}
