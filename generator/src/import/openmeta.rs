//! `apigen import openmeta`: Alibaba Cloud's own metadata (`api-docs.json`,
//! one per product version, see `../shared/formats/alibaba-openmeta.md`)
//! into specs. RPC products are imported whole: `path: /` with the API as
//! `action`, `call_style: rpc` with the version, the flat envelope with its
//! success rule, AccessKey signatures, parameters with their styles and
//! locations, `itemNode` wrappers as `item_key`, both paging shapes, error
//! codes grouped by status, regional endpoints as base URLs. ROA products
//! (REST paths and JSON bodies) are not imported yet: each is reported and
//! skipped (an error under `--strict`).

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use serde_yaml::{Mapping, Value};

use super::doc::Doc;
use super::draft::{self, s, Draft, ErrorRow, Paging, Response};
use super::node::{clean_text, Field, Node};
use super::{pointer_segment, schema, Import, ImportError, Notes};
use crate::naming::{field_name, is_keyword};

/// The auth scheme every imported product declares.
const SCHEME: &str = "access_key";

/// Imports one product version per document: `(source name, document)`.
pub fn import(documents: &[(String, Doc)], strict: bool) -> Result<Import, Vec<ImportError>> {
    let mut import = Import::default();
    let mut errors = Vec::new();
    let mut services = HashSet::new();
    for (source, doc) in documents {
        let before = errors.len();
        product(source, doc, &mut services, &mut import, &mut errors);
        for e in &mut errors[before..] {
            e.pointer = format!("{source}#{}", e.pointer);
        }
    }
    if strict {
        for (kind, count) in &import.approximations {
            errors.push(ImportError {
                pointer: String::new(),
                message: format!("--strict: {count} approximation(s) of kind `{kind}`"),
            });
        }
    }
    if errors.is_empty() {
        Ok(import)
    } else {
        Err(errors)
    }
}

/// Service-wide facts gathered from the APIs.
#[derive(Default)]
struct Envelope {
    /// `Code` values of success bodies.
    success_codes: Vec<String>,
    /// Whether a success body has a boolean `Success`.
    success_flag: bool,
}

fn product(
    source: &str,
    doc: &Doc,
    services: &mut HashSet<String>,
    import: &mut Import,
    errors: &mut Vec<ImportError>,
) {
    let info = doc.get("info").unwrap_or(&Doc::Null);
    let (Some(product), Some(version)) = (info.str_at("product"), info.str_at("version")) else {
        errors.push(ImportError::at(
            "/info",
            "`info.product` and `info.version` are required",
        ));
        return;
    };
    let style = info.str_at("style").unwrap_or("RPC");
    if !style.eq_ignore_ascii_case("RPC") {
        *import
            .approximations
            .entry("product not imported yet (ROA and other styles)")
            .or_default() += 1;
        eprintln!(
            "{source}: {product} {version} is a {style} product; only RPC products are imported yet, so it is skipped"
        );
        return;
    }
    let mut name = field_name(product);
    if is_keyword(&name) {
        name.push_str("_api");
    }
    if !services.insert(name.clone()) {
        name = format!("{name}_{}", field_name(version));
        services.insert(name.clone());
    }
    let components = super::component_names(doc);
    let mut envelope = Envelope::default();
    let mut drafts = Vec::new();
    for (api_name, api) in doc.get("apis").and_then(Doc::as_object).into_iter().flatten() {
        let pointer = format!("/apis/{}", pointer_segment(api_name));
        let mut reader = Reader {
            doc,
            components: &components,
            errors,
        };
        drafts.push(reader.api(api_name, api, &pointer, &mut envelope));
    }
    draft::unique_ids(&mut drafts);
    let mut writer = draft::writer_for(&drafts, components.values().cloned());
    let mut files = Vec::new();
    let mut used = Vec::new();
    for d in &drafts {
        draft::named_types(d.fields(), &mut used);
        files.push((draft::endpoint_path(&name, d), draft::endpoint_yaml(d, &mut writer)));
        d.notes.count_into(&mut import.approximations);
    }
    let mut written = HashSet::new();
    let mut notes = Notes::default();
    while let Some(type_name) = used.pop() {
        if !written.insert(type_name.clone()) {
            continue;
        }
        let Some((key, _)) = components.iter().find(|(_, n)| **n == type_name) else {
            continue;
        };
        let pointer = format!("/components/schemas/{}", pointer_segment(key));
        let schema = doc
            .get("components")
            .and_then(|c| c.get("schemas"))
            .and_then(|s| s.get(key));
        let mut reader = Reader {
            doc,
            components: &components,
            errors,
        };
        let node = reader.node(schema.unwrap_or(&Doc::Null), &pointer, &mut notes, 0);
        draft::named_types(std::iter::once(&Field::new("", node.clone())), &mut used);
        writer.named(&type_name, &node);
    }
    notes.count_into(&mut import.approximations);
    let service = service_yaml(source, doc, &name, product, version, &envelope, &writer.types, &notes);
    import.files.push((PathBuf::from(&name).join("service.yaml"), service));
    import.endpoints += drafts.len();
    import.files.extend(files);
    import.services.push(name);
}

