//! Endpoints as operations: parameters (path, query, header) with their
//! schemas, the request body (JSON, form or multipart), exclusive groups and
//! tagged variants as `oneOf`, replies, security and the `x-apigen-*`
//! extensions that carry what OpenAPI has no field for.

use std::collections::HashMap;

use crate::model::{
    CallStyle, EndpointDef, ExampleKind, Field, PageStyle, Param, ParamLocation, ParamStyle, Service, TaggedVariant,
    TypeDef, TypeKind, TypeRef,
};

use super::errors::{error_responses, success_response};
use super::json::{strings, Json, Obj, Put};
use super::openapi::{EndpointFacts, Facts};
use super::schemas::{field_schema, literal, object_schema};
use super::security::requirements;

/// One operation: the path it sits at (before collisions are resolved), its
/// lower-case method, and the operation object.
pub struct Operation {
    /// The endpoint's path template.
    pub path: String,
    /// What tells it apart when several operations share a method and a
    /// path: the RPC action or the endpoint id.
    pub discriminator: String,
    /// `get`, `post`, …
    pub method: String,
    /// The endpoint id.
    pub id: String,
    /// The Operation Object.
    pub object: Obj,
}

/// A piece of the request: a field, or a group rendered as `oneOf`.
enum Part<'a> {
    Field(&'a Field),
    OneOf {
        group: &'a Field,
        def: &'a TypeDef,
        members: &'a [Field],
    },
    Tagged {
        group: &'a Field,
        def: &'a TypeDef,
        tag: Box<Field>,
        variants: &'a [TaggedVariant],
    },
}

struct Request<'a> {
    /// Parts by location, in the spec's order.
    parts: Vec<(ParamLocation, Part<'a>)>,
    params: &'a [Param],
}

fn location_of(params: &[Param], key: &str) -> Option<ParamLocation> {
    params.iter().find(|p| p.key == key).map(|p| p.location)
}

fn param_of<'p>(params: &'p [Param], key: &str) -> Option<&'p Param> {
    params.iter().find(|p| p.key == key)
}

impl<'a> Request<'a> {
    fn of(endpoint: &'a EndpointDef, types: &HashMap<&str, &'a TypeDef>, facts: &EndpointFacts) -> Request<'a> {
        let mut parts = Vec::new();
        let fields: &[Field] = match types.get(endpoint.request_type.as_str()).map(|d| &d.kind) {
            Some(TypeKind::Struct { fields, .. }) => fields,
            _ => &[],
        };
        for field in fields {
            let group = match (&field.ty, field.flatten) {
                (TypeRef::Named(name), true) => types.get(name.as_str()).copied(),
                _ => None,
            };
            match group.map(|def| (def, &def.kind)) {
                Some((def, TypeKind::OneOf { members })) => {
                    let location = members
                        .first()
                        .and_then(|m| location_of(&endpoint.params, &m.key))
                        .unwrap_or(ParamLocation::Query);
                    parts.push((
                        location,
                        Part::OneOf {
                            group: field,
                            def,
                            members,
                        },
                    ));
                }
                Some((
                    def,
                    TypeKind::Tagged {
                        tag_wire,
                        tag_type,
                        variants,
                    },
                )) => {
                    let location = location_of(&endpoint.params, tag_wire).unwrap_or(ParamLocation::Body);
                    let tag = Box::new(Field {
                        wire: tag_wire.clone(),
                        key: tag_wire.clone(),
                        rust: tag_wire.clone(),
                        ty: TypeRef::Named(tag_type.clone()),
                        required: true,
                        description: facts.tag_description.clone(),
                        aliases: Vec::new(),
                        item_key: None,
                        flatten: false,
                        boxed: false,
                        since: None,
                    });
                    parts.push((
                        location,
                        Part::Tagged {
                            group: field,
                            def,
                            tag,
                            variants,
                        },
                    ));
                }
                _ => {
                    let location = location_of(&endpoint.params, &field.key).unwrap_or(ParamLocation::Body);
                    parts.push((location, Part::Field(field)));
                }
            }
        }
        Request {
            parts,
            params: &endpoint.params,
        }
    }
}

