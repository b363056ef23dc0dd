//! The checked, resolved model that emitters and the inventory read.
//!
//! Unlike `crate::spec::ast`, everything here is known to be consistent:
//! type names resolve, Rust names are valid and unique, enum values are
//! distinct, every endpoint's auth scheme is the scheme itself. The model
//! has its own types for everything the YAML layer spells as text (methods,
//! auth kinds, codes, Rust types), so an emitter has nothing left to check.
//! Inline types of the spec are hoisted into [`Service::types`] (shared) and
//! [`EndpointDef::types`] (the endpoint's own), so each is emitted exactly once.

mod rust_type;
mod values;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

pub use rust_type::{RustPath, RustType};
pub use values::{AliyunSignatureVersion, CodeType, ErrorCode, Literal, Method, SangforQueryValues, TokenType};

/// Every service found under a spec directory.
#[derive(Debug, Default)]
pub struct Catalog {
    /// Services in directory-name order.
    pub services: Vec<Service>,
}

/// One vendor service.
#[derive(Debug)]
pub struct Service {
    /// Id: module and feature name.
    pub id: String,
    /// Human title.
    pub title: String,
    /// Longer description.
    pub description: Option<String>,
    /// Vendor docs.
    pub docs_url: Option<String>,
    /// Known base URLs.
    pub base_urls: Vec<BaseUrl>,
    /// Auth schemes; endpoints share them.
    pub auth: Vec<Arc<AuthScheme>>,
    /// Reply envelope.
    pub envelope: Envelope,
    /// REST or RPC.
    pub call_style: CallStyle,
    /// Integer or string error codes.
    pub code_type: CodeType,
    /// Errors every endpoint may return.
    pub common_errors: Vec<ErrorEntry>,
    /// The service's shared types (`types:` and the inline types inside them).
    pub types: Vec<TypeDef>,
    /// Endpoints in file-name order.
    pub endpoints: Vec<EndpointDef>,
    /// Spec files read, for rebuild tracking.
    pub files: Vec<PathBuf>,
}

impl Service {
    /// Every type of the service: the shared ones, then each endpoint's own.
    pub fn all_types(&self) -> impl Iterator<Item = &TypeDef> {
        self.types.iter().chain(self.endpoints.iter().flat_map(|e| &e.types))
    }

    /// Every type of the service by name.
    pub fn type_index(&self) -> HashMap<&str, &TypeDef> {
        self.all_types().map(|t| (t.name.as_str(), t)).collect()
    }
}

/// A base URL.
#[derive(Debug, Clone)]
pub struct BaseUrl {
    /// Short name.
    pub name: String,
    /// URL without trailing slash.
    pub url: String,
    /// Used when none is chosen.
    pub default: bool,
}

/// A named auth scheme.
#[derive(Debug, Clone)]
pub struct AuthScheme {
    /// Name endpoints refer to.
    pub name: String,
    /// What it is.
    pub kind: AuthKind,
    /// The vendor's words.
    pub description: Option<String>,
}

/// The auth schemes an endpoint accepts: at least one, the first being the
/// client's default.
#[derive(Debug, Clone)]
pub struct AuthSchemes(Vec<Arc<AuthScheme>>);

impl AuthSchemes {
    /// The schemes, in order; `None` when there are none.
    pub fn new(schemes: Vec<Arc<AuthScheme>>) -> Option<AuthSchemes> {
        (!schemes.is_empty()).then_some(AuthSchemes(schemes))
    }

    /// Every scheme, the default first.
    pub fn iter(&self) -> impl Iterator<Item = &AuthScheme> {
        self.0.iter().map(|scheme| &**scheme)
    }

    /// The scheme names, for messages: `a` or `a or b`.
    pub fn names(&self) -> String {
        self.iter().map(|s| s.name.as_str()).collect::<Vec<_>>().join(" or ")
    }
}

/// Auth mechanisms the runtime knows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuthKind {
    /// Bearer token of one type.
    Bearer(TokenType),
    /// Alibaba Cloud signatures, default first.
    AliyunSignature(Vec<AliyunSignatureVersion>),
    /// Sangfor `x-ca-*` signature.
    SangforSignature(SangforQueryValues),
}

