//! One endpoint: method, path, auth, parameters, groups, response, errors, examples.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use super::errors;
use super::names::{EndpointNames, Names, Side};
use super::shapes::{self, Scope};
use super::SpecChecker;
use crate::model::{
    AuthScheme, AuthSchemes, Directions, EndpointDef, Example, ExampleKind, Field, Method, PageStyle, Pagination,
    Param, ParamLocation, ParamStyle, ResponseType, RustType, TaggedVariant, TypeDef, TypeKind, TypeRef,
};
use crate::naming::is_snake;
use crate::spec::ast::{
    AuthNames, CallStyle, EndpointFile, OneOfSpec, PaginationSpec, ParamStyleSpec, ServiceFile, VariantsSpec,
};

/// What an endpoint may refer to.
pub(crate) struct Context<'a> {
    pub(crate) service: &'a ServiceFile,
    /// The service's checked auth schemes, which endpoints share.
    pub(crate) auth: &'a [Arc<AuthScheme>],
    /// The service's shared types (a tag enum may be one).
    pub(crate) shared_types: &'a [TypeDef],
    pub(crate) names: &'a Names,
}

type Check<'a> = SpecChecker<'a, EndpointFile>;

/// Checks one endpoint; `None` (with the problems recorded) when its method
/// or auth scheme does not resolve.
pub(crate) fn endpoint(check: &mut Check<'_>, context: &Context<'_>) -> Option<EndpointDef> {
    let doc = &check.source.doc;
    let mut types = Vec::new();
    let types = &mut types;
    if !is_snake(&doc.id) {
        check.error(
            "id",
            format!(
                "endpoint id `{}` must be snake_case, e.g. `{}`",
                doc.id,
                crate::naming::field_name(&doc.id)
            ),
        );
    }
    let names = EndpointNames::of(doc);
    let mut methods = Vec::new();
    for (i, method) in std::iter::once(&doc.method).chain(&doc.also_accepts).enumerate() {
        match Method::parse(method) {
            Some(method) => methods.push(method),
            None => {
                let path = if i == 0 {
                    "method".to_owned()
                } else {
                    format!("also_accepts[{}]", i - 1)
                };
                let known: Vec<&str> = Method::ALL.iter().map(|m| m.as_str()).collect();
                check.error_suggest(
                    &path,
                    format!("unknown HTTP method `{method}`; expected one of {}", known.join(", ")),
                    &method.to_uppercase(),
                    known,
                );
            }
        }
    }
    let method = Method::parse(&doc.method);
    if !doc.path.starts_with('/') {
        check.error("path", format!("path `{}` must start with `/`", doc.path));
    }
    if let Some(bad) = doc
        .path
        .chars()
        .find(|c| matches!(c, '?' | '#') || c.is_whitespace() || c.is_control())
    {
        check.error(
            "path",
            format!(
                "path `{}` holds {bad:?}; a path template is the URL path alone (query parameters go in `request.query`)",
                doc.path.escape_debug()
            ),
        );
    }
    if doc.path.contains("//") {
        check.error("path", format!("path `{}` has an empty segment (`//`)", doc.path));
    }
    call_style(check, context.service);
    let auth = auth_schemes(check, context);
    if doc.rate_limit.as_ref().is_some_and(|r| r.per_second == 0) {
        check.error(
            "rate_limit.per_second",
            "a rate limit of 0 calls per second allows no call; give the documented quota",
        );
    }

    let (request_fields, params) = request(check, context, &names, types);
    let request_copy = request_fields.clone();
    path_placeholders(check, &params);
    // The request struct is documented with the endpoint's own text when emitted.
    types.push(TypeDef {
        name: names.request.clone(),
        description: None,
        kind: TypeKind::Struct {
            fields: request_fields,
            deny_unknown: false,
        },
        directions: Directions::NONE,
    });
    let scope = Scope {
        names: context.names,
        side: Side::Response,
    };
    let response_fields = shapes::fields(
        check,
        &scope,
        "response.fields",
        &names.response,
        &doc.response.fields,
        types,
    );
    let pagination = doc
        .pagination
        .as_ref()
        .and_then(|spec| pagination(check, spec, &request_copy, &response_fields));
    let response_type = match &doc.response.rust {
        Some(rust) => existing_response(check, rust, doc),
        None if doc.response.file => file_response(check, doc),
        None => {
            types.push(TypeDef {
                name: names.response.clone(),
                description: doc.response.description.clone(),
                kind: TypeKind::Struct {
                    fields: response_fields,
                    deny_unknown: false,
                },
                directions: Directions::NONE,
            });
            Some(ResponseType::Generated(names.response.clone()))
        }
    };
    let subjects = errors::Subjects {
        fields: Some(request_subjects(doc, &params)),
        auth: context.service.auth.keys().map(String::as_str).collect(),
    };
    let errors = errors::entries(check, "errors", &doc.errors, context.service.error_code_type, &subjects);
    let examples = examples(check);
    let (Some(method), Some(auth), Some(response_type)) = (method, auth, response_type) else {
        return None;
    };
    let idempotent = doc.idempotent.unwrap_or(method.idempotent_by_default());
    let also_accepts = methods.split_off(1);
    Some(EndpointDef {
        id: doc.id.clone(),
        type_base: names.base,
        summary: doc.summary.clone(),
        description: doc.description.clone(),
        seed: doc.provenance.seed.clone(),
        source_url: doc.provenance.source_url.clone(),
        last_updated: doc.provenance.last_updated.clone(),
        method,
        also_accepts,
        path: doc.path.clone(),
        action: doc.action.clone(),
        auth,
        scopes: doc.scopes.clone(),
        rate_limit: doc.rate_limit.as_ref().map(|r| r.per_second),
        idempotent,
        since: doc.since.clone(),
        headers: doc
            .request
            .headers
            .iter()
            .map(|(k, v)| (k.clone(), v.value.clone()))
            .collect(),
        types: std::mem::take(types),
        request_type: names.request,
        has_body: !doc.request.body.is_empty(),
        files: request_copy.iter().filter(|f| f.ty == TypeRef::File).cloned().collect(),
        params,
        response_type,
        error_type: names.error,
        errors,
        examples,
        pagination,
    })
}

