//! Maps that refuse a key given twice.
//!
//! serde's map impls keep the last of two equal keys without a word, and a
//! spec that names a field twice almost always means two different things.
//! Structs already refuse a repeated field (serde's derive does), and
//! example values are `serde_yaml::Value`s, whose mappings refuse one too;
//! these are for the spec's own `IndexMap`s, through
//! `#[serde(deserialize_with = ..)]`. Only the failure matters here: the
//! loader then re-reads the file with the position index, which names both
//! places.

use std::fmt;
use std::marker::PhantomData;

use indexmap::map::Entry;
use indexmap::IndexMap;
use serde::de::{Deserialize, Deserializer, Error, MapAccess, Visitor};

/// An `IndexMap` in document order; a key given twice is an error.
pub fn map<'de, D, V>(deserializer: D) -> Result<IndexMap<String, V>, D::Error>
where
    D: Deserializer<'de>,
    V: Deserialize<'de>,
{
    deserializer.deserialize_map(UniqueMap(PhantomData))
}

/// [`map`] for an optional map: `null` or absent is `None`.
pub fn optional<'de, D, V>(deserializer: D) -> Result<Option<IndexMap<String, V>>, D::Error>
where
    D: Deserializer<'de>,
    V: Deserialize<'de>,
{
    deserializer.deserialize_option(Optional(PhantomData))
}

struct UniqueMap<V>(PhantomData<V>);

impl<'de, V: Deserialize<'de>> Visitor<'de> for UniqueMap<V> {
    type Value = IndexMap<String, V>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a mapping")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Self::Value, A::Error> {
        // The size hint is the reader's guess; cap it so a lying one costs nothing.
        let mut map = IndexMap::with_capacity(access.size_hint().unwrap_or(0).min(256));
        while let Some(key) = access.next_key::<String>()? {
            match map.entry(key) {
                Entry::Occupied(entry) => {
                    return Err(A::Error::custom(format_args!(
                        "duplicate key `{}`; keep one",
                        entry.key()
                    )));
                }
                Entry::Vacant(entry) => {
                    entry.insert(access.next_value()?);
                }
            }
        }
        Ok(map)
    }
}

struct Optional<V>(PhantomData<V>);

impl<'de, V: Deserialize<'de>> Visitor<'de> for Optional<V> {
    type Value = Option<IndexMap<String, V>>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a mapping or null")
    }

    fn visit_none<E: Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_unit<E: Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        map(deserializer).map(Some)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    struct Doc {
        #[serde(default, deserialize_with = "map")]
        plain: IndexMap<String, u32>,
        #[serde(default, deserialize_with = "optional")]
        maybe: Option<IndexMap<String, u32>>,
    }

    fn parse(text: &str) -> Result<Doc, String> {
        serde_yaml::from_str(text).map_err(|e| e.to_string())
    }

    #[test]
    fn keeps_document_order_and_refuses_a_repeated_key() {
        let doc = parse("plain: {b: 1, a: 2}\nmaybe: {c: 3}\n").unwrap();
        assert_eq!(doc.plain.keys().collect::<Vec<_>>(), ["b", "a"]);
        assert_eq!(doc.maybe.unwrap()["c"], 3);
        for text in ["plain: {a: 1, a: 2}\n", "maybe:\n  x: 1\n  x: 1\n"] {
            let error = parse(text).unwrap_err();
            assert!(error.contains("duplicate key"), "{text}: {error}");
        }
    }

    #[test]
    fn an_optional_map_may_be_absent_or_null() {
        assert!(parse("plain: {}\n").unwrap().maybe.is_none());
        assert!(parse("maybe: null\n").unwrap().maybe.is_none());
        assert!(parse("maybe: 3\n").is_err());
    }
}
