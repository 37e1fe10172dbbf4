//! Redaction of secrets and card numbers in text that must still be shown,
//! such as incident records.
//!
//! Secrets become `[REDACTED:<kind>]`, or `[REDACTED:<kind>:<tag>]` with a
//! hash key, where the tag is the first 8 hex digits of HMAC-SHA256 over the
//! secret so equal secrets correlate across incidents without being stored.
//! Card numbers keep their last four digits. Redaction is idempotent.

use hmac::{Hmac, Mac};
use regex_automata::meta;
use sha2::Sha256;

use crate::card;
use crate::checks::looks_secret;

/// Header names whose whole value is a credential.
const SECRET_HEADERS: &[&str] = &[
    "authorization",
    "proxy-authorization",
    "cookie",
    "set-cookie",
    "x-api-key",
    "api-key",
    "x-auth-token",
    "x-access-token",
    "x-amz-security-token",
];

/// Key names whose values are masked in JSON, dicts and `key=value` pairs.
const KEY: &str = r"[A-Za-z0-9_.-]*(?i:password|passwd|secret|secret_?key|api_?key|access_?key|private_?key|credentials?|(?:access|auth|refresh|id|api|session|bearer)_?token)";

/// What a pattern redacts and which part of its match.
struct Kind {
    name: &'static str,
    /// Replace capture group 1 rather than the whole match.
    group: bool,
    /// Skip the match unless the replaced part passes [`looks_secret`].
    check: bool,
}

const fn whole(name: &'static str) -> Kind {
    Kind {
        name,
        group: false,
        check: false,
    }
}

const fn value(name: &'static str) -> Kind {
    Kind {
        name,
        group: true,
        check: true,
    }
}

