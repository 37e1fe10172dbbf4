//! How long the embedded store keeps incidents.

use std::time::Duration;

/// Limits on what the store keeps; the oldest incidents go first. `None` means no limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Retention {
    /// Oldest incident kept.
    pub max_age: Option<Duration>,
    /// Most incidents kept.
    pub max_rows: Option<u64>,
    /// Most bytes of incident records kept.
    pub max_bytes: Option<u64>,
}

impl Default for Retention {
    /// 30 days, a million incidents, 1 GiB: whichever comes first.
    fn default() -> Self {
        Self {
            max_age: Some(Duration::from_secs(30 * 24 * 3600)),
            max_rows: Some(1_000_000),
            max_bytes: Some(1 << 30),
        }
    }
}
