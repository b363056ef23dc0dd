//! The YAML spec format as written by users, deserialized as-is.
//!
//! These structs mirror the documents key for key (`deny_unknown_fields`
//! everywhere, so a typo is an error, not a silently ignored key). Meaning is
//! given to them by `crate::validate`, which turns them into `crate::model`.
//! `api-specs/README.md` documents every key.

use indexmap::IndexMap;
use serde::Deserialize;

use super::unique_keys;

/// `service.yaml`: one vendor service and what all its endpoints share.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServiceFile {
    /// Service id; also the Rust module and cargo feature name.
    pub service: String,
    /// Human title.
    pub title: String,
    /// Longer description.
    #[serde(default)]
    pub description: Option<String>,
    /// Where the vendor documents the service.
    #[serde(default)]
    pub docs_url: Option<String>,
    /// Known base URLs; empty for on-premises products (the user must give one).
    #[serde(default)]
    pub base_urls: Vec<BaseUrl>,
    /// Auth schemes by name; endpoints refer to them by that name.
    #[serde(deserialize_with = "unique_keys::map")]
    pub auth: IndexMap<String, AuthScheme>,
    /// How replies wrap their payload and report errors.
    pub envelope: Envelope,
    /// REST (method + path) or RPC (`Action` + `Version`).
    #[serde(default)]
    pub call_style: CallStyle,
    /// Whether vendor error codes are integers or strings.
    pub error_code_type: CodeType,
    /// Errors any endpoint of the service can return.
    #[serde(default)]
    pub common_errors: Vec<ErrorSpec>,
    /// Types shared by several endpoints, by Rust name.
    #[serde(default, deserialize_with = "unique_keys::map")]
    pub types: IndexMap<String, Shape>,
    /// Where the vendor's pages contradict themselves, and what we chose.
    #[serde(default)]
    pub discrepancies: Vec<Discrepancy>,
    /// What the spec says that the pages do not, and where it comes from.
    #[serde(default)]
    pub inferred: Vec<Inferred>,
    /// Free-form notes for readers of the spec.
    #[serde(default)]
    pub notes: Vec<String>,
}

/// One base URL of a service.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BaseUrl {
    /// Short name (`feishu`, `lark`, a region id).
    pub name: String,
    /// The URL, without a trailing slash.
    pub url: String,
    /// Whether clients use it when none is chosen.
    #[serde(default)]
    pub default: bool,
    /// What it is for.
    #[serde(default)]
    pub description: Option<String>,
}

/// How a request proves who sends it.
#[derive(Debug, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum AuthScheme {
    /// `Authorization: Bearer <token>` of one token type.
    Bearer {
        /// Which token: `tenant`, `user` or `app`.
        token_type: TokenType,
        /// What the page says about it.
        #[serde(default)]
        description: Option<String>,
    },
    /// Alibaba Cloud AccessKey signatures (V3 `ACS3-HMAC-SHA256` and/or RPC `HMAC-SHA1`).
    AliyunSignature {
        /// Accepted signature versions, the first being the client default.
        versions: Vec<AliyunSignatureVersion>,
        /// What the vendor says about it.
        #[serde(default)]
        description: Option<String>,
    },
    /// Sangfor aTrust `x-ca-*` HMAC-SHA256 request signature.
    SangforSignature {
        /// Whether query values are signed decoded or percent-encoded (the
        /// public description does not say; client and sandbox both read this).
        query_values: SangforQueryValues,
        /// What the vendor says about it.
        #[serde(default)]
        description: Option<String>,
    },
}

/// How the Sangfor signature puts query values into the signed string.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SangforQueryValues {
    /// `k=v` with the decoded UTF-8 text.
    Decoded,
    /// `k=v` percent-encoded as RFC 3986 unreserved characters allow.
    PercentEncoded,
}

