//! `tightlip demo` as a real process: it prints curl commands with and without the
//! gateway, the gateway in it replaces the leaky backend's errors, and SIGINT ends it.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn get(addr: &str, path: &str) -> String {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nhost: demo\r\nconnection: close\r\n\r\n"
    )
    .unwrap();
    let mut out = String::new();
    let _ = stream.read_to_string(&mut out);
    out
}

#[test]
fn demo_prints_both_curls_and_protects_the_backend() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_tightlip"))
        .args(["demo", "--listen", "127.0.0.1:0", "--admin", "127.0.0.1:0"])
        .current_dir(dir.path())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut guide = String::new();
    while !guide.contains("Ctrl-C") {
        let mut line = String::new();
        assert!(
            stderr.read_line(&mut line).unwrap() > 0,
            "demo ended early: {guide}"
        );
        guide.push_str(&line);
    }
    let curls: Vec<&str> = guide
        .lines()
        .filter_map(|l| l.trim().strip_prefix("curl -si http://"))
        .filter(|l| l.ends_with("/api/python"))
        .collect();
    assert_eq!(curls.len(), 2, "with and without the gateway: {guide}");
    let gateway = curls[0].trim_end_matches("/api/python");
    let backend = curls[1].trim_end_matches("/api/python");
    assert_ne!(gateway, backend);
    for route in [
        "/api/java",
        "/api/sql",
        "/api/secret",
        "/api/slow",
        "/api/drop",
        "/api/large",
        "/api/admin",
    ] {
        assert!(guide.contains(route), "{route} missing from the guide");
    }
    let direct = get(backend, "/api/python");
    assert!(direct.contains("Traceback"), "the backend leaks on its own");
    let protected = get(gateway, "/api/python");
    assert!(protected.starts_with("HTTP/1.1 500"), "{protected}");
    assert!(!protected.contains("Traceback") && !protected.contains("gunicorn"));
    assert!(
        get(gateway, "/api/admin").starts_with("HTTP/1.1 404"),
        "the 403 is hidden"
    );
    let status = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let deadline = Instant::now() + Duration::from_secs(20);
    let exit = loop {
        if let Some(exit) = child.try_wait().unwrap() {
            break exit;
        }
        assert!(Instant::now() < deadline, "demo did not stop");
        std::thread::sleep(Duration::from_millis(20));
    };
    assert_eq!(exit.code(), Some(0));
    assert!(dir.path().join("tightlip-data/incidents.db").exists());
}
