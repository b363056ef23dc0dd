//! Importers: a vendor's machine-readable catalogue into spec files that
//! pass `apigen check`, to review and keep editing as specs.
//!
//! Nothing is dropped silently: what the spec format cannot say is written
//! as the closest construct with a `notes:` line in the endpoint, and
//! counted by kind in [`Import::approximations`]. Output is deterministic:
//! the same input gives byte-identical files.

pub mod doc;
pub mod draft;
pub mod node;
pub mod openapi;

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