/// Where the request-tracing id is.
#[derive(Debug, Clone, Default)]
pub struct RequestIdSource {
    /// Header name.
    pub header: Option<String>,
    /// Top-level body key.
    pub body: Option<String>,
}

/// Reply envelope.
#[derive(Debug, Clone)]
pub enum Envelope {
    /// `{code, msg, data}`.
    Wrapped {
        /// Code key.
        code: String,
        /// Message key.
        message: String,
        /// Payload key.
        data: String,
        /// Success code.
        success_code: ErrorCode,
        /// Tracing id.
        request_id: RequestIdSource,
        /// Error detail key.
        error_detail: Option<String>,
    },
    /// Payload is the body.
    Flat {
        /// Code key (absent on success, or one of `success_codes`).
        code: String,
        /// Message key.
        message: String,
        /// Tracing id.
        request_id: RequestIdSource,
        /// Codes that mean success.
        success_codes: Vec<ErrorCode>,
        /// A boolean key that decides success when the reply has it.
        success_flag: Option<String>,
    },
}

impl Envelope {
    /// Where the request-tracing id is.
    pub fn request_id(&self) -> &RequestIdSource {
        match self {
            Envelope::Wrapped { request_id, .. } | Envelope::Flat { request_id, .. } => request_id,
        }
    }
}

/// REST or RPC.
#[derive(Debug, Clone)]
pub enum CallStyle {
    /// Method + path.
    Rest,
    /// `Action` + `Version` parameters.
    Rpc {
        /// API version.
        version: String,
        /// Action parameter name.
        action_param: String,
        /// Version parameter name.
        version_param: String,
    },
}

/// A named Rust type to emit.
#[derive(Debug)]
pub struct TypeDef {
    /// Rust name.
    pub name: String,
    /// Vendor description.
    pub description: Option<String>,
    /// What kind of type.
    pub kind: TypeKind,
    /// The serde directions a client needs it in (from the endpoints that use it).
    pub directions: Directions,
}

/// The serde directions a type is used in: `Serialize` for what a client
/// sends, `Deserialize` for what it receives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Directions {
    /// Sent: part of a request.
    pub serialize: bool,
    /// Received: part of a response.
    pub deserialize: bool,
}

impl Directions {
    /// Used in neither direction (yet).
    pub const NONE: Directions = Directions {
        serialize: false,
        deserialize: false,
    };
    /// Sent only.
    pub const SERIALIZE: Directions = Directions {
        serialize: true,
        deserialize: false,
    };
    /// Received only.
    pub const DESERIALIZE: Directions = Directions {
        serialize: false,
        deserialize: true,
    };
    /// Sent and received.
    pub const BOTH: Directions = Directions {
        serialize: true,
        deserialize: true,
    };

    /// Whether every direction of `other` is in `self`.
    pub fn contains(self, other: Directions) -> bool {
        (self.serialize || !other.serialize) && (self.deserialize || !other.deserialize)
    }

    /// The directions of both.
    pub fn union(self, other: Directions) -> Directions {
        Directions {
            serialize: self.serialize || other.serialize,
            deserialize: self.deserialize || other.deserialize,
        }
    }
}

/// Kinds of emitted types.
#[derive(Debug)]
pub enum TypeKind {
    /// A struct of fields.
    Struct {
        /// Fields in spec order.
        fields: Vec<Field>,
        /// Reject unknown keys when decoding (request-side case structs).
        deny_unknown: bool,
    },
    /// An enumerated value set with a fallback variant.
    Enum {
        /// Integer or string values.
        repr: EnumRepr,
        /// The documented values.
        values: Vec<EnumValue>,
    },
    /// A string with length / character constraints.
    Constrained {
        /// Minimum length in characters.
        min_length: Option<u64>,
        /// Maximum length in characters.
        max_length: Option<u64>,
        /// Characters not allowed.
        forbidden: Vec<char>,
    },
    /// Mutually exclusive parameters: one variant per member.
    OneOf {
        /// The members (wire name, type, docs).
        members: Vec<Field>,
    },
    /// Fields that depend on a tag field's value.
    Tagged {
        /// Wire name of the tag.
        tag_wire: String,
        /// Enum type of the tag.
        tag_type: String,
        /// Variants: tag enum variant → case struct.
        variants: Vec<TaggedVariant>,
    },
}

