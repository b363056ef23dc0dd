//! The naming rules of the page importer, documented in the README.
//!
//! - **Endpoint id**: the HTTP method in lower case, then the path's
//!   segments after `/open-apis/`, without version segments (`v1`, `v2`),
//!   with the resource left out where it only repeats the domain
//!   (`verification/v1/verification`), and a placeholder `:id` / `{id}` as
//!   `by_id`; all in snake_case (`GET /open-apis/verification/v1/verification`
//!   → `get_verification`).
//! - **Enum variants**: a value's label when the label is ASCII, in
//!   UpperCamelCase (`macOS` → `MacOs`); otherwise a name made from the
//!   value (`0` → `V0`, `-1` → `VMinus1`, `open_id` → `OpenId`), which is reported as
//!   invented. Names are made unique with `2`, `3`, … and `Other` (reserved)
//!   becomes `OtherValue`.
//! - **Example names**: the page's comment above an example, lower case,
//!   ASCII letters and digits with `_` between words (`OpenHarmony` →
//!   `openharmony`); `request`, `request_2`, … when it has none.

use std::collections::HashSet;

use crate::naming::{ascii_identifier, field_name, is_snake, is_upper_camel, type_name};

/// The endpoint id for `method` and `path` (see the module docs).
pub fn endpoint_id(method: &str, path: &str) -> String {
    let rest = path.trim_start_matches('/');
    let rest = rest.strip_prefix("open-apis/").unwrap_or(rest);
    let mut parts: Vec<String> = vec![method.to_ascii_lowercase()];
    let mut previous: Option<String> = None;
    for segment in rest.split('/').filter(|s| !s.is_empty()) {
        if is_version(segment) {
            continue;
        }
        let part = match placeholder(segment) {
            Some(name) => format!("by_{}", field_name(name)),
            None => field_name(segment),
        };
        if previous.as_deref() == Some(part.as_str()) {
            continue;
        }
        previous = Some(part.clone());
        parts.push(part);
    }
    let id = parts.join("_");
    let id = ascii_identifier(&id).to_ascii_lowercase();
    if is_snake(&id) {
        id
    } else {
        format!("endpoint_{id}")
    }
}

/// `v1`, `v2`, `v10`.
fn is_version(segment: &str) -> bool {
    segment
        .strip_prefix('v')
        .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
}

/// `:chat_id` or `{chat_id}` → `chat_id`.
pub fn placeholder(segment: &str) -> Option<&str> {
    segment
        .strip_prefix(':')
        .or_else(|| segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')))
        .filter(|s| !s.is_empty())
}

/// Variant names for `(value, label)` entries, and whether any was invented
/// (see the module docs).
pub fn variant_names(entries: &[(String, Option<String>)]) -> (Vec<String>, bool) {
    let mut taken = HashSet::new();
    let mut invented = false;
    let names = entries
        .iter()
        .map(|(value, label)| {
            let from_label = label
                .as_deref()
                .filter(|l| l.is_ascii() && l.chars().any(|c| c.is_ascii_alphabetic()))
                .map(|l| ascii_identifier(&type_name(l)))
                .filter(|n| is_upper_camel(n));
            let mut base = match from_label {
                Some(name) => name,
                None => {
                    invented = true;
                    let mut name = match value.parse::<i64>() {
                        Ok(n) if n < 0 => format!("VMinus{}", n.unsigned_abs()),
                        Ok(n) => format!("V{n}"),
                        Err(_) => ascii_identifier(&type_name(value)),
                    };
                    if !is_upper_camel(&name) {
                        name = format!("V{name}");
                    }
                    if !is_upper_camel(&name) {
                        name = "Value".to_owned();
                    }
                    name
                }
            };
            if base == "Other" {
                base = "OtherValue".to_owned();
            }
            let mut name = base.clone();
            let mut n = 2u32;
            while !taken.insert(name.to_lowercase()) {
                name = format!("{base}{n}");
                n = n.saturating_add(1);
            }
            name
        })
        .collect();
    (names, invented)
}

/// An example's name from the page's words about it, unique in `taken`.
pub fn example_name(label: Option<&str>, fallback: &str, taken: &mut HashSet<String>) -> String {
    let mut words: Vec<String> = Vec::new();
    let mut word = String::new();
    for c in label.unwrap_or("").chars() {
        if c.is_ascii_alphanumeric() {
            word.push(c.to_ascii_lowercase());
        } else if !word.is_empty() {
            words.push(std::mem::take(&mut word));
        }
    }
    if !word.is_empty() {
        words.push(word);
    }
    let mut base = words.join("_");
    if !is_snake(&base) {
        base = fallback.to_owned();
    }
    let mut name = base.clone();
    let mut n = 2u32;
    while !taken.insert(name.clone()) {
        name = format!("{base}_{n}");
        n = n.saturating_add(1);
    }
    name
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_from_method_and_path() {
        assert_eq!(
            endpoint_id("GET", "/open-apis/verification/v1/verification"),
            "get_verification"
        );
        assert_eq!(
            endpoint_id("POST", "/open-apis/security_and_compliance/v2/device_records"),
            "post_security_and_compliance_device_records"
        );
        assert_eq!(
            endpoint_id("GET", "/open-apis/im/v1/chats/{chat_id}/members"),
            "get_im_chats_by_chat_id_members"
        );
        assert_eq!(endpoint_id("GET", "/"), "get");
    }

    #[test]
    fn ascii_labels_name_variants_and_others_are_invented() {
        let entries = |items: &[(&str, &str)]| -> Vec<(String, Option<String>)> {
            items
                .iter()
                .map(|(v, l)| ((*v).to_owned(), Some((*l).to_owned())))
                .collect()
        };
        let (names, invented) = variant_names(&entries(&[("1", "Windows"), ("2", "macOS"), ("6", "OpenHarmony")]));
        assert_eq!(names, ["Windows", "MacOs", "OpenHarmony"]);
        assert!(!invented);
        let (names, invented) = variant_names(&entries(&[("0", "未知设备"), ("1", "个人设备")]));
        assert_eq!(names, ["V0", "V1"]);
        assert!(invented);
        let (names, _) = variant_names(&entries(&[("a", "Other"), ("b", "other")]));
        assert_eq!(names, ["OtherValue", "OtherValue2"]);
    }

    #[test]
    fn example_names() {
        let mut taken = HashSet::new();
        assert_eq!(example_name(Some("OpenHarmony"), "request", &mut taken), "openharmony");
        assert_eq!(example_name(Some("安卓"), "request", &mut taken), "request");
        assert_eq!(example_name(None, "request", &mut taken), "request_2");
    }
}
