//! Anti-enumeration over real HTTP: three login failures indistinguishable by status,
//! headers and bytes; the latency floor; the failure limiter's 429.

mod service;

use service::{Reply, Service};
use std::time::Duration;

/// The response with the per-occurrence values (request ID, timestamp, Date) masked.
fn occurrence_masked(reply: &Reply) -> Vec<u8> {
    let mut text = reply.text();
    let id = &reply.headers["x-request-id"];
    text = text.replace(id.as_str(), "<request-id>");
    text = text.replace(&reply.headers["date"], "<date>");
    let timestamp = reply.json()["timestamp"].as_str().unwrap().to_owned();
    text.replace(&timestamp, "<timestamp>").into_bytes()
}

fn login(service: &Service, user: &str, password: &str) -> Reply {
    let body = format!(r#"{{"username":"{user}","password":"{password}"}}"#);
    service.request("POST", "/login", &[], &body)
}

#[test]
fn unknown_user_wrong_password_and_locked_account_are_byte_identical() {
    let service = Service::start(&["--login-floor-ms", "60"]);
    let unknown = login(&service, "nobody", "x");
    let wrong = login(&service, "alice", "x");
    let locked = login(&service, "mallory", "x");
    assert_eq!(unknown.status, 401, "{}", unknown.text());
    let masked = occurrence_masked(&unknown);
    assert_eq!(
        masked,
        occurrence_masked(&wrong),
        "\n{}\n{}",
        unknown.text(),
        wrong.text()
    );
    assert_eq!(
        masked,
        occurrence_masked(&locked),
        "\n{}\n{}",
        unknown.text(),
        locked.text()
    );
    // Only the occurrence differs: same length, same header names in the same order.
    assert_eq!(unknown.raw.len(), wrong.raw.len());
    assert_eq!(unknown.raw.len(), locked.raw.len());
    for reply in [&unknown, &wrong, &locked] {
        reply.assert_hardened();
        assert!(
            reply.elapsed >= Duration::from_millis(60),
            "{:?}",
            reply.elapsed
        );
    }
    // Inside, each incident says why.
    let reasons: Vec<String> = [&unknown, &wrong, &locked]
        .iter()
        .map(|reply| {
            service
                .incident(&reply.headers["x-request-id"])
                .error_chain
                .join(" ")
        })
        .collect();
    assert!(reasons[0].contains("unknown_user"), "{reasons:?}");
    assert!(reasons[1].contains("wrong_password"), "{reasons:?}");
    assert!(reasons[2].contains("locked_account"), "{reasons:?}");
    assert_eq!(login(&service, "alice", "correct horse").status, 200);
}

#[test]
fn repeated_failures_for_one_account_get_429_with_retry_after() {
    let service = Service::start(&["--login-floor-ms", "1", "--account-failures", "3"]);
    for _ in 0..3 {
        assert_eq!(login(&service, "carol", "guess").status, 401);
    }
    let refused = login(&service, "carol", "guess");
    assert_eq!(refused.status, 429, "{}", refused.text());
    refused.assert_hardened();
    assert_eq!(refused.json()["code"], "RATE_LIMITED");
    let retry: u64 = refused.headers["retry-after"].parse().unwrap();
    assert!((1..=60).contains(&retry), "{retry}");
    // Another account from the same address is not affected.
    assert_eq!(login(&service, "dave", "guess").status, 401);
    let incident = service.incident(&refused.headers["x-request-id"]);
    assert_eq!(incident.kind.as_str(), "auth_failure");
}
