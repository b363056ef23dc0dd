//! What an endpoint answers once a request passed every check.
//!
//! The seed endpoints keep vendor state (records created, devices looked
//! up); any other spec'd endpoint answers the fixture's payload for it, else
//! its response example, else a value built from its response schema — so a
//! new endpoint in `api-specs/` is served with no Rust written.

mod aliyun;
pub(crate) mod feishu;
mod sangfor;

use serde_json::{Map, Value};

use super::auth::Caller;
use super::reply::Refusal;
use super::{Shared, TypeLookup};
use apigen::model::{EndpointDef, Envelope, ExampleKind, ResponseType, Service, TypeKind, TypeRef};

/// A stateful endpoint: typed arguments in, payload out.
pub type Handler = fn(&Shared, &Caller, &Map<String, Value>) -> Result<Value, Refusal>;

/// The built-in vendor state, by `(service, endpoint)` id.
pub fn handler(service: &str, endpoint: &str) -> Option<Handler> {
    let handler: Handler = match (service, endpoint) {
        ("feishu", "create_device_record") => feishu::create_device_record,
        ("feishu", "get_my_device_record") => feishu::my_device_record,
        ("feishu", "get_verification") => feishu::verification,
        ("sangfor", "query_device") => sangfor::query_device,
        ("aliyun", "describe_device_info") => aliyun::describe_device_info,
        _ => return None,
    };
    Some(handler)
}

/// The payload of an endpoint without built-in state.
pub fn canned(shared: &Shared, types: TypeLookup<'_>, service: &Service, endpoint: &EndpointDef) -> Value {
    if let Some(payload) = shared
        .fixtures
        .responses
        .get(&format!("{}.{}", service.id, endpoint.id))
    {
        return payload.clone();
    }
    example_payload(service, endpoint).unwrap_or_else(|| match &endpoint.response_type {
        ResponseType::Generated(name) => skeleton(types, &TypeRef::Named(name.clone()), 0),
        // A payload type the specs do not describe: nothing to fill in.
        ResponseType::Rust(_) => Value::Object(Map::new()),
        // A file: its text, from the fixture or made up.
        ResponseType::File => Value::String(format!("apigen sandbox file for {}.{}\n", service.id, endpoint.id)),
    })
}

/// The payload of the endpoint's first response example, out of its envelope.
fn example_payload(service: &Service, endpoint: &EndpointDef) -> Option<Value> {
    let text = endpoint.examples.iter().find_map(|e| match &e.kind {
        ExampleKind::Response(text) => Some(text),
        ExampleKind::Request { .. } => None,
    })?;
    let mut reply: Value = serde_json::from_str(text).ok()?;
    match &service.envelope {
        Envelope::Wrapped { data, .. } => reply.get_mut(data).map(Value::take),
        Envelope::Flat { request_id, .. } => {
            if let (Some(key), Some(object)) = (&request_id.body, reply.as_object_mut()) {
                object.remove(key);
            }
            Some(reply)
        }
    }
}

/// A minimal value of a type: required fields only, zero values, first enum value.
fn skeleton(types: TypeLookup<'_>, ty: &TypeRef, depth: usize) -> Value {
    match ty {
        TypeRef::String | TypeRef::MacAddress(_) => Value::String(String::new()),
        TypeRef::Day => Value::String("20240101".to_owned()),
        TypeRef::Integer => Value::from(0),
        TypeRef::Number => Value::from(0.0),
        TypeRef::Boolean => Value::Bool(false),
        TypeRef::Json | TypeRef::Rust(_) | TypeRef::Map(_) | TypeRef::File => Value::Object(Map::new()),
        TypeRef::Array(_) => Value::Array(Vec::new()),
        // Recursive types stop at a fixed depth with an empty object.
        TypeRef::Named(_) if depth > 8 => Value::Object(Map::new()),
        TypeRef::Named(name) => match types.get(name.as_str()).map(|t| &t.kind) {
            Some(TypeKind::Struct { fields, .. }) => Value::Object(
                fields
                    .iter()
                    .filter(|f| f.required)
                    .map(|f| (f.wire.clone(), skeleton(types, &f.ty, depth + 1)))
                    .collect(),
            ),
            Some(TypeKind::Enum { values, .. }) => values.first().map_or(Value::Null, |v| literal_json(&v.value)),
            _ => Value::String(String::new()),
        },
    }
}

/// Milliseconds since the Unix epoch.
fn unix_millis() -> u64 {
    u64::try_from(time::OffsetDateTime::now_utc().unix_timestamp_nanos() / 1_000_000).unwrap_or_default()
}

/// An enum value as JSON.
fn literal_json(value: &apigen::model::Literal) -> Value {
    match value {
        apigen::model::Literal::Int(i) => Value::from(*i),
        apigen::model::Literal::Str(s) => Value::from(s.as_str()),
    }
}
