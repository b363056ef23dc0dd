//! The caller of `ui/evolution/caller.rs`, written against v1 of the
//! `evolving` service, does not compile against v3, which adds a required
//! request field and removes a response field: the changes `apigen diff`
//! calls breaking.

use apigen_evolution::v3 as api;

include!("../../evolution/caller.rs");
