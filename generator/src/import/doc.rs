//! A JSON or YAML document read in its own key order, so that an import
//! lists paths, operations and properties as the vendor wrote them (and the
//! same input always gives the same specs).

use std::fmt;

use indexmap::IndexMap;
use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};

/// A document node.
#[derive(Debug, Clone, PartialEq)]
pub enum Doc {
    /// `null`.
    Null,
    /// `true` / `false`.
    Bool(bool),
    /// A number, as text-faithful as serde_json keeps it.
    Number(serde_json::Number),
    /// A string.
    String(String),
    /// A list.
    Array(Vec<Doc>),
    /// A mapping, in document order.
    Object(IndexMap<String, Doc>),
}

/// Written back in the same order, so a document built as a `Doc` (the
/// OpenAPI export's) keeps the order it was built in.
impl Serialize for Doc {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Doc::Null => serializer.serialize_unit(),
            Doc::Bool(b) => serializer.serialize_bool(*b),
            Doc::Number(n) => n.serialize(serializer),
            Doc::String(s) => serializer.serialize_str(s),
            Doc::Array(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            Doc::Object(map) => {
                let mut out = serializer.serialize_map(Some(map.len()))?;
                for (key, value) in map {
                    out.serialize_entry(key, value)?;
                }
                out.end()
            }
        }
    }
}

impl Doc {
    /// The value at `key`, if this is a mapping that has it.
    pub fn get(&self, key: &str) -> Option<&Doc> {
        match self {
            Doc::Object(map) => map.get(key),
            _ => None,
        }
    }

    /// The text, if this is a string.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Doc::String(s) => Some(s),
            _ => None,
        }
    }

    /// The text at `key`.
    pub fn str_at(&self, key: &str) -> Option<&str> {
        self.get(key).and_then(Doc::as_str)
    }

    /// The mapping, if this is one.
    pub fn as_object(&self) -> Option<&IndexMap<String, Doc>> {
        match self {
            Doc::Object(map) => Some(map),
            _ => None,
        }
    }

    /// The list, if this is one (empty otherwise).
    pub fn items(&self) -> &[Doc] {
        match self {
            Doc::Array(items) => items,
            _ => &[],
        }
    }

    /// The boolean, if this is one.
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Doc::Bool(b) => Some(*b),
            _ => None,
        }
    }

    /// A non-negative integer, from a number or a string of digits (vendors write both).
    pub fn as_u64(&self) -> Option<u64> {
        match self {
            Doc::Number(n) => n.as_u64(),
            Doc::String(s) => s.trim().parse().ok(),
            _ => None,
        }
    }

    /// The value as JSON text-like scalar: strings as they are, numbers and booleans printed.
    pub fn scalar_text(&self) -> Option<String> {
        match self {
            Doc::String(s) => Some(s.clone()),
            Doc::Number(n) => Some(n.to_string()),
            Doc::Bool(b) => Some(b.to_string()),
            _ => None,
        }
    }
}

impl<'de> Deserialize<'de> for Doc {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Doc, D::Error> {
        deserializer.deserialize_any(DocVisitor)
    }
}

struct DocVisitor;

impl<'de> Visitor<'de> for DocVisitor {
    type Value = Doc;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON or YAML value")
    }

    fn visit_unit<E>(self) -> Result<Doc, E> {
        Ok(Doc::Null)
    }

    fn visit_none<E>(self) -> Result<Doc, E> {
        Ok(Doc::Null)
    }

    fn visit_bool<E>(self, v: bool) -> Result<Doc, E> {
        Ok(Doc::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Doc, E> {
        Ok(Doc::Number(v.into()))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Doc, E> {
        Ok(Doc::Number(v.into()))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Doc, E> {
        Ok(serde_json::Number::from_f64(v).map_or(Doc::Null, Doc::Number))
    }

    fn visit_str<E>(self, v: &str) -> Result<Doc, E> {
        Ok(Doc::String(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Doc, E> {
        Ok(Doc::String(v))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Doc, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1024));
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Doc::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Doc, A::Error> {
        let mut map = IndexMap::with_capacity(access.size_hint().unwrap_or(0).min(1024));
        while let Some((key, value)) = access.next_entry::<DocKey, Doc>()? {
            map.insert(key.0, value);
        }
        Ok(Doc::Object(map))
    }
}

/// A mapping key: YAML allows numbers and booleans as keys (`200:`), which
/// OpenAPI means as text.
struct DocKey(String);

impl<'de> Deserialize<'de> for DocKey {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<DocKey, D::Error> {
        match Doc::deserialize(deserializer)? {
            Doc::String(s) => Ok(DocKey(s)),
            other => Ok(DocKey(other.scalar_text().unwrap_or_default())),
        }
    }
}

/// Parses JSON, or YAML when the text is not JSON.
pub fn parse(text: &str) -> Result<Doc, String> {
    match serde_json::from_str::<Doc>(text) {
        Ok(doc) => Ok(doc),
        Err(json) if text.trim_start().starts_with(['{', '[']) => Err(format!("not valid JSON: {json}")),
        Err(_) => serde_yaml::from_str::<Doc>(text).map_err(|e| format!("not valid JSON or YAML: {e}")),
    }
}
