//! The store's on-disk layout: time-ordered row keys, and stores of older or newer
//! layouts met on open.

use std::sync::Arc;
use tightlip_incident::sink::{IncidentSink, SqliteSink};
use tightlip_incident::{Filter, FindingRecord, Incident, Retention, Store, StoreError};

const SECOND: i64 = 1_000_000_000;

fn incident(n: i64, at_s: i64, category: &str) -> Incident {
    let mut incident = Incident::example(&format!("req-{n}"));
    incident.at_ns = at_s * SECOND;
    incident.findings = vec![FindingRecord {
        category: category.to_owned(),
        rule: format!("{category}.rule"),
        start: 0,
        end: 1,
        header: None,
    }];
    incident
}

fn ids(store: &Store, filter: &Filter) -> Vec<String> {
    store
        .list(filter)
        .unwrap()
        .into_iter()
        .map(|summary| summary.id)
        .collect()
}

/// The tables of layout 0, as the first release of the store created them.
const LAYOUT_0: &str = "
CREATE TABLE incidents (
    seq INTEGER PRIMARY KEY, bucket INTEGER NOT NULL, short_key INTEGER NOT NULL,
    id TEXT NOT NULL, short_ref TEXT NOT NULL, at_ns INTEGER NOT NULL, kind TEXT NOT NULL,
    route TEXT, public_status INTEGER NOT NULL, code TEXT NOT NULL, size INTEGER NOT NULL,
    record TEXT NOT NULL
);
CREATE INDEX incidents_by_ref  ON incidents(bucket, short_key);
CREATE INDEX incidents_by_time ON incidents(at_ns);
CREATE INDEX incidents_by_code ON incidents(code, at_ns);
CREATE TABLE incident_categories (seq INTEGER NOT NULL, category TEXT NOT NULL, at_ns INTEGER NOT NULL);
CREATE INDEX incident_categories_by_category ON incident_categories(category, at_ns);
CREATE INDEX incident_categories_by_seq ON incident_categories(seq);
CREATE TABLE store_meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
CREATE TABLE pipeline_counters (
    sink TEXT NOT NULL, host TEXT NOT NULL, started_ns INTEGER NOT NULL,
    updated_ns INTEGER NOT NULL, submitted INTEGER NOT NULL, stored INTEGER NOT NULL,
    dropped INTEGER NOT NULL, failed INTEGER NOT NULL, PRIMARY KEY (sink, host, started_ns)
);
";

/// Writes `incidents` the way layout 0 did: keys 1, 2, 3…, in the order given.
fn layout_0_store(path: &std::path::Path, incidents: &[Incident]) {
    let connection = rusqlite::Connection::open(path).unwrap();
    connection.execute_batch(LAYOUT_0).unwrap();
    for (n, incident) in (1i64..).zip(incidents) {
        let record = incident.to_json();
        let short_key = i64::try_from(
            tightlip_core::RequestId::parse_inbound(&incident.id)
                .unwrap()
                .short_ref()
                .bits(),
        )
        .unwrap();
        connection
            .execute(
                "INSERT INTO incidents VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
                rusqlite::params![
                    n,
                    n >> 14,
                    short_key,
                    incident.id,
                    incident.short_ref,
                    incident.at_ns,
                    incident.kind.as_str(),
                    incident.route,
                    incident.public_status,
                    incident.code,
                    i64::try_from(record.len()).unwrap(),
                    record
                ],
            )
            .unwrap();
        for category in incident.categories() {
            connection
                .execute(
                    "INSERT INTO incident_categories VALUES (?1, ?2, ?3)",
                    rusqlite::params![n, category, incident.at_ns],
                )
                .unwrap();
        }
    }
}

