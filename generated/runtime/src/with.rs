//! `.with(|r| ..)`: changing a value in the middle of an expression.
//!
//! Generated structs are `#[non_exhaustive]`, so outside their crate they
//! are built with `Type::new(required..)` or `Type::default()` and their
//! optional fields assigned after. `With` lets that happen inline, for every
//! type at once, instead of a generated setter per field (8,112 of them for
//! Feishu's catalogue, 4 % of its type-checking memory):
//!
//! ```
//! use apigen_runtime::With;
//!
//! #[derive(Default)]
//! #[non_exhaustive]
//! pub struct Page { pub size: Option<i64>, pub number: Option<i64> }
//!
//! let page = Page::default().with(|p| p.size = Some(20));
//! assert_eq!(page.size, Some(20));
//! ```

/// Calls a closure on a value and returns it; implemented for every type.
pub trait With: Sized {
    /// `self`, after `change` has run on it.
    fn with(mut self, change: impl FnOnce(&mut Self)) -> Self {
        change(&mut self);
        self
    }
}

impl<T> With for T {}
