//! Reading the enum: which variants are public, with which code and fields.

use proc_macro2::Span;
use syn::spanned::Spanned;
use syn::{Data, DeriveInput, Fields, Ident, LitStr};

/// The `#[tightlip(catalog = "...")]` attribute.
pub struct CatalogRef {
    pub path: LitStr,
}

/// What one variant shows outside.
pub enum Side {
    /// `#[public(code = "...")]`.
    Public { code: LitStr },
    /// `#[internal]`.
    Internal,
}

/// A field marked `#[public]`.
pub struct PublicField {
    pub ident: Ident,
    /// The span of the `#[public]` attribute.
    pub attr: Span,
}

/// One variant as the derive sees it.
pub struct Variant {
    pub ident: Ident,
    pub side: Side,
    pub public_fields: Vec<PublicField>,
    /// Named fields not marked `#[public]`.
    pub private_fields: Vec<Ident>,
}

/// The whole enum.
pub struct Parsed {
    pub catalog: Option<CatalogRef>,
    pub variants: Vec<Variant>,
}

pub fn parse(input: &DeriveInput) -> syn::Result<Parsed> {
    let Data::Enum(data) = &input.data else {
        return Err(syn::Error::new(
            input.ident.span(),
            "#[derive(PublicError)] is for enums: each variant says what the outside may see",
        ));
    };
    let mut catalog = None;
    for attr in &input.attrs {
        if attr.path().is_ident("tightlip") {
            attr.parse_nested_meta(|meta| {
                if meta.path.is_ident("catalog") {
                    catalog = Some(CatalogRef {
                        path: meta.value()?.parse()?,
                    });
                    Ok(())
                } else {
                    Err(meta.error("expected `catalog = \"path/to/errors.toml\"`"))
                }
            })?;
        }
    }
    let mut errors: Option<syn::Error> = None;
    let mut variants = Vec::new();
    for variant in &data.variants {
        match parse_variant(variant) {
            Ok(parsed) => variants.push(parsed),
            Err(error) => match &mut errors {
                Some(all) => all.combine(error),
                None => errors = Some(error),
            },
        }
    }
    match errors {
        Some(errors) => Err(errors),
        None => Ok(Parsed { catalog, variants }),
    }
}

fn parse_variant(variant: &syn::Variant) -> syn::Result<Variant> {
    let mut side = None;
    for attr in &variant.attrs {
        if attr.path().is_ident("public") {
            let mut code = None;
            attr.parse_nested_meta(|meta| {
                if meta.path.is_ident("code") {
                    code = Some(meta.value()?.parse::<LitStr>()?);
                    Ok(())
                } else {
                    Err(meta.error("expected `code = \"CATALOG_CODE\"`"))
                }
            })?;
            let code = code.ok_or_else(|| {
                syn::Error::new(attr.span(), "expected #[public(code = \"CATALOG_CODE\")]")
            })?;
            if !is_code(&code.value()) {
                return Err(syn::Error::new(
                    code.span(),
                    "catalog codes are upper-case letters, digits and `_`, starting with a letter, 3-64 long",
                ));
            }
            set_side(&mut side, Side::Public { code }, attr)?;
        } else if attr.path().is_ident("internal") {
            attr.meta.require_path_only()?;
            set_side(&mut side, Side::Internal, attr)?;
        }
    }
    let side = side.ok_or_else(|| {
        syn::Error::new(
            variant.ident.span(),
            format!(
                "variant `{}` must say what the outside may see: add #[public(code = \"...\")] or #[internal]",
                variant.ident
            ),
        )
    })?;
    let mut public_fields = Vec::new();
    let mut private_fields = Vec::new();
    for field in &variant.fields {
        let marker = field
            .attrs
            .iter()
            .find(|attr| attr.path().is_ident("public"));
        match (marker, &field.ident, &side) {
            (Some(attr), _, Side::Internal) => {
                return Err(syn::Error::new(
                    attr.path().span(),
                    "an #[internal] variant shows nothing outside; its fields cannot be #[public]",
                ));
            }
            (Some(attr), None, _) => {
                return Err(syn::Error::new(
                    attr.path().span(),
                    "only named fields can be #[public]: the name is the catalog placeholder",
                ));
            }
            (Some(attr), Some(ident), Side::Public { .. }) => {
                attr.meta.require_path_only()?;
                public_fields.push(PublicField {
                    ident: ident.clone(),
                    attr: attr.path().span(),
                });
            }
            (None, Some(ident), _) => private_fields.push(ident.clone()),
            (None, None, _) => {}
        }
    }
    if matches!(variant.fields, Fields::Unnamed(_)) && !public_fields.is_empty() {
        unreachable!("unnamed fields were refused above");
    }
    Ok(Variant {
        ident: variant.ident.clone(),
        side,
        public_fields,
        private_fields,
    })
}

fn set_side(side: &mut Option<Side>, new: Side, attr: &syn::Attribute) -> syn::Result<()> {
    if side.is_some() {
        return Err(syn::Error::new(
            attr.span(),
            "a variant is either #[public(...)] or #[internal], once",
        ));
    }
    *side = Some(new);
    Ok(())
}

/// `^[A-Z][A-Z0-9_]{2,63}$`, the catalog's rule for codes.
fn is_code(code: &str) -> bool {
    let mut bytes = code.bytes();
    matches!(bytes.next(), Some(b'A'..=b'Z'))
        && (3..=64).contains(&code.len())
        && bytes.all(|b| matches!(b, b'A'..=b'Z' | b'0'..=b'9' | b'_'))
}
