//! Error tables: the service's common errors once, and one enum per endpoint.

use std::collections::HashMap;

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use super::Paths;
use super::{docs, int_lit, opt_lit};
use crate::model::{EndpointDef, ErrorCode, ErrorEntry, Placeholder, Service};
use crate::naming::{ident, rust_type_name, type_ident, variant_ident};

pub(crate) fn code_tokens(code: &ErrorCode, p: &Paths) -> TokenStream {
    let rt = &p.rt;
    match code {
        ErrorCode::Int(i) => {
            let i = int_lit(*i);
            quote!(#rt::ErrorCode::Int(#i))
        }
        ErrorCode::Str(s) => quote!(#rt::ErrorCode::Str(::std::borrow::Cow::Borrowed(#s))),
    }
}

/// Every distinct error row of a service, emitted once as `ERROR_ROWS`, and
/// which rows each table points to.
///
/// Many endpoints document the same rows (Feishu's 1780001, 1780101, …);
/// endpoint tables only point into this one. The row of every entry is
/// found once, here, so emitting a table looks nothing up.
pub(crate) struct ErrorRows<'a> {
    rows: Vec<&'a ErrorEntry>,
    /// Rows of the common errors, in their order.
    common: Vec<usize>,
    /// Rows of each endpoint's errors, one list per endpoint in service order.
    endpoints: Vec<Vec<usize>>,
}

/// Where an error table's rows are.
#[derive(Clone, Copy)]
pub(crate) enum RowRefs<'r> {
    /// In `ERROR_ROWS`, at these indices (one per entry, in order).
    Shared(&'r [usize]),
    /// Written into the table itself (an endpoint emitted alone, by the
    /// annotation macro, has no service-wide `ERROR_ROWS` to point into).
    Inline,
}

type RowKey<'a> = (&'a ErrorCode, &'a [u16], &'a str, Option<&'a str>, bool);

fn key(e: &ErrorEntry) -> RowKey<'_> {
    (&e.code, &e.http_statuses, &e.message, e.hint.as_deref(), e.retryable)
}

impl<'a> ErrorRows<'a> {
    /// Collects the rows of the common errors and of every endpoint.
    pub(crate) fn new(service: &'a Service) -> Self {
        let mut rows = Vec::new();
        let mut index: HashMap<RowKey<'a>, usize> = HashMap::new();
        let mut row_of = |entry: &'a ErrorEntry| {
            let next = rows.len();
            let row = *index.entry(key(entry)).or_insert(next);
            if row == next {
                rows.push(entry);
            }
            row
        };
        let common = service.common_errors.iter().map(&mut row_of).collect();
        let endpoints = service
            .endpoints
            .iter()
            .map(|e| e.errors.iter().map(&mut row_of).collect())
            .collect();
        ErrorRows {
            rows,
            common,
            endpoints,
        }
    }

    /// The common errors' rows.
    pub(crate) fn common(&self) -> RowRefs<'_> {
        RowRefs::Shared(&self.common)
    }

    /// Each endpoint's rows, in service order.
    pub(crate) fn endpoints(&self) -> impl Iterator<Item = RowRefs<'_>> {
        self.endpoints.iter().map(|rows| RowRefs::Shared(rows))
    }

    /// `static ERROR_ROWS`, or nothing when the service documents no error.
    pub(crate) fn tokens(&self, p: &Paths) -> TokenStream {
        if self.rows.is_empty() {
            return TokenStream::new();
        }
        let rt = &p.rt;
        let len = Literal::usize_unsuffixed(self.rows.len());
        let rows = self.rows.iter().map(|e| row_tokens(e, p));
        quote! {
            /// Every distinct error row documented for this service.
            static ERROR_ROWS: [#rt::ErrorEntry; #len] = [#(#rows),*];
        }
    }
}

