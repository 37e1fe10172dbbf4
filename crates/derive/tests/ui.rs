//! Compile-time guarantees of `#[derive(PublicError)]`: what must not compile does not.
//!
//! trybuild compiles each case in `target/tests/trybuild/tightlip-derive`, which is the
//! `CARGO_MANIFEST_DIR` the derive resolves catalogs against, so the cases name their
//! catalog relative to that directory.

#[test]
fn ui() {
    let cases = trybuild::TestCases::new();
    cases.pass("tests/ui/pass_*.rs");
    cases.compile_fail("tests/ui/unknown_code.rs");
    cases.compile_fail("tests/ui/private_field_in_template.rs");
    cases.compile_fail("tests/ui/placeholder_not_in_catalog.rs");
    cases.compile_fail("tests/ui/missing_placeholder_field.rs");
    cases.compile_fail("tests/ui/variant_without_side.rs");
    cases.compile_fail("tests/ui/public_field_on_internal.rs");
    cases.compile_fail("tests/ui/missing_catalog_file.rs");
}
