//! Building the exported documents: they keep the spec's order (services,
//! endpoints, parameters and fields as the specs list them) by being the
//! importers' ordered [`Doc`](crate::import::doc::Doc), which reads and now
//! also writes in order; `serde_json::Value` (sorted keys without
//! `preserve_order`) would not.

use indexmap::IndexMap;

/// The exported documents are built as the importers' ordered document
/// ([`crate::import::doc::Doc`]), which keeps insertion order where
/// `serde_json::Value` (without `preserve_order`) sorts keys.
pub use crate::import::doc::Doc as Json;

/// A JSON object in insertion order.
pub type Obj = IndexMap<String, Json>;

impl Json {
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
    pub fn parse_json(text: &str) -> Option<Json> {
        serde_json::from_str(text).ok()
    }
}

impl From<&str> for Json {
    fn from(s: &str) -> Json {
        Json::String(s.to_owned())
    }
}

impl From<String> for Json {
    fn from(s: String) -> Json {
        Json::String(s)
    }
}

impl From<&String> for Json {
    fn from(s: &String) -> Json {
        Json::String(s.clone())
    }
}

impl From<bool> for Json {
    fn from(b: bool) -> Json {
        Json::Bool(b)
    }
}

impl From<i64> for Json {
    fn from(i: i64) -> Json {
        Json::Number(i.into())
    }
}

impl From<u64> for Json {
    fn from(u: u64) -> Json {
        Json::Number(u.into())
    }
}

impl From<u32> for Json {
    fn from(u: u32) -> Json {
        Json::Number(u.into())
    }
}

impl From<u16> for Json {
    fn from(u: u16) -> Json {
        Json::Number(u.into())
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
    Json::Array(items.into_iter().map(|s| Json::String(s.as_ref().to_owned())).collect())
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
        let back = Json::parse_json(&text).unwrap();
        let keys: Vec<&String> = back.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["z", "a", "m"]);
        assert!(Json::parse_json("{").is_none());
    }
}
