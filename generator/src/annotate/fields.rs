//! The annotated struct's fields as request parameters: where each goes
//! (`#[path]`, `#[query]`, `#[body]`), its wire name and its spec type.

use proc_macro2::Span;
use quote::ToTokens;
use syn::spanned::Spanned;
use syn::{Attribute, Fields, GenericArgument, ItemStruct, PathArguments, Type};

use super::attr::push;

/// Where a field goes on the wire.
pub const LOCATIONS: [&str; 3] = ["path", "query", "body"];

/// One field as a request parameter.
pub struct Param {
    /// The Rust field name.
    pub rust: String,
    /// The wire name.
    pub wire: String,
    /// `path`, `query` or `body`.
    pub location: &'static str,
    /// Spec type expression (`string`, `integer[]`, `rust:crate::X`).
    pub ty: String,
    /// Not an `Option`.
    pub required: bool,
    /// The field's doc comment.
    pub description: Option<String>,
    /// The field, for diagnostics.
    pub span: Span,
}

/// The struct's fields, collecting every problem.
pub fn params(item: &ItemStruct, problems: &mut Option<syn::Error>) -> Vec<Param> {
    if !item.generics.params.is_empty() {
        push(
            problems,
            syn::Error::new(item.generics.span(), "an endpoint struct cannot be generic"),
        );
    }
    let Fields::Named(named) = &item.fields else {
        if !matches!(item.fields, Fields::Unit) {
            push(
                problems,
                syn::Error::new(item.fields.span(), "an endpoint struct has named fields (or none)"),
            );
        }
        return Vec::new();
    };
    let mut out = Vec::new();
    for field in &named.named {
        let Some(ident) = &field.ident else { continue };
        match location(&field.attrs) {
            Ok(Some((location, wire))) => {
                let (ty, required) = spec_type(&field.ty);
                out.push(Param {
                    rust: ident.to_string(),
                    wire: wire.unwrap_or_else(|| ident.to_string()),
                    location,
                    ty,
                    required,
                    description: doc_text(&field.attrs),
                    span: ident.span(),
                });
            }
            Ok(None) => push(
                problems,
                syn::Error::new(
                    ident.span(),
                    format!("say where `{ident}` goes: `#[path]`, `#[query]` or `#[body]`"),
                ),
            ),
            Err(e) => push(problems, e),
        }
    }
    out
}

/// `#[query]` or `#[query(name = "wireName")]` → (location, wire name).
fn location(attrs: &[Attribute]) -> syn::Result<Option<(&'static str, Option<String>)>> {
    let mut found = None;
    for attr in attrs {
        let Some(location) = LOCATIONS.iter().find(|l| attr.path().is_ident(l)) else {
            continue;
        };
        if found.is_some() {
            return Err(syn::Error::new(attr.span(), "a field goes to one place only"));
        }
        let mut wire = None;
        if !matches!(attr.meta, syn::Meta::Path(_)) {
            attr.parse_nested_meta(|meta| {
                if meta.path.is_ident("name") {
                    wire = Some(meta.value()?.parse::<syn::LitStr>()?.value());
                    Ok(())
                } else {
                    Err(meta.error(format!("`#[{location}(...)]` takes only `name = \"wireName\"`")))
                }
            })?;
        }
        found = Some((*location, wire));
    }
    Ok(found)
}

/// The field type as a spec type; `Option<T>` is optional.
fn spec_type(ty: &Type) -> (String, bool) {
    match generic_arg(ty, "Option") {
        Some(inner) => (inner_type(inner), false),
        None => (inner_type(ty), true),
    }
}

fn inner_type(ty: &Type) -> String {
    if let Some(item) = generic_arg(ty, "Vec") {
        let item = inner_type(item);
        if !item.starts_with("rust:") {
            return format!("{item}[]");
        }
    }
    let text = ty.to_token_stream().to_string().replace(' ', "");
    match text.as_str() {
        "String" => "string".to_owned(),
        "i64" => "integer".to_owned(),
        "f64" => "number".to_owned(),
        "bool" => "boolean".to_owned(),
        _ => format!("rust:{text}"),
    }
}

/// `T` of `Wrapper<T>` (by the last path segment).
fn generic_arg<'a>(ty: &'a Type, wrapper: &str) -> Option<&'a Type> {
    let Type::Path(path) = ty else { return None };
    let last = path.path.segments.last()?;
    if last.ident != wrapper {
        return None;
    }
    let PathArguments::AngleBracketed(args) = &last.arguments else {
        return None;
    };
    match args.args.first()? {
        GenericArgument::Type(inner) => Some(inner),
        _ => None,
    }
}

/// The text of `///` comments.
pub fn doc_text(attrs: &[Attribute]) -> Option<String> {
    let lines: Vec<String> = attrs
        .iter()
        .filter(|a| a.path().is_ident("doc"))
        .filter_map(|a| match &a.meta {
            syn::Meta::NameValue(nv) => match &nv.value {
                syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(s), ..
                }) => Some(s.value().trim().to_owned()),
                _ => None,
            },
            _ => None,
        })
        .collect();
    let text = lines.join("\n").trim().to_owned();
    (!text.is_empty()).then_some(text)
}

/// The struct without this macro's field attributes (what is left when
/// the annotation has problems, so the name still exists).
pub fn strip(item: &ItemStruct) -> ItemStruct {
    let mut item = item.clone();
    if let Fields::Named(named) = &mut item.fields {
        for field in &mut named.named {
            field.attrs.retain(|a| !LOCATIONS.iter().any(|l| a.path().is_ident(l)));
        }
    }
    item
}
