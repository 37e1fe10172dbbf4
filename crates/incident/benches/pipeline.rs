//! Request-path cost of `Recorder::record` and writer throughput into the embedded store,
//! each beside a floor measured in the same run.
//!
//! Run: `cargo bench -p tightlip-incident --bench pipeline`
//!
//! - `record/*` against `record/crossbeam_send_floor`: a bare bounded crossbeam channel
//!   send of the same `Arc<Incident>`, the least any queue hand-off can cost.
//! - `store_writer/sqlite_batch_1024` against `store_writer/raw_rusqlite_batch_1024`: the
//!   same 1024 incidents serialised and inserted by hand with rusqlite into one table with
//!   plain indexes on id, short reference, time and code, one transaction per batch, the
//!   same WAL pragmas.

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

fn sample() -> Incident {
    Incident::example("f47ac10b-58cc-4372-a567-0e02b2c3d479")
}

fn record(c: &mut Criterion) {
    let mut group = c.benchmark_group("record");
    let incident = sample();
    for sinks in [1, 3] {
        let lanes: Vec<Box<dyn IncidentSink>> = (0..sinks)
            .map(|_| Box::new(Discard) as Box<dyn IncidentSink>)
            .collect();
        let recorder = Recorder::start(lanes, PipelineConfig::default());
        group.bench_function(format!("sinks_{sinks}"), |b| {
            // Building the incident is the caller's work; only the hand-off is measured.
            b.iter_batched(
                || incident.clone(),
                |incident| recorder.record(incident),
                BatchSize::SmallInput,
            );
        });
        let stats = recorder.shutdown(Duration::from_secs(10));
        eprintln!("record/sinks_{sinks} pipeline: {stats:?}");
    }
    // The floor: one bounded channel, drained by a thread, the same Arc allocation.
    let (sender, receiver) = crossbeam_channel::bounded::<Arc<Incident>>(16_384);
    let drain = std::thread::spawn(move || receiver.iter().count());
    group.bench_function("crossbeam_send_floor", |b| {
        b.iter_batched(
            || incident.clone(),
            |incident| {
                let _ = sender.try_send(Arc::new(incident));
            },
            BatchSize::SmallInput,
        );
    });
    drop(sender);
    let drained = drain.join().expect("drain thread");
    eprintln!("record/crossbeam_send_floor drained {drained}");
    group.finish();
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
    drop(sink);
    let mut raw = RawStore::open(&dir.path().join("raw.db"));
    group.bench_function("raw_rusqlite_batch_1024", |b| {
        b.iter_batched(
            fresh_batch,
            |batch| raw.insert(&batch),
            BatchSize::LargeInput,
        );
    });
    group.finish();
}

/// The writer floor: what a plain hand-written rusqlite insert of the same rows costs.
struct RawStore {
    connection: rusqlite::Connection,
}

impl RawStore {
    fn open(path: &std::path::Path) -> Self {
        let connection = rusqlite::Connection::open(path).expect("raw store opens");
        connection
            .execute_batch(
                "PRAGMA journal_mode = WAL;
                 PRAGMA synchronous = NORMAL;
                 CREATE TABLE incidents (
                     id TEXT NOT NULL, short_ref TEXT NOT NULL, at_ns INTEGER NOT NULL,
                     kind TEXT NOT NULL, code TEXT NOT NULL, record TEXT NOT NULL);
                 CREATE INDEX raw_by_id ON incidents(id);
                 CREATE INDEX raw_by_ref ON incidents(short_ref);
                 CREATE INDEX raw_by_time ON incidents(at_ns);
                 CREATE INDEX raw_by_code ON incidents(code);",
            )
            .expect("raw schema");
        Self { connection }
    }

    fn insert(&mut self, batch: &[Arc<Incident>]) {
        let transaction = self.connection.transaction().expect("begin");
        {
            let mut insert = transaction
                .prepare_cached(
                    "INSERT INTO incidents (id, short_ref, at_ns, kind, code, record)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                )
                .expect("prepare");
            for incident in batch {
                insert
                    .execute(rusqlite::params![
                        incident.id,
                        incident.short_ref,
                        incident.at_ns,
                        incident.kind.as_str(),
                        incident.code,
                        incident.to_json(),
                    ])
                    .expect("insert");
            }
        }
        transaction.commit().expect("commit");
    }
}

criterion_group!(benches, record, store_writer);
criterion_main!(benches);
