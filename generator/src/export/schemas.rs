//! Types as JSON Schema (OpenAPI 3.1's dialect): a field's type, a field with
//! its description and wire quirks, and each named type of a service as a
//! `components.schemas` entry.

use crate::model::{EnumRepr, Field, Literal, MacStyle, TypeDef, TypeKind, TypeRef};

use super::json::{strings, Json, Obj, Put};

/// Where a component schema is referred to from.
pub fn reference(name: &str) -> Json {
    let mut schema = Obj::new();
    schema.put("$ref", format!("#/components/schemas/{name}"));
    schema.into()
}

/// A MAC address in either separator and either case, as the client parses it.
const MAC_PATTERN: &str = "^[0-9A-Fa-f]{2}([:-][0-9A-Fa-f]{2}){5}$";

/// The schema of a type expression.
pub fn type_schema(ty: &TypeRef) -> Obj {
    let mut schema = Obj::new();
    match ty {
        TypeRef::String => {
            schema.put("type", "string");
        }
        TypeRef::Integer => {
            schema.put("type", "integer").put("format", "int64");
        }
        TypeRef::Number => {
            schema.put("type", "number").put("format", "double");
        }
        TypeRef::Boolean => {
            schema.put("type", "boolean");
        }
        // Any JSON: the spec says `object` and describes nothing more.
        TypeRef::Json => {}
        TypeRef::MacAddress(style) => {
            let style = match style {
                MacStyle::ColonLower => "colon_lower",
                MacStyle::DashUpper => "dash_upper",
            };
            schema
                .put("type", "string")
                .put("pattern", MAC_PATTERN)
                .put("x-apigen-format", "mac_address")
                .put("x-apigen-mac-style", style);
        }
        TypeRef::Day => {
            schema
                .put("type", "string")
                .put("pattern", "^[0-9]{8}$")
                .put("x-apigen-format", "yyyyMMdd");
        }
        TypeRef::Named(name) => {
            schema.put("$ref", format!("#/components/schemas/{name}"));
        }
        TypeRef::Array(inner) => {
            schema.put("type", "array").put("items", type_schema(inner));
        }
        TypeRef::Map(inner) => {
            schema
                .put("type", "object")
                .put("additionalProperties", type_schema(inner));
        }
        TypeRef::File => {
            schema
                .put("type", "string")
                .put("format", "binary")
                .put("contentMediaType", "application/octet-stream");
        }
        TypeRef::Rust(rust) => {
            schema.put("x-apigen-rust-type", rust.tokens().to_string().replace(' ', ""));
        }
    }
    schema
}

/// The schema of a field as it is on the wire: its type (a list wrapped
/// under its `item_key` as Alibaba Cloud sends it), description, aliases
/// and version.
pub fn field_schema(field: &Field) -> Obj {
    let mut schema = match (&field.item_key, &field.ty) {
        (Some(key), list @ TypeRef::Array(_)) => {
            let mut wrapper = Obj::new();
            let mut properties = Obj::new();
            properties.put(key, type_schema(list));
            wrapper
                .put("type", "object")
                .put("properties", properties)
                .put("x-apigen-item-key", key);
            wrapper
        }
        _ => type_schema(&field.ty),
    };
    schema.put_some("description", field.description.as_deref());
    if !field.aliases.is_empty() {
        schema.put("x-apigen-aliases", strings(&field.aliases));
    }
    schema.put_some("x-apigen-since", field.since.as_deref());
    // The Rust field name, where the spec chose one other than the wire name's.
    if field.rust != crate::naming::field_name(&field.wire) {
        schema.put("x-apigen-rust-name", field.rust.as_str());
    }
    schema
}

/// An object schema of `fields` (flattened groups are the caller's).
pub fn object_schema(fields: &[&Field]) -> Obj {
    let mut schema = Obj::new();
    let mut properties = Obj::new();
    let mut required = Vec::new();
    for field in fields {
        properties.put(&field.wire, field_schema(field));
        if field.required {
            required.push(field.wire.as_str());
        }
    }
    schema.put("type", "object").put("properties", properties);
    if !required.is_empty() {
        schema.put("required", strings(required));
    }
    schema
}

