//! The human report: findings most severe first, each with its curl command.

use super::Report;
use std::fmt::Write;
use tightlip_detect::Severity;

/// Renders `report` for a terminal.
pub fn render(report: &Report, fail_on: Severity) -> String {
    let mut out = String::new();
    let tally = &report.requests;
    let _ = writeln!(
        out,
        "tightlip probe {}: {} requests to {} endpoints in {:.1} s",
        report.target,
        tally.sent,
        report.endpoints,
        std::time::Duration::from_millis(report.duration_ms).as_secs_f64()
    );
    for note in &report.notes {
        let _ = writeln!(out, "note: {note}");
    }
    out.push('\n');
    for finding in &report.findings {
        let status = finding
            .status
            .map_or_else(|| "---".to_owned(), |s| s.to_string());
        let _ = writeln!(
            out,
            "{:<6} {}  {}  {}  {}  (probe {}, seen {}x)",
            finding.severity.as_str().to_uppercase(),
            finding.id,
            finding.check,
            finding.endpoint,
            status,
            finding.probe,
            finding.occurrences
        );
        let _ = writeln!(out, "       {}", finding.title);
        if finding.endpoints.len() > 1 {
            let _ = writeln!(out, "       also on: {}", finding.endpoints[1..].join(", "));
        }
        let _ = writeln!(out, "       evidence: {}", finding.evidence);
        let _ = writeln!(out, "       {}", finding.curl);
        out.push('\n');
    }
    let _ = writeln!(
        out,
        "{} findings: {} high, {} medium, {} low; {} at or above {fail_on}",
        report.findings.len(),
        report.count(Severity::High),
        report.count(Severity::Medium),
        report.count(Severity::Low),
        report.failing(fail_on),
    );
    out
}
