//! Rust names from vendor names: case conversion, keywords, and the one
//! rule for characters an identifier cannot hold.
//!
//! Every function here is total: whatever text a vendor writes, the result
//! is an identifier `rustc` accepts, so emitting a name can never fail or
//! panic. The rules, also documented in `api-specs/README.md`:
//!
//! - **Characters.** Names are ASCII. Letters, digits and `_` stay; any
//!   other character becomes `u` and its code point in hex between
//!   underscores (`a-b` → `a_u2d_b`, `数量` → `u6570_u91cf`). A name that
//!   would start with a digit gets an `n` in front (`1st` → `n1st`); an
//!   empty one is `field`.
//! - **Keywords.** A field or method that is a keyword is written raw
//!   (`r#type`); the few keywords that cannot be raw (`self`, `Self`,
//!   `super`, `crate`, `_`) get a `_` after them (`self_`).
//! - **Names the generated code uses.** A type whose name is one the
//!   generated code (or the prelude it relies on) uses — `Result`, `Option`,
//!   `String`, `Vec`, `Box`, `Client`, `Clone`, … — gets a `_` after it
//!   (`Result_`). Spec type names are ASCII letters and digits, so such a
//!   name can never meet another declared name.

use heck::{ToSnakeCase, ToUpperCamelCase};
use proc_macro2::{Ident, Span};

/// Keywords that cannot even be raw identifiers.
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate", "_"];

/// All Rust keywords (strict and reserved, 2021 edition, and `gen` of 2024).
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern", "false", "fn",
    "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return", "self",
    "Self", "static", "struct", "super", "trait", "true", "try", "type", "unsafe", "use", "where", "while", "abstract",
    "become", "box", "do", "final", "macro", "override", "priv", "typeof", "unsized", "virtual", "yield",
];

/// Type names the generated module uses itself, or relies on the prelude
/// for: a spec type of one of these names would shadow it.
const TAKEN_TYPE_NAMES: &[&str] = &[
    // The generated items.
    "Client",
    "CommonError",
    "ServiceError",
    // The prelude (2021), which generated code uses unqualified.
    "AsMut",
    "AsRef",
    "Box",
    "Clone",
    "Copy",
    "Default",
    "DoubleEndedIterator",
    "Drop",
    "Eq",
    "Err",
    "ExactSizeIterator",
    "Extend",
    "Fn",
    "FnMut",
    "FnOnce",
    "From",
    "FromIterator",
    "Into",
    "IntoIterator",
    "Iterator",
    "None",
    "Ok",
    "Option",
    "Ord",
    "PartialEq",
    "PartialOrd",
    "Result",
    "Send",
    "Sized",
    "Some",
    "String",
    "Sync",
    "ToOwned",
    "ToString",
    "TryFrom",
    "TryInto",
    "Unpin",
    "Vec",
];

/// Whether `name` is a keyword.
pub fn is_keyword(name: &str) -> bool {
    KEYWORDS.contains(&name)
}

/// Maps every character an ASCII identifier cannot hold (see the module docs).
pub fn ascii_identifier(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        if c == '_' && out.ends_with('_') {
            // `__` inside a name is not snake case (rustc would warn).
            continue;
        }
        if c.is_ascii_alphanumeric() || c == '_' {
            out.push(c);
        } else {
            if !out.is_empty() && !out.ends_with('_') {
                out.push('_');
            }
            out.push_str(&format!("u{:x}_", u32::from(c)));
        }
    }
    if out.len() > 1 && out.ends_with('_') && !name.ends_with('_') {
        out.pop();
    }
    match out.chars().next() {
        None => "field".to_owned(),
        Some(c) if c.is_ascii_digit() => format!("n{out}"),
        Some(_) => out,
    }
}

/// The snake_case Rust field name for a wire name (`macList` → `mac_list`).
pub fn field_name(wire: &str) -> String {
    ascii_identifier(&wire.to_snake_case())
}

/// The UpperCamel form of a snake_case or wire name.
pub fn type_name(name: &str) -> String {
    name.to_upper_camel_case()
}

/// Whether `name` is a plain UpperCamel identifier (`DeviceStatus`).
pub fn is_upper_camel(name: &str) -> bool {
    name.chars().next().is_some_and(|c| c.is_ascii_uppercase()) && name.chars().all(|c| c.is_ascii_alphanumeric())
}