/// `response.file`: a successful reply is the file itself.
fn file_response(check: &mut Check<'_>, doc: &EndpointFile) -> Option<ResponseType> {
    if !doc.response.fields.is_empty() || doc.response.name.is_some() {
        check.error(
            "response.file",
            "a file reply has no `name` or `fields`; give either `file: true` or `fields`",
        );
    }
    if doc.pagination.is_some() {
        check.error("pagination", "a file reply has no pages");
    }
    for (i, example) in doc.examples.iter().enumerate() {
        if example.response.is_some() {
            check.error(
                &format!("examples[{i}].response"),
                "a file reply has no JSON example; leave `response` out (the sandbox serves a file)",
            );
        }
    }
    Some(ResponseType::File)
}

/// `response.rust`: the payload is an existing Rust type, not generated.
fn existing_response(check: &mut Check<'_>, rust: &str, doc: &EndpointFile) -> Option<ResponseType> {
    let parsed = RustType::parse(rust);
    if let Err(problem) = &parsed {
        check.error(
            "response.rust",
            format!("{problem} (write e.g. `feishu::DeviceRecord`)"),
        );
    }
    if !doc.response.fields.is_empty() || doc.response.name.is_some() {
        check.error(
            "response.rust",
            "an existing payload type has no `name` or `fields` of its own; give either `rust` or `fields`",
        );
    }
    if doc.pagination.is_some() {
        check.error(
            "pagination",
            "pagination reads the response's fields, so the payload must be described with `fields`, not `rust`",
        );
    }
    parsed.ok().map(ResponseType::Rust)
}

/// Resolves `auth:` (one name or a list) to the service's schemes; `None`
/// (with the problems recorded) when any name does not resolve.
fn auth_schemes(check: &mut Check<'_>, context: &Context<'_>) -> Option<AuthSchemes> {
    let doc = &check.source.doc;
    let names = doc.auth.all();
    let several = matches!(doc.auth, AuthNames::Several(_));
    if names.is_empty() {
        check.error("auth", "list at least one auth scheme");
        return None;
    }
    let known: Vec<&str> = context.service.auth.keys().map(String::as_str).collect();
    let mut schemes = Vec::new();
    for (i, name) in names.iter().enumerate() {
        let path = if several {
            format!("auth[{i}]")
        } else {
            "auth".to_owned()
        };
        if names[..i].contains(name) {
            check.error(&path, format!("`{name}` is listed twice"));
            continue;
        }
        match context.auth.iter().find(|scheme| scheme.name == *name) {
            Some(scheme) => schemes.push(scheme.clone()),
            None => check.error_suggest(
                &path,
                format!(
                    "unknown auth scheme `{name}`; the service defines: {}",
                    known.join(", ")
                ),
                name,
                known.iter().copied(),
            ),
        }
    }
    (schemes.len() == names.len())
        .then(|| AuthSchemes::new(schemes))
        .flatten()
}

