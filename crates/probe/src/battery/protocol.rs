//! Probes of the protocol: methods, negotiation, header sizes, version and Host.

use super::Context;
use crate::endpoint::Endpoint;
use crate::request::{CraftedRequest, Host, Version};

/// Size of the one large header of `oversized_headers`.
const LARGE_HEADER: usize = 64 << 10;
/// Count of headers of `oversized_headers`.
const MANY_HEADERS: usize = 150;

/// The protocol probes for `endpoint`.
pub fn requests(endpoint: &Endpoint, context: &Context<'_>) -> Vec<CraftedRequest> {
    let target = endpoint.target(context.base);
    let same = |probe| context.request(probe, endpoint, &endpoint.method, target.clone());
    let with_accept = |accept: &str| {
        let mut request = same("unsupported_accept");
        request
            .headers
            .retain(|(name, _)| !name.eq_ignore_ascii_case("accept"));
        request.header("Accept", accept)
    };
    let mut many = same("oversized_headers");
    for index in 0..MANY_HEADERS {
        many.headers
            .push((format!("X-Probe-{index}"), context.canary.to_owned()));
    }
    let mut http10 = same("http10");
    http10.version = Version::Http10;
    http10.host = Host::Omit;
    let mut foreign_host = same("bad_host");
    foreign_host.host = Host::Custom(format!("{}.invalid", context.canary));
    let mut invalid_host = same("bad_host");
    invalid_host.host = Host::Custom(format!("{}:99999/../", context.canary));
    vec![
        context.request("invalid_method", endpoint, "TLPROBE", target.clone()),
        context.request("invalid_method", endpoint, "TRACE", target.clone()),
        with_accept("application/x-unsupported"),
        with_accept("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"),
        same("oversized_headers").header("X-Probe-Pad", "a".repeat(LARGE_HEADER)),
        many,
        http10,
        foreign_host,
        invalid_host,
    ]
}
