//! `apigen import openapi`: an OpenAPI 3.0 or 3.1 document into specs.
//!
//! Operations become endpoints (one file each), parameters and bodies their
//! request, the payload of the 2xx reply their response, security
//! requirements their list of auth schemes. With `--split-by tag` each tag
//! is a service of its own, so a user compiles only the domains they call.
//! An envelope profile (`feishu`) says how replies wrap the payload, so the
//! specs say `envelope: wrapped` once instead of repeating the wrapper.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use indexmap::IndexMap;
use serde_yaml::{Mapping, Value};

use super::doc::Doc;
use super::draft::{self, s, Draft, Paging, Response};
use super::node::{clean_text, EnumNode, Field, Node};
use super::{pointer_segment, schema, Import, ImportError, Notes};
use crate::naming::{field_name, is_keyword};

/// How replies wrap their payload, and what else the service says that
/// OpenAPI cannot: the keys of `service.yaml` it gives are written as they
/// are (`envelope` and `error_code_type`, and optionally `auth`,
/// `call_style`, `common_errors`, `base_urls`).
#[derive(Debug, Clone, PartialEq)]
pub struct EnvelopeProfile {
    service: Mapping,
}

/// Keys a profile may give.
const PROFILE_KEYS: [&str; 6] = [
    "envelope",
    "error_code_type",
    "auth",
    "call_style",
    "common_errors",
    "base_urls",
];

/// Feishu's `{code, msg, data}` envelope and integer codes, as `service.yaml`
/// keys: the built-in `feishu` profile, and the envelope of the service file
/// `import feishu-page` writes.
pub const FEISHU_PROFILE: &str = "envelope:
  kind: wrapped
  code: code
  message: msg
  data: data
  success_code: 0
  request_id:
    header: X-Tt-Logid
  error_detail: error
error_code_type: integer
";

impl EnvelopeProfile {
    /// Feishu/Lark: `{code, msg, data}`, success code 0, `X-Tt-Logid`, integer codes.
    pub fn feishu() -> EnvelopeProfile {
        EnvelopeProfile::from_yaml(FEISHU_PROFILE).unwrap_or(EnvelopeProfile {
            service: Mapping::new(),
        })
    }

    /// A built-in profile by name (`feishu`, `lark`).
    pub fn named(name: &str) -> Option<EnvelopeProfile> {
        matches!(name, "feishu" | "lark").then(EnvelopeProfile::feishu)
    }

    /// A profile file: service keys in YAML, `envelope:` (with `kind`) and `error_code_type:` required.
    pub fn from_yaml(text: &str) -> Result<EnvelopeProfile, String> {
        let value: Value = serde_yaml::from_str(text).map_err(|e| format!("not YAML: {e}"))?;
        let Value::Mapping(service) = value else {
            return Err("a profile is a mapping of service.yaml keys".to_owned());
        };
        for key in service.keys() {
            let name = key.as_str().unwrap_or_default();
            if !PROFILE_KEYS.contains(&name) {
                return Err(format!(
                    "`{name}` cannot be set by a profile; it may give {}",
                    PROFILE_KEYS.join(", ")
                ));
            }
        }
        let kind = service
            .get("envelope")
            .and_then(|e| e.get("kind"))
            .and_then(Value::as_str);
        if !matches!(kind, Some("wrapped" | "flat")) {
            return Err("the profile's `envelope.kind` must be `wrapped` or `flat`".to_owned());
        }
        if service.get("error_code_type").is_none() {
            return Err("the profile must say `error_code_type: integer` or `string`".to_owned());
        }
        Ok(EnvelopeProfile { service })
    }

    /// The key the payload sits under, for a wrapped envelope.
    fn data_key(&self) -> Option<&str> {
        let envelope = self.service.get("envelope")?;
        (envelope.get("kind")?.as_str()? == "wrapped")
            .then(|| envelope.get("data")?.as_str())
            .flatten()
    }

    /// The key of the vendor code in a reply.
    fn code_key(&self) -> Option<&str> {
        self.service.get("envelope")?.get("code")?.as_str()
    }

    /// Whether the service's codes are integers.
    fn integer_codes(&self) -> bool {
        self.service.get("error_code_type").and_then(Value::as_str) == Some("integer")
    }

    /// The key of the vendor message in a reply.
    fn message_key(&self) -> Option<&str> {
        self.service.get("envelope")?.get("message")?.as_str()
    }

    /// Whether calls are RPC (one path, the operation as `action`).
    fn rpc(&self) -> bool {
        self.service
            .get("call_style")
            .and_then(|c| c.get("kind"))
            .and_then(Value::as_str)
            == Some("rpc")
    }
}

