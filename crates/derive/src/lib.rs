//! `#[derive(PublicError)]`: error enums whose every variant says what the outside may see.
//!
//! Each variant is `#[public(code = "CODE")]` (status, title and detail from the catalog;
//! only fields marked `#[public]` fill the detail's placeholders) or `#[internal]` (a
//! generic 500 outside; Display, Debug and the source chain go to the incident). With
//! `#[tightlip(catalog = "errors.toml")]` the catalog is read at compile time, relative to
//! `CARGO_MANIFEST_DIR`, and an unknown code or a placeholder mismatch is a compile error.
//! The expansion refers to `tightlip_tower`; use the derive through that crate.

mod catalog;
mod expand;
mod parse;

use proc_macro::TokenStream;

/// Derives `tightlip_tower::PublicError`, `From<T> for Problem` and (with the `axum`
/// feature of tightlip-tower) axum's `IntoResponse`.
#[proc_macro_derive(PublicError, attributes(public, internal, tightlip))]
pub fn derive_public_error(input: TokenStream) -> TokenStream {
    let input = syn::parse_macro_input!(input as syn::DeriveInput);
    parse::parse(&input)
        .and_then(|parsed| expand::expand(&input, &parsed))
        .unwrap_or_else(syn::Error::into_compile_error)
        .into()
}