struct Reader<'a> {
    doc: &'a Doc,
    components: &'a HashMap<String, String>,
    errors: &'a mut Vec<ImportError>,
}

impl<'a> Reader<'a> {
    fn api(&mut self, api_name: &str, api: &'a Doc, pointer: &str, envelope: &mut Envelope) -> Draft {
        let mut notes = Notes::default();
        let methods: Vec<String> = api
            .get("methods")
            .map(Doc::items)
            .unwrap_or_default()
            .iter()
            .filter_map(Doc::as_str)
            .map(str::to_uppercase)
            .collect();
        let (method, also) = match methods.split_first() {
            Some((first, rest)) => (first.clone(), rest.to_vec()),
            None => ("POST".to_owned(), Vec::new()),
        };
        let text = |key: &str| api.str_at(key).map(clean_text).filter(|t| !t.is_empty());
        let mut d = Draft {
            id: field_name(api_name),
            summary: text("title")
                .or_else(|| text("summary"))
                .unwrap_or_else(|| api_name.to_owned()),
            description: text("description").or_else(|| text("summary").filter(|_| api.get("title").is_some())),
            method,
            also_accepts: also,
            path: "/".to_owned(),
            action: Some(api_name.to_owned()),
            auth: vec![SCHEME.to_owned()],
            idempotent: (api.str_at("operationType") == Some("read")).then_some(true),
            ..Draft::default()
        };
        self.security(api, &mut notes);
        if api.get("deprecated").and_then(Doc::as_bool) == Some(true) {
            notes.add("deprecated by the vendor", "deprecated by the vendor".to_owned());
        }
        for (i, param) in api
            .get("parameters")
            .map(Doc::items)
            .unwrap_or_default()
            .iter()
            .enumerate()
        {
            self.parameter(param, &format!("{pointer}/parameters/{i}"), &mut d, &mut notes);
        }
        let schema = api
            .get("responses")
            .and_then(|r| r.get("200"))
            .and_then(|r| r.get("schema"));
        if let Some(schema) = schema {
            let rp = format!("{pointer}/responses/200/schema");
            self.success_rule(schema, envelope);
            d.response = match self.node(schema, &rp, &mut notes, 0) {
                Node::Object(fields) => Response::Fields(fields),
                _ => Response::Fields(Vec::new()),
            };
        }
        d.pagination = paging(&d);
        d.errors = self.errors_of(api, pointer, &mut notes);
        d.examples = demo(api, &mut notes);
        d.notes = notes;
        d
    }

    fn security(&mut self, api: &Doc, notes: &mut Notes) {
        let Some(requirements) = api.get("security") else {
            return;
        };
        let names: Vec<&str> = requirements
            .items()
            .iter()
            .filter_map(Doc::as_object)
            .flat_map(|r| r.keys().map(String::as_str))
            .collect();
        if names.is_empty() {
            notes.add(
                "anonymous API signed anyway",
                "the vendor lists no security (anonymous); the client signs it with the AccessKey".to_owned(),
            );
        } else if let Some(other) = names.iter().find(|n| **n != "AK") {
            notes.add(
                "non-AccessKey security written as AccessKey",
                format!("security `{other}` is written as the AccessKey signature"),
            );
        }
    }

