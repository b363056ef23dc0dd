//! `#[apigen_macros::endpoint(...)]`: a Rust struct as an endpoint spec.
//!
//! The annotation is another way to write an endpoint file. It is parsed
//! ([`attr`], [`fields`]) into exactly the document a YAML file would hold
//! (built directly, not through YAML text), and checked by the same
//! validator together with the service's `service.yaml`; the checked
//! endpoint is emitted by the same emitter as the YAML path, naming the
//! runtime (`::apigen_runtime` unless `runtime = ...` says otherwise) and the
//! service's generated module (`::apigen_clients::<service>` unless
//! `module = ...`) by path, so annotating an endpoint compiles only that
//! service. Every problem becomes a `syn::Error` at the tokens it is about,
//! all of them at once; the struct is still emitted, so the user's other
//! code keeps its names.

pub mod attr;
pub mod fields;

use std::path::{Path, PathBuf};

use indexmap::IndexMap;
use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote};
use syn::ItemStruct;

use crate::diagnostic::Diagnostic;
use crate::model::RustPath;
use crate::spec::ast::{
    AuthNames, EndpointFile, ErrorSpec, Provenance, RateLimit, RequestSpec, ResponseSpec, ServiceFile, Shape,
};
use crate::spec::load::{parse_file, ServiceSource, Source, SERVICE_FILE};
use crate::spec::positions::Positions;
use attr::{push, Annotation};

use fields::Param;

