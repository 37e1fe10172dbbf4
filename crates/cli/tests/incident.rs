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
    assert_eq!(
        text(&missing.stderr),
        format!("tightlip: not found: no incident `no-such-id` in {store}\n")
    );
    let unknown_ref = tightlip(&["incident", "show", "0000-0000-00", "--store", store]);
    assert_eq!(unknown_ref.status.code(), Some(1));
    let malformed = tightlip(&["incident", "show", "bad id;", "--store", store]);
    assert_eq!(malformed.status.code(), Some(2));
    assert_eq!(text(&malformed.stderr).lines().count(), 1);
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
    assert_eq!(
        text(&bad_status.stderr),
        "tightlip: error: `200` is not a status; expected 400-599 or a class like 4xx or 5xx\n"
    );
    let bad_kind = tightlip(&["incident", "list", "--kind", "oops", "--store", store]);
    assert_eq!(bad_kind.status.code(), Some(2));
    assert_eq!(text(&bad_kind.stderr).lines().count(), 1);
    assert!(text(&bad_kind.stderr).contains("unknown incident kind `oops`"));
    // A file that is not a store: one line naming it, exit 2, for every subcommand.
    let junk = Path::new(store).with_file_name("junk.db");
    std::fs::write(&junk, vec![0xA5; 8192]).unwrap();
    for command in [
        vec!["incident", "show", ID],
        vec!["incident", "list"],
        vec!["incident", "stats"],
    ] {
        let mut args = command.clone();
        args.extend(["--store", junk.to_str().unwrap()]);
        let output = tightlip(&args);
        assert_eq!(output.status.code(), Some(2), "{command:?}");
        let err = text(&output.stderr);
        assert_eq!(err.lines().count(), 1, "{command:?}: {err}");
        assert!(err.contains("junk.db"), "{err}");
    }
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

