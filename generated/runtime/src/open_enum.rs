//! Open enums: the documented values of a field, plus `Other` for the ones
//! a later version of the vendor's page adds.
//!
//! A generated enum is declared in plain Rust (its variants carry the
//! vendor's docs); its conversions and serde impls come from
//! [`open_enum!`](crate::open_enum), so the generated code holds only the
//! values, and the code around them is written once, here.

/// The conversions of an enum of documented string (`String`) or integer
/// (`i64`) values whose `Other` variant keeps any other value as sent: from
/// and to the wire type, `value()` and `label()`, and its `Serialize` and
/// `Deserialize`, each after the `cfg` attributes it is compiled under.
///
/// ```
/// #[derive(Debug, Clone, PartialEq, Eq, Hash)]
/// pub enum UserIdType {
///     OpenId,
///     UserId,
///     Other(String),
/// }
/// apigen_runtime::open_enum!(
///     UserIdType(String) { OpenId = "open_id", UserId = "user_id" => "用户 ID" }
///     serialize #[cfg(any())] deserialize
/// );
///
/// assert_eq!(UserIdType::from("user_id".to_owned()), UserIdType::UserId);
/// assert_eq!(UserIdType::Other("x".into()).value(), "x");
/// assert_eq!(UserIdType::UserId.label(), Some("用户 ID"));
/// ```
#[doc(hidden)]
#[macro_export]
macro_rules! __apigen_open_enum {
    (
        $name:ident(String) { $($variant:ident = $value:literal $(=> $label:literal)?),* $(,)? }
        $(#[$ser:meta])* serialize $(#[$de:meta])* deserialize
    ) => {
        $(#[$ser])*
        $crate::__apigen_open_enum_serialize!($name, String);
        $(#[$de])*
        $crate::__apigen_open_enum_deserialize!($name, String);
        impl ::core::convert::From<::std::string::String> for $name {
            fn from(value: ::std::string::String) -> Self {
                match value.as_str() {
                    $($value => Self::$variant,)*
                    _ => Self::Other(value),
                }
            }
        }
        impl ::core::convert::From<$name> for ::std::string::String {
            fn from(value: $name) -> Self {
                match value {
                    $name::Other(other) => other,
                    known => ::std::borrow::ToOwned::to_owned(known.value()),
                }
            }
        }
        impl $name {
            /// The value as sent on the wire.
            pub fn value(&self) -> &str {
                match self {
                    $(Self::$variant => $value,)*
                    Self::Other(other) => other,
                }
            }
            $crate::__apigen_open_enum_label!($($variant $(=> $label)?),*);
        }
    };
    (
        $name:ident(i64) { $($variant:ident = $value:literal $(=> $label:literal)?),* $(,)? }
        $(#[$ser:meta])* serialize $(#[$de:meta])* deserialize
    ) => {
        $(#[$ser])*
        $crate::__apigen_open_enum_serialize!($name, i64);
        $(#[$de])*
        $crate::__apigen_open_enum_deserialize!($name, i64);
        impl ::core::convert::From<i64> for $name {
            fn from(value: i64) -> Self {
                match value {
                    $($value => Self::$variant,)*
                    other => Self::Other(other),
                }
            }
        }
        impl ::core::convert::From<$name> for i64 {
            fn from(value: $name) -> Self {
                value.value()
            }
        }
        impl $name {
            /// The value as sent on the wire.
            pub fn value(&self) -> i64 {
                match self {
                    $(Self::$variant => $value,)*
                    Self::Other(other) => *other,
                }
            }
            $crate::__apigen_open_enum_label!($($variant $(=> $label)?),*);
        }
    };
}

/// `label()` of an open enum: the vendor's label of each value, if any.
#[doc(hidden)]
#[macro_export]
macro_rules! __apigen_open_enum_label {
    ($($variant:ident $(=> $label:literal)?),*) => {
        /// The vendor's label for this value.
        pub fn label(&self) -> ::core::option::Option<&'static str> {
            match self {
                $(Self::$variant => $crate::__apigen_open_enum_label!(@one $($label)?),)*
                Self::Other(_) => ::core::option::Option::None,
            }
        }
    };
    (@one $label:literal) => { ::core::option::Option::Some($label) };
    (@one) => { ::core::option::Option::None };
}

/// `Serialize` for an open enum: its wire value.
#[doc(hidden)]
#[macro_export]
macro_rules! __apigen_open_enum_serialize {
    ($name:ident, String) => {
        impl $crate::__serde::Serialize for $name {
            fn serialize<S: $crate::__serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::core::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.value())
            }
        }
    };
    ($name:ident, i64) => {
        impl $crate::__serde::Serialize for $name {
            fn serialize<S: $crate::__serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::core::result::Result<S::Ok, S::Error> {
                serializer.serialize_i64(self.value())
            }
        }
    };
}

/// `Deserialize` for an open enum: any wire value, unknown ones as `Other`.
#[doc(hidden)]
#[macro_export]
macro_rules! __apigen_open_enum_deserialize {
    ($name:ident, $wire:ident) => {
        impl<'de> $crate::__serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::__serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::core::result::Result<Self, D::Error> {
                <$wire as $crate::__serde::Deserialize<'de>>::deserialize(deserializer).map(Self::from)
            }
        }
    };
}

#[cfg(test)]
mod tests {
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub enum Color {
        Red,
        Blue,
        Other(String),
    }
    crate::open_enum!(Color(String) { Red = "red" => "红", Blue = "blue" } serialize deserialize);

    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum Level {
        Low,
        High,
        Other(i64),
    }
    crate::open_enum!(Level(i64) { Low = -1, High = 2 => "高" } serialize deserialize);

    #[test]
    fn known_and_unknown_values_round_trip() {
        let decoded: Vec<Color> = serde_json::from_str(r#"["red","green"]"#).unwrap();
        assert_eq!(decoded, [Color::Red, Color::Other("green".to_owned())]);
        assert_eq!(serde_json::to_string(&decoded).unwrap(), r#"["red","green"]"#);
        assert_eq!(String::from(Color::Blue), "blue");
        assert_eq!((Color::Red.label(), Color::Blue.label()), (Some("红"), None));

        let decoded: Vec<Level> = serde_json::from_str("[-1, 2, 7]").unwrap();
        assert_eq!(decoded, [Level::Low, Level::High, Level::Other(7)]);
        assert_eq!(serde_json::to_string(&decoded).unwrap(), "[-1,2,7]");
        assert_eq!((i64::from(Level::High), Level::High.label()), (2, Some("高")));
        assert!(
            serde_json::from_str::<Level>(r#""2""#).is_err(),
            "an integer enum takes integers"
        );
    }
}