/// Feishu access-token types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TokenType {
    /// `tenant_access_token`.
    Tenant,
    /// `user_access_token`.
    User,
    /// `app_access_token`.
    App,
}

/// Alibaba Cloud signature versions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AliyunSignatureVersion {
    /// `ACS3-HMAC-SHA256` in the `Authorization` header.
    V3,
    /// The older `Signature` query parameter, HMAC-SHA1.
    Rpc,
}

/// How a reply carries its payload and its errors.
#[derive(Debug, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Envelope {
    /// `{code, msg, data}`: the payload sits under `data`.
    Wrapped {
        /// Key of the vendor code.
        code: String,
        /// Key of the message.
        message: String,
        /// Key of the payload.
        data: String,
        /// Code value meaning success.
        success_code: CodeValue,
        /// Where the request-tracing id comes from.
        request_id: RequestIdSource,
        /// Key of an extra error-detail object, if the vendor sends one.
        #[serde(default)]
        error_detail: Option<String>,
    },
    /// The payload is the body itself; a reply is an error when it carries
    /// a code that is not a success code (see `success_codes`, `success_flag`).
    Flat {
        /// Key of the vendor code.
        code: String,
        /// Key of the message.
        message: String,
        /// Where the request-tracing id comes from.
        request_id: RequestIdSource,
        /// Codes that mean success (Alibaba Cloud's cloudauth answers `"Code": "200"`);
        /// without them only a reply with no code is a success.
        #[serde(default)]
        success_codes: Vec<CodeValue>,
        /// A boolean key that, when the reply has it, decides: `true` is a
        /// success and `false` an error, whatever the code (`Success`).
        #[serde(default)]
        success_flag: Option<String>,
    },
}

/// Where the vendor's request-tracing id is found.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RequestIdSource {
    /// A response header.
    #[serde(default)]
    pub header: Option<String>,
    /// A top-level body key.
    #[serde(default)]
    pub body: Option<String>,
}

/// REST or RPC calls.
#[derive(Debug, Default, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum CallStyle {
    /// Method + path decide the operation.
    #[default]
    Rest,
    /// One path; an `Action` parameter and a `Version` decide the operation.
    Rpc {
        /// API version sent with every call.
        version: String,
        /// Parameter carrying the action name.
        #[serde(default = "default_action_param")]
        action_param: String,
        /// Parameter carrying the version.
        #[serde(default = "default_version_param")]
        version_param: String,
    },
}

fn default_action_param() -> String {
    "Action".to_owned()
}

fn default_version_param() -> String {
    "Version".to_owned()
}

/// Whether error codes are numbers or strings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CodeType {
    /// `1780001`.
    Integer,
    /// `InvalidAccessKeyId.NotFound`.
    String,
}

/// An integer or a string value (error codes, enum values).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Deserialize)]
#[serde(untagged)]
pub enum CodeValue {
    /// An integer.
    Int(i64),
    /// A string.
    Str(String),
}

/// One documented error.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ErrorSpec {
    /// The vendor code.
    pub code: CodeValue,
    /// Rust variant name; derived from an ASCII message when absent.
    #[serde(default)]
    pub name: Option<String>,
    /// HTTP status, when the page gives one; a list when the page lists the
    /// same code and message under several statuses.
    #[serde(default)]
    pub http_status: Option<HttpStatus>,
    /// The vendor's message; `%d`/`%s` mark values filled in by the server.
    pub message: String,
    /// Names of the `%d`/`%s` values, in order.
    #[serde(default)]
    pub fields: Vec<String>,
    /// The page's troubleshooting hint.
    #[serde(default)]
    pub hint: Option<String>,
    /// Whether retrying the same request may succeed.
    #[serde(default)]
    pub retryable: bool,
    /// Where this entry comes from when not from the endpoint's page.
    #[serde(default)]
    pub source: Option<String>,
    /// The cases in which the vendor answers with this error, e.g.
    /// `missing`, `unknown_value(device_system)`, `auth_invalid(user_access_token)`.
    /// The sandbox answers from these; see `api-specs/README.md` for the list.
    #[serde(default)]
    pub when: Vec<String>,
}

