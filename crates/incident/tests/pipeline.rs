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

#[test]
fn everything_recorded_is_stored_and_found_again() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("data/incidents.db");
    let sink = SqliteSink::open(&path, Retention::default()).unwrap();
    let recorder = Recorder::start(vec![Box::new(sink)], PipelineConfig::default());
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
    let lane = &recorder.stats()[0];
    assert_eq!(lane.submitted, 10_000);
    // At most one queue-full in the writer's batch plus one queue-full waiting.
    assert!(lane.dropped >= 10_000 - 2 * 16 - 1, "{lane:?}");
    assert_accounted(lane);
    for _ in 0..100 {
        let _ = release.send(());
    }
    let lane = &recorder.shutdown(Duration::from_secs(10))[0];
    assert_eq!(lane.queued, 0, "{lane:?}");
    assert_eq!(lane.stored + lane.dropped, 10_000, "{lane:?}");
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
    for n in 0..200 {
        recorder.record(Incident::example(&id(n)));
        // Pace the producer so the healthy lane's small queue keeps up.
        while recorder.stats()[1].queued > 0 {
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
