//! Correlation IDs and the short reference read out over the phone.

use std::fmt;
use std::str::FromStr;

/// The correlation ID of one request: the key an incident is found by.
///
/// Either generated (UUIDv4 from the OS CSPRNG) or taken from an inbound `X-Request-ID`
/// that passed [`RequestId::parse_inbound`], so it is always safe to log and echo.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RequestId(String);

/// The longest inbound ID kept; longer ones are replaced.
pub const MAX_INBOUND_LEN: usize = 64;

impl RequestId {
    /// A fresh random ID (UUIDv4, hyphenated, lowercase).
    pub fn generate() -> Self {
        Self(uuid::Uuid::new_v4().hyphenated().to_string())
    }

    /// Keeps an inbound ID only if it is 1–64 of `[A-Za-z0-9._-]`.
    ///
    /// Anything else (spaces, CR/LF, quotes, non-ASCII) could forge log lines or break
    /// headers, so the caller replaces it with [`RequestId::generate`].
    pub fn parse_inbound(raw: &str) -> Option<Self> {
        let valid = (1..=MAX_INBOUND_LEN).contains(&raw.len())
            && raw
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'));
        valid.then(|| Self(raw.to_owned()))
    }

    /// The inbound ID if valid, else a fresh one.
    pub fn from_inbound_or_generate(raw: Option<&str>) -> Self {
        raw.and_then(Self::parse_inbound)
            .unwrap_or_else(Self::generate)
    }

    /// The ID as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The human-friendly reference derived from this ID.
    ///
    /// For generated IDs it is 50 of the UUID's random bits; for inbound IDs, 50 bits of
    /// a hash of the ID. Either way it is not sequential and reveals no volume.
    pub fn short_ref(&self) -> ShortRef {
        let bits = match uuid::Uuid::try_parse(&self.0) {
            Ok(uuid) if uuid.get_version_num() == 4 => {
                // The low 50 bits of a v4 UUID are all random (variant bits sit higher).
                u64::try_from(uuid.as_u128() & u128::from(ShortRef::MASK))
                    .expect("masked to 50 bits")
            }
            _ => fnv1a(self.0.as_bytes()) & ShortRef::MASK,
        };
        ShortRef(bits)
    }
}

impl fmt::Display for RequestId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The text is not an acceptable request ID.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid request ID; expected 1-64 of A-Z a-z 0-9 . _ -")]
pub struct InvalidRequestId;

impl FromStr for RequestId {
    type Err = InvalidRequestId;

    fn from_str(raw: &str) -> Result<Self, Self::Err> {
        Self::parse_inbound(raw).ok_or(InvalidRequestId)
    }
}

/// 64-bit FNV-1a with the murmur3 finaliser: a stable spread of inbound IDs, so
/// `req-1` and `req-2` get unrelated references. Not a security boundary.
fn fnv1a(bytes: &[u8]) -> u64 {
    let mut hash = bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    });
    hash ^= hash >> 33;
    hash = hash.wrapping_mul(0xff51_afd7_ed55_8ccd);
    hash ^= hash >> 33;
    hash = hash.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    hash ^ (hash >> 33)
}

/// A 10-character Crockford base32 reference like `7K3M-9QXD-2F`.
///
/// Crockford's alphabet has no I, L, O or U, so it survives being read aloud; parsing
/// accepts lowercase, missing dashes, and `O`/`I`/`L` typed for `0`/`1`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ShortRef(u64);

const CROCKFORD: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

impl ShortRef {
    const MASK: u64 = (1 << 50) - 1;

    /// The 50 bits behind the reference.
    pub fn bits(self) -> u64 {
        self.0
    }

    /// Parses `7K3M-9QXD-2F`, `7k3m9qxd2f` and common misreadings.
    pub fn parse(text: &str) -> Result<Self, InvalidShortRef> {
        let mut bits = 0u64;
        let mut digits = 0;
        for byte in text.bytes() {
            let value = match byte.to_ascii_uppercase() {
                b'-' | b' ' => continue,
                b'O' => 0,
                b'I' | b'L' => 1,
                upper => CROCKFORD
                    .iter()
                    .position(|&c| c == upper)
                    .ok_or(InvalidShortRef)?,
            };
            digits += 1;
            if digits > 10 {
                return Err(InvalidShortRef);
            }
            bits = (bits << 5) | value as u64;
        }
        if digits == 10 {
            Ok(Self(bits))
        } else {
            Err(InvalidShortRef)
        }
    }
}

