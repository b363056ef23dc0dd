//! Semantic checks that turn parsed documents into the [`crate::model`].
//!
//! Every check records its problem and carries on, so one run reports all
//! problems of all files. Checks are linear in the size of the specs: names
//! are declared once into hash maps before anything refers to them.

mod directions;
mod endpoint;
mod errors;
mod names;
mod recursion;
mod shapes;

use std::path::Path;
use std::sync::Arc;

use crate::diagnostic::{closest, Diagnostic, Diagnostics};
use crate::model::{self, Catalog, Service};
use crate::naming::is_snake;
use crate::spec::ast::{self, AuthScheme};
use crate::spec::load::{ServiceSource, Source};

use names::Names;

/// Checks every service and builds the catalog, or reports every problem.
pub fn validate(sources: &[ServiceSource]) -> Result<Catalog, Diagnostics> {
    let mut problems = Diagnostics::default();
    let mut catalog = Catalog::default();
    let mut ids = std::collections::HashMap::new();
    for source in sources {
        match validate_service(source) {
            Ok(service) => {
                if let Some(first) = ids.insert(service.id.clone(), source.service.path.clone()) {
                    problems.push(source.service.error(
                        "service",
                        format!(
                            "service id `{}` is already used by {}; ids must be unique",
                            service.id,
                            first.display()
                        ),
                    ));
                }
                catalog.services.push(service);
            }
            Err(more) => problems.extend(more),
        }
    }
    problems.into_result(catalog)
}

/// Records problems against one document.
pub(crate) struct SpecChecker<'a, T> {
    pub(crate) source: &'a Source<T>,
    pub(crate) problems: &'a mut Diagnostics,
}

impl<T> SpecChecker<'_, T> {
    pub(crate) fn error(&mut self, path: &str, message: impl Into<String>) {
        let diagnostic = self.source.error(path, message);
        self.problems.push(diagnostic);
    }

    pub(crate) fn error_suggest<'c>(
        &mut self,
        path: &str,
        message: impl Into<String>,
        wrong: &str,
        candidates: impl IntoIterator<Item = &'c str>,
    ) {
        let mut diagnostic: Diagnostic = self.source.error(path, message);
        diagnostic.suggestion = closest(wrong, candidates);
        self.problems.push(diagnostic);
    }

    pub(crate) fn file(&self) -> &Path {
        &self.source.path
    }
}

/// Checks one service folder.
pub fn validate_service(source: &ServiceSource) -> Result<Service, Diagnostics> {
    let mut problems = Diagnostics::default();
    let doc = &source.service.doc;
    let mut check = SpecChecker {
        source: &source.service,
        problems: &mut problems,
    };
    if !is_snake(&doc.service) {
        check.error(
            "service",
            format!(
                "service id `{}` must be snake_case (it names a Rust module and a cargo feature)",
                doc.service
            ),
        );
    }
    let base_urls = base_urls(&mut check, &doc.base_urls);
    let auth = auth_schemes(&mut check, doc);
    let envelope = envelope(&mut check, &doc.envelope, doc.error_code_type);
    let call_style = call_style(&doc.call_style);

    // Declare every type name of the service before resolving any reference.
    let mut names = Names::default();
    names.declare_service(&mut check, doc);
    for endpoint in &source.endpoints {
        let mut check = SpecChecker {
            source: endpoint,
            problems: check.problems,
        };
        names.declare_endpoint(&mut check, &endpoint.doc);
    }

    let mut types = Vec::new();
    shapes::shared_types(&mut check, &names, doc, &mut types);
    let subjects = errors::Subjects {
        fields: None,
        auth: doc.auth.keys().map(String::as_str).collect(),
    };
    let common_errors = errors::entries(
        &mut check,
        "common_errors",
        &doc.common_errors,
        doc.error_code_type,
        &subjects,
    );

    let mut endpoints = Vec::new();
    let mut generated_items = GeneratedItems::default();
    let mut endpoint_ids = std::collections::HashMap::new();
    for endpoint in &source.endpoints {
        let mut check = SpecChecker {
            source: endpoint,
            problems: check.problems,
        };
        if let Some(first) = endpoint_ids.insert(endpoint.doc.id.clone(), endpoint.path.clone()) {
            check.error(
                "id",
                format!(
                    "endpoint id `{}` is already used by {}; ids must be unique in a service",
                    endpoint.doc.id,
                    first.display()
                ),
            );
        }
        generated_items.check(&mut check);
        let context = endpoint::Context {
            service: doc,
            auth: &auth,
            shared_types: &types,
            names: &names,
        };
        endpoints.extend(endpoint::endpoint(&mut check, &context));
    }

    let mut files = vec![source.service.path.clone()];
    files.extend(source.endpoints.iter().map(|e| e.path.clone()));
    recursion::box_cycles(
        types
            .iter_mut()
            .chain(endpoints.iter_mut().flat_map(|e| e.types.iter_mut())),
    );
    directions::mark(&mut types, &mut endpoints);
    problems.into_result(Service {
        id: doc.service.clone(),
        title: doc.title.clone(),
        description: doc.description.clone(),
        docs_url: doc.docs_url.clone(),
        base_urls,
        auth,
        envelope,
        call_style,
        code_type: code_type(doc.error_code_type),
        common_errors,
        types,
        endpoints,
        files,
    })
}