/// What to import and how.
#[derive(Debug, Clone)]
pub struct OpenApiOptions {
    /// The service name (with `split_by_tag`, the name of untagged operations' service).
    pub service: String,
    /// One service per operation tag.
    pub split_by_tag: bool,
    /// How replies wrap their payload.
    pub envelope: Option<EnvelopeProfile>,
    /// Make every approximation an error.
    pub strict: bool,
    /// The input's name, for the files' header comment.
    pub source: String,
}

const METHODS: [&str; 5] = ["get", "put", "post", "delete", "patch"];

/// Imports `doc`.
pub fn import(doc: &Doc, options: &OpenApiOptions) -> Result<Import, Vec<ImportError>> {
    let mut errors = Vec::new();
    let version = doc.str_at("openapi").unwrap_or_default();
    if !version.starts_with("3.") {
        return Err(vec![ImportError::at(
            "/openapi",
            format!("OpenAPI 3.0 or 3.1 expected, found `{version}`"),
        )]);
    }
    let Some(envelope) = &options.envelope else {
        return Err(vec![ImportError::at(
            "",
            "say how replies wrap their payload: `--envelope feishu` (the spec format needs the vendor's envelope)",
        )]);
    };
    let components = super::component_names(doc);
    let schemes = auth_schemes(doc);
    let mut services: IndexMap<String, Vec<Draft>> = IndexMap::new();
    let Some(paths) = doc.get("paths").and_then(Doc::as_object) else {
        return Err(vec![ImportError::at("/paths", "no `paths` object")]);
    };
    for (path, item) in paths {
        for method in METHODS {
            let Some(op) = item.get(method) else { continue };
            let pointer = format!("/paths/{}/{method}", pointer_segment(path));
            let service = service_of(op, options);
            let mut reader = Reader {
                doc,
                components: &components,
                errors: &mut errors,
            };
            if let Some(operation) = reader.operation(path, method, item, op, &pointer, &schemes, envelope) {
                services.entry(service).or_default().push(operation);
            }
        }
    }
    let mut import = Import::default();
    for (name, operations) in services {
        write_service(
            doc,
            options,
            &components,
            &schemes,
            &name,
            operations,
            &mut import,
            &mut errors,
        );
    }
    if options.strict {
        for (kind, count) in &import.approximations {
            errors.push(ImportError::at(
                "",
                format!("--strict: {count} approximation(s) of kind `{kind}`"),
            ));
        }
    }
    if errors.is_empty() {
        Ok(import)
    } else {
        Err(errors)
    }
}

/// The service an operation goes to.
fn service_of(op: &Doc, options: &OpenApiOptions) -> String {
    let tag = op.get("tags").and_then(|t| t.items().first()).and_then(Doc::as_str);
    match tag.filter(|_| options.split_by_tag) {
        Some(tag) => module_name(tag),
        None => module_name(&options.service),
    }
}

/// A name usable as a service (a module and a feature): snake_case ASCII, not a keyword.
fn module_name(text: &str) -> String {
    let name = field_name(text);
    if is_keyword(&name) {
        format!("{name}_api")
    } else {
        name
    }
}

/// A security scheme as a spec auth scheme.
struct Scheme {
    name: String,
    token_type: &'static str,
    description: Option<String>,
    /// Why it had to be approximated, if it did.
    approximated: Option<String>,
}

fn auth_schemes(doc: &Doc) -> Vec<Scheme> {
    let schemes = doc
        .get("components")
        .and_then(|c| c.get("securitySchemes"))
        .and_then(Doc::as_object);
    schemes
        .into_iter()
        .flatten()
        .map(|(name, scheme)| {
            let lower = name.to_lowercase();
            let token_type = if lower.contains("user") {
                "user"
            } else if lower.contains("app") {
                "app"
            } else {
                "tenant"
            };
            let kind = scheme.str_at("type").unwrap_or_default();
            let bearer = kind == "http"
                && scheme
                    .str_at("scheme")
                    .is_some_and(|s| s.eq_ignore_ascii_case("bearer"));
            Scheme {
                name: module_name(name),
                token_type,
                description: scheme.str_at("description").map(clean_text),
                approximated: (!bearer).then(|| format!("security scheme `{name}` ({kind}) written as a bearer token")),
            }
        })
        .collect()
}

struct Reader<'a> {
    doc: &'a Doc,
    components: &'a HashMap<String, String>,
    errors: &'a mut Vec<ImportError>,
}

