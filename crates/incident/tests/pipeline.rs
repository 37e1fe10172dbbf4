//! The pipeline against real SQLite files and deliberately stuck or failing sinks.

use crossbeam_channel::{Receiver, Sender};
use std::sync::Arc;
use std::time::Duration;
use tightlip_incident::sink::{IncidentSink, SinkError, SqliteSink};
use tightlip_incident::{Incident, LaneStats, PipelineConfig, Recorder, Retention, Store};

fn id(n: usize) -> String {
    format!("req-{n:06}")
}

/// A sink that blocks inside `write_batch` until the test releases it.
struct StuckSink {
    release: Receiver<()>,
}

impl IncidentSink for StuckSink {
    fn name(&self) -> &'static str {
        "stuck"
    }

    fn write_batch(&mut self, _batch: &[Arc<Incident>]) -> Result<(), SinkError> {
        let _ = self.release.recv();
        Ok(())
    }
}

/// A sink whose every write fails, like a full disk.
struct BrokenSink;

impl IncidentSink for BrokenSink {
    fn name(&self) -> &'static str {
        "broken"
    }

    fn write_batch(&mut self, _batch: &[Arc<Incident>]) -> Result<(), SinkError> {
        Err(SinkError::io(
            "writing /full/disk",
            std::io::Error::from_raw_os_error(28),
        ))
    }
}

fn stuck() -> (Box<dyn IncidentSink>, Sender<()>) {
    let (release, receiver) = crossbeam_channel::unbounded();
    (Box::new(StuckSink { release: receiver }), release)
}

fn assert_accounted(lane: &LaneStats) {
    assert_eq!(
        lane.submitted,
        lane.stored + lane.dropped + lane.failed + lane.queued,
        "{lane:?}"
    );
}

/// The lanes once they stop moving: a writer may be between taking a batch from its
/// queue and starting to write it for a moment.
fn settled(recorder: &Recorder) -> Vec<LaneStats> {
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    loop {
        let first = recorder.stats();
        std::thread::sleep(Duration::from_millis(20));
        if first == recorder.stats() || std::time::Instant::now() > deadline {
            return first;
        }
    }
}

#[test]
fn everything_recorded_is_stored_and_found_again() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("data/incidents.db");
    let sink = SqliteSink::open(&path, Retention::default()).unwrap();
    // A burst of 5,000 at once: the queue holds it all, so nothing is dropped.
    let config = PipelineConfig {
        queue_bytes: 64 << 20,
        ..PipelineConfig::default()
    };
    let recorder = Recorder::start(vec![Box::new(sink)], config);
    for n in 0..5_000 {
        recorder.record(Incident::example(&id(n)));
    }
    let stats = recorder.shutdown(Duration::from_secs(30));
    assert_eq!(stats[0].submitted, 5_000);
    assert_eq!(stats[0].stored, 5_000);
    assert_eq!(
        (stats[0].dropped, stats[0].failed, stats[0].queued),
        (0, 0, 0)
    );
    let store = Store::open(&path).unwrap();
    for n in [0, 1234, 4999] {
        let incident = store.get(&id(n)).unwrap().expect("stored");
        assert_eq!(incident.id, id(n));
        let by_ref = store
            .get(&incident.short_ref)
            .unwrap()
            .expect("by short ref");
        assert_eq!(by_ref.id, id(n));
    }
}

#[test]
fn a_stuck_sink_never_blocks_the_caller_and_drops_are_exact() {
    let (sink, release) = stuck();
    let config = PipelineConfig {
        queue_capacity: 16,
        ..PipelineConfig::default()
    };
    let recorder = Recorder::start(vec![sink], config);
    // If `record` waited for the stuck sink, this loop would never finish.
    for n in 0..10_000 {
        recorder.record(Incident::example(&id(n)));
    }
    let lane = &settled(&recorder)[0];
    assert_eq!(lane.submitted, 10_000);
    // Kept: the batch the writer is stuck on (topped up from the queue while the producer
    // was still running, so up to `batch_size`) plus one queue-full waiting.
    let kept = PipelineConfig::default().batch_size as u64 + 16;
    assert!(lane.dropped >= 10_000 - kept, "{lane:?}");
    assert_accounted(lane);
    for _ in 0..100 {
        let _ = release.send(());
    }
    let lane = &recorder.shutdown(Duration::from_secs(10))[0];
    assert_eq!(lane.queued, 0, "{lane:?}");
    assert_eq!(lane.stored + lane.dropped, 10_000, "{lane:?}");
}

