//! A generated struct as a JSON object, both ways, with one small impl per
//! direction.
//!
//! `#[derive(Deserialize)]` writes, per struct, a field enum with three
//! visitors, a sequence visitor and a map visitor: measured on Feishu's
//! `corehr` service, response structs' derived `Deserialize` was two thirds
//! of what the service cost to type-check. A client decodes only JSON
//! objects, so [`object!`](crate::object) writes only a map visitor: keys
//! found by binary search in a sorted table, values decoded straight into
//! the fields, unknown keys skipped, a missing required field serde's
//! `missing_field` error; and its `Serialize` writes the fields in order,
//! skipping `None`s, so the struct's fields carry no serde attributes.
//! Structs that need more of serde (flattened groups, aliases, rejecting
//! unknown keys) still derive.

use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, Error, Visitor};

/// Reads an object key as the index of the field it names, or `None` for a
/// key the struct does not have.
#[derive(Clone, Copy)]
pub struct Key {
    /// Every field's key, in declaration order.
    pub keys: &'static [&'static str],
    /// Indices into `keys`, sorted by key, for the binary search.
    pub order: &'static [u16],
}

impl Key {
    fn find(self, key: &str) -> Option<u16> {
        let at = |i: u16| self.keys.get(usize::from(i)).copied().unwrap_or_default();
        let i = self.order.binary_search_by(|&i| at(i).cmp(key)).ok()?;
        self.order.get(i).copied()
    }
}

impl<'de> DeserializeSeed<'de> for Key {
    type Value = Option<u16>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl Visitor<'_> for Key {
    type Value = Option<u16>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object key")
    }

    fn visit_str<E: Error>(self, key: &str) -> Result<Self::Value, E> {
        Ok(self.find(key))
    }

    fn visit_bytes<E: Error>(self, key: &[u8]) -> Result<Self::Value, E> {
        Ok(std::str::from_utf8(key).ok().and_then(|key| self.find(key)))
    }
}

/// A required field's value, or serde's "missing field" error.
pub fn required<T, E: Error>(value: Option<T>, key: &'static str) -> Result<T, E> {
    value.ok_or_else(|| E::missing_field(key))
}

