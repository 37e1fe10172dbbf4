//! Arbitrary upstream responses through the gateway's own reading of them: disguise
//! sniffing and every kind of mapping rule. Never panics; a code comes only from a rule.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;
use tightlip_gateway::fuzzing::{rules, upstream_response};

static RULES: OnceLock<Vec<tightlip_gateway::MappingRule>> = OnceLock::new();

fuzz_target!(|input: (u16, Vec<(Vec<u8>, Vec<u8>)>, Vec<u8>)| {
    let (status, raw_headers, body) = input;
    let rules = RULES.get_or_init(rules);
    let headers: Vec<(&[u8], &[u8])> = raw_headers
        .iter()
        .map(|(name, value)| (name.as_slice(), value.as_slice()))
        .collect();
    let (_, disguised, code) = upstream_response(rules, status, &headers, &body);
    if disguised.is_some() {
        // Only a JSON object can be an error in disguise.
        assert!(serde_json::from_slice::<serde_json::Map<String, serde_json::Value>>(&body).is_ok());
    }
    if let Some(code) = code {
        assert!(rules.iter().any(|rule| *rule.code.get_ref() == code));
    }
});
