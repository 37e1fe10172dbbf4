//! The report of a run, and its formats: human, JSON, SARIF 2.1.0, JUnit XML, HTML.

mod html;
mod human;
mod junit;
mod sarif;

use crate::enumeration::Comparison;
use crate::finding::Finding;
use crate::schedule::Tally;
use serde::Serialize;
use std::str::FromStr;
use tightlip_detect::Severity;

/// Everything a run found.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// `tightlip probe` and its version.
    pub tool: String,
    /// The origin probed.
    pub target: String,
    /// When the run started (RFC 3339, UTC).
    pub started_at: String,
    /// How long it took.
    pub duration_ms: u64,
    /// Endpoints probed.
    pub endpoints: usize,
    /// Requests sent and left out.
    pub requests: Tally,
    /// The findings, most severe first, ids assigned.
    pub findings: Vec<Finding>,
    /// The login comparison, when `--login` was given.
    pub enumeration: Option<Comparison>,
    /// Things the reader should know (requests left out, stops).
    pub notes: Vec<String>,
}

impl Report {
    /// Findings at `severity`.
    pub fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == severity)
            .count()
    }

    /// Findings at or above `threshold`.
    pub fn failing(&self, threshold: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity >= threshold)
            .count()
    }

    /// The report in `format`; `fail_on` marks what counts as a failure (JUnit).
    pub fn render(&self, format: Format, fail_on: Severity) -> String {
        match format {
            Format::Human => human::render(self, fail_on),
            Format::Json => serde_json::to_string_pretty(self).expect("a report serialises") + "\n",
            Format::Sarif => sarif::render(self),
            Format::Junit => junit::render(self, fail_on),
            Format::Html => html::render(self),
        }
    }
}

/// Orders findings (most severe first, then by check and endpoint) and numbers them.
pub(crate) fn number(findings: &mut [Finding]) {
    findings.sort_by(|a, b| {
        b.severity
            .cmp(&a.severity)
            .then(a.kind.cmp(&b.kind))
            .then(a.endpoint.cmp(&b.endpoint))
    });
    for (index, finding) in findings.iter_mut().enumerate() {
        finding.id = format!("TP-{:03}", index + 1);
    }
}

/// A report format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// For people at a terminal.
    Human,
    /// The report as JSON.
    Json,
    /// SARIF 2.1.0 for code-scanning dashboards.
    Sarif,
    /// JUnit XML for CI test reports.
    Junit,
    /// One self-contained HTML page.
    Html,
}

impl FromStr for Format {
    type Err = String;

    fn from_str(name: &str) -> Result<Self, Self::Err> {
        match name {
            "human" => Ok(Format::Human),
            "json" => Ok(Format::Json),
            "sarif" => Ok(Format::Sarif),
            "junit" => Ok(Format::Junit),
            "html" => Ok(Format::Html),
            other => Err(format!(
                "unknown format `{other}` (human, json, sarif, junit, html)"
            )),
        }
    }
}

/// Escapes text for XML and HTML content and attributes.
pub(crate) fn escape_markup(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // XML 1.0 forbids most control characters even as references.
            c if c.is_control() && c != '\n' && c != '\t' => out.push('?'),
            c => out.push(c),
        }
    }
    out
}
