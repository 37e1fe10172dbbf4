//! The tower `Layer`: wraps any `Service<http::Request<B>>` in a [`TightlipService`].

use crate::builder::TightlipLayerBuilder;
use crate::service::{Shared, TightlipService};
use std::sync::Arc;
use tower_layer::Layer;

/// Makes the wrapped service tight-lipped: request IDs, panics caught, error responses
/// inspected and replaced by policy, the hardened header set, incidents recorded.
///
/// Built with [`TightlipLayer::builder`]; [`TightlipLayer::new`] has the safe defaults
/// (built-in catalog and detector, `protect` policy, development mode off, no recorder:
/// incidents are logged with `tracing`).
#[derive(Debug, Clone)]
pub struct TightlipLayer {
    pub(crate) shared: Arc<Shared>,
}

impl TightlipLayer {
    /// The layer with the safe defaults.
    pub fn new() -> Self {
        TightlipLayerBuilder::default()
            .build()
            .expect("the defaults never enable development mode")
    }

    /// A builder starting from the safe defaults.
    pub fn builder() -> TightlipLayerBuilder {
        TightlipLayerBuilder::default()
    }

    /// Whether development mode is on (the internal chain under `debug`).
    pub fn is_development(&self) -> bool {
        self.shared.development
    }
}

impl Default for TightlipLayer {
    fn default() -> Self {
        Self::new()
    }
}

impl<S> Layer<S> for TightlipLayer {
    type Service = TightlipService<S>;

    fn layer(&self, inner: S) -> Self::Service {
        TightlipService {
            inner,
            shared: Arc::clone(&self.shared),
        }
    }
}