/// `auth: tenant_access_token` or `auth: [tenant_access_token, user_access_token]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuthNames {
    /// One scheme.
    One(String),
    /// Several, the first being the client's default.
    Several(Vec<String>),
}

impl AuthNames {
    /// The names, in the spec's order.
    pub fn all(&self) -> Vec<&str> {
        match self {
            AuthNames::One(name) => vec![name.as_str()],
            AuthNames::Several(names) => names.iter().map(String::as_str).collect(),
        }
    }
}

/// By hand rather than `untagged`, so a wrong value says what is expected.
impl<'de> Deserialize<'de> for AuthNames {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;

        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = AuthNames;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("an auth scheme's name or a list of them")
            }

            fn visit_str<E: serde::de::Error>(self, name: &str) -> Result<AuthNames, E> {
                Ok(AuthNames::One(name.to_owned()))
            }

            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<AuthNames, A::Error> {
                let mut names = Vec::new();
                while let Some(name) = seq.next_element::<String>()? {
                    names.push(name);
                }
                Ok(AuthNames::Several(names))
            }
        }

        deserializer.deserialize_any(Visitor)
    }
}

/// `http_status: 400` or `http_status: [400, 404]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HttpStatus {
    /// One status.
    One(u16),
    /// Several, the first being the one the sandbox answers with.
    Several(Vec<u16>),
}

/// By hand rather than `untagged`, so a wrong value says what is expected.
impl<'de> Deserialize<'de> for HttpStatus {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;

        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = HttpStatus;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("an HTTP status (`400`) or a list of them (`[400, 404]`)")
            }

            fn visit_u64<E: serde::de::Error>(self, status: u64) -> Result<HttpStatus, E> {
                u16::try_from(status)
                    .map(HttpStatus::One)
                    .map_err(|_| E::invalid_value(serde::de::Unexpected::Unsigned(status), &self))
            }

            fn visit_i64<E: serde::de::Error>(self, status: i64) -> Result<HttpStatus, E> {
                Err(E::invalid_value(serde::de::Unexpected::Signed(status), &self))
            }

            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<HttpStatus, A::Error> {
                let mut statuses = Vec::new();
                while let Some(status) = seq.next_element::<u16>()? {
                    statuses.push(status);
                }
                Ok(HttpStatus::Several(statuses))
            }
        }

        deserializer.deserialize_any(Visitor)
    }
}

impl HttpStatus {
    /// The statuses, in the spec's order.
    pub fn all(&self) -> Vec<u16> {
        match self {
            HttpStatus::One(status) => vec![*status],
            HttpStatus::Several(statuses) => statuses.clone(),
        }
    }
}

