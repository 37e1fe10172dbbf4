//! The non-blocking pipeline: a bounded queue and a writer thread per sink.
//!
//! The request path calls [`Recorder::record`], which never waits: if a sink's queue is
//! full, the incident is counted as dropped for that sink and the request goes on. Each
//! sink has its own queue and thread, so a slow or dead sink stalls nobody else.

use crate::Incident;
use crate::sink::{IncidentSink, SinkError, StderrSink};
use crossbeam_channel::{Receiver, RecvTimeoutError, Sender, TrySendError};
use serde::Serialize;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// Tuning of the pipeline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PipelineConfig {
    /// Incidents each sink's queue holds before new ones are dropped.
    pub queue_capacity: usize,
    /// Most incidents a writer hands its sink at once.
    pub batch_size: usize,
    /// How long a writer waits for more before maintenance.
    pub maintain_every: Duration,
}

impl Default for PipelineConfig {
    fn default() -> Self {
        Self {
            queue_capacity: 16_384,
            batch_size: 1024,
            maintain_every: Duration::from_secs(1),
        }
    }
}

/// Counters of one sink's lane. `submitted = stored + dropped + failed + queued`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LaneStats {
    /// Sink name.
    pub sink: String,
    /// Incidents handed to this lane.
    pub submitted: u64,
    /// Incidents the sink wrote.
    pub stored: u64,
    /// Incidents refused because the queue was full or the pipeline stopped.
    pub dropped: u64,
    /// Incidents the sink failed to write; they went to the stderr fallback instead.
    pub failed: u64,
    /// Incidents waiting in the queue.
    pub queued: u64,
    /// Why the sink is degraded, if it is.
    pub degraded: Option<String>,
}

#[derive(Default)]
struct Counters {
    submitted: AtomicU64,
    stored: AtomicU64,
    dropped: AtomicU64,
    failed: AtomicU64,
    degraded: Mutex<Option<String>>,
}

struct Lane {
    name: String,
    sender: Sender<Arc<Incident>>,
    counters: Arc<Counters>,
}

impl Counters {
    /// A snapshot; `submitted` is read last so `queued` absorbs in-flight increments.
    fn snapshot(&self, sink: &str) -> LaneStats {
        let stored = self.stored.load(Ordering::Acquire);
        let dropped = self.dropped.load(Ordering::Acquire);
        let failed = self.failed.load(Ordering::Acquire);
        let submitted = self.submitted.load(Ordering::Acquire);
        LaneStats {
            sink: sink.to_owned(),
            submitted,
            stored,
            dropped,
            failed,
            queued: submitted.saturating_sub(stored + dropped + failed),
            degraded: self.degraded.lock().expect("not poisoned").clone(),
        }
    }
}

impl Lane {
    fn stats(&self) -> LaneStats {
        self.counters.snapshot(&self.name)
    }
}

struct Shared {
    lanes: Vec<Lane>,
    stopping: AtomicBool,
    writers: Mutex<Vec<JoinHandle<()>>>,
}

/// Records incidents without ever blocking the caller. Cheap to clone.
#[derive(Clone)]
pub struct Recorder {
    shared: Arc<Shared>,
}

impl std::fmt::Debug for Recorder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Recorder")
            .field("sinks", &self.stats())
            .finish()
    }
}

impl Recorder {
    /// Starts a writer thread for each sink.
    pub fn start(sinks: Vec<Box<dyn IncidentSink>>, config: PipelineConfig) -> Self {
        Self::start_with_states(sinks.into_iter().map(|sink| (sink, None)).collect(), config)
    }

    /// Starts writers; a sink may begin degraded with the reason given.
    pub fn start_with_states(
        sinks: Vec<(Box<dyn IncidentSink>, Option<String>)>,
        config: PipelineConfig,
    ) -> Self {
        let mut lanes = Vec::new();
        let mut pending = Vec::new();
        for (sink, degraded) in sinks {
            let (sender, receiver) = crossbeam_channel::bounded(config.queue_capacity.max(1));
            let counters = Arc::new(Counters {
                degraded: Mutex::new(degraded),
                ..Counters::default()
            });
            lanes.push(Lane {
                name: sink.name().to_owned(),
                sender,
                counters: Arc::clone(&counters),
            });
            pending.push((sink, receiver, counters));
        }
        let shared = Arc::new(Shared {
            lanes,
            stopping: AtomicBool::new(false),
            writers: Mutex::new(Vec::new()),
        });
        let mut writers = Vec::new();
        for (sink, receiver, counters) in pending {
            let writer = Writer {
                sink,
                receiver,
                counters,
                config,
                shared: Arc::downgrade(&shared),
            };
            let name = format!("tightlip-incident-{}", writer.sink.name());
            writers.push(
                std::thread::Builder::new()
                    .name(name)
                    .spawn(move || writer.run())
                    .expect("spawning a writer thread"),
            );
        }
        *shared.writers.lock().expect("not poisoned") = writers;
        Self { shared }
    }