impl<'a> Reader<'a> {
    #[allow(clippy::too_many_arguments)]
    fn operation(
        &mut self,
        path: &str,
        method: &str,
        item: &'a Doc,
        op: &'a Doc,
        pointer: &str,
        schemes: &[Scheme],
        envelope: &EnvelopeProfile,
    ) -> Option<Draft> {
        let mut notes = Notes::default();
        let Some(op_id) = op.str_at("operationId") else {
            self.errors
                .push(ImportError::at(pointer, "an operation without `operationId`"));
            return None;
        };
        let mut operation = Draft {
            id: field_name(op_id),
            summary: op
                .str_at("summary")
                .map(clean_text)
                .filter(|s| !s.is_empty())
                .unwrap_or_else(|| op_id.to_owned()),
            description: op.str_at("description").map(clean_text).filter(|s| !s.is_empty()),
            source_url: op.get("externalDocs").and_then(|d| d.str_at("url")).map(str::to_owned),
            method: method.to_uppercase(),
            path: path.to_owned(),
            ..Draft::default()
        };
        operation.auth = self.auth(op, schemes, &mut notes);
        if envelope.rpc() {
            // RPC: the operation is the action (its id as the vendor spells it).
            operation.action = Some(op_id.to_owned());
        }
        let params = item
            .get("parameters")
            .map(Doc::items)
            .unwrap_or_default()
            .iter()
            .chain(op.get("parameters").map(Doc::items).unwrap_or_default());
        for (i, param) in params.enumerate() {
            self.parameter(param, &format!("{pointer}/parameters/{i}"), &mut operation, &mut notes);
        }
        if let Some(body) = op.get("requestBody") {
            self.request_body(body, &format!("{pointer}/requestBody"), &mut operation, &mut notes);
        }
        (operation.response, operation.errors) =
            self.replies(op, &format!("{pointer}/responses"), envelope, &mut notes);
        operation.pagination = cursor_paging(&operation);
        operation.notes = notes;
        Some(operation)
    }

    fn auth(&mut self, op: &'a Doc, schemes: &[Scheme], notes: &mut Notes) -> Vec<String> {
        let requirements = op.get("security").or_else(|| self.doc.get("security"));
        let mut names: Vec<String> = Vec::new();
        for requirement in requirements.map(Doc::items).unwrap_or_default() {
            for name in requirement.as_object().into_iter().flat_map(|r| r.keys()) {
                let name = module_name(name);
                if !names.contains(&name) {
                    names.push(name);
                }
            }
        }
        if names.is_empty() {
            names = schemes.iter().map(|s| s.name.clone()).collect();
            let unknown = op.get("x-token-types-unknown").and_then(Doc::as_bool) == Some(true);
            let why = if unknown {
                "the source does not know its token types"
            } else {
                "the operation lists no security"
            };
            notes.add(
                "auth unknown: every scheme listed",
                format!("{why}; every auth scheme is listed"),
            );
        }
        names
    }

    fn parameter(&mut self, param: &'a Doc, pointer: &str, operation: &mut Draft, notes: &mut Notes) {
        let param = self.resolve(param);
        let Some(name) = param.str_at("name") else {
            self.errors.push(ImportError::at(pointer, "a parameter without `name`"));
            return;
        };
        let schema = param.get("schema").unwrap_or(&Doc::Null);
        let mut field = self.field(name, schema, &format!("{pointer}/schema"), false, notes);
        field.required = param.get("required").and_then(Doc::as_bool).unwrap_or(false);
        if let Some(text) = param.str_at("description") {
            field.description = Some(text.to_owned());
        }
        match param.str_at("in") {
            Some("path") => {
                field.required = true;
                operation.path_params.push(field);
            }
            Some("query") => operation.query.push(field),
            Some(other) => notes.add(
                "header or cookie parameter left out",
                format!("{other} parameter `{name}` is not in the spec format: send it with `.header(..)` on the call"),
            ),
            None => self.errors.push(ImportError::at(pointer, "a parameter without `in`")),
        }
    }

