//! A `Stream` of every item of a paged endpoint, fetching pages on demand.

use std::pin::Pin;

use futures_util::stream::{self, Stream};

use super::error::Error;
use super::Client;
use crate::descriptor::Endpoint;
use crate::paging::Paged;

/// The items of every page, in order; a failed page ends the stream after
/// yielding its error.
pub type PageStream<'a, E> =
    Pin<Box<dyn Stream<Item = Result<<E as Paged>::Item, Error<<E as Endpoint>::Error>>> + Send + 'a>>;

struct State<E: Paged> {
    next: Option<E>,
    page: std::vec::IntoIter<E::Item>,
    seen: usize,
}

impl Client {
    /// Every item of `request`'s pages, starting at the page it names.
    /// A page is fetched only when the items before it have been taken.
    pub fn stream<'a, E>(&'a self, request: E) -> PageStream<'a, E>
    where
        E: Paged + Send + Sync + 'a,
        E::Item: Send,
        E::Response: Send,
        E::Error: Send,
    {
        let start = State {
            next: Some(request),
            page: Vec::new().into_iter(),
            seen: 0,
        };
        Box::pin(stream::unfold(start, move |mut state| async move {
            loop {
                if let Some(item) = state.page.next() {
                    return Some((Ok(item), state));
                }
                let request = state.next.take()?;
                match self.call(request.clone()).send().await {
                    Ok(response) => {
                        state.next = request.next_page(&response, state.seen);
                        let items = E::into_items(response);
                        state.seen += items.len();
                        state.page = items.into_iter();
                    }
                    Err(error) => return Some((Err(error), state)),
                }
            }
        }))
    }
}
