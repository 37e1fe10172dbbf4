//! The probe against real frameworks in debug mode, on loopback: an Express app in
//! development mode and a Flask app with the Werkzeug debugger (scripts/corpus/apps/,
//! installed by scripts/install-test-deps.sh).

mod common;

use std::process::Command;
use tightlip_detect::Severity;
use tightlip_probe::{Format, Quiet, Report, run};

fn has(report: &Report, check: &str, endpoint: &str) -> bool {
    report
        .findings
        .iter()
        .any(|f| f.check == check && f.endpoints.iter().any(|e| e == endpoint))
}

fn summary(report: &Report) -> Vec<String> {
    report
        .findings
        .iter()
        .map(|f| format!("{} {} {} {}", f.severity, f.check, f.endpoint, f.probe))
        .collect()
}

#[test]
fn express_in_development_mode() {
    let root = common::root();
    let port = common::free_port();
    let mut command = Command::new("node");
    command
        .arg(root.join("scripts/corpus/apps/express_app.js"))
        .arg(port.to_string())
        .arg("development")
        .env("NODE_PATH", root.join("tests/apps/node_modules"));
    let app = common::start_app(command, port);
    let plan = common::plan(
        app.addr,
        &[
            "/orders/17",
            "/config",
            "/api/boom",
            "/api/whoami",
            "/api/users/1",
            "/api/products?category=home",
            "POST /api/checkout",
        ],
    );
    let report = run(&plan, &mut Quiet).expect("the run completes");
    common::keep_report(
        "express.txt",
        &report.render(Format::Human, Severity::Medium),
    );
    let found = summary(&report);
    // The development error handler prints the stack of the TypeError.
    assert!(
        has(&report, "leak.stack_trace", "GET /orders/{segment2}"),
        "{found:#?}"
    );
    assert!(has(&report, "leak.path", "GET /config"), "{found:#?}");
    assert!(
        has(&report, "leak.sql", "GET /api/users/{segment3}"),
        "{found:#?}"
    );
    assert!(
        has(&report, "headers.x_powered_by", "GET /orders/{segment2}"),
        "{found:#?}"
    );
    // The forged bearer token comes back in the 403 message.
    let echoed = report
        .findings
        .iter()
        .find(|f| f.check == "reflection.canary" && f.endpoint == "GET /api/whoami")
        .unwrap_or_else(|| panic!("{found:#?}"));
    assert_eq!(echoed.severity, Severity::High);
    // "Cannot GET /<canary>" is request input in an HTML page.
    assert!(
        report
            .findings
            .iter()
            .any(|f| f.check == "reflection.canary" && f.probe == "unknown_route"),
        "{found:#?}"
    );
    // Express answers a body-parser error with its status, not a 500: no 5xx finding there.
    assert!(
        !report
            .findings
            .iter()
            .any(|f| f.check == "status.5xx_for_client_mistake" && f.probe == "malformed_json")
    );
}

#[test]
fn flask_with_the_werkzeug_debugger() {
    let root = common::root();
    let port = common::free_port();
    let dir = tempfile::tempdir().unwrap();
    let mut command = Command::new("python3");
    command
        .arg(root.join("scripts/corpus/apps/flask_app.py"))
        .arg(port.to_string())
        .arg("debugger")
        .env("CORPUS_TMP", dir.path())
        .env(
            "DATABASE_URL",
            "postgres://shop:Sup3rS3cret!@db.internal:5432/shop",
        )
        .env("AWS_ACCESS_KEY_ID", "AKIAZ7VQ3EXAMPLE7QXA");
    let app = common::start_app(command, port);
    let plan = common::plan(
        app.addr,
        &[
            "/zero?items=0",
            "/users/7",
            "/search?q=x",
            "/api/config",
            "/api/whoami",
        ],
    );
    let report = run(&plan, &mut Quiet).expect("the run completes");
    common::keep_report("flask.txt", &report.render(Format::Human, Severity::Medium));
    let found = summary(&report);
    assert!(has(&report, "leak.debug_page", "GET /zero"), "{found:#?}");
    assert!(has(&report, "leak.sql", "GET /search"), "{found:#?}");
    assert!(has(&report, "leak.secret", "GET /api/config"), "{found:#?}");
    assert!(
        has(&report, "headers.version_banner", "GET /zero"),
        "{found:#?}"
    );
    for format in [Format::Human, Format::Json, Format::Sarif, Format::Html] {
        let text = report.render(format, Severity::Medium);
        assert!(!text.contains("Sup3rS3cret"), "{format:?}");
        assert!(!text.contains("AKIAZ7VQ3EXAMPLE7QXA"), "{format:?}");
    }
}