/// `Deserialize` and `Serialize` for a generated struct whose fields each
/// have a key of their own.
///
/// `Name { 0 opt "key" field, .. } order [..] serialize deserialize` lists
/// the fields in declaration order, each with its index, its kind and its
/// key; `order` is the fields' indices sorted by key. The kinds are `req`
/// (required), `opt` (an `Option`), and `[list_req "Item"]` /
/// `[list_opt "Item"]` for an Alibaba Cloud wrapped list (`{"Item": [..]}`,
/// see [`crate::item_list`]).
///
/// Decoding is one map visitor: keys are found by binary search, unknown
/// keys are skipped, a key that appears twice keeps its last value, and a
/// missing required field is serde's `missing_field` error. Encoding skips
/// `None`s and wraps lists again, so what is sent decodes back to the same
/// value. Either direction may carry a `#[cfg(..)]` (the direction only
/// tests need); it is then a separate invocation under that `cfg`, which a
/// build without it does not even expand.
#[doc(hidden)]
#[macro_export]
macro_rules! __apigen_object {
    ($name:ident $fields:tt order $order:tt $(#[$serialize:meta])? serialize $(#[$deserialize:meta])? deserialize) => {
        $(#[$serialize])?
        $crate::__apigen_object!(@serialize $name $fields);
        $(#[$deserialize])?
        $crate::__apigen_object!(@deserialize $name $fields $order);
    };
    (@deserialize $name:ident { $($index:literal $kind:tt $key:literal $field:ident),* $(,)? } [$($at:literal),* $(,)?]) => {
        impl<'de> $crate::__serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::__serde::Deserializer<'de>>(deserializer: D) -> ::core::result::Result<Self, D::Error> {
                struct __ApigenVisitor;
                impl<'de> $crate::__serde::de::Visitor<'de> for __ApigenVisitor {
                    type Value = $name;
                    fn expecting(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                        f.write_str(::core::concat!("an object (", ::core::stringify!($name), ")"))
                    }
                    #[allow(unused_mut)]
                    fn visit_map<A: $crate::__serde::de::MapAccess<'de>>(self, mut map: A) -> ::core::result::Result<$name, A::Error> {
                        $(let mut $field = ::core::option::Option::None;)*
                        let keys = $crate::object::Key { keys: &[$($key),*], order: &[$($at),*] };
                        while let ::core::option::Option::Some(key) = map.next_key_seed(keys)? {
                            match key {
                                $(::core::option::Option::Some($index) => $crate::__apigen_object!(@take $kind $field map),)*
                                _ => {
                                    map.next_value::<$crate::__serde::de::IgnoredAny>()?;
                                }
                            }
                        }
                        ::core::result::Result::Ok($name {
                            $($field: $crate::__apigen_object!(@finish $kind $field $key),)*
                        })
                    }
                }
                deserializer.deserialize_map(__ApigenVisitor)
            }
        }
    };
    (@serialize $name:ident { $($index:literal $kind:tt $key:literal $field:ident),* $(,)? }) => {
        impl $crate::__serde::Serialize for $name {
            fn serialize<S: $crate::__serde::Serializer>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error> {
                use $crate::__serde::ser::SerializeStruct as _;
                let fields: &[u16] = &[$($index),*];
                #[allow(unused_mut)]
                let mut object = serializer.serialize_struct(::core::stringify!($name), fields.len())?;
                $($crate::__apigen_object!(@put $kind object $key (&self.$field));)*
                object.end()
            }
        }
    };
    (@take req $field:ident $map:ident) => { $field = ::core::option::Option::Some($map.next_value()?) };
    (@take opt $field:ident $map:ident) => { $field = $map.next_value()? };
    (@take [list_req $item:literal] $field:ident $map:ident) => {
        $field = ::core::option::Option::Some($map.next_value::<$crate::item_list::List<_>>()?.0)
    };
    (@take [list_opt $item:literal] $field:ident $map:ident) => {
        $field = $map.next_value::<::core::option::Option<$crate::item_list::List<_>>>()?.map(|list| list.0)
    };
    (@finish req $field:ident $key:literal) => { $crate::object::required($field, $key)? };
    (@finish opt $field:ident $key:literal) => { $field };
    (@finish [list_req $item:literal] $field:ident $key:literal) => { $crate::object::required($field, $key)? };
    (@finish [list_opt $item:literal] $field:ident $key:literal) => { $field };
    (@put req $object:ident $key:literal $value:expr) => { $object.serialize_field($key, $value)? };
    (@put opt $object:ident $key:literal $value:expr) => {
        match $value {
            ::core::option::Option::Some(value) => $object.serialize_field($key, value)?,
            ::core::option::Option::None => $object.skip_field($key)?,
        }
    };
    (@put [list_req $item:literal] $object:ident $key:literal $value:expr) => {
        $object.serialize_field($key, &$crate::item_list::Wrapped($item, $value))?
    };
    (@put [list_opt $item:literal] $object:ident $key:literal $value:expr) => {
        match $value {
            ::core::option::Option::Some(items) => $object.serialize_field($key, &$crate::item_list::Wrapped($item, items))?,
            ::core::option::Option::None => $object.skip_field($key)?,
        }
    };
}

#[cfg(test)]
mod tests {
    #[derive(Debug, PartialEq)]
    struct Inner {
        r#type: String,
    }
    crate::object!(Inner { 0 req "type" r#type } order [0] serialize deserialize);

    #[derive(Debug, PartialEq)]
    struct Lists {
        tags: Vec<String>,
        zones: Option<Vec<i64>>,
    }
    crate::object!(Lists { 0 [list_req "Tag"] "Tags" tags, 1 [list_opt "Zone"] "Zones" zones } order [0, 1] #[cfg(test)] serialize deserialize);

    #[test]
    fn wrapped_lists_unwrap() {
        let lists: Lists = serde_json::from_str(r#"{"Tags": {"Tag": ["a"]}, "Zones": null}"#).unwrap();
        assert_eq!(
            lists,
            Lists {
                tags: vec!["a".to_owned()],
                zones: None
            }
        );
        let lists: Lists = serde_json::from_str(r#"{"Tags": [], "Zones": {"Zone": [1, 2]}}"#).unwrap();
        assert_eq!(lists.zones, Some(vec![1, 2]));
        assert!(
            serde_json::from_str::<Lists>(r#"{"Zones": []}"#).is_err(),
            "Tags is required"
        );
    }

    #[derive(Debug, PartialEq)]
    struct Empty {}
    crate::object!(Empty {} order [] #[cfg(test)] serialize deserialize);

    #[derive(Debug, PartialEq)]
    struct Outer {
        id: i64,
        name: Option<String>,
        map: Option<Box<Inner>>,
        items: Option<Vec<Inner>>,
    }
    crate::object!(Outer {
        0 req "Id" id,
        1 opt "name" name,
        2 opt "map" map,
        3 opt "items" items,
    } order [0, 3, 2, 1] serialize #[cfg(test)] deserialize);

    #[test]
    fn serialize_skips_nones_and_wraps_lists_so_the_json_decodes_back() {
        let outer = Outer {
            id: 3,
            name: None,
            map: Some(Box::new(Inner { r#type: "t".to_owned() })),
            items: Some(vec![]),
        };
        let json = serde_json::to_value(&outer).unwrap();
        assert_eq!(json, serde_json::json!({"Id": 3, "map": {"type": "t"}, "items": []}));
        assert_eq!(serde_json::from_value::<Outer>(json).unwrap(), outer);
        let lists = Lists {
            tags: vec!["a".to_owned()],
            zones: None,
        };
        let json = serde_json::to_value(&lists).unwrap();
        assert_eq!(json, serde_json::json!({"Tags": {"Tag": ["a"]}}));
        assert_eq!(serde_json::from_value::<Lists>(json).unwrap(), lists);
        let zones = serde_json::to_value(Lists {
            tags: vec![],
            zones: Some(vec![1]),
        })
        .unwrap();
        assert_eq!(zones, serde_json::json!({"Tags": {"Tag": []}, "Zones": {"Zone": [1]}}));
    }

    #[test]
    fn an_object_without_fields_skips_every_key() {
        assert_eq!(serde_json::from_str::<Empty>(r#"{"x": {"y": [1]}}"#).unwrap(), Empty {});
    }

    #[test]
    fn decodes_known_keys_and_skips_the_rest() {
        let outer: Outer = serde_json::from_str(
            r#"{"name": null, "extra": {"deep": [1, 2]}, "Id": 7, "map": {"type": "t", "more": 1}, "items": [{"type": "a"}]}"#,
        )
        .unwrap();
        assert_eq!(
            outer,
            Outer {
                id: 7,
                name: None,
                map: Some(Box::new(Inner { r#type: "t".to_owned() })),
                items: Some(vec![Inner { r#type: "a".to_owned() }]),
            }
        );
    }

    #[test]
    fn reports_missing_and_mistyped_fields() {
        let missing = serde_json::from_str::<Outer>(r#"{"name": "x"}"#).unwrap_err();
        assert!(missing.to_string().contains("missing field `Id`"), "{missing}");
        let mistyped = serde_json::from_str::<Outer>(r#"{"Id": "seven"}"#).unwrap_err();
        assert!(mistyped.to_string().contains("invalid type"), "{mistyped}");
        let not_object = serde_json::from_str::<Outer>("[1]").unwrap_err();
        assert!(not_object.to_string().contains("an object (Outer)"), "{not_object}");
        // From a `serde_json::Value`, as replies are decoded.
        let value = serde_json::json!({"Id": 1, "name": "n"});
        let outer: Outer = serde_json::from_value(value).unwrap();
        assert_eq!(outer.name.as_deref(), Some("n"));
    }

    #[test]
    fn ignored_keys_are_visible_to_serde_ignored() {
        let mut unknown = Vec::new();
        let json = serde_json::json!({"Id": 1, "extra": 2, "map": {"type": "t", "deeper": 3}});
        let _: Outer = serde_ignored::deserialize(json, |path| unknown.push(path.to_string())).unwrap();
        unknown.sort();
        // `?` is serde_ignored's step into an `Option`, as with derived impls.
        assert_eq!(unknown, ["extra", "map.?.deeper"]);
    }
}
