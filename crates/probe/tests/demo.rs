//! The probe against the leaky demo backend over loopback, straight and through the
//! gateway: straight it must find the leaks, the 403/404 mismatch and the login
//! enumeration; through the gateway the leak checks must come back empty.

mod common;

use std::collections::BTreeSet;
use tightlip_detect::Severity;
use tightlip_probe::{Check, Family, Format, Quiet, Report, run};

fn checks_on(report: &Report, endpoint: &str) -> BTreeSet<String> {
    report
        .findings
        .iter()
        .filter(|f| f.endpoints.iter().any(|e| e == endpoint))
        .map(|f| f.check.clone())
        .collect()
}

fn has(report: &Report, check: &str, endpoint: &str) -> bool {
    checks_on(report, endpoint).contains(check)
}

/// The findings of one family, each described in a line for an assertion message.
fn of_family(report: &Report, family: Family) -> Vec<String> {
    report
        .findings
        .iter()
        .filter(|f| f.kind.family() == family)
        .map(|f| {
            format!(
                "{} {} {:?} {} {}",
                f.check, f.endpoint, f.status, f.probe, f.evidence
            )
        })
        .collect()
}

#[test]
fn straight_at_the_demo_backend_every_leak_shows() {
    let runtime = common::runtime();
    let backend = common::demo_backend(&runtime);
    let report = run(&common::demo_plan(backend), &mut Quiet).expect("the run completes");
    common::keep_report(
        "demo-direct.txt",
        &report.render(Format::Human, Severity::Medium),
    );

    assert!(
        has(&report, "leak.stack_trace", "GET /api/python"),
        "{:?}",
        checks_on(&report, "GET /api/python")
    );
    assert!(has(&report, "leak.stack_trace", "GET /api/java"));
    assert!(has(&report, "leak.sql", "GET /api/sql"));
    assert!(has(&report, "leak.secret", "GET /api/secret"));
    assert!(has(&report, "headers.x_powered_by", "GET /api/python"));
    assert!(has(&report, "headers.version_banner", "GET /api/python"));
    // The catch-all 404 page names Apache with its version and an internal address.
    assert!(has(
        &report,
        "leak.internal_address",
        "GET /api/orders/{segment3}"
    ));
    assert!(has(&report, "status.403_vs_404", "GET /api/admin"));
    assert!(has(&report, "headers.no_store", "GET /api/admin"));
    assert!(has(&report, "format.request_id", "GET /api/admin"));
    assert!(
        has(&report, "format.odd_shape", "GET /api/missing")
            || has(&report, "format.odd_shape", "GET /api/admin")
    );
    assert!(report.findings.iter().any(|f| f.severity == Severity::High));

    let comparison = report.enumeration.as_ref().expect("the login was compared");
    assert!(
        comparison.by_status && comparison.by_bytes,
        "{comparison:?}"
    );
    assert!(comparison.by_timing(), "{comparison:?}");
    let timing = comparison.timing.expect("a timing test");
    assert!(timing.effect >= 0.5 && timing.p_value < 0.001, "{timing:?}");
    let enumeration = report
        .findings
        .iter()
        .find(|f| f.check == "enumeration.login")
        .expect("an enumeration finding");
    assert!(
        enumeration.evidence.contains("rank-biserial"),
        "{}",
        enumeration.evidence
    );

    // Every finding carries what the issue asks for, and no format shows a secret.
    for finding in &report.findings {
        assert!(finding.id.starts_with("TP-"));
        assert!(
            finding.curl.starts_with("curl ") || finding.curl.contains("| curl "),
            "{}",
            finding.curl
        );
        assert!(!finding.evidence.is_empty());
    }
    for format in [
        Format::Human,
        Format::Json,
        Format::Sarif,
        Format::Junit,
        Format::Html,
    ] {
        let text = report.render(format, Severity::Medium);
        for secret in [
            "AKIAIOSFODNN7EXAMPLE",
            "Sup3rS3cret",
            "c2lnbmF0dXJlLWV4YW1wbGU",
        ] {
            assert!(!text.contains(secret), "{format:?} shows {secret}");
        }
    }
    assert_eq!(report.requests.skipped_unsafe, 0);
    assert!(report.requests.sent > 300, "{}", report.requests.sent);
}

#[test]
fn through_the_gateway_no_leak_check_fires() {
    let runtime = common::runtime();
    let backend = common::demo_backend(&runtime);
    let dir = tempfile::tempdir().unwrap();
    let gateway = common::gateway(&runtime, backend, dir.path());
    let report =
        run(&common::demo_plan(gateway.local_addr()), &mut Quiet).expect("the run completes");
    common::keep_report(
        "demo-gateway.txt",
        &report.render(Format::Human, Severity::Medium),
    );

    assert!(
        of_family(&report, Family::Leak).is_empty(),
        "leaks through the gateway: {:#?}",
        of_family(&report, Family::Leak)
    );
    assert!(!report.findings.iter().any(|f| f.severity == Severity::High));
    // Every error is hardened: replaced, the gateway's own, and a clean upstream 4xx passed
    // through (the problem+json 404, the login's 401/404) all carry no-store and nosniff.
    let hygiene = of_family(&report, Family::Hygiene);
    assert!(hygiene.is_empty(), "unhardened errors: {hygiene:#?}");
    // No wrong status either: no 5xx for a client's mistake, no error inside a 2xx.
    let status = of_family(&report, Family::Status);
    assert!(status.is_empty(), "wrong statuses: {status:#?}");

    // A proxy cannot make a wrong password and an unknown user look alike: the status,
    // the body and the time the backend takes all still differ. The report says so.
    let comparison = report.enumeration.as_ref().expect("the login was compared");
    assert!(
        comparison.by_status && comparison.by_timing(),
        "{comparison:?}"
    );
    assert!(
        report
            .findings
            .iter()
            .any(|f| f.kind == Check::LoginEnumeration)
    );
}
