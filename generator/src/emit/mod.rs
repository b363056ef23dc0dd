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

use std::ops::Range;

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use crate::model::{EndpointDef, MacStyle, ResponseType, RustPath, Service, TypeRef};
use crate::naming;

/// Choices that differ between front ends.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The runtime's module: `crate::runtime` inside the client crate,
    /// `::apigen_runtime` elsewhere.
    runtime: RustPath,
    /// Where the service's own items (`SERVICE`, `CommonError`) are, for an
    /// endpoint emitted outside its service's module; `None` when they are
    /// in scope (a whole service module is being emitted).
    service_module: Option<RustPath>,
    /// Emit a `#[cfg(test)]` test per documented example.
    pub example_tests: bool,
    /// When the serde direction a client does not need is compiled too.
    pub round_trip: RoundTrip,
}

/// When generated types get the serde direction a client does not need
/// (`Deserialize` for requests, `Serialize` for responses).
///
/// A client only encodes requests and decodes replies, so each type derives
/// the direction its endpoints use; deriving both doubles what serde
/// generates. Sandboxes, mocks and the example tests need the other
/// direction, and get it where this says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RoundTrip {
    /// Under `cfg(test)` only: the generated code's own example tests.
    Tests,
    /// Under `cfg(test)` and when this cargo feature of the crate that
    /// compiles the code is on.
    TestsOrFeature(String),
    /// Always.
    Always,
}

impl RoundTrip {
    /// The `cfg` predicate of the other direction; `None` when it is always on.
    fn predicate(&self) -> Option<TokenStream> {
        match self {
            RoundTrip::Tests => Some(quote!(test)),
            RoundTrip::TestsOrFeature(feature) => Some(quote!(any(test, feature = #feature))),
            RoundTrip::Always => None,
        }
    }
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            runtime: RustPath::known(false, &["crate", "runtime"]),
            service_module: None,
            example_tests: true,
            round_trip: RoundTrip::Tests,
        }
    }
}

impl Settings {
    /// Sets the runtime's module path, e.g. `::apigen_runtime`.
    pub fn with_runtime_path(self, path: &str) -> Result<Self, String> {
        Ok(self.with_runtime(RustPath::parse_module(path)?))
    }

    /// Sets the runtime's module path.
    pub fn with_runtime(mut self, path: RustPath) -> Self {
        self.runtime = path;
        self
    }

    /// Says where the service's generated module is, for endpoints emitted
    /// outside it (the annotation macro's output).
    pub fn with_service_module(mut self, path: RustPath) -> Self {
        self.service_module = Some(path);
        self
    }

    /// Turns the example tests on or off.
    pub fn with_example_tests(mut self, on: bool) -> Self {
        self.example_tests = on;
        self
    }

    /// Says when the serde direction a client does not need is compiled.
    pub fn with_round_trip(mut self, round_trip: RoundTrip) -> Self {
        self.round_trip = round_trip;
        self
    }

    /// How generated code names the runtime and the service's items.
    fn paths(&self, standalone: bool) -> Paths {
        if standalone {
            let service = self.service_module.iter().map(|m| {
                let module = m.tokens();
                quote!(#module::)
            });
            Paths {
                rt_text: self.runtime.text(),
                rt: self.runtime.tokens(),
                service: service.collect(),
                round_trip: self.round_trip.predicate(),
            }
        } else {
            // A whole module imports the runtime once as `rt`.
            Paths {
                rt: quote!(rt),
                rt_text: "rt".to_owned(),
                service: TokenStream::new(),
                round_trip: self.round_trip.predicate(),
            }
        }
    }
}

/// How emitted code spells the runtime (`rt` in a service module, its full
/// path elsewhere) and the service's own items.
pub(crate) struct Paths {
    /// The runtime's path.
    pub(crate) rt: TokenStream,
    /// The same, as text for serde's string attributes.
    pub(crate) rt_text: String,
    /// `module::` before `SERVICE` and `CommonError`, or nothing.
    pub(crate) service: TokenStream,
    /// The `cfg` under which the serde direction a type does not need is
    /// compiled too; `None` for always.
    pub(crate) round_trip: Option<TokenStream>,
}

/// A slice of a service's items that can be generated and formatted on its own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Part {
    /// The runtime import, the service descriptor, its auth schemes, error
    /// rows, common errors and the error type of endpoints without a table.
    Head,
    /// Some of the service's shared types.
    Types(Range<usize>),
    /// Some of the service's endpoints (their types, error enum and descriptor impl).
    Endpoints(Range<usize>),
    /// The client, list helpers and the example tests.
    Tail,
}

/// Generates one service's items, whole or part by part.
///
/// Everything shared between parts (the error rows) is computed once; an
/// `Emitter` is `Sync`, so parts can be generated on several threads.
pub struct Emitter<'a> {
    service: &'a Service,
    settings: Settings,
    rows: errors::ErrorRows<'a>,
}

