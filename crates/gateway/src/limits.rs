//! Sizes, counts and timeouts, with safe defaults, and the in-flight gauge that enforces
//! the request limit.

use serde::Deserialize;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;
use tightlip_incident::units;

/// The `[limits]` table: every bound the gateway enforces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Limits {
    /// Most bytes of an upstream error body inspected; larger bodies are suspect.
    #[serde(deserialize_with = "size")]
    pub error_body: u64,
    /// Most bytes a compressed error body may decode to.
    #[serde(deserialize_with = "size")]
    pub decoded_body: u64,
    /// Most bytes of a request body accepted (413 beyond).
    #[serde(deserialize_with = "size")]
    pub request_body: u64,
    /// Most bytes of a request head: request line and headers (431 beyond).
    #[serde(deserialize_with = "size")]
    pub header_size: u64,
    /// Largest 2xx JSON body sniffed for an error in disguise; larger ones stream unread.
    #[serde(deserialize_with = "size")]
    pub disguise_body: u64,
    /// Most open caller connections; one more is answered 503 with `Retry-After`.
    pub max_connections: usize,
    /// Most requests waiting on the upstream at once; one more is answered 503.
    pub max_in_flight: usize,
    /// Threads serving connections, each with its own event loop and upstream pool;
    /// 0 means one per CPU core.
    pub workers: usize,
    /// How long the upstream may take to send its response head (504 beyond).
    #[serde(deserialize_with = "duration")]
    pub upstream_timeout: Duration,
    /// How long connecting to the upstream may take (502 beyond).
    #[serde(deserialize_with = "duration")]
    pub connect_timeout: Duration,
    /// How long a caller may take to send a request head before the connection closes.
    #[serde(deserialize_with = "duration")]
    pub header_timeout: Duration,
    /// How long a TLS handshake may take.
    #[serde(deserialize_with = "duration")]
    pub handshake_timeout: Duration,
    /// How long in-flight requests may finish after SIGTERM/SIGINT.
    #[serde(deserialize_with = "duration")]
    pub drain_timeout: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            error_body: 1 << 20,
            decoded_body: 16 << 20,
            request_body: 10 << 20,
            header_size: 32 << 10,
            disguise_body: 64 << 10,
            max_connections: 10_000,
            max_in_flight: 4_096,
            workers: 0,
            upstream_timeout: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(5),
            header_timeout: Duration::from_secs(10),
            handshake_timeout: Duration::from_secs(10),
            drain_timeout: Duration::from_secs(10),
        }
    }
}

impl Limits {
    /// How many worker threads serve connections: `workers`, or one per core.
    pub fn worker_count(&self) -> usize {
        if self.workers > 0 {
            return self.workers;
        }
        std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)
    }

    /// The read buffer hyper gets: room for heads past `header_size` so that the gateway,
    /// not hyper, answers them with a catalog 431 (hyper's own answer has no body).
    pub fn parser_buffer(&self) -> usize {
        usize::try_from(self.header_size.saturating_mul(4))
            .unwrap_or(usize::MAX)
            .clamp(64 << 10, 4 << 20)
    }
}

fn size<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<u64, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Raw {
        Bytes(u64),
        Text(String),
    }
    match Raw::deserialize(deserializer)? {
        Raw::Bytes(bytes) => Ok(bytes),
        Raw::Text(text) => units::parse_size(&text).map_err(serde::de::Error::custom),
    }
}

fn duration<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Duration, D::Error> {
    let text = String::deserialize(deserializer)?;
    units::parse_duration(&text).map_err(serde::de::Error::custom)
}

/// Requests currently waiting on an upstream, bounded by `max_in_flight`.
#[derive(Debug, Default)]
pub struct InFlight {
    count: Arc<AtomicUsize>,
}

/// One admitted request; leaving the scope frees its slot.
#[derive(Debug)]
pub struct Slot {
    count: Arc<AtomicUsize>,
}

impl InFlight {
    /// Admits one more request, or `None` when `limit` are already in flight.
    pub fn admit(&self, limit: usize) -> Option<Slot> {
        let before = self.count.fetch_add(1, Ordering::AcqRel);
        let slot = Slot {
            count: Arc::clone(&self.count),
        };
        // The slot is built first so that a refusal also gives the count back on drop.
        (before < limit).then_some(slot)
    }

    /// Requests in flight now.
    pub fn current(&self) -> usize {
        self.count.load(Ordering::Acquire)
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        self.count.fetch_sub(1, Ordering::AcqRel);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn in_flight_refuses_past_the_limit_and_frees_on_drop() {
        let gauge = InFlight::default();
        let first = gauge.admit(2).unwrap();
        let second = gauge.admit(2).unwrap();
        assert!(gauge.admit(2).is_none());
        assert_eq!(gauge.current(), 2, "a refusal gives its count back");
        drop(first);
        assert!(gauge.admit(2).is_some());
        drop(second);
        assert_eq!(gauge.current(), 0);
    }

    #[test]
    fn parser_buffer_leaves_room_above_the_header_limit() {
        let limits = Limits::default();
        assert!(limits.parser_buffer() as u64 > limits.header_size);
    }
}