fn base_urls(check: &mut SpecChecker<'_, ast::ServiceFile>, urls: &[ast::BaseUrl]) -> Vec<model::BaseUrl> {
    let mut defaults = 0;
    let mut out = Vec::new();
    for (i, url) in urls.iter().enumerate() {
        let path = format!("base_urls[{i}].url");
        if !(url.url.starts_with("https://") || url.url.starts_with("http://")) {
            check.error(&path, format!("`{}` is not an http(s) URL", url.url));
        } else if url.url.ends_with('/') {
            check.error(&path, format!("`{}` ends in `/`; write the URL without it", url.url));
        }
        defaults += usize::from(url.default);
        out.push(model::BaseUrl {
            name: url.name.clone(),
            url: url.url.clone(),
            default: url.default,
        });
    }
    if defaults > 1 {
        check.error(
            "base_urls",
            "more than one base URL is marked `default: true`; mark one",
        );
    }
    if defaults == 0 && !urls.is_empty() {
        check.error(
            "base_urls",
            "no base URL is marked `default: true`; mark the vendor's default",
        );
    }
    out
}

fn auth_schemes(check: &mut SpecChecker<'_, ast::ServiceFile>, doc: &ast::ServiceFile) -> Vec<Arc<model::AuthScheme>> {
    if doc.auth.is_empty() {
        check.error("auth", "a service needs at least one auth scheme");
    }
    doc.auth
        .iter()
        .map(|(name, scheme)| {
            let (kind, description) = match scheme {
                AuthScheme::Bearer {
                    token_type,
                    description,
                } => (model::AuthKind::Bearer(token(*token_type)), description),
                AuthScheme::AliyunSignature { versions, description } => {
                    if versions.is_empty() {
                        check.error(
                            &format!("auth.{name}.versions"),
                            "list at least one signature version (`v3`, `rpc`)",
                        );
                    }
                    let versions = versions.iter().map(|v| aliyun_version(*v)).collect();
                    (model::AuthKind::AliyunSignature(versions), description)
                }
                AuthScheme::SangforSignature {
                    query_values,
                    description,
                } => (
                    model::AuthKind::SangforSignature(sangfor_values(*query_values)),
                    description,
                ),
            };
            if !is_snake(name) {
                check.error(
                    &format!("auth.{name}"),
                    format!("auth scheme name `{name}` must be snake_case"),
                );
            }
            Arc::new(model::AuthScheme {
                name: name.clone(),
                kind,
                description: description.clone(),
            })
        })
        .collect()
}

fn envelope(
    check: &mut SpecChecker<'_, ast::ServiceFile>,
    envelope: &ast::Envelope,
    code_type: ast::CodeType,
) -> model::Envelope {
    let request_id = |check: &mut SpecChecker<'_, ast::ServiceFile>, source: &ast::RequestIdSource| {
        if source.header.is_none() && source.body.is_none() {
            check.error(
                "envelope.request_id",
                "give the request-tracing id's `header` or `body` key (or both)",
            );
        }
        model::RequestIdSource {
            header: source.header.clone(),
            body: source.body.clone(),
        }
    };
    match envelope {
        ast::Envelope::Wrapped {
            code,
            message,
            data,
            success_code,
            request_id: source,
            error_detail,
        } => {
            success_code_type(check, "envelope.success_code", success_code, code_type);
            model::Envelope::Wrapped {
                code: code.clone(),
                message: message.clone(),
                data: data.clone(),
                success_code: error_code(success_code),
                request_id: request_id(check, source),
                error_detail: error_detail.clone(),
            }
        }
        ast::Envelope::Flat {
            code,
            message,
            request_id: source,
            success_codes,
            success_flag,
        } => {
            for (i, success) in success_codes.iter().enumerate() {
                success_code_type(check, &format!("envelope.success_codes[{i}]"), success, code_type);
            }
            model::Envelope::Flat {
                code: code.clone(),
                message: message.clone(),
                request_id: request_id(check, source),
                success_codes: success_codes.iter().map(error_code).collect(),
                success_flag: success_flag.clone(),
            }
        }
    }
}