/// Checks `pagination:` against the request and response fields.
fn pagination(
    check: &mut Check<'_>,
    spec: &PaginationSpec,
    request: &[Field],
    response: &[Field],
) -> Option<Pagination> {
    let mut ok = true;
    let mut find = |key: &str, wire: &str, fields: &[Field], side: &str, want: fn(&TypeRef) -> bool, what: &str| {
        let found = fields.iter().find(|f| f.wire == wire && !f.flatten);
        match found {
            Some(field) if want(&field.ty) => Some(field.clone()),
            Some(_) => {
                check.error(&format!("pagination.{key}"), format!("`{wire}` must be {what}"));
                ok = false;
                None
            }
            None => {
                let known: Vec<&str> = fields.iter().filter(|f| !f.flatten).map(|f| f.wire.as_str()).collect();
                check.error_suggest(
                    &format!("pagination.{key}"),
                    format!("the {side} has no field `{wire}`; known: {}", known.join(", ")),
                    wire,
                    known,
                );
                ok = false;
                None
            }
        }
    };
    let integer = |t: &TypeRef| *t == TypeRef::Integer;
    let string = |t: &TypeRef| *t == TypeRef::String;
    let boolean = |t: &TypeRef| *t == TypeRef::Boolean;
    let array = |t: &TypeRef| matches!(t, TypeRef::Array(_));
    let (style, items) = match spec {
        PaginationSpec::PageNumber {
            page,
            size,
            total,
            items,
        } => {
            let page = find("page", page, request, "request", integer, "an integer");
            let size = size
                .as_ref()
                .and_then(|size| find("size", size, request, "request", integer, "an integer"));
            let total = find("total", total, response, "response", integer, "an integer");
            let items = find("items", items, response, "response", array, "an array");
            (
                page.zip(total)
                    .map(|(page, total)| PageStyle::PageNumber { page, size, total }),
                items,
            )
        }
        PaginationSpec::Token {
            token,
            size,
            next,
            items,
        } => {
            let token = find("token", token, request, "request", string, "a string");
            let size = size
                .as_ref()
                .map(|size| find("size", size, request, "request", integer, "an integer"));
            let next = find("next", next, response, "response", string, "a string");
            let items = find("items", items, response, "response", array, "an array");
            let style = match (token, size, next) {
                (Some(token), None, Some(next)) => Some(PageStyle::Token {
                    token,
                    size: None,
                    next,
                }),
                (Some(token), Some(Some(size)), Some(next)) => Some(PageStyle::Token {
                    token,
                    size: Some(size),
                    next,
                }),
                _ => None,
            };
            (style, items)
        }
        PaginationSpec::Cursor {
            cursor,
            next,
            has_more,
            items,
        } => {
            let cursor = find("cursor", cursor, request, "request", string, "a string");
            let next = find("next", next, response, "response", string, "a string");
            let has_more = find("has_more", has_more, response, "response", boolean, "a boolean");
            let items = find("items", items, response, "response", array, "an array");
            let style = match (cursor, next, has_more) {
                (Some(cursor), Some(next), Some(has_more)) => Some(PageStyle::Cursor { cursor, next, has_more }),
                _ => None,
            };
            (style, items)
        }
    };
    match (ok, style, items) {
        (true, Some(style), Some(items)) => match &items.ty {
            TypeRef::Array(item) => Some(Pagination {
                item: (**item).clone(),
                items,
                style,
            }),
            _ => None,
        },
        _ => None,
    }
}

/// Names a `when` condition may be scoped to: parameters, group and variant fields.
fn request_subjects<'a>(doc: &'a EndpointFile, params: &'a [Param]) -> HashSet<&'a str> {
    let groups = doc.request.one_of.iter().map(|group| group.field.as_str());
    let variants = doc
        .request
        .variants
        .iter()
        .flat_map(|v| [v.tag.as_str(), v.field.as_str()]);
    params
        .iter()
        .map(|p| p.wire.as_str())
        .chain(groups)
        .chain(variants)
        .collect()
}

