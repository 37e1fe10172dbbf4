//! Sending politely: a request rate, a request budget, `Retry-After`, and no
//! state-changing methods unless allowed.

use crate::request::CraftedRequest;
use crate::target::Target;
use crate::wire::{self, Response, WireError};
use std::time::{Duration, Instant};

/// How a run treats the server.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Limits {
    /// Requests per second at most.
    pub rate: f64,
    /// Requests sent at most, retries included.
    pub max_requests: usize,
    /// Send DELETE, PUT and PATCH too.
    pub allow_unsafe_methods: bool,
    /// How long one request may take.
    pub timeout: Duration,
    /// The longest `Retry-After` honoured; a longer one ends the run.
    pub max_retry_wait: Duration,
    /// Retries of one request after 429/503 with `Retry-After`.
    pub max_retries: u32,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            rate: 20.0,
            max_requests: 2_000,
            allow_unsafe_methods: false,
            timeout: Duration::from_secs(10),
            max_retry_wait: Duration::from_secs(120),
            max_retries: 3,
        }
    }
}

/// One request and what came back.
#[derive(Debug, Clone)]
pub struct Exchange {
    /// What was sent.
    pub request: CraftedRequest,
    /// The answer, or why there is none.
    pub outcome: Result<Response, WireError>,
}

impl Exchange {
    /// The answer, if there is one.
    pub fn response(&self) -> Option<&Response> {
        self.outcome.as_ref().ok()
    }
}

/// Watches a run: a progress bar, a log.
pub trait Observer {
    /// `count` more requests are planned.
    fn planned(&mut self, count: usize) {
        let _ = count;
    }
    /// One exchange is done.
    fn exchanged(&mut self, exchange: &Exchange) {
        let _ = exchange;
    }
    /// The server asked to wait.
    fn waiting(&mut self, wait: Duration) {
        let _ = wait;
    }
}

/// An observer that watches nothing.
#[derive(Debug, Default)]
pub struct Quiet;

impl Observer for Quiet {}

/// What the scheduler did not send, and why.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Tally {
    /// Requests sent, retries included.
    pub sent: usize,
    /// Requests with DELETE/PUT/PATCH left out.
    pub skipped_unsafe: usize,
    /// Requests left out because the budget was spent.
    pub over_budget: usize,
    /// Retries after 429/503.
    pub retries: usize,
    /// Whether the run stopped because the server asked for a longer wait than allowed.
    pub stopped_by_server: bool,
}

/// Sends requests to one target within [`Limits`].
pub struct Scheduler<'a> {
    target: &'a Target,
    limits: Limits,
    next_at: Instant,
    tally: Tally,
    observer: &'a mut dyn Observer,
}

impl<'a> Scheduler<'a> {
    /// A scheduler for `target`.
    pub fn new(target: &'a Target, limits: Limits, observer: &'a mut dyn Observer) -> Self {
        Self {
            target,
            limits,
            next_at: Instant::now(),
            tally: Tally::default(),
            observer,
        }
    }

    /// The observer, to announce planned work.
    pub fn observer(&mut self) -> &mut dyn Observer {
        self.observer
    }

    /// What was sent and left out so far.
    pub fn tally(&self) -> Tally {
        self.tally
    }

    /// Sends `request` (retrying after 429/503 as the server asks), or `None` when it
    /// may not be sent.
    pub fn send(&mut self, request: CraftedRequest) -> Option<Exchange> {
        if request.is_unsafe_method() && !self.limits.allow_unsafe_methods {
            self.tally.skipped_unsafe += 1;
            return None;
        }
        let mut retries = 0;
        loop {
            if self.tally.stopped_by_server || self.tally.sent >= self.limits.max_requests {
                self.tally.over_budget += 1;
                return None;
            }
            self.pace();
            self.tally.sent += 1;
            let outcome = wire::send(self.target, &request, self.limits.timeout);
            let wait = outcome.as_ref().ok().and_then(retry_after);
            match wait {
                Some(wait) if retries < self.limits.max_retries => {
                    if wait > self.limits.max_retry_wait {
                        self.tally.stopped_by_server = true;
                    } else {
                        retries += 1;
                        self.tally.retries += 1;
                        self.observer.waiting(wait);
                        std::thread::sleep(wait);
                        continue;
                    }
                }
                _ => {}
            }
            let exchange = Exchange { request, outcome };
            self.observer.exchanged(&exchange);
            return Some(exchange);
        }
    }

    /// Sleeps until the next request is due.
    fn pace(&mut self) {
        let now = Instant::now();
        if self.next_at > now {
            std::thread::sleep(self.next_at - now);
        }
        let interval = Duration::from_secs_f64(1.0 / self.limits.rate.max(0.001));
        self.next_at = self.next_at.max(now) + interval;
    }
}

/// The wait a 429 or 503 asks for, if it carries `Retry-After`.
fn retry_after(response: &Response) -> Option<Duration> {
    if response.status != 429 && response.status != 503 {
        return None;
    }
    parse_retry_after(
        response.header("retry-after")?,
        time::OffsetDateTime::now_utc(),
    )
}

/// `Retry-After` as delta-seconds or an HTTP-date (RFC 9110 10.2.3), relative to `now`.
fn parse_retry_after(value: &str, now: time::OffsetDateTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let format = time::macros::format_description!(
        "[weekday repr:short], [day] [month repr:short] [year] [hour]:[minute]:[second] GMT"
    );
    let at = time::PrimitiveDateTime::parse(value, format)
        .ok()?
        .assume_utc();
    Some(Duration::try_from(at - now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_seconds_and_dates() {
        let now = time::macros::datetime!(2026-12-02 18:00:00 UTC);
        assert_eq!(parse_retry_after("7", now), Some(Duration::from_secs(7)));
        assert_eq!(
            parse_retry_after("Wed, 02 Dec 2026 18:00:30 GMT", now),
            Some(Duration::from_secs(30))
        );
        assert_eq!(
            parse_retry_after("Wed, 02 Dec 2026 17:00:00 GMT", now),
            Some(Duration::ZERO)
        );
        assert_eq!(parse_retry_after("soon", now), None);
    }
}
