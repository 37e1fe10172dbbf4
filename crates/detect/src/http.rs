//! Parsing of a raw HTTP/1.x response: status line, headers, and a body
//! with chunked transfer coding removed.

use thiserror::Error;

/// The most headers a response may have.
const MAX_HEADERS: usize = 128;

/// A parsed response. Headers keep their order and raw value bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedResponse {
    /// The status code, such as 500.
    pub status: u16,
    /// The reason phrase, possibly empty.
    pub reason: String,
    /// Header names and raw values, in order.
    pub headers: Vec<(String, Vec<u8>)>,
    /// The body, de-chunked but not content-decoded.
    pub body: Vec<u8>,
}

impl ParsedResponse {
    /// The first value of header `name` (ASCII case-insensitive).
    pub fn header(&self, name: &str) -> Option<&[u8]> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_slice())
    }
}

/// Why bytes are not an HTTP response.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ParseError {
    /// The status line or headers are malformed.
    #[error("malformed response head: {0}")]
    Head(String),
    /// The bytes end before the head does.
    #[error("response head is incomplete")]
    Incomplete,
    /// The chunked body is malformed or truncated.
    #[error("malformed chunked body at byte {offset}")]
    Chunked {
        /// Offset into the body where decoding failed.
        offset: usize,
    },
}

/// Parses a complete HTTP/1.x response held in memory.
pub fn parse_response(bytes: &[u8]) -> Result<ParsedResponse, ParseError> {
    let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
    let mut resp = httparse::Response::new(&mut headers);
    let head_len = match resp.parse(bytes) {
        Ok(httparse::Status::Complete(n)) => n,
        Ok(httparse::Status::Partial) => return Err(ParseError::Incomplete),
        Err(e) => return Err(ParseError::Head(e.to_string())),
    };
    let status = resp.code.ok_or(ParseError::Incomplete)?;
    // httparse takes any three digits; RFC 9110 status codes start at 100.
    if status < 100 {
        return Err(ParseError::Head(format!(
            "status code {status:03} is below 100"
        )));
    }
    let reason = resp.reason.unwrap_or_default().to_owned();
    let headers: Vec<(String, Vec<u8>)> = resp
        .headers
        .iter()
        .map(|h| (h.name.to_owned(), h.value.to_vec()))
        .collect();
    let raw = &bytes[head_len..];
    let chunked = headers.iter().any(|(n, v)| {
        n.eq_ignore_ascii_case("transfer-encoding")
            && v.split(|&b| b == b',')
                .next_back()
                .is_some_and(|last| last.trim_ascii().eq_ignore_ascii_case(b"chunked"))
    });
    let body = if chunked {
        dechunk(raw)?
    } else if let Some(len) = content_length(&headers) {
        raw[..len.min(raw.len())].to_vec()
    } else {
        raw.to_vec()
    };
    Ok(ParsedResponse {
        status,
        reason,
        headers,
        body,
    })
}

fn content_length(headers: &[(String, Vec<u8>)]) -> Option<usize> {
    let (_, v) = headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("content-length"))?;
    std::str::from_utf8(v).ok()?.trim().parse().ok()
}

/// Removes chunked transfer coding; trailers are dropped.
fn dechunk(raw: &[u8]) -> Result<Vec<u8>, ParseError> {
    let mut out = Vec::new();
    let mut pos = 0;
    loop {
        let line_end = memchr::memmem::find(&raw[pos..], b"\r\n")
            .map(|i| pos + i)
            .ok_or(ParseError::Chunked { offset: pos })?;
        let size_field = raw[pos..line_end]
            .split(|&b| b == b';')
            .next()
            .unwrap_or_default()
            .trim_ascii();
        let size = std::str::from_utf8(size_field)
            .ok()
            .filter(|s| !s.is_empty() && s.len() <= 15)
            .and_then(|s| usize::from_str_radix(s, 16).ok())
            .ok_or(ParseError::Chunked { offset: pos })?;
        let data_start = line_end + 2;
        if size == 0 {
            return Ok(out);
        }
        let data_end = data_start
            .checked_add(size)
            .filter(|&e| e <= raw.len())
            .ok_or(ParseError::Chunked { offset: data_start })?;
        out.extend_from_slice(&raw[data_start..data_end]);
        if raw.get(data_end..data_end + 2) != Some(b"\r\n".as_slice()) {
            return Err(ParseError::Chunked { offset: data_end });
        }
        pos = data_end + 2;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_content_length_response() {
        let raw = b"HTTP/1.1 500 Internal Server Error\r\nServer: nginx/1.18.0\r\nContent-Length: 5\r\n\r\nhelloEXTRA";
        let r = parse_response(raw).unwrap();
        assert_eq!(r.status, 500);
        assert_eq!(r.reason, "Internal Server Error");
        assert_eq!(r.header("server"), Some(b"nginx/1.18.0".as_slice()));
        assert_eq!(r.body, b"hello");
    }

    #[test]
    fn dechunks_with_extensions() {
        let raw = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;x=y\r\nhello\r\n6\r\n world\r\n0\r\nTrailer: x\r\n\r\n";
        assert_eq!(parse_response(raw).unwrap().body, b"hello world");
    }

    #[test]
    fn errors() {
        assert_eq!(
            parse_response(b"HTTP/1.1 200 OK\r\nX: y\r\n"),
            Err(ParseError::Incomplete)
        );
        assert!(matches!(
            parse_response(b"garbage\r\n\r\n"),
            Err(ParseError::Head(_))
        ));
        let bad = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n";
        assert!(matches!(
            parse_response(bad),
            Err(ParseError::Chunked { .. })
        ));
        let short = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nff\r\nabc";
        assert!(matches!(
            parse_response(short),
            Err(ParseError::Chunked { .. })
        ));
        let huge = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffffffff\r\n";
        assert!(matches!(
            parse_response(huge),
            Err(ParseError::Chunked { .. })
        ));
    }

    #[test]
    fn no_length_reads_to_end() {
        let r = parse_response(b"HTTP/1.0 404 Not Found\r\n\r\nnope").unwrap();
        assert_eq!((r.status, r.body.as_slice()), (404, b"nope".as_slice()));
    }

    #[test]
    fn status_codes_below_100_are_malformed_found_by_fuzzing() {
        let error = parse_response(b"\nHTTP/1.0 033\n\n").unwrap_err();
        assert_eq!(
            error.to_string(),
            "malformed response head: status code 033 is below 100"
        );
    }
}
