//! Validation of regex matches in code, where a regex would need look-around.

use std::ops::Range;

use crate::rules::Check;

/// Whether the match at `span` in `hay` passes `check`.
pub(crate) fn passes(check: Check, hay: &[u8], span: &Range<usize>) -> bool {
    match check {
        Check::InternalIp => internal_ip(hay, span),
        Check::PathStart => path_start(hay, span.start),
        Check::HostEnd => host_end(hay, span.end),
        Check::SecretValue => secret_value(&hay[span.clone()]),
        // Card numbers are found by `card::find`, which already ran Luhn.
        Check::None | Check::Luhn => true,
    }
}

fn before(hay: &[u8], at: usize) -> Option<u8> {
    at.checked_sub(1).map(|i| hay[i])
}

fn internal_ip(hay: &[u8], span: &Range<usize>) -> bool {
    let text = &hay[span.clone()];
    if text.contains(&b':') {
        return internal_v6(hay, span, text);
    }
    let glued_before =
        before(hay, span.start).is_some_and(|b| b.is_ascii_alphanumeric() || b == b'.');
    let glued_after = hay.get(span.end).is_some_and(|&b| {
        b.is_ascii_alphanumeric()
            || (b == b'.' && hay.get(span.end + 1).is_some_and(u8::is_ascii_digit))
    });
    if glued_before || glued_after {
        return false;
    }
    match parse_v4(text) {
        Some([a, b, ..]) => {
            a == 10
                || a == 127
                || (a == 169 && b == 254)
                || (a == 172 && (16..=31).contains(&b))
                || (a == 192 && b == 168)
                // RFC 6598 shared address space: carrier-grade NAT, Tailscale.
                || (a == 100 && (64..=127).contains(&b))
        }
        None => false,
    }
}

fn parse_v4(text: &[u8]) -> Option<[u8; 4]> {
    let mut out = [0u8; 4];
    let mut parts = text.split(|&b| b == b'.');
    for slot in &mut out {
        let part = parts.next()?;
        if part.is_empty() || part.len() > 3 || !part.iter().all(u8::is_ascii_digit) {
            return None;
        }
        let v = part
            .iter()
            .fold(0u32, |acc, &d| acc * 10 + u32::from(d - b'0'));
        *slot = u8::try_from(v).ok()?;
    }
    parts.next().is_none().then_some(out)
}

fn internal_v6(hay: &[u8], span: &Range<usize>, text: &[u8]) -> bool {
    let hexish = |b: u8| b.is_ascii_hexdigit() || b == b':';
    let glued_before = before(hay, span.start)
        .is_some_and(|b| hexish(b) || b.is_ascii_alphanumeric() || b == b'.');
    let glued_after = hay
        .get(span.end)
        .is_some_and(|&b| hexish(b) || b.is_ascii_alphanumeric());
    if glued_before || glued_after {
        return false;
    }
    if text == b"::1" {
        return true;
    }
    let colons = memchr::memchr_iter(b':', text).count();
    let mut groups = text.split(|&b| b == b':');
    if !groups.all(|g| g.len() <= 4 && g.iter().all(u8::is_ascii_hexdigit)) {
        return false;
    }
    match text.windows(2).filter(|w| w == b"::").count() {
        0 => colons == 7 && !text.split(|&b| b == b':').any(<[u8]>::is_empty),
        1 => (2..=7).contains(&colons),
        _ => false,
    }
}

fn path_start(hay: &[u8], start: usize) -> bool {
    if hay[..start].ends_with(b"file://") {
        return true;
    }
    !before(hay, start).is_some_and(|b| b.is_ascii_alphanumeric() || b"_.~:/@%-".contains(&b))
}

fn host_end(hay: &[u8], end: usize) -> bool {
    match hay.get(end) {
        None => true,
        Some(b'-' | b'_') => false,
        Some(b'.') => !hay.get(end + 1).is_some_and(u8::is_ascii_alphanumeric),
        Some(&b) => !b.is_ascii_alphanumeric(),
    }
}