#[test]
fn a_layout_0_store_is_migrated_by_the_writer_and_refused_by_readers_until_then() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("incidents.db");
    // Out of time order, as a busy writer of layout 0 could have stored them.
    let old = [
        incident(1, 1_700_000_010, "sql"),
        incident(2, 1_700_000_005, "stack_trace"),
        incident(3, 1_700_000_020, "sql"),
    ];
    layout_0_store(&path, &old);

    let refused = Store::open(&path).unwrap_err();
    assert!(matches!(refused, StoreError::Layout { .. }), "{refused}");
    assert!(refused.to_string().contains("tightlip doctor"), "{refused}");

    let mut sink = SqliteSink::open(&path, Retention::default()).unwrap();
    let late = incident(4, 1_700_000_001, "sql");
    sink.write_batch(&[Arc::new(late)]).unwrap();
    drop(sink);

    let store = Store::open(&path).unwrap();
    for incident in &old {
        assert_eq!(store.get(&incident.id).unwrap().as_ref(), Some(incident));
        assert_eq!(
            store.get(&incident.short_ref).unwrap().as_ref(),
            Some(incident)
        );
    }
    // Storage order is kept, the late one comes last.
    assert_eq!(
        ids(&store, &Filter::default()),
        ["req-4", "req-3", "req-2", "req-1"]
    );
    let since = Filter {
        since_ns: Some(1_700_000_010 * SECOND),
        ..Filter::default()
    };
    assert_eq!(ids(&store, &since), ["req-3", "req-1"]);
    let sql = Filter {
        category: Some("sql".to_owned()),
        ..Filter::default()
    };
    assert_eq!(ids(&store, &sql), ["req-4", "req-3", "req-1"]);
    let stats = store.stats(&Filter::default(), 60).unwrap();
    assert_eq!(stats.total, 4);
    assert_eq!(
        stats.by_category,
        [("sql".to_owned(), 3), ("stack_trace".to_owned(), 1)]
    );
}

#[test]
fn late_and_simultaneous_incidents_are_all_kept_and_found_by_time() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("incidents.db");
    let mut sink = SqliteSink::open(&path, Retention::default()).unwrap();
    let batch: Vec<Arc<Incident>> = [
        incident(1, 1_700_000_010, "sql"),
        incident(2, 1_700_000_010, "sql"),
        incident(3, 1_700_000_010, "stack_trace"),
        // Recorded before the others but written after them.
        incident(4, 1_700_000_002, "sql"),
    ]
    .into_iter()
    .map(Arc::new)
    .collect();
    sink.write_batch(&batch).unwrap();
    drop(sink);
    // A new writer continues after the keys already taken.
    let mut sink = SqliteSink::open(&path, Retention::default()).unwrap();
    sink.write_batch(&[Arc::new(incident(5, 1_700_000_003, "sql"))])
        .unwrap();
    drop(sink);

    let store = Store::open(&path).unwrap();
    for incident in &batch {
        assert_eq!(store.get(&incident.id).unwrap().as_ref(), Some(&**incident));
    }
    assert_eq!(
        ids(&store, &Filter::default()),
        ["req-5", "req-4", "req-3", "req-2", "req-1"]
    );
    let since = |seconds: i64| Filter {
        since_ns: Some(seconds * SECOND),
        ..Filter::default()
    };
    assert_eq!(
        ids(&store, &since(1_700_000_010)),
        ["req-3", "req-2", "req-1"]
    );
    assert_eq!(
        ids(&store, &since(1_700_000_003)),
        ["req-5", "req-3", "req-2", "req-1"]
    );
    let sql_since = Filter {
        category: Some("sql".to_owned()),
        ..since(1_700_000_003)
    };
    assert_eq!(ids(&store, &sql_since), ["req-5", "req-2", "req-1"]);
}

#[test]
fn a_store_from_a_newer_tightlip_is_refused_with_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("incidents.db");
    drop(SqliteSink::open(&path, Retention::default()).unwrap());
    rusqlite::Connection::open(&path)
        .unwrap()
        .pragma_update(None, "user_version", 7)
        .unwrap();
    let writer = SqliteSink::open(&path, Retention::default()).unwrap_err();
    assert!(writer.to_string().contains("newer tightlip"), "{writer}");
    let reader = Store::open(&path).unwrap_err();
    assert!(reader.to_string().contains("newer tightlip"), "{reader}");
    assert!(reader.to_string().contains("incidents.db"), "{reader}");
}

#[test]
fn incident_tables_from_before_layout_0_are_refused_with_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("incidents.db");
    rusqlite::Connection::open(&path)
        .unwrap()
        .execute_batch("CREATE TABLE incidents (seq INTEGER PRIMARY KEY, record TEXT);")
        .unwrap();
    let writer = SqliteSink::open(&path, Retention::default()).unwrap_err();
    assert!(writer.to_string().contains("move it aside"), "{writer}");
}
