//! Routes: which upstream a request goes to, by host and path prefix, and how that route
//! guards its errors.

use crate::Policy;
use crate::disguise::DisguiseMode;
use crate::mapping::MappingRule;
use crate::upstream::Upstream;
use serde::Deserialize;

/// One `[[routes]]` entry; unset settings inherit the top-level ones.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RouteConfig {
    /// A name for incidents and metrics; defaults to `host/prefix`.
    #[serde(default)]
    pub name: Option<String>,
    /// The `Host` this route serves (`api.example.com`, or `*.example.com` for any
    /// subdomain); any host when absent.
    #[serde(default)]
    pub host: Option<String>,
    /// The path prefix it serves, at a segment boundary (`/api` serves `/api` and
    /// `/api/x`, not `/apix`).
    #[serde(default = "root")]
    pub path_prefix: String,
    /// Remove the prefix before forwarding.
    #[serde(default)]
    pub strip_prefix: bool,
    /// The backend, `http://host:port`.
    pub upstream: toml::Spanned<String>,
    /// How this route guards upstream errors.
    #[serde(default)]
    pub policy: Option<Policy>,
    /// Answer an upstream 403 with 404 on this route.
    #[serde(default)]
    pub hide_forbidden: Option<bool>,
    /// What to do with 2xx errors in disguise on this route.
    #[serde(default)]
    pub disguised_errors: Option<DisguiseMode>,
    /// Mapping rules tried before the top-level ones.
    #[serde(default)]
    pub mapping: Vec<MappingRule>,
}

fn root() -> String {
    "/".to_owned()
}

/// A route ready to serve: everything inherited resolved.
#[derive(Debug, Clone)]
pub struct Route {
    /// Name for incidents.
    pub name: String,
    host: Option<HostMatch>,
    prefix: String,
    strip_prefix: bool,
    /// The backend.
    pub upstream: Upstream,
    /// How upstream errors are guarded.
    pub policy: Policy,
    /// 403 answered as 404.
    pub hide_forbidden: bool,
    /// 2xx errors in disguise.
    pub disguised_errors: DisguiseMode,
    /// Route rules first, then the top-level ones.
    pub mapping: Vec<MappingRule>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum HostMatch {
    Exact(String),
    /// `*.example.com` stored as `.example.com`.
    Suffix(String),
}

/// The top-level settings a route inherits.
pub struct Inherited<'a> {
    /// Top-level policy.
    pub policy: Policy,
    /// Top-level hide_forbidden.
    pub hide_forbidden: bool,
    /// Top-level disguised_errors.
    pub disguised_errors: DisguiseMode,
    /// Top-level mapping rules.
    pub mapping: &'a [MappingRule],
}

impl Route {
    /// Resolves a configured route against the top-level settings.
    pub fn new(config: &RouteConfig, upstream: Upstream, inherited: &Inherited<'_>) -> Self {
        let host = config.host.as_deref().map(|host| {
            let host = host.to_ascii_lowercase();
            match host.strip_prefix('*') {
                Some(suffix) => HostMatch::Suffix(suffix.to_owned()),
                None => HostMatch::Exact(host),
            }
        });
        let prefix = config.path_prefix.trim_end_matches('/').to_owned();
        let mut mapping = config.mapping.clone();
        mapping.extend_from_slice(inherited.mapping);
        Self {
            name: config.name.clone().unwrap_or_else(|| {
                format!(
                    "{}{}",
                    config.host.as_deref().unwrap_or(""),
                    if prefix.is_empty() { "/" } else { &prefix }
                )
            }),
            host,
            prefix,
            strip_prefix: config.strip_prefix,
            upstream,
            policy: config.policy.unwrap_or(inherited.policy),
            hide_forbidden: config.hide_forbidden.unwrap_or(inherited.hide_forbidden),
            disguised_errors: config
                .disguised_errors
                .unwrap_or(inherited.disguised_errors),
            mapping,
        }
    }

    /// The catch-all route of the top-level `upstream`.
    pub fn catch_all(upstream: Upstream, inherited: &Inherited<'_>) -> Self {
        Self {
            name: "/".to_owned(),
            host: None,
            prefix: String::new(),
            strip_prefix: false,
            upstream,
            policy: inherited.policy,
            hide_forbidden: inherited.hide_forbidden,
            disguised_errors: inherited.disguised_errors,
            mapping: inherited.mapping.to_vec(),
        }
    }

    fn serves_host(&self, host: &str) -> bool {
        match &self.host {
            None => true,
            Some(HostMatch::Exact(exact)) => host == exact,
            Some(HostMatch::Suffix(suffix)) => host.ends_with(suffix.as_str()),
        }
    }

