//! Arbitrary request heads through the gateway's screening (head limit, target, host):
//! never panics, and every refusal is the gateway's own 400 or 431.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tightlip_gateway::fuzzing::request_head;

fuzz_target!(|raw: &[u8]| {
    if let Some(Err((status, reason))) = request_head(raw, 1024) {
        assert!(status == 400 || status == 431, "{status} {reason}");
        assert!(!reason.is_empty());
    }
});
