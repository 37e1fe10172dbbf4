//! The one response body type the gateway sends: streamed upstream bytes or a buffered
//! error.

use bytes::Bytes;
use http_body_util::combinators::UnsyncBoxBody;
use http_body_util::{BodyExt, Empty, Full};

/// The error type of streamed bodies: an upstream that died mid-body.
pub type BodyError = Box<dyn std::error::Error + Send + Sync>;

/// A response body.
pub type Body = UnsyncBoxBody<Bytes, BodyError>;

/// A complete body held in memory.
pub fn full(bytes: impl Into<Bytes>) -> Body {
    Full::new(bytes.into())
        .map_err(|never| match never {})
        .boxed_unsync()
}

/// No body at all (HEAD, 204, 304).
pub fn empty() -> Body {
    Empty::new().map_err(|never| match never {}).boxed_unsync()
}
