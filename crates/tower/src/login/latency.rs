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
    ///
    /// The wait ends on the OS timer, not on tokio's alone: tokio's timer counts whole
    /// milliseconds from the moment the runtime parks, and the runtime parks after the
    /// work, so a wake-up from it would carry the sub-millisecond phase of the work's
    /// time. The guard sleeps on tokio's timer to just short of the floor, then the rest
    /// on a blocking thread (a few milliseconds at most).
    pub async fn run<F: Future>(&self, work: F) -> F::Output {
        let deadline = Instant::now() + self.floor;
        let output = work.await;
        if let Some(coarse) = deadline.checked_sub(PRECISE) {
            if coarse > Instant::now() {
                tokio::time::sleep_until(coarse).await;
            }
        }
        let remaining = deadline.saturating_duration_since(Instant::now());
        if !remaining.is_zero() {
            // A failed join (a runtime shutting down) only shortens a failure's answer.
            let _ = tokio::task::spawn_blocking(move || std::thread::sleep(remaining)).await;
        }
        output
    }
}

/// The last stretch of the floor, slept on the OS timer: more than tokio's timer can be
/// late (up to two of its millisecond ticks).
const PRECISE: Duration = Duration::from_millis(3);

#[cfg(test)]
mod tests {
    use super::*;

    /// Work that ends in the coarse stretch, in the precise one or at once: the floor
    /// holds for each (how close to it they end is for the bench to show).
    #[test]
    fn the_floor_holds_for_any_work_time_below_it() {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
            .unwrap();
        let guard = MinimumLatency::new(Duration::from_millis(8));
        for work_us in [0, 300, 700, 1500, 4200] {
            let started = std::time::Instant::now();
            runtime.block_on(guard.run(async {
                std::thread::sleep(Duration::from_micros(work_us));
            }));
            let elapsed = started.elapsed();
            assert!(
                elapsed >= Duration::from_millis(8),
                "{work_us} µs: {elapsed:?}"
            );
        }
    }
}
