//! The report formats of a real run against the demo backend: SARIF valid against the
//! official 2.1.0 schema, JUnit well-formed with one failure per finding at or above
//! --fail-on, HTML self-contained, JSON complete.

mod common;

use quick_xml::events::Event;
use serde_json::Value;
use tightlip_detect::Severity;
use tightlip_probe::{Format, Quiet, Report, run};

fn demo_report() -> Report {
    let runtime = common::runtime();
    let backend = common::demo_backend(&runtime);
    let mut plan = common::plan(backend, &["/api/secret", "/api/admin", "/api/missing"]);
    plan.headers.push((
        "Authorization".into(),
        "Bearer s3cr3t-t0ken-of-the-user".into(),
    ));
    run(&plan, &mut Quiet).expect("the run completes")
}

fn sarif_validator() -> jsonschema::Validator {
    let path = common::root().join("crates/probe/tests/data/sarif-schema-2.1.0.json");
    let schema: Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
    jsonschema::draft4::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the official schema compiles")
}

fn schema_errors(validator: &jsonschema::Validator, log: &Value) -> Vec<String> {
    validator
        .iter_errors(log)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

#[test]
fn every_format_of_one_run() {
    let report = demo_report();
    assert!(report.findings.len() > 5);

    // SARIF: valid against the official schema, one result per finding.
    let validator = sarif_validator();
    let sarif: Value =
        serde_json::from_str(&report.render(Format::Sarif, Severity::Medium)).unwrap();
    let errors = schema_errors(&validator, &sarif);
    assert!(errors.is_empty(), "{errors:#?}");
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), report.findings.len());
    let rules = sarif["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    for result in results {
        let index = usize::try_from(result["ruleIndex"].as_u64().unwrap()).unwrap();
        assert_eq!(rules[index]["id"], result["ruleId"]);
    }
    // The validator is not vacuous: a broken log fails it.
    let mut broken = sarif.clone();
    broken["runs"][0]["results"][0]["level"] = Value::from("fatal");
    assert!(!schema_errors(&validator, &broken).is_empty());

    // The user's credential never shows; the forged ones are masked too.
    for format in [
        Format::Human,
        Format::Json,
        Format::Sarif,
        Format::Junit,
        Format::Html,
    ] {
        let text = report.render(format, Severity::Medium);
        assert!(!text.contains("s3cr3t-t0ken-of-the-user"), "{format:?}");
    }

    // JUnit: well-formed; failures are the findings at or above --fail-on.
    let junit = report.render(Format::Junit, Severity::Medium);
    let mut reader = quick_xml::Reader::from_str(&junit);
    let (mut failures, mut skipped, mut cases) = (0, 0, 0);
    loop {
        match reader.read_event().expect("well-formed JUnit XML") {
            Event::Eof => break,
            Event::Start(e) | Event::Empty(e) => match e.name().as_ref() {
                b"failure" => failures += 1,
                b"skipped" => skipped += 1,
                b"testcase" => cases += 1,
                _ => {}
            },
            _ => {}
        }
    }
    assert_eq!(failures, report.failing(Severity::Medium));
    assert_eq!(skipped, report.count(Severity::Low));
    assert!(cases >= report.findings.len());

    // HTML: one page, nothing fetched, every finding listed, markup escaped.
    let html = report.render(Format::Html, Severity::Medium);
    assert!(html.starts_with("<!DOCTYPE html>"));
    for outside in ["<script", "<link", "src=", "href=", "url(", "@import"] {
        assert!(!html.contains(outside), "HTML refers outside: {outside}");
    }
    for finding in &report.findings {
        assert!(html.contains(&format!("id=\"{}\"", finding.id)));
    }

    // JSON: the whole report, findings with curl and evidence.
    let json: Value = serde_json::from_str(&report.render(Format::Json, Severity::Medium)).unwrap();
    assert_eq!(
        json["findings"].as_array().unwrap().len(),
        report.findings.len()
    );
    assert!(
        json["findings"][0]["curl"]
            .as_str()
            .unwrap()
            .contains("curl ")
    );
    assert!(json["requests"]["sent"].as_u64().unwrap() > 50);
}
