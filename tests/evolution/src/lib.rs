//! One service generated from two versions of its spec, each in its own
//! module, so that code in another crate sees them as a user of the
//! generated client would (`#[non_exhaustive]` holds only across crates).
//!
//! `v2` is `v1` after the additive changes a vendor makes in a monthly doc
//! update (`v2/evolving/service.yaml` lists them). `tests/ui/evolution/`
//! holds a caller written against `v1`; the trybuild pass cases compile it
//! against both. `v3` makes breaking changes, and the fail case
//! `ui/fail/evolution/breaking_v3.rs` shows the same caller refused.

/// The service before the doc update.
pub mod v1 {
    apigen_macros::include_specs!("v1/evolving");
}

/// The service after the doc update.
pub mod v2 {
    apigen_macros::include_specs!("v2/evolving");
}

/// The service after an update that breaks callers.
pub mod v3 {
    apigen_macros::include_specs!("v3/evolving");
}
