//! Problems found in a spec, each pointing at a file, a line and a column.
//!
//! Every stage (YAML syntax, schema, semantic checks) reports through
//! [`Diagnostics`], so one run shows every problem at once instead of the
//! first one only.

use std::fmt;
use std::path::{Path, PathBuf};

/// One problem in one spec file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The spec file.
    pub file: PathBuf,
    /// 1-based line, when known.
    pub line: Option<usize>,
    /// 1-based column, when known.
    pub column: Option<usize>,
    /// Where inside the document, e.g. `request.body.mac.format`.
    pub path: String,
    /// What is wrong and what would be right.
    pub message: String,
    /// The likely intended name, when there is one.
    pub suggestion: Option<String>,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        if !self.path.is_empty() {
            write!(f, ": {}", self.path)?;
        }
        write!(f, ": {}", self.message)?;
        if let Some(suggestion) = &self.suggestion {
            write!(f, " (did you mean `{suggestion}`?)")?;
        }
        Ok(())
    }
}

/// Every problem found in a run; empty means the specs are sound.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    /// Whether no problem was recorded.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Records one problem.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.0.push(diagnostic);
    }

    /// Moves every problem of `other` into `self`.
    pub fn extend(&mut self, other: Diagnostics) {
        self.0.extend(other.0);
    }

    /// `Ok(value)` when nothing was recorded, otherwise the problems.
    pub fn into_result<T>(self, value: T) -> Result<T, Diagnostics> {
        if self.is_empty() {
            Ok(value)
        } else {
            Err(self)
        }
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, diagnostic) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "error: {diagnostic}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostics {}

impl Diagnostics {
    /// One compile error per problem, all at `span` (for the macros).
    pub fn into_syn_error(self, span: proc_macro2::Span) -> syn::Error {
        let mut problems = self.0.into_iter().map(|d| syn::Error::new(span, d.to_string()));
        let mut all = problems
            .next()
            .unwrap_or_else(|| syn::Error::new(span, "the specs are invalid"));
        problems.for_each(|p| all.combine(p));
        all
    }
}

/// The closest of `candidates` to `wrong`, if it is close enough to be a typo.
pub fn closest<'a>(wrong: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<String> {
    candidates
        .into_iter()
        .map(|candidate| (strsim::jaro_winkler(wrong, candidate), candidate))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, candidate)| candidate.to_owned())
}

/// A diagnostic for a whole file (I/O problems), with no position.
pub fn file_error(file: &Path, message: impl Into<String>) -> Diagnostic {
    Diagnostic {
        file: file.to_owned(),
        line: None,
        column: None,
        path: String::new(),
        message: message.into(),
        suggestion: None,
    }
}
