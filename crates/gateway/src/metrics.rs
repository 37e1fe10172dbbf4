//! Counters behind `/metrics`, in the Prometheus text format.

use std::fmt::Write;
use std::sync::atomic::{AtomicU64, Ordering};

/// Status classes counted separately.
const CLASSES: [&str; 5] = ["1xx", "2xx", "3xx", "4xx", "5xx"];

/// Lock-free counters; one relaxed add per event.
#[derive(Debug, Default)]
pub struct Metrics {
    responses: [AtomicU64; 5],
    replaced: AtomicU64,
    own_errors: AtomicU64,
    upstream_errors: AtomicU64,
    leaks: [AtomicU64; 8],
}

impl Metrics {
    /// Counts a response by status class.
    pub fn response(&self, status: u16) {
        let class = usize::from(status / 100).clamp(1, 5) - 1;
        self.responses[class].fetch_add(1, Ordering::Relaxed);
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
        for (class, count) in CLASSES.iter().zip(&self.responses) {
            line(
                &mut out,
                format!(
                    "tightlip_responses_total{{class=\"{class}\"}} {}",
                    count.load(Ordering::Relaxed)
                ),
            );
        }
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
}
