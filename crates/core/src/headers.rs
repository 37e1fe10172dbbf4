//! The header set every error response carries, as data both gateway and tower layer apply.

use crate::{Format, RequestId};

/// The headers of an error response in `format` for `request_id`.
///
/// `no-store` keeps error bodies out of shared caches; `nosniff` stops browsers from
/// rendering a JSON error as HTML.
pub fn error_headers(format: Format, request_id: &RequestId) -> [(&'static str, String); 4] {
    [
        ("content-type", format.content_type().to_owned()),
        ("cache-control", "no-store".to_owned()),
        ("x-content-type-options", "nosniff".to_owned()),
        ("x-request-id", request_id.as_str().to_owned()),
    ]
}

/// Response headers that announce software or versions; an error response drops them.
pub const REVEALING_HEADERS: [&str; 7] = [
    "server",
    "x-powered-by",
    "x-aspnet-version",
    "x-aspnetmvc-version",
    "x-runtime",
    "x-generator",
    "x-debug-token",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_error_gets_the_hardened_set() {
        let id = RequestId::parse_inbound("abc-123").unwrap();
        let headers = error_headers(Format::JsonApi, &id);
        assert_eq!(
            headers.map(|(name, value)| format!("{name}: {value}")),
            [
                "content-type: application/vnd.api+json",
                "cache-control: no-store",
                "x-content-type-options: nosniff",
                "x-request-id: abc-123",
            ]
        );
    }
}