    fn parameter(&mut self, param: &'a Doc, pointer: &str, d: &mut Draft, notes: &mut Notes) {
        let Some(name) = param.str_at("name") else {
            self.errors.push(ImportError::at(pointer, "a parameter without `name`"));
            return;
        };
        let schema = param.get("schema").unwrap_or(&Doc::Null);
        let mut field = self.field(name, schema, &format!("{pointer}/schema"), notes);
        field.style = match param.str_at("style") {
            Some("repeatList") => Some("repeat_list"),
            Some("flat") => Some("flat"),
            Some("json") => Some("json"),
            Some("simple") => Some("simple"),
            // An array without a style is joined with commas.
            None if matches!(field.node, Node::Array(_)) => Some("simple"),
            None => None,
            Some(other) => {
                notes.add(
                    "unknown parameter style",
                    format!("`{name}` has style `{other}`, written without a style"),
                );
                None
            }
        };
        // A scalar's style is its default; the spec format states styles only for structured values.
        if field.style == Some("simple") && !matches!(field.node, Node::Array(_)) {
            field.style = None;
        }
        match param.str_at("in") {
            Some("query") => d.query.push(field),
            Some("formData") => d.form.push(field),
            Some(other) => notes.add(
                "parameter location not imported",
                format!("parameter `{name}` in `{other}` is not imported (RPC calls take query and formData)"),
            ),
            None => self.errors.push(ImportError::at(pointer, "a parameter without `in`")),
        }
    }

    fn field(&mut self, wire: &str, schema: &'a Doc, pointer: &str, notes: &mut Notes) -> Field {
        let node = self.node(schema, pointer, notes, 0);
        let mut field = Field::new(wire, node);
        // OpenMeta puts `required` inside the schema.
        field.required = schema.get("required").and_then(Doc::as_bool).unwrap_or(false);
        field.description = schema.str_at("description").map(str::to_owned);
        field.example = schema.get("example").and_then(Doc::scalar_text);
        let bounds: Vec<&str> = ["minimum", "maximum", "pattern", "default"]
            .into_iter()
            .filter(|k| schema.get(k).is_some())
            .collect();
        if !bounds.is_empty() {
            notes.add(
                "bounds, patterns or defaults left out",
                format!("`{wire}`: {} not in the spec format", bounds.join(", ")),
            );
        }
        field
    }

    fn node(&mut self, schema: &'a Doc, pointer: &str, notes: &mut Notes, depth: usize) -> Node {
        if let Some(node) = schema::too_deep(depth, pointer, notes) {
            return node;
        }
        match schema::reference(self.doc, schema, self.components, pointer, self.errors) {
            None => {}
            Some(Ok(node)) => return node,
            // A component that is no object or enum (a list, a string, …) is read where it is used.
            Some(Err(component)) => return self.node(component, pointer, notes, depth + 1),
        }
        let ty = schema.str_at("type").unwrap_or_else(|| {
            if schema.get("properties").is_some() {
                "object"
            } else {
                ""
            }
        });
        if let Some(values) = schema.get("enum") {
            return schema::enum_node(ty, values.items(), schema.get("enumValueTitles"));
        }
        match ty {
            scalar @ ("string" | "integer" | "number" | "boolean") => {
                schema::scalar(scalar, schema).unwrap_or(Node::Json)
            }
            "array" => match schema.get("items") {
                Some(items) => Node::Array(Box::new(self.node(
                    items,
                    &format!("{pointer}/items"),
                    notes,
                    depth + 1,
                ))),
                None => Node::Array(Box::new(Node::Json)),
            },
            "object" => self.object(schema, pointer, notes, depth),
            _ => Node::Json,
        }
    }

