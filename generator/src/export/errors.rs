//! Replies: the success reply with the service's envelope around the
//! payload, and the documented errors as responses per HTTP status, each
//! vendor code an example (code, message, hint).

use std::collections::BTreeMap;

use crate::model::{CodeType, EndpointDef, Envelope, ErrorCode, ErrorEntry, Placeholder, ResponseType, Service};

use super::json::{strings, Json, Obj, Put};
use super::schemas::{reference, type_schema};

/// The component holding the error reply's shape. Spec type names are
/// UpperCamelCase without dots, so this key never meets one.
pub const ERROR_COMPONENT: &str = "apigen.ErrorReply";

fn code_schema(code_type: CodeType) -> Obj {
    let mut schema = Obj::new();
    match code_type {
        CodeType::Integer => schema.put("type", "integer").put("format", "int64"),
        CodeType::String => schema.put("type", "string"),
    };
    schema
}

fn code_value(code: &ErrorCode) -> Json {
    match code {
        ErrorCode::Int(i) => Json::from(*i),
        ErrorCode::Str(s) => Json::String(s.clone()),
    }
}

fn string_schema(description: &str) -> Obj {
    let mut schema = Obj::new();
    schema.put("type", "string").put("description", description);
    schema
}

/// The shape of every error reply of the service.
pub fn error_component(service: &Service) -> Obj {
    let mut properties = Obj::new();
    let mut required = Vec::new();
    match &service.envelope {
        Envelope::Wrapped {
            code,
            message,
            error_detail,
            request_id,
            ..
        } => {
            let mut code_schema = code_schema(service.code_type);
            code_schema.put("description", "The vendor's error code (never the success code).");
            properties.put(code, code_schema);
            properties.put(message, string_schema("The vendor's message."));
            required.extend([code.as_str(), message.as_str()]);
            if let Some(detail) = error_detail {
                let mut schema = Obj::new();
                schema
                    .put("type", "object")
                    .put("description", "The vendor's extra error detail.");
                properties.put(detail, schema);
            }
            if let Some(body) = &request_id.body {
                properties.put(body, string_schema("The request's tracing id."));
            }
        }
        Envelope::Flat {
            code,
            message,
            request_id,
            success_flag,
            ..
        } => {
            let mut code_schema = code_schema(service.code_type);
            code_schema.put("description", "The vendor's error code.");
            properties.put(code, code_schema);
            properties.put(message, string_schema("The vendor's message."));
            required.push(code.as_str());
            if let Some(body) = &request_id.body {
                properties.put(body, string_schema("The request's tracing id."));
            }
            if let Some(flag) = success_flag {
                let mut schema = Obj::new();
                schema
                    .put("type", "boolean")
                    .put("const", false)
                    .put("description", "false on an error reply.");
                properties.put(flag, schema);
            }
        }
    }
    let mut schema = Obj::new();
    schema
        .put("title", "ErrorReply")
        .put("description", "An error reply of the service, as its envelope says.")
        .put("type", "object")
        .put("properties", properties)
        .put("required", strings(required));
    schema
}

/// The response headers every reply carries (the request id, when in a header).
fn reply_headers(service: &Service) -> Option<Obj> {
    let header = service.envelope.request_id().header.as_ref()?;
    let mut schema = Obj::new();
    schema.put("type", "string");
    let mut entry = Obj::new();
    entry
        .put("description", "The request's tracing id.")
        .put("schema", schema);
    let mut headers = Obj::new();
    headers.put(header, entry);
    Some(headers)
}

/// The success reply's body schema: the payload inside the envelope.
fn success_schema(service: &Service, endpoint: &EndpointDef) -> Obj {
    let payload = match &endpoint.response_type {
        ResponseType::Generated(name) => reference(name),
        ResponseType::Rust(rust) => type_schema(&crate::model::TypeRef::Rust(rust.clone())).into(),
        ResponseType::File => Json::Object(Obj::new()),
    };
    match &service.envelope {
        Envelope::Wrapped {
            code,
            message,
            data,
            success_code,
            request_id,
            ..
        } => {
            let mut properties = Obj::new();
            let mut code_schema = code_schema(service.code_type);
            code_schema.put("const", code_value(success_code));
            properties.put(code, code_schema);
            properties.put(message, string_schema("The vendor's message."));
            properties.put(data, payload);
            if let Some(body) = &request_id.body {
                properties.put(body, string_schema("The request's tracing id."));
            }
            let mut schema = Obj::new();
            schema
                .put("type", "object")
                .put("properties", properties)
                .put("required", strings([code.as_str()]));
            schema
        }
        // The body is the payload; its fields list the envelope's keys the vendor documents.
        Envelope::Flat { .. } => match payload {
            Json::Object(obj) => obj,
            other => {
                let mut schema = Obj::new();
                schema.put("allOf", vec![other]);
                schema
            }
        },
    }
}

