//! `.with_fields(|r| ..)`: setting fields in the middle of an expression.
//!
//! Generated structs are `#[non_exhaustive]`, so outside their crate they
//! are built with `Type::new(required..)` or `Type::default()` and their
//! optional fields assigned after. `WithFields` lets that happen inline, for
//! every type at once, instead of a generated setter per field (8,112 of
//! them for Feishu's catalogue, 4 % of its type-checking memory). The method
//! is not called `with`: `tracing_subscriber`'s `SubscriberExt` has one, and
//! `registry().with(layer)` would become ambiguous wherever both are imported.
//!
//! ```
//! use apigen_runtime::WithFields;
//!
//! #[derive(Default)]
//! #[non_exhaustive]
//! pub struct Page { pub size: Option<i64>, pub number: Option<i64> }
//!
//! let page = Page::default().with_fields(|p| p.size = Some(20));
//! assert_eq!(page.size, Some(20));
//! ```

/// Calls a closure on a value and returns it; implemented for every type.
pub trait WithFields: Sized {
    /// `self`, after `change` has run on it.
    fn with_fields(mut self, change: impl FnOnce(&mut Self)) -> Self {
        change(&mut self);
        self
    }
}

impl<T> WithFields for T {}
