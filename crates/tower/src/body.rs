//! The body types the layer works with: it answers in the inner service's own body type,
//! so a success passes through untouched (no wrapper, no box) and an error is that body
//! made from the problem's bytes.

use bytes::Bytes;
use http_body::Body;

/// A response body the layer can pass through and build errors in: axum's `Body`,
/// `http_body_util::Full<Bytes>`, `String`-like bodies that convert from [`Bytes`].
pub trait ErrorBody: Body<Data = Bytes> + From<Bytes> + Send + 'static {}

impl<B> ErrorBody for B where B: Body<Data = Bytes> + From<Bytes> + Send + 'static {}

#[cfg(test)]
mod tests {
    use super::*;
    use http_body_util::{BodyExt, Full};

    fn problem_body<B: ErrorBody>(bytes: &'static [u8]) -> B {
        B::from(Bytes::from_static(bytes))
    }

    #[tokio::test]
    async fn error_bodies_yield_their_bytes() {
        let body: Full<Bytes> = problem_body(b"abc");
        assert_eq!(body.size_hint().exact(), Some(3));
        assert_eq!(&body.collect().await.unwrap().to_bytes()[..], b"abc");
        let axum_body: axum::body::Body = problem_body(b"{}");
        assert_eq!(&axum_body.collect().await.unwrap().to_bytes()[..], b"{}");
    }
}
