//! Login enumeration: paired attempts for an existing and an unknown account, compared
//! by status, bytes and timing.
//!
//! Attempts alternate (known, unknown, known, ...) so that drift on a noisy machine hits
//! both samples alike. Status and bytes are distinguishable when no answer of one side
//! looks like any answer of the other (with the user name, digits and hex runs masked,
//! so request IDs, UUIDs and timestamps do not count); timing is distinguishable when the
//! Mann-Whitney U test rejects equality at p < 0.001 with a rank-biserial effect of at
//! least 0.5 in absolute value.

use crate::finding::{Check, Finding, Findings, Scope};
use crate::request::CraftedRequest;
use crate::schedule::{Exchange, Scheduler};
use crate::stats::{self, MannWhitney};
use std::collections::BTreeSet;
use std::fmt::Write as _;

/// The login to test.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Login {
    /// The method, usually POST.
    pub method: String,
    /// The path, under the target's base path.
    pub path: String,
    /// An account that exists.
    pub known_user: String,
    /// The JSON member for the account name.
    pub user_field: String,
    /// The JSON member for the password.
    pub password_field: String,
    /// Attempts per side.
    pub samples: usize,
}

impl Login {
    /// Parses `METHOD:/path` (the method defaults to POST).
    pub fn parse(spec: &str, known_user: &str) -> Option<Self> {
        let (method, path) = match spec.split_once(':') {
            Some((method, path)) if path.starts_with('/') => (method.to_ascii_uppercase(), path),
            _ if spec.starts_with('/') => ("POST".to_owned(), spec),
            _ => return None,
        };
        if method.is_empty() || !method.bytes().all(|b| b.is_ascii_alphabetic()) {
            return None;
        }
        Some(Self {
            method,
            path: path.to_owned(),
            known_user: known_user.to_owned(),
            user_field: "username".to_owned(),
            password_field: "password".to_owned(),
            samples: 30,
        })
    }
}

/// What the comparison showed.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Comparison {
    /// Statuses never overlap between the two sides.
    pub by_status: bool,
    /// Normalised bodies never overlap between the two sides.
    pub by_bytes: bool,
    /// The timing test.
    pub timing: Option<MannWhitney>,
    /// Median response times in milliseconds (known, unknown).
    pub median_ms: (f64, f64),
    /// Statuses seen (known, unknown).
    pub statuses: (Vec<u16>, Vec<u16>),
}

impl Comparison {
    /// Whether the timing test found a difference.
    pub fn by_timing(&self) -> bool {
        self.timing
            .is_some_and(|t| t.p_value < 0.001 && t.effect.abs() >= 0.5)
    }
}

/// Sends the paired attempts and adds a finding if the accounts can be told apart.
/// Returns the comparison, or `None` when too few attempts got answers.
pub fn probe(
    login: &Login,
    base: &str,
    canary: &str,
    headers: &[(String, String)],
    scheduler: &mut Scheduler<'_>,
    findings: &mut Findings,
) -> Option<Comparison> {
    let endpoint = format!("{} {}", login.method, login.path);
    let attempt = |user: &str, index: usize| {
        let body = serde_json::json!({
            login.user_field.as_str(): user,
            login.password_field.as_str(): format!("{canary}-wrong-{index}"),
        });
        let mut request = CraftedRequest::new(
            "login_enumeration",
            &endpoint,
            &login.method,
            format!("{base}{}", login.path),
        )
        .header("Content-Type", "application/json")
        .header("Accept", "application/json")
        .body(body.to_string());
        request.headers.extend(headers.iter().cloned());
        request.client_mistake = false;
        request
    };
    scheduler.observer().planned(login.samples * 2);
    let mut known = Vec::new();
    let mut unknown = Vec::new();
    for index in 0..login.samples {
        let stranger = format!("{canary}-nobody-{index}");
        known.extend(
            scheduler
                .send(attempt(&login.known_user, index))
                .map(|e| (e, login.known_user.clone())),
        );
        unknown.extend(
            scheduler
                .send(attempt(&stranger, index))
                .map(|e| (e, stranger)),
        );
    }
    let comparison = compare(&known, &unknown)?;
    let mut signals = Vec::new();
    if comparison.by_status {
        signals.push(format!(
            "status {:?} vs {:?}",
            comparison.statuses.0, comparison.statuses.1
        ));
    }
    if comparison.by_bytes {
        signals.push("the bodies differ".to_owned());
    }
    if comparison.by_timing() {
        signals.push("timing".to_owned());
    }
    if !signals.is_empty() {
        let example = &known.first()?.0;
        let mut evidence = format!(
            "known user `{}` vs unknown users: {}; median {:.1} ms vs {:.1} ms",
            login.known_user,
            signals.join(", "),
            comparison.median_ms.0,
            comparison.median_ms.1
        );
        if let Some(t) = comparison.timing {
            let _ = write!(
                evidence,
                "; Mann-Whitney U = {:.1}, p = {:.2e}, rank-biserial r = {:.2} (n = {} + {})",
                t.u, t.p_value, t.effect, t.n.0, t.n.1
            );
        }
        let finding = Finding::new(
            Check::LoginEnumeration,
            &example.request,
            example.response().map(|r| r.status),
            format!(
                "existing accounts can be told apart by {}",
                signals.join(", ")
            ),
            evidence,
        );
        findings.add(finding, Scope::Endpoint, "");
    }
    Some(comparison)
}

