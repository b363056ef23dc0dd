//! The caller of `ui/evolution/caller.rs`, written against v1 of the
//! `evolving` service, compiles against v1, the version it was written for.
#![deny(warnings)]

use apigen_evolution::v1 as api;

include!("../evolution/caller.rs");
