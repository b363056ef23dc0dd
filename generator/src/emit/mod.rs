//! Emit: one token stream per service, from the checked [`crate::model`].
//!
//! Every shared type and the common error table are emitted once per
//! service; endpoints add only their own request, response and error items.
//! Generic behaviour lives in the client crate's runtime (`rt`), so the
//! generated code is mostly data and derives.

mod endpoint;
mod errors;
mod types;

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use crate::model::{MacStyle, Service, TypeRef};

/// Choices that differ between front ends.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Path of the runtime module (`crate::runtime` inside the client crate,
    /// `::apigen_clients::runtime` elsewhere).
    pub runtime_path: syn::Path,
    /// Emit a `#[cfg(test)]` test per documented example.
    pub example_tests: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            runtime_path: syn::parse_quote!(crate::runtime),
            example_tests: true,
        }
    }
}

impl Settings {
    /// Sets the runtime module path.
    pub fn with_runtime_path(mut self, path: syn::Path) -> Self {
        self.runtime_path = path;
        self
    }

    /// Turns the example tests on or off.
    pub fn with_example_tests(mut self, on: bool) -> Self {
        self.example_tests = on;
        self
    }
}

/// The items of one service module.
pub fn service(service: &Service, settings: &Settings) -> TokenStream {
    let runtime = &settings.runtime_path;
    let descriptor = endpoint::service_descriptor(service);
    let rows = errors::ErrorRows::new(service);
    let error_rows = rows.tokens();
    let common = errors::common_errors(service, &rows);
    let type_index = service.type_index();
    let types = service.types.iter().map(|def| types::type_def(def, &type_index));
    let endpoints = service.endpoints.iter().map(|e| endpoint::endpoint(service, e, &rows));
    let helpers = types::item_list_helpers(service);
    let tests = settings.example_tests.then(|| endpoint::example_tests(service));
    quote! {
        use #runtime as rt;
        #descriptor
        #error_rows
        #common
        #(#types)*
        #(#endpoints)*
        #helpers
        #tests
    }
}

/// `#[doc]` attributes, one per line, so rustdoc and prettyplease show `/// line`.
pub(crate) fn docs<'a>(paragraphs: impl IntoIterator<Item = &'a str>) -> TokenStream {
    let mut lines = Vec::new();
    for (i, paragraph) in paragraphs.into_iter().enumerate() {
        if i > 0 {
            lines.push(String::new());
        }
        lines.extend(paragraph.lines().map(|line| format!(" {}", line.trim_end())));
    }
    quote! { #(#[doc = #lines])* }
}

/// A string literal.
pub(crate) fn lit(text: &str) -> Literal {
    Literal::string(text)
}

/// `Some("x")` or `None`.
pub(crate) fn opt_lit(text: Option<&str>) -> TokenStream {
    match text {
        Some(text) => quote!(Some(#text)),
        None => quote!(None),
    }
}

/// An integer literal without a type suffix (`-5`, not `-5i64`).
pub(crate) fn int_lit(value: i64) -> TokenStream {
    let abs = Literal::u64_unsuffixed(value.unsigned_abs());
    if value < 0 {
        quote!(-#abs)
    } else {
        quote!(#abs)
    }
}

/// The Rust type of a field type.
pub(crate) fn type_tokens(ty: &TypeRef) -> TokenStream {
    match ty {
        TypeRef::String => quote!(String),
        TypeRef::Integer => quote!(i64),
        TypeRef::Number => quote!(f64),
        TypeRef::Boolean => quote!(bool),
        TypeRef::Json => quote!(rt::Json),
        TypeRef::MacAddress(MacStyle::ColonLower) => quote!(rt::MacAddress<rt::ColonLower>),
        TypeRef::MacAddress(MacStyle::DashUpper) => quote!(rt::MacAddress<rt::DashUpper>),
        TypeRef::Day => quote!(rt::Day),
        TypeRef::Named(name) => {
            let ident = format_ident!("{}", name);
            quote!(#ident)
        }
        TypeRef::Array(inner) => {
            let inner = type_tokens(inner);
            quote!(Vec<#inner>)
        }
    }
}
