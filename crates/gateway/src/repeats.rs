//! Error bodies the gateway inspected a moment ago. An upstream that fails the same way
//! over and over (its database is down) sends the same bytes every time; scanning and
//! masking them once, instead of once per request, keeps the gateway cheap during exactly
//! the floods it exists for. Only exact byte-for-byte repeats are reused.

use std::sync::{Mutex, PoisonError};
use tightlip_detect::{Detector, Finding, Redactor};
use tightlip_incident::capture::{CapturedBody, capture_body};

/// Bodies larger than this are inspected every time: big error pages usually carry
/// timestamps or IDs, so they rarely repeat, and the cache stays small.
const LARGEST_KEPT: usize = 16 << 10;

/// How many distinct bodies are kept, most recent first out.
const ENTRIES: usize = 8;

/// What inspecting one body produced.
#[derive(Debug, Clone)]
pub struct BodyInspection {
    /// The detector's findings in the body.
    pub findings: Vec<Finding>,
    /// The body as an incident keeps it, secrets masked, cut at the capture limit.
    pub captured: CapturedBody,
}

struct Entry {
    body: Vec<u8>,
    inspection: BodyInspection,
}

/// A small ring of recently inspected error bodies, shared by the workers.
#[derive(Default)]
pub struct RecentBodies {
    entries: Mutex<Ring>,
}

#[derive(Default)]
struct Ring {
    entries: Vec<Entry>,
    next: usize,
}

impl RecentBodies {
    /// Scans and masks `body`, or reuses the result for the same bytes seen recently.
    pub fn inspect(
        &self,
        detector: &Detector,
        redactor: &Redactor,
        body: &[u8],
        capture_limit: usize,
    ) -> BodyInspection {
        if body.len() > LARGEST_KEPT {
            return fresh(detector, redactor, body, capture_limit);
        }
        if let Some(known) = self.lookup(body) {
            return known;
        }
        let inspection = fresh(detector, redactor, body, capture_limit);
        let mut ring = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        let entry = Entry {
            body: body.to_vec(),
            inspection: inspection.clone(),
        };
        if ring.entries.len() < ENTRIES {
            ring.entries.push(entry);
        } else {
            let slot = ring.next;
            ring.entries[slot] = entry;
            ring.next = (slot + 1) % ENTRIES;
        }
        inspection
    }

    fn lookup(&self, body: &[u8]) -> Option<BodyInspection> {
        let ring = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        ring.entries
            .iter()
            .find(|entry| entry.body == body)
            .map(|entry| entry.inspection.clone())
    }
}

fn fresh(detector: &Detector, redactor: &Redactor, body: &[u8], limit: usize) -> BodyInspection {
    BodyInspection {
        findings: detector.scan_body(body),
        captured: capture_body(redactor, body, limit),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TRACE: &[u8] = b"Traceback (most recent call last):\n  File \"/srv/app/db.py\", line 3, in q\npsycopg2.OperationalError: postgres://app:hunter2@10.0.3.17/shop";

    #[test]
    fn a_repeat_gets_the_same_findings_and_masked_body_as_a_fresh_inspection() {
        let (detector, redactor) = (Detector::builtin(), Redactor::new());
        let recent = RecentBodies::default();
        let first = recent.inspect(&detector, &redactor, TRACE, 1024);
        let again = recent.inspect(&detector, &redactor, TRACE, 1024);
        assert_eq!(again.findings, detector.scan_body(TRACE));
        assert_eq!(again.findings, first.findings);
        assert!(!again.findings.is_empty());
        assert_eq!(again.captured, capture_body(&redactor, TRACE, 1024));
        assert!(!again.captured.body.contains("hunter2"));
    }

    #[test]
    fn a_body_differing_in_one_byte_is_inspected_afresh() {
        let (detector, redactor) = (Detector::builtin(), Redactor::new());
        let recent = RecentBodies::default();
        recent.inspect(&detector, &redactor, b"all good here", 1024);
        let leaky = b"all good herE at /srv/app/main.py line 3";
        let inspection = recent.inspect(&detector, &redactor, leaky, 1024);
        assert_eq!(inspection.findings, detector.scan_body(leaky));
    }

    #[test]
    fn the_ring_forgets_the_oldest_body_and_never_grows_past_its_size() {
        let (detector, redactor) = (Detector::builtin(), Redactor::new());
        let recent = RecentBodies::default();
        for n in 0..ENTRIES * 3 {
            let body = format!("error {n} at /srv/app/main.py");
            let inspection = recent.inspect(&detector, &redactor, body.as_bytes(), 1024);
            assert_eq!(inspection.findings, detector.scan_body(body.as_bytes()));
        }
        let ring = recent.entries.lock().unwrap();
        assert_eq!(ring.entries.len(), ENTRIES);
        assert!(
            ring.entries
                .iter()
                .all(|e| e.body != b"error 0 at /srv/app/main.py")
        );
    }
}