/// The success reply (`200`) with its examples.
pub fn success_response(service: &Service, endpoint: &EndpointDef, examples: Option<Obj>) -> Obj {
    let mut response = Obj::new();
    let mut content = Obj::new();
    if endpoint.response_type == ResponseType::File {
        response.put("description", "The file itself (errors still come in the envelope).");
        let mut schema = Obj::new();
        schema
            .put("type", "string")
            .put("format", "binary")
            .put("contentMediaType", "application/octet-stream");
        let mut media = Obj::new();
        media.put("schema", schema);
        content.put("application/octet-stream", media);
    } else {
        response.put("description", "Success: the payload in the service's envelope.");
        let mut media = Obj::new();
        media.put("schema", success_schema(service, endpoint));
        media.put_some("examples", examples);
        content.put("application/json", media);
    }
    response.put_some("headers", reply_headers(service));
    response.put("content", content);
    response
}

/// One documented error as an example reply.
fn error_example(service: &Service, entry: &ErrorEntry, common: bool) -> Obj {
    let (code_key, message_key) = match &service.envelope {
        Envelope::Wrapped { code, message, .. } | Envelope::Flat { code, message, .. } => (code, message),
    };
    let mut value = Obj::new();
    value
        .put(code_key, code_value(&entry.code))
        .put(message_key, entry.message.as_str());
    if let Envelope::Flat {
        success_flag: Some(flag),
        ..
    } = &service.envelope
    {
        value.put(flag, false);
    }
    let mut example = Obj::new();
    example.put("summary", entry.message.as_str());
    example.put_some("description", entry.hint.as_deref());
    example.put("value", value);
    example.put("x-apigen-name", entry.name.as_str());
    if entry.code.is_template() {
        example.put("x-apigen-code-template", true);
    }
    if !entry.fields.is_empty() {
        let fields: Vec<Json> = entry
            .fields
            .iter()
            .map(|(name, kind)| {
                let mut field = Obj::new();
                field.put("name", name.as_str()).put(
                    "kind",
                    match kind {
                        Placeholder::Integer => "%d",
                        Placeholder::Text => "%s",
                    },
                );
                field.into()
            })
            .collect();
        example.put("x-apigen-fields", fields);
    }
    example.put_some("x-apigen-hint", entry.hint.as_deref());
    if entry.retryable {
        example.put("x-apigen-retryable", true);
    }
    if common {
        example.put("x-apigen-common", true);
    }
    if !entry.when.is_empty() {
        example.put(
            "x-apigen-when",
            strings(entry.when.iter().map(|t| match &t.subject {
                Some(subject) => format!("{}({subject})", t.condition.name()),
                None => t.condition.name().to_owned(),
            })),
        );
    }
    example
}

/// The error responses: one per documented HTTP status (`default` for
/// errors the page gives no status for), each vendor code an example keyed
/// by its variant name (`common.<Name>` for a service-wide error).
pub fn error_responses(service: &Service, endpoint: &EndpointDef) -> Vec<(String, Obj)> {
    let mut by_status: BTreeMap<String, Obj> = BTreeMap::new();
    let all = endpoint
        .errors
        .iter()
        .map(|e| (e, false))
        .chain(service.common_errors.iter().map(|e| (e, true)));
    for (entry, common) in all {
        let statuses: Vec<String> = if entry.http_statuses.is_empty() {
            vec!["default".to_owned()]
        } else {
            entry.http_statuses.iter().map(u16::to_string).collect()
        };
        for status in statuses {
            let examples = by_status.entry(status).or_default();
            let base = if common {
                format!("common.{}", entry.name)
            } else {
                entry.name.clone()
            };
            let mut key = base.clone();
            let mut n = 2;
            while examples.contains_key(&key) {
                key = format!("{base}.{n}");
                n += 1;
            }
            examples.put(&key, error_example(service, entry, common));
        }
    }
    // Numeric statuses in order, `default` last.
    let mut statuses: Vec<(String, Obj)> = by_status.into_iter().collect();
    statuses.sort_by_key(|(status, _)| (status == "default", status.clone()));
    statuses
        .into_iter()
        .map(|(status, examples)| {
            let mut media = Obj::new();
            media.put("schema", reference(ERROR_COMPONENT));
            media.put("examples", examples);
            let mut content = Obj::new();
            content.put("application/json", media);
            let mut response = Obj::new();
            let description = if status == "default" {
                "A vendor error the page documents without an HTTP status.".to_owned()
            } else {
                format!("A vendor error answered with HTTP {status}.")
            };
            response.put("description", description);
            response.put_some("headers", reply_headers(service));
            response.put("content", content);
            (status, response)
        })
        .collect()
}
