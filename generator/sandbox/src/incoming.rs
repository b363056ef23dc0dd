//! An HTTP request, read once into the parts every check needs.

use axum::body::{to_bytes, Body, Bytes};
use axum::http::{HeaderMap, Request};

use crate::limits::Limits;

/// Why a request's body was not read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unread {
    /// Longer than [`Limits::max_body_bytes`], or the connection failed.
    TooLarge,
    /// Not all sent within [`Limits::body_read_timeout`].
    TooSlow,
}

impl Unread {
    /// The HTTP status a gateway answers with.
    pub fn status(self) -> u16 {
        match self {
            Unread::TooLarge => 413,
            Unread::TooSlow => 408,
        }
    }

    /// What went wrong, for the vendor's message field.
    pub fn message(self, limits: &Limits) -> String {
        match self {
            Unread::TooLarge => format!(
                "apigen sandbox: the request body could not be read in full (at most {} bytes are)",
                limits.max_body_bytes
            ),
            Unread::TooSlow => format!(
                "apigen sandbox: the request body did not arrive within {:?}",
                limits.body_read_timeout
            ),
        }
    }
}

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
    /// The parts of a `multipart/form-data` body: a text part's value is a
    /// JSON string, a file part's `{file_name, content_type, size}`.
    pub multipart: Vec<(String, serde_json::Value)>,
}

impl Incoming {
    /// Reads the whole request within the limits. A body that is too long
    /// or too slow leaves the request with an empty body and says why, so
    /// the reply can still be the vendor's.
    pub async fn read(request: Request<Body>, limits: &Limits) -> (Incoming, Option<Unread>) {
        let (parts, body) = request.into_parts();
        let (body, unread) =
            match tokio::time::timeout(limits.body_read_timeout, to_bytes(body, limits.max_body_bytes)).await {
                Ok(Ok(body)) => (body, None),
                Ok(Err(_)) => (Bytes::new(), Some(Unread::TooLarge)),
                Err(_) => (Bytes::new(), Some(Unread::TooSlow)),
            };
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
        let boundary = parts
            .headers
            .get(axum::http::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .filter(|v| v.starts_with("multipart/form-data"))
            .and_then(|v| v.split(';').find_map(|p| p.trim().strip_prefix("boundary=")))
            .map(|b| b.trim_matches('"').to_owned());
        let multipart = match boundary {
            Some(boundary) => multipart_parts(&body, &boundary),
            None => Vec::new(),
        };
        let incoming = Incoming {
            method: parts.method.as_str().to_owned(),
            path: parts.uri.path().to_owned(),
            query,
            headers: parts.headers,
            body,
            form,
            multipart,
        };
        (incoming, unread)
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

/// The parts of a multipart body: each `--boundary` section's
/// `Content-Disposition` name (and file name), and its value.
fn multipart_parts(body: &[u8], boundary: &str) -> Vec<(String, serde_json::Value)> {
    let delimiter = format!("--{boundary}");
    let mut parts = Vec::new();
    let mut rest = body;
    while let Some(start) = find(rest, delimiter.as_bytes()) {
        rest = &rest[start + delimiter.len()..];
        if rest.starts_with(b"--") {
            break;
        }
        let Some(end) = find(rest, delimiter.as_bytes()) else {
            break;
        };
        let section = rest[..end].strip_prefix(b"\r\n").unwrap_or(&rest[..end]);
        let section = section.strip_suffix(b"\r\n").unwrap_or(section);
        if let Some(part) = multipart_part(section) {
            parts.push(part);
        }
        rest = &rest[end..];
    }
    parts
}

/// One section: headers, a blank line, the value.
fn multipart_part(section: &[u8]) -> Option<(String, serde_json::Value)> {
    let split = find(section, b"\r\n\r\n")?;
    let headers = String::from_utf8_lossy(&section[..split]);
    let value = &section[split + 4..];
    let mut name = None;
    let mut file_name = None;
    let mut content_type = None;
    for line in headers.lines() {
        let (key, rest) = line.split_once(':')?;
        match key.trim().to_ascii_lowercase().as_str() {
            "content-disposition" => {
                for param in rest.split(';').map(str::trim) {
                    if let Some(v) = param.strip_prefix("name=") {
                        name = Some(v.trim_matches('"').to_owned());
                    } else if let Some(v) = param.strip_prefix("filename=") {
                        file_name = Some(v.trim_matches('"').to_owned());
                    }
                }
            }
            "content-type" => content_type = Some(rest.trim().to_owned()),
            _ => {}
        }
    }
    let value = match file_name {
        Some(file_name) => serde_json::json!({
            "file_name": file_name,
            "content_type": content_type,
            "size": value.len(),
        }),
        None => serde_json::Value::String(String::from_utf8_lossy(value).into_owned()),
    };
    Some((name?, value))
}

/// Where `needle` first starts in `haystack`.
fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    (!needle.is_empty())
        .then(|| haystack.windows(needle.len()).position(|w| w == needle))
        .flatten()
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
