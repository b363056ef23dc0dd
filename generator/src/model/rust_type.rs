//! Rust types and paths a spec or a front end names (`rust:crate::UserId`,
//! an annotated field's own type, the runtime's module path), checked once
//! into a form that always prints as valid Rust.
//!
//! Token streams cannot be shared between the threads that format a large
//! service, so the model keeps the parsed shape, not the tokens.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;
use syn::ext::IdentExt;

/// An existing Rust type: a path with type arguments, or a tuple.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RustType {
    /// `a::b::C<T, U>`.
    Path(RustPath),
    /// `(A, B)`; `()` is the unit type.
    Tuple(Vec<RustType>),
}

/// A path of identifiers, each segment with its type arguments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RustPath {
    global: bool,
    segments: Vec<Segment>,
}

/// One segment of a [`RustPath`].
#[derive(Debug, Clone, PartialEq, Eq)]
struct Segment {
    /// The identifier without `r#`; it was parsed, so it is a valid identifier.
    name: String,
    /// Written `r#name`.
    raw: bool,
    args: Vec<RustType>,
}

impl RustType {
    /// Parses `text`; the error says which forms are accepted.
    pub fn parse(text: &str) -> Result<RustType, String> {
        let ty = syn::parse_str::<syn::Type>(text).map_err(|e| format!("`{text}` is not a Rust type: {e}"))?;
        RustType::from_syn(&ty).ok_or_else(|| {
            format!(
                "`{text}` is not a type this field can name: write a path (`crate::UserId`, `Vec<a::B>`) or a tuple"
            )
        })
    }

    fn from_syn(ty: &syn::Type) -> Option<RustType> {
        match ty {
            syn::Type::Path(path) if path.qself.is_none() => RustPath::from_syn(&path.path).map(RustType::Path),
            syn::Type::Tuple(tuple) => tuple
                .elems
                .iter()
                .map(RustType::from_syn)
                .collect::<Option<_>>()
                .map(RustType::Tuple),
            syn::Type::Paren(inner) => RustType::from_syn(&inner.elem),
            syn::Type::Group(inner) => RustType::from_syn(&inner.elem),
            _ => None,
        }
    }

    fn is_one_tuple(&self) -> bool {
        matches!(self, RustType::Tuple(items) if items.len() == 1)
    }

    /// The type as tokens.
    pub fn tokens(&self) -> TokenStream {
        match self {
            RustType::Path(path) => path.tokens(),
            RustType::Tuple(items) => {
                let items = items.iter().map(RustType::tokens);
                if self.is_one_tuple() {
                    quote!((#(#items)*,))
                } else {
                    quote!((#(#items),*))
                }
            }
        }
    }
}

impl RustPath {
    /// Parses a module path such as `::apigen_runtime` or `crate::runtime`
    /// (no type arguments).
    pub fn parse_module(text: &str) -> Result<RustPath, String> {
        let path = syn::parse_str::<syn::Path>(text).map_err(|e| format!("`{text}` is not a Rust path: {e}"))?;
        RustPath::module(&path).ok_or_else(|| format!("`{text}` is a type, not a module path"))
    }

    /// A path of plain identifiers the generator itself writes (`crate::runtime`).
    pub(crate) fn known(global: bool, names: &[&'static str]) -> RustPath {
        let segments = names
            .iter()
            .map(|name| Segment {
                name: (*name).to_owned(),
                raw: false,
                args: Vec::new(),
            })
            .collect();
        RustPath { global, segments }
    }

    /// A module path from parsed tokens (a macro argument).
    pub fn module(path: &syn::Path) -> Option<RustPath> {
        RustPath::from_syn(path).filter(|p| p.segments.iter().all(|s| s.args.is_empty()))
    }

    fn from_syn(path: &syn::Path) -> Option<RustPath> {
        let segments = path
            .segments
            .iter()
            .map(|segment| {
                let args = match &segment.arguments {
                    syn::PathArguments::None => Vec::new(),
                    syn::PathArguments::AngleBracketed(args) => args
                        .args
                        .iter()
                        .map(|arg| match arg {
                            syn::GenericArgument::Type(ty) => RustType::from_syn(ty),
                            _ => None,
                        })
                        .collect::<Option<_>>()?,
                    syn::PathArguments::Parenthesized(_) => return None,
                };
                let raw = segment.ident.to_string().starts_with("r#");
                Some(Segment {
                    name: segment.ident.unraw().to_string(),
                    raw,
                    args,
                })
            })
            .collect::<Option<Vec<_>>>()?;
        Some(RustPath {
            global: path.leading_colon.is_some(),
            segments,
        })
    }

    /// The path as tokens.
    pub fn tokens(&self) -> TokenStream {
        let global = self.global.then(|| quote!(::));
        let segments = self.segments.iter().map(|segment| {
            let ident = if segment.raw {
                Ident::new_raw(&segment.name, Span::call_site())
            } else {
                Ident::new(&segment.name, Span::call_site())
            };
            if segment.args.is_empty() {
                quote!(#ident)
            } else {
                let args = segment.args.iter().map(RustType::tokens);
                quote!(#ident<#(#args),*>)
            }
        });
        quote!(#global #(#segments)::*)
    }

    /// The path as Rust writes it (`::apigen_runtime`), for paths inside
    /// attribute strings such as serde's `deserialize_with`.
    pub fn text(&self) -> String {
        self.tokens().to_string().replace(' ', "")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_print_as_written() {
        for text in [
            "crate::UserId",
            "::a::B<Vec<c::D>, String>",
            "(i64, String)",
            "(u8,)",
            "r#type::X",
            "()",
        ] {
            let ty = RustType::parse(text).unwrap();
            assert_eq!(ty.tokens().to_string().replace(' ', ""), text.replace(' ', ""));
        }
    }

    #[test]
    fn other_forms_are_refused_with_the_accepted_ones() {
        for text in ["&str", "[u8; 4]", "fn(i64)", "dyn Tr", "<T as Tr>::X"] {
            let error = RustType::parse(text).unwrap_err();
            assert!(error.contains("write a path"), "{text}: {error}");
        }
        assert!(RustType::parse("not a type")
            .unwrap_err()
            .contains("is not a Rust type"));
    }

    #[test]
    fn module_paths_have_no_type_arguments() {
        assert_eq!(
            RustPath::parse_module("::apigen_runtime").unwrap().text(),
            "::apigen_runtime"
        );
        assert_eq!(
            RustPath::parse_module("crate::runtime").unwrap().text(),
            "crate::runtime"
        );
        assert!(RustPath::parse_module("a::B<C>").is_err());
        assert!(RustPath::parse_module("a b").is_err());
    }
}
