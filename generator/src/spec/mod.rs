//! The spec format: its documents ([`ast`]), node positions ([`positions`])
//! and reading them from disk ([`load`]).

pub mod ast;
pub mod load;
pub mod positions;
