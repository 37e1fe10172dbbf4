//! Counters behind `/metrics`, in the Prometheus text format.

use std::fmt::Write;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// Upper bounds of the latency buckets, in seconds (Prometheus `le`).
const BUCKETS: [f64; 14] = [
    0.000_5, 0.001, 0.002_5, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];

/// Lock-free counters; a few relaxed adds per event.
#[derive(Debug)]
pub struct Metrics {
    /// Responses by exact status, 100–599.
    responses: Box<[AtomicU64]>,
    /// Latency counts per bucket (not cumulative; the last one is +Inf).
    latency: [AtomicU64; BUCKETS.len() + 1],
    latency_sum_us: AtomicU64,
    replaced: AtomicU64,
    own_errors: AtomicU64,
    upstream_errors: AtomicU64,
    leaks: [AtomicU64; 8],
}

impl Default for Metrics {
    fn default() -> Self {
        Self {
            responses: (100..600).map(|_| AtomicU64::new(0)).collect(),
            latency: Default::default(),
            latency_sum_us: AtomicU64::new(0),
            replaced: AtomicU64::new(0),
            own_errors: AtomicU64::new(0),
            upstream_errors: AtomicU64::new(0),
            leaks: Default::default(),
        }
    }
}

impl Metrics {
    /// Counts a response by status, and the time until its head was ready.
    pub fn response(&self, status: u16, elapsed: Duration) {
        let index = usize::from(status.clamp(100, 599) - 100);
        self.responses[index].fetch_add(1, Ordering::Relaxed);
        let seconds = elapsed.as_secs_f64();
        let bucket = BUCKETS
            .iter()
            .position(|bound| seconds <= *bound)
            .unwrap_or(BUCKETS.len());
        self.latency[bucket].fetch_add(1, Ordering::Relaxed);
        let micros = u64::try_from(elapsed.as_micros()).unwrap_or(u64::MAX);
        self.latency_sum_us.fetch_add(micros, Ordering::Relaxed);
    }

    /// Counts an upstream error replaced by a catalog problem.
    pub fn replaced(&self) {
        self.replaced.fetch_add(1, Ordering::Relaxed);
    }

    /// Counts an error the gateway raised itself.
    pub fn own_error(&self) {
        self.own_errors.fetch_add(1, Ordering::Relaxed);
    }

    /// Counts an upstream 4xx/5xx.
    pub fn upstream_error(&self) {
        self.upstream_errors.fetch_add(1, Ordering::Relaxed);
    }

    /// Counts one leak finding by category index.
    pub fn leak(&self, category: tightlip_detect::Category) {
        let index = tightlip_detect::Category::ALL
            .iter()
            .position(|c| *c == category)
            .unwrap_or(0);
        self.leaks[index].fetch_add(1, Ordering::Relaxed);
    }

