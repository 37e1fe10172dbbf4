//! Arbitrary gateway configuration files: parsing never panics, and every error names a
//! place inside the file.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tightlip_gateway::{ConfigError, GatewayConfig};

fuzz_target!(|source: &str| {
    let lines = source.lines().count().max(1);
    match GatewayConfig::parse(source, "fuzz.toml") {
        Ok(config) => {
            // What parsed has somewhere to send requests.
            assert!(!config.upstream.is_empty() || !config.routes.is_empty());
        }
        Err(ConfigError::Invalid { line, column, message, .. }) => {
            assert!(line >= 1 && line <= lines + 1, "line {line} of {lines}");
            assert!(column >= 1);
            assert!(!message.is_empty());
        }
        Err(other) => panic!("parse does no reading: {other}"),
    }
});
