//! The response body of the layer: the inner service's own body on the success path, or
//! a complete problem body the layer wrote.

use bytes::Bytes;
use http_body::{Body, Frame, SizeHint};
use pin_project_lite::pin_project;
use std::pin::Pin;
use std::task::{Context, Poll};

pin_project! {
    /// A response body from [`TightlipService`](crate::TightlipService).
    ///
    /// Successful responses stream the inner body untouched (no copy, no allocation);
    /// replaced and inspected errors are one buffered chunk.
    pub struct TightlipBody<B> {
        #[pin]
        kind: Kind<B>,
    }
}

pin_project! {
    #[project = KindProj]
    enum Kind<B> {
        Inner { #[pin] body: B },
        Full { data: Option<Bytes> },
    }
}

impl<B> TightlipBody<B> {
    /// The inner service's body, passed through.
    pub(crate) fn inner(body: B) -> Self {
        Self {
            kind: Kind::Inner { body },
        }
    }

    /// A complete body; empty bytes make an empty body.
    pub(crate) fn full(data: Bytes) -> Self {
        let data = (!data.is_empty()).then_some(data);
        Self {
            kind: Kind::Full { data },
        }
    }
}

impl<B> Body for TightlipBody<B>
where
    B: Body<Data = Bytes>,
{
    type Data = Bytes;
    type Error = B::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Self::Data>, Self::Error>>> {
        match self.project().kind.project() {
            KindProj::Inner { body } => body.poll_frame(cx),
            KindProj::Full { data } => Poll::Ready(data.take().map(|data| Ok(Frame::data(data)))),
        }
    }

    fn is_end_stream(&self) -> bool {
        match &self.kind {
            Kind::Inner { body } => body.is_end_stream(),
            Kind::Full { data } => data.is_none(),
        }
    }

    fn size_hint(&self) -> SizeHint {
        match &self.kind {
            Kind::Inner { body } => body.size_hint(),
            Kind::Full { data } => {
                SizeHint::with_exact(data.as_ref().map_or(0, |data| data.len() as u64))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use http_body_util::{BodyExt, Full};

    #[tokio::test]
    async fn full_bodies_yield_their_bytes_once() {
        let body: TightlipBody<Full<Bytes>> = TightlipBody::full(Bytes::from_static(b"abc"));
        assert_eq!(body.size_hint().exact(), Some(3));
        let collected = body.collect().await.unwrap().to_bytes();
        assert_eq!(&collected[..], b"abc");
        let empty: TightlipBody<Full<Bytes>> = TightlipBody::full(Bytes::new());
        assert!(empty.is_end_stream());
    }

    #[tokio::test]
    async fn inner_bodies_pass_through() {
        let body = TightlipBody::inner(Full::new(Bytes::from_static(b"ok")));
        assert_eq!(&body.collect().await.unwrap().to_bytes()[..], b"ok");
    }
}
