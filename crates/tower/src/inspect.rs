//! Reading a hand-built error response the way the gateway reads an upstream one:
//! bounded buffering, bounded decoding, then the detector over headers and body.

use crate::failure::BoxError;
use crate::service::Shared;
use bytes::Bytes;
use http::HeaderMap;
use http::header;
use http_body::Body;
use http_body_util::{BodyExt, Limited};
use tightlip_detect::{Finding, decode_body};

/// An error response as the layer saw it.
pub(crate) struct Inspection {
    /// The body as the service wrote it (still encoded); empty if it could not be read.
    pub raw: Bytes,
    /// The decoded body the detector ran on.
    pub decoded: Vec<u8>,
    /// The response headers as name/value pairs.
    pub header_pairs: Vec<(String, Vec<u8>)>,
    /// Everything the detector found, in headers and body.
    pub findings: Vec<Finding>,
    /// Why the body could not be inspected, if it could not.
    pub suspect_reason: Option<&'static str>,
}

/// Buffers (bounded), decodes (bounded) and scans an error response.
pub(crate) async fn inspect<B>(shared: &Shared, headers: &HeaderMap, body: B) -> Inspection
where
    B: Body<Data = Bytes>,
    B::Error: Into<BoxError>,
{
    // Too large or cut off means suspect: it is replaced, never passed on unread.
    let (raw, suspect_reason) = match Limited::new(body, shared.limits.error_body).collect().await {
        Ok(collected) => (collected.to_bytes(), None),
        Err(error) if error.is::<http_body_util::LengthLimitError>() => {
            (Bytes::new(), Some("body_over_limit"))
        }
        Err(_) => (Bytes::new(), Some("body_error")),
    };
    let encoding = headers
        .get(header::CONTENT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .map(str::to_ascii_lowercase);
    let (decoded, suspect_reason) =
        match decode_body(encoding.as_deref(), &raw, shared.limits.decoded_body) {
            Ok(decoded) => (decoded, suspect_reason),
            Err(_) => (Vec::new(), suspect_reason.or(Some("undecodable_body"))),
        };
    let header_pairs: Vec<(String, Vec<u8>)> = headers
        .iter()
        .map(|(name, value)| (name.as_str().to_owned(), value.as_bytes().to_vec()))
        .collect();
    let mut findings = shared.detector.scan_headers(&header_pairs);
    findings.extend(shared.detector.scan_body(&decoded));
    Inspection {
        raw,
        decoded,
        header_pairs,
        findings,
        suspect_reason,
    }
}
