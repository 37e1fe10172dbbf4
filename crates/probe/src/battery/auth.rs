//! Probes of authentication: no credentials, and forged ones.

use super::{Context, is_credential_header};
use crate::endpoint::Endpoint;
use crate::request::CraftedRequest;
use base64::Engine as _;

/// The credential probes for `endpoint`.
pub fn requests(endpoint: &Endpoint, context: &Context<'_>) -> Vec<CraftedRequest> {
    let target = endpoint.target(context.base);
    let without_credentials = || {
        let mut request = context.request(
            "missing_credentials",
            endpoint,
            &endpoint.method,
            target.clone(),
        );
        request
            .headers
            .retain(|(name, _)| !is_credential_header(name));
        request
    };
    let canary = context.canary;
    let forged = |name: &str, value: String| {
        let mut request = without_credentials();
        request.probe = "invalid_credentials";
        request.canary_in_credential = true;
        request.header(name, value)
    };
    let basic = base64::engine::general_purpose::STANDARD.encode(format!("{canary}:{canary}"));
    let mut all = Vec::new();
    // Without credentials given there is nothing to leave out: the baseline covers it.
    if context
        .headers
        .iter()
        .any(|(name, _)| is_credential_header(name))
    {
        all.push(without_credentials());
    }
    all.push(forged(
        "Authorization",
        format!("Bearer {canary}.eyJzdWIiOiJ0bHAifQ.c2ln"),
    ));
    all.push(forged("Authorization", format!("Basic {basic}")));
    all.push(forged("Cookie", format!("session={canary}")));
    all
}