    fn request_body(&mut self, body: &'a Doc, pointer: &str, operation: &mut Draft, notes: &mut Notes) {
        let body = self.resolve(body);
        let Some(content) = body.get("content").and_then(Doc::as_object) else {
            return;
        };
        let Some((media, entry)) = content.iter().next() else {
            return;
        };
        let pointer = format!("{pointer}/content/{}/schema", pointer_segment(media));
        let schema = entry.get("schema").unwrap_or(&Doc::Null);
        let files = media.starts_with("multipart/");
        if media.contains("json") {
            if let Some(alternatives) = ["oneOf", "anyOf"]
                .iter()
                .find_map(|k| Some((*k, self.resolve(schema).get(k)?)))
            {
                if self.union_body(schema, alternatives, &pointer, operation, notes) {
                    return;
                }
            }
        }
        let fields = self.object_fields(schema, &pointer, files, notes);
        match media.as_str() {
            m if m.contains("json") => operation.body = fields,
            m if m.starts_with("multipart/") => operation.multipart = fields,
            "application/x-www-form-urlencoded" => operation.form = fields,
            other => notes.add(
                "request body media type left out",
                format!("a `{other}` request body is not in the spec format"),
            ),
        }
        if content.len() > 1 {
            notes.add(
                "other request media types left out",
                format!("only the first request media type (`{media}`) is written"),
            );
        }
    }

