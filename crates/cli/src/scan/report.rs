//! Printing scan results for people (`line:col`, redacted excerpts) and for CI (JSON lines).

use super::input::Scan;
use serde::Serialize;
use tightlip_detect::{Finding, Redactor};

/// Longest excerpt shown, in bytes of the original.
const EXCERPT: usize = 80;

#[derive(Serialize)]
struct JsonScan<'a> {
    path: &'a str,
    leak: bool,
    findings: Vec<JsonFinding>,
}

/// One finding as `--json` prints it; a header finding names the header in `rule`
/// (`banner.header@x-powered-by`) and its offsets index into that header's value.
#[derive(Serialize)]
struct JsonFinding {
    category: &'static str,
    rule: String,
    start: usize,
    end: usize,
    evidence: String,
}

/// Prints one input's result.
pub fn print(scan: &Scan, redactor: &Redactor, json: bool) {
    if json {
        let line = JsonScan {
            path: &scan.name,
            leak: scan.leaks(),
            findings: scan
                .findings
                .iter()
                .map(|finding| JsonFinding {
                    category: finding.category.as_str(),
                    rule: match &finding.header {
                        Some(header) => format!("{}@{}", finding.rule, header.to_ascii_lowercase()),
                        None => finding.rule.clone(),
                    },
                    start: finding.span.start,
                    end: finding.span.end,
                    evidence: evidence(scan, finding, redactor),
                })
                .collect(),
        };
        println!("{}", serde_json::to_string(&line).expect("plain data"));
        return;
    }
    if !scan.leaks() {
        println!("{}: clean", scan.name);
        return;
    }
    println!("{}: LEAKS ({} finding(s))", scan.name, scan.findings.len());
    for finding in &scan.findings {
        let place = if let Some(header) = &finding.header {
            format!("header {header}")
        } else {
            let (line, column) = line_column(&scan.body, finding.span.start);
            format!("{line}:{column}")
        };
        println!(
            "  {place:<16} {:<17} {:<32} {}",
            finding.category.as_str(),
            finding.rule,
            evidence(scan, finding, redactor)
        );
    }
}

/// The matched bytes, shortened, as one line of text with secrets masked.
fn evidence(scan: &Scan, finding: &Finding, redactor: &Redactor) -> String {
    let source: &[u8] = match &finding.header {
        Some(header) => scan
            .headers
            .iter()
            .find(|(name, _)| name == header)
            .map_or(&[], |(_, value)| value),
        None => &scan.body,
    };
    let end = finding.span.end.min(source.len());
    let start = finding.span.start.min(end);
    let cut = end.min(start + EXCERPT);
    let mut text: String = String::from_utf8_lossy(&source[start..cut])
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if cut < end {
        text.push('…');
    }
    // The excerpt of a secret must not re-print it; mask what the redactor knows, and
    // whole excerpts of secret findings in any case.
    let masked = redactor.redact(&text);
    if finding.category.as_str() == "secret" && masked == text {
        format!("[REDACTED:{}]", finding.rule)
    } else {
        masked
    }
}

/// 1-based line and column (in characters) of a byte offset.
fn line_column(body: &[u8], offset: usize) -> (usize, usize) {
    let before = &body[..offset.min(body.len())];
    let line = memchr::memchr_iter(b'\n', before).count() + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let column = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count()
        + 1;
    (line, column)
}
