//! No secret is ever stored verbatim: incidents full of passwords, tokens, cookies, card
//! numbers and keys, captured the way the gateway captures them, go to every sink at once
//! (started from one TOML config), and the bytes each sink wrote are searched for them.

mod common;

use prost::Message;
use std::io::Read;
use std::net::{TcpListener, UdpSocket};
use std::os::unix::net::UnixDatagram;
use std::sync::mpsc::{Receiver, channel};
use std::time::Duration;
use tightlip_detect::{Finding, Redactor};
use tightlip_incident::capture::{
    DEFAULT_CAPTURE_LIMIT, capture_response, finding_records, redact_lines, redact_path,
};
use tightlip_incident::{Incident, IncidentConfig, Store};

/// Each secret as it appears in the upstream response, request or error chain.
const SECRETS: &[&str] = &[
    "tok3nVALUEabcdef1234567890",
    "zyxBODYbearer0987654321",
    "c00kieSECRETvalue42",
    "setc00kieSECRET99",
    "apikeyHEADERsecret777",
    "basicAUTHsecretXYZ",
    "dsnPASSw0rd77",
    "jsonPASSw0rd88",
    "kvPASSw0rd99",
    "AKIAIOSFODNN7EXAMPLE",
    "wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY",
    "sk_live_4eC39HqLyjWDarjtT1zdp7dc",
    "ghp_1234567890abcdefghijklmnopqrstuvwxyz",
    "xoxb-123456789012-abcdefGHIJKL",
    "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
    "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7pemKEYmaterial",
    "ya29.a0AfH6SMBx3jklmnopqrstuvwxyz012345",
    "AIzaSyA1234567890abcdefghijklmnopqrstuv",
    "chainPASSw0rd55",
    "querySECRETtoken",
    "queryAPIkey123",
];

/// Card numbers: none may appear whole, spaced, or as more than the last four digits.
const CARDS: &[&str] = &[
    "4111111111111111",
    "5555555555554444",
    "378282246310005",
    "4000056655665556",
];

/// Text that is not secret and must be there, so an empty payload cannot pass.
const CANARY: &str = "CANARY-visible-diagnostic";

fn upstream_body() -> String {
    format!(
        "{CANARY}\n\
         Traceback: connect failed postgres://app:dsnPASSw0rd77@db.internal:5432/shop\n\
         {{\"user\": \"ann\", \"password\": \"jsonPASSw0rd88\"}}\n\
         retry with password=kvPASSw0rd99 and Authorization: Bearer zyxBODYbearer0987654321\n\
         AWS_ACCESS_KEY_ID AKIAIOSFODNN7EXAMPLE\n\
         AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY\n\
         stripe sk_live_4eC39HqLyjWDarjtT1zdp7dc github ghp_1234567890abcdefghijklmnopqrstuvwxyz\n\
         slack xoxb-123456789012-abcdefGHIJKL google ya29.a0AfH6SMBx3jklmnopqrstuvwxyz012345\n\
         maps AIzaSyA1234567890abcdefghijklmnopqrstuv\n\
         jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U\n\
         -----BEGIN PRIVATE KEY-----\n\
         MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7pemKEYmaterial\n\
         -----END PRIVATE KEY-----\n\
         charged card 4111 1111 1111 1111 and 5555555555554444 (amex 3782-822463-10005)\n"
    )
}

fn upstream_headers() -> Vec<(String, Vec<u8>)> {
    [
        ("Authorization", "Bearer tok3nVALUEabcdef1234567890"),
        ("Cookie", "session=c00kieSECRETvalue42"),
        ("Set-Cookie", "sid=setc00kieSECRET99; HttpOnly"),
        ("X-Api-Key", "apikeyHEADERsecret777"),
        ("Proxy-Authorization", "Basic basicAUTHsecretXYZ"),
        ("Content-Type", "text/plain"),
    ]
    .into_iter()
    .map(|(name, value)| (name.to_owned(), value.as_bytes().to_vec()))
    .collect()
}

