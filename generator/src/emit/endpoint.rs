//! The service descriptor, each endpoint's types and descriptor impl, and example tests.

use proc_macro2::TokenStream;
use quote::quote;

use super::{docs, errors, lit, opt_lit, types, Paths};
use crate::model::{
    AliyunSignatureVersion, AuthKind, AuthScheme, CallStyle, EndpointDef, Envelope, ExampleKind, Method, ParamLocation,
    ParamStyle, RequestIdSource, ResponseType, SangforQueryValues, Service, TokenType, TypeDef,
};
use crate::naming::{ident, rust_type_name, type_ident};

fn method_tokens(method: Method, p: &Paths) -> TokenStream {
    let rt = &p.rt;
    let variant = match method {
        Method::Get => quote!(Get),
        Method::Post => quote!(Post),
        Method::Put => quote!(Put),
        Method::Patch => quote!(Patch),
        Method::Delete => quote!(Delete),
    };
    quote!(#rt::Method::#variant)
}

fn request_id_tokens(source: &RequestIdSource, p: &Paths) -> TokenStream {
    let rt = &p.rt;
    let header = opt_lit(source.header.as_deref());
    let body = opt_lit(source.body.as_deref());
    quote!(#rt::RequestIdSource { header: #header, body: #body })
}

fn envelope_tokens(envelope: &Envelope, p: &Paths) -> TokenStream {
    let rt = &p.rt;
    match envelope {
        Envelope::Wrapped {
            code,
            message,
            data,
            success_code,
            request_id,
            error_detail,
        } => {
            let success = errors::code_tokens(success_code, p);
            let request_id = request_id_tokens(request_id, p);
            let detail = opt_lit(error_detail.as_deref());
            quote! {
                #rt::Envelope::Wrapped { code: #code, message: #message, data: #data, success_code: #success, request_id: #request_id, error_detail: #detail }
            }
        }
        Envelope::Flat {
            code,
            message,
            request_id,
            success_codes,
            success_flag,
        } => {
            let request_id = request_id_tokens(request_id, p);
            let success_codes = success_codes.iter().map(|c| errors::code_tokens(c, p));
            let success_flag = opt_lit(success_flag.as_deref());
            quote! {
                #rt::Envelope::Flat { code: #code, message: #message, request_id: #request_id, success_codes: &[#(#success_codes),*], success_flag: #success_flag }
            }
        }
    }
}

/// `pub static SERVICE`.
pub(crate) fn service_descriptor(service: &Service, p: &Paths) -> TokenStream {
    let rt = &p.rt;
    let id = &service.id;
    let title = &service.title;
    let base_urls = service.base_urls.iter().map(|b| {
        let (name, url, default) = (&b.name, &b.url, b.default);
        quote!(#rt::BaseUrl { name: #name, url: #url, default: #default })
    });
    let envelope = envelope_tokens(&service.envelope, p);
    let call_style = match &service.call_style {
        CallStyle::Rest => quote!(#rt::CallStyle::Rest),
        CallStyle::Rpc {
            version,
            action_param,
            version_param,
        } => {
            quote!(#rt::CallStyle::Rpc { version: #version, action_param: #action_param, version_param: #version_param })
        }
    };
    let mut paragraphs = vec![format!("The `{id}` service: {title}.")];
    paragraphs.extend(service.description.clone());
    let doc = docs(paragraphs.iter().map(String::as_str));
    quote! {
        #doc
        pub static SERVICE: #rt::ServiceDescriptor = #rt::ServiceDescriptor {
            id: #id,
            title: #title,
            base_urls: &[#(#base_urls),*],
            envelope: #envelope,
            call_style: #call_style,
        };
    }
}

fn auth_tokens(scheme: &AuthScheme, p: &Paths) -> TokenStream {
    let rt = &p.rt;
    let kind = match &scheme.kind {
        AuthKind::Bearer(token) => {
            let token = match token {
                TokenType::Tenant => quote!(Tenant),
                TokenType::User => quote!(User),
                TokenType::App => quote!(App),
            };
            quote!(#rt::AuthKind::Bearer(#rt::TokenType::#token))
        }
        AuthKind::AliyunSignature(versions) => {
            let versions = versions.iter().map(|v| match v {
                AliyunSignatureVersion::V3 => quote!(#rt::AliyunSignatureVersion::V3),
                AliyunSignatureVersion::Rpc => quote!(#rt::AliyunSignatureVersion::Rpc),
            });
            quote!(#rt::AuthKind::AliyunSignature(&[#(#versions),*]))
        }
        AuthKind::SangforSignature(query_values) => {
            let encoding = match query_values {
                SangforQueryValues::Decoded => quote!(Decoded),
                SangforQueryValues::PercentEncoded => quote!(PercentEncoded),
            };
            quote!(#rt::AuthKind::SangforSignature(#rt::sign::sangfor::QueryEncoding::#encoding))
        }
    };
    let name = &scheme.name;
    quote!(#rt::AuthScheme { name: #name, kind: #kind })
}

/// The request type's documentation: what the page says and how the call is made.
fn request_docs(service: &Service, endpoint: &EndpointDef) -> TokenStream {
    let mut paragraphs = vec![endpoint.summary.clone()];
    paragraphs.extend(endpoint.description.clone());
    let mut call = match &endpoint.action {
        Some(action) => format!("`{} {}` with action `{action}`", endpoint.method, endpoint.path),
        None => format!("`{} {}`", endpoint.method, endpoint.path),
    };
    let schemes: Vec<String> = endpoint.auth.iter().map(|s| format!("`{}`", s.name)).collect();
    call.push_str(&format!(", auth {}", schemes.join(" or ")));
    if let Some(limit) = endpoint.rate_limit {
        call.push_str(&format!(", at most {limit} calls per second"));
    }
    if !endpoint.scopes.is_empty() {
        call.push_str(&format!(", scopes: `{}`", endpoint.scopes.join("`, `")));
    }
    if let Some(since) = &endpoint.since {
        call.push_str(&format!(", since {since}"));
    }
    paragraphs.push(format!("Call: {call}."));
    let mut source = format!("Transcribed from the {} page", service.id);
    if let Some(url) = &endpoint.source_url {
        source.push_str(&format!(" <{url}>"));
    }
    if let Some(date) = &endpoint.last_updated {
        source.push_str(&format!(" (updated {date})"));
    }
    paragraphs.push(format!("{source}."));
    docs(paragraphs.iter().map(String::as_str))
}

/// The docs of one of the endpoint's own types: the request struct carries
/// the endpoint's page text, a response struct the spec's description or
/// what it is.
fn own_type_docs(service: &Service, endpoint: &EndpointDef, def: &TypeDef) -> TokenStream {
    if def.name == endpoint.request_type {
        return request_docs(service, endpoint);
    }
    match (&def.description, &endpoint.response_type) {
        (Some(description), _) => docs([description.as_str()]),
        (None, ResponseType::Generated(name)) if *name == def.name => {
            let what = format!(
                "The payload of a successful [`{}`] reply ({}).",
                rust_type_name(&endpoint.request_type),
                endpoint.summary
            );
            docs([what.as_str()])
        }
        (None, _) => TokenStream::new(),
    }
}

/// The endpoint's types, error enum and `impl #rt::Endpoint`.
pub(crate) fn endpoint(service: &Service, endpoint: &EndpointDef, rows: errors::RowRefs<'_>, p: &Paths) -> TokenStream {
    let rt = &p.rt;
    let own_types = endpoint
        .types
        .iter()
        .map(|def| types::type_def(def, own_type_docs(service, endpoint, def), p));
    let errors = errors::endpoint_errors(service, endpoint, rows, p);
    let request = type_ident(&endpoint.request_type);
    let response = super::response_type(&endpoint.response_type, p);
    let error = type_ident(&endpoint.error_type);
    let fields = descriptor_fields(service, endpoint, p);
    let paged = super::paging::paged_impl(endpoint, p);
    let file_parts = file_parts(endpoint, p);
    quote! {
        #(#own_types)*
        #errors
        #paged
        impl #rt::Endpoint for #request {
            type Response = #response;
            type Error = #error;
            const DESCRIPTOR: &'static #rt::EndpointDescriptor = &#rt::EndpointDescriptor {
                #fields
            };
            #file_parts
        }
    }
}

/// The fields of an endpoint's descriptor that differ from the service's
/// `DESCRIPTOR_BASE` (or, for an endpoint emitted alone, whose service
/// module may be elsewhere, from `EndpointDescriptor::UNSET`), each only
/// when the spec says something, and the base they are completed from.
fn descriptor_fields(service: &Service, endpoint: &EndpointDef, p: &Paths) -> TokenStream {
    let (rt, svc) = (&p.rt, &p.service);
    let (id, summary, path) = (&endpoint.id, &endpoint.summary, &endpoint.path);
    let method = method_tokens(endpoint.method, p);
    let (mut fields, base) = if svc.is_empty() {
        (quote!(), quote!(DESCRIPTOR_BASE))
    } else {
        (quote!(service: &#svc SERVICE,), quote!(#rt::EndpointDescriptor::UNSET))
    };
    fields.extend(quote!(id: #id, summary: #summary, method: #method, path: #path,));
    if !endpoint.also_accepts.is_empty() {
        let also = endpoint.also_accepts.iter().map(|m| method_tokens(*m, p));
        fields.extend(quote!(also_accepts: &[#(#also),*],));
    }
    if let Some(action) = &endpoint.action {
        fields.extend(quote!(action: Some(#action),));
    }
    let auth = endpoint.auth.iter().map(|scheme| auth_ref(service, scheme, p));
    fields.extend(quote!(auth: &[#(#auth),*],));
    if !endpoint.scopes.is_empty() {
        let scopes = &endpoint.scopes;
        fields.extend(quote!(scopes: &[#(#scopes),*],));
    }
    if let Some(n) = endpoint.rate_limit {
        let n = proc_macro2::Literal::u32_unsuffixed(n);
        fields.extend(quote!(rate_limit: Some(#rt::RateLimit { per_second: #n }),));
    }
    if endpoint.idempotent {
        fields.extend(quote!(idempotent: true,));
    }
    if !endpoint.headers.is_empty() {
        let headers = endpoint.headers.iter().map(|(k, v)| quote!((#k, #v)));
        fields.extend(quote!(headers: &[#(#headers),*],));
    }
    if !endpoint.params.is_empty() {
        let params = endpoint.params.iter().map(|param| param_tokens(param, p));
        fields.extend(quote!(params: &[#(#params),*],));
    }
    if endpoint.has_body {
        fields.extend(quote!(has_body: true,));
    }
    fields.extend(quote!(..#base));
    fields
}

/// One `rt::Param` value.
fn param_tokens(param: &crate::model::Param, p: &Paths) -> TokenStream {
    let rt = &p.rt;
    let name = &param.wire;
    let constructor = match param.location {
        ParamLocation::Path => quote!(path),
        ParamLocation::Query => quote!(query),
        ParamLocation::Body => quote!(body),
        ParamLocation::Form => quote!(form),
        ParamLocation::Multipart => quote!(multipart),
    };
    let keyed = (param.key != param.wire).then(|| {
        let key = &param.key;
        quote!(.keyed(#key))
    });
    let style = match param.style {
        ParamStyle::Plain => None,
        ParamStyle::RepeatList => Some(quote!(RepeatList)),
        ParamStyle::Flat => Some(quote!(Flat)),
        ParamStyle::Json => Some(quote!(Json)),
        ParamStyle::Simple => Some(quote!(Simple)),
    }
    .map(|style| quote!(.styled(#rt::ParamStyle::#style)));
    quote!(#rt::Param::#constructor(#name) #keyed #style)
}

/// An endpoint's reference to one of the service's auth schemes: an element
/// of the service's `AUTH_SCHEMES`, or the scheme itself in an endpoint
/// emitted alone (the annotation macro's), whose service module may differ.
fn auth_ref(service: &Service, scheme: &AuthScheme, p: &Paths) -> TokenStream {
    let position = service.auth.iter().position(|s| s.name == scheme.name);
    match position {
        Some(i) if p.service.is_empty() => {
            let i = proc_macro2::Literal::usize_unsuffixed(i);
            quote!(AUTH_SCHEMES[#i])
        }
        _ => auth_tokens(scheme, p),
    }
}

/// `const AUTH_SCHEMES`: every auth scheme of the service, which endpoint
/// descriptors copy from.
pub(crate) fn auth_schemes(service: &Service, p: &Paths) -> TokenStream {
    let rt = &p.rt;
    let len = proc_macro2::Literal::usize_unsuffixed(service.auth.len());
    let schemes = service.auth.iter().map(|scheme| auth_tokens(scheme, p));
    quote! {
        /// The service's auth schemes, which endpoint descriptors copy from.
        const AUTH_SCHEMES: [#rt::AuthScheme; #len] = [#(#schemes),*];
        /// What every endpoint descriptor of the service starts from.
        const DESCRIPTOR_BASE: #rt::EndpointDescriptor = #rt::EndpointDescriptor {
            service: &SERVICE,
            ..#rt::EndpointDescriptor::UNSET
        };
    }
}

/// `fn file_parts` for an upload: its file fields, by multipart name.
fn file_parts(endpoint: &EndpointDef, p: &Paths) -> Option<TokenStream> {
    if endpoint.files.is_empty() {
        return None;
    }
    let rt = &p.rt;
    let pushes = endpoint.files.iter().map(|field| {
        let name = ident(&field.rust);
        let wire = &field.wire;
        if field.required {
            quote!(parts.push((#wire, &self.#name));)
        } else {
            quote!(if let Some(file) = &self.#name { parts.push((#wire, file)); })
        }
    });
    Some(quote! {
        fn file_parts(&self) -> Vec<(&'static str, &#rt::FilePart)> {
            let mut parts = Vec::new();
            #(#pushes)*
            parts
        }
    })
}

/// One `#[test]` per documented example.
pub(crate) fn example_tests(service: &Service, p: &Paths) -> TokenStream {
    let rt = &p.rt;
    let tests = service.endpoints.iter().flat_map(|endpoint| {
        let request = type_ident(&endpoint.request_type);
        endpoint.examples.iter().map(move |example| {
            let name = ident(&format!("{}_{}", endpoint.id, example.name));
            let body = match &example.kind {
                ExampleKind::Request { body, query, path } => {
                    let body = opt_lit(body.as_deref());
                    let query = opt_lit(query.as_deref());
                    let path = path.iter().map(|(k, v)| {
                        let (k, v) = (lit(k), lit(v));
                        quote!((#k, #v))
                    });
                    quote!(#rt::testing::request_example::<#request>(#body, #query, &[#(#path),*]);)
                }
                ExampleKind::Response(reply) => {
                    quote!(#rt::testing::response_example::<#request>(#reply);)
                }
            };
            quote! {
                #[test]
                fn #name() {
                    #body
                }
            }
        })
    });
    quote! {
        #[cfg(test)]
        mod examples {
            use super::*;
            #(#tests)*
        }
    }
}