    /// A JSON body that is a `oneOf`/`anyOf` of objects: a tagged union when a
    /// discriminator names the tag (each alternative fixing its value), an
    /// exclusive group when each alternative is one field. False when it is neither.
    fn union_body(
        &mut self,
        schema: &'a Doc,
        (keyword, alternatives): (&str, &'a Doc),
        pointer: &str,
        operation: &mut Draft,
        notes: &mut Notes,
    ) -> bool {
        let schema = self.resolve(schema);
        let base = crate::naming::type_name(&operation.id);
        let mut cases: Vec<(Option<String>, Vec<Field>)> = Vec::new();
        for (i, alternative) in alternatives.items().iter().enumerate() {
            let title = self.resolve(alternative).str_at("title").map(str::to_owned);
            match self.node(
                self.resolve(alternative),
                &format!("{pointer}/{keyword}/{i}"),
                false,
                notes,
                1,
            ) {
                Node::Object(fields) => cases.push((title, fields)),
                _ => return false,
            }
        }
        if cases.is_empty() {
            return false;
        }
        let tag = schema.get("discriminator").and_then(|d| d.str_at("propertyName"));
        // The union of every alternative's fields, in first-seen order, none required
        // on its own (which of them must be there is the case's business).
        let mut body: Vec<Field> = Vec::new();
        for (_, fields) in &cases {
            for field in fields {
                if !body.iter().any(|f| f.wire == field.wire) {
                    let mut field = field.clone();
                    field.required = false;
                    body.push(field);
                }
            }
        }
        match tag {
            Some(tag) => {
                // Each alternative fixes the tag to one or more values.
                let mut values: Vec<String> = Vec::new();
                let mut case_values: Vec<Vec<String>> = Vec::new();
                for (_, fields) in &cases {
                    let Some(Field {
                        node: Node::Enum(e), ..
                    }) = fields.iter().find(|f| f.wire == tag)
                    else {
                        return false;
                    };
                    let own: Vec<String> = e.values.iter().map(|(v, _)| v.clone()).collect();
                    values.extend(own.iter().filter(|v| !values.contains(v)).cloned().collect::<Vec<_>>());
                    case_values.push(own);
                }
                let names = super::node::variant_names(values.iter().map(String::as_str));
                let name_of = |value: &String| values.iter().position(|v| v == value).map(|i| names[i].clone());
                for field in &mut body {
                    if field.wire == tag {
                        field.required = true;
                        field.node = Node::Enum(EnumNode {
                            integer: false,
                            values: values.iter().map(|v| (v.clone(), None)).collect(),
                        });
                    }
                }
                let mut taken = std::collections::HashSet::new();
                let variant_cases = cases
                    .iter()
                    .zip(&case_values)
                    .map(|((title, fields), own)| {
                        let when: Vec<String> = own.iter().filter_map(name_of).collect();
                        let wanted = title
                            .clone()
                            .unwrap_or_else(|| format!("{}Case", when.first().cloned().unwrap_or_default()));
                        let mut name = crate::naming::ascii_identifier(&crate::naming::type_name(&wanted));
                        while !taken.insert(name.clone()) {
                            name.push('2');
                        }
                        draft::Case {
                            when,
                            name: format!("{base}{name}"),
                            fields: fields
                                .iter()
                                .filter(|f| f.wire != tag)
                                .map(|f| f.wire.clone())
                                .collect(),
                            required: fields
                                .iter()
                                .filter(|f| f.required && f.wire != tag)
                                .map(|f| f.wire.clone())
                                .collect(),
                        }
                    })
                    .collect();
                operation.variants = Some(draft::Variants {
                    tag: tag.to_owned(),
                    field: "variant".to_owned(),
                    name: format!("{base}Variant"),
                    cases: variant_cases,
                });
            }
            None => {
                // Exclusive fields: each alternative is exactly one field, none shared.
                let members: Vec<String> = cases
                    .iter()
                    .filter_map(|(_, f)| match f.as_slice() {
                        [one] => Some(one.wire.clone()),
                        _ => None,
                    })
                    .collect();
                if members.len() != cases.len() || members.len() != body.len() {
                    return false;
                }
                operation.one_of.push(draft::OneOf {
                    field: "choice".to_owned(),
                    name: format!("{base}Choice"),
                    members,
                    required: keyword == "oneOf",
                });
            }
        }
        operation.body = body;
        true
    }

    /// Error rows from a documented non-2xx reply: the vendor codes its
    /// examples or its schema's code field give (an HTTP status alone is no
    /// vendor code, so such a reply is only noted).
    fn error_rows(
        &mut self,
        status: &str,
        reply: &'a Doc,
        envelope: &EnvelopeProfile,
        rows: &mut Vec<draft::ErrorRow>,
        notes: &mut Notes,
    ) {
        let reply = self.resolve(reply);
        let description = reply.str_at("description").map(clean_text).unwrap_or_default();
        let (Some(code_key), Ok(http)) = (envelope.code_key(), status.parse::<u16>()) else {
            notes.add(
                "documented non-2xx reply left out",
                format!("reply {status} ({description}) has no vendor error code to map; it is not an error row"),
            );
            return;
        };
        let message_key = envelope.message_key().unwrap_or("message");
        let mut found: Vec<(String, String)> = Vec::new();
        for media in reply
            .get("content")
            .and_then(Doc::as_object)
            .into_iter()
            .flat_map(|c| c.values())
        {
            let examples = media.get("example").into_iter().chain(
                media
                    .get("examples")
                    .and_then(Doc::as_object)
                    .into_iter()
                    .flat_map(|e| e.values())
                    .filter_map(|e| e.get("value")),
            );
            for example in examples {
                if let Some(code) = example.get(code_key).and_then(Doc::scalar_text) {
                    let message = example
                        .str_at(message_key)
                        .map(clean_text)
                        .unwrap_or_else(|| description.clone());
                    found.push((code, message));
                }
            }
            let schema = media.get("schema").map(|s| self.resolve(s));
            let code = schema.and_then(|s| s.get("properties")).and_then(|p| p.get(code_key));
            for value in code.and_then(|c| c.get("enum")).map(Doc::items).unwrap_or_default() {
                if let Some(code) = value.scalar_text() {
                    found.push((code, description.clone()));
                }
            }
        }
        if found.is_empty() {
            notes.add(
                "documented non-2xx reply left out",
                format!("reply {status} ({description}) names no vendor code (`{code_key}`); it is not an error row"),
            );
        }
        let mut names: std::collections::HashSet<String> = rows.iter().map(|r| r.name.clone()).collect();
        for (code, message) in found {
            match rows.iter_mut().find(|r| r.code == code) {
                Some(row) if !row.statuses.contains(&http) => row.statuses.push(http),
                Some(_) => {}
                None => {
                    let message = if message.is_empty() {
                        format!("Error {code}.")
                    } else {
                        message
                    };
                    let name = super::error_name(&message, &code, &mut names);
                    rows.push(draft::ErrorRow {
                        code,
                        integer: envelope.integer_codes(),
                        statuses: vec![http],
                        message,
                        name,
                    });
                }
            }
        }
    }

    /// The payload of the first 2xx reply, and the error rows of the others.
    fn replies(
        &mut self,
        op: &'a Doc,
        pointer: &str,
        envelope: &EnvelopeProfile,
        notes: &mut Notes,
    ) -> (Response, Vec<draft::ErrorRow>) {
        let mut errors = Vec::new();
        let mut chosen = None;
        for (status, reply) in op.get("responses").and_then(Doc::as_object).into_iter().flatten() {
            if status.starts_with('2') && chosen.is_none() {
                chosen = Some((status, reply));
            } else {
                self.error_rows(status, reply, envelope, &mut errors, notes);
            }
        }
        let response = match chosen {
            Some((status, reply)) => self.payload(status, reply, pointer, envelope, notes),
            None => Response::Fields(Vec::new()),
        };
        (response, errors)
    }

    /// The payload of a success reply, unwrapped from the envelope.
    fn payload(
        &mut self,
        status: &str,
        reply: &'a Doc,
        pointer: &str,
        envelope: &EnvelopeProfile,
        notes: &mut Notes,
    ) -> Response {
        let reply = self.resolve(reply);
        let Some((media, entry)) = reply
            .get("content")
            .and_then(Doc::as_object)
            .and_then(|c| c.iter().next())
        else {
            return Response::Fields(Vec::new());
        };
        let pointer = format!("{pointer}/{status}/content/{}/schema", pointer_segment(media));
        let schema = entry.get("schema").unwrap_or(&Doc::Null);
        if !media.contains("json") {
            return Response::File;
        }
        let schema = self.resolve(schema);
        let (payload, pointer) = match envelope.data_key() {
            None => (schema, pointer),
            Some(data) => match schema.get("properties").and_then(|p| p.get(data)) {
                Some(payload) => (payload, format!("{pointer}/properties/{}", pointer_segment(data))),
                None => {
                    notes.add(
                        "reply without the envelope's payload",
                        format!("the reply schema has no `{data}`: the payload is written as having no fields"),
                    );
                    return Response::Fields(Vec::new());
                }
            },
        };
        Response::Fields(self.object_fields(payload, &pointer, false, notes))
    }

    /// The fields of an object schema (a body or a payload), resolving references.
    fn object_fields(&mut self, schema: &'a Doc, pointer: &str, files: bool, notes: &mut Notes) -> Vec<Field> {
        let schema = self.resolve(schema);
        match self.node(schema, pointer, files, notes, 0) {
            Node::Object(fields) => fields,
            Node::Json => Vec::new(),
            // `resolve` stopped on a reference: the `$ref`s from here only lead to each other.
            Node::Named(_) => {
                self.errors.push(ImportError::at(
                    pointer,
                    "the `$ref`s from here lead only to each other and never to a schema",
                ));
                Vec::new()
            }
            other => {
                notes.add(
                    "non-object body or payload wrapped",
                    "a body or payload that is not an object is written as one field `value`".to_owned(),
                );
                vec![Field::new("value", other)]
            }
        }
    }

    fn component(&self, key: &str) -> Option<&'a Doc> {
        let doc: &'a Doc = self.doc;
        doc.get("components")?.get("schemas")?.get(key)
    }

