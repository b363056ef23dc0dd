//! The same calls for code that is not async (the `blocking` feature):
//! `.send_blocking()` instead of `.await`, `iter_blocking` instead of `stream`.
//!
//! Calls run on one shared background runtime, created on first use and
//! never dropped (dropping a runtime inside async code would panic).

use std::sync::OnceLock;

use futures_util::StreamExt;

use super::call::{Call, Reply};
use super::error::{Error, TransportError};
use super::pages::PageStream;
use super::Client;
use crate::descriptor::Endpoint;
use crate::paging::Paged;

fn runtime() -> Result<&'static tokio::runtime::Runtime, String> {
    static RUNTIME: OnceLock<Result<tokio::runtime::Runtime, String>> = OnceLock::new();
    RUNTIME
        .get_or_init(|| {
            tokio::runtime::Builder::new_multi_thread()
                .worker_threads(1)
                .thread_name("apigen-blocking")
                .enable_all()
                .build()
                .map_err(|e| format!("cannot start the blocking runtime: {e}"))
        })
        .as_ref()
        .map_err(Clone::clone)
}

impl<E: Endpoint> Call<'_, E> {
    /// Sends the call and waits for the typed payload.
    ///
    /// For code outside any async runtime; inside one, `.await` the call
    /// instead (this returns an error rather than blocking the executor).
    pub fn send_blocking(self) -> Result<E::Response, Error<E::Error>> {
        self.send_with_reply_blocking().map(|reply| reply.payload)
    }

    /// Sends the call and waits for the payload with status, headers and request id.
    pub fn send_with_reply_blocking(self) -> Result<Reply<E::Response>, Error<E::Error>> {
        let endpoint = E::DESCRIPTOR.id;
        let refuse = |message: String| Error::Transport(TransportError::Io { endpoint, message });
        if tokio::runtime::Handle::try_current().is_ok() {
            return Err(refuse(
                "send_blocking() was called inside an async runtime; `.await` the call instead".to_owned(),
            ));
        }
        runtime().map_err(refuse)?.block_on(self.send_with_reply())
    }
}

/// Every item of a paged endpoint, page by page, for code that is not async.
pub struct BlockingPages<'a, E: Paged> {
    stream: PageStream<'a, E>,
    done: bool,
}

impl Client {
    /// The items of every page of `request`, as an iterator (the
    /// `blocking` counterpart of [`Client::stream`]).
    pub fn iter_blocking<'a, E>(&'a self, request: E) -> BlockingPages<'a, E>
    where
        E: Paged + Send + Sync + 'a,
        E::Item: Send,
        E::Response: Send,
        E::Error: Send,
    {
        BlockingPages {
            stream: self.stream(request),
            done: false,
        }
    }
}

impl<E: Paged> Iterator for BlockingPages<'_, E> {
    type Item = Result<E::Item, Error<E::Error>>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let endpoint = E::DESCRIPTOR.id;
        let refuse = |message: String| Error::Transport(TransportError::Io { endpoint, message });
        let next = if tokio::runtime::Handle::try_current().is_ok() {
            Some(Err(refuse(
                "iter_blocking() was used inside an async runtime; use `stream` instead".to_owned(),
            )))
        } else {
            match runtime() {
                Ok(runtime) => runtime.block_on(self.stream.next()),
                Err(message) => Some(Err(refuse(message))),
            }
        };
        // After an error the stream ends, as the async stream does.
        self.done = !matches!(next, Some(Ok(_)));
        next
    }
}
