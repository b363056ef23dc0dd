//! The parts of reading a JSON-Schema-like schema that OpenAPI and OpenMeta
//! share: the nesting guard, component references, scalars, and maps.

use std::collections::HashMap;

use super::doc::Doc;
use super::node::Node;
use super::{ImportError, Notes};

/// The deepest a schema is followed; deeper is written as any JSON.
const MAX_DEPTH: usize = 48;

/// Any JSON, with a note, when `depth` is past the bound.
pub fn too_deep(depth: usize, pointer: &str, notes: &mut Notes) -> Option<Node> {
    (depth > MAX_DEPTH).then(|| {
        notes.add(
            "nesting too deep",
            format!("{pointer}: nested too deeply; written as any JSON"),
        );
        Node::Json
    })
}

/// Where a schema's `$ref` leads.
pub enum Target<'d> {
    /// The schema is no reference.
    NotRef,
    /// A component (following references to references), with its schema.
    Component {
        /// Its key in `components.schemas`.
        key: &'d str,
        /// Its schema, itself no reference.
        schema: &'d Doc,
    },
    /// The reference names nothing in the document.
    Missing(&'d str),
    /// The references lead only to each other.
    Cycle,
}

/// Follows `schema`'s `$ref` through references to references (a bounded number of hops).
pub fn target<'d>(doc: &'d Doc, schema: &'d Doc) -> Target<'d> {
    let schemas = doc.get("components").and_then(|c| c.get("schemas"));
    let mut current = schema;
    for _ in 0..32 {
        let Some(reference) = current.str_at("$ref") else {
            return Target::NotRef;
        };
        let key = reference.strip_prefix("#/components/schemas/").unwrap_or_default();
        let Some(found) = schemas.and_then(|s| s.get(key)) else {
            return Target::Missing(reference);
        };
        if found.get("$ref").is_none() {
            return Target::Component { key, schema: found };
        }
        current = found;
    }
    Target::Cycle
}

/// Whether a component's schema is written as a named type of the service
/// (an object, an enum or a merge); anything else is written where it is used.
pub fn is_named_kind(schema: &Doc) -> bool {
    schema
        .get("properties")
        .and_then(Doc::as_object)
        .is_some_and(|p| !p.is_empty())
        || schema.get("enum").is_some_and(|e| !e.items().is_empty())
        || schema.get("allOf").is_some()
}

/// A reference as a shape: the component's type name when it is a named
/// type, `None` when the component is to be read in place (`schema`), and
/// any JSON with an error when the reference leads nowhere.
pub fn reference<'d>(
    doc: &'d Doc,
    schema: &'d Doc,
    components: &HashMap<String, String>,
    pointer: &str,
    errors: &mut Vec<ImportError>,
) -> Option<Result<Node, &'d Doc>> {
    let problem = match target(doc, schema) {
        Target::NotRef => return None,
        Target::Component { key, schema } if is_named_kind(schema) => {
            return Some(components.get(key).map(|name| Node::Named(name.clone())).ok_or(schema));
        }
        Target::Component { schema, .. } => return Some(Err(schema)),
        Target::Missing(reference) => format!("`$ref: {reference}` names no schema of this document"),
        Target::Cycle => "the `$ref`s from here lead only to each other and never to a schema".to_owned(),
    };
    errors.push(ImportError::at(pointer, problem));
    Some(Ok(Node::Json))
}

/// A string (with its length bounds), integer, number or boolean.
pub fn scalar(ty: &str, schema: &Doc) -> Option<Node> {
    match ty {
        "string" => Some(Node::String {
            max_length: schema.get("maxLength").and_then(Doc::as_u64),
            min_length: schema.get("minLength").and_then(Doc::as_u64),
        }),
        "integer" => Some(Node::Integer),
        "number" => Some(Node::Number),
        "boolean" => Some(Node::Boolean),
        _ => None,
    }
}

/// An object without properties: a map of `additionalProperties`, or any JSON.
pub fn map_or_json<'d>(schema: &'d Doc, mut inner: impl FnMut(&'d Doc) -> Node) -> Node {
    match schema.get("additionalProperties") {
        Some(values @ Doc::Object(_)) => Node::Map(Box::new(inner(values))),
        Some(Doc::Bool(true)) => Node::Map(Box::new(Node::Json)),
        _ => Node::Json,
    }
}

/// An `enum` as a shape: integer values when the type is numeric and every
/// value is an integer (vendors also write them as strings), else text;
/// `titles` maps a value to its label (OpenMeta's `enumValueTitles`).
/// Repeated values are kept once; an empty `enum` is a plain string.
pub fn enum_node(ty: &str, values: &[Doc], titles: Option<&Doc>) -> Node {
    let integer = matches!(ty, "integer" | "number")
        && values
            .iter()
            .all(|v| v.scalar_text().is_some_and(|t| t.parse::<i64>().is_ok()));
    let mut seen = std::collections::HashSet::new();
    let values: Vec<(String, Option<String>)> = values
        .iter()
        .filter_map(Doc::scalar_text)
        .filter(|v| seen.insert(v.clone()))
        .map(|v| {
            let label = titles.and_then(|t| t.str_at(&v)).map(str::to_owned);
            (v, label)
        })
        .collect();
    if values.is_empty() {
        return Node::String {
            max_length: None,
            min_length: None,
        };
    }
    Node::Enum(super::node::EnumNode { integer, values })
}
