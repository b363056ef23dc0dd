//! Endpoints whose results come in pages.

use crate::descriptor::Endpoint;

/// An endpoint the spec marks paged (`pagination:`): the generated impl
/// knows where a reply keeps its items and how to ask for the next page.
pub trait Paged: Endpoint + Clone {
    /// One item of a page.
    type Item;

    /// The items of a page.
    fn into_items(response: Self::Response) -> Vec<Self::Item>;

    /// The request for the page after `response`, `seen` being the number
    /// of items received before this page; `None` after the last page.
    fn next_page(&self, response: &Self::Response, seen: usize) -> Option<Self>;
}