    /// Hands an incident to every sink; never blocks, never fails the caller.
    pub fn record(&self, incident: Incident) {
        let incident = Arc::new(incident);
        let stopping = self.shared.stopping.load(Ordering::Relaxed);
        for lane in &self.shared.lanes {
            lane.counters.submitted.fetch_add(1, Ordering::AcqRel);
            let refused = stopping
                || match lane.sender.try_send(Arc::clone(&incident)) {
                    Ok(()) => false,
                    Err(TrySendError::Full(_) | TrySendError::Disconnected(_)) => true,
                };
            if refused {
                lane.counters.dropped.fetch_add(1, Ordering::AcqRel);
            }
        }
    }

    /// Counters of every sink.
    pub fn stats(&self) -> Vec<LaneStats> {
        self.shared.lanes.iter().map(Lane::stats).collect()
    }

    /// Whether any sink is degraded.
    pub fn is_degraded(&self) -> bool {
        self.stats().iter().any(|lane| lane.degraded.is_some())
    }

    /// Stops accepting, lets writers drain their queues, and waits up to `timeout`.
    ///
    /// Returns the final counters; incidents still queued at the deadline stay counted
    /// as `queued`.
    pub fn shutdown(&self, timeout: Duration) -> Vec<LaneStats> {
        self.shared.stopping.store(true, Ordering::Release);
        let deadline = Instant::now() + timeout;
        let writers = std::mem::take(&mut *self.shared.writers.lock().expect("not poisoned"));
        for writer in writers {
            while !writer.is_finished() && Instant::now() < deadline {
                std::thread::sleep(Duration::from_millis(2));
            }
            if writer.is_finished() {
                let _ = writer.join();
            }
        }
        self.stats()
    }
}

/// One sink's writer thread.
struct Writer {
    sink: Box<dyn IncidentSink>,
    receiver: Receiver<Arc<Incident>>,
    counters: Arc<Counters>,
    config: PipelineConfig,
    shared: std::sync::Weak<Shared>,
}

impl Writer {
    fn run(mut self) {
        let mut batch = Vec::with_capacity(self.config.batch_size);
        let mut last_maintenance = Instant::now();
        loop {
            match self.receiver.recv_timeout(self.config.maintain_every) {
                Ok(first) => {
                    batch.push(first);
                    while batch.len() < self.config.batch_size {
                        match self.receiver.try_recv() {
                            Ok(next) => batch.push(next),
                            Err(_) => break,
                        }
                    }
                    self.write(&batch);
                    batch.clear();
                }
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => break,
            }
            let stopping = self
                .shared
                .upgrade()
                .is_none_or(|shared| shared.stopping.load(Ordering::Acquire));
            if stopping && self.receiver.is_empty() {
                break;
            }
            if last_maintenance.elapsed() >= self.config.maintain_every {
                self.maintain();
                last_maintenance = Instant::now();
            }
        }
        self.maintain();
    }

    fn write(&mut self, batch: &[Arc<Incident>]) {
        let count = batch.len() as u64;
        match self.sink.write_batch(batch) {
            Ok(()) => {
                self.counters.stored.fetch_add(count, Ordering::AcqRel);
                self.set_degraded(None);
            }
            Err(error) => {
                // Nothing is lost silently: the batch goes to stderr and is counted.
                let _ = StderrSink.write_batch(batch);
                self.counters.failed.fetch_add(count, Ordering::AcqRel);
                self.set_degraded(Some(&error));
            }
        }
    }

    fn maintain(&mut self) {
        let stats = self.stats();
        if let Err(error) = self.sink.maintain(&stats) {
            self.set_degraded(Some(&error));
        }
    }

    fn stats(&self) -> LaneStats {
        self.counters.snapshot(self.sink.name())
    }

    fn set_degraded(&self, error: Option<&SinkError>) {
        let mut state = self.counters.degraded.lock().expect("not poisoned");
        *state = error.map(ToString::to_string);
    }
}
