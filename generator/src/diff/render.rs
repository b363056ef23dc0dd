//! The report as text for a terminal.

use std::fmt;

use super::{Report, Severity};

impl fmt::Display for Report {
    /// One line per change, grouped by service and endpoint, then the verdict.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut group: Option<(&str, Option<&str>)> = None;
        for change in &self.changes {
            let here = (change.service.as_str(), change.endpoint.as_deref());
            if group != Some(here) {
                match here.1 {
                    Some(endpoint) => writeln!(f, "{} {endpoint}", here.0)?,
                    None => writeln!(f, "{}", here.0)?,
                }
                group = Some(here);
            }
            let at = if change.at.is_empty() {
                String::new()
            } else {
                format!(" {}", change.at)
            };
            let values = match (&change.old, &change.new) {
                (Some(old), Some(new)) => format!(" ({old} → {new})"),
                (Some(old), None) => format!(" (was {old})"),
                (None, Some(new)) => format!(" ({new})"),
                (None, None) => String::new(),
            };
            writeln!(
                f,
                "  {:<5} {}{at}{values}: {}",
                change.severity,
                kind_words(change.kind),
                change.consequence
            )?;
        }
        let (major, minor, patch) = (
            self.count(Severity::Major),
            self.count(Severity::Minor),
            self.count(Severity::Patch),
        );
        if self.changes.is_empty() {
            writeln!(f, "no changes: verdict patch")
        } else {
            writeln!(
                f,
                "verdict: {} ({} change(s): {major} major, {minor} minor, {patch} patch){}",
                self.verdict,
                self.changes.len(),
                if self.breaking {
                    "; callers may need to change"
                } else {
                    ""
                }
            )
        }
    }
}

/// The change kind in words.
fn kind_words(kind: super::ChangeKind) -> &'static str {
    use super::ChangeKind::*;
    match kind {
        ServiceAdded => "service added",
        ServiceRemoved => "service removed",
        ServiceWireChanged => "wire changed",
        AuthSchemeChanged => "auth scheme changed",
        EndpointAdded => "endpoint added",
        EndpointRemoved => "endpoint removed",
        RouteChanged => "route changed",
        AuthChanged => "auth changed",
        ScopesChanged => "scopes changed",
        RateLimitChanged => "rate limit changed",
        IdempotencyChanged => "idempotency changed",
        HeadersChanged => "headers changed",
        PagingChanged => "paging changed",
        FieldAdded => "added",
        FieldRemoved => "removed",
        FieldRetyped => "retyped",
        RequiredChanged => "required-ness changed",
        FieldRenamed => "renamed",
        ParamMoved => "moved",
        TypeRenamed => "type renamed",
        EnumValueAdded => "enum value added",
        EnumValueRemoved => "enum value removed",
        EnumValueRenamed => "enum value renamed",
        EnumLabelChanged => "enum label changed",
        ConstraintChanged => "constraint changed",
        ExclusiveGroupChanged => "exclusive group changed",
        VariantsChanged => "variants changed",
        ErrorAdded => "error added",
        ErrorRemoved => "error removed",
        ErrorRenamed => "error renamed",
        ErrorDetailsChanged => "error details changed",
        DocsChanged => "docs changed",
    }
}
