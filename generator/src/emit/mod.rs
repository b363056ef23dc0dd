//! Emit: one token stream per service, from the checked [`crate::model`].
//!
//! Every shared type and the common error table are emitted once per
//! service; endpoints add only their own request, response and error items.
//! Generic behaviour lives in the client crate's runtime (`rt`), so the
//! generated code is mostly data and derives.

mod client;
mod endpoint;
mod errors;
mod paging;
mod types;

use std::collections::HashMap;
use std::ops::Range;

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use crate::model::{Endpoint, MacStyle, Service, TypeDef, TypeRef};

/// Choices that differ between front ends.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Path of the runtime module: `crate::runtime` inside the client crate,
    /// `::apigen_clients::runtime` elsewhere. Kept as text so settings can be
    /// shared with the threads that format large services.
    runtime_path: String,
    /// Emit a `#[cfg(test)]` test per documented example.
    pub example_tests: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            runtime_path: "crate::runtime".to_owned(),
            example_tests: true,
        }
    }
}

impl Settings {
    /// Sets the runtime module path; it must be a Rust path.
    pub fn with_runtime_path(mut self, path: &str) -> Result<Self, syn::Error> {
        syn::parse_str::<syn::Path>(path)?;
        self.runtime_path = path.to_owned();
        Ok(self)
    }

    /// Turns the example tests on or off.
    pub fn with_example_tests(mut self, on: bool) -> Self {
        self.example_tests = on;
        self
    }

    fn runtime_tokens(&self) -> TokenStream {
        // Checked in `with_runtime_path`; the default is a valid path.
        self.runtime_path.parse().unwrap_or_else(|_| quote!(crate::runtime))
    }
}

/// A slice of a service's items that can be generated and formatted on its own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Part {
    /// The runtime import, the service descriptor, error rows and common errors.
    Head,
    /// Some of the service's types.
    Types(Range<usize>),
    /// Some of the service's endpoints (error enum and descriptor impl).
    Endpoints(Range<usize>),
    /// The client, list helpers and the example tests.
    Tail,
}

/// Generates one service's items, whole or part by part.
///
/// Everything shared between parts (error rows, the type index) is computed
/// once; an `Emitter` is `Sync`, so parts can be generated on several threads.
pub struct Emitter<'a> {
    service: &'a Service,
    settings: Settings,
    rows: errors::ErrorRows<'a>,
    type_index: HashMap<&'a str, &'a TypeDef>,
}

impl<'a> Emitter<'a> {
    /// Prepares the shared tables of `service`.
    pub fn new(service: &'a Service, settings: &Settings) -> Self {
        Emitter {
            service,
            settings: settings.clone(),
            rows: errors::ErrorRows::new(service),
            type_index: service.type_index(),
        }
    }

    /// The parts of the service, with at most `chunk` types or endpoints each.
    pub fn parts(&self, chunk: usize) -> Vec<Part> {
        let chunk = chunk.max(1);
        let ranges = |len: usize| {
            (0..len)
                .step_by(chunk)
                .map(move |start| start..(start + chunk).min(len))
        };
        let mut parts = vec![Part::Head];
        parts.extend(ranges(self.service.types.len()).map(Part::Types));
        parts.extend(ranges(self.service.endpoints.len()).map(Part::Endpoints));
        parts.push(Part::Tail);
        parts
    }