/// Representation of an enum on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EnumRepr {
    /// JSON integers.
    Integer,
    /// JSON strings.
    String,
}

/// One enum value.
#[derive(Debug, Clone)]
pub struct EnumValue {
    /// Wire value.
    pub value: Literal,
    /// Rust variant name.
    pub name: String,
    /// Vendor label.
    pub label: Option<String>,
}

/// One variant of a tagged enum.
#[derive(Debug, Clone)]
pub struct TaggedVariant {
    /// Variant name (also the tag enum's variant).
    pub name: String,
    /// Label of the tag value.
    pub label: Option<String>,
    /// Case struct holding the variant's fields.
    pub case_type: String,
    /// What the spec says about the case.
    pub case_description: Option<String>,
}

/// A struct field or a parameter.
#[derive(Debug, Clone)]
pub struct Field {
    /// Wire name.
    pub wire: String,
    /// Key in the serialized struct: the wire name, but for a request
    /// parameter whose wire name another location also uses (see [`Param::key`]).
    pub key: String,
    /// Rust name (before keyword escaping).
    pub rust: String,
    /// Type.
    pub ty: TypeRef,
    /// Must be present.
    pub required: bool,
    /// Vendor description.
    pub description: Option<String>,
    /// Extra wire names accepted on decode.
    pub aliases: Vec<String>,
    /// Wire key wrapping an array (Aliyun RPC lists).
    pub item_key: Option<String>,
    /// Serialized inline into the parent (one-of groups, tagged variants).
    pub flatten: bool,
    /// Held in a `Box`: the field's type leads back to its own struct
    /// without an array or a map between (`struct Node { child: Node }`).
    pub boxed: bool,
    /// Version that introduced the field.
    pub since: Option<String>,
}

/// A field's type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TypeRef {
    /// `String`.
    String,
    /// `i64`.
    Integer,
    /// `f64`.
    Number,
    /// `bool`.
    Boolean,
    /// An object the spec does not describe.
    Json,
    /// A MAC address sent in one style.
    MacAddress(MacStyle),
    /// A `yyyyMMdd` day.
    Day,
    /// A named type of the service.
    Named(String),
    /// An array.
    Array(Box<TypeRef>),
    /// An object with string keys and values of one type (`T{}` in a spec;
    /// OpenAPI's `additionalProperties`).
    Map(Box<TypeRef>),
    /// A file to upload (`type: file`, multipart fields only).
    File,
    /// An existing Rust type, written `rust:path::Type` in a spec (the
    /// annotation macro uses it for field types it does not generate).
    Rust(RustType),
}

/// How a MAC address is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MacStyle {
    /// `ac:de:48:00:11:21`.
    ColonLower,
    /// `FE-FC-FE-21-F5-D1`.
    DashUpper,
}

/// Where a request parameter goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamLocation {
    /// Substituted into the path.
    Path,
    /// Query string (or RPC parameters).
    Query,
    /// JSON body.
    Body,
    /// Form body (`application/x-www-form-urlencoded`).
    Form,
    /// Multipart body (`multipart/form-data`).
    Multipart,
}

/// How a query or form parameter's value is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamStyle {
    /// Scalars as text, arrays repeating the key, objects as JSON text.
    Plain,
    /// Every array element numbered from 1 and every object key appended (`Tag.1.Key`).
    RepeatList,
    /// An object's keys appended (`SystemDisk.Category`), written as `RepeatList` writes them.
    Flat,
    /// JSON text.
    Json,
    /// Elements joined with `,`.
    Simple,
}

/// One request parameter on the wire, for the runtime's encoder and the inventory.
#[derive(Debug, Clone)]
pub struct Param {
    /// Wire name.
    pub wire: String,
    /// Location.
    pub location: ParamLocation,
    /// The field's key in the serialized request: the wire name, except for
    /// a path or query parameter whose wire name the body also uses
    /// (`query:type`), which the encoder sends under its wire name.
    pub key: String,
    /// How a query or form value is written.
    pub style: ParamStyle,
}

