//! Request-path cost of `Recorder::record` and writer throughput into the embedded store.
//!
//! Run: `cargo bench -p tightlip-incident --bench pipeline`

#![expect(
    missing_docs,
    reason = "criterion_group! generates an undocumented entry point"
)]

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use std::sync::Arc;
use std::time::Duration;
use tightlip_core::RequestId;
use tightlip_incident::sink::{IncidentSink, SinkError, SqliteSink};
use tightlip_incident::{Incident, PipelineConfig, Recorder, Retention};

/// Accepts and discards, so the bench measures the pipeline, not a disk.
struct Discard;

impl IncidentSink for Discard {
    fn name(&self) -> &'static str {
        "discard"
    }

    fn write_batch(&mut self, batch: &[Arc<Incident>]) -> Result<(), SinkError> {
        std::hint::black_box(batch.len());
        Ok(())
    }
}

fn record(c: &mut Criterion) {
    let recorder = Recorder::start(vec![Box::new(Discard)], PipelineConfig::default());
    let incident = Incident::example("f47ac10b-58cc-4372-a567-0e02b2c3d479");
    c.bench_function("record/one_sink", |b| {
        // Building the incident is the caller's work; only the hand-off is measured.
        b.iter_batched(
            || incident.clone(),
            |incident| recorder.record(incident),
            BatchSize::SmallInput,
        );
    });
    let stats = recorder.shutdown(Duration::from_secs(10));
    eprintln!("record/one_sink pipeline: {stats:?}");
}

fn fresh_batch() -> Vec<Arc<Incident>> {
    // New random IDs and current times, as a live gateway produces them: the store's
    // indexes see the same key patterns as in production.
    (0..1024)
        .map(|_| Arc::new(Incident::example(RequestId::generate().as_str())))
        .collect()
}

fn store_writer(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut sink =
        SqliteSink::open(&dir.path().join("bench.db"), Retention::default()).expect("store opens");
    let mut group = c.benchmark_group("store_writer");
    group.throughput(Throughput::Elements(1024));
    group.sample_size(30);
    group.bench_function("sqlite_batch_1024", |b| {
        b.iter_batched(
            fresh_batch,
            |batch| sink.write_batch(&batch).expect("batch written"),
            BatchSize::LargeInput,
        );
    });
    group.finish();
}

/// The floor: serialising the same incidents to JSON, which every sink must do anyway.
fn serialise_floor(c: &mut Criterion) {
    let batch: Vec<Incident> = (0..1024)
        .map(|n| Incident::example(&format!("req-{n:08}")))
        .collect();
    let mut group = c.benchmark_group("store_writer");
    group.throughput(Throughput::Elements(batch.len() as u64));
    group.bench_function("json_serialise_floor_1024", |b| {
        b.iter(|| batch.iter().map(|i| i.to_json().len()).sum::<usize>());
    });
    group.finish();
}

criterion_group!(benches, record, store_writer, serialise_floor);
criterion_main!(benches);
