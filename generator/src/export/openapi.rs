//! `apigen openapi`: one OpenAPI 3.1 document per service.
//!
//! The document says what OpenAPI can (servers, operations, parameters,
//! bodies, replies in the service's envelope, shared types as components,
//! enums, `oneOf` for exclusive groups and tagged variants, security
//! schemes, error replies per status with the vendor codes as examples) and
//! carries the rest as `x-apigen-*` extensions (rate limits, scopes,
//! pagination, provenance, the envelope and call style, the spec's own form
//! of each auth scheme). `import openapi` reads such a document back (see
//! `generator/tests/export_openapi.rs` for what survives the round trip).
//!
//! Output is deterministic: objects keep the spec's order, and the same
//! service gives the same bytes.

use std::collections::HashMap;

use crate::model::{CallStyle, Envelope, ErrorCode, Service};
use crate::spec::ast::{Discrepancy, Inferred, ServiceFile};
use crate::spec::load::ServiceSource;

use super::errors::{error_component, ERROR_COMPONENT};
use super::json::{Json, Obj, Put};
use super::paths::operations;
use super::schemas::component;
use super::security::scheme;

/// The OpenAPI version written.
pub const OPENAPI_VERSION: &str = "3.1.0";

/// What the specs say that the checked model does not keep: the vendor's
/// contradictions, the rate limit's scope and page, app types, header and
/// base URL descriptions, and a variant tag's description.
#[derive(Debug, Default)]
pub struct Facts {
    /// Base URL name → its description.
    pub base_url_descriptions: HashMap<String, String>,
    /// The service's discrepancies, as `{subject, page, resolution}`.
    pub discrepancies: Vec<Json>,
    /// What the service file says that the pages do not, as `{subject, source}`.
    pub inferred: Vec<Json>,
    /// Endpoint id → what its file says.
    pub endpoints: HashMap<String, EndpointFacts>,
}

/// What one endpoint file says that the model does not keep.
#[derive(Debug, Default)]
pub struct EndpointFacts {
    /// The endpoint's discrepancies, as `{subject, page, resolution}`.
    pub discrepancies: Vec<Json>,
    /// What the endpoint file says that the page does not, as `{subject, source}`.
    pub inferred: Vec<Json>,
    /// What the rate limit applies to.
    pub rate_limit_scope: Option<String>,
    /// The vendor's page on the limit.
    pub rate_limit_doc_url: Option<String>,
    /// App kinds allowed to call it.
    pub app_types: Vec<String>,
    /// Fixed header name → its description.
    pub header_descriptions: HashMap<String, String>,
    /// The description of the variants' tag field.
    pub tag_description: Option<String>,
}

fn discrepancies(list: &[Discrepancy]) -> Vec<Json> {
    list.iter()
        .map(|d| {
            let mut entry = Obj::new();
            entry
                .put("subject", d.subject.as_str())
                .put("page", d.page.as_str())
                .put("resolution", d.resolution.as_str());
            entry.into()
        })
        .collect()
}

fn inferred(list: &[Inferred]) -> Vec<Json> {
    list.iter()
        .map(|i| {
            let mut entry = Obj::new();
            entry
                .put("subject", i.subject.as_str())
                .put("source", i.source.as_str());
            entry.into()
        })
        .collect()
}

impl Facts {
    /// The facts of a service's loaded files.
    pub fn of(source: &ServiceSource) -> Facts {
        let service: &ServiceFile = &source.service.doc;
        let mut facts = Facts {
            base_url_descriptions: service
                .base_urls
                .iter()
                .filter_map(|b| Some((b.name.clone(), b.description.clone()?)))
                .collect(),
            discrepancies: discrepancies(&service.discrepancies),
            inferred: inferred(&service.inferred),
            endpoints: HashMap::new(),
        };
        for file in &source.endpoints {
            let doc = &file.doc;
            let request = &doc.request;
            let tag_description = request.variants.as_ref().and_then(|v| {
                [&request.body, &request.query, &request.form, &request.multipart]
                    .into_iter()
                    .find_map(|map| map.get(&v.tag))
                    .and_then(|shape| shape.description.clone())
            });
            facts.endpoints.insert(
                doc.id.clone(),
                EndpointFacts {
                    discrepancies: discrepancies(&doc.discrepancies),
                    inferred: inferred(&doc.inferred),
                    rate_limit_scope: doc.rate_limit.as_ref().and_then(|r| r.scope.clone()),
                    rate_limit_doc_url: doc.rate_limit.as_ref().and_then(|r| r.doc_url.clone()),
                    app_types: doc.app_types.clone(),
                    header_descriptions: request
                        .headers
                        .iter()
                        .filter_map(|(k, h)| Some((k.clone(), h.description.clone()?)))
                        .collect(),
                    tag_description,
                },
            );
        }
        facts
    }
}