fn call_style(check: &mut Check<'_>, service: &ServiceFile) {
    let doc = &check.source.doc;
    match (&service.call_style, &doc.action) {
        (CallStyle::Rpc { .. }, None) => check.error(
            "action",
            "this service is RPC-style: give the endpoint's `action` (e.g. `DescribeDeviceInfo`)",
        ),
        (CallStyle::Rest, Some(_)) => check.error(
            "action",
            "`action` is for RPC-style services; this service is REST (method + path): remove it",
        ),
        _ => {}
    }
}

/// Converts the parameters, folds groups into enums, and lists the wire parameters.
fn request(
    check: &mut Check<'_>,
    context: &Context<'_>,
    names: &EndpointNames,
    types: &mut Vec<TypeDef>,
) -> (Vec<Field>, Vec<Param>) {
    let doc = &check.source.doc;
    let scope = Scope {
        names: context.names,
        side: Side::Request,
    };
    let mut fields = Vec::new();
    let mut params = Vec::new();
    let request = &doc.request;
    // A vendor may use one wire name in two places (Feishu's drive permission
    // members: `type` in the query and in the body). The body keeps its wire
    // names as keys, since it is sent as serialized; a path or query twin is
    // keyed `<location>:<wire>` and its Rust field gets `_<location>`.
    let twin = |location: ParamLocation, wire: &str| match location {
        ParamLocation::Path => request.body.contains_key(wire),
        ParamLocation::Query => request.body.contains_key(wire) || request.path.contains_key(wire),
        ParamLocation::Form | ParamLocation::Multipart => {
            request.path.contains_key(wire) || request.query.contains_key(wire)
        }
        ParamLocation::Body => false,
    };
    let bodies = [
        ("body", !request.body.is_empty()),
        ("form", !request.form.is_empty()),
        ("multipart", !request.multipart.is_empty()),
    ];
    if bodies.iter().filter(|(_, given)| *given).count() > 1 {
        let given: Vec<&str> = bodies.iter().filter(|(_, g)| *g).map(|(name, _)| *name).collect();
        check.error(
            &format!("request.{}", given.last().copied().unwrap_or("form")),
            format!(
                "a request has one body: a JSON `body`, a `form` or a `multipart`, not {}",
                given.join(" and ")
            ),
        );
    }
    let all_wires: HashSet<&str> = [
        &request.path,
        &request.query,
        &request.body,
        &request.form,
        &request.multipart,
    ]
    .into_iter()
    .flat_map(|map| map.keys().map(String::as_str))
    .collect();
    for (location, name, map) in [
        (ParamLocation::Path, "path", &request.path),
        (ParamLocation::Query, "query", &request.query),
        (ParamLocation::Body, "body", &request.body),
        (ParamLocation::Form, "form", &request.form),
        (ParamLocation::Multipart, "multipart", &request.multipart),
    ] {
        let mut located = shapes::fields(check, &scope, &format!("request.{name}"), &names.request, map, types);
        for field in &located {
            let has_file = contains_file(&field.ty);
            if has_file && (location != ParamLocation::Multipart || field.ty != TypeRef::File) {
                check.error(
                    &format!("request.{name}.{}.type", field.wire),
                    "`file` is the type of a `multipart` field itself (one file per field)",
                );
            }
        }
        for field in &mut located {
            if !twin(location, &field.wire) {
                continue;
            }
            field.key = format!("{name}:{}", field.wire);
            if all_wires.contains(field.key.as_str()) {
                check.error(
                    &format!("request.{name}.{}", field.wire),
                    format!(
                        "`{}` is also in another location, and the key apigen gives this one, `{}`, is a wire name too; rename one of them in the spec",
                        field.wire, field.key
                    ),
                );
            }
            if map.get(&field.wire).is_some_and(|shape| shape.rust_name.is_none()) {
                field.rust = format!("{}_{name}", field.rust);
            }
        }
        for field in &located {
            let style = map
                .get(&field.wire)
                .and_then(|shape| shape.style)
                .map_or(ParamStyle::Plain, |style| {
                    param_style(
                        check,
                        &format!("request.{name}.{}", field.wire),
                        location,
                        style,
                        &field.ty,
                    )
                });
            params.push(Param {
                wire: field.wire.clone(),
                location,
                key: field.key.clone(),
                style,
            });
        }
        fields.extend(located.into_iter().map(|field| (name, field)));
    }
    distinct_rust_names(check, &fields);
    let mut fields: Vec<Field> = fields.into_iter().map(|(_, field)| field).collect();
    require_path_params(check, &fields, &params);
    for (i, group) in doc.request.one_of.iter().enumerate() {
        one_of(check, i, group, &mut fields, types);
    }
    if let Some(variants) = &doc.request.variants {
        tagged(check, variants, context.shared_types, &mut fields, types);
    }
    (fields, params)
}

