//! Safe by default, against a small scripted server on loopback: Retry-After is
//! honoured, the request budget holds, state-changing methods are not sent, and the
//! rate is paced.

use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tightlip_probe::request::CraftedRequest;
use tightlip_probe::schedule::{Limits, Quiet, Scheduler};
use tightlip_probe::{Endpoint, Plan, Target, run};

/// A server that answers each request with the next scripted response (the last one
/// repeats) and records request lines.
fn scripted(script: Vec<&'static str>) -> (SocketAddr, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&seen);
    std::thread::spawn(move || {
        for (index, stream) in listener.incoming().enumerate() {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut line = String::new();
            let _ = reader.read_line(&mut line);
            log.lock().unwrap().push(line.trim().to_owned());
            // Read the head; the body (if any) is ignored, then the connection closes.
            let mut header = String::new();
            while reader.read_line(&mut header).is_ok_and(|n| n > 2) {
                header.clear();
            }
            let body = script[index.min(script.len() - 1)];
            let _ = stream.write_all(body.as_bytes());
        }
    });
    (addr, seen)
}

fn target(addr: SocketAddr) -> Target {
    Target::parse(&format!("http://{addr}")).unwrap()
}

const OK: &str = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok";
const BUSY: &str = "HTTP/1.1 429 Too Many Requests\r\nRetry-After: 1\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";

#[test]
fn retry_after_is_honoured() {
    let (addr, seen) = scripted(vec![BUSY, OK]);
    let target = target(addr);
    let mut quiet = Quiet;
    let mut scheduler = Scheduler::new(&target, Limits::default(), &mut quiet);
    let started = Instant::now();
    let exchange = scheduler
        .send(CraftedRequest::new("baseline", "GET /", "GET", "/".into()))
        .expect("sent");
    assert_eq!(exchange.response().unwrap().status, 200);
    assert!(started.elapsed() >= Duration::from_secs(1), "did not wait");
    assert_eq!(scheduler.tally().retries, 1);
    assert_eq!(seen.lock().unwrap().len(), 2);
}

#[test]
fn a_longer_wait_than_allowed_stops_the_run() {
    let (addr, seen) = scripted(vec![
        "HTTP/1.1 503 Service Unavailable\r\nRetry-After: 86400\r\nContent-Length: 0\r\n\r\n",
    ]);
    let target = target(addr);
    let mut quiet = Quiet;
    let mut scheduler = Scheduler::new(&target, Limits::default(), &mut quiet);
    let request = CraftedRequest::new("baseline", "GET /", "GET", "/".into());
    assert!(scheduler.send(request.clone()).is_some());
    assert!(scheduler.send(request).is_none());
    assert!(scheduler.tally().stopped_by_server);
    assert_eq!(seen.lock().unwrap().len(), 1);
}

#[test]
fn budget_unsafe_methods_and_pace_hold() {
    let (addr, seen) = scripted(vec![OK]);
    let mut plan = Plan::new(target(addr));
    plan.endpoints = vec![
        Endpoint::from_literal("DELETE", "/api/orders/1"),
        Endpoint::from_literal("GET", "/api/orders/1"),
    ];
    plan.limits = Limits {
        rate: 50.0,
        max_requests: 25,
        ..Limits::default()
    };
    let started = Instant::now();
    let report = run(&plan, &mut Quiet).unwrap();
    let lines = seen.lock().unwrap().clone();
    // The preflight connection carries no request line.
    let requests: Vec<&String> = lines.iter().filter(|l| !l.is_empty()).collect();
    assert_eq!(requests.len(), 25, "{requests:#?}");
    assert_eq!(report.requests.sent, 25);
    assert!(report.requests.over_budget > 0 && report.requests.skipped_unsafe > 0);
    assert!(
        !requests
            .iter()
            .any(|l| l.starts_with("DELETE ") || l.starts_with("PUT ") || l.starts_with("PATCH "))
    );
    // 25 requests at 50/s take at least 24 intervals of 20 ms.
    assert!(
        started.elapsed() >= Duration::from_millis(480),
        "{:?}",
        started.elapsed()
    );
    assert!(
        report
            .notes
            .iter()
            .any(|n| n.contains("--allow-unsafe-methods"))
    );
    assert!(report.notes.iter().any(|n| n.contains("--max-requests")));
}

#[test]
fn unsafe_methods_go_when_allowed() {
    let (addr, seen) = scripted(vec![OK]);
    let mut plan = Plan::new(target(addr));
    plan.endpoints = vec![Endpoint::from_literal("DELETE", "/api/orders/1")];
    plan.limits = Limits {
        rate: 500.0,
        allow_unsafe_methods: true,
        ..Limits::default()
    };
    let report = run(&plan, &mut Quiet).unwrap();
    assert_eq!(report.requests.skipped_unsafe, 0);
    assert!(
        seen.lock()
            .unwrap()
            .iter()
            .any(|l| l.starts_with("DELETE /api/orders/1 "))
    );
}
