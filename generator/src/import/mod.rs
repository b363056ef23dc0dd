//! Importers: a vendor's machine-readable catalogue into spec files that
//! pass `apigen check`, to review and keep editing as specs.
//!
//! Nothing is dropped silently: what the spec format cannot say is written
//! as the closest construct with a `notes:` line in the endpoint, and
//! counted by kind in [`Import::approximations`]. Output is deterministic:
//! the same input gives byte-identical files.

pub mod doc;
pub mod draft;
pub mod feishu_page;
pub mod node;
pub mod openapi;
pub mod openmeta;
pub mod schema;

use std::collections::BTreeMap;
use std::path::PathBuf;

/// The spec files an import wrote, and what it had to approximate.
#[derive(Debug, Default)]
pub struct Import {
    /// `(path relative to the output folder, YAML text)`, in writing order.
    pub files: Vec<(PathBuf, String)>,
    /// Services written.
    pub services: Vec<String>,
    /// Endpoints written.
    pub endpoints: usize,
    /// Approximations by kind, with how many times each was made.
    pub approximations: BTreeMap<&'static str, usize>,
}

/// A problem in the input, at a JSON pointer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportError {
    /// Where: `/paths/~1open-apis~1x/get/responses`.
    pub pointer: String,
    /// What is wrong.
    pub message: String,
}

impl std::fmt::Display for ImportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.pointer, self.message)
    }
}

impl ImportError {
    /// A problem at `pointer`.
    pub fn at(pointer: &str, message: impl Into<String>) -> ImportError {
        ImportError {
            pointer: pointer.to_owned(),
            message: message.into(),
        }
    }
}

/// `components.schemas` key → its type name, unique, in document order.
pub fn component_names(doc: &doc::Doc) -> std::collections::HashMap<String, String> {
    use crate::naming::{ascii_identifier, type_name};
    let schemas = doc
        .get("components")
        .and_then(|c| c.get("schemas"))
        .and_then(doc::Doc::as_object);
    let mut taken = std::collections::HashSet::new();
    let mut names = std::collections::HashMap::new();
    for key in schemas.into_iter().flat_map(|s| s.keys()) {
        let base = ascii_identifier(&type_name(key));
        let mut name = base.clone();
        let mut n = 2;
        while !taken.insert(name.clone()) {
            name = format!("{base}{n}");
            n += 1;
        }
        names.insert(key.clone(), name);
    }
    names
}

/// A variant name for an error row, unique in `taken`: from an ASCII
/// message's first sentence when it has one (`Internal server error.` →
/// `InternalServerError`), else from the code (`ACS.InvalidParameter.%s` →
/// `AcsInvalidParameter`, `1780001` → `E1780001`).
pub fn error_name(message: &str, code: &str, taken: &mut std::collections::HashSet<String>) -> String {
    use crate::naming::{ascii_identifier, is_upper_camel, type_name};
    let from_code = || {
        let words = code.replace("%s", " ").replace("%d", " ").replace(['.', '-'], " ");
        ascii_identifier(&type_name(words.trim()))
    };
    let mut base = crate::naming::name_from_message(message)
        .filter(|n| is_upper_camel(n))
        .unwrap_or_else(from_code);
    if !is_upper_camel(&base) {
        base = format!("E{base}");
    }
    if !is_upper_camel(&base) {
        base = "Error".to_owned();
    }
    if matches!(base.as_str(), "Unknown" | "Common") {
        base.push_str("Code");
    }
    let mut name = base.clone();
    let mut n = 2;
    while !taken.insert(name.clone()) {
        name = format!("{base}{n}");
        n += 1;
    }
    name
}

/// A JSON pointer segment (`/` → `~1`, `~` → `~0`).
pub fn pointer_segment(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

/// Approximations made for one endpoint: its `notes:` and the summary counts.
#[derive(Debug, Default)]
pub struct Notes {
    lines: Vec<String>,
    kinds: Vec<&'static str>,
}

impl Notes {
    /// Records that `kind` was approximated, with the line for the spec.
    pub fn add(&mut self, kind: &'static str, line: String) {
        self.kinds.push(kind);
        self.lines.push(line);
    }

    /// The `notes:` lines.
    pub fn lines(&self) -> &[String] {
        &self.lines
    }

    /// Adds this endpoint's kinds to the summary.
    pub fn count_into(&self, summary: &mut BTreeMap<&'static str, usize>) {
        for kind in &self.kinds {
            *summary.entry(kind).or_default() += 1;
        }
    }

    /// Whether nothing was approximated.
    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }
}
