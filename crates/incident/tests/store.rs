//! Queries and retention over real SQLite files.

use std::time::Duration;
use tightlip_incident::sink::{IncidentSink, SqliteSink};
use tightlip_incident::{
    Filter, FindingRecord, Incident, IncidentKind, LaneStats, Retention, StatusFilter, Store,
    StoreError,
};

const SECOND: i64 = 1_000_000_000;

fn incident(n: usize, kind: IncidentKind, status: u16, category: Option<&str>) -> Incident {
    let mut incident = Incident::example(&format!("req-{n}"));
    incident.kind = kind;
    incident.public_status = status;
    incident.code.clear();
    incident.code.push_str(if status == 404 {
        "NOT_FOUND"
    } else {
        "INTERNAL_ERROR"
    });
    incident.at_ns = 1_700_000_000 * SECOND + i64::try_from(n).unwrap() * SECOND;
    incident.findings = category
        .map(|category| FindingRecord {
            category: category.to_owned(),
            rule: format!("{category}.rule"),
            start: 0,
            end: 1,
            header: None,
        })
        .into_iter()
        .collect();
    incident
}

fn write(sink: &mut SqliteSink, incidents: Vec<Incident>) {
    let batch: Vec<_> = incidents.into_iter().map(std::sync::Arc::new).collect();
    sink.write_batch(&batch).unwrap();
}

fn seeded() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("incidents.db");
    let mut sink = SqliteSink::open(&path, Retention::default()).unwrap();
    write(
        &mut sink,
        vec![
            incident(1, IncidentKind::LeakBlocked, 500, Some("sql")),
            incident(2, IncidentKind::LeakBlocked, 500, Some("stack_trace")),
            incident(3, IncidentKind::UpstreamError, 404, None),
            incident(4, IncidentKind::GatewayError, 502, None),
            incident(65, IncidentKind::LeakBlocked, 500, Some("sql")),
        ],
    );
    let stats = LaneStats {
        sink: "sqlite".into(),
        submitted: 6,
        stored: 5,
        dropped: 1,
        failed: 0,
        queued: 0,
        degraded: None,
        last_failure: None,
    };
    sink.maintain(&stats).unwrap();
    (dir, path)
}

#[test]
fn list_filters_by_kind_status_category_time_and_limit() {
    let (_dir, path) = seeded();
    let store = Store::open(&path).unwrap();
    let ids = |filter: Filter| -> Vec<String> {
        store
            .list(&filter)
            .unwrap()
            .into_iter()
            .map(|s| s.id)
            .collect()
    };
    assert_eq!(
        ids(Filter::default()),
        ["req-65", "req-4", "req-3", "req-2", "req-1"]
    );
    let kind = Filter {
        kind: Some(IncidentKind::LeakBlocked),
        ..Filter::default()
    };
    assert_eq!(ids(kind), ["req-65", "req-2", "req-1"]);
    let status = Filter {
        status: Some("5xx".parse().unwrap()),
        ..Filter::default()
    };
    assert_eq!(ids(status), ["req-65", "req-4", "req-2", "req-1"]);
    let exact = Filter {
        status: Some(StatusFilter::Exact(404)),
        ..Filter::default()
    };
    assert_eq!(ids(exact), ["req-3"]);
    let category = Filter {
        category: Some("sql".into()),
        ..Filter::default()
    };
    assert_eq!(ids(category), ["req-65", "req-1"]);
    let since = Filter {
        since_ns: Some(1_700_000_004 * SECOND),
        ..Filter::default()
    };
    assert_eq!(ids(since), ["req-65", "req-4"]);
    let limit = Filter {
        limit: 2,
        ..Filter::default()
    };
    assert_eq!(ids(limit), ["req-65", "req-4"]);
}

#[test]
fn stats_count_by_kind_code_category_and_bucket() {
    let (_dir, path) = seeded();
    let stats = Store::open(&path)
        .unwrap()
        .stats(&Filter::default(), 60)
        .unwrap();
    assert_eq!(stats.total, 5);
    assert_eq!(stats.by_kind[0], ("leak_blocked".to_owned(), 3));
    assert_eq!(stats.by_code[0], ("INTERNAL_ERROR".to_owned(), 4));
    assert_eq!(
        stats.by_category,
        [("sql".to_owned(), 2), ("stack_trace".to_owned(), 1)]
    );
    let counts: Vec<u64> = stats.buckets.iter().map(|(_, n)| *n).collect();
    assert_eq!(counts.iter().sum::<u64>(), 5);
    assert_eq!(counts.len(), 2, "{:?}", stats.buckets);
    assert_eq!(stats.pipeline[0].submitted, 6);
    assert_eq!(stats.pipeline[0].dropped, 1);
}

#[test]
fn unknown_and_malformed_keys() {
    let (_dir, path) = seeded();
    let store = Store::open(&path).unwrap();
    assert!(store.get("req-999").unwrap().is_none());
    assert!(store.get("0000-0000-00").unwrap().is_none());
    assert!(matches!(
        store.get("not an id!"),
        Err(StoreError::MalformedKey(_))
    ));
    let missing = Store::open(&path.with_file_name("nope.db")).unwrap_err();
    assert!(matches!(missing, StoreError::Missing(_)));
    assert!(missing.to_string().contains("nope.db"));
}

