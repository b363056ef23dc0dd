//! The service descriptor, each endpoint's descriptor impl, and example tests.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{docs, errors, lit, opt_lit};
use crate::model::{
    AliyunSignatureVersion, AuthKind, CallStyle, Endpoint, Envelope, ExampleKind, ParamLocation, RequestIdSource,
    SangforQueryValues, Service, TokenType,
};

fn method_tokens(method: &str) -> TokenStream {
    match method {
        "POST" => quote!(rt::Method::Post),
        "PUT" => quote!(rt::Method::Put),
        "PATCH" => quote!(rt::Method::Patch),
        "DELETE" => quote!(rt::Method::Delete),
        _ => quote!(rt::Method::Get),
    }
}

fn request_id_tokens(source: &RequestIdSource) -> TokenStream {
    let header = opt_lit(source.header.as_deref());
    let body = opt_lit(source.body.as_deref());
    quote!(rt::RequestIdSource { header: #header, body: #body })
}

fn envelope_tokens(envelope: &Envelope) -> TokenStream {
    match envelope {
        Envelope::Wrapped {
            code,
            message,
            data,
            success_code,
            request_id,
            error_detail,
        } => {
            let success = errors::code_tokens(success_code);
            let request_id = request_id_tokens(request_id);
            let detail = opt_lit(error_detail.as_deref());
            quote! {
                rt::Envelope::Wrapped { code: #code, message: #message, data: #data, success_code: #success, request_id: #request_id, error_detail: #detail }
            }
        }
        Envelope::Flat {
            code,
            message,
            request_id,
        } => {
            let request_id = request_id_tokens(request_id);
            quote!(rt::Envelope::Flat { code: #code, message: #message, request_id: #request_id })
        }
    }
}

/// `pub static SERVICE`.
pub(crate) fn service_descriptor(service: &Service) -> TokenStream {
    let id = &service.id;
    let title = &service.title;
    let base_urls = service.base_urls.iter().map(|b| {
        let (name, url, default) = (&b.name, &b.url, b.default);
        quote!(rt::BaseUrl { name: #name, url: #url, default: #default })
    });
    let envelope = envelope_tokens(&service.envelope);
    let call_style = match &service.call_style {
        CallStyle::Rest => quote!(rt::CallStyle::Rest),
        CallStyle::Rpc {
            version,
            action_param,
            version_param,
        } => {
            quote!(rt::CallStyle::Rpc { version: #version, action_param: #action_param, version_param: #version_param })
        }
    };
    let mut paragraphs = vec![format!("The `{id}` service: {title}.")];
    paragraphs.extend(service.description.clone());
    let doc = docs(paragraphs.iter().map(String::as_str));
    quote! {
        #doc
        pub static SERVICE: rt::ServiceDescriptor = rt::ServiceDescriptor {
            id: #id,
            title: #title,
            base_urls: &[#(#base_urls),*],
            envelope: #envelope,
            call_style: #call_style,
        };
    }
}

fn auth_tokens(service: &Service, name: &str) -> TokenStream {
    let kind = match service.auth.iter().find(|a| a.name == name).map(|a| &a.kind) {
        Some(AuthKind::Bearer(token)) => {
            let token = match token {
                TokenType::Tenant => quote!(Tenant),
                TokenType::User => quote!(User),
                TokenType::App => quote!(App),
            };
            quote!(rt::AuthKind::Bearer(rt::TokenType::#token))
        }
        Some(AuthKind::AliyunSignature(versions)) => {
            let versions = versions.iter().map(|v| match v {
                AliyunSignatureVersion::V3 => quote!(rt::AliyunSignatureVersion::V3),
                AliyunSignatureVersion::Rpc => quote!(rt::AliyunSignatureVersion::Rpc),
            });
            quote!(rt::AuthKind::AliyunSignature(&[#(#versions),*]))
        }
        Some(AuthKind::SangforSignature(query_values)) => {
            let encoding = match query_values {
                SangforQueryValues::Decoded => quote!(Decoded),
                SangforQueryValues::PercentEncoded => quote!(PercentEncoded),
            };
            quote!(rt::AuthKind::SangforSignature(rt::sign::sangfor::QueryEncoding::#encoding))
        }
        // Validation guarantees the scheme exists; keep the output compilable regardless.
        None => quote!(rt::AuthKind::SangforSignature(
            rt::sign::sangfor::QueryEncoding::Decoded
        )),
    };
    quote!(rt::AuthScheme { name: #name, kind: #kind })
}

/// The request type's documentation: what the page says and how the call is made.
fn request_docs(service: &Service, endpoint: &Endpoint) -> TokenStream {
    let mut paragraphs = vec![endpoint.summary.clone()];
    paragraphs.extend(endpoint.description.clone());
    let mut call = match &endpoint.action {
        Some(action) => format!("`{} {}` with action `{action}`", endpoint.method, endpoint.path),
        None => format!("`{} {}`", endpoint.method, endpoint.path),
    };
    call.push_str(&format!(", auth `{}`", endpoint.auth));
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

/// Error enum + `impl rt::Endpoint` for one endpoint.
pub(crate) fn endpoint(service: &Service, endpoint: &Endpoint, rows: &errors::ErrorRows<'_>) -> TokenStream {
    let errors = errors::endpoint_errors(service, endpoint, rows);
    let request = format_ident!("{}", endpoint.request_type);
    let response = super::type_name(&endpoint.response_type);
    let error = format_ident!("{}", endpoint.error_type);
    let id = &endpoint.id;
    let summary = &endpoint.summary;
    let method = method_tokens(&endpoint.method);
    let also = endpoint.also_accepts.iter().map(|m| method_tokens(m));
    let path = &endpoint.path;
    let action = opt_lit(endpoint.action.as_deref());
    let auth = auth_tokens(service, &endpoint.auth);
    let scopes = &endpoint.scopes;
    let rate_limit = match endpoint.rate_limit {
        Some(n) => {
            let n = proc_macro2::Literal::u32_unsuffixed(n);
            quote!(Some(rt::RateLimit { per_second: #n }))
        }
        None => quote!(None),
    };
    let idempotent = endpoint.idempotent;
    let headers = endpoint.headers.iter().map(|(k, v)| quote!((#k, #v)));
    let params = endpoint.params.iter().map(|p| {
        let name = &p.wire;
        let location = match p.location {
            ParamLocation::Path => quote!(Path),
            ParamLocation::Query => quote!(Query),
            ParamLocation::Body => quote!(Body),
        };
        quote!(rt::Param { name: #name, location: rt::ParamLocation::#location })
    });
    let has_body = endpoint.has_body;
    let source_url = opt_lit(endpoint.source_url.as_deref());
    let doc = request_docs(service, endpoint);
    let doc_link = format!(" Descriptor of [`{}`]: see its documentation.", endpoint.request_type);
    let paged = super::paging::paged_impl(endpoint);
    quote! {
        #errors
        #paged
        #doc
        impl rt::Endpoint for #request {
            type Response = #response;
            type Error = #error;
            #[doc = #doc_link]
            const DESCRIPTOR: &'static rt::EndpointDescriptor = &rt::EndpointDescriptor {
                service: &SERVICE,
                id: #id,
                summary: #summary,
                method: #method,
                also_accepts: &[#(#also),*],
                path: #path,
                action: #action,
                auth: #auth,
                scopes: &[#(#scopes),*],
                rate_limit: #rate_limit,
                idempotent: #idempotent,
                headers: &[#(#headers),*],
                params: &[#(#params),*],
                has_body: #has_body,
                source_url: #source_url,
            };
        }
    }
}

/// One `#[test]` per documented example.
pub(crate) fn example_tests(service: &Service) -> TokenStream {
    let tests = service.endpoints.iter().flat_map(|endpoint| {
        let request = format_ident!("{}", endpoint.request_type);
        endpoint.examples.iter().map(move |example| {
            let name = format_ident!("{}_{}", endpoint.id, example.name);
            let body = match &example.kind {
                ExampleKind::Request { body, query, path } => {
                    let body = opt_lit(body.as_deref());
                    let query = opt_lit(query.as_deref());
                    let path = path.iter().map(|(k, v)| {
                        let (k, v) = (lit(k), lit(v));
                        quote!((#k, #v))
                    });
                    quote!(rt::testing::request_example::<#request>(#body, #query, &[#(#path),*]);)
                }
                ExampleKind::Response(reply) => {
                    quote!(rt::testing::response_example::<#request>(#reply);)
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
