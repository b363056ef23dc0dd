//! `apigen inventory --json`: every endpoint with its wire fields, errors and limits.

use std::collections::{HashMap, HashSet};

use serde::Serialize;

use crate::model::{Catalog, ErrorEntry, Field, ResponseType, Service, TypeDef, TypeKind, TypeRef};

/// The whole inventory.
#[derive(Debug, Serialize)]
pub struct Inventory {
    /// One entry per endpoint.
    pub endpoints: Vec<EndpointEntry>,
}

/// One endpoint.
#[derive(Debug, Serialize)]
pub struct EndpointEntry {
    /// Service id.
    pub service: String,
    /// Endpoint id.
    pub id: String,
    /// HTTP method.
    pub method: String,
    /// Path template.
    pub path: String,
    /// RPC action, if any.
    pub action: Option<String>,
    /// The default auth scheme's name.
    pub auth: String,
    /// Every auth scheme it accepts, the default first.
    pub auth_schemes: Vec<String>,
    /// Documented calls per second.
    pub rate_limit_per_second: Option<u32>,
    /// Wire names of every path, query and body parameter, nested as
    /// `parent.child`, a list's elements as `list[].child`.
    pub request_fields: Vec<String>,
    /// Wire names of every payload field, nested as `parent.child`, a list's
    /// elements as `list[].child` (an Alibaba wrapped list's as
    /// `List.Item[].child`).
    pub response_fields: Vec<String>,
    /// Endpoint and common errors.
    pub errors: Vec<ErrorEntryJson>,
}

/// One error row.
#[derive(Debug, Serialize)]
pub struct ErrorEntryJson {
    /// HTTP status.
    pub http_status: Option<u16>,
    /// Every HTTP status the page lists it under (`http_status` is the first).
    pub http_statuses: Vec<u16>,
    /// Code as a string.
    pub code: String,
    /// Message template.
    pub message: String,
    /// A service-wide error rather than the endpoint's own.
    pub common: bool,
    /// The cases it answers (`when:`), as written in the spec.
    pub when: Vec<String>,
}

/// Builds the inventory of a catalogue.
pub fn inventory(catalog: &Catalog) -> Inventory {
    let endpoints = catalog.services.iter().flat_map(service_entries).collect();
    Inventory { endpoints }
}

fn service_entries(service: &Service) -> Vec<EndpointEntry> {
    let types = service.type_index();
    service
        .endpoints
        .iter()
        .map(|e| {
            let fields_of = |name: &str| {
                let mut names = Names::default();
                if let Some(def) = types.get(name) {
                    collect(def, "", &types, &mut names);
                }
                names.list
            };
            EndpointEntry {
                service: service.id.clone(),
                id: e.id.clone(),
                method: e.method.to_string(),
                path: e.path.clone(),
                action: e.action.clone(),
                auth: e.auth.iter().next().map(|s| s.name.clone()).unwrap_or_default(),
                auth_schemes: e.auth.iter().map(|s| s.name.clone()).collect(),
                rate_limit_per_second: e.rate_limit,
                request_fields: fields_of(&e.request_type),
                response_fields: match &e.response_type {
                    ResponseType::Generated(name) => fields_of(name),
                    ResponseType::Rust(_) | ResponseType::File => Vec::new(),
                },
                errors: e
                    .errors
                    .iter()
                    .map(|entry| error_json(entry, false))
                    .chain(service.common_errors.iter().map(|entry| error_json(entry, true)))
                    .collect(),
            }
        })
        .collect()
}

fn error_json(entry: &ErrorEntry, common: bool) -> ErrorEntryJson {
    ErrorEntryJson {
        common,
        when: entry
            .when
            .iter()
            .map(|t| match &t.subject {
                Some(subject) => format!("{}({subject})", t.condition.name()),
                None => t.condition.name().to_owned(),
            })
            .collect(),
        http_status: entry.http_statuses.first().copied(),
        http_statuses: entry.http_statuses.clone(),
        code: entry.code.to_string(),
        message: entry.message.clone(),
    }
}