/// The file a service's document is written to: `<service>.openapi.json`.
pub fn file_name(service: &str) -> String {
    format!("{service}.openapi.json")
}

fn code(code: &ErrorCode) -> Json {
    match code {
        ErrorCode::Int(i) => Json::from(*i),
        ErrorCode::Str(s) => Json::String(s.clone()),
    }
}

/// The envelope as `service.yaml` writes it.
fn envelope(service: &Service) -> Obj {
    let mut out = Obj::new();
    let request_id = |id: &crate::model::RequestIdSource| {
        let mut out = Obj::new();
        out.put_some("header", id.header.as_deref());
        out.put_some("body", id.body.as_deref());
        out
    };
    match &service.envelope {
        Envelope::Wrapped {
            code: code_key,
            message,
            data,
            success_code,
            request_id: id,
            error_detail,
        } => {
            out.put("kind", "wrapped")
                .put("code", code_key.as_str())
                .put("message", message.as_str())
                .put("data", data.as_str())
                .put("success_code", code(success_code))
                .put("request_id", request_id(id));
            out.put_some("error_detail", error_detail.as_deref());
        }
        Envelope::Flat {
            code: code_key,
            message,
            request_id: id,
            success_codes,
            success_flag,
        } => {
            out.put("kind", "flat")
                .put("code", code_key.as_str())
                .put("message", message.as_str())
                .put("request_id", request_id(id));
            if !success_codes.is_empty() {
                out.put("success_codes", success_codes.iter().map(code).collect::<Vec<_>>());
            }
            out.put_some("success_flag", success_flag.as_deref());
        }
    }
    out
}

fn call_style(service: &Service) -> Obj {
    let mut out = Obj::new();
    match &service.call_style {
        CallStyle::Rest => {
            out.put("kind", "rest");
        }
        CallStyle::Rpc {
            version,
            action_param,
            version_param,
        } => {
            out.put("kind", "rpc")
                .put("version", version.as_str())
                .put("action_param", action_param.as_str())
                .put("version_param", version_param.as_str());
        }
    }
    out
}

/// The document's `info.version`: the RPC version, else the newest page date, else `unversioned`.
fn version(service: &Service) -> String {
    match &service.call_style {
        CallStyle::Rpc { version, .. } => version.clone(),
        CallStyle::Rest => service
            .endpoints
            .iter()
            .filter_map(|e| e.last_updated.clone())
            .max()
            .unwrap_or_else(|| "unversioned".to_owned()),
    }
}

/// The OpenAPI document of one service; `facts` (from [`Facts::of`]) adds
/// what only the spec files say.
pub fn document(service: &Service, facts: &Facts) -> Json {
    let mut doc = Obj::new();
    doc.put("openapi", OPENAPI_VERSION);
    let mut info = Obj::new();
    info.put("title", service.title.as_str());
    info.put_some("description", service.description.as_deref());
    info.put("version", version(service));
    doc.put("info", info);
    if let Some(url) = &service.docs_url {
        let mut docs = Obj::new();
        docs.put("description", "The vendor's documentation")
            .put("url", url.as_str());
        doc.put("externalDocs", docs);
    }
    // The default base URL first: clients of the document use the first server.
    let mut base_urls: Vec<_> = service.base_urls.iter().collect();
    base_urls.sort_by_key(|b| !b.default);
    let servers: Vec<Json> = base_urls
        .iter()
        .map(|b| {
            let mut server = Obj::new();
            server.put("url", b.url.as_str());
            let description = match facts.base_url_descriptions.get(&b.name) {
                Some(text) => format!("{}: {text}", b.name),
                None => b.name.clone(),
            };
            server.put("description", description);
            server.put("x-apigen-name", b.name.as_str());
            if b.default {
                server.put("x-apigen-default", true);
            }
            server.into()
        })
        .collect();
    if !servers.is_empty() {
        doc.put("servers", servers);
    }
    doc.put("paths", paths(service, facts));
    let mut components = Obj::new();
    let mut schemas = Obj::new();
    let requests: Vec<&str> = service.endpoints.iter().map(|e| e.request_type.as_str()).collect();
    let cases: Vec<&str> = service
        .all_types()
        .filter_map(|t| match &t.kind {
            crate::model::TypeKind::Tagged { variants, .. } => Some(variants.iter().map(|v| v.case_type.as_str())),
            _ => None,
        })
        .flatten()
        .collect();
    for def in service.all_types() {
        if requests.contains(&def.name.as_str()) || cases.contains(&def.name.as_str()) {
            continue;
        }
        if let Some(schema) = component(def) {
            schemas.put(&def.name, schema);
        }
    }
    schemas.put(ERROR_COMPONENT, error_component(service));
    components.put("schemas", schemas);
    let mut security = Obj::new();
    for auth in &service.auth {
        security.put(&auth.name, scheme(auth));
    }
    components.put("securitySchemes", security);
    doc.put("components", components);
    doc.put("x-apigen-service", service.id.as_str());
    doc.put("x-apigen-envelope", envelope(service));
    doc.put(
        "x-apigen-error-code-type",
        match service.code_type {
            crate::model::CodeType::Integer => "integer",
            crate::model::CodeType::String => "string",
        },
    );
    doc.put("x-apigen-call-style", call_style(service));
    if service.base_urls.is_empty() {
        // On-premises: no public address, the user supplies it.
        doc.put("x-apigen-base-url-required", true);
    }
    if !facts.discrepancies.is_empty() {
        doc.put("x-apigen-discrepancies", facts.discrepancies.clone());
    }
    if !facts.inferred.is_empty() {
        doc.put("x-apigen-inferred", facts.inferred.clone());
    }
    doc.into()
}