    fn object(&mut self, schema: &'a Doc, pointer: &str, notes: &mut Notes, depth: usize) -> Node {
        let listed: HashSet<&str> = schema
            .get("required")
            .map(Doc::items)
            .unwrap_or_default()
            .iter()
            .filter_map(Doc::as_str)
            .collect();
        let Some(properties) = schema
            .get("properties")
            .and_then(Doc::as_object)
            .filter(|p| !p.is_empty())
        else {
            let at = format!("{pointer}/additionalProperties");
            return schema::map_or_json(schema, |inner| self.node(inner, &at, notes, depth + 1));
        };
        let mut fields = Vec::with_capacity(properties.len());
        for (name, property) in properties {
            let pointer = format!("{pointer}/properties/{}", pointer_segment(name));
            let mut field = self.field(name, property, &pointer, notes);
            field.required |= listed.contains(name.as_str());
            // `itemNode`: an XML-style wrapper `{Name: {Item: [..]}}` is a list with its item key.
            if property.get("itemNode").and_then(Doc::as_bool) == Some(true) {
                if let Node::Object(inner) = &field.node {
                    if let [Field {
                        wire,
                        node: node @ Node::Array(_),
                        ..
                    }] = inner.as_slice()
                    {
                        field.item_key = Some(wire.clone());
                        field.node = node.clone();
                    }
                }
            }
            fields.push(field);
        }
        Node::Object(fields)
    }

    /// Notes the success body's `Code` and `Success`, for the service's envelope.
    fn success_rule(&mut self, schema: &Doc, envelope: &mut Envelope) {
        let properties = schema.get("properties");
        if let Some(code) = properties.and_then(|p| p.get("Code")) {
            let value = code
                .get("example")
                .and_then(Doc::scalar_text)
                .unwrap_or_else(|| "200".to_owned());
            if !envelope.success_codes.contains(&value) {
                envelope.success_codes.push(value);
            }
        }
        if properties.and_then(|p| p.get("Success")).and_then(|s| s.str_at("type")) == Some("boolean") {
            envelope.success_flag = true;
        }
    }

    fn errors_of(&mut self, api: &Doc, pointer: &str, notes: &mut Notes) -> Vec<ErrorRow> {
        let mut rows: Vec<ErrorRow> = Vec::new();
        let mut names = HashSet::new();
        for (status, entries) in api.get("errorCodes").and_then(Doc::as_object).into_iter().flatten() {
            let Some(status) = status.parse::<u16>().ok().filter(|s| (100..600).contains(s)) else {
                self.errors.push(ImportError::at(
                    &format!("{pointer}/errorCodes/{}", pointer_segment(status)),
                    "an HTTP status of three digits expected",
                ));
                continue;
            };
            for entry in entries.items() {
                let (Some(code), message) = (
                    entry.str_at("errorCode"),
                    entry.str_at("errorMessage").unwrap_or_default(),
                ) else {
                    continue;
                };
                if code.trim_matches(|c| c == '%' || c == 's' || c == 'd').is_empty() {
                    notes.add(
                        "catch-all error row left out",
                        format!("the catch-all row `{code}` under {status} matches any code; not written"),
                    );
                    continue;
                }
                let message = clean_text(message);
                match rows.iter_mut().find(|r| r.code == code && r.message == message) {
                    Some(row) if !row.statuses.contains(&status) => row.statuses.push(status),
                    Some(_) => {}
                    None => {
                        let name = super::error_name("", code, &mut names);
                        rows.push(ErrorRow {
                            code: code.to_owned(),
                            integer: false,
                            statuses: vec![status],
                            message,
                            name,
                        });
                    }
                }
            }
        }
        rows
    }
}

/// `PageNumber`/`CurrentPage` + `PageSize` → `TotalCount`, or `NextToken` (+ `MaxResults`) → `NextToken`.
fn paging(d: &Draft) -> Option<Paging> {
    let Response::Fields(reply) = &d.response else {
        return None;
    };
    let asks = |name: &str| d.query.iter().chain(&d.form).any(|f| f.wire == name);
    let has = |name: &str| reply.iter().any(|f| f.wire == name);
    let items = reply.iter().find(|f| matches!(f.node, Node::Array(_)))?.wire.clone();
    let size = |name: &str| asks(name).then(|| name.to_owned());
    if asks("NextToken") && has("NextToken") {
        return Some(Paging::Token {
            token: "NextToken".to_owned(),
            size: size("MaxResults"),
            next: "NextToken".to_owned(),
            items,
        });
    }
    let page = ["PageNumber", "CurrentPage"].into_iter().find(|p| asks(p))?;
    has("TotalCount").then(|| Paging::PageNumber {
        page: page.to_owned(),
        size: size("PageSize"),
        total: "TotalCount".to_owned(),
        items,
    })
}

