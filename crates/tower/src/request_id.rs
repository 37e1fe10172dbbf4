//! The request ID the layer assigns or keeps, how handlers see it, and how it is issued
//! without allocating.
//!
//! Handlers get the ID through a request extension that costs no allocation:
//! `http::Extensions` boxes every value it holds, and only a zero-sized value is boxed for
//! free. So the extension is the marker [`CurrentRequestId`], and the ID itself is lent by
//! the layer's response future to its thread for the duration of each poll of the inner
//! service (and of the inner `call`), the way tokio's `task_local!` scopes a value: the
//! marker resolves to the ID only inside that scope. Outside it (a task the handler spawned,
//! a blocking thread, the response body streaming after the handler returned) it resolves to
//! `None`. Handlers that need the ID there take the owned [`AssignedRequestId`] first (the
//! axum extractor does) and move it along.

use bytes::{BufMut, Bytes, BytesMut};
use http::{Extensions, HeaderValue};
use std::cell::{Cell, RefCell};
use std::sync::LazyLock;
use tightlip_core::RequestId;

/// The request ID the layer assigned to this request, owned: what handlers keep, log, put
/// in their own messages or move into tasks they spawn.
///
/// The response carries the same value in `X-Request-ID` and an error body in
/// `request_id`. With axum it is an extractor; elsewhere take it from the request's
/// [`CurrentRequestId`] extension.
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

/// The request extension [`TightlipLayer`](crate::TightlipLayer) puts in every request:
/// a zero-sized marker (so that inserting it costs no allocation) that resolves to the
/// request's [`AssignedRequestId`] while the request's own handler runs.
///
/// [`get`](Self::get) answers the ID of the request whose handler the current thread is
/// polling through the layer, that is inside the inner service's `call` and inside every
/// poll of its future, including futures the handler awaits or joins. It answers `None`
/// anywhere else: in a task the handler spawned (`tokio::spawn`, `spawn_blocking`), in the
/// response body after the handler returned, or after the request is done. Take the owned
/// ID in the handler and move it along instead:
///
/// ```
/// # use tightlip_tower::{AssignedRequestId, CurrentRequestId};
/// # fn handler(request: http::Request<()>) {
/// let marker = request.extensions().get::<CurrentRequestId>().copied();
/// let id: Option<AssignedRequestId> = marker.and_then(|marker| marker.get());
/// // tokio::spawn(async move { log(id) }) — not `marker.get()` inside the task: None there.
/// # }
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct CurrentRequestId;

impl CurrentRequestId {
    /// The ID of the request whose handler this thread is running through the layer, or
    /// `None` outside it (see the type's documentation).
    pub fn get(self) -> Option<AssignedRequestId> {
        LENT.try_with(|lent| {
            let id = lent.take();
            let owned = id.clone();
            lent.set(id);
            owned.map(AssignedRequestId)
        })
        .ok()
        .flatten()
    }
}

thread_local! {
    /// The ID lent by the response future being polled on this thread, if any.
    static LENT: Cell<Option<HeaderValue>> = const { Cell::new(None) };
}

/// What stands in a future's ID slot while the ID is lent out; never seen by anyone.
const LENT_OUT: HeaderValue = HeaderValue::from_static("-");

/// Runs `poll` with `id` lent to this thread, so that [`CurrentRequestId::get`] answers it,
/// and takes it back afterwards, also when `poll` panics. Nested scopes (one layer inside
/// another) restore the outer ID on the way out.
pub(crate) fn lend<R>(id: &mut HeaderValue, poll: impl FnOnce() -> R) -> R {
    /// Takes the ID back and restores the previous one on drop.
    struct Return<'a> {
        slot: &'a mut HeaderValue,
        previous: Option<HeaderValue>,
    }
    impl Drop for Return<'_> {
        fn drop(&mut self) {
            let previous = self.previous.take();
            if let Ok(Some(id)) = LENT.try_with(|lent| lent.replace(previous)) {
                *self.slot = id;
            }
        }
    }
    let Ok(previous) = LENT.try_with(|lent| lent.replace(Some(std::mem::replace(id, LENT_OUT))))
    else {
        // The thread is exiting: nothing can read the ID anyway.
        return poll();
    };
    let _return = Return { slot: id, previous };
    poll()
}

/// A request's extensions with the [`CurrentRequestId`] marker in.
///
/// A request usually arrives with no extensions; the map is then taken from a template
/// that holds the marker in a table already sized for eight entries, so that the entries
/// axum's router adds after it (`UrlParams`, `MatchedPath`, `OriginalUri`) do not make the
/// map grow, which would cost the allocation the zero-sized marker saves. Cloning the
/// template costs the same two allocations (the map's box and its table) as the first
/// insert into an empty map would.
pub(crate) fn mark(extensions: &mut Extensions) {
    static TEMPLATE: LazyLock<Extensions> = LazyLock::new(|| {
        #[derive(Clone, Copy)]
        struct Spare<const N: u8>;
        let mut template = Extensions::new();
        template.insert(CurrentRequestId);
        // Four entries make the table grow from four buckets (three usable) to eight.
        template.insert(Spare::<0>);
        template.insert(Spare::<1>);
        template.insert(Spare::<2>);
        template.remove::<Spare<0>>();
        template.remove::<Spare<1>>();
        template.remove::<Spare<2>>();
        template
    });
    if extensions.is_empty() {
        extensions.clone_from(&TEMPLATE);
    } else {
        extensions.insert(CurrentRequestId);
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
    fn the_marker_resolves_only_while_the_id_is_lent() {
        let marker = CurrentRequestId;
        assert_eq!(marker.get(), None);
        let mut outer = HeaderValue::from_static("outer");
        let mut inner = HeaderValue::from_static("inner");
        lend(&mut outer, || {
            assert_eq!(marker.get().unwrap().as_str(), "outer");
            // One layer inside another: the inner ID, then the outer one again.
            lend(&mut inner, || {
                assert_eq!(marker.get().unwrap().as_str(), "inner");
            });
            assert_eq!(marker.get().unwrap().as_str(), "outer");
            // Another thread (a spawned task, a blocking pool) sees nothing.
            std::thread::scope(|s| s.spawn(|| assert_eq!(marker.get(), None)).join().unwrap());
        });
        assert_eq!(
            (outer.to_str().unwrap(), inner.to_str().unwrap()),
            ("outer", "inner")
        );
        assert_eq!(marker.get(), None);
    }

    #[test]
    fn a_panic_inside_the_scope_gives_the_id_back() {
        let mut id = HeaderValue::from_static("kept");
        let caught = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            lend(&mut id, || panic!("handler panicked"));
        }));
        assert!(caught.is_err());
        assert_eq!(id, "kept");
        assert_eq!(CurrentRequestId.get(), None);
    }

    #[test]
    fn marked_extensions_hold_only_the_marker() {
        let mut empty = Extensions::new();
        mark(&mut empty);
        assert_eq!(empty.len(), 1);
        assert!(empty.get::<CurrentRequestId>().is_some());
        let mut some = Extensions::new();
        some.insert(7u8);
        mark(&mut some);
        assert_eq!(some.len(), 2);
        assert!(some.get::<CurrentRequestId>().is_some());
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
