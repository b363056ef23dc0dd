//! An HTTP request, read once into the parts every check needs.

use axum::body::{to_bytes, Body, Bytes};
use axum::http::{HeaderMap, Request};

/// Bodies above this are refused (the vendors' own limits are far lower).
const MAX_BODY: usize = 8 * 1024 * 1024;

/// A request as the sandbox sees it.
#[derive(Debug)]
pub struct Incoming {
    /// `GET`, `POST`, ...
    pub method: String,
    /// Path without the query.
    pub path: String,
    /// Decoded query parameters in order.
    pub query: Vec<(String, String)>,
    /// Headers.
    pub headers: HeaderMap,
    /// The body bytes.
    pub body: Bytes,
    /// Decoded form parameters when the body is `application/x-www-form-urlencoded`.
    pub form: Vec<(String, String)>,
}

impl Incoming {
    /// Reads the whole request; `Err` holds a short reason for a 400/413.
    pub async fn read(request: Request<Body>) -> Result<Incoming, String> {
        let (parts, body) = request.into_parts();
        let body = to_bytes(body, MAX_BODY)
            .await
            .map_err(|e| format!("cannot read the request body: {e}"))?;
        let query = decode_pairs(parts.uri.query().unwrap_or_default());
        let is_form = parts
            .headers
            .get(axum::http::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
        let form = if is_form {
            decode_pairs(&String::from_utf8_lossy(&body))
        } else {
            Vec::new()
        };
        Ok(Incoming {
            method: parts.method.as_str().to_owned(),
            path: parts.uri.path().to_owned(),
            query,
            headers: parts.headers,
            body,
            form,
        })
    }

    /// A header's value, when present and valid text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// Headers as `(name, value)` text pairs (non-text values skipped).
    pub fn header_pairs(&self) -> Vec<(String, String)> {
        self.headers
            .iter()
            .filter_map(|(k, v)| Some((k.as_str().to_owned(), v.to_str().ok()?.to_owned())))
            .collect()
    }

    /// Query then form parameters: the RPC parameter set.
    pub fn params(&self) -> impl Iterator<Item = &(String, String)> {
        self.query.iter().chain(&self.form)
    }

    /// The first value of a query or form parameter.
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }
}

/// `a=1&b=%20` → pairs; `+` is a space, as browsers and SDKs send forms.
fn decode_pairs(text: &str) -> Vec<(String, String)> {
    text.split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (decode(k), decode(v))
        })
        .collect()
}

fn decode(text: &str) -> String {
    percent_encoding::percent_decode_str(&text.replace('+', " "))
        .decode_utf8_lossy()
        .into_owned()
}
