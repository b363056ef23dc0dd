//! Error tables: codes, variant names and message templates.

use std::collections::{HashMap, HashSet};

use super::SpecChecker;
use crate::model::{Condition, ErrorEntry, Placeholder, SubjectKind, Trigger};
use crate::naming::{is_snake, is_upper_camel, name_from_message};
use crate::spec::ast::{CodeType, CodeValue, ErrorSpec, HttpStatus};

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

/// What the subjects of an error table's `when` conditions may name.
pub(crate) struct Subjects<'a> {
    /// Request fields (wire names and group names); `None` for the common
    /// errors, which apply to every endpoint and so name no field.
    pub(crate) fields: Option<HashSet<&'a str>>,
    /// The service's auth schemes.
    pub(crate) auth: Vec<&'a str>,
}

/// Checks a list of errors (`path` is `errors` or `common_errors`).
pub(crate) fn entries<T>(
    check: &mut SpecChecker<'_, T>,
    path: &str,
    specs: &[ErrorSpec],
    code_type: CodeType,
    subjects: &Subjects<'_>,
) -> Vec<ErrorEntry> {
    let mut seen_triggers: HashMap<Trigger, usize> = HashMap::new();
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
                    super::literal(&spec.code)
                ),
            );
        }
        if let Some(first) = pairs.insert((&spec.code, spec.message.as_str()), i) {
            check.error(
                &format!("{entry_path}.code"),
                format!(
                    "duplicate error code {} with the same message (first at `{path}[{first}]`); keep one (a page that lists it under several HTTP statuses gets one row with all of them: `http_status: [400, 404]`)",
                    super::literal(&spec.code)
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
        let http_statuses = spec.http_status.as_ref().map(|s| s.all()).unwrap_or_default();
        if http_statuses.iter().any(|s| !(100..=599).contains(s)) {
            check.error(
                &format!("{entry_path}.http_status"),
                "an HTTP status is between 100 and 599",
            );
        }
        if matches!(&spec.http_status, Some(HttpStatus::Several(list)) if list.is_empty()) {
            check.error(
                &format!("{entry_path}.http_status"),
                "list at least one status, or leave `http_status` out",
            );
        }
        let when = triggers(check, &entry_path, &spec.when, subjects);
        for trigger in &when {
            if let Some(first) = seen_triggers.insert(trigger.clone(), i) {
                check.error(
                    &format!("{entry_path}.when"),
                    format!(
                        "`{}` is already the case of `{path}[{first}]`; one case answers with one error",
                        show_trigger(trigger)
                    ),
                );
            }
        }
        out.push(ErrorEntry {
            when,
            code: super::error_code(&spec.code),
            name,
            http_statuses,
            message: spec.message.clone(),
            fields: spec.fields.iter().cloned().zip(kinds).collect(),
            hint: spec.hint.clone(),
            retryable: spec.retryable,
        });
    }
    out
}

/// Parses `condition` or `condition(subject)` entries of `when`.
fn triggers<T>(check: &mut SpecChecker<'_, T>, path: &str, specs: &[String], subjects: &Subjects<'_>) -> Vec<Trigger> {
    let mut out = Vec::new();
    for (i, text) in specs.iter().enumerate() {
        let path = format!("{path}.when[{i}]");
        let (name, subject) = match text.split_once('(') {
            Some((name, rest)) => match rest.strip_suffix(')') {
                Some(subject) => (name.trim(), Some(subject.trim().to_owned())),
                None => {
                    check.error(
                        &path,
                        format!("`{text}` lacks its closing `)`; write `condition(subject)`"),
                    );
                    continue;
                }
            },
            None => (text.trim(), None),
        };
        let Some(condition) = Condition::ALL.iter().find(|(n, _)| *n == name).map(|(_, c)| *c) else {
            check.error_suggest(
                &path,
                format!(
                    "unknown condition `{name}`; known: {}",
                    Condition::ALL.iter().map(|(n, _)| *n).collect::<Vec<_>>().join(", ")
                ),
                name,
                Condition::ALL.iter().map(|(n, _)| *n),
            );
            continue;
        };
        if let Some(subject) = &subject {
            if let Err(message) = check_subject(condition, subject, subjects) {
                check.error(&path, message);
                continue;
            }
        }
        out.push(Trigger { condition, subject });
    }
    out
}

fn check_subject(condition: Condition, subject: &str, subjects: &Subjects<'_>) -> Result<(), String> {
    let name = condition.name();
    match condition.subject_kind() {
        SubjectKind::None => Err(format!("`{name}` takes no subject; write `{name}`")),
        SubjectKind::Auth if subjects.auth.contains(&subject) => Ok(()),
        SubjectKind::Auth => Err(format!(
            "`{name}({subject})`: `{subject}` is not an auth scheme of the service; known: {}",
            subjects.auth.join(", ")
        )),
        SubjectKind::Field => match &subjects.fields {
            None => Err(format!(
                "`{name}({subject})`: a common error applies to every endpoint, so it names no field; \
                 write `{name}`, or scope it in an endpoint's `errors`"
            )),
            Some(fields) if fields.contains(subject) => Ok(()),
            Some(fields) => {
                let mut known: Vec<_> = fields.iter().copied().collect();
                known.sort_unstable();
                Err(format!(
                    "`{name}({subject})`: the request has no field `{subject}`; known: {}",
                    known.join(", ")
                ))
            }
        },
    }
}

fn show_trigger(trigger: &Trigger) -> String {
    match &trigger.subject {
        Some(subject) => format!("{}({subject})", trigger.condition.name()),
        None => trigger.condition.name().to_owned(),
    }
}

fn variant_name<T>(check: &mut SpecChecker<'_, T>, path: &str, spec: &ErrorSpec) -> Option<String> {
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