/// Whether `name` is a plain snake_case identifier (`get_my_device_record`).
pub fn is_snake(name: &str) -> bool {
    name.chars().next().is_some_and(|c| c.is_ascii_lowercase())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// A field, method or function name: raw (`r#type`) for keywords, `name_`
/// where raw is impossible, any other text mapped by [`ascii_identifier`].
pub fn ident(name: &str) -> Ident {
    let name = ascii_identifier(name);
    if NOT_RAW.contains(&name.as_str()) {
        Ident::new(&format!("{name}_"), Span::call_site())
    } else if is_keyword(&name) {
        Ident::new_raw(&name, Span::call_site())
    } else {
        Ident::new(&name, Span::call_site())
    }
}

/// The Rust name of a type: names the generated code uses get a `_` after
/// them (`Result_`), and so does `Self`.
pub fn rust_type_name(name: &str) -> String {
    let name = ascii_identifier(name);
    if TAKEN_TYPE_NAMES.contains(&name.as_str()) || is_keyword(&name) || name == "_" {
        format!("{name}_")
    } else {
        name
    }
}

/// A type's identifier, by [`rust_type_name`].
pub fn type_ident(name: &str) -> Ident {
    Ident::new(&rust_type_name(name), Span::call_site())
}

/// An enum variant's identifier: `Self` (and any other keyword) gets a `_`
/// after it; variants live inside their enum, so they shadow nothing else.
pub fn variant_ident(name: &str) -> Ident {
    let name = ascii_identifier(name);
    if is_keyword(&name) || name == "_" {
        Ident::new(&format!("{name}_"), Span::call_site())
    } else {
        Ident::new(&name, Span::call_site())
    }
}

/// A snake_case spelling of `key` that keeps every distinction, for item
/// names: distinct keys, even ones that differ only in case (`Zone`,
/// `zone`), give distinct names. Lowercase letters and digits stay; `A`
/// becomes `_a`, `_` becomes `_1`, any other character `_0<hex>x`. Every
/// `_` is followed by another character, so the result never holds `__`
/// (which rustc would not call snake case) and reads back one way only.
pub fn case_preserving_snake(key: &str) -> String {
    let mut out = String::with_capacity(key.len() + 4);
    for c in key.chars() {
        match c {
            'a'..='z' | '0'..='9' => out.push(c),
            'A'..='Z' => {
                out.push('_');
                out.push(c.to_ascii_lowercase());
            }
            '_' => out.push_str("_1"),
            other => out.push_str(&format!("_0{:x}x", u32::from(other))),
        }
    }
    out
}

/// A variant name derived from an ASCII error message: its first sentence, in UpperCamel.
///
/// `"Internal server error."` → `InternalServerError`. `None` when the
/// message has no ASCII words (the spec must then give a `name`).
pub fn name_from_message(message: &str) -> Option<String> {
    let sentence = message.split(['.', ',', ':', ';']).next().unwrap_or(message);
    let words: Vec<&str> = sentence
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(6)
        .collect();
    let name = words.join(" ").to_upper_camel_case();
    if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric()) {
        return None;
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        return Some(format!("E{name}"));
    }
    Some(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_wire_names() {
        assert_eq!(field_name("macList"), "mac_list");
        assert_eq!(field_name("RequestId"), "request_id");
        assert_eq!(field_name("device_system"), "device_system");
        assert_eq!(type_name("get_my_device_record"), "GetMyDeviceRecord");
    }

    #[test]
    fn maps_characters_an_identifier_cannot_hold() {
        assert_eq!(field_name("a-b"), "a_b", "heck already splits words at `-`");
        assert_eq!(ascii_identifier("a-b"), "a_u2d_b");
        assert_eq!(field_name("数量"), "u6570_u91cf");
        assert_eq!(field_name("1st"), "n1st");
        assert_eq!(field_name(""), "field");
        assert_eq!(field_name("😀"), "field", "heck keeps only letters and digits");
        assert_eq!(ascii_identifier("😀"), "u1f600");
        assert_eq!(ascii_identifier("$ref"), "u24_ref");
    }

    #[test]
    fn escapes_keywords() {
        assert_eq!(ident("type").to_string(), "r#type");
        assert_eq!(ident("self").to_string(), "self_");
        assert_eq!(ident("os").to_string(), "os");
        assert_eq!(variant_ident("Self").to_string(), "Self_");
        assert_eq!(type_ident("Self").to_string(), "Self_");
    }

    #[test]
    fn types_never_shadow_what_the_generated_code_uses() {
        for taken in [
            "Result",
            "Option",
            "String",
            "Vec",
            "Box",
            "Client",
            "CommonError",
            "Clone",
        ] {
            assert_eq!(rust_type_name(taken), format!("{taken}_"));
        }
        assert_eq!(rust_type_name("DeviceStatus"), "DeviceStatus");
    }

    #[test]
    fn case_only_twins_get_distinct_item_names() {
        assert_eq!(case_preserving_snake("Zone"), "_zone");
        assert_eq!(case_preserving_snake("zone"), "zone");
        assert_ne!(case_preserving_snake("a_b"), case_preserving_snake("aB"));
        assert_eq!(case_preserving_snake("数"), "_06570x");
        assert_eq!(case_preserving_snake("a_B"), "a_1_b");
    }

    #[test]
    fn derives_names_from_ascii_messages_only() {
        assert_eq!(
            name_from_message("Internal server error.").as_deref(),
            Some("InternalServerError")
        );
        assert_eq!(name_from_message("tenant not found").as_deref(), Some("TenantNotFound"));
        assert_eq!(name_from_message("终端不存在"), None);
    }
}