/// A field, a parameter or a named type.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Shape {
    /// Type expression: `string`, `integer`, `number`, `boolean`, `object`,
    /// a named type, each optionally followed by `[]` for an array.
    #[serde(rename = "type", default)]
    pub ty: Option<String>,
    /// The vendor's description.
    #[serde(default)]
    pub description: Option<String>,
    /// Whether the field must be present.
    #[serde(default)]
    pub required: Option<bool>,
    /// Rust type name for an inline enum, object or constrained string.
    #[serde(default)]
    pub name: Option<String>,
    /// Rust field name, when the snake_case of the wire name is not wanted.
    #[serde(default)]
    pub rust_name: Option<String>,
    /// Other wire names accepted when decoding.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Enumerated values.
    #[serde(rename = "enum", default)]
    pub enum_values: Option<Vec<EnumValueSpec>>,
    /// Fields of an inline object.
    #[serde(default, deserialize_with = "unique_keys::optional")]
    pub fields: Option<IndexMap<String, Shape>>,
    /// Maximum length in characters.
    #[serde(default)]
    pub max_length: Option<u64>,
    /// Minimum length in characters.
    #[serde(default)]
    pub min_length: Option<u64>,
    /// Characters the value must not contain.
    #[serde(default)]
    pub forbidden_chars: Option<Vec<String>>,
    /// A well-known format: `mac_address` or `yyyyMMdd`.
    #[serde(default)]
    pub format: Option<String>,
    /// How a `mac_address` is sent: `colon_lower` or `dash_upper`.
    #[serde(default)]
    pub mac_style: Option<String>,
    /// How a query or form parameter's value is written (Alibaba Cloud's
    /// parameter styles).
    #[serde(default)]
    pub style: Option<ParamStyleSpec>,
    /// Key under which an array is wrapped on the wire (Alibaba Cloud RPC
    /// sends `{"DeviceInfo": [...]}` for a `DeviceInfo` list).
    #[serde(default)]
    pub item_key: Option<String>,
    /// The page's example value.
    #[serde(default)]
    pub example: Option<serde_yaml::Value>,
    /// Product version that introduced the field.
    #[serde(default)]
    pub since: Option<String>,
}

/// Alibaba Cloud's parameter styles, as its metadata names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ParamStyleSpec {
    /// `Tag.1.Key=…&Tag.1.Value=…`, `SecurityGroupIds.1=…`.
    RepeatList,
    /// `SystemDisk.Category=…`.
    Flat,
    /// JSON text in the one parameter.
    Json,
    /// Elements joined with `,`.
    Simple,
}

/// One enumerated value.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnumValueSpec {
    /// The wire value.
    pub value: CodeValue,
    /// Rust variant name.
    pub name: String,
    /// The vendor's label for the value.
    #[serde(default)]
    pub label: Option<String>,
}

/// `endpoints/*.yaml`: one endpoint.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EndpointFile {
    /// snake_case id, unique in the service; names the Rust items.
    pub id: String,
    /// The page title.
    pub summary: String,
    /// The page's description.
    #[serde(default)]
    pub description: Option<String>,
    /// Where the transcription comes from.
    pub provenance: Provenance,
    /// HTTP method the client sends.
    pub method: String,
    /// Other methods the vendor accepts.
    #[serde(default)]
    pub also_accepts: Vec<String>,
    /// Path, with `{name}` placeholders for path parameters.
    pub path: String,
    /// RPC action name (RPC services only).
    #[serde(default)]
    pub action: Option<String>,
    /// The service auth scheme the endpoint uses, or a list of the schemes
    /// it accepts (Feishu: `[tenant_access_token, user_access_token]`).
    pub auth: AuthNames,
    /// Permission scopes; any one of them allows the call.
    #[serde(default)]
    pub scopes: Vec<String>,
    /// Documented rate limit.
    #[serde(default)]
    pub rate_limit: Option<RateLimit>,
    /// Whether repeating the call has no further effect (defaults by method).
    #[serde(default)]
    pub idempotent: Option<bool>,
    /// Kinds of apps allowed to call it, as the page lists them.
    #[serde(default)]
    pub app_types: Vec<String>,
    /// Product version that introduced the endpoint.
    #[serde(default)]
    pub since: Option<String>,
    /// Parameters.
    #[serde(default)]
    pub request: RequestSpec,
    /// The payload of a successful reply.
    #[serde(default)]
    pub response: ResponseSpec,
    /// Errors the page documents for this endpoint.
    #[serde(default)]
    pub errors: Vec<ErrorSpec>,
    /// How the endpoint pages through a long result, if it does.
    #[serde(default)]
    pub pagination: Option<PaginationSpec>,
    /// The page's examples, corrected where the page is wrong.
    #[serde(default)]
    pub examples: Vec<ExampleSpec>,
    /// Where the page contradicts itself, and what we chose.
    #[serde(default)]
    pub discrepancies: Vec<Discrepancy>,
    /// What the spec says that the page does not, and where it comes from.
    #[serde(default)]
    pub inferred: Vec<Inferred>,
    /// Free-form notes.
    #[serde(default)]
    pub notes: Vec<String>,
}