/// A success code is typed like the service's error codes.
fn success_code_type(
    check: &mut SpecChecker<'_, ast::ServiceFile>,
    path: &str,
    code: &ast::CodeValue,
    code_type: ast::CodeType,
) {
    let matches = matches!(
        (code, code_type),
        (ast::CodeValue::Int(_), ast::CodeType::Integer) | (ast::CodeValue::Str(_), ast::CodeType::String)
    );
    if !matches {
        let wanted = match code_type {
            ast::CodeType::Integer => "an integer",
            ast::CodeType::String => "a string (quote it: \"200\")",
        };
        check.error(
            path,
            format!(
                "a success code is typed like `error_code_type`: write {wanted}, not {}",
                literal(code)
            ),
        );
    }
}

fn call_style(style: &ast::CallStyle) -> model::CallStyle {
    match style {
        ast::CallStyle::Rest => model::CallStyle::Rest,
        ast::CallStyle::Rpc {
            version,
            action_param,
            version_param,
        } => model::CallStyle::Rpc {
            version: version.clone(),
            action_param: action_param.clone(),
            version_param: version_param.clone(),
        },
    }
}

/// The function names the generated module derives from endpoint ids:
/// client methods (`<id>`, `<id>_stream` for paged endpoints) and example
/// tests (`<id>_<example>`). Two endpoints must not derive the same one.
#[derive(Default)]
struct GeneratedItems {
    /// Name → the endpoint (and key) it comes from.
    taken: std::collections::HashMap<String, (std::path::PathBuf, &'static str)>,
}

/// Methods every generated `Client` has besides the endpoints'.
const CLIENT_METHODS: &[&str] = &["builder", "generic"];

impl GeneratedItems {
    fn check(&mut self, check: &mut SpecChecker<'_, ast::EndpointFile>) {
        let doc = &check.source.doc;
        let mut names = vec![(doc.id.clone(), "id", "client method")];
        if doc.pagination.is_some() {
            names.push((format!("{}_stream", doc.id), "pagination", "client method"));
        }
        for example in &doc.examples {
            // As `endpoint::examples` names the tests it makes of an example.
            if example.request.is_some() || example.response.is_none() {
                names.push((format!("{}_{}", doc.id, example.name), "examples", "example test"));
            }
            if example.response.is_some() {
                let suffix = if example.request.is_some() { "_response" } else { "" };
                names.push((
                    format!("{}_{}{suffix}", doc.id, example.name),
                    "examples",
                    "example test",
                ));
            }
        }
        for (name, key, what) in names {
            if CLIENT_METHODS.contains(&name.as_str()) {
                check.error(
                    key,
                    format!("the {what} `{name}` would be the generated `Client::{name}`; choose another endpoint id"),
                );
                continue;
            }
            let here = (check.file().to_owned(), key);
            if let Some((file, _)) = self.taken.get(&name) {
                let message = format!(
                    "the {what} `{name}` is also generated for {}; rename this endpoint or that one",
                    file.display()
                );
                check.error(key, message);
                continue;
            }
            self.taken.insert(name, here);
        }
    }
}

/// A code as the model keeps it.
pub(crate) fn error_code(code: &ast::CodeValue) -> model::ErrorCode {
    match code {
        ast::CodeValue::Int(i) => model::ErrorCode::Int(*i),
        ast::CodeValue::Str(s) => model::ErrorCode::Str(s.clone()),
    }
}

/// An enum value (or a code quoted as a spec writes it, for messages).
pub(crate) fn literal(value: &ast::CodeValue) -> model::Literal {
    match value {
        ast::CodeValue::Int(i) => model::Literal::Int(*i),
        ast::CodeValue::Str(s) => model::Literal::Str(s.clone()),
    }
}

fn code_type(code_type: ast::CodeType) -> model::CodeType {
    match code_type {
        ast::CodeType::Integer => model::CodeType::Integer,
        ast::CodeType::String => model::CodeType::String,
    }
}

fn token(token: ast::TokenType) -> model::TokenType {
    match token {
        ast::TokenType::Tenant => model::TokenType::Tenant,
        ast::TokenType::User => model::TokenType::User,
        ast::TokenType::App => model::TokenType::App,
    }
}

fn aliyun_version(version: ast::AliyunSignatureVersion) -> model::AliyunSignatureVersion {
    match version {
        ast::AliyunSignatureVersion::V3 => model::AliyunSignatureVersion::V3,
        ast::AliyunSignatureVersion::Rpc => model::AliyunSignatureVersion::Rpc,
    }
}

fn sangfor_values(values: ast::SangforQueryValues) -> model::SangforQueryValues {
    match values {
        ast::SangforQueryValues::Decoded => model::SangforQueryValues::Decoded,
        ast::SangforQueryValues::PercentEncoded => model::SangforQueryValues::PercentEncoded,
    }
}