/// The tag values of each case, cases in their first variant's order.
fn cases<'v>(
    variants: &'v [TaggedVariant],
    tag_type: Option<&TypeDef>,
) -> Vec<(&'v TaggedVariant, Vec<Json>, Vec<&'v str>)> {
    let mut out: Vec<(&TaggedVariant, Vec<Json>, Vec<&str>)> = Vec::new();
    for variant in variants {
        let value = match tag_type.map(|t| &t.kind) {
            Some(TypeKind::Enum { values, .. }) => values
                .iter()
                .find(|v| v.name == variant.name)
                .map(|v| literal(&v.value)),
            _ => None,
        };
        match out.iter_mut().find(|(v, _, _)| v.case_type == variant.case_type) {
            Some((_, values, names)) => {
                values.extend(value);
                names.push(&variant.name);
            }
            None => out.push((variant, value.into_iter().collect(), vec![variant.name.as_str()])),
        }
    }
    out
}

/// `oneOf` alternatives of which exactly one (or, when `required` is false,
/// at most one) of `members` is present.
fn exclusive(members: &[&str], required: bool) -> Vec<Json> {
    let present = |m: &str| -> Json {
        let mut alternative = Obj::new();
        alternative.put("required", strings([m]));
        alternative.into()
    };
    let mut alternatives: Vec<Json> = members.iter().map(|m| present(m)).collect();
    if !required {
        let mut none = Obj::new();
        let mut any = Obj::new();
        any.put("anyOf", members.iter().map(|m| present(m)).collect::<Vec<_>>());
        none.put("title", "none").put("not", any);
        alternatives.push(none.into());
    }
    alternatives
}

/// What a group adds to the object that holds its fields: the fields
/// themselves (none required on its own) and the `oneOf` that constrains them.
fn group_schema(part: &Part<'_>, types: &HashMap<&str, &TypeDef>, fields: &mut Vec<Field>) -> Option<(Obj, Obj)> {
    match part {
        Part::Field(_) => None,
        Part::OneOf { group, def, members } => {
            for member in *members {
                let mut member = member.clone();
                member.required = false;
                fields.push(member);
            }
            let wires: Vec<&str> = members.iter().map(|m| m.wire.as_str()).collect();
            let mut constraint = Obj::new();
            constraint.put_some("description", def.description.as_deref());
            constraint.put("oneOf", exclusive(&wires, group.required));
            let mut extension = Obj::new();
            extension
                .put("field", group.rust.as_str())
                .put("name", def.name.as_str())
                .put("required", group.required)
                .put("members", strings(&wires));
            Some((constraint, extension))
        }
        Part::Tagged {
            group,
            def,
            tag,
            variants,
        } => {
            fields.push((**tag).clone());
            let tag_type = match &tag.ty {
                TypeRef::Named(name) => types.get(name.as_str()).copied(),
                _ => None,
            };
            let grouped = cases(variants, tag_type);
            let case_fields = |variant: &TaggedVariant| -> Vec<&Field> {
                match types.get(variant.case_type.as_str()).map(|d| &d.kind) {
                    Some(TypeKind::Struct { fields, .. }) => fields.iter().collect(),
                    _ => Vec::new(),
                }
            };
            for (variant, _, _) in &grouped {
                for field in case_fields(variant) {
                    if !fields.iter().any(|f| f.wire == field.wire) {
                        let mut field = field.clone();
                        field.required = false;
                        fields.push(field);
                    }
                }
            }
            let mut alternatives = Vec::new();
            let mut cases_ext = Vec::new();
            for (variant, values, names) in &grouped {
                let own = case_fields(variant);
                let own_wires: Vec<&str> = own.iter().map(|f| f.wire.as_str()).collect();
                let mut tag_schema = Obj::new();
                tag_schema.put("enum", values.clone());
                let mut properties = Obj::new();
                properties.put(&tag.wire, tag_schema);
                let mut required = vec![tag.wire.as_str()];
                required.extend(own.iter().filter(|f| f.required).map(|f| f.wire.as_str()));
                let mut alternative = Obj::new();
                alternative.put("title", variant.case_type.as_str());
                alternative.put_some("description", variant.case_description.as_deref());
                alternative
                    .put("properties", properties)
                    .put("required", strings(&required));
                // A case struct denies the other cases' fields.
                let mut foreign: Vec<&str> = Vec::new();
                for (other, _, _) in &grouped {
                    for field in case_fields(other) {
                        if !own_wires.contains(&field.wire.as_str()) && !foreign.contains(&field.wire.as_str()) {
                            foreign.push(&field.wire);
                        }
                    }
                }
                if !foreign.is_empty() {
                    let present: Vec<Json> = foreign
                        .iter()
                        .map(|f| {
                            let mut alternative = Obj::new();
                            alternative.put("required", strings([*f]));
                            alternative.into()
                        })
                        .collect();
                    let mut any = Obj::new();
                    any.put("anyOf", present);
                    alternative.put("not", any);
                }
                alternatives.push(Json::Object(alternative));
                let mut case = Obj::new();
                case.put("name", variant.case_type.as_str())
                    .put("when", strings(names))
                    .put("fields", strings(&own_wires))
                    .put(
                        "required",
                        strings(own.iter().filter(|f| f.required).map(|f| f.wire.as_str())),
                    );
                cases_ext.push(Json::Object(case));
            }
            let mut constraint = Obj::new();
            constraint.put_some("description", def.description.as_deref());
            constraint.put("oneOf", alternatives);
            let mut extension = Obj::new();
            extension
                .put("tag", tag.wire.as_str())
                .put("field", group.rust.as_str())
                .put("name", def.name.as_str())
                .put("cases", cases_ext);
            Some((constraint, extension))
        }
    }
}

