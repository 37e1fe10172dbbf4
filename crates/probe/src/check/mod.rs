//! The checks run on every answer, and those that compare answers across the API.

mod headers;
mod leak;
mod reflection;
mod shape;
mod status;

use crate::finding::Findings;
use crate::schedule::Exchange;
use tightlip_detect::{Detector, Redactor};

/// Bytes of context shown on each side of a match in evidence.
const CONTEXT: usize = 60;
/// The most characters of evidence kept.
const MAX_EVIDENCE: usize = 400;

/// The exchanges of one endpoint, the baseline first.
#[derive(Debug, Clone)]
pub struct EndpointRun {
    /// What was sent to it and what came back.
    pub exchanges: Vec<Exchange>,
}

/// Runs the checks; holds what they share.
#[derive(Debug)]
pub struct Checker {
    detector: Detector,
    redactor: Redactor,
    canary: String,
}

impl Checker {
    /// A checker for a run whose canary is `canary`.
    pub fn new(detector: Detector, canary: &str) -> Self {
        Self {
            detector,
            redactor: Redactor::new(),
            canary: canary.to_owned(),
        }
    }

    /// Every check on every exchange, then the checks across endpoints.
    pub fn check(&self, runs: &[EndpointRun], findings: &mut Findings) {
        for run in runs {
            let baseline = run.exchanges.first().and_then(Exchange::response);
            for exchange in &run.exchanges {
                leak::check(self, exchange, findings);
                reflection::check(self, exchange, findings);
                status::check(self, exchange, baseline, findings);
                headers::check(self, exchange, findings);
                shape::check_one(self, exchange, findings);
            }
            status::check_existence(run, findings);
        }
        shape::check_clusters(self, runs, findings);
    }

    /// `text` cut around `span`, secrets redacted, control characters escaped.
    ///
    /// The whole text is redacted before it is cut, so that a window edge never splits a
    /// secret from the context (`postgres://`, `"password":`) that the redactor needs.
    fn evidence(&self, text: &[u8], span: std::ops::Range<usize>) -> String {
        let end = span.end.min(text.len());
        let start = span.start.min(end);
        let redacted = self.redactor.redact(&String::from_utf8_lossy(text));
        let before = self
            .redactor
            .redact(&String::from_utf8_lossy(&text[..start]))
            .len();
        let matched = self
            .redactor
            .redact(&String::from_utf8_lossy(&text[start..end]))
            .len();
        let from = floor_boundary(&redacted, before.saturating_sub(CONTEXT));
        let to = floor_boundary(&redacted, (before + matched + CONTEXT).min(redacted.len()));
        let mut shown = String::new();
        if from > 0 {
            shown.push('…');
        }
        shown.push_str(&redacted[from..to.max(from)]);
        if to < redacted.len() {
            shown.push('…');
        }
        self.clean(&shown)
    }

    /// `text` redacted, control characters escaped, bounded in length.
    fn clean(&self, text: &str) -> String {
        let redacted = self.redactor.redact(text);
        let mut out: String = redacted
            .chars()
            .flat_map(|c| match c {
                '\n' => vec!['\\', 'n'],
                '\r' => vec!['\\', 'r'],
                '\t' => vec!['\\', 't'],
                c if c.is_control() => vec!['?'],
                c => vec![c],
            })
            .take(MAX_EVIDENCE)
            .collect();
        if redacted.chars().count() > MAX_EVIDENCE {
            out.push('…');
        }
        out
    }

    /// The start of a body as evidence.
    fn excerpt(&self, body: &[u8]) -> String {
        if body.is_empty() {
            return "(empty body)".to_owned();
        }
        let mut shown = self.clean(&String::from_utf8_lossy(&body[..body.len().min(200)]));
        if body.len() > 200 && !shown.ends_with('…') {
            shown.push('…');
        }
        shown
    }

    /// A header as evidence, credentials masked.
    fn header_evidence(&self, name: &str, value: &[u8]) -> String {
        let value = String::from_utf8_lossy(value);
        self.clean(&format!(
            "{name}: {}",
            self.redactor.redact_header(name, &value)
        ))
    }
}

/// The largest char boundary of `text` at or below `index`.
fn floor_boundary(text: &str, index: usize) -> usize {
    let mut index = index.min(text.len());
    while !text.is_char_boundary(index) {
        index -= 1;
    }
    index
}
