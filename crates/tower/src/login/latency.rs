//! The minimum-latency guard.

use std::future::Future;
use std::time::Duration;
use tokio::time::Instant;

/// Pads a handler's time to a floor, so fast and slow failures take the same time.
///
/// Pick a floor above the slowest honest path (a password hash plus the store lookup);
/// a handler that runs past the floor is not slowed further, and its timing shows.
///
/// ```
/// use std::time::{Duration, Instant};
/// use tightlip_tower::login::MinimumLatency;
///
/// # tokio::runtime::Builder::new_current_thread().enable_time().build().unwrap().block_on(async {
/// let guard = MinimumLatency::new(Duration::from_millis(20));
/// let started = Instant::now();
/// let answer = guard.run(async { 42 }).await;
/// assert_eq!(answer, 42);
/// assert!(started.elapsed() >= Duration::from_millis(20));
/// # });
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MinimumLatency {
    floor: Duration,
}

impl MinimumLatency {
    /// A guard with this floor.
    pub fn new(floor: Duration) -> Self {
        Self { floor }
    }

    /// The floor.
    pub fn floor(&self) -> Duration {
        self.floor
    }

    /// Runs `work` and returns its output no earlier than the floor after the start.
    pub async fn run<F: Future>(&self, work: F) -> F::Output {
        let deadline = Instant::now() + self.floor;
        let output = work.await;
        tokio::time::sleep_until(deadline).await;
        output
    }
}
