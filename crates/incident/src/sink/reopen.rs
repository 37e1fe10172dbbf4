//! A sink that could not be opened keeps trying, so a fixed disk heals without a restart.

use super::{IncidentSink, SinkError};
use crate::Incident;
use crate::pipeline::LaneStats;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Opener of the wrapped sink.
type Opener<S> = Box<dyn FnMut() -> Result<S, SinkError> + Send>;

/// Wraps a sink that failed to open: batches fail (and go to the fallback) until a retry
/// succeeds, at most once per `retry_every`.
pub struct Reopening<S> {
    name: &'static str,
    inner: Option<S>,
    open: Opener<S>,
    last_error: String,
    last_attempt: Instant,
    retry_every: Duration,
}

impl<S: IncidentSink> Reopening<S> {
    /// Starts without a sink, after the first attempt failed with `error`.
    pub fn new(
        name: &'static str,
        error: &SinkError,
        retry_every: Duration,
        open: impl FnMut() -> Result<S, SinkError> + Send + 'static,
    ) -> Self {
        Self {
            name,
            inner: None,
            open: Box::new(open),
            last_error: error.to_string(),
            last_attempt: Instant::now(),
            retry_every,
        }
    }

    fn try_open(&mut self) {
        if self.inner.is_some() || self.last_attempt.elapsed() < self.retry_every {
            return;
        }
        self.last_attempt = Instant::now();
        match (self.open)() {
            Ok(sink) => self.inner = Some(sink),
            Err(error) => self.last_error = error.to_string(),
        }
    }
}

impl<S: IncidentSink> IncidentSink for Reopening<S> {
    fn name(&self) -> &str {
        self.name
    }

    fn write_batch(&mut self, batch: &[Arc<Incident>]) -> Result<(), SinkError> {
        self.try_open();
        match &mut self.inner {
            Some(sink) => sink.write_batch(batch),
            None => Err(SinkError::Unavailable(self.last_error.clone())),
        }
    }

    fn maintain(&mut self, stats: &LaneStats) -> Result<(), SinkError> {
        self.try_open();
        match &mut self.inner {
            Some(sink) => sink.maintain(stats),
            None => Err(SinkError::Unavailable(self.last_error.clone())),
        }
    }
}