/// The JSON success example of `responseDemo` (a JSON string holding a list).
fn demo(api: &Doc, notes: &mut Notes) -> Vec<(String, String)> {
    let Some(text) = api.str_at("responseDemo") else {
        return Vec::new();
    };
    let Ok(list) = super::doc::parse(text) else {
        notes.add(
            "responseDemo not readable",
            "`responseDemo` is not valid JSON; no example written".to_owned(),
        );
        return Vec::new();
    };
    list.items()
        .iter()
        .filter(|d| d.str_at("type") == Some("json"))
        .filter_map(|d| d.str_at("example"))
        .filter(|e| !e.trim().is_empty())
        .take(1)
        .map(|e| ("success".to_owned(), e.to_owned()))
        .collect()
}

#[allow(clippy::too_many_arguments)]
fn service_yaml(
    source: &str,
    doc: &Doc,
    name: &str,
    product: &str,
    version: &str,
    envelope: &Envelope,
    types: &Mapping,
    notes: &Notes,
) -> String {
    let mut m = Mapping::new();
    m.insert(s("service"), s(name));
    m.insert(s("title"), s(&format!("{product} {version}")));
    let mut urls = Vec::new();
    for (i, e) in doc
        .get("endpoints")
        .map(Doc::items)
        .unwrap_or_default()
        .iter()
        .enumerate()
    {
        let (Some(region), Some(host)) = (e.str_at("regionId"), e.str_at("endpoint")) else {
            continue;
        };
        let mut b = Mapping::new();
        b.insert(s("name"), s(region));
        b.insert(s("url"), s(&format!("https://{host}")));
        if i == 0 {
            b.insert(s("default"), Value::Bool(true));
        }
        urls.push(Value::Mapping(b));
    }
    let mut extra_notes = Vec::new();
    if urls.is_empty() {
        let host = format!("{}.aliyuncs.com", product.to_lowercase());
        let mut b = Mapping::new();
        b.insert(s("name"), s("default"));
        b.insert(s("url"), s(&format!("https://{host}")));
        b.insert(s("default"), Value::Bool(true));
        urls.push(Value::Mapping(b));
        extra_notes.push(format!("no `endpoints` in the document: `{host}` assumed"));
    }
    m.insert(s("base_urls"), Value::Sequence(urls));
    let mut scheme = Mapping::new();
    scheme.insert(s("kind"), s("aliyun_signature"));
    scheme.insert(s("versions"), Value::Sequence(vec![s("v3"), s("rpc")]));
    let mut auth = Mapping::new();
    auth.insert(s(SCHEME), Value::Mapping(scheme));
    m.insert(s("auth"), Value::Mapping(auth));
    let mut env = Mapping::new();
    env.insert(s("kind"), s("flat"));
    env.insert(s("code"), s("Code"));
    env.insert(s("message"), s("Message"));
    let mut id = Mapping::new();
    id.insert(s("body"), s("RequestId"));
    env.insert(s("request_id"), Value::Mapping(id));
    if !envelope.success_codes.is_empty() {
        env.insert(
            s("success_codes"),
            Value::Sequence(envelope.success_codes.iter().map(|c| s(c)).collect()),
        );
    }
    if envelope.success_flag {
        env.insert(s("success_flag"), s("Success"));
    }
    m.insert(s("envelope"), Value::Mapping(env));
    let mut call = Mapping::new();
    call.insert(s("kind"), s("rpc"));
    call.insert(s("version"), s(version));
    m.insert(s("call_style"), Value::Mapping(call));
    m.insert(s("error_code_type"), s("string"));
    if !types.is_empty() {
        m.insert(s("types"), Value::Mapping(types.clone()));
    }
    let lines: Vec<Value> = extra_notes
        .iter()
        .map(String::as_str)
        .chain(notes.lines().iter().map(String::as_str))
        .map(s)
        .collect();
    if !lines.is_empty() {
        m.insert(s("notes"), Value::Sequence(lines));
    }
    format!(
        "# Imported by `apigen import openmeta` from {source}. Review and edit it as a spec;\n# a re-import of a newer document shows the vendor's changes as a diff.\n{}",
        serde_yaml::to_string(&Value::Mapping(m)).unwrap_or_default()
    )
}