/// A flood of large incidents is bounded by bytes, not only by count: with room for a
/// few 60 KB bodies, the rest are dropped and counted, and memory stays bounded.
#[test]
fn the_queue_is_bounded_by_bytes() {
    let (sink, release) = stuck();
    let config = PipelineConfig {
        queue_capacity: 10_000,
        queue_bytes: 256 * 1024,
        ..PipelineConfig::default()
    };
    let recorder = Recorder::start(vec![sink], config);
    let mut incident = Incident::example("big");
    incident.upstream.as_mut().unwrap().body = "x".repeat(60_000);
    for n in 0..100 {
        incident.id = id(n);
        recorder.record(incident.clone());
    }
    let lane = &settled(&recorder)[0];
    assert_eq!(lane.submitted, 100);
    // Four fit the 256 KiB budget while the writer holds one batch of them.
    assert!(lane.queued <= 5, "{lane:?}");
    assert!(lane.dropped >= 95, "{lane:?}");
    assert_accounted(lane);
    for _ in 0..100 {
        let _ = release.send(());
    }
    let lane = settled(&recorder)[0].clone();
    assert_eq!(
        (lane.queued, lane.stored + lane.dropped),
        (0, 100),
        "{lane:?}"
    );
    // Once written, the budget is free again: four more fit.
    for n in 100..104 {
        incident.id = id(n);
        recorder.record(incident.clone());
    }
    drop(release); // the sink writes without waiting from now on
    let after = &recorder.shutdown(Duration::from_secs(10))[0];
    assert_eq!(after.dropped, lane.dropped, "{after:?}");
    assert_eq!(after.stored, lane.stored + 4, "{after:?}");
}

#[test]
fn queue_bytes_reads_human_units_and_defaults_to_8_mib() {
    let config: tightlip_incident::IncidentConfig =
        toml::from_str("store = \"\"\nqueue_bytes = \"4MiB\"\n").unwrap();
    assert_eq!(config.queue_bytes, 4 << 20);
    let default = tightlip_incident::IncidentConfig::default();
    assert_eq!(default.queue_bytes, 2 << 20);
}

#[test]
fn a_stuck_sink_does_not_stall_another() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("incidents.db");
    let (stuck_sink, release) = stuck();
    let sqlite = SqliteSink::open(&path, Retention::default()).unwrap();
    let config = PipelineConfig {
        queue_capacity: 4,
        batch_size: 1,
        ..PipelineConfig::default()
    };
    let recorder = Recorder::start(vec![stuck_sink, Box::new(sqlite)], config);
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    for n in 0..200 {
        recorder.record(Incident::example(&id(n)));
        // Pace the producer so the healthy lane's small queue keeps up. Waiting on
        // `stored`, not `queued`: an incident the writer has just taken off the queue is
        // briefly in neither count (see `LaneStats`).
        while recorder.stats()[1].stored <= n as u64 {
            assert!(
                std::time::Instant::now() < deadline,
                "{:?}",
                recorder.stats()
            );
            std::thread::yield_now();
        }
    }
    let stats = recorder.stats();
    assert_eq!(stats[1].stored, 200, "{:?}", stats[1]);
    assert!(stats[0].dropped > 150, "{:?}", stats[0]);
    drop(release);
    recorder.shutdown(Duration::from_secs(10));
}

#[test]
fn a_failing_sink_falls_back_and_reports_degraded() {
    let recorder = Recorder::start(vec![Box::new(BrokenSink)], PipelineConfig::default());
    for n in 0..10 {
        recorder.record(Incident::example(&id(n)));
    }
    let lane = &recorder.shutdown(Duration::from_secs(10))[0];
    assert_eq!((lane.submitted, lane.failed, lane.stored), (10, 10, 0));
    assert_accounted(lane);
    let reason = lane.degraded.as_deref().expect("degraded");
    assert!(reason.contains("/full/disk"), "{reason}");
}

#[test]
fn recording_after_shutdown_counts_as_dropped() {
    let recorder = Recorder::start(vec![Box::new(BrokenSink)], PipelineConfig::default());
    recorder.shutdown(Duration::from_secs(5));
    recorder.record(Incident::example("late"));
    let lane = &recorder.stats()[0];
    assert_eq!((lane.submitted, lane.dropped), (1, 1));
}

/// Counts what reaches it and the batch sizes; optionally waits on a gate before each
/// batch and optionally fails it.
struct CountingSink {
    name: &'static str,
    gate: Option<Receiver<()>>,
    fail: bool,
    seen: Arc<std::sync::Mutex<Vec<usize>>>,
}

impl IncidentSink for CountingSink {
    fn name(&self) -> &str {
        self.name
    }

