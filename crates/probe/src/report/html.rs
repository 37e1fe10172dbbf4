//! One self-contained HTML page: inline style, no script, nothing fetched.

use super::{Report, escape_markup};
use std::fmt::Write;
use tightlip_detect::Severity;

const STYLE: &str = "body{font:15px/1.45 system-ui,sans-serif;margin:2em auto;max-width:70em;padding:0 1em;color:#1d1d1f}\
h1{font-size:1.4em}table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.35em .5em;border-bottom:1px solid #ddd;vertical-align:top}\
.high{color:#fff;background:#b3261e}.medium{background:#f2b705}.low{background:#d7e3f4}.sev{padding:.1em .45em;border-radius:.3em;font-weight:600;font-size:.85em}\
code,pre{font:13px/1.4 ui-monospace,monospace}pre{white-space:pre-wrap;word-break:break-all;background:#f5f5f7;padding:.5em;margin:.3em 0}";

/// Renders `report` as one HTML page.
pub fn render(report: &Report) -> String {
    let mut rows = String::new();
    for finding in &report.findings {
        let _ = writeln!(
            rows,
            "<tr id=\"{id}\"><td><span class=\"sev {sev}\">{sev}</span></td><td>{id}</td><td><code>{check}</code></td><td><code>{endpoint}</code></td><td>{status}</td>\
<td>{title} <small>(probe <code>{probe}</code>, seen {seen}&times;)</small>\
<details><summary>evidence and request</summary><pre>{evidence}</pre><pre>{curl}</pre></details></td></tr>",
            id = escape_markup(&finding.id),
            sev = finding.severity,
            check = escape_markup(&finding.check),
            endpoint = escape_markup(&finding.endpoint),
            status = finding
                .status
                .map_or_else(|| "&mdash;".to_owned(), |s| s.to_string()),
            title = escape_markup(&finding.title),
            probe = finding.probe,
            seen = finding.occurrences,
            evidence = escape_markup(&finding.evidence),
            curl = escape_markup(&finding.curl),
        );
    }
    let notes: String = report.notes.iter().fold(String::new(), |mut out, note| {
        let _ = write!(out, "<p>{}</p>", escape_markup(note));
        out
    });
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>tightlip probe: {target}</title><style>{STYLE}</style></head><body>\n\
<h1>tightlip probe: {target}</h1>\n<p>{sent} requests to {endpoints} endpoints on {started}: \
<b>{high}</b> high, <b>{medium}</b> medium, <b>{low}</b> low.</p>{notes}\n\
<table><thead><tr><th>severity</th><th>id</th><th>check</th><th>endpoint</th><th>status</th><th>finding</th></tr></thead><tbody>\n{rows}</tbody></table>\n</body></html>\n",
        target = escape_markup(&report.target),
        sent = report.requests.sent,
        endpoints = report.endpoints,
        started = escape_markup(&report.started_at),
        high = report.count(Severity::High),
        medium = report.count(Severity::Medium),
        low = report.count(Severity::Low),
    )
}
