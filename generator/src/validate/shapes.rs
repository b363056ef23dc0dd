//! Fields and types: type expressions, enums, objects and constraints.

use std::collections::HashMap;

use indexmap::IndexMap;

use super::names::{inline_name, Names, Side};
use super::SpecChecker;
use crate::model::{Directions, EnumRepr, EnumValue, Field, MacStyle, RustType, TypeDef, TypeKind, TypeRef};
use crate::naming::{field_name, is_snake, is_upper_camel};
use crate::spec::ast::{CodeValue, EnumValueSpec, ServiceFile, Shape};

const SCALARS: &[&str] = &["string", "integer", "number", "boolean", "object", "file"];
const FORMATS: &[&str] = &["mac_address", "yyyyMMdd"];
const MAC_STYLES: &[&str] = &["colon_lower", "dash_upper"];

/// Where converted types go and what they may refer to.
pub(crate) struct Scope<'n> {
    pub(crate) names: &'n Names,
    pub(crate) side: Side,
}

/// Converts the service's `types:`.
pub(crate) fn shared_types(
    check: &mut SpecChecker<'_, ServiceFile>,
    names: &Names,
    doc: &ServiceFile,
    types: &mut Vec<TypeDef>,
) {
    let scope = Scope {
        names,
        side: Side::Shared,
    };
    for (name, shape) in &doc.types {
        let path = format!("types.{name}");
        for (key, given) in [
            ("required", shape.required.is_some()),
            ("aliases", !shape.aliases.is_empty()),
            ("rust_name", shape.rust_name.is_some()),
            ("name", shape.name.is_some()),
            ("item_key", shape.item_key.is_some()),
        ] {
            if given {
                check.error(
                    &format!("{path}.{key}"),
                    format!(
                        "`{key}` belongs on a field, not on a shared type; move it to the fields that use `{name}`"
                    ),
                );
            }
        }
        let (base, wrappers) = split_wrappers(shape.ty.as_deref().unwrap_or(""));
        if !wrappers.is_empty() {
            check.error(
                &format!("{path}.type"),
                "a shared type cannot be an array or a map; use `Name[]` or `Name{}` where it is used",
            );
        }
        if shape.enum_values.is_none() && shape.fields.is_none() && !has_constraints(shape) {
            check.error(
                &path,
                format!("shared type `{name}` must be an enum (`enum:`), an object (`fields:`) or a constrained string (`max_length`, `forbidden_chars`)"),
            );
            continue;
        }
        named_type(check, &scope, &path, name, base, shape, types);
    }
}

/// Converts a map of fields.
pub(crate) fn fields<T>(
    check: &mut SpecChecker<'_, T>,
    scope: &Scope<'_>,
    path: &str,
    parent: &str,
    map: &IndexMap<String, Shape>,
    types: &mut Vec<TypeDef>,
) -> Vec<Field> {
    let mut rust_names: HashMap<String, String> = HashMap::new();
    let mut out = Vec::new();
    for (wire, shape) in map {
        let field_path = format!("{path}.{wire}");
        let Some(field) = field(check, scope, &field_path, parent, wire, shape, types) else {
            continue;
        };
        if let Some(first) = rust_names.insert(field.rust.clone(), wire.clone()) {
            check.error(
                &field_path,
                format!(
                    "fields `{first}` and `{wire}` both become the Rust field `{}`; give one a `rust_name`",
                    field.rust
                ),
            );
        }
        out.push(field);
    }
    out
}

