//! The example service as a real process, and a plain HTTP/1.1 client over loopback.
#![allow(
    dead_code,
    reason = "each test binary uses a different part of the harness"
)]

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The example binary cargo built next to this test.
fn example_binary() -> PathBuf {
    let exe = std::env::current_exe().expect("test executable path");
    let profile_dir = exe
        .parent()
        .and_then(std::path::Path::parent)
        .expect("target/<profile>/deps");
    let binary = profile_dir.join("examples").join("axum_service");
    assert!(binary.exists(), "example not built at {}", binary.display());
    binary
}

/// A running `axum_service`; killed on drop.
pub struct Service {
    child: Child,
    pub addr: SocketAddr,
    stderr: Arc<Mutex<String>>,
    _dir: tempfile::TempDir,
    pub store: PathBuf,
}

impl Service {
    /// Starts the example on an ephemeral loopback port with a SQLite store in a temp dir.
    pub fn start(extra: &[&str]) -> Service {
        Self::start_with_env(extra, &[]).expect("service starts")
    }

    /// Starts it with extra environment; `Err` with its stderr if it exits instead.
    pub fn start_with_env(extra: &[&str], env: &[(&str, &str)]) -> Result<Service, String> {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = dir.path().join("incidents.db");
        let mut command = Command::new(example_binary());
        command
            .args(["--listen", "127.0.0.1:0", "--store"])
            .arg(&store)
            .args(extra)
            .env_remove("TIGHTLIP_ENV")
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        for (key, value) in env {
            command.env(key, value);
        }
        let mut child = command.spawn().expect("spawning the example");
        let stderr = Arc::new(Mutex::new(String::new()));
        let (sender, receiver) = std::sync::mpsc::channel();
        let reader = BufReader::new(child.stderr.take().expect("piped stderr"));
        let collected = Arc::clone(&stderr);
        std::thread::spawn(move || {
            for line in reader.lines().map_while(Result::ok) {
                if let Some(addr) = line.strip_prefix("axum_service listening on http://") {
                    let _ = sender.send(addr.to_owned());
                }
                let mut all = collected.lock().unwrap();
                all.push_str(&line);
                all.push('\n');
            }
        });
        if let Ok(addr) = receiver.recv_timeout(Duration::from_secs(30)) {
            Ok(Service {
                child,
                addr: addr.parse().expect("socket address"),
                stderr,
                _dir: dir,
                store,
            })
        } else {
            let _ = child.kill();
            let status = child.wait().expect("exit status");
            std::thread::sleep(Duration::from_millis(100));
            Err(format!("{status}: {}", stderr.lock().unwrap()))
        }
    }

    /// Everything the service wrote to stderr so far.
    pub fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    /// Sends one request (`Connection: close`) and reads the whole response.
    pub fn request(&self, method: &str, path: &str, headers: &[(&str, &str)], body: &str) -> Reply {
        let mut stream = TcpStream::connect(self.addr).expect("connect");
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        let mut request = format!(
            "{method} {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n",
            self.addr
        );
        for (name, value) in headers {
            let _ = write!(request, "{name}: {value}\r\n");
        }
        if !body.is_empty() {
            let _ = write!(
                request,
                "Content-Type: application/json\r\nContent-Length: {}\r\n",
                body.len()
            );
        }
        request.push_str("\r\n");
        request.push_str(body);
        let started = Instant::now();
        stream.write_all(request.as_bytes()).expect("send");
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).expect("read response");
        Reply::parse(raw, started.elapsed())
    }

    /// Waits for the incident `id` to reach the store.
    pub fn incident(&self, id: &str) -> tightlip_incident::Incident {
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            if let Ok(store) = tightlip_incident::Store::open(&self.store) {
                if let Ok(Some(incident)) = store.get(id) {
                    return incident;
                }
            }
            assert!(Instant::now() < deadline, "incident {id} never stored");
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Service {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One HTTP response as it came off the wire.
pub struct Reply {
    pub raw: Vec<u8>,
    pub status: u16,
    pub headers: BTreeMap<String, String>,
    pub body: String,
    pub elapsed: Duration,
}

impl Reply {
    fn parse(raw: Vec<u8>, elapsed: Duration) -> Reply {
        let split = raw
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .expect("a complete head");
        let head = String::from_utf8(raw[..split].to_vec()).expect("ASCII head");
        let body = String::from_utf8_lossy(&raw[split + 4..]).into_owned();
        let mut lines = head.lines();
        let status = lines
            .next()
            .unwrap()
            .split(' ')
            .nth(1)
            .unwrap()
            .parse()
            .unwrap();
        let headers = lines
            .filter_map(|line| line.split_once(": "))
            .map(|(name, value)| (name.to_ascii_lowercase(), value.to_owned()))
            .collect();
        Reply {
            raw,
            status,
            headers,
            body,
            elapsed,
        }
    }

    /// The body as JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("{e}: {}", self.body))
    }

    /// Asserts the hardened header set and that `X-Request-ID` equals the body's `request_id`.
    pub fn assert_hardened(&self) -> String {
        assert_eq!(self.headers["cache-control"], "no-store", "{}", self.text());
        assert_eq!(self.headers["x-content-type-options"], "nosniff");
        assert_eq!(self.headers["content-type"], "application/problem+json");
        let id = self.headers["x-request-id"].clone();
        assert_eq!(self.json()["request_id"], id.as_str());
        id
    }

    /// The whole response as text, for messages.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.raw).into_owned()
    }
}