#[test]
fn retention_by_rows_bytes_and_age() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("incidents.db");
    let rows = Retention {
        max_age: None,
        max_rows: Some(3),
        max_bytes: None,
    };
    let mut sink = SqliteSink::open(&path, rows).unwrap();
    write(
        &mut sink,
        (0..10)
            .map(|n| incident(n, IncidentKind::LeakBlocked, 500, Some("sql")))
            .collect(),
    );
    assert_eq!(sink.apply_retention(0).unwrap(), 7);
    let store = Store::open(&path).unwrap();
    let left: Vec<String> = store
        .list(&Filter::default())
        .unwrap()
        .into_iter()
        .map(|s| s.id)
        .collect();
    assert_eq!(left, ["req-9", "req-8", "req-7"]);
    let stats = store.stats(&Filter::default(), 60).unwrap();
    assert_eq!(
        stats.by_category,
        [("sql".to_owned(), 3)],
        "category rows go too"
    );
    drop(sink);

    let size = incident(0, IncidentKind::LeakBlocked, 500, None)
        .to_json()
        .len() as u64;
    let bytes = Retention {
        max_age: None,
        max_rows: None,
        max_bytes: Some(size * 4),
    };
    let mut sink = SqliteSink::open(&path, bytes).unwrap();
    write(
        &mut sink,
        (10..20)
            .map(|n| incident(n, IncidentKind::LeakBlocked, 500, None))
            .collect(),
    );
    sink.apply_retention(0).unwrap();
    let count = Store::open(&path)
        .unwrap()
        .list(&Filter::default())
        .unwrap()
        .len();
    assert!((3..=4).contains(&count), "{count}");
    drop(sink);

    let age_path = dir.path().join("age.db");
    let age = Retention {
        max_age: Some(Duration::from_secs(5)),
        max_rows: None,
        max_bytes: None,
    };
    let mut sink = SqliteSink::open(&age_path, age).unwrap();
    write(
        &mut sink,
        (0..10)
            .map(|n| incident(n, IncidentKind::LeakBlocked, 500, None))
            .collect(),
    );
    assert_eq!(sink.apply_retention(1_700_000_009 * SECOND).unwrap(), 4);
    let left: Vec<String> = Store::open(&age_path)
        .unwrap()
        .list(&Filter::default())
        .unwrap()
        .into_iter()
        .map(|s| s.id)
        .collect();
    assert_eq!(left, ["req-9", "req-8", "req-7", "req-6", "req-5", "req-4"]);
}

#[test]
fn stats_buckets_show_quiet_periods_as_zero() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("incidents.db");
    let mut sink = SqliteSink::open(&path, Retention::default()).unwrap();
    // A burst of three, ten quiet minutes, then one.
    let base = 1_700_000_040 * SECOND;
    let mut incidents: Vec<Incident> = (0..3)
        .map(|n| incident(n, IncidentKind::LeakBlocked, 500, None))
        .collect();
    incidents.push(incident(3, IncidentKind::LeakBlocked, 500, None));
    for (n, incident) in incidents.iter_mut().enumerate() {
        incident.at_ns = base + if n < 3 { 0 } else { 600 * SECOND };
    }
    write(&mut sink, incidents);
    let store = Store::open(&path).unwrap();
    let stats = store.stats(&Filter::default(), 60).unwrap();
    let counts: Vec<u64> = stats.buckets.iter().map(|(_, n)| *n).collect();
    assert_eq!(counts, [3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
    assert!(
        stats
            .buckets
            .windows(2)
            .all(|w| w[1].0 - w[0].0 == 60 * SECOND)
    );
    // With a window, the series starts at the window's start.
    let since = Filter {
        since_ns: Some(base - 120 * SECOND),
        ..Filter::default()
    };
    let counts: Vec<u64> = store
        .stats(&since, 60)
        .unwrap()
        .buckets
        .iter()
        .map(|(_, n)| *n)
        .collect();
    assert_eq!(&counts[..3], [0, 0, 3]);
    assert_eq!(counts.len(), 13);
}

/// The plan SQLite picks for `sql`, one step a line.
fn plan(connection: &rusqlite::Connection, sql: &str) -> String {
    connection
        .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
        .unwrap()
        .query_map([], |row| row.get::<_, String>(3))
        .unwrap()
        .map(Result::unwrap)
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn the_store_is_wal_with_indexes_for_reference_time_code_and_category() {
    let (_dir, path) = seeded();
    let connection = rusqlite::Connection::open(&path).unwrap();
    let mode: String = connection
        .query_row("PRAGMA journal_mode", [], |row| row.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    let layout: i32 = connection
        .query_row("PRAGMA user_version", [], |row| row.get(0))
        .unwrap();
    assert_eq!(layout, 1);
    // Each lookup goes through an index or the time-ordered row key: a plan that scans
    // the table would say SCAN.
    for (sql, uses) in [
        (
            "SELECT record FROM incidents WHERE bucket = 0 AND short_key = 42",
            "USING INDEX incidents_by_ref (bucket=? AND short_key=?)",
        ),
        (
            "SELECT id FROM incidents WHERE seq >= 5 AND at_ns >= 5",
            "USING INTEGER PRIMARY KEY (rowid>?)",
        ),
        (
            "SELECT id FROM incidents WHERE code = 'NOT_FOUND' AND seq >= 5",
            "USING INDEX incidents_by_code (code=? AND rowid>?)",
        ),
        (
            "SELECT seq FROM incident_categories WHERE category = 'sql' AND seq >= 5",
            "USING PRIMARY KEY (category=? AND seq>?)",
        ),
    ] {
        let plan = plan(&connection, sql);
        assert!(plan.contains(uses), "{sql}: {plan}");
    }
}
