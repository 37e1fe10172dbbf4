//! `tightlip incident` as a real process against a real store file.

use std::path::Path;
use std::process::{Command, Output};
use std::time::Duration;
use tightlip_incident::sink::SqliteSink;
use tightlip_incident::{Incident, IncidentKind, PipelineConfig, Recorder, Retention};

const ID: &str = "f47ac10b-58cc-4372-a567-0e02b2c3d479";

fn seeded(dir: &Path) -> std::path::PathBuf {
    let path = dir.join("incidents.db");
    let sink = SqliteSink::open(&path, Retention::default()).unwrap();
    let recorder = Recorder::start(vec![Box::new(sink)], PipelineConfig::default());
    recorder.record(Incident::example(ID));
    let mut other = Incident::example("req-404");
    other.kind = IncidentKind::UpstreamError;
    other.public_status = 404;
    other.code = "NOT_FOUND".into();
    other.findings.clear();
    recorder.record(other);
    recorder.shutdown(Duration::from_secs(10));
    path
}

fn tightlip(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tightlip"))
        .args(args)
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).unwrap()
}

#[test]
fn show_by_id_and_by_short_ref() {
    let dir = tempfile::tempdir().unwrap();
    let store = seeded(dir.path());
    let store = store.to_str().unwrap();
    let by_id = tightlip(&["incident", "show", ID, "--store", store]);
    assert_eq!(by_id.status.code(), Some(0), "{}", text(&by_id.stderr));
    let out = text(&by_id.stdout);
    assert!(out.starts_with(&format!("incident   {ID}  (ref ")), "{out}");
    assert!(
        out.contains("upstream error replaced: leak_detected"),
        "{out}"
    );
    assert!(
        out.contains("  stack_trace        python.traceback"),
        "{out}"
    );
    assert!(out.contains("ZeroDivisionError"), "{out}");
    let short_ref = out.split("(ref ").nth(1).unwrap()[..12].to_owned();
    let by_ref = tightlip(&[
        "incident",
        "show",
        &short_ref.to_lowercase(),
        "--store",
        store,
        "--json",
    ]);
    assert_eq!(by_ref.status.code(), Some(0));
    let incident: Incident = serde_json::from_slice(&by_ref.stdout).unwrap();
    assert_eq!(incident.id, ID);
}

#[test]
fn not_found_is_1_and_bad_input_is_2() {
    let dir = tempfile::tempdir().unwrap();
    let store = seeded(dir.path());
    let store = store.to_str().unwrap();
    let missing = tightlip(&["incident", "show", "no-such-id", "--store", store]);
    assert_eq!(missing.status.code(), Some(1));
    assert_eq!(text(&missing.stderr).lines().count(), 1);
    let malformed = tightlip(&["incident", "show", "bad id;", "--store", store]);
    assert_eq!(malformed.status.code(), Some(2));
    assert!(
        text(&malformed.stderr).contains("is neither a request ID"),
        "{}",
        text(&malformed.stderr)
    );
    let no_store = tightlip(&["incident", "show", ID, "--store", "/nonexistent/x.db"]);
    assert_eq!(no_store.status.code(), Some(2));
    assert_eq!(
        text(&no_store.stderr),
        "tightlip: error: no incident store at /nonexistent/x.db (start the gateway once, or pass --store PATH)\n"
    );
    let bad_since = tightlip(&["incident", "list", "--since", "yesterday", "--store", store]);
    assert_eq!(bad_since.status.code(), Some(2));
    let bad_status = tightlip(&["incident", "list", "--status", "200", "--store", store]);
    assert_eq!(bad_status.status.code(), Some(2));
    assert!(text(&bad_status.stderr).contains("expected 400-599 or a class like 4xx or 5xx"));
}

#[test]
fn list_filters_and_json() {
    let dir = tempfile::tempdir().unwrap();
    let store = seeded(dir.path());
    let store = store.to_str().unwrap();
    let all = tightlip(&[
        "incident", "list", "--since", "1h", "--store", store, "--json",
    ]);
    assert_eq!(all.status.code(), Some(0));
    assert_eq!(text(&all.stdout).lines().count(), 2);
    let five = tightlip(&[
        "incident",
        "list",
        "--status",
        "5xx",
        "--category",
        "stack_trace",
        "--store",
        store,
    ]);
    let out = text(&five.stdout);
    assert_eq!(out.lines().count(), 1, "{out}");
    assert!(out.contains(ID));
    let kind = tightlip(&[
        "incident",
        "list",
        "--kind",
        "upstream_error",
        "--store",
        store,
    ]);
    assert!(text(&kind.stdout).contains("req-404"));
    let bad_kind = tightlip(&["incident", "list", "--kind", "oops", "--store", store]);
    assert_eq!(bad_kind.status.code(), Some(2));
}

#[test]
fn stats_show_counts_and_pipeline() {
    let dir = tempfile::tempdir().unwrap();
    let store = seeded(dir.path());
    let output = tightlip(&[
        "incident",
        "stats",
        "--since",
        "1h",
        "--bucket",
        "5m",
        "--store",
        store.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let out = text(&output.stdout);
    assert!(out.starts_with("2 incident(s) in the last 1h\n"), "{out}");
    assert!(out.contains("         1  leak_blocked"), "{out}");
    assert!(out.contains("         1  stack_trace"), "{out}");
    assert!(
        out.contains("submitted 2  stored 2  dropped 0  failed 0"),
        "{out}"
    );
}

#[test]
fn doctor_reports_a_healthy_and_a_degraded_store() {
    let dir = tempfile::tempdir().unwrap();
    let store = seeded(dir.path());
    let healthy = tightlip(&["doctor", "--store", store.to_str().unwrap()]);
    assert_eq!(healthy.status.code(), Some(0), "{}", text(&healthy.stdout));
    assert!(text(&healthy.stdout).contains("2 incident(s) stored"));
    std::fs::write(dir.path().join("file"), "x").unwrap();
    let blocked = dir.path().join("file/incidents.db");
    let degraded = tightlip(&["doctor", "--store", blocked.to_str().unwrap()]);
    assert_eq!(degraded.status.code(), Some(1));
    let out = text(&degraded.stdout);
    assert!(out.starts_with("degraded  incident store: "), "{out}");
    assert!(out.contains("incidents would go to stderr"), "{out}");
}