    /// The Prometheus text exposition, with the incident pipeline's counters.
    pub fn render(&self, pipeline: &[tightlip_incident::LaneStats]) -> String {
        let mut out = String::new();
        let line = |out: &mut String, text: String| {
            out.push_str(&text);
            out.push('\n');
        };
        line(&mut out, "# TYPE tightlip_responses_total counter".into());
        for (status, count) in (100u16..).zip(self.responses.iter()) {
            let count = count.load(Ordering::Relaxed);
            if count > 0 {
                let _ = writeln!(
                    out,
                    "tightlip_responses_total{{status=\"{status}\"}} {count}"
                );
            }
        }
        self.render_latency(&mut out);
        line(
            &mut out,
            "# TYPE tightlip_responses_replaced_total counter".into(),
        );
        line(
            &mut out,
            format!(
                "tightlip_responses_replaced_total {}",
                self.replaced.load(Ordering::Relaxed)
            ),
        );
        line(&mut out, "# TYPE tightlip_own_errors_total counter".into());
        line(
            &mut out,
            format!(
                "tightlip_own_errors_total {}",
                self.own_errors.load(Ordering::Relaxed)
            ),
        );
        line(
            &mut out,
            "# TYPE tightlip_upstream_errors_total counter".into(),
        );
        line(
            &mut out,
            format!(
                "tightlip_upstream_errors_total {}",
                self.upstream_errors.load(Ordering::Relaxed)
            ),
        );
        line(&mut out, "# TYPE tightlip_leaks_total counter".into());
        for (category, count) in tightlip_detect::Category::ALL.iter().zip(&self.leaks) {
            line(
                &mut out,
                format!(
                    "tightlip_leaks_total{{category=\"{}\"}} {}",
                    category.as_str(),
                    count.load(Ordering::Relaxed)
                ),
            );
        }
        for (name, pick) in [
            (
                "submitted",
                (|l: &tightlip_incident::LaneStats| l.submitted)
                    as fn(&tightlip_incident::LaneStats) -> u64,
            ),
            ("stored", |l| l.stored),
            ("dropped", |l| l.dropped),
            ("failed", |l| l.failed),
        ] {
            line(
                &mut out,
                format!("# TYPE tightlip_incidents_{name}_total counter"),
            );
            for lane in pipeline {
                line(
                    &mut out,
                    format!(
                        "tightlip_incidents_{name}_total{{sink=\"{}\"}} {}",
                        lane.sink,
                        pick(lane)
                    ),
                );
            }
        }
        line(
            &mut out,
            "# TYPE tightlip_incident_sink_degraded gauge".into(),
        );
        for lane in pipeline {
            let _ = writeln!(
                out,
                "tightlip_incident_sink_degraded{{sink=\"{}\"}} {}",
                lane.sink,
                u8::from(lane.degraded.is_some())
            );
        }
        out
    }

    /// The latency histogram: cumulative buckets, sum and count.
    fn render_latency(&self, out: &mut String) {
        out.push_str("# TYPE tightlip_response_seconds histogram\n");
        let mut cumulative = 0;
        for (index, count) in self.latency.iter().enumerate() {
            cumulative += count.load(Ordering::Relaxed);
            let bound = BUCKETS
                .get(index)
                .map_or_else(|| "+Inf".to_owned(), ToString::to_string);
            let _ = writeln!(
                out,
                "tightlip_response_seconds_bucket{{le=\"{bound}\"}} {cumulative}"
            );
        }
        #[expect(clippy::cast_precision_loss, reason = "a sum in seconds for display")]
        let sum = self.latency_sum_us.load(Ordering::Relaxed) as f64 / 1e6;
        let _ = writeln!(out, "tightlip_response_seconds_sum {sum}");
        let _ = writeln!(out, "tightlip_response_seconds_count {cumulative}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_and_latency_render_as_prometheus_text() {
        let metrics = Metrics::default();
        metrics.response(200, Duration::from_micros(300));
        metrics.response(200, Duration::from_millis(30));
        metrics.response(502, Duration::from_secs(60));
        let text = metrics.render(&[]);
        assert!(
            text.contains("tightlip_responses_total{status=\"200\"} 2\n"),
            "{text}"
        );
        assert!(
            text.contains("tightlip_responses_total{status=\"502\"} 1\n"),
            "{text}"
        );
        assert!(!text.contains("status=\"404\""), "{text}");
        assert!(
            text.contains("tightlip_response_seconds_bucket{le=\"0.0005\"} 1\n"),
            "{text}"
        );
        assert!(
            text.contains("tightlip_response_seconds_bucket{le=\"0.05\"} 2\n"),
            "{text}"
        );
        assert!(
            text.contains("tightlip_response_seconds_bucket{le=\"10\"} 2\n"),
            "{text}"
        );
        assert!(
            text.contains("tightlip_response_seconds_bucket{le=\"+Inf\"} 3\n"),
            "{text}"
        );
        assert!(
            text.contains("tightlip_response_seconds_count 3\n"),
            "{text}"
        );
    }
}
