//! A per-key failure limiter: after too many failures for one key (an account, a client
//! address) the key is refused with 429 and `Retry-After` until its lockout ends.

use crate::error::{Cause, ErrorReport};
use http::header::{HeaderValue, RETRY_AFTER};
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Counts failures per key in a sliding window and refuses keys over the limit.
///
/// The table is bounded: expired keys are dropped when it fills, and when every slot is
/// still live a new key is refused (fail closed) rather than let an attacker flush the
/// counts with fresh keys.
///
/// ```
/// use std::time::Duration;
/// use tightlip_tower::limit::FailureLimiter;
///
/// let limiter = FailureLimiter::new(3, Duration::from_secs(60));
/// for _ in 0..3 {
///     assert!(limiter.check("account:alice").is_ok());
///     limiter.record_failure("account:alice");
/// }
/// let refused = limiter.check("account:alice").unwrap_err();
/// assert!(refused.retry_after_secs() >= 59);
/// assert!(limiter.check("account:bob").is_ok());
/// ```
#[derive(Debug)]
pub struct FailureLimiter {
    max_failures: u32,
    window: Duration,
    capacity: usize,
    code: &'static str,
    keys: Mutex<HashMap<String, Failures>>,
}

#[derive(Debug, Clone, Copy)]
struct Failures {
    count: u32,
    /// When the window of the first counted failure ends.
    until: Instant,
}

/// A refusal: the key is over its limit for this long.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limited {
    retry_after: Duration,
    code: &'static str,
}

impl Limited {
    /// Whole seconds until the key may try again (at least 1).
    pub fn retry_after_secs(&self) -> u64 {
        self.retry_after.as_secs() + u64::from(self.retry_after.subsec_nanos() > 0)
    }

    /// The report: the catalog's 429 problem with `Retry-After`.
    pub fn report(&self) -> ErrorReport {
        let seconds = self.retry_after_secs().max(1);
        ErrorReport::public(self.code, Cause::Limited)
            .with_header(RETRY_AFTER, HeaderValue::from(seconds))
            .with_internal(format!("failure limit reached; retry after {seconds}s"))
    }
}

#[cfg(feature = "axum")]
impl axum::response::IntoResponse for Limited {
    fn into_response(self) -> axum::response::Response {
        self.report().into_response()
    }
}

impl FailureLimiter {
    /// At most `max_failures` failures per key within `window`; 100 000 keys tracked.
    pub fn new(max_failures: u32, window: Duration) -> Self {
        Self {
            max_failures: max_failures.max(1),
            window,
            capacity: 100_000,
            code: "TOO_MANY_REQUESTS",
            keys: Mutex::new(HashMap::new()),
        }
    }

    /// The catalog code of the 429 problem (default `TOO_MANY_REQUESTS`).
    #[must_use]
    pub fn with_code(mut self, code: &'static str) -> Self {
        self.code = code;
        self
    }

    /// How many keys are tracked at most.
    #[must_use]
    pub fn with_capacity(mut self, capacity: usize) -> Self {
        self.capacity = capacity.max(1);
        self
    }

    /// `Ok` if `key` may try, else how long it must wait.
    pub fn check(&self, key: &str) -> Result<(), Limited> {
        self.check_at(key, Instant::now())
    }

    /// Counts one failure for `key`.
    pub fn record_failure(&self, key: &str) {
        self.record_failure_at(key, Instant::now());
    }

    /// Forgets `key`'s failures (after a successful login).
    pub fn record_success(&self, key: &str) {
        self.lock().remove(key);
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Failures>> {
        // The table holds plain counters; a panic elsewhere cannot leave it inconsistent.
        self.keys
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn check_at(&self, key: &str, now: Instant) -> Result<(), Limited> {
        let mut keys = self.lock();
        match keys.get(key) {
            Some(failures) if failures.until <= now => {
                keys.remove(key);
                Ok(())
            }
            Some(failures) if failures.count >= self.max_failures => Err(Limited {
                retry_after: failures.until - now,
                code: self.code,
            }),
            None if keys.len() >= self.capacity => {
                keys.retain(|_, failures| failures.until > now);
                if keys.len() >= self.capacity {
                    Err(Limited {
                        retry_after: self.window,
                        code: self.code,
                    })
                } else {
                    Ok(())
                }
            }
            Some(_) | None => Ok(()),
        }
    }

    fn record_failure_at(&self, key: &str, now: Instant) {
        let mut keys = self.lock();
        if keys.len() >= self.capacity && !keys.contains_key(key) {
            keys.retain(|_, failures| failures.until > now);
            if keys.len() >= self.capacity {
                return;
            }
        }
        let window = self.window;
        let failures = keys.entry(key.to_owned()).or_insert(Failures {
            count: 0,
            until: now + window,
        });
        if failures.until <= now {
            *failures = Failures {
                count: 0,
                until: now + window,
            };
        }
        failures.count += 1;
        if failures.count >= self.max_failures {
            // Locked out for a full window from the failure that crossed the limit.
            failures.until = now + window;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_unlock_after_the_window() {
        let limiter = FailureLimiter::new(2, Duration::from_secs(10));
        let start = Instant::now();
        limiter.record_failure_at("k", start);
        limiter.record_failure_at("k", start + Duration::from_secs(1));
        let refused = limiter
            .check_at("k", start + Duration::from_secs(2))
            .unwrap_err();
        assert_eq!(refused.retry_after_secs(), 9);
        assert!(
            limiter
                .check_at("k", start + Duration::from_secs(12))
                .is_ok()
        );
        assert!(
            limiter
                .check_at("k", start + Duration::from_secs(13))
                .is_ok()
        );
    }

    #[test]
    fn success_forgets_and_other_keys_are_independent() {
        let limiter = FailureLimiter::new(1, Duration::from_secs(10));
        limiter.record_failure("a");
        assert!(limiter.check("a").is_err());
        assert!(limiter.check("b").is_ok());
        limiter.record_success("a");
        assert!(limiter.check("a").is_ok());
    }

    #[test]
    fn a_full_table_fails_closed() {
        let limiter = FailureLimiter::new(5, Duration::from_secs(60)).with_capacity(2);
        limiter.record_failure("a");
        limiter.record_failure("b");
        assert!(limiter.check("c").is_err());
        assert!(limiter.check("a").is_ok());
    }

    #[test]
    fn the_report_carries_retry_after() {
        let limited = Limited {
            retry_after: Duration::from_millis(1500),
            code: "TOO_MANY_REQUESTS",
        };
        let report = limited.report();
        assert_eq!(report.headers[0].1, "2");
        let problem = report.problem(&tightlip_core::Catalog::builtin(), None);
        assert_eq!(problem.status, 429);
    }
}
