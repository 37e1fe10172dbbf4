//! Arbitrary bodies and headers: the detector never panics and every span is in bounds.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;
use tightlip_detect::Detector;

fn detector() -> &'static Detector {
    static DETECTOR: OnceLock<Detector> = OnceLock::new();
    DETECTOR.get_or_init(Detector::builtin)
}

fuzz_target!(|bytes: &[u8]| {
    for finding in detector().scan_body(bytes) {
        assert!(finding.span.start <= finding.span.end && finding.span.end <= bytes.len());
    }
    let split = bytes.iter().position(|&b| b == b'\n').unwrap_or(bytes.len());
    let (name, value) = bytes.split_at(split);
    let headers = vec![(String::from_utf8_lossy(name).into_owned(), value.to_vec())];
    for finding in detector().scan_headers(&headers) {
        assert!(finding.span.end <= value.len());
        assert!(finding.header.is_some());
    }
});