/// Whether a type is or holds a file.
fn contains_file(ty: &TypeRef) -> bool {
    match ty {
        TypeRef::File => true,
        TypeRef::Array(inner) | TypeRef::Map(inner) => contains_file(inner),
        _ => false,
    }
}

/// A parameter's `style`, checked against where it goes and what it holds.
fn param_style(
    check: &mut Check<'_>,
    path: &str,
    location: ParamLocation,
    style: ParamStyleSpec,
    ty: &TypeRef,
) -> ParamStyle {
    let path = format!("{path}.style");
    if !matches!(location, ParamLocation::Query | ParamLocation::Form) {
        check.error(
            &path,
            "`style` says how a query or form parameter is written; this one is not",
        );
    }
    let scalar = |t: &TypeRef| {
        !matches!(
            t,
            TypeRef::Array(_) | TypeRef::Map(_) | TypeRef::Json | TypeRef::Named(_) | TypeRef::Rust(_)
        )
    };
    let (style, fits, wanted) = match style {
        ParamStyleSpec::RepeatList => (ParamStyle::RepeatList, matches!(ty, TypeRef::Array(_)), "an array"),
        ParamStyleSpec::Flat => (
            ParamStyle::Flat,
            matches!(ty, TypeRef::Named(_) | TypeRef::Map(_) | TypeRef::Json),
            "an object",
        ),
        ParamStyleSpec::Json => (ParamStyle::Json, true, "anything"),
        ParamStyleSpec::Simple => (
            ParamStyle::Simple,
            matches!(ty, TypeRef::Array(item) if scalar(item)),
            "an array of scalars",
        ),
    };
    if !fits {
        check.error(&path, format!("this style writes {wanted}; the parameter is not one"));
    }
    style
}

/// Fields of different locations end up in one struct: their Rust names
/// must differ there too (within one location `shapes::fields` says so).
fn distinct_rust_names(check: &mut Check<'_>, fields: &[(&str, Field)]) {
    let mut seen: HashMap<&str, (&str, &str)> = HashMap::new();
    for (location, field) in fields {
        match seen.get(field.rust.as_str()) {
            Some((first_location, first)) if first_location != location => check.error(
                &format!("request.{location}.{}", field.wire),
                format!(
                    "`request.{first_location}.{first}` and this parameter both become the Rust field `{}`; give one a `rust_name`",
                    field.rust
                ),
            ),
            Some(_) => {}
            None => {
                seen.insert(field.rust.as_str(), (location, field.wire.as_str()));
            }
        }
    }
}

/// Path parameters are always required: a URL cannot leave a segment out.
fn require_path_params(check: &mut Check<'_>, fields: &[Field], params: &[Param]) {
    for param in params.iter().filter(|p| p.location == ParamLocation::Path) {
        if fields.iter().any(|f| f.key == param.key && !f.required) {
            check.error(
                &format!("request.path.{}", param.wire),
                "path parameters are always required; add `required: true`",
            );
        }
    }
}

fn path_placeholders(check: &mut Check<'_>, params: &[Param]) {
    let doc = &check.source.doc;
    let mut placeholders = HashSet::new();
    let mut rest = doc.path.as_str();
    while let Some(start) = rest.find('{') {
        let Some(len) = rest[start..].find('}') else {
            check.error("path", "unclosed `{` in the path");
            return;
        };
        placeholders.insert(rest[start + 1..start + len].to_owned());
        rest = &rest[start + len + 1..];
    }
    let declared: Vec<&str> = params
        .iter()
        .filter(|p| p.location == ParamLocation::Path)
        .map(|p| p.wire.as_str())
        .collect();
    for name in &placeholders {
        if !declared.contains(&name.as_str()) {
            check.error_suggest(
                "path",
                format!("the path has `{{{name}}}` but `request.path` declares no `{name}` parameter"),
                name,
                declared.iter().copied(),
            );
        }
    }
    for name in declared {
        if !placeholders.contains(name) {
            check.error(
                &format!("request.path.{name}"),
                format!("path parameter `{name}` does not appear in the path as `{{{name}}}`"),
            );
        }
    }
}