/// A table of references to the rows of `entries`, in their order.
fn table(name: &syn::Ident, entries: &[ErrorEntry], rows: RowRefs<'_>, p: &Paths) -> TokenStream {
    let rt = &p.rt;
    let len = Literal::usize_unsuffixed(entries.len());
    let refs: Vec<TokenStream> = match rows {
        RowRefs::Shared(rows) => rows
            .iter()
            .map(|i| {
                let i = Literal::usize_unsuffixed(*i);
                quote!(&ERROR_ROWS[#i])
            })
            .collect(),
        RowRefs::Inline => entries
            .iter()
            .map(|e| {
                let row = row_tokens(e, p);
                quote!(&#row)
            })
            .collect(),
    };
    quote!(static #name: [&#rt::ErrorEntry; #len] = [#(#refs),*];)
}

/// One `rt::ErrorEntry` value.
fn row_tokens(e: &ErrorEntry, p: &Paths) -> TokenStream {
    let rt = &p.rt;
    let code = code_tokens(&e.code, p);
    let statuses = e.http_statuses.iter().map(|s| Literal::u16_unsuffixed(*s));
    let message = &e.message;
    let hint = opt_lit(e.hint.as_deref());
    let retryable = e.retryable;
    quote!(#rt::ErrorEntry { code: #code, http_statuses: &[#(#statuses),*], message: #message, hint: #hint, retryable: #retryable })
}

fn variant_doc(e: &ErrorEntry) -> TokenStream {
    let mut meta = format!("Code `{}`", e.code);
    if !e.http_statuses.is_empty() {
        let statuses: Vec<String> = e.http_statuses.iter().map(u16::to_string).collect();
        meta.push_str(&format!(", HTTP {}", statuses.join(" or ")));
    }
    if e.retryable {
        meta.push_str(", retryable");
    }
    meta.push('.');
    let mut paragraphs = vec![e.message.as_str(), meta.as_str()];
    if let Some(hint) = &e.hint {
        paragraphs.push(hint);
    }
    docs(paragraphs)
}

/// Variant declarations.
fn variants(entries: &[ErrorEntry]) -> Vec<TokenStream> {
    entries
        .iter()
        .map(|e| {
            let doc = variant_doc(e);
            let name = variant_ident(&e.name);
            if e.fields.is_empty() {
                quote!(#doc #name,)
            } else {
                let fields = e.fields.iter().map(|(field, kind)| {
                    let field = ident(field);
                    let ty = match kind {
                        Placeholder::Integer => quote!(i64),
                        Placeholder::Text => quote!(String),
                    };
                    quote! {
                        /// The value the server filled into the message, when it matched the template.
                        #field: Option<#ty>
                    }
                });
                quote!(#doc #name { #(#fields),* },)
            }
        })
        .collect()
}

/// `Self::A => Some(&TABLE[0])` arms (patterns ignore fields).
fn entry_arms(table: &syn::Ident, entries: &[ErrorEntry]) -> Vec<TokenStream> {
    entries
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let i = Literal::usize_unsuffixed(i);
            let name = variant_ident(&e.name);
            let pattern = if e.fields.is_empty() {
                quote!(Self::#name)
            } else {
                quote!(Self::#name { .. })
            };
            quote!(#pattern => #table[#i],)
        })
        .collect()
}

/// `Some((0, values)) => Self::A { .. }` arms.
fn lookup_arms(entries: &[ErrorEntry]) -> Vec<TokenStream> {
    entries
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let i = Literal::usize_unsuffixed(i);
            let name = variant_ident(&e.name);
            if e.fields.is_empty() {
                quote!(Some((#i, _)) => Some(Self::#name),)
            } else {
                let fields = e.fields.iter().enumerate().map(|(j, (field, kind))| {
                    let j = Literal::usize_unsuffixed(j);
                    let field = ident(field);
                    match kind {
                        Placeholder::Integer => quote!(#field: values.int(#j)),
                        Placeholder::Text => quote!(#field: values.text(#j)),
                    }
                });
                quote!(Some((#i, values)) => Some(Self::#name { #(#fields),* }),)
            }
        })
        .collect()
}

/// `Self::A { x } => vec![..]` arms for variants that carry template values
/// (the common errors; an endpoint's enum has them from `rt::error_table!`).
fn value_arms(entries: &[ErrorEntry], p: &Paths) -> Vec<TokenStream> {
    let rt = &p.rt;
    entries
        .iter()
        .filter(|e| !e.fields.is_empty())
        .map(|e| {
            let name = variant_ident(&e.name);
            let fields: Vec<_> = e.fields.iter().map(|(f, _)| ident(f)).collect();
            let placeholders = e.fields.iter().map(|(_, kind)| match kind {
                Placeholder::Integer => "%d",
                Placeholder::Text => "%s",
            });
            quote! {
                Self::#name { #(#fields),* } => vec![#(#rt::error_table::template_text(#fields.as_ref(), #placeholders)),*],
            }
        })
        .collect()
}

/// The service's `CommonError` enum, or nothing when it has no common errors.
pub(crate) fn common_errors(service: &Service, rows: RowRefs<'_>, p: &Paths) -> TokenStream {
    let entries = &service.common_errors;
    if entries.is_empty() {
        return TokenStream::new();
    }
    let rt = &p.rt;
    let table_name = format_ident!("COMMON_ERRORS");
    let table = table(&table_name, entries, rows, p);
    let variants = variants(entries);
    let entry_arms = entry_arms(&table_name, entries);
    let lookup_arms = lookup_arms(entries);
    let value_arms = value_arms(entries, p);
    let common_values_body = if value_arms.is_empty() {
        quote!(Vec::new())
    } else {
        quote!(match self { #(#value_arms)* _ => Vec::new() })
    };
    let title = format!(" Errors every `{}` endpoint can return.", service.id);
    quote! {
        #table
        #[doc = #title]
        #[derive(Debug, Clone, PartialEq, Eq)]
        #[non_exhaustive]
        pub enum CommonError {
            #(#variants)*
        }
        impl CommonError {
            /// The documented row of this error.
            pub fn entry(&self) -> &'static #rt::ErrorEntry {
                match self { #(#entry_arms)* }
            }
            /// The common error a vendor reply stands for, if any.
            pub fn lookup(code: &#rt::ErrorCode, message: &str) -> Option<Self> {
                match #rt::error_table::match_entry(&#table_name, code, message) {
                    #(#lookup_arms)*
                    _ => None,
                }
            }
            /// Values the server filled into the message.
            pub fn template_values(&self) -> Vec<String> {
                #common_values_body
            }
        }
    }
}

/// `ServiceError`: the error type of every endpoint whose page documents no
/// error of its own (the service's common errors and unknown codes), emitted
/// once per service so such endpoints add only a type alias.
pub(crate) fn service_error(service: &Service, p: &Paths) -> TokenStream {
    let title = format!(
        " Errors of a `{}` endpoint whose page lists none of its own: the common errors, and codes the spec does not know.",
        service.id
    );
    let table = ErrorEnum {
        name: format_ident!("ServiceError"),
        title,
        table_name: format_ident!("SERVICE_ERRORS"),
        entries: &[],
        has_common: !service.common_errors.is_empty(),
    };
    table.tokens(RowRefs::Inline, p)
}

/// An endpoint's error type: its own enum and table, or, when its page lists
/// no error, an alias of the service's `ServiceError`.
pub(crate) fn endpoint_errors(service: &Service, endpoint: &EndpointDef, rows: RowRefs<'_>, p: &Paths) -> TokenStream {
    let name = type_ident(&endpoint.error_type);
    let request = rust_type_name(&endpoint.request_type);
    if endpoint.errors.is_empty() {
        let svc = &p.service;
        let title = format!(" Errors of [`{request}`]: its page lists none of its own, so they are the service's.");
        return quote! {
            #[doc = #title]
            pub type #name = #svc ServiceError;
        };
    }
    let title = format!(
        " Errors of [`{request}`] ({}): the page's table, common errors, and codes it does not know.",
        endpoint.summary
    );
    let table = ErrorEnum {
        name,
        title,
        table_name: format_ident!(
            "{}_ERRORS",
            heck::ToShoutySnakeCase::to_shouty_snake_case(endpoint.id.as_str())
        ),
        entries: &endpoint.errors,
        has_common: !service.common_errors.is_empty(),
    };
    table.tokens(rows, p)
}

/// An error enum: documented rows, maybe the common errors, and `Unknown`.
struct ErrorEnum<'e> {
    name: syn::Ident,
    title: String,
    table_name: syn::Ident,
    entries: &'e [ErrorEntry],
    has_common: bool,
}

impl ErrorEnum<'_> {
    fn tokens(&self, rows: RowRefs<'_>, p: &Paths) -> TokenStream {
        let (rt, svc) = (&p.rt, &p.service);
        let ErrorEnum {
            name,
            title,
            table_name,
            entries,
            has_common,
        } = self;
        let has_common = *has_common;
        // A table with no rows of its own is not written.
        let table = (!entries.is_empty()).then(|| table(table_name, entries, rows, p));
        let variants = variants(entries);
        let common_variant = has_common.then(|| {
            quote! {
                /// An error every endpoint of the service can return.
                Common(#svc CommonError),
            }
        });
        let declaration = quote! {
            #table
            #[doc = #title]
            #[derive(Debug, Clone, PartialEq, Eq)]
            #[non_exhaustive]
            pub enum #name {
                #(#variants)*
                #common_variant
                /// A code the table does not know, kept as the vendor sent it.
                Unknown(#rt::UnknownError),
            }
        };
        // A table with rows takes the runtime's one impl.
        if !entries.is_empty() {
            let list = entries.iter().enumerate().map(|(i, e)| {
                let i = Literal::usize_unsuffixed(i);
                let variant = variant_ident(&e.name);
                if e.fields.is_empty() {
                    return quote!(#i #variant);
                }
                let fields = e.fields.iter().enumerate().map(|(j, (field, kind))| {
                    let (field, j) = (ident(field), Literal::usize_unsuffixed(j));
                    let kind = match kind {
                        Placeholder::Integer => quote!(int),
                        Placeholder::Text => quote!(text),
                    };
                    quote!(#field: #kind #j)
                });
                quote!(#i #variant { #(#fields),* })
            });
            let common = has_common.then(|| quote!(common #svc CommonError));
            return quote! {
                #declaration
                #rt::error_table!(#name in #table_name { #(#list),* } #common);
            };
        }
        // No row of its own (`ServiceError`): the common errors, if any, and `Unknown`.
        let (entry_body, lookup, template_values, other_arm) = if has_common {
            (
                quote!(match self {
                    Self::Common(error) => Some(error.entry()),
                    Self::Unknown(_) => None,
                }),
                quote!(#svc CommonError::lookup(code, message).map(Self::Common)),
                quote! {
                    fn template_values(&self) -> Vec<String> {
                        match self {
                            Self::Common(error) => error.template_values(),
                            Self::Unknown(_) => Vec::new(),
                        }
                    }
                },
                quote!(_ => None,),
            )
        } else {
            // `Unknown` is the only variant: a wildcard arm would be unreachable
            // (a warning in users' builds).
            (quote!(None), quote!(None), TokenStream::new(), TokenStream::new())
        };
        quote! {
            #declaration
            impl #rt::ErrorTable for #name {
                fn entry(&self) -> Option<&'static #rt::ErrorEntry> {
                    #entry_body
                }
                fn documented() -> &'static [&'static #rt::ErrorEntry] {
                    &[]
                }
                fn from_reply(code: &#rt::ErrorCode, message: &str) -> Self {
                    let known = #lookup;
                    known.unwrap_or_else(|| Self::Unknown(#rt::UnknownError { code: code.clone(), message: message.to_owned() }))
                }
                fn unknown(&self) -> Option<&#rt::UnknownError> {
                    match self {
                        Self::Unknown(unknown) => Some(unknown),
                        #other_arm
                    }
                }
                #template_values
            }
            #rt::error_impls!(#name);
        }
    }
}