/// One documented error.
#[derive(Debug, Clone)]
pub struct ErrorEntry {
    /// Vendor code.
    pub code: ErrorCode,
    /// Rust variant name.
    pub name: String,
    /// HTTP statuses the page lists the error under (usually one), in its order.
    pub http_statuses: Vec<u16>,
    /// Message template.
    pub message: String,
    /// Placeholder values: name and kind, in order.
    pub fields: Vec<(String, Placeholder)>,
    /// Troubleshooting hint.
    pub hint: Option<String>,
    /// Retry may succeed.
    pub retryable: bool,
    /// When the vendor answers with it.
    pub when: Vec<Trigger>,
}

/// One case in which the vendor answers with an error: a condition, scoped
/// to one request field (wire name) or auth scheme, or to any when `None`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Trigger {
    /// What happened.
    pub condition: Condition,
    /// The field or auth scheme it is about.
    pub subject: Option<String>,
}

/// What the scope of a [`Condition`]'s subject is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SubjectKind {
    /// A request field's wire name (or a group's field name).
    Field,
    /// An auth scheme's name.
    Auth,
    /// Nothing: the condition takes no subject.
    None,
}

macro_rules! conditions {
    ($($(#[doc = $doc:literal])* $variant:ident = $name:literal, $kind:ident;)*) => {
        /// The cases a spec can tie an error to (`when:` in the spec).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Condition {
            $($(#[doc = $doc])* $variant,)*
        }

        impl Condition {
            /// Every condition with its spec name.
            pub const ALL: &'static [(&'static str, Condition)] = &[$(($name, Condition::$variant)),*];

            /// The name used in specs.
            pub fn name(self) -> &'static str {
                match self {
                    $(Condition::$variant => $name,)*
                }
            }

            /// What its subject may name.
            pub fn subject_kind(self) -> SubjectKind {
                match self {
                    $(Condition::$variant => SubjectKind::$kind,)*
                }
            }
        }
    };
}

conditions! {
    /// The body is not a JSON object.
    MalformedBody = "malformed_body", None;
    /// A required field is absent.
    Missing = "missing", Field;
    /// A value has the wrong JSON type (or a query value does not parse).
    WrongType = "wrong_type", Field;
    /// An enum value outside the documented set.
    UnknownValue = "unknown_value", Field;
    /// A MAC address or date that does not parse.
    BadFormat = "bad_format", Field;
    /// A forbidden character.
    ForbiddenChars = "forbidden_chars", Field;
    /// Longer than `max_length`.
    TooLong = "too_long", Field;
    /// Shorter than `min_length`.
    TooShort = "too_short", Field;
    /// Fields that do not belong to the tag's case, or a case's required field missing.
    VariantMismatch = "variant_mismatch", Field;
    /// None of an exclusive group.
    NoneOf = "none_of", Field;
    /// More than one of an exclusive group.
    SeveralOf = "several_of", Field;
    /// The addressed record does not exist.
    NotFound = "not_found", None;
    /// The record to create exists already.
    Duplicate = "duplicate", None;
    /// A lookup matches several records.
    Ambiguous = "ambiguous", None;
    /// The server failed (fault injection).
    InternalFault = "internal_fault", None;
    /// Over the rate limit.
    Throttled = "throttled", None;
    /// No credentials at all.
    AuthMissing = "auth_missing", Auth;
    /// A token that is not a token of any type.
    AuthMalformed = "auth_malformed", Auth;
    /// An unknown, expired or wrong-type token.
    AuthInvalid = "auth_invalid", Auth;
    /// Credentials the vendor does not know (app id, AccessKey id, API id).
    KeyNotFound = "key_not_found", Auth;
    /// The signature does not match.
    SignatureMismatch = "signature_mismatch", Auth;
    /// A signature parameter or header is missing or malformed.
    SignatureIncomplete = "signature_incomplete", Auth;
    /// A nonce seen before.
    NonceReused = "nonce_reused", Auth;
    /// A timestamp outside the accepted window.
    TimestampExpired = "timestamp_expired", Auth;
}

