//! JSON Lines and syslog sinks against real files and real sockets.

use std::io::{BufRead, BufReader, Read};
use std::net::{TcpListener, UdpSocket};
use std::os::unix::net::UnixDatagram;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use tightlip_incident::Incident;
use tightlip_incident::sink::{IncidentSink, JsonlConfig, JsonlSink, SyslogSink, SyslogTarget};

fn batch(range: std::ops::Range<usize>) -> Vec<Arc<Incident>> {
    range
        .map(|n| Arc::new(Incident::example(&format!("req-{n}"))))
        .collect()
}

fn lines(path: &std::path::Path) -> Vec<Incident> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect()
}

#[test]
fn jsonl_writes_one_parseable_incident_per_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("logs/incidents.jsonl");
    let mut sink = JsonlSink::open(JsonlConfig::new(&path)).unwrap();
    sink.write_batch(&batch(0..3)).unwrap();
    let written = lines(&path);
    assert_eq!(written.len(), 3);
    assert_eq!(written[2].id, "req-2");
}

#[test]
fn jsonl_rotates_by_size_and_keeps_n_files() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("incidents.jsonl");
    let line = Incident::example("req-0").to_json().len() as u64 + 1;
    let config = JsonlConfig {
        path: path.clone(),
        max_bytes: line * 3,
        keep: 2,
    };
    let mut sink = JsonlSink::open(config).unwrap();
    for n in 0..10 {
        sink.write_batch(&batch(n..n + 1)).unwrap();
    }
    // 10 lines, 3 per file: live has req-9; .1 has 6-8; .2 has 3-5; 0-2 rotated away.
    assert_eq!(
        lines(&path)
            .iter()
            .map(|i| i.id.as_str())
            .collect::<Vec<_>>(),
        ["req-9"]
    );
    let first = lines(&dir.path().join("incidents.jsonl.1"));
    assert_eq!(first.first().unwrap().id, "req-6");
    let second = lines(&dir.path().join("incidents.jsonl.2"));
    assert_eq!(second.first().unwrap().id, "req-3");
    assert!(!dir.path().join("incidents.jsonl.3").exists());
}

#[test]
fn jsonl_reopens_after_an_external_rotation() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("incidents.jsonl");
    let mut sink = JsonlSink::open(JsonlConfig::new(&path)).unwrap();
    sink.write_batch(&batch(0..1)).unwrap();
    // What logrotate does: move the file away, then signal.
    std::fs::rename(&path, dir.path().join("moved.jsonl")).unwrap();
    sink.reopen_flag().store(true, Ordering::Release);
    sink.write_batch(&batch(1..2)).unwrap();
    assert_eq!(lines(&path)[0].id, "req-1");
    assert_eq!(lines(&dir.path().join("moved.jsonl"))[0].id, "req-0");
}

#[test]
fn jsonl_reopens_on_a_real_sighup() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("incidents.jsonl");
    let mut sink = JsonlSink::open(JsonlConfig::new(&path))
        .unwrap()
        .reopen_on_sighup()
        .unwrap();
    sink.write_batch(&batch(0..1)).unwrap();
    std::fs::rename(&path, dir.path().join("moved.jsonl")).unwrap();
    signal_hook::low_level::raise(signal_hook::consts::SIGHUP).unwrap();
    sink.write_batch(&batch(1..2)).unwrap();
    assert_eq!(lines(&path)[0].id, "req-1");
}

fn assert_rfc5424(message: &str, id: &str) {
    assert!(
        message.starts_with("<131>1 ") || message.starts_with("<132>1 "),
        "{message}"
    );
    let fields: Vec<&str> = message.splitn(8, ' ').collect();
    assert_eq!(fields[3], "tightlip");
    assert_eq!(fields[5], "leak_blocked");
    assert!(
        fields[1].ends_with('Z') && fields[1].contains('T'),
        "{}",
        fields[1]
    );
    assert!(
        message.contains(&format!("[incident@32473 id=\"{id}\" ")),
        "{message}"
    );
    let json = &message[message.find("] {").unwrap() + 2..];
    let incident: Incident = serde_json::from_str(json).unwrap();
    assert_eq!(incident.id, id);
}

#[test]
fn syslog_over_udp() {
    let receiver = UdpSocket::bind("127.0.0.1:0").unwrap();
    let target = SyslogTarget::parse(&format!("udp://{}", receiver.local_addr().unwrap())).unwrap();
    let mut sink = SyslogSink::connect(target).unwrap();
    sink.write_batch(&batch(0..2)).unwrap();
    let mut buffer = vec![0; 65_536];
    for n in 0..2 {
        let size = receiver.recv(&mut buffer).unwrap();
        assert_rfc5424(
            std::str::from_utf8(&buffer[..size]).unwrap(),
            &format!("req-{n}"),
        );
    }
}

#[test]
fn syslog_over_tcp_with_octet_counting() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let target = SyslogTarget::parse(&format!("tcp://{}", listener.local_addr().unwrap())).unwrap();
    let mut sink = SyslogSink::connect(target).unwrap();
    let (stream, _) = listener.accept().unwrap();
    sink.write_batch(&batch(0..2)).unwrap();
    drop(sink);
    let mut reader = BufReader::new(stream);
    for n in 0..2 {
        let mut length = Vec::new();
        reader.read_until(b' ', &mut length).unwrap();
        let length: usize = std::str::from_utf8(&length)
            .unwrap()
            .trim()
            .parse()
            .unwrap();
        let mut message = vec![0; length];
        reader.read_exact(&mut message).unwrap();
        assert_rfc5424(std::str::from_utf8(&message).unwrap(), &format!("req-{n}"));
    }
}

#[test]
fn syslog_over_a_unix_socket() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("log.sock");
    let receiver = UnixDatagram::bind(&path).unwrap();
    let target = SyslogTarget::parse(&format!("unix://{}", path.display())).unwrap();
    let mut sink = SyslogSink::connect(target).unwrap();
    sink.write_batch(&batch(0..1)).unwrap();
    let mut buffer = vec![0; 65_536];
    let size = receiver.recv(&mut buffer).unwrap();
    assert_rfc5424(std::str::from_utf8(&buffer[..size]).unwrap(), "req-0");
}

#[test]
fn journald_native_protocol_fields() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.sock");
    let receiver = UnixDatagram::bind(&path).unwrap();
    let mut sink = SyslogSink::connect(SyslogTarget::Journald(path)).unwrap();
    sink.write_batch(&batch(0..1)).unwrap();
    let mut buffer = vec![0; 65_536];
    let size = receiver.recv(&mut buffer).unwrap();
    let text = String::from_utf8_lossy(&buffer[..size]);
    assert!(text.contains("SYSLOG_IDENTIFIER=tightlip\n"), "{text}");
    assert!(text.contains("TIGHTLIP_ID=req-0\n"), "{text}");
    assert!(text.contains("TIGHTLIP_KIND=leak_blocked\n"), "{text}");
}

#[test]
fn syslog_targets_are_validated() {
    let error = SyslogTarget::parse("syslog.example.com").unwrap_err();
    assert!(error.contains("expected unix:///dev/log"), "{error}");
    let dead = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    // Nothing listens any more: connecting fails with the address in the message.
    let error = SyslogSink::connect(SyslogTarget::Tcp(dead.to_string())).unwrap_err();
    assert!(error.to_string().contains(&dead.to_string()), "{error}");
}