fn patterns() -> Vec<(String, Kind)> {
    vec![
        (
            r"-----BEGIN [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----(?s:.*?)-----END [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----|-----BEGIN [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----".into(),
            whole("private_key"),
        ),
        (
            r#"\b[A-Z][A-Z0-9_]*_(?:URL|DSN|KEY|SECRET|TOKEN|PASSWORD|PASS|PWD)=([^\s"'&]+)"#.into(),
            value("env"),
        ),
        (
            format!(r#""{KEY}"\s*:\s*"((?:[^"\\\n]|\\.){{1,500}})""#),
            value("password"),
        ),
        (
            format!(r"'{KEY}'\s*:\s*'((?:[^'\\\n]|\\.){{1,500}})'"),
            value("password"),
        ),
        (format!(r#"\b{KEY}\s*=\s*([^\s&"',;<>]+)"#), value("password")),
        (
            r#"(?i)\b[a-z][a-z0-9+.-]*://[^\s:/@"'<>\[\]]*:([^\s/@"'<>]+)@"#.into(),
            value("dsn_password"),
        ),
        (
            r"(?i)\bbearer\s+([A-Za-z0-9._~+/-]{8,}=*)".into(),
            value("bearer"),
        ),
        (
            r"\b(?:AKIA|ASIA|AGPA|AIDA|AROA)[0-9A-Z]{16}\b".into(),
            whole("aws_access_key"),
        ),
        (r"\bAIza[0-9A-Za-z_-]{35}".into(), whole("gcp_api_key")),
        (
            r"\beyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*".into(),
            whole("jwt"),
        ),
        (r"\b(?:sk|rk|pk)_(?:live|test)_[0-9A-Za-z]{16,}".into(), whole("stripe_key")),
        (
            r"\b(?:ghp|gho|ghu|ghs|ghr)_[0-9A-Za-z]{36}\b|\bgithub_pat_[0-9A-Za-z_]{22,}".into(),
            whole("github_token"),
        ),
        (r"\bxox[baprs]-[0-9A-Za-z-]{10,}".into(), whole("slack_token")),
        (r"\bya29\.[0-9A-Za-z_-]{20,}".into(), whole("google_oauth")),
    ]
}

/// Masks secrets and card numbers. Build once and share: `Send + Sync`.
#[derive(Debug)]
pub struct Redactor {
    regex: meta::Regex,
    kinds: Vec<(&'static str, bool, bool)>,
    hash_key: Option<Vec<u8>>,
}

impl Default for Redactor {
    fn default() -> Self {
        Self::new()
    }
}

impl Redactor {
    /// A redactor that replaces secrets with `[REDACTED:<kind>]`.
    pub fn new() -> Self {
        let (sources, kinds): (Vec<String>, Vec<Kind>) = patterns().into_iter().unzip();
        let regex = crate::rules::compile(&sources).expect("redaction patterns compile");
        Self {
            regex,
            kinds: kinds
                .into_iter()
                .map(|k| (k.name, k.group, k.check))
                .collect(),
            hash_key: None,
        }
    }

    /// A redactor that tags each secret with a keyed hash, so equal secrets
    /// can be correlated without being stored.
    pub fn with_hash_key(key: &[u8]) -> Self {
        Self {
            hash_key: Some(key.to_vec()),
            ..Self::new()
        }
    }

    fn mark(&self, kind: &str, secret: &[u8]) -> String {
        match &self.hash_key {
            None => format!("[REDACTED:{kind}]"),
            Some(key) => {
                let mut mac =
                    Hmac::<Sha256>::new_from_slice(key).expect("HMAC accepts any key length");
                mac.update(secret);
                let tag = mac.finalize().into_bytes();
                format!(
                    "[REDACTED:{kind}:{:02x}{:02x}{:02x}{:02x}]",
                    tag[0], tag[1], tag[2], tag[3]
                )
            }
        }
    }

    /// `text` with secrets replaced and card numbers masked to the last four.
    pub fn redact(&self, text: &str) -> String {
        let hay = text.as_bytes();
        let mut out = Vec::with_capacity(hay.len());
        let mut last = 0;
        for caps in self.regex.captures_iter(hay) {
            let Some(pid) = caps.pattern() else { continue };
            let (kind, group, check) = self.kinds[pid.as_usize()];
            let span = if group {
                caps.get_group(1)
            } else {
                caps.get_match().map(|m| m.span())
            };
            let Some(span) = span else { continue };
            let secret = &hay[span.range()];
            if span.start < last || secret.is_empty() || (check && !looks_secret(secret)) {
                continue;
            }
            out.extend_from_slice(&hay[last..span.start]);
            out.extend_from_slice(self.mark(kind, secret).as_bytes());
            last = span.end;
        }
        out.extend_from_slice(&hay[last..]);
        mask_cards(&mut out);
        String::from_utf8(out)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
    }

    /// A header value safe to record: credential headers are masked whole,
    /// others go through [`Redactor::redact`].
    pub fn redact_header(&self, name: &str, value: &str) -> String {
        if SECRET_HEADERS.iter().any(|h| h.eq_ignore_ascii_case(name)) {
            if value.is_empty() || value.starts_with("[REDACTED") {
                return value.to_owned();
            }
            let kind = name.to_ascii_lowercase();
            return self.mark(&kind, value.as_bytes());
        }
        self.redact(value)
    }
}

/// Replaces each card number with `**** **** **** 1234`.
fn mask_cards(buf: &mut Vec<u8>) {
    let spans = card::find(buf);
    if spans.is_empty() {
        return;
    }
    let mut out = Vec::with_capacity(buf.len());
    let mut last = 0;
    for span in spans {
        let digits: Vec<u8> = buf[span.clone()]
            .iter()
            .copied()
            .filter(u8::is_ascii_digit)
            .collect();
        out.extend_from_slice(&buf[last..span.start]);
        out.extend_from_slice(b"**** **** **** ");
        out.extend_from_slice(&digits[digits.len() - 4..]);
        last = span.end;
    }
    out.extend_from_slice(&buf[last..]);
    *buf = out;
}

#[cfg(test)]
mod tests;