/// How a query or form parameter's value is written.
fn style(param: Option<&Param>) -> Option<&'static str> {
    match param.map(|p| p.style) {
        None | Some(ParamStyle::Plain) => None,
        Some(ParamStyle::RepeatList) => Some("repeat_list"),
        Some(ParamStyle::Flat) => Some("flat"),
        Some(ParamStyle::Json) => Some("json"),
        Some(ParamStyle::Simple) => Some("simple"),
    }
}

fn parameter(field: &Field, location: &str, param: Option<&Param>) -> Obj {
    let mut schema = field_schema(field);
    let description = schema.shift_remove("description");
    let mut object = Obj::new();
    object
        .put("name", field.wire.as_str())
        .put("in", location)
        .put("required", field.required || location == "path");
    if let Some(description) = description {
        object.put("description", description);
    }
    match style(param) {
        // A list joined with `,` is OpenAPI's form style without explode.
        Some("simple") => {
            object.put("style", "form").put("explode", false);
        }
        Some(other) => {
            object.put("x-apigen-style", other);
        }
        None => {}
    }
    object.put("schema", schema);
    object
}

/// The extensions a group leaves on the operation.
#[derive(Default)]
struct GroupExtensions {
    one_of: Vec<Json>,
    variants: Option<Obj>,
}

impl GroupExtensions {
    fn add(&mut self, part: &Part<'_>, extension: Obj) {
        match part {
            Part::Tagged { .. } => self.variants = Some(extension),
            _ => self.one_of.push(extension.into()),
        }
    }
}