fn named(ty: &TypeRef) -> Option<&str> {
    match ty {
        TypeRef::Named(name) => Some(name),
        TypeRef::Array(inner) | TypeRef::Map(inner) => named(inner),
        _ => None,
    }
}

/// Appends the wire names under `def`; flattened groups add their members at the same level.
///
/// A type met again below itself (a tree: `Block.children: Block[]`) is
/// listed once, not followed: `out.open` holds the types being listed.
fn collect<'a>(def: &'a TypeDef, prefix: &str, types: &HashMap<&str, &'a TypeDef>, out: &mut Names<'a>) {
    if out.open.contains(&def.name.as_str()) {
        return;
    }
    out.open.push(&def.name);
    collect_fields(def, prefix, types, out);
    out.open.pop();
}

fn collect_fields<'a>(def: &'a TypeDef, prefix: &str, types: &HashMap<&str, &'a TypeDef>, out: &mut Names<'a>) {
    let fields: Vec<&Field> = match &def.kind {
        TypeKind::Struct { fields, .. } | TypeKind::OneOf { members: fields } => fields.iter().collect(),
        TypeKind::Tagged { tag_wire, variants, .. } => {
            push_unique(out, format!("{prefix}{tag_wire}"));
            for variant in variants {
                if let Some(case) = types.get(variant.case_type.as_str()) {
                    collect(case, prefix, types, out);
                }
            }
            return;
        }
        TypeKind::Enum { .. } | TypeKind::Constrained { .. } => return,
    };
    for field in fields {
        let inner = named(&field.ty).and_then(|name| types.get(name));
        if field.flatten {
            if let Some(inner) = inner {
                collect(inner, prefix, types, out);
            }
            continue;
        }
        let path = format!("{prefix}{}", field.wire);
        push_unique(out, path.clone());
        // A list's elements are `path[]`, and an Alibaba wrapped list's sit
        // under its item key (`DeviceInfoList.DeviceInfo[]`), as on the wire
        // and as an object holding a list would be listed.
        let elements = match (&field.item_key, matches!(field.ty, TypeRef::Array(_))) {
            (Some(item), _) => {
                let key = format!("{path}.{item}");
                push_unique(out, key.clone());
                Some(format!("{key}[]"))
            }
            (None, true) => Some(format!("{path}[]")),
            (None, false) => None,
        };
        if let Some(inner) = inner {
            let below = elements.unwrap_or(path);
            collect(inner, &format!("{below}."), types, out);
        }
    }
}

/// Wire names in first-seen order; a field shared by several tagged cases is listed once.
#[derive(Default)]
struct Names<'a> {
    list: Vec<String>,
    seen: HashSet<String>,
    /// The types being listed, outermost first.
    open: Vec<&'a str>,
}

fn push_unique(out: &mut Names<'_>, path: String) {
    if out.seen.insert(path.clone()) {
        out.list.push(path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(service: &str, endpoint: &str) -> (Vec<String>, Vec<String>) {
        let specs = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../api-specs");
        let catalog = crate::load_catalog(&specs).unwrap_or_else(|e| panic!("{e}"));
        let entry = inventory(&catalog)
            .endpoints
            .into_iter()
            .find(|e| e.service == service && e.id == endpoint)
            .unwrap();
        (entry.request_fields, entry.response_fields)
    }

    #[test]
    fn lists_are_listed_by_their_wire_paths() {
        let (_, aliyun) = fields("aliyun", "describe_device_info");
        for path in [
            "DeviceInfoList",
            "DeviceInfoList.DeviceInfo",
            "DeviceInfoList.DeviceInfo[].DeviceId",
        ] {
            assert!(aliyun.iter().any(|p| p == path), "{path} in {aliyun:?}");
        }
        assert!(!aliyun.iter().any(|p| p == "DeviceInfoList.DeviceId"), "{aliyun:?}");
        let (_, sangfor) = fields("sangfor", "query_device");
        assert!(sangfor.iter().any(|p| p == "bindUsers[].bindUser"), "{sangfor:?}");
        assert!(!sangfor.iter().any(|p| p == "bindUsers.bindUser"), "{sangfor:?}");
    }
}
