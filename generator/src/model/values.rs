//! The model's own small value types: what the YAML layer spells as text or
//! borrows from serde, given meaning once by validation.

use std::fmt;

/// The HTTP methods an endpoint can be called with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Method {
    /// `GET`.
    Get,
    /// `POST`.
    Post,
    /// `PUT`.
    Put,
    /// `PATCH`.
    Patch,
    /// `DELETE`.
    Delete,
}

impl Method {
    /// Every method, in the order specs list them.
    pub const ALL: [Method; 5] = [Method::Get, Method::Post, Method::Put, Method::Patch, Method::Delete];

    /// The method as HTTP spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }

    /// The method spelled `text` (upper case, as HTTP writes it).
    pub fn parse(text: &str) -> Option<Method> {
        Method::ALL.into_iter().find(|m| m.as_str() == text)
    }

    /// Whether repeating a call has no further effect unless the spec says otherwise.
    pub fn idempotent_by_default(self) -> bool {
        matches!(self, Method::Get | Method::Put | Method::Delete)
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A vendor error code (or the success code of a wrapped envelope).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ErrorCode {
    /// `1780001`.
    Int(i64),
    /// `InvalidAccessKeyId.NotFound`.
    Str(String),
}

impl ErrorCode {
    /// Whether the code is a template: `%s` and `%d` stand for parts the
    /// server fills in (`ACS.InvalidParameter.%s`).
    pub fn is_template(&self) -> bool {
        matches!(self, ErrorCode::Str(code) if code.contains("%s") || code.contains("%d"))
    }
}

/// As the vendor sends it: `1780001`, `InvalidAccessKeyId.NotFound`.
impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ErrorCode::Int(i) => write!(f, "{i}"),
            ErrorCode::Str(s) => f.write_str(s),
        }
    }
}

/// A documented enum value on the wire.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Literal {
    /// A JSON integer.
    Int(i64),
    /// A JSON string.
    Str(String),
}

/// As a spec (and JSON) writes it: `3`, `"android"`.
impl fmt::Display for Literal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Literal::Int(i) => write!(f, "{i}"),
            Literal::Str(s) => write!(f, "{s:?}"),
        }
    }
}

/// Whether a service's error codes are integers or strings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeType {
    /// `1780001`.
    Integer,
    /// `InvalidAccessKeyId.NotFound`.
    String,
}

/// Feishu access-token types.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenType {
    /// `tenant_access_token`.
    Tenant,
    /// `user_access_token`.
    User,
    /// `app_access_token`.
    App,
}

/// Alibaba Cloud signature versions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AliyunSignatureVersion {
    /// `ACS3-HMAC-SHA256` in the `Authorization` header.
    V3,
    /// The older `Signature` query parameter, HMAC-SHA1.
    Rpc,
}

/// How the Sangfor signature puts query values into the signed string.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SangforQueryValues {
    /// `k=v` with the decoded UTF-8 text.
    Decoded,
    /// `k=v` percent-encoded as RFC 3986 unreserved characters allow.
    PercentEncoded,
}