    /// Follows a local `$ref` (once; a reference to a reference is followed again).
    fn resolve(&self, node: &'a Doc) -> &'a Doc {
        let mut node = node;
        for _ in 0..16 {
            let Some(target) = node.str_at("$ref") else { return node };
            match lookup(self.doc, target) {
                Some(found) => node = found,
                None => return node,
            }
        }
        node
    }

    fn field(&mut self, wire: &str, schema: &'a Doc, pointer: &str, files: bool, notes: &mut Notes) -> Field {
        let described = self.resolve(schema);
        let mut field = Field::new(wire, self.node(schema, pointer, files, notes, 0));
        field.description = described.str_at("description").map(str::to_owned);
        field.example = described.get("example").and_then(Doc::scalar_text);
        field
    }

    /// A schema as a shape. Nested `$ref`s to components stay names.
    fn node(&mut self, schema: &'a Doc, pointer: &str, files: bool, notes: &mut Notes, depth: usize) -> Node {
        if let Some(node) = schema::too_deep(depth, pointer, notes) {
            return node;
        }
        match schema::reference(self.doc, schema, self.components, pointer, self.errors) {
            None => {}
            Some(Ok(node)) => return node,
            // A component that is no object or enum (a list, a string, …) is read where it is used.
            Some(Err(component)) => return self.node(component, pointer, files, notes, depth + 1),
        }
        if let Some(parts) = schema.get("allOf") {
            return self.all_of(parts.items(), pointer, files, notes, depth);
        }
        for key in ["oneOf", "anyOf"] {
            if schema.get(key).is_some() {
                notes.add(
                    "oneOf/anyOf written as any JSON",
                    format!("{pointer}: `{key}` is written as any JSON (an exclusive group or tagged union would need the vendor's rule)"),
                );
                return Node::Json;
            }
        }
        let ty = match schema.get("type") {
            Some(Doc::String(t)) => t.as_str(),
            // 3.1: `type: [string, "null"]`.
            Some(Doc::Array(types)) => types
                .iter()
                .filter_map(Doc::as_str)
                .find(|t| *t != "null")
                .unwrap_or(""),
            _ if schema.get("properties").is_some() => "object",
            _ => "",
        };
        if let Some(values) = schema.get("enum") {
            return schema::enum_node(ty, values.items(), None);
        }
        match ty {
            "string" if schema.str_at("format") == Some("binary") => {
                if files {
                    Node::File
                } else {
                    notes.add(
                        "binary string outside a multipart body",
                        format!("{pointer}: a binary string outside a multipart body is written as a string"),
                    );
                    Node::String {
                        max_length: None,
                        min_length: None,
                    }
                }
            }
            scalar @ ("string" | "integer" | "number" | "boolean") => {
                schema::scalar(scalar, schema).unwrap_or(Node::Json)
            }
            "array" => match schema.get("items") {
                Some(items) => Node::Array(Box::new(self.node(
                    items,
                    &format!("{pointer}/items"),
                    files,
                    notes,
                    depth + 1,
                ))),
                None => Node::Array(Box::new(Node::Json)),
            },
            "object" => self.object(schema, pointer, files, notes, depth),
            _ => Node::Json,
        }
    }

    fn object(&mut self, schema: &'a Doc, pointer: &str, files: bool, notes: &mut Notes, depth: usize) -> Node {
        let required: HashSet<&str> = schema
            .get("required")
            .map(Doc::items)
            .unwrap_or_default()
            .iter()
            .filter_map(Doc::as_str)
            .collect();
        let extra = schema.get("additionalProperties");
        let Some(properties) = schema
            .get("properties")
            .and_then(Doc::as_object)
            .filter(|p| !p.is_empty())
        else {
            let at = format!("{pointer}/additionalProperties");
            return schema::map_or_json(schema, |inner| self.node(inner, &at, files, notes, depth + 1));
        };
        if matches!(extra, Some(Doc::Object(_)) | Some(Doc::Bool(true))) {
            notes.add(
                "additionalProperties beside properties left out",
                format!("{pointer}: keys beyond the listed properties are not kept"),
            );
        }
        let mut fields = Vec::with_capacity(properties.len());
        for (name, property) in properties {
            let pointer = format!("{pointer}/properties/{}", pointer_segment(name));
            let described = self.resolve(property);
            let mut field = Field::new(name.clone(), self.node(property, &pointer, files, notes, depth + 1));
            field.required = required.contains(name.as_str());
            field.description = described.str_at("description").map(str::to_owned);
            field.example = described.get("example").and_then(Doc::scalar_text);
            fields.push(field);
        }
        Node::Object(fields)
    }

    fn all_of(&mut self, parts: &'a [Doc], pointer: &str, files: bool, notes: &mut Notes, depth: usize) -> Node {
        let mut fields: Vec<Field> = Vec::new();
        for (i, part) in parts.iter().enumerate() {
            let part = self.resolve(part);
            match self.node(part, &format!("{pointer}/allOf/{i}"), files, notes, depth + 1) {
                Node::Object(more) => {
                    for field in more {
                        match fields.iter_mut().find(|f| f.wire == field.wire) {
                            Some(existing) => existing.required |= field.required,
                            None => fields.push(field),
                        }
                    }
                }
                Node::Json => {}
                _ => notes.add(
                    "allOf of a non-object left out",
                    format!("{pointer}/allOf/{i}: only objects are merged"),
                ),
            }
        }
        if fields.is_empty() {
            Node::Json
        } else {
            Node::Object(fields)
        }
    }
}

/// The node at a local JSON pointer (`#/components/schemas/X`).
fn lookup<'d>(doc: &'d Doc, reference: &str) -> Option<&'d Doc> {
    let path = reference.strip_prefix("#/")?;
    path.split('/').try_fold(doc, |node, segment| {
        node.get(&segment.replace("~1", "/").replace("~0", "~"))
    })
}