    fn serves_path(&self, path: &str) -> bool {
        path.strip_prefix(self.prefix.as_str())
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('/') || rest.starts_with('?'))
    }

    /// The path and query the upstream gets.
    pub fn upstream_path<'a>(&self, path_and_query: &'a str) -> std::borrow::Cow<'a, str> {
        if !self.strip_prefix || self.prefix.is_empty() {
            return path_and_query.into();
        }
        let rest = &path_and_query[self.prefix.len().min(path_and_query.len())..];
        if rest.starts_with('/') {
            rest.into()
        } else {
            format!("/{rest}").into()
        }
    }
}

/// Every route, most specific first.
#[derive(Debug, Clone, Default)]
pub struct RouteTable {
    routes: Vec<Route>,
    /// Whether any route looks at the host; if none does, the host is not normalised.
    by_host: bool,
}

impl RouteTable {
    /// Orders routes so that a host-specific route beats a host-less one, and a longer
    /// prefix beats a shorter one; ties keep the configured order.
    pub fn new(mut routes: Vec<Route>) -> Self {
        routes.sort_by_key(|route| {
            (
                std::cmp::Reverse(route.host.is_some()),
                std::cmp::Reverse(route.prefix.len()),
            )
        });
        let by_host = routes.iter().any(|route| route.host.is_some());
        Self { routes, by_host }
    }

    /// The route for a request to `host` (port and case ignored) and `path`, with its
    /// index for [`RouteTable::get`].
    pub fn select(&self, host: Option<&str>, path: &str) -> Option<(usize, &Route)> {
        let host = host.filter(|_| self.by_host).map(|host| {
            let without_port = match host.rsplit_once(':') {
                Some((name, port)) if port.bytes().all(|b| b.is_ascii_digit()) => name,
                _ => host,
            };
            without_port.trim_end_matches('.').to_ascii_lowercase()
        });
        self.routes.iter().enumerate().find(|(_, route)| {
            route.serves_path(path)
                && (route.host.is_none() || host.as_deref().is_some_and(|h| route.serves_host(h)))
        })
    }

    /// The route at `index`.
    pub fn get(&self, index: usize) -> Option<&Route> {
        self.routes.get(index)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn route(host: Option<&str>, prefix: &str, upstream: &str) -> Route {
        let config: RouteConfig = toml::from_str(&format!(
            "{}path_prefix = \"{prefix}\"\nupstream = \"{upstream}\"\nstrip_prefix = true\n",
            host.map(|h| format!("host = \"{h}\"\n"))
                .unwrap_or_default()
        ))
        .unwrap();
        let inherited = Inherited {
            policy: Policy::Protect,
            hide_forbidden: false,
            disguised_errors: DisguiseMode::Record,
            mapping: &[],
        };
        Route::new(&config, Upstream::parse(upstream).unwrap(), &inherited)
    }

    #[test]
    fn host_then_longest_prefix_wins() {
        let table = RouteTable::new(vec![
            route(None, "/", "http://127.0.0.1:1"),
            route(None, "/api", "http://127.0.0.1:2"),
            route(Some("admin.example.com"), "/", "http://127.0.0.1:3"),
            route(Some("*.shop.test"), "/api/v2", "http://127.0.0.1:4"),
        ]);
        let port = |host, path| {
            table
                .select(host, path)
                .map(|(_, r)| r.upstream.authority.port_u16().unwrap())
        };
        assert_eq!(port(None, "/"), Some(1));
        assert_eq!(port(None, "/apix"), Some(1), "segment boundary");
        assert_eq!(port(Some("x"), "/api/orders"), Some(2));
        assert_eq!(port(Some("Admin.Example.com:8443"), "/api"), Some(3));
        assert_eq!(port(Some("eu.shop.test"), "/api/v2/x"), Some(4));
        assert_eq!(port(Some("eu.shop.test"), "/api/v1"), Some(2));
    }

    #[test]
    fn no_route_without_a_catch_all() {
        let table = RouteTable::new(vec![route(None, "/api", "http://127.0.0.1:2")]);
        assert!(table.select(None, "/other").is_none());
    }

    #[test]
    fn strip_prefix_keeps_a_rooted_path() {
        let api = route(None, "/api/", "http://127.0.0.1:2");
        assert_eq!(api.upstream_path("/api/orders?x=1"), "/orders?x=1");
        assert_eq!(api.upstream_path("/api"), "/");
        assert_eq!(api.upstream_path("/api?x"), "/?x");
    }
}