/// `include_specs!("dir")`: a whole service folder generated in place, the
/// folder given relative to the calling crate's `manifest_dir`. Every spec
/// file is included with `include_bytes!`, so editing one recompiles.
pub fn include_specs(folder: &syn::LitStr, manifest_dir: &Path) -> TokenStream {
    let span = folder.span();
    let dir = manifest_dir.join(folder.value());
    if !dir.is_dir() {
        return syn::Error::new(
            span,
            format!(
                "spec folder {} does not exist (paths are relative to the crate's Cargo.toml)",
                dir.display()
            ),
        )
        .to_compile_error();
    }
    let service = match crate::load_service(&dir) {
        Ok(service) => service,
        Err(problems) => return problems.into_syn_error(span).to_compile_error(),
    };
    let settings = crate::Settings::default()
        .with_example_tests(false)
        .with_runtime(RustPath::known(true, &["apigen_runtime"]));
    let items = crate::emit::service(&service, &settings);
    let tracked = service.files.iter().map(|file| {
        std::fs::canonicalize(file)
            .unwrap_or_else(|_| file.clone())
            .display()
            .to_string()
    });
    quote! {
        #items
        const _: &[&[u8]] = &[#(include_bytes!(#tracked)),*];
    }
}

/// Expands the attribute on `item`; `manifest_dir` is the calling crate's.
pub fn expand(attr: TokenStream, item: TokenStream, manifest_dir: &Path) -> TokenStream {
    let item: ItemStruct = match syn::parse2(item.clone()) {
        Ok(item) => item,
        Err(e) => {
            let e = syn::Error::new(
                e.span(),
                "#[apigen_macros::endpoint] goes on a struct with named fields",
            );
            let error = e.to_compile_error();
            return quote!(#error #item);
        }
    };
    match endpoint(attr, &item, manifest_dir) {
        Ok(tokens) => tokens,
        Err(error) => failed(&item, error),
    }
}

/// The struct (so its name exists) and an empty error enum, plus the errors.
fn failed(item: &ItemStruct, error: syn::Error) -> TokenStream {
    let stripped = fields::strip(item);
    let vis = &item.vis;
    let error_enum = format_ident!("{}Error", item.ident);
    let errors = error.to_compile_error();
    quote! {
        #errors
        #stripped
        #[allow(dead_code)]
        #vis enum #error_enum {}
    }
}

fn endpoint(attr: TokenStream, item: &ItemStruct, manifest_dir: &Path) -> Result<TokenStream, syn::Error> {
    let (annotation, mut problems, complete) = attr::parse(attr);
    let params = fields::params(item, &mut problems);
    if complete {
        // A key that failed to parse is reported as such, not also as missing.
        require_keys(&annotation, &mut problems);
    }
    if let Some(problems) = problems {
        return Err(problems);
    }
    let (service_name, service_span) = annotation
        .service
        .clone()
        .unwrap_or_else(|| (String::new(), Span::call_site()));
    let dir = service_dir(&annotation, &service_name, manifest_dir)
        .ok_or_else(|| missing_service(&annotation, &service_name, service_span, manifest_dir))?;
    let service_file = dir.join(SERVICE_FILE);
    let service = parse_file::<ServiceFile>(&service_file, &crate::LoadLimits::default())
        .map_err(|problems| problems.into_syn_error(service_span))?;
    let (document, spans) = document(&annotation, item, &params)?;
    let origin = PathBuf::from(format!("#[apigen_macros::endpoint] on {}", item.ident));
    let endpoint = Source {
        path: origin.clone(),
        // Problems are placed by document path at the annotation's tokens, not by line.
        positions: Positions::default(),
        doc: document,
    };
    let source = ServiceSource {
        service,
        endpoints: vec![endpoint],
    };
    let model = crate::validate::validate_service(&source).map_err(|problems| {
        let mut all = None;
        for problem in problems.0 {
            push(&mut all, located(&problem, &origin, &spans));
        }
        all.unwrap_or_else(|| syn::Error::new(Span::call_site(), "the annotation is invalid"))
    })?;
    let Some(checked) = model.endpoints.first() else {
        return Err(syn::Error::new(
            Span::call_site(),
            "internal error: the endpoint vanished",
        ));
    };
    let module = match annotation.module.clone() {
        Some(module) => module,
        None => default_module(&service_name, service_span)?,
    };
    let runtime = annotation
        .runtime
        .clone()
        .unwrap_or_else(|| RustPath::known(true, &["apigen_runtime"]));
    let settings = crate::Settings::default()
        .with_runtime(runtime)
        .with_service_module(module);
    let items = crate::emit::standalone_endpoint(&model, checked, &settings);
    let tracked = std::fs::canonicalize(&service_file).unwrap_or(service_file);
    let tracked = tracked.display().to_string();
    Ok(quote! {
        #items
        const _: &[u8] = include_bytes!(#tracked);
    })
}

fn require_keys(annotation: &Annotation, problems: &mut Option<syn::Error>) {
    let given = [
        ("service", annotation.service.is_some()),
        ("method", annotation.method.is_some()),
        ("path", annotation.path.is_some()),
        ("auth", annotation.auth.is_some()),
        ("response", annotation.response.is_some()),
    ];
    for (key, present) in given {
        if !present {
            let what = attr::KEYS.iter().find(|(k, _)| *k == key).map_or("", |(_, w)| *w);
            push(
                problems,
                syn::Error::new(Span::call_site(), format!("missing `{key}`: it takes {what}")),
            );
        }
    }
}

/// `<specs>/<service>`, or the nearest `api-specs/<service>` above the crate.
fn service_dir(annotation: &Annotation, service: &str, manifest_dir: &Path) -> Option<PathBuf> {
    if let Some((specs, _)) = &annotation.specs {
        let dir = manifest_dir.join(specs).join(service);
        return dir.join(SERVICE_FILE).is_file().then_some(dir);
    }
    manifest_dir
        .ancestors()
        .map(|dir| dir.join("api-specs").join(service))
        .find(|dir| dir.join(SERVICE_FILE).is_file())
}

fn missing_service(annotation: &Annotation, service: &str, span: Span, manifest_dir: &Path) -> syn::Error {
    match &annotation.specs {
        Some((specs, specs_span)) => syn::Error::new(
            *specs_span,
            format!(
                "no service `{service}` under {}: expected {}/{service}/{SERVICE_FILE} (paths are relative to Cargo.toml)",
                manifest_dir.join(specs).display(),
                specs
            ),
        ),
        None => syn::Error::new(
            span,
            format!(
                "no `api-specs/{service}/{SERVICE_FILE}` in {} or above; give `specs = \"path/to/api-specs\"`",
                manifest_dir.display()
            ),
        ),
    }
}

/// `::apigen_clients::<service>`.
fn default_module(service: &str, span: Span) -> Result<RustPath, syn::Error> {
    RustPath::parse_module(&format!("::apigen_clients::{service}"))
        .map_err(|problem| syn::Error::new(span, format!("{problem}; give `module = path::to::the::service`")))
}

/// The endpoint document a YAML file would hold, and the span of each part.
fn document(
    a: &Annotation,
    item: &ItemStruct,
    params: &[Param],
) -> Result<(EndpointFile, Vec<(String, Span)>), syn::Error> {
    let mut spans = vec![("id".to_owned(), item.ident.span())];
    let doc = fields::doc_text(&item.attrs);
    let id =
        a.id.as_ref()
            .map(|(id, _)| id.clone())
            .unwrap_or_else(|| heck::ToSnakeCase::to_snake_case(item.ident.to_string().as_str()));
    let summary = a
        .summary
        .clone()
        .or_else(|| doc.as_ref().and_then(|d| d.lines().next().map(str::to_owned)))
        .unwrap_or_else(|| id.clone());
    let mut text = |key: &str, value: Option<&(String, Span)>| {
        value.map(|(text, span)| {
            spans.push((key.to_owned(), *span));
            text.clone()
        })
    };
    // Required keys were checked to be present; an empty text never validates.
    let method = text("method", a.method.as_ref()).unwrap_or_default();
    let path = text("path", a.path.as_ref()).unwrap_or_default();
    let action = text("action", a.action.as_ref());
    let auth = AuthNames::One(text("auth", a.auth.as_ref()).unwrap_or_default());
    let rust = text("response", a.response.as_ref());
    let rate_limit = match a.rate_limit {
        Some((n, span)) => {
            let per_second = u32::try_from(n).map_err(|_| {
                syn::Error::new(
                    span,
                    format!(
                        "a rate limit of {n} calls per second is more than any quota (at most {})",
                        u32::MAX
                    ),
                )
            })?;
            spans.push(("rate_limit".to_owned(), span));
            Some(RateLimit {
                per_second,
                scope: None,
                doc_url: None,
            })
        }
        None => None,
    };
    let mut request = RequestSpec {
        name: Some(item.ident.to_string()),
        ..RequestSpec::default()
    };
    for p in params {
        let shape = Shape {
            ty: Some(p.ty.clone()),
            required: Some(p.required),
            rust_name: Some(p.rust.clone()),
            description: p.description.clone(),
            ..Shape::default()
        };
        let map: &mut IndexMap<String, Shape> = match p.location {
            "path" => &mut request.path,
            "query" => &mut request.query,
            _ => &mut request.body,
        };
        map.insert(p.wire.clone(), shape);
        spans.push((format!("request.{}.{}", p.location, p.wire), p.span));
    }
    let errors = a
        .errors
        .iter()
        .enumerate()
        .map(|(i, e)| {
            spans.push((format!("errors[{i}]"), e.span));
            ErrorSpec {
                code: e.code.clone(),
                name: e.name.clone(),
                http_status: e.status.map(crate::spec::ast::HttpStatus::One),
                message: e.message.clone(),
                fields: Vec::new(),
                hint: e.hint.clone(),
                retryable: e.retryable,
                source: None,
                when: Vec::new(),
            }
        })
        .collect();
    let document = EndpointFile {
        id,
        summary,
        description: doc,
        provenance: Provenance {
            seed: None,
            source_url: a.source_url.clone(),
            last_updated: None,
        },
        method,
        also_accepts: Vec::new(),
        path,
        action,
        auth,
        scopes: a.scopes.clone(),
        rate_limit,
        idempotent: a.idempotent,
        app_types: Vec::new(),
        since: None,
        request,
        response: ResponseSpec {
            rust,
            ..ResponseSpec::default()
        },
        errors,
        pagination: None,
        examples: Vec::new(),
        discrepancies: Vec::new(),
        inferred: Vec::new(),
        notes: Vec::new(),
    };
    Ok((document, spans))
}

/// A validator problem at the tokens its document path came from.
fn located(problem: &Diagnostic, origin: &Path, spans: &[(String, Span)]) -> syn::Error {
    let suggestion = problem
        .suggestion
        .as_ref()
        .map(|s| format!(" (did you mean `{s}`?)"))
        .unwrap_or_default();
    if problem.file != origin {
        // A problem of the service's own files: say where, as the CLI does.
        return syn::Error::new(Span::call_site(), problem.to_string());
    }
    let span = spans
        .iter()
        .filter(|(key, _)| {
            problem.path == *key
                || problem.path.starts_with(&format!("{key}."))
                || problem.path.starts_with(&format!("{key}["))
        })
        .max_by_key(|(key, _)| key.len())
        .map_or_else(Span::call_site, |(_, span)| *span);
    syn::Error::new(span, format!("{}{suggestion}", problem.message))
}