/// Converts one field.
pub(crate) fn field<T>(
    check: &mut SpecChecker<'_, T>,
    scope: &Scope<'_>,
    path: &str,
    parent: &str,
    wire: &str,
    shape: &Shape,
    types: &mut Vec<TypeDef>,
) -> Option<Field> {
    let rust = match &shape.rust_name {
        Some(name) if !is_snake(name) => {
            check.error(
                &format!("{path}.rust_name"),
                format!("`{name}` must be a snake_case identifier"),
            );
            field_name(wire)
        }
        Some(name) => name.clone(),
        None => field_name(wire),
    };
    let ty = field_type(check, scope, path, parent, wire, shape, types)?;
    if shape.item_key.is_some() && !matches!(ty, TypeRef::Array(_)) {
        check.error(
            &format!("{path}.item_key"),
            "`item_key` wraps an array; this field is not an array",
        );
    }
    Some(Field {
        wire: wire.to_owned(),
        key: wire.to_owned(),
        rust,
        ty,
        required: shape.required.unwrap_or(false),
        description: shape.description.clone(),
        aliases: shape.aliases.clone(),
        item_key: shape.item_key.clone(),
        flatten: false,
        boxed: false,
        since: shape.since.clone(),
    })
}

/// A container a type expression puts around its base type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Wrapper {
    /// `[]`: an array.
    Array,
    /// `{}`: a map from string keys.
    Map,
}

/// `Foo[]{}` → (`Foo`, [Map, Array]): the base and its containers, outermost first.
fn split_wrappers(expr: &str) -> (&str, Vec<Wrapper>) {
    let mut base = expr.trim();
    let mut wrappers = Vec::new();
    loop {
        if let Some(inner) = base.strip_suffix("[]") {
            wrappers.push(Wrapper::Array);
            base = inner.trim_end();
        } else if let Some(inner) = base.strip_suffix("{}") {
            wrappers.push(Wrapper::Map);
            base = inner.trim_end();
        } else {
            return (base, wrappers);
        }
    }
}

/// Puts `inner` into `wrappers` (outermost first).
fn wrap(inner: TypeRef, wrappers: &[Wrapper]) -> TypeRef {
    wrappers.iter().rev().fold(inner, |ty, wrapper| match wrapper {
        Wrapper::Array => TypeRef::Array(Box::new(ty)),
        Wrapper::Map => TypeRef::Map(Box::new(ty)),
    })
}

fn has_constraints(shape: &Shape) -> bool {
    shape.max_length.is_some() || shape.min_length.is_some() || shape.forbidden_chars.is_some()
}

fn field_type<T>(
    check: &mut SpecChecker<'_, T>,
    scope: &Scope<'_>,
    path: &str,
    parent: &str,
    wire: &str,
    shape: &Shape,
    types: &mut Vec<TypeDef>,
) -> Option<TypeRef> {
    let expr = match (&shape.ty, &shape.fields) {
        (Some(ty), _) => ty.as_str(),
        (None, Some(_)) => "object",
        (None, None) => {
            check.error(
                path,
                "missing `type` (string, integer, number, boolean, object, a type name, each with `[]` for arrays and `{}` for maps)",
            );
            return None;
        }
    };
    let (base, wrappers) = split_wrappers(expr);
    let inner = match inline_name(parent, wire, shape, scope.side) {
        Some(name) => {
            if scope.names.contains(&name) {
                named_type(check, scope, path, &name, base, shape, types);
            }
            TypeRef::Named(name)
        }
        None => plain_type(check, scope, path, base, shape)?,
    };
    Some(wrap(inner, &wrappers))
}

/// A type that needs no definition of its own: a scalar, a format, a named type.
fn plain_type<T>(
    check: &mut SpecChecker<'_, T>,
    scope: &Scope<'_>,
    path: &str,
    base: &str,
    shape: &Shape,
) -> Option<TypeRef> {
    if base != "string" {
        string_only_keys(check, path, base, shape);
    }
    match base {
        "string" => string_type(check, scope, path, shape),
        "integer" => Some(TypeRef::Integer),
        "number" => Some(TypeRef::Number),
        "boolean" => Some(TypeRef::Boolean),
        "object" => Some(TypeRef::Json),
        // Where a file may be is checked with the endpoint's locations.
        "file" => Some(TypeRef::File),
        named if scope.names.contains(named) => Some(TypeRef::Named(named.to_owned())),
        rust if rust.starts_with("rust:") => {
            let path_text = rust["rust:".len()..].trim();
            match RustType::parse(path_text) {
                Ok(ty) => Some(TypeRef::Rust(ty)),
                Err(problem) => {
                    check.error(
                        &format!("{path}.type"),
                        format!("{problem} (write e.g. `rust:crate::UserIdType`)"),
                    );
                    None
                }
            }
        }
        unknown => {
            let candidates = SCALARS.iter().copied().chain(scope.names.all());
            check.error_suggest(
                &format!("{path}.type"),
                format!("unknown type `{unknown}`: not a scalar (string, integer, number, boolean, object) nor a type declared in this service"),
                unknown,
                candidates,
            );
            None
        }
    }
}

