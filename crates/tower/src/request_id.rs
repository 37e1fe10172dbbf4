//! The request ID the layer assigns or keeps, and how it is issued without allocating.

use bytes::{BufMut, Bytes, BytesMut};
use http::HeaderValue;
use std::cell::RefCell;
use tightlip_core::RequestId;

/// The request ID the layer assigned to this request, as a request extension.
///
/// Handlers read it to log or to put in their own messages; the response carries the same
/// value in `X-Request-ID` and an error body in `request_id`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssignedRequestId(pub(crate) HeaderValue);

impl AssignedRequestId {
    /// The ID as text (always `[A-Za-z0-9._-]`, 1–64 bytes).
    pub fn as_str(&self) -> &str {
        self.0.to_str().expect("request IDs are ASCII")
    }

    /// The ID as the core type, for incidents and short references.
    pub fn to_request_id(&self) -> RequestId {
        RequestId::parse_inbound(self.as_str()).expect("assigned IDs are valid request IDs")
    }

    /// The ID as a header value.
    pub fn header_value(&self) -> &HeaderValue {
        &self.0
    }
}

/// An inbound `X-Request-ID` value if it passes [`RequestId::parse_inbound`]'s rules,
/// checked on the bytes so that keeping it costs no allocation.
pub(crate) fn valid_inbound(value: &HeaderValue) -> Option<HeaderValue> {
    let bytes = value.as_bytes();
    let valid = (1..=tightlip_core::MAX_INBOUND_LEN).contains(&bytes.len())
        && bytes
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'));
    valid.then(|| value.clone())
}

/// IDs issued per block: one allocation and one read from the OS CSPRNG per block.
const BLOCK_IDS: usize = 512;
/// Length of a hyphenated UUID.
const ID_LEN: usize = 36;

/// A block of fresh UUIDv4 texts; each request takes a slice that shares the block.
struct IdBlock {
    ids: Bytes,
    next: usize,
}

impl IdBlock {
    fn fill() -> Self {
        let mut random = [0u8; 16 * BLOCK_IDS];
        if getrandom::fill(&mut random).is_err() {
            // Without the OS generator, fall back to uuid's own path, one ID at a time.
            for chunk in random.chunks_exact_mut(16) {
                chunk.copy_from_slice(uuid::Uuid::new_v4().as_bytes());
            }
        }
        let mut ids = BytesMut::with_capacity(ID_LEN * BLOCK_IDS);
        let mut text = [0u8; ID_LEN];
        for chunk in random.chunks_exact(16) {
            let bytes: [u8; 16] = chunk.try_into().expect("16-byte chunks");
            let id = uuid::Builder::from_random_bytes(bytes).into_uuid();
            ids.put_slice(id.hyphenated().encode_lower(&mut text).as_bytes());
        }
        Self {
            ids: ids.freeze(),
            next: 0,
        }
    }

    fn take(&mut self) -> Option<HeaderValue> {
        if self.next == BLOCK_IDS {
            return None;
        }
        let start = self.next * ID_LEN;
        self.next += 1;
        let id = self.ids.slice(start..start + ID_LEN);
        Some(HeaderValue::from_maybe_shared(id).expect("UUID text is a valid header value"))
    }
}

thread_local! {
    static BLOCK: RefCell<Option<IdBlock>> = const { RefCell::new(None) };
}

/// A fresh random request ID (UUIDv4), shared out of a per-thread block.
pub(crate) fn generate() -> HeaderValue {
    BLOCK.with_borrow_mut(|block| {
        if let Some(id) = block.as_mut().and_then(IdBlock::take) {
            return id;
        }
        let mut fresh = IdBlock::fill();
        let id = fresh.take().expect("a fresh block has IDs");
        *block = Some(fresh);
        id
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn generated_ids_are_distinct_uuid_v4() {
        let ids: HashSet<String> = (0..BLOCK_IDS * 2 + 3)
            .map(|_| generate().to_str().unwrap().to_owned())
            .collect();
        assert_eq!(ids.len(), BLOCK_IDS * 2 + 3);
        for id in ids.iter().take(20) {
            let uuid = uuid::Uuid::try_parse(id).unwrap();
            assert_eq!(uuid.get_version_num(), 4, "{id}");
            assert!(RequestId::parse_inbound(id).is_some());
        }
    }

    #[test]
    fn inbound_ids_follow_the_core_rules() {
        for raw in ["abc-123", "a.b_c", &"x".repeat(64)] {
            let value = HeaderValue::from_str(raw).unwrap();
            assert!(valid_inbound(&value).is_some(), "{raw}");
            assert!(RequestId::parse_inbound(raw).is_some());
        }
        for raw in ["", "a b", "a\"b", &"x".repeat(65), "é"] {
            let Ok(value) = HeaderValue::from_str(raw) else {
                continue;
            };
            assert!(valid_inbound(&value).is_none(), "{raw}");
            assert!(RequestId::parse_inbound(raw).is_none());
        }
    }
}