/// Takes the named fields out of `fields`, in the order of `wires`.
fn take_fields<'w>(
    check: &mut Check<'_>,
    path: &str,
    fields: &mut Vec<Field>,
    wires: impl IntoIterator<Item = &'w String>,
) -> Vec<Field> {
    let mut taken = Vec::new();
    for (i, wire) in wires.into_iter().enumerate() {
        match fields.iter().position(|f| &f.wire == wire) {
            Some(at) => taken.push(fields.remove(at)),
            None => {
                let known: Vec<&str> = fields.iter().map(|f| f.wire.as_str()).collect();
                check.error_suggest(
                    &format!("{path}[{i}]"),
                    format!("`{wire}` is not a request parameter (or already belongs to another group)"),
                    wire,
                    known,
                );
            }
        }
    }
    taken
}

fn one_of(check: &mut Check<'_>, i: usize, group: &OneOfSpec, fields: &mut Vec<Field>, types: &mut Vec<TypeDef>) {
    let path = format!("request.one_of[{i}]");
    if !is_snake(&group.field) {
        check.error(
            &format!("{path}.field"),
            format!("`{}` must be a snake_case field name", group.field),
        );
    }
    if group.members.len() < 2 {
        check.error(&format!("{path}.members"), "a one_of group needs at least two members");
    }
    let members = take_fields(check, &format!("{path}.members"), fields, &group.members);
    for member in &members {
        if member.required {
            check.error(
                &format!("{path}.members"),
                format!(
                    "`{}` is marked required, but it is one of a group; say `required` on the group instead",
                    member.wire
                ),
            );
        }
    }
    types.push(TypeDef {
        name: group.name.clone(),
        description: group.description.clone(),
        kind: TypeKind::OneOf { members },
        directions: Directions::NONE,
    });
    fields.push(group_field(
        &group.field,
        &group.name,
        group.required,
        group.description.clone(),
    ));
}

fn group_field(rust: &str, type_name: &str, required: bool, description: Option<String>) -> Field {
    Field {
        wire: rust.to_owned(),
        key: rust.to_owned(),
        rust: rust.to_owned(),
        ty: TypeRef::Named(type_name.to_owned()),
        required,
        description,
        aliases: Vec::new(),
        item_key: None,
        flatten: true,
        boxed: false,
        since: None,
    }
}