/// Feishu's `page_token` in, `page_token` + `has_more` + a list out.
fn cursor_paging(operation: &Draft) -> Option<Paging> {
    let Response::Fields(fields) = &operation.response else {
        return None;
    };
    let cursor = operation.query.iter().find(|f| f.wire == "page_token")?;
    let has = |name: &str| fields.iter().any(|f| f.wire == name);
    let items = fields.iter().find(|f| matches!(f.node, Node::Array(_)))?;
    (has("has_more") && has("page_token")).then(|| Paging::Cursor {
        cursor: cursor.wire.clone(),
        next: "page_token".to_owned(),
        has_more: "has_more".to_owned(),
        items: items.wire.clone(),
    })
}

#[allow(clippy::too_many_arguments)]
fn write_service(
    doc: &Doc,
    options: &OpenApiOptions,
    components: &HashMap<String, String>,
    schemes: &[Scheme],
    name: &str,
    mut operations: Vec<Draft>,
    import: &mut Import,
    errors: &mut Vec<ImportError>,
) {
    draft::unique_ids(&mut operations);
    let mut writer = draft::writer_for(&operations, components.values().cloned());
    let mut endpoint_files = Vec::new();
    let mut used_components: Vec<String> = Vec::new();
    for operation in &operations {
        draft::named_types(operation.fields(), &mut used_components);
        let text = draft::endpoint_yaml(operation, &mut writer);
        endpoint_files.push((draft::endpoint_path(name, operation), text));
        operation.notes.count_into(&mut import.approximations);
    }
    // Components a field names, and those they name in turn.
    let mut written = HashSet::new();
    let mut queue = used_components;
    let mut component_notes = Notes::default();
    while let Some(type_name) = queue.pop() {
        if !written.insert(type_name.clone()) {
            continue;
        }
        let Some((key, _)) = components.iter().find(|(_, n)| **n == type_name) else {
            continue;
        };
        let pointer = format!("/components/schemas/{}", pointer_segment(key));
        let mut reader = Reader {
            doc,
            components,
            errors,
        };
        let schema = reader.component(key).unwrap_or(&Doc::Null);
        let node = reader.node(schema, &pointer, false, &mut component_notes, 0);
        draft::named_types(std::iter::once(&Field::new("", node.clone())), &mut queue);
        writer.named(&type_name, &node);
    }
    // A profile's own `auth` replaces the schemes read from the document, approximations and all.
    if !options
        .envelope
        .as_ref()
        .is_some_and(|p| p.service.contains_key("auth"))
    {
        for line in schemes.iter().filter_map(|scheme| scheme.approximated.clone()) {
            component_notes.add("non-bearer security scheme written as a bearer token", line);
        }
    }
    component_notes.count_into(&mut import.approximations);
    let service = service_yaml(doc, options, schemes, name, &writer.types, &component_notes);
    import.files.push((PathBuf::from(name).join("service.yaml"), service));
    import.endpoints += operations.len();
    import.files.extend(endpoint_files);
    import.services.push(name.to_owned());
}

