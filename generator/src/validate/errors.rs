//! Error tables: codes, variant names and message templates.

use std::collections::HashMap;

use super::Checker;
use crate::model::{ErrorEntry, Placeholder};
use crate::naming::{is_snake, is_upper_camel, name_from_message};
use crate::spec::ast::{CodeType, CodeValue, ErrorSpec};

/// Variant names the generated error enums use themselves.
const RESERVED: &[&str] = &["Common", "Unknown"];

/// The `%d` / `%s` placeholders of a message template, in order.
pub(crate) fn placeholders(template: &str) -> Vec<Placeholder> {
    let mut out = Vec::new();
    let mut chars = template.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '%' {
            match chars.peek() {
                Some('d') => out.push(Placeholder::Integer),
                Some('s') => out.push(Placeholder::Text),
                _ => continue,
            }
            chars.next();
        }
    }
    out
}

/// Checks a list of errors (`path` is `errors` or `common_errors`).
pub(crate) fn entries<T>(
    check: &mut Checker<'_, T>,
    path: &str,
    specs: &[ErrorSpec],
    code_type: CodeType,
) -> Vec<ErrorEntry> {
    let mut names: HashMap<String, usize> = HashMap::new();
    let mut pairs: HashMap<(&CodeValue, &str), usize> = HashMap::new();
    let mut out = Vec::new();
    for (i, spec) in specs.iter().enumerate() {
        let entry_path = format!("{path}[{i}]");
        let code_ok = matches!(
            (&spec.code, code_type),
            (CodeValue::Int(_), CodeType::Integer) | (CodeValue::Str(_), CodeType::String)
        );
        if !code_ok {
            check.error(
                &format!("{entry_path}.code"),
                format!(
                    "the service's `error_code_type` is {code_type:?}, but this code is {}",
                    show(&spec.code)
                ),
            );
        }
        if let Some(first) = pairs.insert((&spec.code, spec.message.as_str()), i) {
            check.error(
                &format!("{entry_path}.code"),
                format!(
                    "duplicate error code {} with the same message (first at `{path}[{first}]`); keep one",
                    show(&spec.code)
                ),
            );
            continue;
        }
        let Some(name) = variant_name(check, &entry_path, spec) else {
            continue;
        };
        if let Some(first) = names.insert(name.clone(), i) {
            check.error(
                &format!("{entry_path}.name"),
                format!("duplicate error name `{name}` (first at `{path}[{first}]`); each error needs its own name"),
            );
        }
        let kinds = placeholders(&spec.message);
        if kinds.len() != spec.fields.len() {
            check.error(
                &format!("{entry_path}.fields"),
                format!(
                    "the message has {} placeholder(s) (%d, %s) but `fields` names {}; name each placeholder once, in order",
                    kinds.len(),
                    spec.fields.len()
                ),
            );
            continue;
        }
        for (j, field) in spec.fields.iter().enumerate() {
            if !is_snake(field) {
                check.error(
                    &format!("{entry_path}.fields[{j}]"),
                    format!("`{field}` must be a snake_case name"),
                );
            }
        }
        if spec.http_status.is_some_and(|s| !(100..=599).contains(&s)) {
            check.error(
                &format!("{entry_path}.http_status"),
                "an HTTP status is between 100 and 599",
            );
        }
        out.push(ErrorEntry {
            code: spec.code.clone(),
            name,
            http_status: spec.http_status,
            message: spec.message.clone(),
            fields: spec.fields.iter().cloned().zip(kinds).collect(),
            hint: spec.hint.clone(),
            retryable: spec.retryable,
        });
    }
    out
}

fn show(code: &CodeValue) -> String {
    match code {
        CodeValue::Int(i) => i.to_string(),
        CodeValue::Str(s) => format!("{s:?}"),
    }
}

fn variant_name<T>(check: &mut Checker<'_, T>, path: &str, spec: &ErrorSpec) -> Option<String> {
    let name = match &spec.name {
        Some(name) => name.clone(),
        None => match name_from_message(&spec.message) {
            Some(name) => name,
            None => {
                check.error(
                    path,
                    "this error needs a `name` (an UpperCamelCase variant name): its message has no ASCII words to derive one from",
                );
                return None;
            }
        },
    };
    if !is_upper_camel(&name) {
        check.error(
            &format!("{path}.name"),
            format!("error name `{name}` must be UpperCamelCase ASCII"),
        );
        return None;
    }
    if RESERVED.contains(&name.as_str()) {
        check.error(
            &format!("{path}.name"),
            format!("`{name}` is a generated variant of every error enum; choose another name"),
        );
        return None;
    }
    Some(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_placeholders_in_order() {
        assert_eq!(
            placeholders("外部ID长度超过最大上限:%d, got %s, 100%"),
            vec![Placeholder::Integer, Placeholder::Text]
        );
        assert!(placeholders("no values").is_empty());
    }
}