/// The parameters of `location` (path or query): fields, and each group as
/// one form-exploded object parameter (its members sent as their own query
/// parameters, exactly as OpenAPI serializes an exploded object) whose schema
/// is the `oneOf`.
fn parameters(
    request: &Request<'_>,
    location: ParamLocation,
    types: &HashMap<&str, &TypeDef>,
    extensions: &mut GroupExtensions,
    out: &mut Vec<Json>,
) {
    let name = match location {
        ParamLocation::Path => "path",
        _ => "query",
    };
    // A group's parameter is named after its field, unless a parameter has that wire name.
    let mut taken: Vec<&str> = request
        .parts
        .iter()
        .filter_map(|(at, part)| match part {
            Part::Field(field) if *at == location => Some(field.wire.as_str()),
            _ => None,
        })
        .collect();
    for (at, part) in &request.parts {
        if *at != location {
            continue;
        }
        if let Part::Field(field) = part {
            out.push(parameter(field, name, param_of(request.params, &field.key)).into());
            continue;
        }
        let mut fields = Vec::new();
        let Some((constraint, extension)) = group_schema(part, types, &mut fields) else {
            continue;
        };
        let (group, required) = match part {
            Part::OneOf { group, .. } => (*group, group.required),
            Part::Tagged { group, .. } => (*group, true),
            Part::Field(field) => (*field, field.required),
        };
        let refs: Vec<&Field> = fields.iter().collect();
        let mut schema = object_schema(&refs);
        for (k, v) in constraint {
            if k != "description" {
                schema.insert(k, v);
            }
        }
        let mut parameter_name = group.wire.clone();
        while taken.contains(&parameter_name.as_str()) {
            parameter_name.push_str("_group");
        }
        let mut object = Obj::new();
        object
            .put("name", parameter_name.as_str())
            .put("in", name)
            .put("required", required);
        object.put_some("description", group.description.as_deref());
        taken.push(&group.wire);
        object
            .put("style", "form")
            .put("explode", true)
            .put("schema", schema)
            .put("x-apigen-group", true);
        out.push(object.into());
        extensions.add(part, extension);
    }
}

/// The request body of `location` (JSON, form or multipart), if the endpoint has one.
fn body(
    request: &Request<'_>,
    location: ParamLocation,
    types: &HashMap<&str, &TypeDef>,
    extensions: &mut GroupExtensions,
    examples: Option<Obj>,
) -> Option<Obj> {
    let media = match location {
        ParamLocation::Body => "application/json",
        ParamLocation::Form => "application/x-www-form-urlencoded",
        ParamLocation::Multipart => "multipart/form-data",
        ParamLocation::Path | ParamLocation::Query => return None,
    };
    let mut fields: Vec<Field> = Vec::new();
    let mut constraints: Vec<Json> = Vec::new();
    let mut required = false;
    let mut styles = Obj::new();
    for (at, part) in &request.parts {
        if *at != location {
            continue;
        }
        match part {
            Part::Field(field) => {
                required |= field.required;
                if let Some(style) = style(param_of(request.params, &field.key)) {
                    styles.put(&field.wire, style);
                }
                fields.push((*field).clone());
            }
            group => {
                required |= match group {
                    Part::OneOf { group, .. } => group.required,
                    _ => true,
                };
                if let Some((constraint, extension)) = group_schema(group, types, &mut fields) {
                    constraints.push(constraint.into());
                    extensions.add(group, extension);
                }
            }
        }
    }
    if fields.is_empty() {
        return None;
    }
    let refs: Vec<&Field> = fields.iter().collect();
    let object = object_schema(&refs);
    // The fields in one object, and each group's rule beside it: a reader
    // that skips `oneOf` still sees every field.
    let schema = if constraints.is_empty() {
        object
    } else {
        let mut parts = vec![Json::Object(object)];
        parts.extend(constraints);
        let mut all = Obj::new();
        all.put("allOf", parts);
        all
    };
    let mut entry = Obj::new();
    entry.put("schema", schema);
    if !styles.is_empty() {
        entry.put("x-apigen-styles", styles);
    }
    if location == ParamLocation::Body {
        entry.put_some("examples", examples);
    }
    let mut content = Obj::new();
    content.put(media, entry);
    let mut object = Obj::new();
    object.put("required", required).put("content", content);
    Some(object)
}

/// The page's examples: JSON bodies, the other request examples, and full replies.
struct Examples {
    bodies: Option<Obj>,
    requests: Option<Obj>,
    replies: Option<Obj>,
}