impl fmt::Display for ShortRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for index in 0..10 {
            if index == 4 || index == 8 {
                f.write_str("-")?;
            }
            let shift = 5 * (9 - index);
            let digit = (self.0 >> shift) & 0x1f;
            let digit = usize::try_from(digit).expect("five bits");
            write!(f, "{}", char::from(CROCKFORD[digit]))?;
        }
        Ok(())
    }
}

impl FromStr for ShortRef {
    type Err = InvalidShortRef;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Self::parse(text)
    }
}

/// The text is not a short reference.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid short reference; expected 10 Crockford base32 characters like 7K3M-9QXD-2F")]
pub struct InvalidShortRef;

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn generated_ids_are_uuid_v4_and_distinct() {
        let a = RequestId::generate();
        let b = RequestId::generate();
        assert_ne!(a, b);
        let uuid = uuid::Uuid::parse_str(a.as_str()).unwrap();
        assert_eq!(uuid.get_version_num(), 4);
        assert_eq!(RequestId::parse_inbound(a.as_str()), Some(a));
    }

    #[test]
    fn inbound_ids_are_kept_only_when_strictly_safe() {
        assert!(RequestId::parse_inbound("req_01.ABC-z").is_some());
        assert!(RequestId::parse_inbound(&"a".repeat(64)).is_some());
        for hostile in [
            "",
            &"a".repeat(65),
            "abc def",
            "abc\r\nX-Injected: 1",
            "abc\"",
            "caf\u{e9}",
            "a/b",
            "a%0a",
        ] {
            assert_eq!(RequestId::parse_inbound(hostile), None, "{hostile:?}");
        }
        let replaced = RequestId::from_inbound_or_generate(Some("bad id"));
        assert!(uuid::Uuid::parse_str(replaced.as_str()).is_ok());
    }

    #[test]
    fn short_ref_has_the_grouped_shape() {
        let text = RequestId::generate().short_ref().to_string();
        assert_eq!(text.len(), 12);
        assert_eq!(&text[4..5], "-");
        assert_eq!(&text[9..10], "-");
        assert!(text.bytes().all(|b| b == b'-' || CROCKFORD.contains(&b)));
    }

    #[test]
    fn short_ref_comes_from_the_uuid_random_bits() {
        let id = RequestId::parse_inbound("f47ac10b-58cc-4372-a567-0e02b2c3d479").unwrap();
        assert_eq!(
            id.short_ref().bits(),
            0x0e02_b2c3_d479 | (0b11 << 48) & ShortRef::MASK
        );
        assert_eq!(id.short_ref().to_string(), "RE0A-SC7N-3S");
    }

    #[test]
    fn short_ref_parses_misread_forms() {
        let reference = ShortRef::parse("7K3M-9QXD-2F").unwrap();
        assert_eq!(ShortRef::parse("7k3m9qxd2f"), Ok(reference));
        assert_eq!(ShortRef::parse("7k3m 9qxd 2f"), Ok(reference));
        assert_eq!(
            ShortRef::parse("0000-0000-01"),
            ShortRef::parse("OOOO-oooo-oI")
        );
        assert_eq!(ShortRef::parse("7K3M-9QXD-2"), Err(InvalidShortRef));
        assert_eq!(ShortRef::parse("7K3M-9QXD-2FF"), Err(InvalidShortRef));
        assert_eq!(ShortRef::parse("7K3M-9QXD-2U"), Err(InvalidShortRef));
    }

    #[test]
    fn inbound_ids_get_stable_short_refs() {
        let id = RequestId::parse_inbound("trace-42").unwrap();
        assert_eq!(id.short_ref(), id.clone().short_ref());
        let next = RequestId::parse_inbound("trace-43").unwrap().short_ref();
        let differing = (id.short_ref().bits() ^ next.bits()).count_ones();
        assert!(
            differing > 12,
            "neighbouring IDs share most bits: {differing} differ"
        );
    }

    proptest! {
        #[test]
        fn short_ref_round_trips(bits in 0u64..(1 << 50)) {
            let reference = ShortRef(bits);
            prop_assert_eq!(ShortRef::parse(&reference.to_string()), Ok(reference));
        }

        #[test]
        fn short_ref_parse_never_panics(text in ".{0,20}") {
            let _ = ShortRef::parse(&text);
        }
    }
}
