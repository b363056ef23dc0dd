//! The spec format: its documents ([`ast`]), node positions ([`positions`])
//! and reading them from disk ([`load`]); maps that refuse a repeated key
//! (`unique_keys`) and a cheap bound on a document's depth (`depth_bound`).

pub mod ast;
mod depth_bound;
pub mod load;
pub mod positions;
mod unique_keys;