fn examples(endpoint: &EndpointDef) -> Examples {
    let mut bodies = Obj::new();
    let mut requests = Obj::new();
    let mut replies = Obj::new();
    for example in &endpoint.examples {
        match &example.kind {
            ExampleKind::Request { body, query, path } => {
                if let Some(value) = body.as_deref().and_then(Json::parse_json) {
                    let mut entry = Obj::new();
                    entry.put("value", value);
                    bodies.put(&example.name, entry);
                }
                if query.is_some() || !path.is_empty() {
                    let mut entry = Obj::new();
                    entry.put_some("query", query.as_deref());
                    if !path.is_empty() {
                        let mut values = Obj::new();
                        for (k, v) in path {
                            values.put(k, v.as_str());
                        }
                        entry.put("path", values);
                    }
                    requests.put(&example.name, entry);
                }
            }
            ExampleKind::Response(text) => {
                if let Some(value) = Json::parse_json(text) {
                    let mut entry = Obj::new();
                    entry.put("value", value);
                    replies.put(&example.name, entry);
                }
            }
        }
    }
    let some = |o: Obj| (!o.is_empty()).then_some(o);
    Examples {
        bodies: some(bodies),
        requests: some(requests),
        replies: some(replies),
    }
}

fn pagination(endpoint: &EndpointDef) -> Option<Obj> {
    let paging = endpoint.pagination.as_ref()?;
    let mut out = Obj::new();
    match &paging.style {
        PageStyle::PageNumber { page, size, total } => {
            out.put("style", "page_number").put("page", page.wire.as_str());
            out.put_some("size", size.as_ref().map(|s| s.wire.as_str()));
            out.put("total", total.wire.as_str());
        }
        PageStyle::Token { token, size, next } => {
            out.put("style", "token").put("token", token.wire.as_str());
            out.put_some("size", size.as_ref().map(|s| s.wire.as_str()));
            out.put("next", next.wire.as_str());
        }
        PageStyle::Cursor { cursor, next, has_more } => {
            out.put("style", "cursor")
                .put("cursor", cursor.wire.as_str())
                .put("next", next.wire.as_str())
                .put("has_more", has_more.wire.as_str());
        }
    }
    out.put("items", paging.items.wire.as_str());
    Some(out)
}

/// Headers OpenAPI describes elsewhere (the body's media type, the auth scheme).
const IGNORED_HEADERS: [&str; 3] = ["content-type", "accept", "authorization"];

/// Every endpoint of `service` as an operation.
pub fn operations(service: &Service, facts: &Facts) -> Vec<Operation> {
    let types = service.type_index();
    let empty = EndpointFacts::default();
    service
        .endpoints
        .iter()
        .map(|endpoint| {
            operation(
                service,
                endpoint,
                &types,
                facts.endpoints.get(&endpoint.id).unwrap_or(&empty),
            )
        })
        .collect()
}

