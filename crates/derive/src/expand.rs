//! The generated impls.

use crate::catalog::{self, Loaded};
use crate::parse::{Parsed, Side};
use proc_macro2::TokenStream;
use quote::quote;
use syn::DeriveInput;

pub fn expand(input: &DeriveInput, parsed: &Parsed) -> syn::Result<TokenStream> {
    let loaded: Option<Loaded> = parsed.catalog.as_ref().map(catalog::load).transpose()?;
    let relative = parsed
        .catalog
        .as_ref()
        .map(|reference| reference.path.value())
        .unwrap_or_default();
    let mut arms = Vec::new();
    for variant in &parsed.variants {
        let entry = match &loaded {
            Some(loaded) => catalog::check(loaded, &relative, variant)?,
            None => None,
        };
        let ident = &variant.ident;
        let arm = match &variant.side {
            Side::Internal => quote! {
                Self::#ident { .. } => ::tightlip_tower::Exposure::Internal,
            },
            Side::Public { code } => {
                let names: Vec<_> = variant.public_fields.iter().map(|f| &f.ident).collect();
                let keys: Vec<String> = names.iter().map(ToString::to_string).collect();
                let vetted = entry.map_or_else(
                    || quote!(::core::option::Option::None),
                    |entry| {
                        let status = entry.status;
                        let title = &entry.title;
                        let detail = entry.detail.as_ref().map_or_else(
                            || quote!(::core::option::Option::None),
                            |detail| quote!(::core::option::Option::Some(#detail)),
                        );
                        quote!(::core::option::Option::Some(::tightlip_tower::Vetted {
                            status: #status,
                            title: #title,
                            detail: #detail,
                        }))
                    },
                );
                quote! {
                    Self::#ident { #(#names,)* .. } => ::tightlip_tower::Exposure::Public(
                        ::tightlip_tower::PublicView {
                            code: #code,
                            vetted: #vetted,
                            args: ::std::vec![#((#keys, ::std::string::ToString::to_string(#names)),)*],
                        }
                    ),
                }
            }
        };
        arms.push(arm);
    }
    let name = &input.ident;
    let (impl_generics, ty_generics, where_clause) = input.generics.split_for_impl();
    let rebuild = loaded.map(|loaded| {
        let path = loaded.path.display().to_string();
        quote!(
            const _: &[u8] = ::core::include_bytes!(#path);
        )
    });
    Ok(quote! {
        impl #impl_generics ::tightlip_tower::PublicError for #name #ty_generics #where_clause {
            fn exposure(&self) -> ::tightlip_tower::Exposure {
                match self {
                    #(#arms)*
                }
            }
        }

        impl #impl_generics ::core::convert::From<#name #ty_generics> for ::tightlip_tower::Problem #where_clause {
            fn from(error: #name #ty_generics) -> Self {
                ::tightlip_tower::PublicError::to_problem(&error)
            }
        }

        ::tightlip_tower::__into_response!([#impl_generics] [#name #ty_generics] [#where_clause]);

        #rebuild
    })
}