fn string_only_keys<T>(check: &mut SpecChecker<'_, T>, path: &str, base: &str, shape: &Shape) {
    for (key, given) in [
        ("max_length", shape.max_length.is_some()),
        ("min_length", shape.min_length.is_some()),
        ("forbidden_chars", shape.forbidden_chars.is_some()),
        ("format", shape.format.is_some()),
        ("mac_style", shape.mac_style.is_some()),
    ] {
        if given {
            check.error(
                &format!("{path}.{key}"),
                format!("`{key}` applies to strings, but the type is `{base}`"),
            );
        }
    }
}

fn string_type<T>(check: &mut SpecChecker<'_, T>, scope: &Scope<'_>, path: &str, shape: &Shape) -> Option<TypeRef> {
    let Some(format) = &shape.format else {
        if shape.mac_style.is_some() {
            check.error(&format!("{path}.mac_style"), "`mac_style` needs `format: mac_address`");
        }
        // Constraints on the response side are documented, not enforced.
        return Some(TypeRef::String);
    };
    if has_constraints(shape) {
        check.error(
            path,
            format!("a `{format}` string has a fixed shape; remove the length and character limits"),
        );
    }
    let typed = match format.as_str() {
        "mac_address" => {
            let style = match shape.mac_style.as_deref() {
                Some("colon_lower") => MacStyle::ColonLower,
                Some("dash_upper") => MacStyle::DashUpper,
                Some(other) => {
                    check.error_suggest(
                        &format!("{path}.mac_style"),
                        format!("unknown `mac_style` `{other}`; expected `colon_lower` or `dash_upper`"),
                        other,
                        MAC_STYLES.iter().copied(),
                    );
                    return None;
                }
                None => {
                    check.error(
                        path,
                        "a `mac_address` needs `mac_style: colon_lower` or `mac_style: dash_upper` (the form the vendor documents)",
                    );
                    return None;
                }
            };
            TypeRef::MacAddress(style)
        }
        "yyyyMMdd" => {
            if shape.mac_style.is_some() {
                check.error(&format!("{path}.mac_style"), "`mac_style` needs `format: mac_address`");
            }
            TypeRef::Day
        }
        other => {
            check.error_suggest(
                &format!("{path}.format"),
                format!("unknown format `{other}`; known formats: {}", FORMATS.join(", ")),
                other,
                FORMATS.iter().copied(),
            );
            return None;
        }
    };
    // Values received are kept as the vendor sent them.
    Some(if scope.side == Side::Response {
        TypeRef::String
    } else {
        typed
    })
}

/// Builds the definition of a named enum, object or constrained string.
fn named_type<T>(
    check: &mut SpecChecker<'_, T>,
    scope: &Scope<'_>,
    path: &str,
    name: &str,
    base: &str,
    shape: &Shape,
    types: &mut Vec<TypeDef>,
) {
    let kind = if let Some(values) = &shape.enum_values {
        let repr = match base {
            "integer" => EnumRepr::Integer,
            "string" => EnumRepr::String,
            other => {
                check.error(
                    &format!("{path}.type"),
                    format!("an enum is `type: integer` or `type: string`, not `{other}`"),
                );
                return;
            }
        };
        if shape.fields.is_some() {
            check.error(
                &format!("{path}.fields"),
                "a field is either an enum or an object; remove `enum` or `fields`",
            );
        }
        TypeKind::Enum {
            repr,
            values: enum_values(check, path, repr, values),
        }
    } else if let Some(inner) = &shape.fields {
        if base != "object" {
            check.error(
                &format!("{path}.type"),
                format!("`fields` describe an object; the type is `{base}`"),
            );
        }
        TypeKind::Struct {
            fields: fields(check, scope, &format!("{path}.fields"), name, inner, types),
            deny_unknown: false,
        }
    } else {
        if base != "string" {
            string_only_keys(check, path, base, shape);
        }
        constrained(check, path, shape)
    };
    types.push(TypeDef {
        name: name.to_owned(),
        description: shape.description.clone(),
        kind,
        directions: Directions::NONE,
    });
}

