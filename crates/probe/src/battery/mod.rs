//! The battery: named probes, each a few crafted requests aimed at one endpoint's error
//! paths. [`PROBES`] documents them; [`requests`] builds them.

mod auth;
mod body;
mod params;
mod path;
mod protocol;

use crate::endpoint::Endpoint;
use crate::request::CraftedRequest;

/// A named probe, for the report and the docs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Probe {
    /// Stable name, such as `malformed_json`.
    pub name: &'static str,
    /// What it sends and why.
    pub summary: &'static str,
}

/// Every probe of the battery, in the order they are sent.
pub const PROBES: &[Probe] = &[
    Probe {
        name: "baseline",
        summary: "the endpoint as specified: the reference other answers are compared with",
    },
    Probe {
        name: "malformed_json",
        summary: "a JSON body with a syntax error (trailing comma, single quotes)",
    },
    Probe {
        name: "truncated_json",
        summary: "a JSON body cut off mid-array",
    },
    Probe {
        name: "deeply_nested_json",
        summary: "a JSON body nested 10,000 arrays deep (recursion limits)",
    },
    Probe {
        name: "wrong_content_type",
        summary: "a JSON body labelled text/xml, and one labelled form-encoded",
    },
    Probe {
        name: "missing_content_type",
        summary: "a JSON body with no Content-Type",
    },
    Probe {
        name: "oversized_body",
        summary: "a 2 MiB JSON body",
    },
    Probe {
        name: "type_confusion",
        summary: "each parameter and body field as a string, a huge, negative or fractional number, null, an array and an object",
    },
    Probe {
        name: "metacharacters",
        summary: "quote and template metacharacters (' \" ` ; {{7*7}} ${7*7} <%= 7*7 %>) in parameters",
    },
    Probe {
        name: "traversal_path",
        summary: "../ sequences, raw, percent-encoded and with ..;/, under the endpoint",
    },
    Probe {
        name: "unicode_path",
        summary: "overlong UTF-8, invalid UTF-8, a NUL byte and raw non-ASCII in the path",
    },
    Probe {
        name: "unknown_route",
        summary: "a sibling path that does not exist (compared with the endpoint for 403/404)",
    },
    Probe {
        name: "invalid_method",
        summary: "an unknown method token and TRACE",
    },
    Probe {
        name: "unsupported_accept",
        summary: "Accept: application/x-unsupported, and a browser's Accept (text/html)",
    },
    Probe {
        name: "oversized_headers",
        summary: "one 64 KiB header, and 150 headers",
    },
    Probe {
        name: "http10",
        summary: "an HTTP/1.0 request without Host",
    },
    Probe {
        name: "bad_host",
        summary: "a Host naming another site, and an invalid Host",
    },
    Probe {
        name: "missing_credentials",
        summary: "the request without the credential headers given with --header",
    },
    Probe {
        name: "invalid_credentials",
        summary: "a forged bearer token, Basic credentials and session cookie",
    },
];

/// What every probe of one run shares.
#[derive(Debug, Clone)]
pub struct Context<'a> {
    /// The base path of the target URL.
    pub base: &'a str,
    /// The run's canary: a unique token that must never come back.
    pub canary: &'a str,
    /// Headers sent with every request (`--header`).
    pub headers: &'a [(String, String)],
}

impl Context<'_> {
    /// A request of `probe` to `endpoint` with the run's headers.
    fn request(
        &self,
        probe: &'static str,
        endpoint: &Endpoint,
        method: &str,
        target: String,
    ) -> CraftedRequest {
        let mut request = CraftedRequest::new(probe, &endpoint.label(), method, target);
        request.headers.push((
            "User-Agent".into(),
            concat!("tightlip-probe/", env!("CARGO_PKG_VERSION")).into(),
        ));
        request
            .headers
            .push(("Accept".into(), "application/json".into()));
        request.headers.extend(self.headers.iter().cloned());
        request
    }
}

/// Whether a header carries credentials (its value is masked in reports).
pub fn is_credential_header(name: &str) -> bool {
    [
        "authorization",
        "proxy-authorization",
        "cookie",
        "x-api-key",
        "api-key",
        "x-auth-token",
        "x-access-token",
    ]
    .iter()
    .any(|n| n.eq_ignore_ascii_case(name))
}

/// Every request of the battery for `endpoint`, the baseline first.
pub fn requests(endpoint: &Endpoint, context: &Context<'_>) -> Vec<CraftedRequest> {
    let mut baseline = context.request(
        "baseline",
        endpoint,
        &endpoint.method,
        endpoint.target(context.base),
    );
    baseline.client_mistake = false;
    if let Some(body) = &endpoint.body {
        baseline = baseline
            .header("Content-Type", "application/json")
            .body(body.to_string());
    }
    let mut all = vec![baseline];
    all.extend(body::requests(endpoint, context));
    all.extend(params::requests(endpoint, context));
    all.extend(path::requests(endpoint, context));
    all.extend(protocol::requests(endpoint, context));
    all.extend(auth::requests(endpoint, context));
    all
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_built_probe_is_documented_and_every_documented_probe_is_built() {
        let endpoint = Endpoint::from_literal("GET", "/api/orders/42?q=x");
        let headers = [("Authorization".to_owned(), "Bearer real".to_owned())];
        let context = Context {
            base: "",
            canary: "tlpcanary",
            headers: &headers,
        };
        let built = requests(&endpoint, &context);
        for request in &built {
            assert!(
                PROBES.iter().any(|p| p.name == request.probe),
                "{} is not documented",
                request.probe
            );
        }
        for probe in PROBES {
            assert!(
                built.iter().any(|r| r.probe == probe.name),
                "{} builds nothing",
                probe.name
            );
        }
        assert_eq!(built[0].probe, "baseline");
        assert!(!built[0].client_mistake);
    }
}
