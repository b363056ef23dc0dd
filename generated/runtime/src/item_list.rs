//! Alibaba Cloud RPC lists: `{"DeviceInfo": [...]}` on the wire, `Vec` in Rust.
//!
//! Decoding accepts the wrapped form, a bare array, and `null`, so a reply is
//! not rejected for the shape of a list.

use std::collections::BTreeMap;

use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

#[derive(Deserialize)]
#[serde(untagged)]
enum ListShape<T> {
    Bare(Vec<T>),
    Wrapped(BTreeMap<String, Vec<T>>),
}

fn unwrap_list<T, E: serde::de::Error>(shape: ListShape<T>) -> Result<Vec<T>, E> {
    match shape {
        ListShape::Bare(items) => Ok(items),
        ListShape::Wrapped(map) if map.len() <= 1 => Ok(map.into_values().next().unwrap_or_default()),
        ListShape::Wrapped(map) => Err(E::custom(format!(
            "expected a list wrapped under one key, found keys {:?}",
            map.keys().collect::<Vec<_>>()
        ))),
    }
}

/// A wrapped list as a value of its own, for decoders that read a field's
/// value by type (`object!`): the same shapes as [`deserialize`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct List<T>(pub Vec<T>);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for List<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserialize(deserializer).map(List)
    }
}

/// Decodes a required wrapped list.
pub fn deserialize<'de, D: Deserializer<'de>, T: Deserialize<'de>>(deserializer: D) -> Result<Vec<T>, D::Error> {
    unwrap_list(ListShape::deserialize(deserializer)?)
}

/// Decodes an optional wrapped list.
pub fn deserialize_option<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    deserializer: D,
) -> Result<Option<Vec<T>>, D::Error> {
    match Option::<ListShape<T>>::deserialize(deserializer)? {
        Some(shape) => unwrap_list(shape).map(Some),
        None => Ok(None),
    }
}

/// A list encoded wrapped under its item key: `Wrapped("Tag", &tags)` is
/// `{"Tag": [..]}`, for encoders that write a field's value by type.
#[derive(Debug, Clone, Copy)]
pub struct Wrapped<'a, T>(pub &'static str, pub &'a [T]);

impl<T: Serialize> Serialize for Wrapped<'_, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serialize(self.1, self.0, serializer)
    }
}

/// Encodes a list wrapped under `key`.
pub fn serialize<S: Serializer, T: Serialize>(
    items: &[T],
    key: &'static str,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    let mut map = serializer.serialize_map(Some(1))?;
    map.serialize_entry(key, items)?;
    map.end()
}

/// Encodes an optional list wrapped under `key` (`None` is skipped by the field).
pub fn serialize_option<S: Serializer, T: Serialize>(
    items: &Option<Vec<T>>,
    key: &'static str,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match items {
        Some(items) => serialize(items, key, serializer),
        None => serializer.serialize_none(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize)]
    struct Holder {
        #[serde(default, deserialize_with = "deserialize_option")]
        list: Option<Vec<u8>>,
    }

    #[test]
    fn accepts_wrapped_bare_and_null() {
        for (json, expected) in [
            (r#"{"list": {"Item": [1, 2]}}"#, Some(vec![1, 2])),
            (r#"{"list": [3]}"#, Some(vec![3])),
            (r#"{"list": {}}"#, Some(vec![])),
            (r#"{"list": null}"#, None),
            (r#"{}"#, None),
        ] {
            let holder: Holder = serde_json::from_str(json).unwrap();
            assert_eq!(holder.list, expected, "{json}");
        }
        assert!(serde_json::from_str::<Holder>(r#"{"list": {"A": [1], "B": [2]}}"#).is_err());
        let list: List<u8> = serde_json::from_str(r#"{"Item": [4]}"#).unwrap();
        assert_eq!(list, List(vec![4]));
    }
}
