//! The caller of `ui/evolution/caller.rs`, written against v1 of the
//! `evolving` service, compiles against v2: the additive changes of a doc
//! update (an enum value, a common error, optional request and response
//! fields, an error code, an endpoint) break no caller.
#![deny(warnings)]

use apigen_evolution::v2 as api;

include!("../evolution/caller.rs");