/// How an endpoint pages.
#[derive(Debug, Deserialize)]
#[serde(tag = "style", rename_all = "snake_case", deny_unknown_fields)]
pub enum PaginationSpec {
    /// A page number and size in the request, a total in the response
    /// (Alibaba Cloud's `CurrentPage` / `PageSize` / `TotalCount`).
    PageNumber {
        /// Request parameter: the 1-based page number.
        page: String,
        /// Request parameter: the page size.
        #[serde(default)]
        size: Option<String>,
        /// Response field: the total number of items.
        total: String,
        /// Response field: the items of this page.
        items: String,
    },
    /// A token in the request and the next one in the reply, with no
    /// has-more flag: the reply's token is empty or absent on the last page
    /// (Alibaba Cloud's `NextToken` / `MaxResults`).
    Token {
        /// Request parameter carrying the token.
        token: String,
        /// Request parameter: the page size.
        #[serde(default)]
        size: Option<String>,
        /// Response field with the next token.
        next: String,
        /// Response field: the items of this page.
        items: String,
    },
    /// A cursor in the request and the next one in the response (Feishu's
    /// `page_token` / `has_more`).
    Cursor {
        /// Request parameter carrying the cursor.
        cursor: String,
        /// Response field with the next cursor.
        next: String,
        /// Response field saying whether there is more.
        has_more: String,
        /// Response field: the items of this page.
        items: String,
    },
}

/// Where a transcription comes from.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Provenance {
    /// File name under `shared/seeds/`, when transcribed from a seed.
    #[serde(default)]
    pub seed: Option<String>,
    /// The vendor page, when the transcription source names it.
    #[serde(default)]
    pub source_url: Option<String>,
    /// The page's last update date (`YYYY-MM-DD`).
    #[serde(default)]
    pub last_updated: Option<String>,
}

/// A documented request quota.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RateLimit {
    /// Calls per second.
    pub per_second: u32,
    /// What the quota applies to (`app`, `tenant`, …).
    #[serde(default)]
    pub scope: Option<String>,
    /// The vendor's page on the limit.
    #[serde(default)]
    pub doc_url: Option<String>,
}

/// The request's parameters by location.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RequestSpec {
    /// Rust name of the request type (default `<Id>Request`).
    #[serde(default)]
    pub name: Option<String>,
    /// Fixed headers other than auth.
    #[serde(default, deserialize_with = "unique_keys::map")]
    pub headers: IndexMap<String, HeaderSpec>,
    /// Path parameters.
    #[serde(default, deserialize_with = "unique_keys::map")]
    pub path: IndexMap<String, Shape>,
    /// Query parameters.
    #[serde(default, deserialize_with = "unique_keys::map")]
    pub query: IndexMap<String, Shape>,
    /// JSON body fields.
    #[serde(default, deserialize_with = "unique_keys::map")]
    pub body: IndexMap<String, Shape>,
    /// Form body fields (`application/x-www-form-urlencoded`; Alibaba
    /// Cloud's `formData` parameters). An endpoint has a JSON or a form body.
    #[serde(default, deserialize_with = "unique_keys::map")]
    pub form: IndexMap<String, Shape>,
    /// Multipart body fields (`multipart/form-data` uploads); `type: file`
    /// marks the file parts.
    #[serde(default, deserialize_with = "unique_keys::map")]
    pub multipart: IndexMap<String, Shape>,
    /// Groups of parameters of which exactly (or at most) one may be given.
    #[serde(default)]
    pub one_of: Vec<OneOfSpec>,
    /// Fields whose validity depends on the value of another field.
    #[serde(default)]
    pub variants: Option<VariantsSpec>,
}

