//! Entry points for the fuzz targets in `fuzz/`: the gateway's own reading of bytes that
//! callers and upstreams control. Hidden from the docs: not a stable API.

use crate::config::GatewayConfig;
use crate::mapping::{self, MappingRule, Observed};
use crate::{disguise, screening};
use http::header::{HeaderMap, HeaderName, HeaderValue};

/// Mapping rules of every kind (status, header regex, JSON field equal and regex, body
/// regex), so each matcher reads the fuzzed response.
const RULES: &str = r#"
upstream = "http://127.0.0.1:3000"
[[mapping]]
status = 500
json = { field = "code", equals = "E_FUNDS" }
code = "CONFLICT"
[[mapping]]
status = "5xx"
header = { name = "x-error-kind", matches = "(?i)^quota" }
code = "TOO_MANY_REQUESTS"
[[mapping]]
json = { field = "error.type", matches = "^[a-z_]+_not_found$" }
code = "NOT_FOUND"
[[mapping]]
body = "(?i)insufficient\\s+funds"
code = "CONFLICT"
"#;

/// The fixed mapping rules the response target matches against.
pub fn rules() -> Vec<MappingRule> {
    GatewayConfig::parse(RULES, "fuzz.toml")
        .expect("the fuzz rules parse")
        .mapping
}

/// Headers from `raw` as an upstream could send them; pairs `http` refuses are left out,
/// as hyper would have refused them before the gateway saw them.
fn header_map(raw: &[(&[u8], &[u8])]) -> HeaderMap {
    let mut headers = HeaderMap::new();
    for (name, value) in raw {
        if let (Ok(name), Ok(value)) =
            (HeaderName::from_bytes(name), HeaderValue::from_bytes(value))
        {
            headers.append(name, value);
        }
    }
    headers
}

/// Reads an upstream response as the gateway does: whether a 2xx is sniffed, whether its
/// body is an error in disguise, and which mapping rule's code applies.
pub fn upstream_response(
    rules: &[MappingRule],
    status: u16,
    headers: &[(&[u8], &[u8])],
    body: &[u8],
) -> (bool, Option<&'static str>, Option<String>) {
    let headers = header_map(headers);
    let sniffed = disguise::worth_sniffing(&headers, 64 * 1024);
    let disguised = disguise::disguised(body);
    let observed = Observed {
        status,
        headers: &headers,
        body,
    };
    let code = mapping::first_match(rules, &observed).map(str::to_owned);
    (sniffed, disguised, code)
}

/// Parses a raw request head with httparse and screens it as the gateway does before
/// routing; `None` when httparse itself refuses the bytes (hyper would answer 400).
pub fn request_head(raw: &[u8], header_limit: u64) -> Option<Result<(), (u16, &'static str)>> {
    let mut slots = [httparse::EMPTY_HEADER; 64];
    let mut parsed = httparse::Request::new(&mut slots);
    let httparse::Status::Complete(_) = parsed.parse(raw).ok()? else {
        return None;
    };
    let version = match parsed.version? {
        0 => http::Version::HTTP_10,
        _ => http::Version::HTTP_11,
    };
    let mut builder = http::Request::builder()
        .method(parsed.method?)
        .uri(parsed.path?)
        .version(version);
    for header in parsed.headers.iter() {
        builder = builder.header(header.name, header.value);
    }
    let request = builder.body(()).ok()?;
    Some(screening::screen(&request, header_limit))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_kind_reads_the_response() {
        let rules = rules();
        assert_eq!(rules.len(), 4);
        let json: &[(&[u8], &[u8])] = &[(b"content-type", b"application/json")];
        let funds = upstream_response(&rules, 500, json, br#"{"code":"E_FUNDS"}"#);
        assert_eq!(funds.2.as_deref(), Some("CONFLICT"));
        let quota = upstream_response(&rules, 503, &[(b"x-error-kind", b"Quota exceeded")], b"");
        assert_eq!(quota.2.as_deref(), Some("TOO_MANY_REQUESTS"));
        let missing =
            upstream_response(&rules, 200, json, br#"{"error":{"type":"user_not_found"}}"#);
        assert_eq!(
            (missing.1, missing.2.as_deref()),
            (Some("error_field"), Some("NOT_FOUND"))
        );
        // A header name `http` refuses is dropped, not a panic.
        let odd = upstream_response(
            &rules,
            500,
            &[(b"bad name", b"\x00")],
            b"Insufficient  funds",
        );
        assert_eq!(odd.2.as_deref(), Some("CONFLICT"));
    }

    #[test]
    fn request_heads_are_screened() {
        let ok = b"GET /pay HTTP/1.1\r\nHost: api.example.com\r\n\r\n";
        assert_eq!(request_head(ok, 8192), Some(Ok(())));
        let two_hosts = b"GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n";
        assert_eq!(
            request_head(two_hosts, 8192),
            Some(Err((400, "duplicate_host")))
        );
        assert_eq!(request_head(b"GET / HTTP/1.1\r\n", 8192), None);
    }
}
