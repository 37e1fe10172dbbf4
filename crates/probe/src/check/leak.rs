//! Leaks: the detector on the headers and the body of every answer.

use super::Checker;
use crate::finding::{Check, Finding, Findings, Scope};
use crate::schedule::Exchange;
use tightlip_detect::Category;

/// Runs the detector on `exchange`'s answer. Banners in headers are left to the header
/// checks, which look at errors only.
pub fn check(checker: &Checker, exchange: &Exchange, findings: &mut Findings) {
    let Some(response) = exchange.response() else {
        return;
    };
    for found in checker.detector.scan_headers(&response.headers) {
        if found.category == Category::Banner {
            continue;
        }
        let name = found.header.clone().unwrap_or_default();
        let value = response
            .headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(&name))
            .map_or(&[][..], |(_, v)| v.as_slice());
        let finding = Finding::new(
            Check::Leak(found.category),
            &exchange.request,
            Some(response.status),
            format!("{} in header {name} ({})", found.category, found.rule),
            checker.header_evidence(&name, value),
        )
        .with_severity(found.severity);
        let detail = format!("{}:{name}:{}", found.rule, finding.evidence);
        findings.add(finding, Scope::Api, &detail);
    }
    for found in checker.detector.scan_body(&response.body) {
        let finding = Finding::new(
            Check::Leak(found.category),
            &exchange.request,
            Some(response.status),
            format!("{} in the body ({})", found.category, found.rule),
            checker.evidence(&response.body, found.span.clone()),
        )
        .with_severity(found.severity);
        let detail = format!("{}:{}", found.rule, finding.evidence);
        findings.add(finding, Scope::Api, &detail);
    }
}