/// A fixed request header.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HeaderSpec {
    /// The fixed value.
    pub value: String,
    /// What the page says.
    #[serde(default)]
    pub description: Option<String>,
}

/// Mutually exclusive parameters, emitted as an enum.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OneOfSpec {
    /// Rust field name of the group in the request type.
    pub field: String,
    /// Rust name of the enum.
    pub name: String,
    /// Wire names of the members.
    pub members: Vec<String>,
    /// `true`: exactly one; `false`: at most one.
    #[serde(default = "yes")]
    pub required: bool,
    /// What the page says about the choice.
    #[serde(default)]
    pub description: Option<String>,
}

fn yes() -> bool {
    true
}

/// Fields valid only for some values of a tag field (Feishu's OS-dependent identifiers).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VariantsSpec {
    /// Wire name of the tag field (an enum-typed body field).
    pub tag: String,
    /// Rust field name of the group in the request type.
    pub field: String,
    /// Rust name of the enum.
    pub name: String,
    /// What the page says.
    #[serde(default)]
    pub description: Option<String>,
    /// One entry per group of tag values sharing the same fields.
    pub cases: Vec<CaseSpec>,
}

/// The fields allowed for some tag values.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CaseSpec {
    /// Tag enum variant names this case covers.
    pub when: Vec<String>,
    /// Rust name of the struct holding the case's fields.
    pub name: String,
    /// Wire names of the fields valid in this case.
    pub fields: Vec<String>,
    /// Wire names of those fields that must be given in this case.
    #[serde(default)]
    pub required: Vec<String>,
    /// Why.
    #[serde(default)]
    pub description: Option<String>,
}

/// The payload of a successful reply.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResponseSpec {
    /// Rust name of the payload type (default `<Id>Response`).
    #[serde(default)]
    pub name: Option<String>,
    /// What the payload is.
    #[serde(default)]
    pub description: Option<String>,
    /// Payload fields.
    #[serde(default, deserialize_with = "unique_keys::map")]
    pub fields: IndexMap<String, Shape>,
    /// Instead of `fields`: an existing Rust type that is the payload
    /// (e.g. `feishu::DeviceRecord`), which must implement serde's traits.
    #[serde(default)]
    pub rust: Option<String>,
    /// Instead of `fields`: a successful reply's body is a file (a
    /// download); errors still come in the envelope.
    #[serde(default)]
    pub file: bool,
}

/// One documented example, decoded or encoded by a generated test.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExampleSpec {
    /// snake_case name; names the generated test.
    pub name: String,
    /// What it shows.
    #[serde(default)]
    pub description: Option<String>,
    /// A request: JSON body and/or query string.
    #[serde(default)]
    pub request: Option<ExampleRequest>,
    /// A full reply body (envelope included) as JSON text.
    #[serde(default)]
    pub response: Option<String>,
    /// What was corrected relative to the page, if anything.
    #[serde(default)]
    pub corrected: Option<String>,
}

/// A request example.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExampleRequest {
    /// Path parameter values.
    #[serde(default, deserialize_with = "unique_keys::map")]
    pub path: IndexMap<String, String>,
    /// The query string, without `?`.
    #[serde(default)]
    pub query: Option<String>,
    /// The JSON body.
    #[serde(default)]
    pub body: Option<String>,
}

/// A place where a vendor page contradicts itself.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Discrepancy {
    /// What it is about (a field, an example).
    pub subject: String,
    /// What the page says.
    pub page: String,
    /// What the spec chose, and why.
    pub resolution: String,
}

/// Something a spec states that its vendor page does not: a value inferred
/// from the page's examples, a convention of the vendor, or another source
/// (the vendor's SDK, another page). Recorded for reviewers, like
/// [`Discrepancy`]; the generator does not read it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Inferred {
    /// The spec key it is about, as a path: `response.fields.RequestId.required`.
    pub subject: String,
    /// Where it comes from, and why it was added.
    pub source: String,
}
