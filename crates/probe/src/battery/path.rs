//! Probes of the path: traversal, odd encodings and routes that do not exist.

use super::Context;
use crate::endpoint::Endpoint;
use crate::request::CraftedRequest;

/// The `unknown_route` sibling of `endpoint`: its last segment replaced by the canary.
pub fn unknown_sibling(endpoint: &Endpoint, context: &Context<'_>) -> String {
    let path = endpoint.target(context.base);
    let path = path.split('?').next().unwrap_or("/");
    let parent = path.rsplit_once('/').map_or("", |(parent, _)| parent);
    format!("{parent}/{}", context.canary)
}

/// The path probes for `endpoint`.
pub fn requests(endpoint: &Endpoint, context: &Context<'_>) -> Vec<CraftedRequest> {
    let path = endpoint.target(context.base);
    let path = path.split('?').next().unwrap_or("/").trim_end_matches('/');
    let get = |probe, target: String| context.request(probe, endpoint, "GET", target);
    vec![
        get(
            "traversal_path",
            format!("{path}/../../../../../../etc/passwd"),
        ),
        get(
            "traversal_path",
            format!("{path}/..%2f..%2f..%2f..%2fetc%2fpasswd"),
        ),
        get(
            "traversal_path",
            format!("{path}/..;/..;/{}", context.canary),
        ),
        get(
            "unicode_path",
            format!("{path}/%C0%AE%C0%AE%C0%AF{}", context.canary),
        ),
        get("unicode_path", format!("{path}/%FF%FE{}", context.canary)),
        get("unicode_path", format!("{path}/{}%00.json", context.canary)),
        get(
            "unicode_path",
            format!("{path}/\u{fc}n\u{ef}c\u{f6}d\u{e9}-{}", context.canary),
        ),
        get("unknown_route", unknown_sibling(endpoint, context)),
    ]
}
