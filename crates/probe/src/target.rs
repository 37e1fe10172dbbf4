//! The one origin a probe run may talk to.

use std::fmt;
use std::net::{SocketAddr, ToSocketAddrs};

/// The origin under test: scheme `http`, a host and a port. Every request of a run goes
/// to this origin and nowhere else, whatever a spec or a redirect says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// Host as given (a name or an address literal, without brackets).
    pub host: String,
    /// TCP port.
    pub port: u16,
    /// The path prefix of the given URL, without a trailing slash (`""` for the root).
    pub base_path: String,
    /// The address connections go to, resolved once at the start.
    pub addr: SocketAddr,
}

/// The URL given is not one the probe can test.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[non_exhaustive]
pub enum TargetError {
    /// Not `http://host[:port][/path]`.
    #[error("`{url}` is not an http:// URL (https is not supported yet: probe the plain listener)")]
    Scheme {
        /// The URL as given.
        url: String,
    },
    /// The host or port is malformed.
    #[error("`{url}`: {reason}")]
    Malformed {
        /// The URL as given.
        url: String,
        /// What is wrong.
        reason: &'static str,
    },
    /// The host does not resolve.
    #[error("`{host}` does not resolve")]
    Unresolved {
        /// The host.
        host: String,
    },
}

impl Target {
    /// Parses `http://host[:port][/base]` and resolves the host.
    pub fn parse(url: &str) -> Result<Self, TargetError> {
        let rest = url
            .strip_prefix("http://")
            .ok_or_else(|| TargetError::Scheme {
                url: url.to_owned(),
            })?;
        let malformed = |reason| TargetError::Malformed {
            url: url.to_owned(),
            reason,
        };
        let (authority, path) = rest.split_at(rest.find(['/', '?', '#']).unwrap_or(rest.len()));
        if authority.contains('@') {
            return Err(malformed(
                "credentials in the URL are not supported; use --header",
            ));
        }
        let (host, port) = if let Some(bracketed) = authority.strip_prefix('[') {
            let end = bracketed
                .find(']')
                .ok_or_else(|| malformed("unclosed `[`"))?;
            (&bracketed[..end], bracketed[end + 1..].strip_prefix(':'))
        } else {
            match authority.rsplit_once(':') {
                Some((host, port)) => (host, Some(port)),
                None => (authority, None),
            }
        };
        if host.is_empty() {
            return Err(malformed("no host"));
        }
        let port = match port {
            None => 80,
            Some(port) => port.parse().map_err(|_| malformed("invalid port"))?,
        };
        let path = path.split(['?', '#']).next().unwrap_or("");
        let addr = (host, port)
            .to_socket_addrs()
            .ok()
            .and_then(|mut addrs| addrs.next())
            .ok_or_else(|| TargetError::Unresolved {
                host: host.to_owned(),
            })?;
        Ok(Self {
            host: host.to_owned(),
            port,
            base_path: path.trim_end_matches('/').to_owned(),
            addr,
        })
    }

    /// The `Host` header value: `host:port`, brackets around an IPv6 literal.
    pub fn authority(&self) -> String {
        if self.host.contains(':') {
            format!("[{}]:{}", self.host, self.port)
        } else {
            format!("{}:{}", self.host, self.port)
        }
    }

    /// The absolute URL of a request target (path and query) on this origin.
    pub fn url(&self, request_target: &str) -> String {
        format!("http://{}{request_target}", self.authority())
    }
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "http://{}{}", self.authority(), self.base_path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_host_port_and_base() {
        let target = Target::parse("http://127.0.0.1:8080/api/").unwrap();
        assert_eq!(target.port, 8080);
        assert_eq!(target.base_path, "/api");
        assert_eq!(target.url("/x?y=1"), "http://127.0.0.1:8080/x?y=1");
        let v6 = Target::parse("http://[::1]:9/").unwrap();
        assert_eq!(v6.authority(), "[::1]:9");
    }

    #[test]
    fn refuses_what_it_cannot_test() {
        assert!(matches!(
            Target::parse("https://example.com"),
            Err(TargetError::Scheme { .. })
        ));
        assert!(matches!(
            Target::parse("http://127.0.0.1:99999"),
            Err(TargetError::Malformed { .. })
        ));
        assert!(matches!(
            Target::parse("http://user:pw@127.0.0.1"),
            Err(TargetError::Malformed { .. })
        ));
    }
}
