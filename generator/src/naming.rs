//! Rust names from vendor names: case conversion and keyword escaping.

use heck::{ToSnakeCase, ToUpperCamelCase};
use proc_macro2::{Ident, Span};

/// Keywords that cannot even be raw identifiers.
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate", "_"];

/// All Rust keywords (strict and reserved, 2021 edition).
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern", "false", "fn",
    "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return", "self",
    "Self", "static", "struct", "super", "trait", "true", "try", "type", "unsafe", "use", "where", "while", "abstract",
    "become", "box", "do", "final", "macro", "override", "priv", "typeof", "unsized", "virtual", "yield",
];

/// The snake_case Rust field name for a wire name (`macList` → `mac_list`).
pub fn field_name(wire: &str) -> String {
    let snake = wire.to_snake_case();
    match snake.chars().next() {
        Some(c) if c.is_ascii_digit() => format!("n{snake}"),
        None => "field".to_owned(),
        _ => snake,
    }
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

/// An identifier for `name`, raw (`r#type`) for keywords, `name_` where raw is impossible.
pub fn ident(name: &str) -> Ident {
    if NOT_RAW.contains(&name) {
        Ident::new(&format!("{name}_"), Span::call_site())
    } else if KEYWORDS.contains(&name) {
        Ident::new_raw(name, Span::call_site())
    } else {
        Ident::new(name, Span::call_site())
    }
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
    fn escapes_keywords() {
        assert_eq!(ident("type").to_string(), "r#type");
        assert_eq!(ident("self").to_string(), "self_");
        assert_eq!(ident("os").to_string(), "os");
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