/// A literal as JSON.
pub fn literal(value: &Literal) -> Json {
    match value {
        Literal::Int(i) => Json::from(*i),
        Literal::Str(s) => Json::String(s.clone()),
    }
}

/// One named type as a component schema, or `None` for the types that are no
/// wire object of their own (exclusive groups and tagged unions, which their
/// operation renders as `oneOf`).
pub fn component(def: &TypeDef) -> Option<Obj> {
    let mut schema = match &def.kind {
        TypeKind::Struct { fields, deny_unknown } => {
            let (flat, plain): (Vec<&Field>, Vec<&Field>) = fields.iter().partition(|f| f.flatten);
            let mut schema = object_schema(&plain);
            if *deny_unknown {
                schema.put("additionalProperties", false);
            }
            // A flattened group in a struct other than a request (none today)
            // is kept as a reference beside the fields.
            if !flat.is_empty() {
                let parts: Vec<Json> = flat.iter().map(|f| type_schema(&f.ty).into()).collect();
                schema.put("allOf", parts);
            }
            schema
        }
        TypeKind::Enum { repr, values } => enum_schema(*repr, values),
        TypeKind::Constrained {
            min_length,
            max_length,
            forbidden,
        } => {
            let mut schema = Obj::new();
            schema.put("type", "string");
            schema.put_some("minLength", *min_length);
            schema.put_some("maxLength", *max_length);
            if !forbidden.is_empty() {
                schema.put("pattern", forbidden_pattern(forbidden));
                schema.put(
                    "x-apigen-forbidden-chars",
                    strings(forbidden.iter().map(|c| c.to_string())),
                );
            }
            schema
        }
        TypeKind::OneOf { .. } | TypeKind::Tagged { .. } => return None,
    };
    if let Some(description) = &def.description {
        schema.shift_insert(0, "description".to_owned(), description.into());
    }
    schema.shift_insert(0, "title".to_owned(), def.name.as_str().into());
    Some(schema)
}

/// An enum: its values, with the Rust variant names and the vendor's labels
/// beside them in the same order (`x-enum-varnames`, `x-enum-descriptions`,
/// as OpenAPI generators read them) and together in `x-apigen-enum`. The
/// generated client also accepts values not listed (`Other`): `x-apigen-open`.
fn enum_schema(repr: EnumRepr, values: &[crate::model::EnumValue]) -> Obj {
    let mut schema = Obj::new();
    schema.put(
        "type",
        match repr {
            EnumRepr::Integer => "integer",
            EnumRepr::String => "string",
        },
    );
    schema.put("enum", values.iter().map(|v| literal(&v.value)).collect::<Vec<_>>());
    schema.put("x-enum-varnames", strings(values.iter().map(|v| v.name.as_str())));
    if values.iter().any(|v| v.label.is_some()) {
        schema.put(
            "x-enum-descriptions",
            strings(values.iter().map(|v| v.label.as_deref().unwrap_or(""))),
        );
    }
    let entries: Vec<Json> = values
        .iter()
        .map(|v| {
            let mut entry = Obj::new();
            entry.put("value", literal(&v.value)).put("name", v.name.as_str());
            entry.put_some("label", v.label.as_deref());
            entry.into()
        })
        .collect();
    schema.put("x-apigen-enum", entries);
    schema.put("x-apigen-open", true);
    schema
}

/// A pattern no string holding one of `chars` matches: each character
/// escaped as `\uXXXX` (both ECMA-262 and Python read it), or written as it
/// is beyond the Basic Multilingual Plane, where no escape is common to both.
pub fn forbidden_pattern(chars: &[char]) -> String {
    let mut class = String::new();
    for c in chars {
        let code = u32::from(*c);
        if code <= 0xFFFF {
            class.push_str(&format!("\\u{code:04x}"));
        } else {
            class.push(*c);
        }
    }
    format!("^[^{class}]*$")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forbidden_characters_are_escaped_in_the_pattern() {
        assert_eq!(
            forbidden_pattern(&['\n', '\t', ']', '😀']),
            "^[^\\u000a\\u0009\\u005d😀]*$"
        );
    }
}
