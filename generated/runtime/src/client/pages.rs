//! A `Stream` of every item of a paged endpoint, fetching pages on demand.

use std::collections::hash_map::DefaultHasher;
use std::collections::HashSet;
use std::hash::{Hash, Hasher};
use std::pin::Pin;

use futures_util::stream::{self, Stream};

use super::error::{DecodeFailure, Error};
use super::Client;
use crate::descriptor::Endpoint;
use crate::paging::Paged;

/// The items of every page, in order; a failed page ends the stream after
/// yielding its error. So does a reply that asks for a page already fetched
/// (a server repeating its page token or cursor), which would otherwise
/// loop forever: that is a [`Error::Decode`].
pub type PageStream<'a, E> =
    Pin<Box<dyn Stream<Item = Result<<E as Paged>::Item, Error<<E as Endpoint>::Error>>> + Send + 'a>>;

struct State<E: Paged> {
    next: Option<E>,
    page: std::vec::IntoIter<E::Item>,
    seen: usize,
    /// A hash of every page request sent, to notice one asked for again.
    sent: HashSet<u64>,
    /// The tracing id of the last page's reply.
    request_id: Option<String>,
}

/// A page request's identity: the hash of what it encodes to.
fn page_key<E: Paged>(request: &E) -> Option<u64> {
    let bytes = serde_json::to_vec(request).ok()?;
    let mut hasher = DefaultHasher::new();
    bytes.hash(&mut hasher);
    Some(hasher.finish())
}

/// The error that ends a stream whose server asked for a page again.
fn repeated<E: Paged>(request_id: Option<String>) -> Error<E::Error> {
    let descriptor = E::DESCRIPTOR;
    Error::Decode(Box::new(DecodeFailure {
        service: descriptor.service.id,
        status: 200,
        request_id,
        problem: format!(
            "{}: the reply asks for a page already fetched (a repeated page token); the stream ends here",
            descriptor.id
        ),
        excerpt: String::new(),
    }))
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
            sent: HashSet::new(),
            request_id: None,
        };
        Box::pin(stream::unfold(start, move |mut state| async move {
            loop {
                if let Some(item) = state.page.next() {
                    return Some((Ok(item), state));
                }
                let request = state.next.take()?;
                if let Some(key) = page_key(&request) {
                    if !state.sent.insert(key) {
                        let error = repeated::<E>(state.request_id.take());
                        return Some((Err(error), state));
                    }
                }
                match self.call(request.clone()).send_with_reply().await {
                    Ok(reply) => {
                        state.request_id = reply.request_id;
                        let response = reply.payload;
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