/// An incident built from secret-laden input with the capture helpers, as the gateway does.
fn captured(id: &str, body: &str) -> Incident {
    let redactor = Redactor::new();
    let mut incident = Incident::example(id);
    incident.path = redact_path(
        "/pay/378282246310005?card=4000056655665556&token=querySECRETtoken&api_key=queryAPIkey123",
    );
    incident.upstream = Some(capture_response(
        &redactor,
        &upstream_headers(),
        body.as_bytes(),
        DEFAULT_CAPTURE_LIMIT,
    ));
    incident.error_chain = redact_lines(
        &redactor,
        &[
            "db connect: postgres://svc:chainPASSw0rd55@10.0.0.5/app".to_owned(),
            "caused by: token ghp_1234567890abcdefghijklmnopqrstuvwxyz rejected".to_owned(),
        ],
    );
    let findings: Vec<Finding> = tightlip_detect::Detector::builtin().scan_body(body.as_bytes());
    incident.findings = finding_records(&findings);
    incident
}

/// Every message `recv` yields until the test ends, gathered in a thread.
fn messages(
    mut recv: impl FnMut(&mut [u8]) -> std::io::Result<usize> + Send + 'static,
) -> Receiver<Vec<u8>> {
    let (sender, received) = channel();
    std::thread::spawn(move || {
        let mut buffer = vec![0; 1 << 17];
        while let Ok(size) = recv(&mut buffer) {
            if sender.send(buffer[..size].to_vec()).is_err() {
                return;
            }
        }
    });
    received
}

/// The datagrams a unix socket bound at `path` receives.
fn unix_messages(path: &std::path::Path) -> Receiver<Vec<u8>> {
    let socket = UnixDatagram::bind(path).unwrap();
    messages(move |buffer| socket.recv(buffer))
}

/// Everything a receiver got, waiting until every incident's ID has arrived (batches may
/// come as one message or several).
fn gather<T>(received: &Receiver<T>, bytes: impl Fn(T) -> Vec<u8>, ids: &[&str]) -> Vec<u8> {
    let mut all = Vec::new();
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while !ids
        .iter()
        .all(|id| String::from_utf8_lossy(&all).contains(id))
    {
        let left = deadline.saturating_duration_since(std::time::Instant::now());
        let Ok(message) = received.recv_timeout(left) else {
            break;
        };
        all.extend(bytes(message));
        all.push(b'\n');
    }
    all
}

fn assert_clean(sink: &str, payload: &[u8], ids: &[&str]) {
    let text = String::from_utf8_lossy(payload);
    assert!(text.contains(CANARY), "{sink}: payload lacks the body");
    assert!(text.contains("[REDACTED:"), "{sink}: payload lacks masks");
    for id in ids {
        assert!(text.contains(id), "{sink}: payload lacks {id}");
    }
    for secret in SECRETS {
        assert!(!text.contains(secret), "{sink} holds `{secret}` verbatim");
    }
    for card in CARDS {
        let spaced: String = card
            .as_bytes()
            .chunks(4)
            .map(|c| std::str::from_utf8(c).unwrap())
            .collect::<Vec<_>>()
            .join(" ");
        for form in [card, spaced.as_str(), &card[..12]] {
            assert!(!text.contains(form), "{sink} holds card digits `{form}`");
        }
    }
    assert!(!text.contains("3782-822463"), "{sink} holds an Amex number");
}

