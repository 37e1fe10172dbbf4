//! `tightlip gateway` as a real process: `--check` names file, line, column and key, and
//! SIGTERM/SIGINT stop accepting, let the in-flight request finish, flush incidents and
//! exit 0.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

fn tightlip() -> Command {
    Command::new(env!("CARGO_BIN_EXE_tightlip"))
}

#[test]
fn check_names_file_line_column_and_key() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.toml");
    std::fs::write(
        &bad,
        "upstream = \"http://127.0.0.1:3000\"\n[limits]\nheader_size = \"lots\"\n",
    )
    .unwrap();
    let output = tightlip()
        .args(["gateway", "--check", "--config"])
        .arg(&bad)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("bad.toml:3:15: key `limits.header_size`"),
        "{stderr}"
    );
    let good = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/gateway.toml");
    let output = tightlip()
        .args(["gateway", "--check", "--config", good])
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(stdout.contains(": ok (3 routes"), "{stdout}");
}

/// An upstream that answers `/boom` with a leaky 500 and `/slow` after a second.
fn upstream() -> std::net::SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            std::thread::spawn(move || {
                let mut head = Vec::new();
                let mut byte = [0u8; 1];
                while !head.ends_with(b"\r\n\r\n") {
                    if stream.read(&mut byte).unwrap_or(0) == 0 {
                        return;
                    }
                    head.push(byte[0]);
                }
                let body: &[u8] = if head.starts_with(b"GET /slow") {
                    std::thread::sleep(Duration::from_secs(1));
                    b"slow but fine"
                } else {
                    b"Traceback (most recent call last):\n  File \"/srv/app.py\", line 3\n"
                };
                let status = if head.starts_with(b"GET /slow") {
                    "200 OK"
                } else {
                    "500 Internal Server Error"
                };
                let _ = write!(
                    stream,
                    "HTTP/1.1 {status}\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
                    body.len()
                );
                let _ = stream.write_all(body);
            });
        }
    });
    addr
}

fn request(addr: &str, path: &str) -> String {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n"
    )
    .unwrap();
    let mut out = String::new();
    let _ = stream.read_to_string(&mut out);
    out
}

/// Starts the gateway and reads its listen address from the start-up line.
fn start(store: &std::path::Path) -> (Child, String, BufReader<std::process::ChildStderr>) {
    let mut command = tightlip();
    command
        .args(["gateway", "--listen", "127.0.0.1:0", "--upstream"])
        .arg(format!("http://{}", upstream()))
        .arg("--store")
        .arg(store);
    spawn(command)
}

fn spawn(mut command: Command) -> (Child, String, BufReader<std::process::ChildStderr>) {
    let mut child = command.stderr(Stdio::piped()).spawn().unwrap();
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let addr = address_line(&mut stderr);
    (child, addr, stderr)
}

/// The `http://ADDR` of the next line on stderr.
fn address_line(stderr: &mut BufReader<std::process::ChildStderr>) -> String {
    let mut line = String::new();
    stderr.read_line(&mut line).unwrap();
    line.split("http://")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .unwrap_or_else(|| panic!("no address in {line:?}"))
        .to_owned()
}

fn signal(child: &Child, name: &str) {
    let status = Command::new("kill")
        .arg(format!("-{name}"))
        .arg(child.id().to_string())
        .status()
        .unwrap();
    assert!(status.success());
}

fn wait(child: &mut Child) -> std::process::ExitStatus {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        assert!(Instant::now() < deadline, "gateway did not exit");
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn sigterm_drains_in_flight_flushes_incidents_and_exits_zero() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("incidents.db");
    let (mut child, addr, mut stderr) = start(&store);
    let replaced = request(&addr, "/boom");
    assert!(replaced.starts_with("HTTP/1.1 500"), "{replaced}");
    assert!(!replaced.contains("Traceback"));
    let id = replaced
        .lines()
        .find_map(|l| l.strip_prefix("x-request-id: "))
        .unwrap()
        .trim()
        .to_owned();
    let slow_addr = addr.clone();
    let slow = std::thread::spawn(move || request(&slow_addr, "/slow"));
    std::thread::sleep(Duration::from_millis(300));
    signal(&child, "TERM");
    std::thread::sleep(Duration::from_millis(200));
    assert!(
        TcpStream::connect(&addr).is_err(),
        "no new connections after SIGTERM"
    );
    let drained = slow.join().unwrap();
    assert!(
        drained.starts_with("HTTP/1.1 200"),
        "in-flight finished: {drained}"
    );
    assert!(drained.ends_with("slow but fine"), "{drained}");
    assert_eq!(wait(&mut child).code(), Some(0));
    let mut rest = String::new();
    stderr.read_to_string(&mut rest).unwrap();
    assert!(rest.contains("submitted 1 stored 1 dropped 0"), "{rest}");
    let incident = tightlip_incident::Store::open(&store)
        .unwrap()
        .get(&id)
        .unwrap()
        .expect("flushed before exit");
    assert_eq!(incident.upstream_status, Some(500));
}

#[test]
fn sigint_exits_zero_too() {
    let dir = tempfile::tempdir().unwrap();
    let (mut child, addr, _stderr) = start(&dir.path().join("incidents.db"));
    assert!(request(&addr, "/boom").starts_with("HTTP/1.1 500"));
    signal(&child, "INT");
    assert_eq!(wait(&mut child).code(), Some(0));
}

#[test]
fn admin_token_from_the_environment_guards_incidents() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("gw.toml");
    std::fs::write(
        &config,
        format!(
            "listen = \"127.0.0.1:0\"\nupstream = \"http://{}\"\n[admin]\nlisten = \"127.0.0.1:0\"\n[incidents]\nstore = {:?}\n",
            upstream(),
            dir.path().join("incidents.db")
        ),
    )
    .unwrap();
    let mut command = tightlip();
    command
        .args(["gateway", "--config"])
        .arg(&config)
        .env("TIGHTLIP_ADMIN_TOKEN", "from-env-7");
    let (mut child, addr, mut stderr) = spawn(command);
    let admin = address_line(&mut stderr);
    let replaced = request(&addr, "/boom");
    let id = replaced
        .lines()
        .find_map(|l| l.strip_prefix("x-request-id: "))
        .unwrap()
        .trim()
        .to_owned();
    let fetch = |token: &str| {
        let mut stream = TcpStream::connect(&admin).unwrap();
        write!(
            stream,
            "GET /incidents/{id} HTTP/1.1\r\nhost: a\r\nauthorization: Bearer {token}\r\nconnection: close\r\n\r\n"
        )
        .unwrap();
        let mut out = String::new();
        let _ = stream.read_to_string(&mut out);
        out
    };
    assert!(fetch("wrong").starts_with("HTTP/1.1 401"));
    let deadline = Instant::now() + Duration::from_secs(10);
    let found = loop {
        let answer = fetch("from-env-7");
        if answer.starts_with("HTTP/1.1 200") || Instant::now() > deadline {
            break answer;
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(
        found.starts_with("HTTP/1.1 200") && found.contains(&id),
        "{found}"
    );
    signal(&child, "TERM");
    assert_eq!(wait(&mut child).code(), Some(0));
}