    /// The items of one part.
    pub fn part(&self, part: &Part) -> TokenStream {
        let service = self.service;
        match part {
            Part::Head => {
                let runtime = self.settings.runtime_tokens();
                let descriptor = endpoint::service_descriptor(service);
                let error_rows = self.rows.tokens();
                let common = errors::common_errors(service, &self.rows);
                quote!(use #runtime as rt; #descriptor #error_rows #common)
            }
            Part::Types(range) => {
                let defs = service.types[range.clone()].iter();
                let types = defs.map(|def| types::type_def(def, &self.type_index));
                quote!(#(#types)*)
            }
            Part::Endpoints(range) => {
                let endpoints = service.endpoints[range.clone()].iter();
                let endpoints = endpoints.map(|e| endpoint::endpoint(service, e, &self.rows));
                quote!(#(#endpoints)*)
            }
            Part::Tail => {
                let client = client::client(service, &self.type_index);
                let helpers = types::item_list_helpers(service);
                let tests = self.settings.example_tests.then(|| endpoint::example_tests(service));
                quote!(#client #helpers #tests)
            }
        }
    }

    /// All items of the service.
    pub fn all(&self) -> TokenStream {
        self.parts(usize::MAX).iter().map(|part| self.part(part)).collect()
    }
}

/// The items of one service module.
pub fn service(service: &Service, settings: &Settings) -> TokenStream {
    Emitter::new(service, settings).all()
}

/// One endpoint of `service` emitted on its own (the annotation macro's
/// output): its request struct, error enum and impls, with the runtime
/// spelled `runtime` and the service's items (`SERVICE`, `CommonError`)
/// taken from the already generated `module`.
pub fn standalone_endpoint(
    service: &Service,
    endpoint: &Endpoint,
    runtime: &TokenStream,
    module: &TokenStream,
) -> TokenStream {
    let index = service.type_index();
    let request = index
        .get(endpoint.request_type.as_str())
        .map(|def| types::type_def(def, &index))
        .unwrap_or_default();
    let rows = errors::ErrorRows::inline();
    let items = endpoint::endpoint(service, endpoint, &rows);
    qualify(quote!(#request #items), runtime, module)
}

/// Spells out `rt::…`, `SERVICE` and `CommonError` for code that lives
/// outside its service's module.
fn qualify(stream: TokenStream, runtime: &TokenStream, module: &TokenStream) -> TokenStream {
    use proc_macro2::{Group, TokenTree};
    let tokens: Vec<TokenTree> = stream.into_iter().collect();
    let is_colon = |i: usize| matches!(tokens.get(i), Some(TokenTree::Punct(p)) if p.as_char() == ':');
    let mut out = TokenStream::new();
    for (i, token) in tokens.iter().enumerate() {
        let after_path = i >= 2 && is_colon(i - 1) && is_colon(i - 2);
        match token {
            TokenTree::Group(group) => {
                let mut inner = Group::new(group.delimiter(), qualify(group.stream(), runtime, module));
                inner.set_span(group.span());
                out.extend([TokenTree::Group(inner)]);
            }
            TokenTree::Ident(ident) if !after_path && ident == "rt" && is_colon(i + 1) && is_colon(i + 2) => {
                out.extend(runtime.clone());
            }
            TokenTree::Ident(ident) if !after_path && (ident == "SERVICE" || ident == "CommonError") => {
                out.extend(quote!(#module::#ident));
            }
            other => out.extend([other.clone()]),
        }
    }
    out
}

/// `#[doc]` attributes, one per line, so rustdoc and prettyplease show `/// line`.
pub(crate) fn docs<'a>(paragraphs: impl IntoIterator<Item = &'a str>) -> TokenStream {
    let mut lines = Vec::new();
    for (i, paragraph) in paragraphs.into_iter().enumerate() {
        if i > 0 {
            lines.push(String::new());
        }
        lines.extend(
            paragraph
                .lines()
                .map(|line| format!(" {}", markdown_safe(line.trim_end()))),
        );
    }
    quote! { #(#[doc = #lines])* }
}

/// Vendor text as rustdoc shows it literally: a `<` that does not open an
/// autolink is escaped (`Bearer <token>` is not an HTML tag) and bare URLs
/// become autolinks.
fn markdown_safe(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let mut rest = line;
    while let Some(c) = rest.chars().next() {
        let url_len = |text: &str| {
            text.find(|c: char| c.is_whitespace() || !c.is_ascii() || matches!(c, '<' | '>' | '"'))
                .unwrap_or(text.len())
        };
        if c == '<' && (rest[1..].starts_with("http://") || rest[1..].starts_with("https://")) {
            let end = rest.find('>').map_or(rest.len(), |i| i + 1);
            out.push_str(&rest[..end]);
            rest = &rest[end..];
        } else if c == '<' {
            out.push_str("&lt;");
            rest = &rest[1..];
        } else if rest.starts_with("http://") || rest.starts_with("https://") {
            let url = rest[..url_len(rest)].trim_end_matches(['.', ',', ';', ':', ')']);
            out.push('<');
            out.push_str(url);
            out.push('>');
            rest = &rest[url.len()..];
        } else {
            out.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    out
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

/// A type named in the model: a generated type's name, or a path to an
/// existing one (checked to parse when the spec was validated).
pub(crate) fn type_name(name: &str) -> TokenStream {
    match syn::parse_str::<syn::Type>(name) {
        Ok(ty) => quote!(#ty),
        Err(_) => {
            let message = format!("apigen: `{name}` is not a Rust type");
            quote!(::core::compile_error!(#message))
        }
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
        // Checked to parse when the spec was validated.
        TypeRef::Rust(path) => syn::parse_str::<syn::Type>(path)
            .map(|ty| quote!(#ty))
            .unwrap_or_else(|_| quote!(rt::Json)),
    }
}

#[cfg(test)]
mod tests {
    use super::markdown_safe;

    #[test]
    fn vendor_text_is_shown_literally() {
        assert_eq!(
            markdown_safe("Authorization: Bearer <token>"),
            "Authorization: Bearer &lt;token>"
        );
        assert_eq!(
            markdown_safe("请求帮助，https://applink.larkoffice.com/TLJpeNdW。"),
            "请求帮助，<https://applink.larkoffice.com/TLJpeNdW>。"
        );
        assert_eq!(markdown_safe("see <https://x.y/z> now"), "see <https://x.y/z> now");
        assert_eq!(markdown_safe("at https://a.b/c."), "at <https://a.b/c>.");
    }
}