/// A leaky backend on loopback: every request gets a 500 with a traceback and a password.
fn leaky_backend() -> std::net::SocketAddr {
    use std::io::{BufRead, BufReader, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { return };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut line = String::new();
            while reader.read_line(&mut line).is_ok_and(|n| n > 0) && line != "\r\n" {
                line.clear();
            }
            let body = "Traceback (most recent call last):\n  File \"/srv/app/db.py\", line 7, in connect\npsycopg2.OperationalError: postgres://app:backendPASSw0rd@10.1.2.3/shop refused\n";
            let _ = write!(
                stream,
                "HTTP/1.1 500 Internal Server Error\r\ncontent-type: text/plain\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    address
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A `tightlip gateway` child process; its stderr lines are collected as they come.
struct Gateway {
    child: std::process::Child,
    stderr: std::sync::mpsc::Receiver<String>,
    listen: String,
    admin: String,
}

impl Gateway {
    fn start(dir: &Path, incidents: &str) -> Self {
        use std::io::BufRead;
        let listen = format!("127.0.0.1:{}", free_port());
        let admin = format!("127.0.0.1:{}", free_port());
        let config = dir.join("tightlip.toml");
        std::fs::write(
            &config,
            format!(
                "listen = \"{listen}\"\nupstream = \"http://{}\"\n\n[admin]\nlisten = \"{admin}\"\n\n[incidents]\n{incidents}\n",
                leaky_backend()
            ),
        )
        .unwrap();
        let mut child = Command::new(env!("CARGO_BIN_EXE_tightlip"))
            .args(["gateway", "--config", config.to_str().unwrap()])
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let (sender, stderr) = std::sync::mpsc::channel();
        let pipe = child.stderr.take().unwrap();
        std::thread::spawn(move || {
            for line in std::io::BufReader::new(pipe).lines().map_while(Result::ok) {
                let _ = sender.send(line);
            }
        });
        let gateway = Self {
            child,
            stderr,
            listen,
            admin,
        };
        gateway.wait_for_line("gateway on http://");
        gateway
    }

    /// Waits for a stderr line containing `text` and returns it.
    fn wait_for_line(&self, text: &str) -> String {
        loop {
            let line = self
                .stderr
                .recv_timeout(Duration::from_secs(30))
                .unwrap_or_else(|_| panic!("no stderr line with `{text}`"));
            if line.contains(text) {
                return line;
            }
        }
    }

    fn get(address: &str, path: &str) -> (u16, String, Option<String>) {
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .build()
            .new_agent();
        let mut response = agent
            .get(&format!("http://{address}{path}"))
            .call()
            .unwrap();
        let id = response
            .headers()
            .get("x-request-id")
            .map(|v| v.to_str().unwrap().to_owned());
        let body = response.body_mut().read_to_string().unwrap();
        (response.status().as_u16(), body, id)
    }

    fn signal(&self, signal: &str) {
        let status = Command::new("kill")
            .args([signal, &self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
    }

    fn stop(mut self) -> Vec<String> {
        self.signal("-TERM");
        assert!(self.child.wait().unwrap().success());
        self.stderr.try_iter().collect()
    }
}

/// The fail-safe promise end to end: a store whose directory is under a file.
/// The gateway starts and serves, the caller sees the usual problem, the incident goes to
/// stderr as JSON (masked), `/healthz`, `/metrics` and `tightlip doctor --admin` say
/// degraded.
#[test]
fn a_gateway_with_a_broken_store_serves_and_reports_degraded() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("file"), "x").unwrap();
    let store = dir.path().join("file/incidents.db");
    let gateway = Gateway::start(dir.path(), &format!("store = \"{}\"", store.display()));
    let (status, body, id) = Gateway::get(&gateway.listen, "/orders?token=abc");
    assert_eq!(status, 500, "{body}");
    assert!(
        !body.contains("Traceback") && !body.contains("backendPASSw0rd"),
        "{body}"
    );
    let id = id.expect("x-request-id");
    assert!(body.contains(&id), "{body}");
    let fallback = gateway.wait_for_line("{\"tightlip_incident\":");
    assert!(fallback.contains(&id), "{fallback}");
    assert!(
        fallback.contains("Traceback"),
        "the story is kept: {fallback}"
    );
    assert!(!fallback.contains("backendPASSw0rd"), "{fallback}");

    let (_, health, _) = Gateway::get(&gateway.admin, "/healthz");
    assert!(health.starts_with("degraded\nsqlite: "), "{health}");
    let (_, metrics, _) = Gateway::get(&gateway.admin, "/metrics");
    assert!(
        metrics.contains("tightlip_incident_sink_degraded{sink=\"sqlite\"} 1"),
        "{metrics}"
    );
    let doctor = tightlip(&[
        "doctor",
        "--store",
        store.to_str().unwrap(),
        "--admin",
        &gateway.admin,
    ]);
    assert_eq!(doctor.status.code(), Some(1));
    let out = text(&doctor.stdout);
    assert!(
        out.contains("degraded  running host: ") && out.contains("stderr fallback"),
        "{out}"
    );
    let rest = gateway.stop();
    assert!(
        rest.iter()
            .any(|line| line
                .contains("incidents to sqlite: submitted 1 stored 0 dropped 0 failed 1")),
        "{rest:?}"
    );
}

#[test]
fn a_gateway_refuses_to_start_when_configured_to() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("file"), "x").unwrap();
    let config = dir.path().join("tightlip.toml");
    std::fs::write(
        &config,
        format!(
            "listen = \"127.0.0.1:{}\"\nupstream = \"http://127.0.0.1:9\"\n\n[incidents]\nstore = \"{}/file/incidents.db\"\non_store_failure = \"refuse\"\n",
            free_port(),
            dir.path().display()
        ),
    )
    .unwrap();
    let output = tightlip(&["gateway", "--config", config.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    let err = text(&output.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("file/incidents.db cannot be opened"), "{err}");
}

/// logrotate's way, against a real process: move the file away, send SIGHUP, and the next
/// incident lands in a new file at the configured path.
#[test]
fn a_gateway_reopens_its_jsonl_file_on_sighup() {
    let dir = tempfile::tempdir().unwrap();
    let jsonl = dir.path().join("incidents.jsonl");
    let gateway = Gateway::start(
        dir.path(),
        &format!(
            "store = \"\"\n\n[[incidents.sinks]]\ntype = \"jsonl\"\npath = \"{}\"",
            jsonl.display()
        ),
    );
    let (_, _, first) = Gateway::get(&gateway.listen, "/a");
    let wait_for_id = |path: &Path, id: &str| {
        let deadline = std::time::Instant::now() + Duration::from_secs(30);
        while !std::fs::read_to_string(path).is_ok_and(|text| text.contains(id)) {
            assert!(std::time::Instant::now() < deadline, "{id} not in {path:?}");
            std::thread::sleep(Duration::from_millis(20));
        }
    };
    wait_for_id(&jsonl, &first.unwrap());
    let rotated = dir.path().join("incidents.jsonl.1");
    std::fs::rename(&jsonl, &rotated).unwrap();
    gateway.signal("-HUP");
    let (_, _, second) = Gateway::get(&gateway.listen, "/b");
    let second = second.unwrap();
    wait_for_id(&jsonl, &second);
    assert!(!std::fs::read_to_string(&rotated).unwrap().contains(&second));
    gateway.stop();
}