    fn write_batch(&mut self, batch: &[Arc<Incident>]) -> Result<(), SinkError> {
        if let Some(gate) = &self.gate {
            // Blocks until the test drops the sender, then passes straight through.
            let _ = gate.recv();
        }
        self.seen.lock().unwrap().push(batch.len());
        if self.fail {
            return Err(SinkError::io(
                "writing /full/disk",
                std::io::Error::from_raw_os_error(28),
            ));
        }
        Ok(())
    }
}

/// The accounting is exact, checked against what each sink itself saw: four threads record
/// at once into a fast sink, a stuck one and a stuck-then-failing one.
#[test]
fn accounting_is_exact_under_concurrent_load_and_writers_batch() {
    let (gate, gated) = crossbeam_channel::unbounded::<()>();
    let seen: Vec<Arc<std::sync::Mutex<Vec<usize>>>> = (0..3).map(|_| Arc::default()).collect();
    let sinks: Vec<Box<dyn IncidentSink>> = vec![
        Box::new(CountingSink {
            name: "fast",
            gate: None,
            fail: false,
            seen: Arc::clone(&seen[0]),
        }),
        Box::new(CountingSink {
            name: "stuck",
            gate: Some(gated.clone()),
            fail: false,
            seen: Arc::clone(&seen[1]),
        }),
        Box::new(CountingSink {
            name: "failing",
            gate: Some(gated),
            fail: true,
            seen: Arc::clone(&seen[2]),
        }),
    ];
    let config = PipelineConfig {
        queue_capacity: 64,
        batch_size: 32,
        ..PipelineConfig::default()
    };
    let recorder = Recorder::start(sinks, config);
    let producers: Vec<_> = (0..4)
        .map(|thread| {
            let recorder = recorder.clone();
            std::thread::spawn(move || {
                for n in 0..5_000 {
                    recorder.record(Incident::example(&id(thread * 10_000 + n)));
                }
            })
        })
        .collect();
    for producer in producers {
        producer.join().unwrap();
    }
    let stuck = recorder.stats();
    // Two lanes could take at most a queue and a batch while stuck.
    for lane in &stuck[1..] {
        assert!(lane.dropped >= 20_000 - 64 - 32, "{lane:?}");
        assert!(lane.queued <= 64 + 32, "{lane:?}");
        assert_eq!(lane.submitted, 20_000, "{lane:?}");
    }
    drop(gate);
    let stats = recorder.shutdown(Duration::from_secs(30));
    let counted = |n: usize| seen[n].lock().unwrap().iter().sum::<usize>() as u64;
    for lane in &stats {
        assert_eq!(lane.submitted, 20_000, "{lane:?}");
        assert_eq!(lane.queued, 0, "{lane:?}");
        assert_eq!(lane.stored + lane.dropped + lane.failed, 20_000, "{lane:?}");
    }
    assert_eq!(stats[0].stored, counted(0), "{:?}", stats[0]);
    assert_eq!(stats[1].stored, counted(1), "{:?}", stats[1]);
    assert_eq!(
        (stats[2].stored, stats[2].failed),
        (0, counted(2)),
        "{:?}",
        stats[2]
    );
    assert!(stats[2].degraded.is_some());
    // Writers batch: the stuck lane's backlog went out in batches of up to 32.
    let batches = seen[1].lock().unwrap().clone();
    assert!(batches.iter().all(|&size| size <= 32), "{batches:?}");
    assert!(batches.iter().any(|&size| size > 1), "{batches:?}");
}

/// `record` racing `shutdown` from several threads: every incident still ends counted
/// (stored or dropped), none is left in a queue nobody reads.
#[test]
fn recording_while_shutting_down_leaves_nothing_uncounted() {
    for _ in 0..20 {
        let seen = Arc::default();
        let sink = CountingSink {
            name: "fast",
            gate: None,
            fail: false,
            seen: Arc::clone(&seen),
        };
        let recorder = Recorder::start(vec![Box::new(sink)], PipelineConfig::default());
        let producers: Vec<_> = (0..3)
            .map(|_| {
                let recorder = recorder.clone();
                std::thread::spawn(move || {
                    for n in 0..2_000 {
                        recorder.record(Incident::example(&id(n)));
                    }
                })
            })
            .collect();
        std::thread::sleep(Duration::from_micros(300));
        recorder.shutdown(Duration::from_secs(30));
        for producer in producers {
            producer.join().unwrap();
        }
        let lane = &recorder.stats()[0];
        let stored = seen.lock().unwrap().iter().sum::<usize>() as u64;
        assert_eq!(lane.submitted, 6_000, "{lane:?}");
        assert_eq!((lane.stored, lane.queued), (stored, 0), "{lane:?}");
        assert_eq!(lane.stored + lane.dropped, 6_000, "{lane:?}");
    }
}
