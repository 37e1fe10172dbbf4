//! Arbitrary text: redaction never panics and is idempotent, keyed or not.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tightlip_detect::Redactor;

fuzz_target!(|text: &str| {
    for redactor in [Redactor::new(), Redactor::with_hash_key(b"fuzz-key")] {
        let once = redactor.redact(text);
        assert_eq!(redactor.redact(&once), once, "not idempotent on {text:?}");
        let header = redactor.redact_header("authorization", text);
        assert_eq!(redactor.redact_header("authorization", &header), header);
    }
});
