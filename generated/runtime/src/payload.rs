//! What a successful reply becomes: a JSON payload decoded into the
//! endpoint's response type, or, for an endpoint whose reply is a file
//! (Feishu's image and file downloads), the file itself.

use serde::de::{DeserializeOwned, Deserializer, Error as _};
use serde_json::Value;

/// A successful reply's payload type.
pub trait Payload: Sized {
    /// Whether a successful reply's body is the file itself, not the envelope.
    const FILE: bool = false;

    /// The payload of a JSON reply, or why it does not fit.
    fn from_json(value: Value) -> Result<Self, String>;

    /// The payload from its JSON text, decoded straight into the type.
    fn from_json_text(text: &str) -> Result<Self, String>;

    /// The payload decoded from a deserializer standing at it: the reply
    /// scan decodes a wrapped payload on its way through the envelope.
    fn deserialize_payload<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error>;

    /// The payload of a reply whose body is a file; `None` for JSON payloads.
    fn from_file(file: Download) -> Option<Self> {
        let _ = file;
        None
    }
}

/// Every serde type is a JSON payload.
impl<T: DeserializeOwned> Payload for T {
    fn from_json(value: Value) -> Result<Self, String> {
        serde_json::from_value(value).map_err(|e| e.to_string())
    }

    fn from_json_text(text: &str) -> Result<Self, String> {
        serde_json::from_str(text).map_err(|e| e.to_string())
    }

    fn deserialize_payload<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        T::deserialize(deserializer)
    }
}

/// A downloaded file and what the reply said about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Download {
    /// The file's bytes.
    pub bytes: Vec<u8>,
    /// `Content-Type`, as sent.
    pub content_type: Option<String>,
    /// `Content-Length`, as sent (the bytes are the body actually received).
    pub content_length: Option<u64>,
    /// The file name from `Content-Disposition` (`filename*` preferred), if any.
    pub file_name: Option<String>,
}

const JSON_FOR_FILE: &str = "the endpoint answers with a file, but this reply is a JSON payload";

impl Payload for Download {
    const FILE: bool = true;

    fn from_json(_: Value) -> Result<Self, String> {
        Err(JSON_FOR_FILE.to_owned())
    }

    fn from_json_text(_: &str) -> Result<Self, String> {
        Err(JSON_FOR_FILE.to_owned())
    }

    fn deserialize_payload<'de, D: Deserializer<'de>>(_: D) -> Result<Self, D::Error> {
        Err(D::Error::custom(JSON_FOR_FILE))
    }

    fn from_file(file: Download) -> Option<Self> {
        Some(file)
    }
}

impl Download {
    /// A download from a reply's headers and body.
    pub fn from_reply(
        content_type: Option<&str>,
        content_length: Option<&str>,
        disposition: Option<&str>,
        bytes: Vec<u8>,
    ) -> Download {
        Download {
            bytes,
            content_type: content_type.map(str::to_owned),
            content_length: content_length.and_then(|n| n.trim().parse().ok()),
            file_name: disposition.and_then(file_name),
        }
    }
}

/// The file name of a `Content-Disposition` value: `filename*=UTF-8''…`
/// (percent-decoded) over `filename="…"`.
fn file_name(disposition: &str) -> Option<String> {
    let params = disposition.split(';').map(str::trim);
    let mut plain = None;
    for param in params {
        let Some((key, value)) = param.split_once('=') else {
            continue;
        };
        match key.trim().to_ascii_lowercase().as_str() {
            "filename*" => {
                let encoded = value.trim().split_once("''").map_or(value.trim(), |(_, rest)| rest);
                return Some(
                    percent_encoding::percent_decode_str(encoded)
                        .decode_utf8_lossy()
                        .into_owned(),
                );
            }
            "filename" => plain = Some(value.trim().trim_matches('"').to_owned()),
            _ => {}
        }
    }
    plain
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_come_from_content_disposition() {
        assert_eq!(file_name(r#"attachment; filename="a.png""#).as_deref(), Some("a.png"));
        assert_eq!(
            file_name(r#"attachment; filename="x.png"; filename*=UTF-8''%E6%96%87%20件.png"#).as_deref(),
            Some("文 件.png")
        );
        assert_eq!(file_name("inline"), None);
        let download = Download::from_reply(Some("image/png"), Some(" 3 "), None, vec![1, 2, 3]);
        assert_eq!(download.content_length, Some(3));
        assert!(Download::from_json(Value::Null).is_err());
    }
}
