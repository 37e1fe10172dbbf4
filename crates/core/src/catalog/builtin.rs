//! The built-in catalog: a generic, revealing-nothing entry for every error status.

/// `(status, code, title, detail, retryable)` for every 4xx/5xx status RFC 9110 defines,
/// plus 429 and 431 (RFC 6585).
#[rustfmt::skip]
pub(super) const ENTRIES: &[(u16, &str, &str, &str, bool)] = &[
    (400, "BAD_REQUEST", "Bad request", "The request could not be understood or was invalid.", false),
    (401, "UNAUTHORIZED", "Unauthorized", "Valid credentials are required to access this resource.", false),
    (402, "PAYMENT_REQUIRED", "Payment required", "Payment is required to access this resource.", false),
    (403, "FORBIDDEN", "Forbidden", "You do not have permission to perform this action.", false),
    (404, "NOT_FOUND", "Not found", "The requested resource was not found.", false),
    (405, "METHOD_NOT_ALLOWED", "Method not allowed", "This method is not supported for this resource.", false),
    (406, "NOT_ACCEPTABLE", "Not acceptable", "No acceptable representation of this resource is available.", false),
    (407, "PROXY_AUTHENTICATION_REQUIRED", "Proxy authentication required", "Authentication with the proxy is required.", false),
    (408, "REQUEST_TIMEOUT", "Request timeout", "The request took too long to arrive.", true),
    (409, "CONFLICT", "Conflict", "The request conflicts with the current state of the resource.", false),
    (410, "GONE", "Gone", "The requested resource is no longer available.", false),
    (411, "LENGTH_REQUIRED", "Length required", "The request must state its content length.", false),
    (412, "PRECONDITION_FAILED", "Precondition failed", "A precondition of the request was not met.", false),
    (413, "CONTENT_TOO_LARGE", "Content too large", "The request content is larger than allowed.", false),
    (414, "URI_TOO_LONG", "URI too long", "The request URI is longer than allowed.", false),
    (415, "UNSUPPORTED_MEDIA_TYPE", "Unsupported media type", "The request content type is not supported.", false),
    (416, "RANGE_NOT_SATISFIABLE", "Range not satisfiable", "The requested range cannot be served.", false),
    (417, "EXPECTATION_FAILED", "Expectation failed", "The expectation given in the request cannot be met.", false),
    (421, "MISDIRECTED_REQUEST", "Misdirected request", "The request was sent to a server that cannot answer it.", false),
    (422, "UNPROCESSABLE_CONTENT", "Unprocessable content", "The request content is well-formed but invalid.", false),
    (426, "UPGRADE_REQUIRED", "Upgrade required", "The request must use a different protocol.", false),
    (429, "TOO_MANY_REQUESTS", "Too many requests", "Too many requests were sent; try again later.", true),
    (431, "REQUEST_HEADER_FIELDS_TOO_LARGE", "Request header fields too large", "The request headers are larger than allowed.", false),
    (500, "INTERNAL_ERROR", "Internal error", "An unexpected error occurred.", false),
    (501, "NOT_IMPLEMENTED", "Not implemented", "This functionality is not supported.", false),
    (502, "BAD_GATEWAY", "Bad gateway", "An upstream service returned an invalid response.", true),
    (503, "SERVICE_UNAVAILABLE", "Service unavailable", "The service is temporarily unavailable; try again later.", true),
    (504, "GATEWAY_TIMEOUT", "Gateway timeout", "An upstream service did not respond in time.", true),
    (505, "HTTP_VERSION_NOT_SUPPORTED", "HTTP version not supported", "This HTTP version is not supported.", false),
];

/// Every 4xx/5xx status in the IANA HTTP status code registry.
#[rustfmt::skip]
pub const REGISTERED_ERROR_STATUSES: &[u16] = &[
    400, 401, 402, 403, 404, 405, 406, 407, 408, 409, 410, 411, 412, 413, 414, 415, 416, 417,
    421, 422, 423, 424, 425, 426, 428, 429, 431, 451, 500, 501, 502, 503, 504, 505, 506, 507,
    508, 510, 511,
];

/// The generic code for a status class when a status has no built-in entry.
pub(super) fn fallback_code(status: u16) -> &'static str {
    if (400..500).contains(&status) {
        "BAD_REQUEST"
    } else {
        "INTERNAL_ERROR"
    }
}