/// A `%d` or `%s` in a message template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placeholder {
    /// `%d`.
    Integer,
    /// `%s`.
    Text,
}

/// One endpoint.
#[derive(Debug)]
pub struct EndpointDef {
    /// snake_case id.
    pub id: String,
    /// UpperCamel base for item names.
    pub type_base: String,
    /// Page title.
    pub summary: String,
    /// Page description.
    pub description: Option<String>,
    /// Seed file.
    pub seed: Option<String>,
    /// Vendor page.
    pub source_url: Option<String>,
    /// Page date.
    pub last_updated: Option<String>,
    /// Method sent.
    pub method: Method,
    /// Other accepted methods.
    pub also_accepts: Vec<Method>,
    /// Path template.
    pub path: String,
    /// RPC action.
    pub action: Option<String>,
    /// The auth schemes it accepts, of [`Service::auth`]; the first is the default.
    pub auth: AuthSchemes,
    /// Scopes.
    pub scopes: Vec<String>,
    /// Calls per second.
    pub rate_limit: Option<u32>,
    /// Safe to repeat.
    pub idempotent: bool,
    /// Version introduced.
    pub since: Option<String>,
    /// Fixed headers.
    pub headers: Vec<(String, String)>,
    /// The types this endpoint declares: its request and response structs and
    /// their inline enums, objects, groups and constrained strings.
    pub types: Vec<TypeDef>,
    /// Request struct name (a struct in [`EndpointDef::types`]).
    pub request_type: String,
    /// Wire parameters.
    pub params: Vec<Param>,
    /// The request's file fields (multipart uploads), which the endpoint
    /// hands to the encoder by `file_parts`.
    pub files: Vec<Field>,
    /// Whether the request has a JSON body.
    pub has_body: bool,
    /// The response payload type.
    pub response_type: ResponseType,
    /// Error enum name.
    pub error_type: String,
    /// Endpoint errors (common ones live on the service).
    pub errors: Vec<ErrorEntry>,
    /// Examples.
    pub examples: Vec<Example>,
    /// How the endpoint pages, if it does.
    pub pagination: Option<Pagination>,
}

/// The payload type of an endpoint's successful reply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ResponseType {
    /// A struct generated from the spec's `response.fields`, in [`EndpointDef::types`].
    Generated(String),
    /// An existing Rust type (`response.rust`).
    Rust(RustType),
    /// The body of a successful reply is a file (`response.file: true`).
    File,
}

/// How a paged endpoint walks its pages.
#[derive(Debug, Clone)]
pub struct Pagination {
    /// The response field holding one page's items (an array).
    pub items: Field,
    /// The type of one item of [`Pagination::items`].
    pub item: TypeRef,
    /// Page numbers or cursors.
    pub style: PageStyle,
}

/// The paging styles.
#[derive(Debug, Clone)]
pub enum PageStyle {
    /// Request page number (1-based) and size, response total.
    PageNumber {
        /// Request field: page number.
        page: Field,
        /// Request field: page size, if the endpoint takes one.
        size: Option<Field>,
        /// Response field: total item count.
        total: Field,
    },
    /// Request token, response next token; the last page's is empty or absent.
    Token {
        /// Request field: token.
        token: Field,
        /// Request field: page size, if the endpoint takes one.
        size: Option<Field>,
        /// Response field: next token.
        next: Field,
    },
    /// Request cursor, response next cursor and has-more flag.
    Cursor {
        /// Request field: cursor.
        cursor: Field,
        /// Response field: next cursor.
        next: Field,
        /// Response field: whether there is more.
        has_more: Field,
    },
}

/// An example to turn into a test.
#[derive(Debug, Clone)]
pub struct Example {
    /// snake_case name.
    pub name: String,
    /// What it checks.
    pub kind: ExampleKind,
}

/// The kinds of example tests.
#[derive(Debug, Clone)]
pub enum ExampleKind {
    /// The request decodes from and encodes back to this JSON body (plus query/path).
    Request {
        /// JSON body text.
        body: Option<String>,
        /// Query string.
        query: Option<String>,
        /// Path parameter values.
        path: Vec<(String, String)>,
    },
    /// The full reply decodes into the payload type with no unknown key.
    Response(String),
}
