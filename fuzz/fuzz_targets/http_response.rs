//! Raw HTTP responses from a hostile upstream: parsing never panics and the body it
//! returns is never larger than the input allows.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    if let Ok(response) = tightlip_detect::parse_response(bytes) {
        // De-chunking only removes framing; it cannot invent bytes.
        assert!(response.body.len() <= bytes.len());
        assert!((100..=999).contains(&response.status));
    }
});
