//! What an endpoint and its service are, as data the runtime can act on.

use serde::Serialize;

use super::error_table::{ErrorCode, ErrorTable};

/// An HTTP method.
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
    /// The method as sent on the wire.
    pub const fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }
}

/// Feishu access-token types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TokenType {
    /// `tenant_access_token`: the app acting for a tenant.
    Tenant,
    /// `user_access_token`: the app acting for a signed-in user.
    User,
    /// `app_access_token`: the app itself.
    App,
}

/// Alibaba Cloud signature versions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AliyunSignatureVersion {
    /// `ACS3-HMAC-SHA256` in the `Authorization` header.
    V3,
    /// The RPC `Signature` parameter (HMAC-SHA1).
    Rpc,
}

/// How requests are authenticated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthKind {
    /// `Authorization: Bearer <token>` of this token type.
    Bearer(TokenType),
    /// Alibaba Cloud AccessKey signatures; the first is the default.
    AliyunSignature(&'static [AliyunSignatureVersion]),
    /// Sangfor aTrust `x-ca-*` HMAC-SHA256 signature, with the spec's choice
    /// of how query values are signed (shared with the sandbox).
    SangforSignature(crate::sign::sangfor::QueryEncoding),
}

/// A named auth scheme of a service.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AuthScheme {
    /// The spec's name for it (`tenant_access_token`).
    pub name: &'static str,
    /// What it is.
    pub kind: AuthKind,
}

/// Where a reply carries the vendor's request-tracing id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RequestIdSource {
    /// A response header (`X-Tt-Logid`).
    pub header: Option<&'static str>,
    /// A top-level body key (`traceId`, `RequestId`).
    pub body: Option<&'static str>,
}

/// How replies wrap their payload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Envelope {
    /// `{code, msg, data}`: payload under `data`, success when `code` is the success code.
    Wrapped {
        /// Code key.
        code: &'static str,
        /// Message key.
        message: &'static str,
        /// Payload key.
        data: &'static str,
        /// The success code.
        success_code: ErrorCode,
        /// Tracing id.
        request_id: RequestIdSource,
        /// Key of an extra error-detail object.
        error_detail: Option<&'static str>,
    },
    /// The body is the payload. A reply is a success when `success_flag`
    /// is `true` in it; when it has no such flag, when it has no `code` or
    /// one of `success_codes`.
    Flat {
        /// Code key.
        code: &'static str,
        /// Message key.
        message: &'static str,
        /// Tracing id.
        request_id: RequestIdSource,
        /// Codes that mean success (`"200"` for some Alibaba Cloud products).
        success_codes: &'static [ErrorCode],
        /// A boolean key that decides when the reply has it (`Success`).
        success_flag: Option<&'static str>,
    },
}

/// REST or RPC calls.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CallStyle {
    /// Method + path select the operation.
    Rest,
    /// An action and a version parameter select the operation.
    Rpc {
        /// API version.
        version: &'static str,
        /// Name of the action parameter.
        action_param: &'static str,
        /// Name of the version parameter.
        version_param: &'static str,
    },
}

/// A known base URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BaseUrl {
    /// Short name.
    pub name: &'static str,
    /// URL without trailing slash.
    pub url: &'static str,
    /// Used when the user chooses none.
    pub default: bool,
}

/// A vendor service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceDescriptor {
    /// Id (module name).
    pub id: &'static str,
    /// Title.
    pub title: &'static str,
    /// Known base URLs; empty for on-premises products.
    pub base_urls: &'static [BaseUrl],
    /// Reply envelope.
    pub envelope: Envelope,
    /// Call style.
    pub call_style: CallStyle,
}

/// Where a request parameter goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamLocation {
    /// Into the path template.
    Path,
    /// Into the query string (or the RPC parameters).
    Query,
    /// Into the JSON body.
    Body,
    /// Into an `application/x-www-form-urlencoded` body (Alibaba Cloud's
    /// `formData` parameters on RPC calls; signed with the query).
    Form,
    /// Into a `multipart/form-data` body (uploads): text parts, and the
    /// request's [`crate::FilePart`]s.
    Multipart,
}

/// How a query or form parameter's value is written, as Alibaba Cloud's
/// Tea SDK writes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamStyle {
    /// Scalars as text; an array repeats the key; an object is JSON text.
    Plain,
    /// `Tag.1.Key=a&Tag.1.Value=b`, `SecurityGroupIds.1=x`: every array
    /// element numbered from 1, every object key appended, at any depth.
    RepeatList,
    /// `SystemDisk.Category=x`: an object's keys appended (arrays inside numbered), as `RepeatList` writes them.
    Flat,
    /// The whole value as JSON text in the one parameter.
    Json,
    /// An array's elements joined with `,`.
    Simple,
}

