//! `multipart/form-data` request bodies: Feishu's image, file and
//! attachment uploads. A request's file fields are [`FilePart`]s, which the
//! endpoint hands over by [`crate::Endpoint::file_parts`]; its other
//! multipart fields are sent as text parts.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A file to upload: its bytes, the file name sent with them, and its type.
#[derive(Clone, PartialEq, Eq)]
pub struct FilePart {
    /// The file name the part carries.
    pub file_name: String,
    /// The part's `Content-Type` (`application/octet-stream` when `None`).
    pub content_type: Option<String>,
    /// The file's bytes.
    pub bytes: Vec<u8>,
}

impl FilePart {
    /// A file called `file_name` holding `bytes`.
    pub fn new(file_name: impl Into<String>, bytes: impl Into<Vec<u8>>) -> FilePart {
        FilePart {
            file_name: file_name.into(),
            content_type: None,
            bytes: bytes.into(),
        }
    }

    /// The same file with a `Content-Type` (`image/png`).
    pub fn content_type(mut self, content_type: impl Into<String>) -> FilePart {
        self.content_type = Some(content_type.into());
        self
    }
}

/// Names and sizes only: a file's bytes are no log's business.
impl std::fmt::Debug for FilePart {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FilePart")
            .field("file_name", &self.file_name)
            .field("content_type", &self.content_type)
            .field("len", &self.bytes.len())
            .finish()
    }
}

/// A file is not part of the request's JSON: it serializes as nothing, and
/// the encoder takes it from [`crate::Endpoint::file_parts`].
impl Serialize for FilePart {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_unit()
    }
}

/// Files are never read back from JSON.
impl<'de> Deserialize<'de> for FilePart {
    fn deserialize<D: Deserializer<'de>>(_: D) -> Result<Self, D::Error> {
        Err(serde::de::Error::custom("a file part is not read from JSON"))
    }
}

/// One part of a multipart body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Part {
    /// A text field.
    Text {
        /// Field name.
        name: String,
        /// Its value.
        value: String,
    },
    /// A file.
    File {
        /// Field name.
        name: String,
        /// The file.
        file: FilePart,
    },
}

/// A quoted header parameter: `"` and line breaks percent-encoded, as
/// browsers write form-data names and file names.
fn quoted(text: &str) -> String {
    text.replace('"', "%22").replace('\r', "%0D").replace('\n', "%0A")
}

/// The body of `parts` with `boundary` (which must not occur in any part).
pub fn encode(parts: &[Part], boundary: &str) -> Vec<u8> {
    let mut body = Vec::new();
    for part in parts {
        body.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
        match part {
            Part::Text { name, value } => {
                body.extend_from_slice(
                    format!("Content-Disposition: form-data; name=\"{}\"\r\n\r\n", quoted(name)).as_bytes(),
                );
                body.extend_from_slice(value.as_bytes());
            }
            Part::File { name, file } => {
                let content_type = file.content_type.as_deref().unwrap_or("application/octet-stream");
                body.extend_from_slice(
                    format!(
                        "Content-Disposition: form-data; name=\"{}\"; filename=\"{}\"\r\nContent-Type: {}\r\n\r\n",
                        quoted(name),
                        quoted(&file.file_name),
                        content_type.replace(['\r', '\n'], "")
                    )
                    .as_bytes(),
                );
                body.extend_from_slice(&file.bytes);
            }
        }
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    body
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_are_written_as_form_data() {
        let parts = [
            Part::Text {
                name: "image_type".to_owned(),
                value: "message".to_owned(),
            },
            Part::File {
                name: "image".to_owned(),
                file: FilePart::new("a \"b\".png", vec![0x89, b'P']).content_type("image/png"),
            },
        ];
        let body = encode(&parts, "XyZ");
        let mut expected = b"--XyZ\r\nContent-Disposition: form-data; name=\"image_type\"\r\n\r\nmessage\r\n".to_vec();
        expected.extend_from_slice(
            b"--XyZ\r\nContent-Disposition: form-data; name=\"image\"; filename=\"a %22b%22.png\"\r\nContent-Type: image/png\r\n\r\n",
        );
        expected.extend_from_slice(&[0x89, b'P']);
        expected.extend_from_slice(b"\r\n--XyZ--\r\n");
        assert_eq!(body, expected);
        assert_eq!(
            format!("{:?}", FilePart::new("x", vec![1; 3])),
            r#"FilePart { file_name: "x", content_type: None, len: 3 }"#
        );
    }
}
