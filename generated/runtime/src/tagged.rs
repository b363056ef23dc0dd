//! Enums whose variant is chosen by the value of a sibling field (an integer
//! tag such as Feishu's `device_system`), which serde's own internally tagged
//! enums cannot express because their tags must be strings.

use serde::de::{DeserializeOwned, Error as _};
use serde::ser::{Error as _, SerializeMap};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

/// Writes `tag_key: tag` followed by the fields of `fields` as one map.
pub fn serialize<S: Serializer, T: Serialize, F: Serialize>(
    serializer: S,
    tag_key: &'static str,
    tag: T,
    fields: &F,
) -> Result<S::Ok, S::Error> {
    let Value::Object(fields) = serde_json::to_value(fields).map_err(S::Error::custom)? else {
        return Err(S::Error::custom("variant fields must serialize as an object"));
    };
    let mut map = serializer.serialize_map(Some(fields.len() + 1))?;
    map.serialize_entry(tag_key, &tag)?;
    for (key, value) in &fields {
        map.serialize_entry(key, value)?;
    }
    map.end()
}

/// Reads a map, takes out and decodes its tag, and returns the other fields.
pub fn split<'de, D: Deserializer<'de>, T: DeserializeOwned>(
    deserializer: D,
    tag_key: &'static str,
) -> Result<(T, Value), D::Error> {
    let mut map = Map::<String, Value>::deserialize(deserializer)?;
    let tag = map.remove(tag_key).ok_or_else(|| D::Error::missing_field(tag_key))?;
    let tag = T::deserialize(tag).map_err(D::Error::custom)?;
    Ok((tag, Value::Object(map)))
}

/// Decodes a variant's fields from what [`split`] left.
pub fn fields<T: DeserializeOwned, E: serde::de::Error>(rest: Value) -> Result<T, E> {
    T::deserialize(rest).map_err(E::custom)
}

/// The error for a tag value no variant covers.
pub fn unsupported<E: serde::de::Error>(tag_key: &str, tag: impl std::fmt::Debug) -> E {
    E::custom(format!("{tag_key} {tag:?} is not supported by this request"))
}
