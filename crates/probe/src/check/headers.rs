//! Headers on errors: `Cache-Control: no-store`, `nosniff`, no banners.

use super::Checker;
use crate::finding::{Check, Finding, Findings, Scope};
use crate::schedule::Exchange;
use tightlip_detect::Category;

/// The header checks, on answers with status 400 and above.
pub fn check(checker: &Checker, exchange: &Exchange, findings: &mut Findings) {
    let Some(response) = exchange.response().filter(|r| r.status >= 400) else {
        return;
    };
    let request = &exchange.request;
    let status = Some(response.status);
    let no_store = response.header("cache-control").is_some_and(|v| {
        v.split(',')
            .any(|d| d.trim().eq_ignore_ascii_case("no-store"))
    });
    if !no_store {
        let shown = response.header("cache-control").map_or_else(
            || "no Cache-Control header".to_owned(),
            |v| checker.clean(&format!("Cache-Control: {v}")),
        );
        let finding = Finding::new(
            Check::NoStore,
            request,
            status,
            format!("{} without Cache-Control: no-store", response.status),
            shown,
        );
        findings.add(finding, Scope::Api, "");
    }
    let nosniff = response
        .header("x-content-type-options")
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("nosniff"));
    if !nosniff {
        let finding = Finding::new(
            Check::NoSniff,
            request,
            status,
            format!(
                "{} without X-Content-Type-Options: nosniff",
                response.status
            ),
            "no X-Content-Type-Options: nosniff",
        );
        findings.add(finding, Scope::Api, "");
    }
    if let Some((_, value)) = response
        .headers
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case("x-powered-by"))
    {
        let finding = Finding::new(
            Check::PoweredBy,
            request,
            status,
            format!("{} carries X-Powered-By", response.status),
            checker.header_evidence("X-Powered-By", value),
        );
        findings.add(finding, Scope::Api, &String::from_utf8_lossy(value));
    }
    for found in checker.detector.scan_headers(&response.headers) {
        let Some(name) = found.header.as_deref() else {
            continue;
        };
        if found.category != Category::Banner || name.eq_ignore_ascii_case("x-powered-by") {
            continue;
        }
        let value = response
            .headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map_or(&[][..], |(_, v)| v.as_slice());
        let finding = Finding::new(
            Check::VersionBanner,
            request,
            status,
            format!("{} names its software in {name}", response.status),
            checker.header_evidence(name, value),
        )
        .with_severity(found.severity);
        findings.add(
            finding,
            Scope::Api,
            &format!("{name}:{}", String::from_utf8_lossy(value)).to_ascii_lowercase(),
        );
    }
}
