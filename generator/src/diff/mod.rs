//! `apigen diff OLD NEW`: what changed between two spec trees, and what each
//! change means for code that uses the generated crate.
//!
//! The comparison runs on the checked model, not on the YAML, so it sees
//! what the generated code is made of: the Rust types and names, the error
//! tables, the limits, the auth schemes, the paging, the exclusive groups and
//! tagged variants. Each [`Change`] carries a [`Severity`] that follows from
//! how the code is generated (every struct and enum is `#[non_exhaustive]`,
//! structs are built with `new(required..)` and `with_<field>(..)`):
//!
//! - **major**: code written against the old crate may stop compiling or
//!   behave differently (a removed field, a new required request field, a
//!   retyped field, a removed enum value or error code);
//! - **minor**: new things to use, and old code keeps compiling (a new
//!   endpoint, optional field, enum value or error code);
//! - **patch**: nothing a caller can see in the types (a description, a
//!   rate limit, a hint, where a parameter is sent).
//!
//! The verdict of a [`Report`] is its most severe change. Every named type
//! is compared once per service, however many endpoints use it, so a whole
//! catalogue diffs in one pass over both models.

mod change;
mod endpoint;
mod render;
mod shape;

pub use change::{Change, ChangeKind, Severity};

use crate::model::{Catalog, Service};

/// Every change from one catalogue to another, in service order.
#[derive(Debug, Default, serde::Serialize)]
pub struct Report {
    /// The most severe change, or `patch` when nothing changed.
    pub verdict: Severity,
    /// Whether any change is major.
    pub breaking: bool,
    /// The changes, grouped by service and endpoint.
    pub changes: Vec<Change>,
}

impl Report {
    fn from_changes(changes: Vec<Change>) -> Report {
        let verdict = changes.iter().map(|c| c.severity).max().unwrap_or_default();
        Report {
            verdict,
            breaking: verdict == Severity::Major,
            changes,
        }
    }

    /// How many changes have `severity`.
    pub fn count(&self, severity: Severity) -> usize {
        self.changes.iter().filter(|c| c.severity == severity).count()
    }
}

/// Compares two catalogues: services by id, endpoints by id within them.
pub fn diff(old: &Catalog, new: &Catalog) -> Report {
    let mut changes = Vec::new();
    let old_by_id: std::collections::HashMap<&str, &Service> =
        old.services.iter().map(|s| (s.id.as_str(), s)).collect();
    let new_ids: std::collections::HashSet<&str> = new.services.iter().map(|s| s.id.as_str()).collect();
    for service in &new.services {
        match old_by_id.get(service.id.as_str()) {
            Some(before) => endpoint::service(before, service, &mut changes),
            None => changes.push(Change::service(
                &service.id,
                ChangeKind::ServiceAdded,
                Severity::Minor,
                format!("a new module `{}` behind a cargo feature of that name", service.id),
            )),
        }
    }
    for service in old.services.iter().filter(|s| !new_ids.contains(s.id.as_str())) {
        changes.push(Change::service(
            &service.id,
            ChangeKind::ServiceRemoved,
            Severity::Major,
            format!(
                "the module `{}` and its feature are gone; code that uses them no longer compiles",
                service.id
            ),
        ));
    }
    Report::from_changes(changes)
}
