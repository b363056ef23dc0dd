//! `#[apigen::endpoint(...)]`: a Rust struct as an endpoint spec.
//!
//! The annotation is another way to write an endpoint file. It is parsed
//! ([`attr`], [`fields`]), turned into exactly the document a YAML file would
//! hold, and sent through the same loader and validator together with the
//! service's `service.yaml`; the checked endpoint is emitted by the same
//! emitter as the YAML path, spelled out against the service's generated
//! module. Every problem becomes a `syn::Error` at the tokens it is about,
//! all of them at once; the struct is still emitted, so the user's other
//! code keeps its names.

pub mod attr;
pub mod fields;

use std::path::{Path, PathBuf};

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote};
use serde_json::{json, Map, Value};
use syn::ItemStruct;

use crate::diagnostic::Diagnostic;
use crate::spec::ast::{EndpointFile, ServiceFile};
use crate::spec::load::{parse_file, parse_str, ServiceSource, SERVICE_FILE};
use attr::{push, Annotation, ErrorCode};

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
    let settings = crate::Settings::default().with_example_tests(false);
    let settings = match settings.with_runtime_path("::apigen_clients::runtime") {
        Ok(settings) => settings,
        Err(e) => return e.to_compile_error(),
    };
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
            let e = syn::Error::new(e.span(), "#[apigen::endpoint] goes on a struct with named fields");
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
    let service = parse_file::<ServiceFile>(&service_file).map_err(|problems| problems.into_syn_error(service_span))?;
    let (document, spans) = document(&annotation, item, &params);
    let yaml = serde_yaml::to_string(&document).map_err(|e| syn::Error::new(Span::call_site(), e.to_string()))?;
    let origin = PathBuf::from(format!("#[apigen::endpoint] on {}", item.ident));
    let endpoint =
        parse_str::<EndpointFile>(&origin, &yaml).map_err(|problems| problems.into_syn_error(Span::call_site()))?;
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
    let module = annotation.module.clone().unwrap_or_else(|| {
        let service = format_ident!("{}", service_name);
        quote!(::apigen_clients::#service)
    });
    let runtime = annotation
        .runtime
        .clone()
        .unwrap_or_else(|| quote!(::apigen_clients::runtime));
    let items = crate::emit::standalone_endpoint(&model, checked, &runtime, &module);
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

/// The endpoint document a YAML file would hold, and the span of each part.
fn document(a: &Annotation, item: &ItemStruct, params: &[Param]) -> (Value, Vec<(String, Span)>) {
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
    let mut document = Map::new();
    document.insert("id".into(), json!(id));
    document.insert("summary".into(), json!(summary));
    if let Some(doc) = &doc {
        document.insert("description".into(), json!(doc));
    }
    document.insert("provenance".into(), json!({ "source_url": a.source_url }));
    let mut put = |key: &str, value: Option<&(String, Span)>| {
        if let Some((text, span)) = value {
            document.insert(key.into(), json!(text));
            spans.push((key.to_owned(), *span));
        }
    };
    put("method", a.method.as_ref());
    put("path", a.path.as_ref());
    put("action", a.action.as_ref());
    put("auth", a.auth.as_ref());
    if !a.scopes.is_empty() {
        document.insert("scopes".into(), json!(a.scopes));
    }
    if let Some((n, span)) = a.rate_limit {
        document.insert("rate_limit".into(), json!({ "per_second": n }));
        spans.push(("rate_limit".to_owned(), span));
    }
    if let Some(idempotent) = a.idempotent {
        document.insert("idempotent".into(), json!(idempotent));
    }
    let mut request = Map::new();
    request.insert("name".into(), json!(item.ident.to_string()));
    for location in fields::LOCATIONS {
        let mut shapes = Map::new();
        for p in params.iter().filter(|p| p.location == location) {
            let mut shape = Map::new();
            shape.insert("type".into(), json!(p.ty));
            shape.insert("required".into(), json!(p.required));
            shape.insert("rust_name".into(), json!(p.rust));
            if let Some(description) = &p.description {
                shape.insert("description".into(), json!(description));
            }
            shapes.insert(p.wire.clone(), Value::Object(shape));
            spans.push((format!("request.{location}.{}", p.wire), p.span));
        }
        if !shapes.is_empty() {
            request.insert(location.into(), Value::Object(shapes));
        }
    }
    document.insert("request".into(), Value::Object(request));
    if let Some((response, span)) = &a.response {
        document.insert("response".into(), json!({ "rust": response }));
        spans.push(("response".to_owned(), *span));
    }
    let errors: Vec<Value> = a
        .errors
        .iter()
        .enumerate()
        .map(|(i, e)| {
            spans.push((format!("errors[{i}]"), e.span));
            let code = match &e.code {
                ErrorCode::Int(i) => json!(i),
                ErrorCode::Str(s) => json!(s),
            };
            json!({ "code": code, "name": e.name, "http_status": e.status, "message": e.message, "hint": e.hint, "retryable": e.retryable })
        })
        .collect();
    document.insert("errors".into(), Value::Array(errors));
    strip_nulls(&mut document);
    (Value::Object(document), spans)
}

/// Optional keys are left out rather than written as `null`.
fn strip_nulls(map: &mut Map<String, Value>) {
    map.retain(|_, v| !v.is_null());
    for value in map.values_mut() {
        match value {
            Value::Object(inner) => strip_nulls(inner),
            Value::Array(items) => items.iter_mut().for_each(|item| {
                if let Value::Object(inner) = item {
                    strip_nulls(inner);
                }
            }),
            _ => {}
        }
    }
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
