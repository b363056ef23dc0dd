//! An ordered JSON value: the exported documents keep the spec's order
//! (services, endpoints, parameters and fields as the specs list them), which
//! `serde_json::Value` (sorted keys without `preserve_order`) would not.

use indexmap::IndexMap;
use serde::Serialize;

/// A JSON value whose objects keep their insertion order.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Json {
    /// `null`.
    Null,
    /// `true` / `false`.
    Bool(bool),
    /// A signed integer.
    Int(i64),
    /// An unsigned integer.
    UInt(u64),
    /// A floating-point number (always finite: JSON has no other).
    Float(f64),
    /// A string.
    Str(String),
    /// A list.
    Array(Vec<Json>),
    /// An object, in insertion order.
    Object(Obj),
}

/// A JSON object in insertion order.
pub type Obj = IndexMap<String, Json>;

impl Json {
    /// The object, if this is one.
    pub fn as_object(&self) -> Option<&Obj> {
        match self {
            Json::Object(map) => Some(map),
            _ => None,
        }
    }

    /// The value at `key`, if this is an object that has it.
    pub fn get(&self, key: &str) -> Option<&Json> {
        self.as_object().and_then(|map| map.get(key))
    }

    /// As a `serde_json::Value` (for tests and callers that query it; key order is lost).
    pub fn to_value(&self) -> serde_json::Value {
        serde_json::to_value(self).unwrap_or(serde_json::Value::Null)
    }

    /// Pretty-printed text (two-space indents) with a final newline.
    pub fn to_pretty(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).unwrap_or_default();
        text.push('\n');
        text
    }

    /// The value read from JSON text, keeping its key order, or `None` when it is not JSON.
    pub fn parse(text: &str) -> Option<Json> {
        let doc: crate::import::doc::Doc = serde_json::from_str(text).ok()?;
        Some(Json::from_doc(&doc))
    }

    fn from_doc(doc: &crate::import::doc::Doc) -> Json {
        use crate::import::doc::Doc;
        match doc {
            Doc::Null => Json::Null,
            Doc::Bool(b) => Json::Bool(*b),
            Doc::Number(n) => match (n.as_i64(), n.as_u64(), n.as_f64()) {
                (Some(i), _, _) => Json::Int(i),
                (None, Some(u), _) => Json::UInt(u),
                (None, None, Some(f)) if f.is_finite() => Json::Float(f),
                _ => Json::Null,
            },
            Doc::String(s) => Json::Str(s.clone()),
            Doc::Array(items) => Json::Array(items.iter().map(Json::from_doc).collect()),
            Doc::Object(map) => Json::Object(map.iter().map(|(k, v)| (k.clone(), Json::from_doc(v))).collect()),
        }
    }
}

impl From<&str> for Json {
    fn from(s: &str) -> Json {
        Json::Str(s.to_owned())
    }
}

impl From<String> for Json {
    fn from(s: String) -> Json {
        Json::Str(s)
    }
}

impl From<&String> for Json {
    fn from(s: &String) -> Json {
        Json::Str(s.clone())
    }
}

impl From<bool> for Json {
    fn from(b: bool) -> Json {
        Json::Bool(b)
    }
}

impl From<i64> for Json {
    fn from(i: i64) -> Json {
        Json::Int(i)
    }
}

impl From<u64> for Json {
    fn from(u: u64) -> Json {
        Json::UInt(u)
    }
}

impl From<u32> for Json {
    fn from(u: u32) -> Json {
        Json::UInt(u.into())
    }
}

impl From<u16> for Json {
    fn from(u: u16) -> Json {
        Json::UInt(u.into())
    }
}

impl From<Vec<Json>> for Json {
    fn from(items: Vec<Json>) -> Json {
        Json::Array(items)
    }
}

impl From<Obj> for Json {
    fn from(map: Obj) -> Json {
        Json::Object(map)
    }
}

/// Building objects: `obj.put("type", "string")`.
pub trait Put {
    /// Sets `key` to `value` (replacing an earlier value in its place).
    fn put(&mut self, key: &str, value: impl Into<Json>) -> &mut Self;
    /// Sets `key` when `value` is `Some`.
    fn put_some<V: Into<Json>>(&mut self, key: &str, value: Option<V>) -> &mut Self;
}

impl Put for Obj {
    fn put(&mut self, key: &str, value: impl Into<Json>) -> &mut Self {
        self.insert(key.to_owned(), value.into());
        self
    }

    fn put_some<V: Into<Json>>(&mut self, key: &str, value: Option<V>) -> &mut Self {
        if let Some(value) = value {
            self.insert(key.to_owned(), value.into());
        }
        self
    }
}

/// A list of strings as JSON.
pub fn strings<S: AsRef<str>>(items: impl IntoIterator<Item = S>) -> Json {
    Json::Array(items.into_iter().map(|s| Json::Str(s.as_ref().to_owned())).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn objects_keep_their_order_and_text_parses_back_in_order() {
        let mut o = Obj::new();
        o.put("z", 1i64).put("a", "x").put("m", Json::Null);
        let text = Json::Object(o).to_pretty();
        assert_eq!(text, "{\n  \"z\": 1,\n  \"a\": \"x\",\n  \"m\": null\n}\n");
        let back = Json::parse(&text).unwrap();
        let keys: Vec<&String> = back.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["z", "a", "m"]);
        assert!(Json::parse("{").is_none());
    }
}