fn tagged(
    check: &mut Check<'_>,
    spec: &VariantsSpec,
    shared_types: &[TypeDef],
    fields: &mut Vec<Field>,
    types: &mut Vec<TypeDef>,
) {
    let Some(tag_at) = fields.iter().position(|f| f.wire == spec.tag) else {
        let known: Vec<&str> = fields.iter().map(|f| f.wire.as_str()).collect();
        check.error_suggest(
            "request.variants.tag",
            format!("`{}` is not a request parameter", spec.tag),
            &spec.tag,
            known,
        );
        return;
    };
    let tag = fields.remove(tag_at);
    let TypeRef::Named(tag_type) = &tag.ty else {
        check.error(
            "request.variants.tag",
            format!("the tag `{}` must have an enum type", spec.tag),
        );
        return;
    };
    let declared = types.iter().chain(shared_types).find(|t| &t.name == tag_type);
    let Some(values) = declared.and_then(|t| match &t.kind {
        TypeKind::Enum { values, .. } => Some(values.clone()),
        _ => None,
    }) else {
        check.error(
            "request.variants.tag",
            format!("the tag's type `{tag_type}` must be an enum declared before use (in `types:`)"),
        );
        return;
    };
    // Every case's fields come out of the request struct, once.
    let mut pool: Vec<Field> = Vec::new();
    for case in &spec.cases {
        for wire in &case.fields {
            if !pool.iter().any(|f| &f.wire == wire) {
                if let Some(at) = fields.iter().position(|f| &f.wire == wire) {
                    pool.push(fields.remove(at));
                }
            }
        }
    }
    let mut covered: HashMap<&str, usize> = HashMap::new();
    let mut variants = Vec::new();
    for (i, case) in spec.cases.iter().enumerate() {
        let path = format!("request.variants.cases[{i}]");
        let mut case_fields = Vec::new();
        for (j, wire) in case.fields.iter().enumerate() {
            match pool.iter().find(|f| &f.wire == wire) {
                Some(field) => {
                    let mut field = field.clone();
                    field.required = case.required.contains(wire);
                    case_fields.push(field);
                }
                None => {
                    let known: Vec<&str> = fields.iter().map(|f| f.wire.as_str()).collect();
                    check.error_suggest(
                        &format!("{path}.fields[{j}]"),
                        format!("`{wire}` is not a body parameter"),
                        wire,
                        known,
                    );
                }
            }
        }
        for (j, wire) in case.required.iter().enumerate() {
            if !case.fields.contains(wire) {
                check.error(
                    &format!("{path}.required[{j}]"),
                    format!("`{wire}` is required but not among this case's `fields`"),
                );
            }
        }
        types.push(TypeDef {
            name: case.name.clone(),
            description: case.description.clone(),
            kind: TypeKind::Struct {
                fields: case_fields,
                deny_unknown: true,
            },
            directions: Directions::NONE,
        });
        for (j, when) in case.when.iter().enumerate() {
            let Some(value) = values.iter().find(|v| &v.name == when) else {
                check.error_suggest(
                    &format!("{path}.when[{j}]"),
                    format!("`{when}` is not a variant of `{tag_type}`"),
                    when,
                    values.iter().map(|v| v.name.as_str()),
                );
                continue;
            };
            if let Some(first) = covered.insert(when.as_str(), i) {
                check.error(
                    &format!("{path}.when[{j}]"),
                    format!("`{when}` is already covered by `request.variants.cases[{first}]`"),
                );
            }
            variants.push(TaggedVariant {
                name: value.name.clone(),
                label: value.label.clone(),
                case_type: case.name.clone(),
                case_description: case.description.clone(),
            });
        }
    }
    types.push(TypeDef {
        name: spec.name.clone(),
        description: spec.description.clone(),
        kind: TypeKind::Tagged {
            tag_wire: tag.wire.clone(),
            tag_type: tag_type.clone(),
            variants,
        },
        directions: Directions::NONE,
    });
    fields.push(group_field(&spec.field, &spec.name, true, spec.description.clone()));
}

fn examples(check: &mut Check<'_>) -> Vec<Example> {
    let doc = &check.source.doc;
    let mut names = HashSet::new();
    let mut out = Vec::new();
    for (i, example) in doc.examples.iter().enumerate() {
        let path = format!("examples[{i}]");
        if !is_snake(&example.name) {
            check.error(
                &format!("{path}.name"),
                format!("example name `{}` must be snake_case (it names a test)", example.name),
            );
        }
        if !names.insert(example.name.as_str()) {
            check.error(
                &format!("{path}.name"),
                format!("duplicate example name `{}`", example.name),
            );
        }
        if example.request.is_none() && example.response.is_none() {
            check.error(&path, "an example needs a `request` or a `response`");
        }
        if let Some(request) = &example.request {
            if let Some(body) = &request.body {
                json_text(check, &format!("{path}.request.body"), body);
            }
            out.push(Example {
                name: example.name.clone(),
                kind: ExampleKind::Request {
                    body: request.body.clone(),
                    query: request.query.clone(),
                    path: request.path.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
                },
            });
        }
        if let Some(response) = &example.response {
            json_text(check, &format!("{path}.response"), response);
            let name = if example.request.is_some() {
                format!("{}_response", example.name)
            } else {
                example.name.clone()
            };
            out.push(Example {
                name,
                kind: ExampleKind::Response(response.clone()),
            });
        }
    }
    out
}

fn json_text(check: &mut Check<'_>, path: &str, text: &str) {
    if let Err(error) = serde_json::from_str::<serde_json::Value>(text) {
        check.error(
            path,
            format!(
                "not valid JSON at line {} column {} of the example: {error}; examples must be JSON (record page mistakes under `corrected`)",
                error.line(),
                error.column()
            ),
        );
    }
}
