//! Checks behind the tests generated from each spec's examples.
//!
//! Not part of the client API: generated `#[cfg(test)]` code calls these, and
//! they panic with a message that names what did not hold.

use std::fmt::Debug;

use serde_json::Value;

use super::descriptor::{CallStyle, Endpoint, ParamLocation};
use super::wire::{decode_reply, encode_request};

/// The serialized key of the parameter `wire` at `location`.
fn key_of<E: Endpoint>(location: ParamLocation, wire: &str) -> String {
    E::DESCRIPTOR
        .params
        .iter()
        .find(|p| p.location == location && p.name == wire)
        .map_or(wire, |p| p.key)
        .to_owned()
}

/// A request example: it decodes into `E`, and `E` encodes back to the same
/// path, query parameters and JSON body.
pub fn request_example<E: Endpoint + Debug + serde::de::DeserializeOwned>(
    body: Option<&str>,
    query: Option<&str>,
    path: &[(&str, &str)],
) {
    let request: E = match (body, query) {
        (Some(body), _) => {
            let mut value: Value =
                serde_json::from_str(body).unwrap_or_else(|e| panic!("example body is not JSON: {e}"));
            if let Value::Object(map) = &mut value {
                for (k, v) in path {
                    map.insert(key_of::<E>(ParamLocation::Path, k), Value::String((*v).to_owned()));
                }
                for (k, v) in query.map(query_pairs).unwrap_or_default() {
                    map.insert(key_of::<E>(ParamLocation::Query, &k), Value::String(v));
                }
            }
            serde_json::from_value(value)
                .unwrap_or_else(|e| panic!("example body does not decode into the request: {e}"))
        }
        (None, query) => {
            let mut pairs: Vec<(String, String)> = query
                .map(query_pairs)
                .unwrap_or_default()
                .into_iter()
                .map(|(k, v)| (key_of::<E>(ParamLocation::Query, &k), v))
                .collect();
            pairs.extend(
                path.iter()
                    .map(|(k, v)| (key_of::<E>(ParamLocation::Path, k), (*v).to_owned())),
            );
            let text = serde_urlencoded::to_string(&pairs).unwrap_or_else(|e| panic!("{e}"));
            serde_urlencoded::from_str(&text)
                .unwrap_or_else(|e| panic!("example query does not decode into the request: {e}"))
        }
    };
    let encoded = encode_request(&request).unwrap_or_else(|e| panic!("request {request:?} does not encode: {e}"));
    let mut expected_path = E::DESCRIPTOR.path.to_owned();
    for (k, v) in path {
        expected_path = expected_path.replace(&format!("{{{k}}}"), v);
    }
    assert_eq!(encoded.path, expected_path, "path");
    let mut expected_query = query.map(query_pairs).unwrap_or_default();
    let mut actual_query: Vec<(String, String)> = encoded.query.clone();
    if let CallStyle::Rpc {
        action_param,
        version_param,
        ..
    } = E::DESCRIPTOR.service.call_style
    {
        // The call style adds these; examples show the endpoint's own parameters.
        actual_query.retain(|(k, _)| k != action_param && k != version_param);
    }
    expected_query.sort();
    actual_query.sort();
    assert_eq!(actual_query, expected_query, "query parameters");
    let expected_body: Option<Value> = body.map(|b| serde_json::from_str(b).unwrap_or(Value::Null));
    assert_eq!(encoded.body, expected_body, "JSON body");
}

/// A reply example: the envelope unwraps to a success payload that decodes
/// into `E::Response` with no key left unknown, and survives a round trip.
pub fn response_example<E: Endpoint>(reply: &str)
where
    E::Response: PartialEq + Debug + serde::Serialize + serde::de::DeserializeOwned,
{
    let descriptor = E::DESCRIPTOR;
    let payload = decode_reply(descriptor.service.id, &descriptor.service.envelope, reply.as_bytes())
        .unwrap_or_else(|e| panic!("{e}"))
        .unwrap_or_else(|e| panic!("example is an error reply: {e:?}"));
    let mut unknown = Vec::new();
    let decoded: E::Response = serde_ignored::deserialize(payload, |path| unknown.push(path.to_string()))
        .unwrap_or_else(|e| panic!("example does not decode into the response: {e}"));
    assert!(unknown.is_empty(), "keys the spec does not describe: {unknown:?}");
    let encoded = serde_json::to_value(&decoded).unwrap_or_else(|e| panic!("{e}"));
    let again: E::Response = serde_json::from_value(encoded).unwrap_or_else(|e| panic!("round trip: {e}"));
    assert_eq!(again, decoded, "round trip");
}

fn query_pairs(query: &str) -> Vec<(String, String)> {
    serde_urlencoded::from_str(query).unwrap_or_else(|e| panic!("example query is not a query string: {e}"))
}