fn constrained<T>(check: &mut SpecChecker<'_, T>, path: &str, shape: &Shape) -> TypeKind {
    if let (Some(min), Some(max)) = (shape.min_length, shape.max_length) {
        if min > max {
            check.error(
                &format!("{path}.min_length"),
                format!("`min_length` {min} is greater than `max_length` {max}"),
            );
        }
    }
    if shape.max_length == Some(0) {
        check.error(
            &format!("{path}.max_length"),
            "`max_length: 0` allows only the empty string; give the real limit",
        );
    }
    let mut forbidden = Vec::new();
    for (i, text) in shape.forbidden_chars.iter().flatten().enumerate() {
        let mut chars = text.chars();
        match (chars.next(), chars.next()) {
            (Some(c), None) => forbidden.push(c),
            _ => check.error(
                &format!("{path}.forbidden_chars[{i}]"),
                format!("{text:?} is not one character; list each forbidden character on its own"),
            ),
        }
    }
    TypeKind::Constrained {
        min_length: shape.min_length,
        max_length: shape.max_length,
        forbidden,
    }
}

fn enum_values<T>(
    check: &mut SpecChecker<'_, T>,
    path: &str,
    repr: EnumRepr,
    values: &[EnumValueSpec],
) -> Vec<EnumValue> {
    if values.is_empty() {
        check.error(&format!("{path}.enum"), "an enum needs at least one value");
    }
    let mut seen_values: HashMap<&CodeValue, usize> = HashMap::new();
    let mut seen_names: HashMap<&str, usize> = HashMap::new();
    let mut out = Vec::new();
    for (i, value) in values.iter().enumerate() {
        let value_path = format!("{path}.enum[{i}]");
        let kind_ok = matches!(
            (&value.value, repr),
            (CodeValue::Int(_), EnumRepr::Integer) | (CodeValue::Str(_), EnumRepr::String)
        );
        if !kind_ok {
            check.error(
                &format!("{value_path}.value"),
                format!(
                    "value {:?} does not match the enum's `type: {}`",
                    value.value,
                    repr_name(repr)
                ),
            );
        }
        if let Some(first) = seen_values.insert(&value.value, i) {
            check.error(
                &format!("{value_path}.value"),
                format!(
                    "duplicate enum value {} (first at `{path}.enum[{first}]`); each value appears once",
                    super::literal(&value.value)
                ),
            );
        }
        if !is_upper_camel(&value.name) {
            check.error(
                &format!("{value_path}.name"),
                format!("variant name `{}` must be UpperCamelCase ASCII", value.name),
            );
        } else if value.name == "Other" {
            check.error(
                &format!("{value_path}.name"),
                "`Other` is the generated fallback for values the spec does not know; choose another name",
            );
        }
        if let Some(first) = seen_names.insert(&value.name, i) {
            check.error(
                &format!("{value_path}.name"),
                format!(
                    "duplicate variant name `{}` (first at `{path}.enum[{first}]`)",
                    value.name
                ),
            );
        }
        out.push(EnumValue {
            value: super::literal(&value.value),
            name: value.name.clone(),
            label: value.label.clone(),
        });
    }
    out
}

fn repr_name(repr: EnumRepr) -> &'static str {
    match repr {
        EnumRepr::Integer => "integer",
        EnumRepr::String => "string",
    }
}
