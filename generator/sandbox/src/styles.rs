//! Reading back the query and form parameters Alibaba Cloud's styles
//! spread out (`Tag.1.Key=a&Tag.1.Value=b`, `SystemDisk.Category=x`, JSON
//! text, `a,b,c`), into the JSON value the request field holds, so the
//! request checks see typed values as they do for a JSON body. Leaves are
//! typed by the field's type (`1` for an integer, `true` for a boolean); a
//! leaf that does not parse stays text, which the checks then refuse.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use crate::TypeLookup;
use apigen::model::{EnumRepr, ParamStyle, TypeKind, TypeRef};

/// The value the pairs in `sent` give the parameter `wire` written in
/// `style`, or `None` when none of them is about it.
pub fn read(
    types: TypeLookup<'_>,
    ty: &TypeRef,
    wire: &str,
    style: ParamStyle,
    sent: &[&(String, String)],
) -> Option<Value> {
    let own = || sent.iter().find(|(k, _)| k == wire).map(|(_, v)| v.as_str());
    match style {
        ParamStyle::Plain => None,
        ParamStyle::Json => {
            own().map(|text| serde_json::from_str(text).unwrap_or_else(|_| Value::String(text.to_owned())))
        }
        ParamStyle::Simple => own().map(|text| {
            let item = match ty {
                TypeRef::Array(item) => item.as_ref(),
                other => other,
            };
            Value::Array(text.split(',').map(|part| leaf(types, item, part)).collect())
        }),
        ParamStyle::RepeatList | ParamStyle::Flat => {
            let prefix = format!("{wire}.");
            let entries: Vec<(&str, &str)> = sent
                .iter()
                .filter_map(|(k, v)| k.strip_prefix(&prefix).map(|rest| (rest, v.as_str())))
                .collect();
            (!entries.is_empty()).then(|| unflatten(types, ty, &entries, 0))
        }
    }
}

/// Deeper than any vendor nests parameters; a cycle of types stops here.
const MAX_DEPTH: usize = 16;

/// The value of `entries` (paths below this level, and their texts) as `ty`.
fn unflatten(types: TypeLookup<'_>, ty: &TypeRef, entries: &[(&str, &str)], depth: usize) -> Value {
    if depth > MAX_DEPTH {
        return Value::Null;
    }
    let groups = || {
        let mut groups: BTreeMap<&str, Vec<(&str, &str)>> = BTreeMap::new();
        for (path, text) in entries {
            let (head, rest) = path.split_once('.').unwrap_or((path, ""));
            groups.entry(head).or_default().push((rest, *text));
        }
        groups
    };
    match ty {
        TypeRef::Array(item) => {
            let mut numbered: Vec<(usize, Value)> = Vec::new();
            for (index, group) in groups() {
                match index.parse::<usize>() {
                    Ok(n) if n >= 1 => numbered.push((n, unflatten(types, item, &group, depth + 1))),
                    // Not `Name.<n>`: not an array as the style writes one.
                    _ => return Value::String(index.to_owned()),
                }
            }
            numbered.sort_by_key(|(n, _)| *n);
            Value::Array(numbered.into_iter().map(|(_, v)| v).collect())
        }
        TypeRef::Map(item) => object(groups(), |_| Some(item.as_ref()), types, depth),
        TypeRef::Named(name) => match types.get(name).map(|t| &t.kind) {
            Some(TypeKind::Struct { fields, .. }) => object(
                groups(),
                |key| fields.iter().find(|f| f.wire == key).map(|f| &f.ty),
                types,
                depth,
            ),
            _ => text_leaf(types, ty, entries),
        },
        TypeRef::Json | TypeRef::Rust(_) => object(groups(), |_| None, types, depth),
        _ => text_leaf(types, ty, entries),
    }
}

/// An object from groups of entries, each key's value typed by `field_type`
/// (untyped keys are kept as text and nested objects).
fn object<'t>(
    groups: BTreeMap<&str, Vec<(&str, &str)>>,
    field_type: impl Fn(&str) -> Option<&'t TypeRef>,
    types: TypeLookup<'_>,
    depth: usize,
) -> Value {
    let mut map = Map::new();
    for (key, group) in groups {
        let value = match field_type(key) {
            Some(ty) => unflatten(types, ty, &group, depth + 1),
            None => match group.as_slice() {
                [("", text)] => Value::String((*text).to_owned()),
                _ => unflatten(types, &TypeRef::Json, &group, depth + 1),
            },
        };
        map.insert(key.to_owned(), value);
    }
    Value::Object(map)
}

/// The leaf at this level (an entry with no path left), typed.
fn text_leaf(types: TypeLookup<'_>, ty: &TypeRef, entries: &[(&str, &str)]) -> Value {
    match entries.iter().find(|(path, _)| path.is_empty()) {
        Some((_, text)) => leaf(types, ty, text),
        // Nested keys where a scalar was expected: the style was not followed.
        None => Value::Object(Map::new()),
    }
}

/// One text typed as `ty` would be in JSON; text that does not parse stays text.
fn leaf(types: TypeLookup<'_>, ty: &TypeRef, text: &str) -> Value {
    let as_text = || Value::String(text.to_owned());
    match ty {
        TypeRef::Integer => text.trim().parse::<i64>().map_or_else(|_| as_text(), Value::from),
        TypeRef::Number => text
            .trim()
            .parse::<f64>()
            .ok()
            .and_then(serde_json::Number::from_f64)
            .map_or_else(as_text, Value::Number),
        TypeRef::Boolean => match text {
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            _ => as_text(),
        },
        TypeRef::Named(name) => match types.get(name).map(|t| &t.kind) {
            Some(TypeKind::Enum {
                repr: EnumRepr::Integer,
                ..
            }) => text.trim().parse::<i64>().map_or_else(|_| as_text(), Value::from),
            _ => as_text(),
        },
        _ => as_text(),
    }
}
