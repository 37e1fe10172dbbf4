//! What to do with an error response: a route's policy applied to the detector's findings.
//!
//! Pure and shared: the gateway and the tower layer decide the same way.

use serde::Deserialize;

/// How strictly a route guards its error responses.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Policy {
    /// Every 5xx becomes its catalog problem; a 4xx passes only if nothing leaks in it.
    #[default]
    Protect,
    /// Every 4xx and 5xx body is replaced by its catalog problem.
    Strict,
    /// Nothing is changed; incidents are recorded (for rollout).
    Monitor,
}

/// The decision for one upstream error response.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Send the upstream response unchanged (headers still cleaned unless monitoring).
    PassThrough,
    /// Replace it with the catalog problem, for this reason.
    Replace(&'static str),
}

impl Policy {
    /// Decides for an upstream `status` whose body and headers had `leaks` findings and
    /// whose body was `suspect` (too large to inspect or undecodable).
    pub fn decide(self, status: u16, leaks: bool, suspect: bool) -> Verdict {
        match self {
            Policy::Strict => Verdict::Replace("policy_strict"),
            Policy::Protect if leaks => Verdict::Replace("leak_detected"),
            Policy::Protect if suspect => Verdict::Replace("uninspectable_body"),
            Policy::Protect if status >= 500 => Verdict::Replace("server_error"),
            Policy::Protect | Policy::Monitor => Verdict::PassThrough,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn protect_replaces_5xx_and_leaky_4xx() {
        assert_eq!(
            Policy::Protect.decide(500, false, false),
            Verdict::Replace("server_error")
        );
        assert_eq!(
            Policy::Protect.decide(404, false, false),
            Verdict::PassThrough
        );
        assert_eq!(
            Policy::Protect.decide(404, true, false),
            Verdict::Replace("leak_detected")
        );
        assert_eq!(
            Policy::Protect.decide(400, false, true),
            Verdict::Replace("uninspectable_body")
        );
    }

    #[test]
    fn strict_replaces_everything_and_monitor_nothing() {
        assert_eq!(
            Policy::Strict.decide(404, false, false),
            Verdict::Replace("policy_strict")
        );
        assert_eq!(
            Policy::Monitor.decide(500, true, true),
            Verdict::PassThrough
        );
    }
}
