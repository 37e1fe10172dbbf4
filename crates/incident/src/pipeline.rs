//! The non-blocking pipeline: a bounded queue and a writer thread per sink.
//!
//! The request path calls [`Recorder::record`], which never waits: if a sink's queue is
//! full (by count or by bytes), the incident is counted as dropped for that sink and the
//! request goes on. Each sink has its own queue and thread, so a slow or dead sink stalls
//! nobody else.

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
    /// Bytes (texts and captured bodies) each sink's queue holds before new incidents
    /// are dropped: what a flood of large errors can cost in memory.
    pub queue_bytes: u64,
    /// Most incidents a writer hands its sink at once.
    pub batch_size: usize,
    /// How long a writer lets incidents gather after the first of a batch arrives: under
    /// a flood, one transaction per this interval instead of one per handful of
    /// incidents; an incident is stored at most this much later.
    pub linger: Duration,
    /// How long a writer waits for more before maintenance.
    pub maintain_every: Duration,
}

impl Default for PipelineConfig {
    fn default() -> Self {
        Self {
            queue_capacity: 16_384,
            // A writer slower than an error flood drops the excess whatever the queue
            // holds; a larger queue only delays that, at about 2.5x its budget in resident
            // memory (allocator overhead): 8 MiB cost the gateway 20 MiB under a flood.
            // 2 MiB still holds ~1,000 incidents with a 600-byte body.
            queue_bytes: 2 << 20,
            batch_size: 1024,
            linger: Duration::from_millis(10),
            maintain_every: Duration::from_secs(1),
        }
    }
}

/// Counters of one sink's lane.
///
/// Every submitted incident ends in exactly one of `stored`, `dropped` or `failed`;
/// until then it is `queued`. Each counter is measured on its own (`queued` is the
/// queue's length plus the batch being written), so `submitted = stored + dropped +
/// failed + queued` is a checked fact, exact whenever nothing is in motion, and after
/// [`Recorder::shutdown`] drained the lane `queued` is 0.
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
    /// Incidents waiting in the queue or in the batch being written.
    pub queued: u64,
    /// Why the sink is degraded, if it is: cleared by the next batch that is written.
    pub degraded: Option<String>,
    /// The most recent write failure, kept after the sink recovers, so a failure between
    /// two looks at the stats is still seen.
    pub last_failure: Option<String>,
}

#[derive(Default)]
struct Counters {
    submitted: AtomicU64,
    stored: AtomicU64,
    dropped: AtomicU64,
    failed: AtomicU64,
    /// Size of the batch the writer is handing its sink right now.
    in_flight: AtomicU64,
    /// [`footprint`] of the incidents in the queue and the batch being written.
    queued_bytes: AtomicU64,
    degraded: Mutex<Option<String>>,
    last_failure: Mutex<Option<String>>,
}

struct Lane {
    name: String,
    sender: Sender<Arc<Incident>>,
    counters: Arc<Counters>,
}

impl Counters {
    /// A snapshot with `waiting` incidents in the queue.
    fn snapshot(&self, sink: &str, waiting: usize) -> LaneStats {
        LaneStats {
            sink: sink.to_owned(),
            submitted: self.submitted.load(Ordering::Acquire),
            stored: self.stored.load(Ordering::Acquire),
            dropped: self.dropped.load(Ordering::Acquire),
            failed: self.failed.load(Ordering::Acquire),
            queued: waiting as u64 + self.in_flight.load(Ordering::Acquire),
            degraded: self.degraded.lock().expect("not poisoned").clone(),
            last_failure: self.last_failure.lock().expect("not poisoned").clone(),
        }
    }
}

impl Lane {
    fn stats(&self) -> LaneStats {
        self.counters.snapshot(&self.name, self.sender.len())
    }

    /// Counts `bytes` against the lane's budget; false (nothing counted) when they do not
    /// fit. A single incident larger than the whole budget still fits an empty queue.
    fn reserve(&self, bytes: u64, budget: u64) -> bool {
        let queued = &self.counters.queued_bytes;
        queued
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |held| {
                (held == 0 || held + bytes <= budget).then_some(held + bytes)
            })
            .is_ok()
    }
}

/// Roughly the heap bytes an incident holds while queued: its captured body and
/// headers, findings, error chain and other texts.
fn footprint(incident: &Incident) -> u64 {
    let upstream = incident.upstream.as_ref().map_or(0, |captured| {
        captured.body.len()
            + captured
                .headers
                .iter()
                .map(|(name, value)| name.len() + value.len() + 48)
                .sum::<usize>()
    });
    let findings: usize = incident
        .findings
        .iter()
        .map(|finding| finding.category.len() + finding.rule.len() + 64)
        .sum();
    let chain: usize = incident
        .error_chain
        .iter()
        .map(|line| line.len() + 24)
        .sum();
    let texts = incident.id.len()
        + incident.short_ref.len()
        + incident.path.len()
        + incident.method.len()
        + incident.code.len()
        + incident.host.len();
    (std::mem::size_of::<Incident>() + upstream + findings + chain + texts) as u64
}

