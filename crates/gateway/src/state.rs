//! What every request handler shares: configuration, routes, catalog, detector,
//! recorder. (Each worker thread has its own upstream pool: see `server.rs`.)

use crate::config::{ConfigError, GatewayConfig};
use crate::limits::InFlight;
use crate::repeats::RecentBodies;
use crate::routes::{Inherited, Route, RouteTable};
use crate::upstream::Upstream;
use tightlip_core::Catalog;
use tightlip_detect::{Detector, Redactor};
use tightlip_incident::{Recorder, StartError};

/// Shared, read-only state of a running gateway.
pub struct State {
    /// The configuration it was started with.
    pub config: GatewayConfig,
    /// Where each request goes.
    pub routes: RouteTable,
    /// The error catalog.
    pub catalog: Catalog,
    /// The leak detector.
    pub detector: Detector,
    /// Masks secrets before anything is recorded.
    pub redactor: Redactor,
    /// Records incidents without blocking.
    pub recorder: Recorder,
    /// Request and response counters for `/metrics`.
    pub metrics: crate::metrics::Metrics,
    /// Requests waiting on an upstream.
    pub in_flight: InFlight,
    /// Error bodies inspected a moment ago, reused when an upstream repeats itself.
    pub recent_bodies: RecentBodies,
}

/// The gateway could not start.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SetupError {
    /// The configuration is invalid.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// The catalog is unreadable or invalid.
    #[error("{0}")]
    Catalog(String),
    /// The TLS certificate or key cannot be used.
    #[error(transparent)]
    Tls(#[from] crate::tls::TlsError),
    /// The incident pipeline refused to start.
    #[error(transparent)]
    Incidents(#[from] StartError),
}

fn bad_upstream(message: String) -> SetupError {
    SetupError::Config(ConfigError::Invalid {
        origin: "upstream".to_owned(),
        line: 1,
        column: 1,
        message,
    })
}

impl State {
    /// Builds the state; the caller runs it inside a Tokio runtime.
    pub fn new(config: GatewayConfig) -> Result<Self, SetupError> {
        let inherited = Inherited {
            policy: config.policy,
            hide_forbidden: config.hide_forbidden,
            disguised_errors: config.disguised_errors,
            mapping: &config.mapping,
        };
        let mut routes = Vec::with_capacity(config.routes.len() + 1);
        for route in &config.routes {
            let upstream = Upstream::parse(route.upstream.get_ref()).map_err(bad_upstream)?;
            routes.push(Route::new(route, upstream, &inherited));
        }
        if !config.upstream.is_empty() {
            let upstream = Upstream::parse(&config.upstream).map_err(bad_upstream)?;
            routes.push(Route::catch_all(upstream, &inherited));
        }
        let catalog = config.load_catalog().map_err(SetupError::Catalog)?;
        let recorder = config.incidents.start()?;
        Ok(Self {
            routes: RouteTable::new(routes),
            catalog,
            detector: Detector::builtin(),
            redactor: Redactor::new(),
            recorder,
            metrics: crate::metrics::Metrics::default(),
            in_flight: InFlight::default(),
            recent_bodies: RecentBodies::default(),
            config,
        })
    }
}
