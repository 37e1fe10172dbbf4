//! JUnit XML: one test suite per check, one failing test case per finding at or above
//! `--fail-on` (below it, skipped), one passing case for a check that found nothing.

use super::{Report, escape_markup};
use crate::finding::Check;
use std::fmt::Write;
use tightlip_detect::Severity;

/// Renders `report` as JUnit XML.
pub fn render(report: &Report, fail_on: Severity) -> String {
    let seconds = std::time::Duration::from_millis(report.duration_ms).as_secs_f64();
    let mut suites = String::new();
    let (mut tests, mut failures) = (0, 0);
    for check in Check::all() {
        let id = check.id();
        let found: Vec<_> = report.findings.iter().filter(|f| f.kind == check).collect();
        let failing = found.iter().filter(|f| f.severity >= fail_on).count();
        let skipped = found.len() - failing;
        let cases = found.len().max(1);
        tests += cases;
        failures += failing;
        let _ = writeln!(
            suites,
            "  <testsuite name=\"{id}\" tests=\"{cases}\" failures=\"{failing}\" errors=\"0\" skipped=\"{skipped}\">"
        );
        if found.is_empty() {
            let _ = writeln!(
                suites,
                "    <testcase classname=\"tightlip.probe.{id}\" name=\"no finding\"/>"
            );
        }
        for finding in found {
            let name = escape_markup(&format!("{} {}", finding.id, finding.endpoint));
            let message = escape_markup(&finding.title);
            let detail = escape_markup(&format!(
                "status: {}\nevidence: {}\n{}",
                finding
                    .status
                    .map_or_else(|| "none".to_owned(), |s| s.to_string()),
                finding.evidence,
                finding.curl
            ));
            let _ = writeln!(
                suites,
                "    <testcase classname=\"tightlip.probe.{id}\" name=\"{name}\">"
            );
            if finding.severity >= fail_on {
                let _ = writeln!(
                    suites,
                    "      <failure message=\"{message}\" type=\"{}\">{detail}</failure>",
                    finding.severity
                );
            } else {
                let _ = writeln!(
                    suites,
                    "      <skipped message=\"{} severity, below --fail-on {fail_on}: {message}\"/>",
                    finding.severity
                );
            }
            suites.push_str("    </testcase>\n");
        }
        suites.push_str("  </testsuite>\n");
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"tightlip probe {}\" tests=\"{tests}\" failures=\"{failures}\" errors=\"0\" time=\"{seconds:.3}\">\n{suites}</testsuites>\n",
        escape_markup(&report.target)
    )
}
