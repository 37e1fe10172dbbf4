//! Arbitrary compressed bodies: decoding never panics and never exceeds its bound.
#![no_main]

use libfuzzer_sys::fuzz_target;

const LIMIT: usize = 1 << 20;

fuzz_target!(|input: (u8, &[u8])| {
    let (choice, bytes) = input;
    let encoding = ["gzip", "deflate", "br", "identity"][usize::from(choice % 4)];
    if let Ok(body) = tightlip_detect::decode_body(Some(encoding), bytes, LIMIT) {
        assert!(body.len() <= LIMIT);
    }
});
