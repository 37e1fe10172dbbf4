//! Arbitrary text: redaction never panics and is idempotent, keyed or not.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;
use tightlip_detect::Redactor;

/// Built once: compiling the patterns per input would measure the compiler, not redaction.
fn redactors() -> &'static [Redactor; 2] {
    static REDACTORS: OnceLock<[Redactor; 2]> = OnceLock::new();
    REDACTORS.get_or_init(|| [Redactor::new(), Redactor::with_hash_key(b"fuzz-key")])
}

fuzz_target!(|text: &str| {
    for redactor in redactors() {
        let once = redactor.redact(text);
        assert_eq!(redactor.redact(&once), once, "not idempotent on {text:?}");
        let header = redactor.redact_header("authorization", text);
        assert_eq!(redactor.redact_header("authorization", &header), header);
    }
});
