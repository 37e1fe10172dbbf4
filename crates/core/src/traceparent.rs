//! W3C Trace Context `traceparent`, so a trace ID can travel with the request ID.

use std::fmt;
use std::str::FromStr;

/// A parsed `traceparent` header (version 00).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TraceParent {
    /// 16-byte trace ID, never all zero.
    pub trace_id: [u8; 16],
    /// 8-byte parent span ID, never all zero.
    pub parent_id: [u8; 8],
    /// Trace flags; bit 0 is "sampled".
    pub flags: u8,
}

/// The header is not a valid `traceparent`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid traceparent; expected 00-<32 hex>-<16 hex>-<2 hex>, lowercase, ids not all zero")]
pub struct InvalidTraceParent;

impl TraceParent {
    /// The header value (55 ASCII bytes), without allocating: it is set on every request.
    pub fn encode(&self) -> [u8; TRACEPARENT_LEN] {
        let mut out = [b'-'; TRACEPARENT_LEN];
        out[..2].copy_from_slice(b"00");
        write_hex(&self.trace_id, &mut out[3..35]);
        write_hex(&self.parent_id, &mut out[36..52]);
        write_hex(&[self.flags], &mut out[53..55]);
        out
    }

    /// Parses a header value as the W3C Trace Context spec requires.
    ///
    /// Future versions are accepted by their first four fields, as the spec asks.
    pub fn parse(value: &str) -> Result<Self, InvalidTraceParent> {
        let value = value.trim_matches([' ', '\t']);
        let mut parts = value.split('-');
        let (Some(version), Some(trace), Some(parent), Some(flags)) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(InvalidTraceParent);
        };
        let version = hex_bytes::<1>(version)?[0];
        let extra = parts.next();
        if version == 0xff || (version == 0 && extra.is_some()) {
            return Err(InvalidTraceParent);
        }
        let parsed = Self {
            trace_id: hex_bytes(trace)?,
            parent_id: hex_bytes(parent)?,
            flags: hex_bytes::<1>(flags)?[0],
        };
        if parsed.trace_id == [0; 16] || parsed.parent_id == [0; 8] {
            return Err(InvalidTraceParent);
        }
        Ok(parsed)
    }

    /// Whether the caller sampled this trace.
    pub fn sampled(self) -> bool {
        self.flags & 1 == 1
    }

    /// The trace ID as 32 lowercase hex digits.
    pub fn trace_id_hex(self) -> String {
        hex(&self.trace_id)
    }
}

fn hex_bytes<const N: usize>(text: &str) -> Result<[u8; N], InvalidTraceParent> {
    let digits = text.as_bytes();
    if digits.len() != 2 * N {
        return Err(InvalidTraceParent);
    }
    let nibble = |digit: u8| match digit {
        b'0'..=b'9' => Ok(digit - b'0'),
        b'a'..=b'f' => Ok(digit - b'a' + 10),
        _ => Err(InvalidTraceParent),
    };
    let mut bytes = [0; N];
    for (byte, pair) in bytes.iter_mut().zip(digits.chunks_exact(2)) {
        *byte = nibble(pair[0])? << 4 | nibble(pair[1])?;
    }
    Ok(bytes)
}

/// Length of a version-00 `traceparent` value: `00-` 32 hex `-` 16 hex `-` 2 hex.
const TRACEPARENT_LEN: usize = 55;

fn hex(bytes: &[u8]) -> String {
    let mut out = vec![0; 2 * bytes.len()];
    write_hex(bytes, &mut out);
    String::from_utf8(out).expect("hex digits are ASCII")
}

/// Writes `bytes` as lowercase hex into `out` (twice as long).
fn write_hex(bytes: &[u8], out: &mut [u8]) {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    for (byte, pair) in bytes.iter().zip(out.chunks_exact_mut(2)) {
        pair[0] = DIGITS[usize::from(byte >> 4)];
        pair[1] = DIGITS[usize::from(byte & 0x0f)];
    }
}

impl fmt::Display for TraceParent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let encoded = self.encode();
        f.write_str(std::str::from_utf8(&encoded).expect("hex digits are ASCII"))
    }
}

impl FromStr for TraceParent {
    type Err = InvalidTraceParent;

    fn from_str(value: &str) -> Result<Self, Self::Err> {
        Self::parse(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const SPEC_EXAMPLE: &str = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    #[test]
    fn encode_writes_the_spec_example() {
        let parsed = TraceParent::parse(SPEC_EXAMPLE).unwrap();
        assert_eq!(&parsed.encode(), SPEC_EXAMPLE.as_bytes());
        assert_eq!(parsed.to_string(), SPEC_EXAMPLE);
    }

    #[test]
    fn parses_and_formats_the_spec_example() {
        let parent = TraceParent::parse(SPEC_EXAMPLE).unwrap();
        assert!(parent.sampled());
        assert_eq!(parent.trace_id_hex(), "4bf92f3577b34da6a3ce929d0e0e4736");
        assert_eq!(parent.to_string(), SPEC_EXAMPLE);
    }

    #[test]
    fn rejects_what_the_spec_rejects() {
        for bad in [
            "",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7",
            "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",
            "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",
            "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra",
            "00-4bf92f3577b34da6a3ce929d0e0e473-600f067aa0ba902b7-01",
        ] {
            assert_eq!(TraceParent::parse(bad), Err(InvalidTraceParent), "{bad}");
        }
    }

    #[test]
    fn future_versions_keep_their_first_fields() {
        let future = "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00-more";
        let parent = TraceParent::parse(future).unwrap();
        assert!(!parent.sampled());
    }

    proptest! {
        #[test]
        fn round_trips(trace in any::<[u8; 16]>(), span in any::<[u8; 8]>(), flags: u8) {
            prop_assume!(trace != [0; 16] && span != [0; 8]);
            let parent = TraceParent { trace_id: trace, parent_id: span, flags };
            prop_assert_eq!(TraceParent::parse(&parent.to_string()), Ok(parent));
        }

        #[test]
        fn never_panics(text in ".{0,80}") {
            let _ = TraceParent::parse(&text);
        }
    }
}
