//! Probes of the request body: syntax, framing, labelling and size.

use super::Context;
use crate::endpoint::Endpoint;
use crate::request::CraftedRequest;

/// Size of the `oversized_body` probe's body.
const OVERSIZED: usize = 2 << 20;
/// Depth of the `deeply_nested_json` probe's body.
const NESTING: usize = 10_000;

/// The body probes for `endpoint`; an endpoint that takes no body gets them as POST.
pub fn requests(endpoint: &Endpoint, context: &Context<'_>) -> Vec<CraftedRequest> {
    let method = if endpoint.takes_body() {
        endpoint.method.as_str()
    } else {
        "POST"
    };
    let target = endpoint.target(context.base);
    let canary = context.canary;
    let json = |probe, body: String| {
        context
            .request(probe, endpoint, method, target.clone())
            .header("Content-Type", "application/json")
            .body(body)
    };
    let valid = endpoint
        .body
        .as_ref()
        .map_or_else(|| format!("{{\"name\":\"{canary}\"}}"), ToString::to_string);
    vec![
        json("malformed_json", format!("{{\"name\": \"{canary}\",}}")),
        json("malformed_json", format!("{{'name': '{canary}'}}")),
        json(
            "truncated_json",
            format!("{{\"name\":\"{canary}\",\"items\":[1,2"),
        ),
        json(
            "deeply_nested_json",
            format!("{}{}", "[".repeat(NESTING), "]".repeat(NESTING)),
        ),
        context
            .request("wrong_content_type", endpoint, method, target.clone())
            .header("Content-Type", "text/xml")
            .body(valid.clone()),
        context
            .request("wrong_content_type", endpoint, method, target.clone())
            .header("Content-Type", "application/x-www-form-urlencoded")
            .body(valid.clone()),
        context
            .request("missing_content_type", endpoint, method, target.clone())
            .body(valid),
        json(
            "oversized_body",
            format!(
                "{{\"name\":\"{canary}\",\"pad\":\"{}\"}}",
                "a".repeat(OVERSIZED)
            ),
        ),
    ]
}
