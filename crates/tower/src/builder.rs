//! The layer's builder: every default is the safe one.

use crate::layer::TightlipLayer;
use crate::service::{Limits, Shared};
use std::sync::Arc;
use tightlip_core::Catalog;
use tightlip_detect::{Detector, Policy, Redactor};
use tightlip_incident::Recorder;

/// The environment variable that names the deployment; `production` forbids development mode.
pub const ENV_VAR: &str = "TIGHTLIP_ENV";

/// Configures a [`TightlipLayer`].
#[derive(Debug)]
pub struct TightlipLayerBuilder {
    catalog: Option<Catalog>,
    detector: Option<Detector>,
    redactor: Option<Redactor>,
    policy: Policy,
    recorder: Option<Recorder>,
    development: bool,
    trust_request_id: bool,
    request_id_extension: bool,
    limits: Limits,
}

impl Default for TightlipLayerBuilder {
    fn default() -> Self {
        Self {
            catalog: None,
            detector: None,
            redactor: None,
            policy: Policy::default(),
            recorder: None,
            development: false,
            trust_request_id: false,
            request_id_extension: true,
            limits: Limits::default(),
        }
    }
}

/// The layer could not be built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum BuildError {
    /// Development mode was asked for where the environment says production.
    #[error(
        "development mode refused: {ENV_VAR}=production; it would show internal error chains to callers"
    )]
    DevelopmentInProduction,
}

impl TightlipLayerBuilder {
    /// The catalog errors are rendered from (default: the built-in catalog).
    #[must_use]
    pub fn catalog(mut self, catalog: Catalog) -> Self {
        self.catalog = Some(catalog);
        self
    }

    /// The leak detector hand-built error responses are scanned with (default: built-in).
    #[must_use]
    pub fn detector(mut self, detector: Detector) -> Self {
        self.detector = Some(detector);
        self
    }

    /// The redactor that masks secrets in incidents (default: [`Redactor::new`]).
    #[must_use]
    pub fn redactor(mut self, redactor: Redactor) -> Self {
        self.redactor = Some(redactor);
        self
    }

    /// The policy for hand-built 4xx/5xx responses (default: `protect`).
    #[must_use]
    pub fn policy(mut self, policy: Policy) -> Self {
        self.policy = policy;
        self
    }

    /// Where incidents go; any [`IncidentSink`](tightlip_incident::sink::IncidentSink) plugs
    /// into a [`Recorder`]. Without one, incidents are logged with `tracing`.
    #[must_use]
    pub fn recorder(mut self, recorder: Recorder) -> Self {
        self.recorder = Some(recorder);
        self
    }

    /// Development mode: internal chains under a `debug` member (default: off). Refused
    /// at [`build`](Self::build) when `TIGHTLIP_ENV=production`.
    #[must_use]
    pub fn development(mut self, on: bool) -> Self {
        self.development = on;
        self
    }

    /// Keep a valid inbound `X-Request-ID` instead of issuing a fresh one (default: off,
    /// so no caller picks an incident's key; the inbound one is kept as `client_request_id`).
    #[must_use]
    pub fn trust_request_id(mut self, trust: bool) -> Self {
        self.trust_request_id = trust;
        self
    }

    /// Put the [`CurrentRequestId`](crate::CurrentRequestId) marker in the request
    /// extensions and lend the ID to the handler while it runs, so that handlers can read
    /// it (default: on). It costs no allocation: the marker is zero-sized. Off, the
    /// request's extensions are left as they came and the
    /// [`AssignedRequestId`](crate::AssignedRequestId) extractor is refused.
    #[must_use]
    pub fn request_id_extension(mut self, on: bool) -> Self {
        self.request_id_extension = on;
        self
    }

    /// Bounds on error bodies (defaults: 1 MiB read, 4 MiB decoded, 64 KiB captured).
    #[must_use]
    pub fn limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    /// Builds the layer, reading `TIGHTLIP_ENV` to refuse development mode in production.
    pub fn build(self) -> Result<TightlipLayer, BuildError> {
        let environment = std::env::var(ENV_VAR).ok();
        self.build_in(environment.as_deref())
    }

    /// Builds the layer as if `TIGHTLIP_ENV` were `environment`.
    pub fn build_in(self, environment: Option<&str>) -> Result<TightlipLayer, BuildError> {
        if self.development {
            if environment.is_some_and(|env| env.trim().eq_ignore_ascii_case("production")) {
                return Err(BuildError::DevelopmentInProduction);
            }
            tracing::warn!(
                target: "tightlip::tower",
                "development mode is ON: internal error chains are sent to callers under `debug`; never run this in production"
            );
        }
        let shared = Shared {
            catalog: self.catalog.unwrap_or_else(Catalog::builtin),
            detector: self.detector.unwrap_or_else(Detector::builtin),
            redactor: self.redactor.unwrap_or_default(),
            policy: self.policy,
            recorder: self.recorder,
            development: self.development,
            trust_request_id: self.trust_request_id,
            request_id_extension: self.request_id_extension,
            limits: self.limits,
            host: tightlip_incident::host_name(),
        };
        Ok(TightlipLayer {
            shared: Arc::new(shared),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_safe() {
        let layer = TightlipLayerBuilder::default().build_in(None).unwrap();
        assert!(!layer.is_development());
        assert_eq!(layer.shared.policy, Policy::Protect);
        assert!(!layer.shared.trust_request_id);
    }

    #[test]
    fn development_is_refused_in_production() {
        let refused = TightlipLayer::builder()
            .development(true)
            .build_in(Some("production"));
        assert_eq!(refused.unwrap_err(), BuildError::DevelopmentInProduction);
        let allowed = TightlipLayer::builder()
            .development(true)
            .build_in(Some("staging"))
            .unwrap();
        assert!(allowed.is_development());
    }
}