/// The `paths` object. OpenAPI holds one operation per method and path, so
/// operations sharing both (an RPC service's actions, all at `/`) are each
/// keyed `<path>#<action>`: a fragment, which no request sends, keeps the
/// key apart while the path stays the one called.
fn paths(service: &Service, facts: &Facts) -> Obj {
    let operations = operations(service, facts);
    let mut shared: HashMap<(&str, &str), usize> = HashMap::new();
    for op in &operations {
        *shared.entry((op.path.as_str(), op.method.as_str())).or_default() += 1;
    }
    let mut paths = Obj::new();
    // Operation ids are unique in a document: an RPC action used twice (no
    // check forbids it) falls back to the endpoint id, which is unique.
    let mut ids: std::collections::HashSet<String> = std::collections::HashSet::new();
    for op in &operations {
        let mut key = if shared
            .get(&(op.path.as_str(), op.method.as_str()))
            .copied()
            .unwrap_or(0)
            > 1
        {
            format!("{}#{}", op.path, op.discriminator)
        } else {
            op.path.clone()
        };
        // Two endpoints with one action and method (never in a checked spec) still get keys of their own.
        let mut n = 2;
        while paths
            .get(&key)
            .and_then(Json::as_object)
            .is_some_and(|item| item.contains_key(&op.method))
        {
            key = format!("{}#{}.{n}", op.path, op.discriminator);
            n += 1;
        }
        let mut object = op.object.clone();
        let wanted = object.get("operationId").cloned();
        if let Some(Json::String(id)) = wanted {
            let mut id = if ids.contains(&id) { op.id.clone() } else { id };
            while ids.contains(&id) {
                id.push_str("_2");
            }
            ids.insert(id.clone());
            object.put("operationId", id);
        }
        if key != op.path {
            object.put("x-apigen-path", op.path.as_str());
        }
        match paths.get_mut(&key) {
            Some(Json::Object(item)) => {
                item.put(&op.method, object);
            }
            _ => {
                let mut item = Obj::new();
                item.put(&op.method, object);
                paths.put(&key, item);
            }
        }
    }
    paths
}

/// `x-apigen-*` keys as a profile for `import openapi --envelope FILE`: the
/// service keys OpenAPI cannot say (`envelope`, `error_code_type`,
/// `call_style`, `auth`), in `service.yaml`'s form, from an exported document.
pub fn profile_of(doc: &Json) -> Obj {
    let mut profile = Obj::new();
    profile.put_some("envelope", doc.get("x-apigen-envelope").cloned());
    profile.put_some("error_code_type", doc.get("x-apigen-error-code-type").cloned());
    if let Some(style) = doc.get("x-apigen-call-style") {
        if style.get("kind") == Some(&Json::from("rpc")) {
            profile.put("call_style", style.clone());
        }
    }
    let mut auth = Obj::new();
    let schemes = doc
        .get("components")
        .and_then(|c| c.get("securitySchemes"))
        .and_then(Json::as_object);
    for (name, scheme) in schemes.into_iter().flatten() {
        if let Some(spec) = scheme.get("x-apigen-auth") {
            auth.put(name, spec.clone());
        }
    }
    if !auth.is_empty() {
        profile.put("auth", auth);
    }
    profile
}