struct Shared {
    lanes: Vec<Lane>,
    /// Each lane's byte budget.
    queue_bytes: u64,
    stopping: AtomicBool,
    /// Calls of [`Recorder::record`] under way. A writer that saw `stopping` waits for
    /// this to reach 0 before its last drain, so no incident slips into a queue that
    /// nobody reads any more (it would be counted submitted but never settled).
    recording: AtomicU64,
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
            queue_bytes: config.queue_bytes,
            stopping: AtomicBool::new(false),
            recording: AtomicU64::new(0),
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
        // SeqCst pairs this increment and the `stopping` load with the writer's store
        // and load in `Writer::run`: either we see `stopping`, or the writer sees us.
        self.shared.recording.fetch_add(1, Ordering::SeqCst);
        let stopping = self.shared.stopping.load(Ordering::SeqCst);
        let bytes = footprint(&incident);
        for lane in &self.shared.lanes {
            lane.counters.submitted.fetch_add(1, Ordering::AcqRel);
            let refused = stopping
                || !lane.reserve(bytes, self.shared.queue_bytes)
                || match lane.sender.try_send(Arc::clone(&incident)) {
                    Ok(()) => false,
                    Err(TrySendError::Full(_) | TrySendError::Disconnected(_)) => {
                        lane.counters
                            .queued_bytes
                            .fetch_sub(bytes, Ordering::AcqRel);
                        true
                    }
                };
            if refused {
                lane.counters.dropped.fetch_add(1, Ordering::AcqRel);
            }
        }
        self.shared.recording.fetch_sub(1, Ordering::SeqCst);
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
        self.shared.stopping.store(true, Ordering::SeqCst);
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
                    self.linger();
                    self.fill_and_write(&mut batch);
                }
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => break,
            }
            if self.stopping() && self.receiver.is_empty() {
                break;
            }
            if last_maintenance.elapsed() >= self.config.maintain_every {
                self.maintain();
                last_maintenance = Instant::now();
            }
        }
        // Calls of `record` that had not yet seen `stopping` may still be enqueueing:
        // wait for them (each takes well under a microsecond; the bound only guards
        // against callers that never pause), then settle everything they left.
        if let Some(shared) = self.shared.upgrade() {
            let patience = Instant::now() + Duration::from_secs(1);
            while shared.recording.load(Ordering::SeqCst) > 0 && Instant::now() < patience {
                std::thread::yield_now();
            }
        }
        while !self.receiver.is_empty() {
            self.fill_and_write(&mut batch);
        }
        self.maintain();
    }

    /// Sleeps instead of waiting on the queue, so the request path pays no wake-up per
    /// incident while a batch gathers; a stopping pipeline does not linger.
    fn linger(&self) {
        if !self.config.linger.is_zero()
            && !self.stopping()
            && self.receiver.len() + 1 < self.config.batch_size
        {
            std::thread::sleep(self.config.linger);
        }
    }

    fn stopping(&self) -> bool {
        self.shared
            .upgrade()
            .is_none_or(|shared| shared.stopping.load(Ordering::SeqCst))
    }

    /// Tops `batch` up from the queue without waiting, writes it and empties it.
    fn fill_and_write(&mut self, batch: &mut Vec<Arc<Incident>>) {
        while batch.len() < self.config.batch_size {
            match self.receiver.try_recv() {
                Ok(next) => batch.push(next),
                Err(_) => break,
            }
        }
        if !batch.is_empty() {
            self.write(batch);
        }
        batch.clear();
    }

    fn write(&mut self, batch: &[Arc<Incident>]) {
        let count = batch.len() as u64;
        // Taken from the queue, not yet settled: still `queued` in the stats.
        self.counters.in_flight.store(count, Ordering::Release);
        let written = self.sink.write_batch(batch);
        match written {
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
        self.counters.in_flight.store(0, Ordering::Release);
        let bytes: u64 = batch.iter().map(|incident| footprint(incident)).sum();
        self.counters
            .queued_bytes
            .fetch_sub(bytes, Ordering::AcqRel);
    }

    fn maintain(&mut self) {
        let stats = self.stats();
        if let Err(error) = self.sink.maintain(&stats) {
            self.set_degraded(Some(&error));
        }
    }

    fn stats(&self) -> LaneStats {
        self.counters
            .snapshot(self.sink.name(), self.receiver.len())
    }

    fn set_degraded(&self, error: Option<&SinkError>) {
        let reason = error.map(ToString::to_string);
        if let Some(reason) = &reason {
            *self.counters.last_failure.lock().expect("not poisoned") = Some(reason.clone());
        }
        *self.counters.degraded.lock().expect("not poisoned") = reason;
    }
}