impl<'a> Emitter<'a> {
    /// Prepares the shared tables of `service`.
    pub fn new(service: &'a Service, settings: &Settings) -> Self {
        Emitter {
            service,
            settings: settings.clone(),
            rows: errors::ErrorRows::new(service),
        }
    }

    /// The parts of the service, with at most `chunk` types or endpoints each.
    pub fn parts(&self, chunk: usize) -> Vec<Part> {
        let chunk = chunk.max(1);
        let ranges = |len: usize| {
            (0..len)
                .step_by(chunk)
                .map(move |start| start..start.saturating_add(chunk).min(len))
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
        let p = self.settings.paths(false);
        match part {
            Part::Head => {
                let runtime = self.settings.runtime.tokens();
                let descriptor = endpoint::service_descriptor(service, &p);
                let auth = endpoint::auth_schemes(service, &p);
                let error_rows = self.rows.tokens(&p);
                let common = errors::common_errors(service, self.rows.common(), &p);
                let service_error = errors::service_error(service, &p);
                quote!(use #runtime as rt; #descriptor #auth #error_rows #common #service_error)
            }
            Part::Types(range) => {
                let defs = service.types.iter().skip(range.start).take(range.len());
                let types = defs.map(|def| types::type_def(def, docs(def.description.as_deref()), &p));
                quote!(#(#types)*)
            }
            Part::Endpoints(range) => {
                let endpoints = service.endpoints.iter().zip(self.rows.endpoints());
                let endpoints = endpoints.skip(range.start).take(range.len());
                let endpoints = endpoints.map(|(e, rows)| endpoint::endpoint(service, e, rows, &p));
                quote!(#(#endpoints)*)
            }
            Part::Tail => {
                let client = client::client(service, &p);
                let helpers = types::item_list_helpers(service, &p);
                let tests = self
                    .settings
                    .example_tests
                    .then(|| endpoint::example_tests(service, &p));
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
/// output): its types, error enum and impls, naming the runtime and the
/// service's items by the paths `settings` gives.
pub fn standalone_endpoint(service: &Service, endpoint: &EndpointDef, settings: &Settings) -> TokenStream {
    endpoint::endpoint(service, endpoint, errors::RowRefs::Inline, &settings.paths(true))
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
                // rustc refuses a bare CR in a doc comment: it ends a line here.
                .flat_map(|line| line.split('\r'))
                .map(|line| format!(" {}", markdown_safe(&doc_safe(line.trim_end())))),
        );
    }
    quote! { #(#[doc = #lines])* }
}

/// Characters rustc refuses in doc comments (bidirectional overrides and
/// isolates, which can make code read other than it runs) and other
/// control characters, written out as `U+202E` instead.
fn doc_safe(line: &str) -> String {
    line.chars()
        .map(|c| {
            let bidi = matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}');
            if bidi || (c.is_control() && c != '\t') {
                format!("U+{:04X}", u32::from(c))
            } else {
                c.to_string()
            }
        })
        .collect()
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
                .map_or(text.len(), |end| end)
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

/// The payload type of an endpoint.
pub(crate) fn response_type(ty: &ResponseType, p: &Paths) -> TokenStream {
    match ty {
        ResponseType::Generated(name) => {
            let ident = naming::type_ident(name);
            quote!(#ident)
        }
        ResponseType::Rust(ty) => ty.tokens(),
        ResponseType::File => {
            let rt = &p.rt;
            quote!(#rt::Download)
        }
    }
}

/// The Rust type of a field type.
pub(crate) fn type_tokens(ty: &TypeRef, p: &Paths) -> TokenStream {
    let rt = &p.rt;
    match ty {
        TypeRef::String => quote!(String),
        TypeRef::Integer => quote!(i64),
        TypeRef::Number => quote!(f64),
        TypeRef::Boolean => quote!(bool),
        TypeRef::Json => quote!(#rt::Json),
        TypeRef::MacAddress(MacStyle::ColonLower) => quote!(#rt::MacAddress<#rt::ColonLower>),
        TypeRef::MacAddress(MacStyle::DashUpper) => quote!(#rt::MacAddress<#rt::DashUpper>),
        TypeRef::Day => quote!(#rt::Day),
        TypeRef::Named(name) => {
            let ident = naming::type_ident(name);
            quote!(#ident)
        }
        TypeRef::Array(inner) => {
            let inner = type_tokens(inner, p);
            quote!(Vec<#inner>)
        }
        TypeRef::Map(inner) => {
            let inner = type_tokens(inner, p);
            quote!(::std::collections::BTreeMap<String, #inner>)
        }
        TypeRef::Rust(ty) => ty.tokens(),
        TypeRef::File => quote!(#rt::FilePart),
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