/// The value part of an assignment, DSN or env line.
fn value_of(text: &[u8]) -> &[u8] {
    let Some(sep) = text.iter().position(|&b| b == b'=' || b == b':') else {
        return text;
    };
    if text[sep..].starts_with(b"://") {
        // scheme://user:password@host
        let rest = &text[sep + 3..];
        let Some(colon) = rest.iter().position(|&b| b == b':') else {
            return b"";
        };
        let pass = &rest[colon + 1..];
        let at = pass.iter().rposition(|&b| b == b'@').unwrap_or(pass.len());
        return &pass[..at];
    }
    let v = text[sep + 1..].trim_ascii();
    match v {
        [q @ (b'"' | b'\''), inner @ .., last] if last == q => inner,
        _ => v,
    }
}

/// Rejects placeholders, redaction marks and prose, which are not secrets.
pub(crate) fn looks_secret(value: &[u8]) -> bool {
    let v = value.trim_ascii();
    if v.is_empty() || v.starts_with(b"[REDACTED") || v.starts_with(b"$") || v.starts_with(b"%") {
        return false;
    }
    if v.iter()
        .all(|&b| b == b'*' || b == b'x' || b == b'X' || b == b'.' || b == b'-')
    {
        return false;
    }
    let lower = v.to_ascii_lowercase();
    if matches!(
        lower.as_slice(),
        b"null"
            | b"none"
            | b"nil"
            | b"undefined"
            | b"true"
            | b"false"
            | b"redacted"
            | b"hidden"
            | b"[filtered]"
            | b"<redacted>"
    ) {
        return false;
    }
    if (v.starts_with(b"<") && v.ends_with(b">")) || v.starts_with(b"{{") || v.starts_with(b"${") {
        return false;
    }
    // "password": "must be at least 8 characters" is a validation message.
    memchr::memchr_iter(b' ', v).count() < 2
}

fn secret_value(text: &[u8]) -> bool {
    looks_secret(value_of(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> bool {
        internal_ip(s.as_bytes(), &(0..s.len()))
    }

    #[test]
    fn private_v4_ranges() {
        for ok in [
            "10.0.0.5",
            "127.0.0.1",
            "169.254.169.254",
            "172.16.0.1",
            "172.31.255.255",
            "192.168.1.10",
        ] {
            assert!(ip(ok), "{ok}");
        }
        for no in [
            "172.32.0.1",
            "10.0.0",
            "10.0.0.256",
            "8.8.8.8",
            "192.169.0.1",
        ] {
            assert!(!ip(no), "{no}");
        }
    }

    #[test]
    fn internal_v6_forms() {
        for ok in [
            "::1",
            "fe80::1",
            "fd00::1",
            "fd12:3456:789a:1::1",
            "FE80::a00:27ff:fe4e:66a1",
        ] {
            assert!(ip(ok), "{ok}");
        }
        for no in ["fd00:", "fe80", "fcab:12"] {
            assert!(!ip(no), "{no}");
        }
    }

    #[test]
    fn secret_values() {
        assert!(secret_value(b"password=hunter2"));
        assert!(secret_value(br#""password": "s3cr3t!""#));
        assert!(!secret_value(
            br#""password": "must be at least 8 characters""#
        ));
        assert!(!secret_value(br#""password": "[REDACTED:password]""#));
        assert!(!secret_value(b"password=***"));
        assert!(secret_value(b"postgres://user:pass@db"));
        assert!(!secret_value(b"postgres://user:[REDACTED:dsn_password]@db"));
        assert!(secret_value(b"DATABASE_URL=postgres://db/x"));
    }

    #[test]
    fn path_and_host_boundaries() {
        assert!(path_start(b" /home/x", 1));
        assert!(!path_start(b"https://a.com/home/x", 13));
        assert!(path_start(b"file:///app/x.js", 7));
        assert!(host_end(b"db.internal:5432", 11));
        assert!(!host_end(b"x.local.example.com", 7));
        assert!(host_end(b"x.local.", 7));
    }
}
