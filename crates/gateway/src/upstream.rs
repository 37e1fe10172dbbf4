//! The backend: its address and a keep-alive connection pool.

use http::Uri;
use http::uri::{Authority, Scheme};
use http_body_util::Limited;
use hyper::body::Incoming;
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use std::time::Duration;

/// The request body as forwarded: streamed, cut off at the request size limit.
pub type RequestBody = Limited<Incoming>;

/// Where requests go.
#[derive(Debug, Clone)]
pub struct Upstream {
    /// `http`.
    pub scheme: Scheme,
    /// `host:port`.
    pub authority: Authority,
}

impl Upstream {
    /// Parses `http://host:port` (no path).
    pub fn parse(text: &str) -> Result<Self, String> {
        let uri: Uri = text.parse().map_err(|error| {
            format!("`{text}` is not a URL ({error}); expected http://HOST:PORT")
        })?;
        let (Some(scheme), Some(authority)) = (uri.scheme(), uri.authority()) else {
            return Err(format!(
                "`{text}` needs a scheme and host; expected http://HOST:PORT"
            ));
        };
        if scheme != &Scheme::HTTP {
            return Err(format!(
                "`{text}`: only http:// upstreams are supported; terminate TLS at tightlip"
            ));
        }
        if !matches!(uri.path(), "" | "/") {
            return Err(format!("`{text}` has a path; expected http://HOST:PORT"));
        }
        Ok(Self {
            scheme: scheme.clone(),
            authority: authority.clone(),
        })
    }

    /// The upstream URI for a request path and query.
    pub fn uri(&self, path_and_query: &str) -> Uri {
        Uri::builder()
            .scheme(self.scheme.clone())
            .authority(self.authority.clone())
            .path_and_query(path_and_query)
            .build()
            .unwrap_or_else(|_| {
                Uri::builder()
                    .scheme(self.scheme.clone())
                    .authority(self.authority.clone())
                    .path_and_query("/")
                    .build()
                    .expect("root path is valid")
            })
    }
}

/// A pooled HTTP/1.1 client with keep-alive.
pub type Pool = Client<HttpConnector, RequestBody>;

/// Most bytes read from an upstream connection at once. hyper's read buffer doubles after
/// every read that fills it, up to ~400 KiB by default: streaming 64 KiB bodies, each
/// pooled connection kept 128 KiB or more, 5 MiB more resident under 64 connections than
/// with this cap (docs/BENCHMARKS.md, Gateway). HAProxy's buffers are 16 KiB.
const UPSTREAM_READ_BUFFER: usize = 32 << 10;

/// Builds a pool: connections are reused, idle ones closed after 90 s. Each worker thread
/// builds its own, so a request and its upstream connection stay on one event loop.
pub fn pool(connect_timeout: Duration) -> Pool {
    let mut connector = HttpConnector::new();
    connector.set_nodelay(true);
    connector.set_connect_timeout(Some(connect_timeout));
    Client::builder(TokioExecutor::new())
        .pool_idle_timeout(Duration::from_secs(90))
        .pool_max_idle_per_host(256)
        .http1_max_buf_size(UPSTREAM_READ_BUFFER)
        .build(connector)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn upstream_urls() {
        assert!(Upstream::parse("http://127.0.0.1:3000").is_ok());
        assert!(Upstream::parse("http://127.0.0.1:3000/").is_ok());
        assert!(
            Upstream::parse("127.0.0.1:3000")
                .unwrap_err()
                .contains("needs a scheme")
        );
        assert!(
            Upstream::parse("https://x")
                .unwrap_err()
                .contains("only http://")
        );
        assert!(
            Upstream::parse("http://x/api")
                .unwrap_err()
                .contains("has a path")
        );
    }
}
