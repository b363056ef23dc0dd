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

/// A `$ref` to a component, as the component's type name.
pub fn reference(
    schema: &Doc,
    components: &HashMap<String, String>,
    pointer: &str,
    errors: &mut Vec<ImportError>,
) -> Option<Node> {
    let target = schema.str_at("$ref")?;
    let name = target
        .strip_prefix("#/components/schemas/")
        .and_then(|k| components.get(k));
    Some(match name {
        Some(name) => Node::Named(name.clone()),
        None => {
            errors.push(ImportError::at(
                pointer,
                format!("`$ref: {target}` names no schema of this document"),
            ));
            Node::Json
        }
    })
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