fn operation(
    service: &Service,
    endpoint: &EndpointDef,
    types: &HashMap<&str, &TypeDef>,
    facts: &EndpointFacts,
) -> Operation {
    let request = Request::of(endpoint, types, facts);
    let examples = examples(endpoint);
    let mut extensions = GroupExtensions::default();
    let mut op = Obj::new();
    // An RPC operation is named by its action, as the vendor (and `import openapi`) name it.
    let operation_id = match (&service.call_style, &endpoint.action) {
        (CallStyle::Rpc { .. }, Some(action)) => action.clone(),
        _ => endpoint.id.clone(),
    };
    op.put("operationId", operation_id);
    op.put("summary", endpoint.summary.as_str());
    op.put_some("description", endpoint.description.as_deref());
    if let Some(url) = &endpoint.source_url {
        let mut docs = Obj::new();
        docs.put("description", "The vendor's page").put("url", url.as_str());
        op.put("externalDocs", docs);
    }
    let mut params = Vec::new();
    parameters(&request, ParamLocation::Path, types, &mut extensions, &mut params);
    parameters(&request, ParamLocation::Query, types, &mut extensions, &mut params);
    for (name, value) in &endpoint.headers {
        if IGNORED_HEADERS.contains(&name.to_ascii_lowercase().as_str()) {
            continue;
        }
        let mut schema = Obj::new();
        schema.put("type", "string").put("const", value.as_str());
        let mut header = Obj::new();
        header
            .put("name", name.as_str())
            .put("in", "header")
            .put("required", true);
        header.put_some("description", facts.header_descriptions.get(name).map(String::as_str));
        header.put("schema", schema);
        params.push(header.into());
    }
    if !params.is_empty() {
        op.put("parameters", params);
    }
    let bodies = [ParamLocation::Body, ParamLocation::Form, ParamLocation::Multipart];
    if let Some(body) = bodies
        .into_iter()
        .find_map(|location| body(&request, location, types, &mut extensions, examples.bodies.clone()))
    {
        op.put("requestBody", body);
    }
    let mut responses = Obj::new();
    responses.put("200", success_response(service, endpoint, examples.replies));
    for (status, response) in error_responses(service, endpoint) {
        responses.put(&status, response);
    }
    op.put("responses", responses);
    op.put("security", requirements(endpoint.auth.iter()));
    // What OpenAPI has no field for.
    op.put("x-apigen-id", endpoint.id.as_str());
    if let (
        CallStyle::Rpc {
            version,
            action_param,
            version_param,
        },
        Some(action),
    ) = (&service.call_style, &endpoint.action)
    {
        let mut rpc = Obj::new();
        rpc.put("action_param", action_param.as_str())
            .put("action", action.as_str())
            .put("version_param", version_param.as_str())
            .put("version", version.as_str());
        op.put("x-apigen-rpc", rpc);
    }
    if !endpoint.also_accepts.is_empty() {
        op.put(
            "x-apigen-also-accepts",
            strings(endpoint.also_accepts.iter().map(|m| m.as_str())),
        );
    }
    op.put("x-apigen-idempotent", endpoint.idempotent);
    if !endpoint.scopes.is_empty() {
        op.put("x-apigen-scopes", strings(&endpoint.scopes));
    }
    if let Some(per_second) = endpoint.rate_limit {
        let mut limit = Obj::new();
        limit.put("per_second", per_second);
        limit.put_some("scope", facts.rate_limit_scope.as_deref());
        limit.put_some("doc_url", facts.rate_limit_doc_url.as_deref());
        op.put("x-apigen-rate-limit", limit);
    }
    op.put_some("x-apigen-pagination", pagination(endpoint));
    if !extensions.one_of.is_empty() {
        op.put("x-apigen-one-of", extensions.one_of);
    }
    op.put_some("x-apigen-variants", extensions.variants);
    if !endpoint.headers.is_empty() {
        let mut headers = Obj::new();
        for (name, value) in &endpoint.headers {
            headers.put(name, value.as_str());
        }
        op.put("x-apigen-headers", headers);
    }
    op.put_some("x-apigen-since", endpoint.since.as_deref());
    if !facts.app_types.is_empty() {
        op.put("x-apigen-app-types", strings(&facts.app_types));
    }
    op.put_some("x-apigen-request-examples", examples.requests);
    let mut rust = Obj::new();
    rust.put("request", endpoint.request_type.as_str());
    if let crate::model::ResponseType::Generated(name) = &endpoint.response_type {
        rust.put("response", name.as_str());
    }
    rust.put("error", endpoint.error_type.as_str());
    op.put("x-apigen-rust", rust);
    let mut provenance = Obj::new();
    provenance.put_some("seed", endpoint.seed.as_deref());
    provenance.put_some("source_url", endpoint.source_url.as_deref());
    provenance.put_some("last_updated", endpoint.last_updated.as_deref());
    if !facts.discrepancies.is_empty() {
        provenance.put("discrepancies", facts.discrepancies.clone());
    }
    if !facts.inferred.is_empty() {
        provenance.put("inferred", facts.inferred.clone());
    }
    op.put("x-apigen-provenance", provenance);
    Operation {
        path: endpoint.path.clone(),
        discriminator: endpoint.action.clone().unwrap_or_else(|| endpoint.id.clone()),
        method: endpoint.method.as_str().to_ascii_lowercase(),
        id: endpoint.id.clone(),
        object: op,
    }
}
