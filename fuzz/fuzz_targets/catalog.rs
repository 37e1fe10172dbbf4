//! Arbitrary catalog files: loading never panics and every finding points into the file.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tightlip_core::catalog::CatalogBuilder;

fuzz_target!(|source: &str| {
    let mut builder = CatalogBuilder::new();
    let lines = source.lines().count().max(1);
    match builder.add_toml(source, "fuzz.toml") {
        Ok(()) => {
            let lint = builder.finish();
            for diagnostic in &lint.diagnostics {
                assert!(diagnostic.location.line >= 1 && diagnostic.location.line <= lines + 1);
                assert!(!diagnostic.message.is_empty());
            }
            // Whatever resolved must render.
            for entry in lint.catalog.entries() {
                let problem = lint.catalog.problem(&entry.code, Some("de-CH, fr;q=0.5")).unwrap();
                let _ = problem.render(tightlip_core::Format::Problem);
            }
        }
        Err(error) => assert!(error.location.line >= 1),
    }
});