#[test]
fn no_sink_ever_holds_a_secret_verbatim() {
    let dir = tempfile::tempdir().unwrap();
    let udp = UdpSocket::bind("127.0.0.1:0").unwrap();
    let udp_address = udp.local_addr().unwrap();
    let udp = messages(move |buffer| udp.recv(buffer));
    let dev_log = dir.path().join("dev-log.sock");
    let unix = unix_messages(&dev_log);
    let journal = dir.path().join("journal.sock");
    let journald = unix_messages(&journal);
    let tcp = TcpListener::bind("127.0.0.1:0").unwrap();
    let tcp_address = tcp.local_addr().unwrap();
    let (tcp_sender, tcp_received) = channel();
    std::thread::spawn(move || {
        let (mut stream, _) = tcp.accept().unwrap();
        let mut all = Vec::new();
        stream.read_to_end(&mut all).unwrap();
        tcp_sender.send(all).unwrap();
    });
    let (http_endpoint, http_received) = common::otlp_http_receiver("200 OK");
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let (grpc_endpoint, grpc_received) = common::otlp_grpc_receiver(&runtime);

    let store = dir.path().join("data/incidents.db");
    let jsonl = dir.path().join("logs/incidents.jsonl");
    let config = format!(
        r#"
        store = "{store}"
        queue_capacity = 64

        [[sinks]]
        type = "jsonl"
        path = "{jsonl}"

        [[sinks]]
        type = "syslog"
        target = "udp://{udp_address}"

        [[sinks]]
        type = "syslog"
        target = "unix://{dev_log}"

        [[sinks]]
        type = "syslog"
        target = "tcp://{tcp_address}"

        [[sinks]]
        type = "syslog"
        target = "journald://{journal}"

        [[sinks]]
        type = "otlp"
        endpoint = "{http_endpoint}"

        [[sinks]]
        type = "otlp"
        endpoint = "{grpc_endpoint}"
        protocol = "grpc"
        "#,
        store = store.display(),
        jsonl = jsonl.display(),
        dev_log = dev_log.display(),
        journal = journal.display(),
    );
    let config: IncidentConfig = toml::from_str(&config).unwrap();
    let recorder = config.start().unwrap();
    assert!(!recorder.is_degraded(), "{:?}", recorder.stats());

    // One plain incident and one whose body is past the capture limit, with secrets
    // right at the cut, so truncation is exercised too.
    let plain = captured("req-secret-1", &upstream_body());
    let mut long_body = "y".repeat(DEFAULT_CAPTURE_LIMIT - 300);
    long_body.push_str(&upstream_body());
    let long = captured("req-secret-2", &long_body);
    assert!(long.upstream.as_ref().unwrap().truncated);
    let ids = ["req-secret-1", "req-secret-2"];
    recorder.record(plain);
    recorder.record(long);
    let stats = recorder.shutdown(Duration::from_secs(30));
    let sinks: Vec<&str> = stats.iter().map(|lane| lane.sink.as_str()).collect();
    assert_eq!(
        sinks,
        [
            "sqlite", "jsonl", "syslog", "syslog", "syslog", "syslog", "otlp", "otlp"
        ]
    );
    for lane in &stats {
        assert_eq!(
            (
                lane.submitted,
                lane.stored,
                lane.dropped,
                lane.failed,
                lane.queued
            ),
            (2, 2, 0, 0, 0),
            "{lane:?}"
        );
    }

    // The store: the database file and whatever is left of its write-ahead log.
    let found = Store::open(&store).unwrap().get("req-secret-2").unwrap();
    assert!(found.expect("stored").upstream.unwrap().truncated);
    let mut database = std::fs::read(&store).unwrap();
    database.extend(std::fs::read(store.with_extension("db-wal")).unwrap_or_default());
    assert_clean("sqlite", &database, &ids);
    assert_clean("jsonl", &std::fs::read(&jsonl).unwrap(), &ids);
    assert_clean("syslog udp", &gather(&udp, |m| m, &ids), &ids);
    assert_clean("syslog /dev/log", &gather(&unix, |m| m, &ids), &ids);
    assert_clean("journald", &gather(&journald, |m| m, &ids), &ids);
    assert_clean("syslog tcp", &gather(&tcp_received, |m| m, &ids), &ids);
    let http = gather(&http_received, |(_, body)| body, &ids);
    assert_clean("otlp http", &http, &ids);
    let grpc = gather(&grpc_received, |request| request.encode_to_vec(), &ids);
    assert_clean("otlp grpc", &grpc, &ids);
}
