//! Content-Encoding decoding with a bound on the output size, so a small
//! compressed body cannot expand into gigabytes (a "zip bomb").

use std::io::Read;

use thiserror::Error;

/// The default bound on decoded size: 16 MiB.
pub const DEFAULT_LIMIT: usize = 16 << 20;

/// Why a body could not be decoded.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum DecodeError {
    /// The encoding is not one this crate decodes.
    #[error("unsupported content-encoding `{0}`")]
    Unsupported(String),
    /// The decoded body would be larger than the limit.
    #[error("decoded body exceeds the limit of {limit} bytes")]
    TooLarge {
        /// The limit that was exceeded.
        limit: usize,
    },
    /// The bytes are not valid for the encoding.
    #[error("corrupt {encoding} body")]
    Corrupt {
        /// The encoding being decoded.
        encoding: &'static str,
        /// The decoder's error.
        #[source]
        source: std::io::Error,
    },
}

/// Decodes `body` per the `Content-Encoding` header value (`gzip`, `x-gzip`,
/// `deflate`, `br`, `identity` or a comma-separated chain of them), producing
/// at most `limit` bytes.
pub fn decode_body(
    content_encoding: Option<&str>,
    body: &[u8],
    limit: usize,
) -> Result<Vec<u8>, DecodeError> {
    let Some(header) = content_encoding else {
        return bounded_copy(body, limit);
    };
    let mut data = std::borrow::Cow::Borrowed(body);
    // Encodings are listed in the order applied, so undo them in reverse.
    for coding in header
        .split(',')
        .rev()
        .map(str::trim)
        .filter(|c| !c.is_empty())
    {
        let lower = coding.to_ascii_lowercase();
        let decoded = match lower.as_str() {
            "identity" => continue,
            "gzip" | "x-gzip" => {
                read_bounded(flate2::read::MultiGzDecoder::new(&data[..]), limit, "gzip")?
            }
            "deflate" => deflate(&data, limit)?,
            "br" => read_bounded(brotli::Decompressor::new(&data[..], 4096), limit, "br")?,
            _ => return Err(DecodeError::Unsupported(coding.to_owned())),
        };
        data = std::borrow::Cow::Owned(decoded);
    }
    bounded_copy(&data, limit)
}

fn bounded_copy(body: &[u8], limit: usize) -> Result<Vec<u8>, DecodeError> {
    if body.len() > limit {
        return Err(DecodeError::TooLarge { limit });
    }
    Ok(body.to_vec())
}

/// `deflate` is zlib-wrapped per RFC 9110, but some servers send raw deflate.
fn deflate(data: &[u8], limit: usize) -> Result<Vec<u8>, DecodeError> {
    match read_bounded(flate2::read::ZlibDecoder::new(data), limit, "deflate") {
        Err(DecodeError::Corrupt { .. }) => {
            read_bounded(flate2::read::DeflateDecoder::new(data), limit, "deflate")
        }
        other => other,
    }
}

fn read_bounded(
    reader: impl Read,
    limit: usize,
    encoding: &'static str,
) -> Result<Vec<u8>, DecodeError> {
    let mut out = Vec::new();
    let cap = u64::try_from(limit).unwrap_or(u64::MAX).saturating_add(1);
    reader
        .take(cap)
        .read_to_end(&mut out)
        .map_err(|source| DecodeError::Corrupt { encoding, source })?;
    if out.len() > limit {
        return Err(DecodeError::TooLarge { limit });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn gzip(data: &[u8]) -> Vec<u8> {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        e.write_all(data).unwrap();
        e.finish().unwrap()
    }

    fn brotli(data: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        {
            let mut w = brotli::CompressorWriter::new(&mut out, 4096, 5, 22);
            w.write_all(data).unwrap();
        }
        out
    }

    #[test]
    fn decodes_gzip_deflate_and_brotli() {
        let text = b"Traceback (most recent call last):".repeat(10);
        assert_eq!(
            decode_body(Some("gzip"), &gzip(&text), DEFAULT_LIMIT).unwrap(),
            text
        );
        assert_eq!(
            decode_body(Some("br"), &brotli(&text), DEFAULT_LIMIT).unwrap(),
            text
        );
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        z.write_all(&text).unwrap();
        assert_eq!(
            decode_body(Some("deflate"), &z.finish().unwrap(), DEFAULT_LIMIT).unwrap(),
            text
        );
        let mut raw =
            flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::default());
        raw.write_all(&text).unwrap();
        assert_eq!(
            decode_body(Some("Deflate"), &raw.finish().unwrap(), DEFAULT_LIMIT).unwrap(),
            text
        );
        assert_eq!(decode_body(None, &text, DEFAULT_LIMIT).unwrap(), text);
        assert_eq!(
            decode_body(Some("identity"), &text, DEFAULT_LIMIT).unwrap(),
            text
        );
    }

    #[test]
    fn chains_are_undone_in_reverse() {
        let text = b"hello".to_vec();
        let both = brotli(&gzip(&text));
        assert_eq!(
            decode_body(Some("gzip, br"), &both, DEFAULT_LIMIT).unwrap(),
            text
        );
    }

    #[test]
    fn bombs_hit_the_limit() {
        let bomb = gzip(&vec![0u8; 1 << 20]);
        assert!(bomb.len() < 8 << 10);
        assert!(matches!(
            decode_body(Some("gzip"), &bomb, 1000),
            Err(DecodeError::TooLarge { limit: 1000 })
        ));
        assert_eq!(
            decode_body(Some("gzip"), &bomb, 1 << 20).unwrap().len(),
            1 << 20
        );
    }

    #[test]
    fn corrupt_and_unknown() {
        assert!(matches!(
            decode_body(Some("gzip"), b"not gzip", 100),
            Err(DecodeError::Corrupt { .. })
        ));
        assert!(matches!(
            decode_body(Some("zstd"), b"x", 100),
            Err(DecodeError::Unsupported(_))
        ));
    }
}