fn header(options: &OpenApiOptions) -> String {
    format!(
        "# Imported by `apigen import openapi` from {}. Review and edit it as a spec;\n# a re-import of a newer document shows the vendor's changes as a diff.\n",
        options.source
    )
}

fn service_yaml(
    doc: &Doc,
    options: &OpenApiOptions,
    schemes: &[Scheme],
    name: &str,
    types: &Mapping,
    notes: &Notes,
) -> String {
    let info = doc.get("info").unwrap_or(&Doc::Null);
    let mut m = Mapping::new();
    m.insert(s("service"), s(name));
    let title = info.str_at("title").unwrap_or(name);
    let title = if options.split_by_tag {
        format!("{title}: {name}")
    } else {
        title.to_owned()
    };
    m.insert(s("title"), s(&title));
    if let Some(d) = info.str_at("description").map(clean_text).filter(|d| !d.is_empty()) {
        m.insert(s("description"), s(&d));
    }
    let mut base_urls = Vec::new();
    for (i, server) in doc
        .get("servers")
        .map(Doc::items)
        .unwrap_or_default()
        .iter()
        .enumerate()
    {
        let Some(url) = server.str_at("url") else { continue };
        let mut b = Mapping::new();
        b.insert(
            s("name"),
            s(&if i == 0 {
                "default".to_owned()
            } else {
                format!("server{}", i + 1)
            }),
        );
        b.insert(s("url"), s(url.trim_end_matches('/')));
        if i == 0 {
            b.insert(s("default"), Value::Bool(true));
        }
        if let Some(d) = server.str_at("description") {
            b.insert(s("description"), s(d));
        }
        base_urls.push(Value::Mapping(b));
    }
    m.insert(s("base_urls"), Value::Sequence(base_urls));
    let mut auth = Mapping::new();
    for scheme in schemes {
        let mut entry = Mapping::new();
        entry.insert(s("kind"), s("bearer"));
        entry.insert(s("token_type"), s(scheme.token_type));
        if let Some(d) = &scheme.description {
            entry.insert(s("description"), s(d));
        }
        auth.insert(s(&scheme.name), Value::Mapping(entry));
    }
    m.insert(s("auth"), Value::Mapping(auth));
    // The profile's keys as it gives them (its `auth` replaces the one read from the document).
    for (k, v) in options.envelope.iter().flat_map(|p| p.service.iter()) {
        m.insert(k.clone(), v.clone());
    }
    if !types.is_empty() {
        m.insert(s("types"), Value::Mapping(types.clone()));
    }
    let all_notes: Vec<Value> = notes.lines().iter().map(|l| s(l)).collect();
    if !all_notes.is_empty() {
        m.insert(s("notes"), Value::Sequence(all_notes));
    }
    format!(
        "{}{}",
        header(options),
        serde_yaml::to_string(&Value::Mapping(m)).unwrap_or_default()
    )
}