/// One wire parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Param {
    /// Wire name.
    pub name: &'static str,
    /// Location.
    pub location: ParamLocation,
    /// The field's key in the serialized request: the wire name, except for
    /// a path or query parameter whose wire name the body also uses
    /// (`query:type`), which is still sent as `name`.
    pub key: &'static str,
    /// How a query or form value is written.
    pub style: ParamStyle,
}

impl Param {
    const fn at(name: &'static str, location: ParamLocation) -> Param {
        Param {
            name,
            location,
            key: name,
            style: ParamStyle::Plain,
        }
    }

    /// A path parameter.
    pub const fn path(name: &'static str) -> Param {
        Param::at(name, ParamLocation::Path)
    }

    /// A query (or RPC) parameter.
    pub const fn query(name: &'static str) -> Param {
        Param::at(name, ParamLocation::Query)
    }

    /// A JSON body field.
    pub const fn body(name: &'static str) -> Param {
        Param::at(name, ParamLocation::Body)
    }

    /// A form body parameter.
    pub const fn form(name: &'static str) -> Param {
        Param::at(name, ParamLocation::Form)
    }

    /// A multipart body field.
    pub const fn multipart(name: &'static str) -> Param {
        Param::at(name, ParamLocation::Multipart)
    }

    /// The same parameter written in `style`.
    pub const fn styled(self, style: ParamStyle) -> Param {
        Param { style, ..self }
    }

    /// The same parameter under another key in the serialized request.
    pub const fn keyed(self, key: &'static str) -> Param {
        Param { key, ..self }
    }
}

/// A documented quota.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimit {
    /// Calls per second.
    pub per_second: u32,
}

/// Everything the runtime needs to call one endpoint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EndpointDescriptor {
    /// The service.
    pub service: &'static ServiceDescriptor,
    /// Endpoint id.
    pub id: &'static str,
    /// Page title.
    pub summary: &'static str,
    /// Method sent.
    pub method: Method,
    /// Other methods the vendor accepts.
    pub also_accepts: &'static [Method],
    /// Path template with `{name}` placeholders.
    pub path: &'static str,
    /// RPC action.
    pub action: Option<&'static str>,
    /// The auth schemes the endpoint accepts (at least one); the client uses
    /// the first unless the call supplies what another one needs (a user token).
    pub auth: &'static [AuthScheme],
    /// Permission scopes (any one suffices).
    pub scopes: &'static [&'static str],
    /// Documented quota.
    pub rate_limit: Option<RateLimit>,
    /// Whether a retry cannot repeat a side effect.
    pub idempotent: bool,
    /// Fixed headers.
    pub headers: &'static [(&'static str, &'static str)],
    /// Wire parameters.
    pub params: &'static [Param],
    /// Whether the request has a JSON body.
    pub has_body: bool,
}

/// The service [`EndpointDescriptor::UNSET`] names: no service at all.
static UNSET_SERVICE: ServiceDescriptor = ServiceDescriptor {
    id: "",
    title: "",
    base_urls: &[],
    envelope: Envelope::Flat {
        code: "",
        message: "",
        request_id: RequestIdSource {
            header: None,
            body: None,
        },
        success_codes: &[],
        success_flag: None,
    },
    call_style: CallStyle::Rest,
};

impl EndpointDescriptor {
    /// What a descriptor holds where its spec says nothing: no other
    /// methods, action, scopes, quota, headers, parameters or body,
    /// and not idempotent. Generated descriptors set what their spec says
    /// and take the rest from here (`..EndpointDescriptor::UNSET`), which
    /// keeps each one to the lines that describe it. Its service, id,
    /// method and path are placeholders every descriptor sets.
    pub const UNSET: EndpointDescriptor = EndpointDescriptor {
        service: &UNSET_SERVICE,
        id: "",
        summary: "",
        method: Method::Get,
        also_accepts: &[],
        path: "",
        action: None,
        auth: &[],
        scopes: &[],
        rate_limit: None,
        idempotent: false,
        headers: &[],
        params: &[],
        has_body: false,
    };
}

/// A request type that is also its endpoint.
///
/// Only `Serialize` is required: a client sends requests and never decodes
/// them. Generated request types derive `Deserialize` too where the
/// generated code's round-trip setting says (its tests, a sandbox).
pub trait Endpoint: Serialize {
    /// The payload of a successful reply: a serde type, or [`crate::Download`].
    type Response: crate::payload::Payload;
    /// The endpoint's error table.
    type Error: ErrorTable;
    /// The description the runtime calls from.
    const DESCRIPTOR: &'static EndpointDescriptor;

    /// The request's files, by multipart field name (uploads only).
    fn file_parts(&self) -> Vec<(&'static str, &crate::FilePart)> {
        Vec::new()
    }
}
