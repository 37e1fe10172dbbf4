//! Requests the HTTP/1.1 parser itself rejects (bytes that are not HTTP, a head larger
//! than its buffer, a target too long) get the same catalog problem as every other error.
//!
//! hyper answers those with a bare head (`HTTP/1.1 400 Bad Request`, `content-length: 0`)
//! before any service runs, then closes the connection. [`Guarded`] sits between hyper
//! and the socket and swaps exactly that head, which no gateway response resembles
//! (each carries `x-request-id`), for a catalog problem with the hardened headers, and
//! records the incident. Every other write passes straight through.

use crate::record::{Exchange, Peer, base_incident};
use crate::state::State;
use std::io::IoSlice;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll, ready};
use std::time::Duration;
use tightlip_core::{error_headers, negotiate_format};
use tightlip_incident::{ErrorOrigin, IncidentKind};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

/// The parser's own answers: status line, status, incident reason.
const PARSER_ANSWERS: [(&[u8], u16, &str); 3] = [
    (b"HTTP/1.1 400 Bad Request\r\n", 400, "unparsable_request"),
    (
        b"HTTP/1.1 431 Request Header Fields Too Large\r\n",
        431,
        "header_too_large_for_parser",
    ),
    (b"HTTP/1.1 414 URI Too Long\r\n", 414, "uri_too_long"),
];

/// Which parser answer `buf` is, if it is one: a whole head, no body, no request ID.
fn parser_answer(buf: &[u8]) -> Option<(u16, &'static str)> {
    // One byte compared on every other write.
    if !buf.starts_with(b"HTTP/1.1 4") || !buf.ends_with(b"\r\n\r\n") {
        return None;
    }
    let (_, status, reason) = PARSER_ANSWERS
        .iter()
        .find(|(line, _, _)| buf.starts_with(line))?;
    let head = String::from_utf8_lossy(buf).to_ascii_lowercase();
    let bare = head.contains("\r\ncontent-length: 0\r\n") && !head.contains("\r\nx-request-id:");
    bare.then_some((*status, *reason))
}

/// A connection's transport with the parser's bare answers replaced.
pub struct Guarded<I> {
    inner: I,
    state: Arc<State>,
    peer: Peer,
    /// A replacement being written, and how much of it is out.
    pending: Option<(Vec<u8>, usize)>,
}

impl<I> Guarded<I> {
    /// Wraps the transport of one connection from `peer`.
    pub fn new(inner: I, state: Arc<State>, peer: Peer) -> Self {
        Self {
            inner,
            state,
            peer,
            pending: None,
        }
    }

    /// The catalog problem as raw HTTP/1.1 bytes, recorded as an own error.
    fn replacement(&self, status: u16, reason: &str) -> Vec<u8> {
        let state = &*self.state;
        // Nothing of the request could be read: an empty request (path `/`) stands in.
        let request = http::Request::new(());
        let exchange = Exchange::new(state, &request, self.peer);
        let problem = exchange.problem_for(state, status);
        let format = negotiate_format(None, state.catalog.format());
        let body = problem.render(format);
        let phrase = http::StatusCode::from_u16(status)
            .ok()
            .and_then(|code| code.canonical_reason())
            .unwrap_or("Error");
        let mut out = format!("HTTP/1.1 {status} {phrase}\r\n");
        for (name, value) in error_headers(format, &exchange.id) {
            out.push_str(name);
            out.push_str(": ");
            out.push_str(&value);
            out.push_str("\r\n");
        }
        out.push_str("content-length: ");
        out.push_str(&body.len().to_string());
        out.push_str("\r\nconnection: close\r\n\r\n");
        let mut bytes = out.into_bytes();
        bytes.extend_from_slice(&body);
        state.metrics.own_error();
        state.metrics.response(status, Duration::ZERO);
        let origin = ErrorOrigin::Own {
            reason: reason.to_owned(),
        };
        let incident = base_incident(
            state,
            &exchange,
            IncidentKind::GatewayError,
            origin,
            status,
            problem.code.clone(),
        );
        state.recorder.record(incident);
        bytes
    }
}

impl<I: AsyncRead + Unpin> AsyncRead for Guarded<I> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_read(cx, buf)
    }
}

impl<I: AsyncWrite + Unpin> Guarded<I> {
    /// Writes the pending replacement; reports `consumed` bytes of hyper's buffer once
    /// the whole replacement is out.
    fn drain(&mut self, cx: &mut Context<'_>, consumed: usize) -> Poll<std::io::Result<usize>> {
        let Some((bytes, written)) = &mut self.pending else {
            return Poll::Ready(Ok(consumed));
        };
        while *written < bytes.len() {
            let n = ready!(Pin::new(&mut self.inner).poll_write(cx, &bytes[*written..]))?;
            if n == 0 {
                return Poll::Ready(Err(std::io::ErrorKind::WriteZero.into()));
            }
            *written += n;
        }
        self.pending = None;
        Poll::Ready(Ok(consumed))
    }

    fn start(&mut self, buf: &[u8]) -> bool {
        if self.pending.is_none() {
            let Some((status, reason)) = parser_answer(buf) else {
                return false;
            };
            self.pending = Some((self.replacement(status, reason), 0));
        }
        true
    }
}

impl<I: AsyncWrite + Unpin> AsyncWrite for Guarded<I> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        if self.start(buf) {
            return self.drain(cx, buf.len());
        }
        Pin::new(&mut self.inner).poll_write(cx, buf)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[IoSlice<'_>],
    ) -> Poll<std::io::Result<usize>> {
        let mut filled = bufs.iter().filter(|b| !b.is_empty());
        if let (Some(only), None) = (filled.next(), filled.next()) {
            if self.start(only) {
                return self.drain(cx, only.len());
            }
        }
        Pin::new(&mut self.inner).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_parsers_bare_heads_are_recognised() {
        let bare = b"HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\ndate: Wed, 02 Dec 2026 19:00:00 GMT\r\n\r\n";
        assert_eq!(parser_answer(bare), Some((400, "unparsable_request")));
        let large = b"HTTP/1.1 431 Request Header Fields Too Large\r\ncontent-length: 0\r\n\r\n";
        assert_eq!(parser_answer(large).map(|a| a.0), Some(431));
        let ours = b"HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\nx-request-id: abc\r\n\r\n";
        assert_eq!(
            parser_answer(ours),
            None,
            "a gateway response carries its ID"
        );
        let with_body = b"HTTP/1.1 400 Bad Request\r\ncontent-length: 2\r\n\r\n{}";
        assert_eq!(parser_answer(with_body), None);
        assert_eq!(parser_answer(b"HTTP/1.1 200 OK\r\n\r\n"), None);
        assert_eq!(parser_answer(b"some body bytes"), None);
    }
}