/// Compares the answered attempts of both sides.
fn compare(known: &[(Exchange, String)], unknown: &[(Exchange, String)]) -> Option<Comparison> {
    let answered = |side: &[(Exchange, String)]| -> Vec<(u16, String, f64)> {
        side.iter()
            .filter_map(|(exchange, user)| {
                exchange.response().map(|r| {
                    let body = String::from_utf8_lossy(&r.body).replace(user.as_str(), "{user}");
                    (r.status, normalise(&body), r.elapsed.as_secs_f64() * 1000.0)
                })
            })
            .collect()
    };
    let (a, b) = (answered(known), answered(unknown));
    if a.len() < 8 || b.len() < 8 {
        return None;
    }
    let statuses = |side: &[(u16, String, f64)]| side.iter().map(|s| s.0).collect::<BTreeSet<_>>();
    let bodies =
        |side: &[(u16, String, f64)]| side.iter().map(|s| s.1.clone()).collect::<BTreeSet<_>>();
    let times = |side: &[(u16, String, f64)]| side.iter().map(|s| s.2).collect::<Vec<_>>();
    let (status_a, status_b) = (statuses(&a), statuses(&b));
    let (time_a, time_b) = (times(&a), times(&b));
    Some(Comparison {
        by_status: status_a.is_disjoint(&status_b),
        by_bytes: bodies(&a).is_disjoint(&bodies(&b)),
        timing: stats::mann_whitney(&time_a, &time_b),
        median_ms: (stats::median(&time_a), stats::median(&time_b)),
        statuses: (
            status_a.into_iter().collect(),
            status_b.into_iter().collect(),
        ),
    })
}

/// Masks what varies per request (digits, hex runs) so only the wording compares.
fn normalise(body: &str) -> String {
    let mut out = String::with_capacity(body.len());
    let mut run = String::new();
    let flush = |run: &mut String, out: &mut String| {
        if run.len() >= 4 && run.bytes().all(|b| b.is_ascii_hexdigit()) {
            out.push('#');
        } else {
            out.push_str(run);
        }
        run.clear();
    };
    for c in body.chars() {
        if c.is_ascii_alphanumeric() {
            run.push(if c.is_ascii_digit() { '0' } else { c });
        } else {
            flush(&mut run, &mut out);
            out.push(c);
        }
    }
    flush(&mut run, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn login_spec_parses() {
        let login = Login::parse("post:/login", "admin").unwrap();
        assert_eq!(
            (login.method.as_str(), login.path.as_str()),
            ("POST", "/login")
        );
        assert_eq!(Login::parse("/session", "a").unwrap().method, "POST");
        assert!(Login::parse("login", "a").is_none());
        assert!(Login::parse("P0ST:/x", "a").is_none());
    }

    #[test]
    fn request_ids_do_not_make_bodies_differ() {
        let a = normalise(
            r#"{"error":"denied","request_id":"7f3c9a1e2b4d4e6f","at":"2026-12-02T18:00:01Z"}"#,
        );
        let b = normalise(
            r#"{"error":"denied","request_id":"00aa11bb22cc33dd","at":"2026-12-02T18:09:59Z"}"#,
        );
        assert_eq!(a, b);
        let uuid_a = normalise("3f1e2d4c-5b6a-4798-9a0b-1c2d3e4f5a6b");
        assert_eq!(uuid_a, normalise("00aa11bb-cd12-4e6f-8a7b-0c1d2e3f4a5b"));
        assert_ne!(
            normalise(r#"{"error":"no such user"}"#),
            normalise(r#"{"error":"wrong password"}"#)
        );
    }
}
