//! The catalog read at compile time, and the checks of each public variant against it.

use crate::parse::{CatalogRef, Side, Variant};
use std::path::PathBuf;
use tightlip_core::Catalog;
use tightlip_core::catalog::Entry;

/// The catalog file, loaded and resolved over the built-in catalog.
pub struct Loaded {
    pub catalog: Catalog,
    /// Absolute path, so the expansion can make cargo rebuild when the file changes.
    pub path: PathBuf,
}

/// Reads the catalog relative to `CARGO_MANIFEST_DIR`; errors are spanned on the path.
pub fn load(reference: &CatalogRef) -> syn::Result<Loaded> {
    let relative = reference.path.value();
    let base = std::env::var_os("CARGO_MANIFEST_DIR").map_or_else(PathBuf::new, PathBuf::from);
    let path = base.join(&relative);
    let source = std::fs::read_to_string(&path).map_err(|error| {
        syn::Error::new(
            reference.path.span(),
            format!(
                "cannot read catalog `{relative}` ({}): {error}",
                path.display()
            ),
        )
    })?;
    let catalog = Catalog::from_toml(&source, &relative).map_err(|error| {
        syn::Error::new(reference.path.span(), format!("invalid catalog: {error}"))
    })?;
    Ok(Loaded { catalog, path })
}

/// Checks one public variant: the code exists, every placeholder of its details has a
/// `#[public]` field, and every `#[public]` field is a declared placeholder.
pub fn check(loaded: &Loaded, relative: &str, variant: &Variant) -> syn::Result<Option<Entry>> {
    let Side::Public { code } = &variant.side else {
        return Ok(None);
    };
    let Some(entry) = loaded.catalog.entry(&code.value()) else {
        return Err(syn::Error::new(
            code.span(),
            format!(
                "unknown code `{}`: catalog `{relative}` has no such entry",
                code.value()
            ),
        ));
    };
    let details = entry.detail.iter().chain(
        entry
            .translations
            .values()
            .filter_map(|t| t.detail.as_ref()),
    );
    for detail in details {
        for name in tightlip_core::template::placeholder_names(detail) {
            if variant
                .public_fields
                .iter()
                .any(|field| field.ident == name)
            {
                continue;
            }
            if let Some(private) = variant.private_fields.iter().find(|field| *field == name) {
                return Err(syn::Error::new(
                    private.span(),
                    format!(
                        "field `{name}` fills `{{{name}}}` in the catalog detail of `{}` but is not #[public]; only #[public] fields may appear outside",
                        entry.code
                    ),
                ));
            }
            return Err(syn::Error::new(
                code.span(),
                format!(
                    "the catalog detail of `{}` uses `{{{name}}}`, but variant `{}` has no #[public] field `{name}`",
                    entry.code, variant.ident
                ),
            ));
        }
    }
    for field in &variant.public_fields {
        let name = field.ident.to_string();
        if !entry.placeholders.contains(&name) {
            return Err(syn::Error::new(
                field.attr,
                format!(
                    "catalog `{relative}` declares no placeholder `{name}` for `{}`; add it to `placeholders` or drop #[public]",
                    entry.code
                ),
            ));
        }
    }
    Ok(Some(entry.clone()))
}
