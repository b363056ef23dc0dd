//! Requests to the wire and replies from it, driven by the descriptors.

use std::borrow::Cow;

use serde_json::value::RawValue;
use serde_json::Value;

use super::descriptor::{CallStyle, Endpoint, Envelope, Method, ParamLocation, ParamStyle};
use super::error_table::ErrorCode;
use super::multipart::Part;

/// A request ready to send: the transport adds base URL and auth.
#[derive(Debug, Clone, PartialEq)]
pub struct EncodedRequest {
    /// Method.
    pub method: Method,
    /// Path with parameters substituted and percent-encoded.
    pub path: String,
    /// Query (or RPC) parameters, in descriptor order.
    pub query: Vec<(String, String)>,
    /// Form body parameters, in descriptor order (sent form-urlencoded).
    pub form: Vec<(String, String)>,
    /// Multipart body parts, in descriptor order (text fields, then files).
    pub multipart: Vec<Part>,
    /// Fixed headers.
    pub headers: Vec<(&'static str, &'static str)>,
    /// JSON body.
    pub body: Option<Value>,
}

/// A request that could not be encoded.
#[derive(Debug, thiserror::Error)]
pub enum EncodeError {
    /// The request type did not serialize.
    #[error("request did not serialize: {0}")]
    Serialize(#[from] serde_json::Error),
    /// The request did not serialize to a JSON object.
    #[error("request did not serialize to an object")]
    NotAnObject,
    /// A path parameter is missing or not a scalar.
    #[error("path parameter `{0}` is missing or not a string or number")]
    PathParam(&'static str),
    /// Fields that belong to no location (a GET with body fields).
    #[error("fields {0:?} have no place in a request without a body")]
    Unplaced(Vec<String>),
}

const PATH_SEGMENT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// What `application/x-www-form-urlencoded` leaves as it is (the WHATWG
/// set: letters, digits, `*-._`); a space becomes `+`.
const FORM_VALUE: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'*')
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b' ');

/// Form parameters as an `application/x-www-form-urlencoded` body.
pub fn encode_form(pairs: &[(String, String)]) -> String {
    let part = |text: &str| {
        percent_encoding::utf8_percent_encode(text, FORM_VALUE)
            .to_string()
            .replace(' ', "+")
    };
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", part(k), part(v)))
        .collect::<Vec<_>>()
        .join("&")
}

fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// Appends a query or form parameter written in `style`.
fn push_param(name: &str, value: &Value, style: ParamStyle, out: &mut Vec<(String, String)>) {
    match style {
        ParamStyle::Plain => push_plain(name, value, out),
        ParamStyle::RepeatList | ParamStyle::Flat => flatten(name, value, out),
        ParamStyle::Json if !value.is_null() => out.push((name.to_owned(), value.to_string())),
        ParamStyle::Json => {}
        ParamStyle::Simple => match value {
            Value::Array(items) => {
                let texts: Vec<String> = items.iter().filter_map(scalar_text).collect();
                out.push((name.to_owned(), texts.join(",")));
            }
            other => push_plain(name, other, out),
        },
    }
}

/// Scalars as text; arrays repeat the key; objects as JSON text.
fn push_plain(name: &str, value: &Value, out: &mut Vec<(String, String)>) {
    match value {
        Value::Null => {}
        Value::Array(items) => items.iter().for_each(|item| push_plain(name, item, out)),
        Value::Object(_) => out.push((name.to_owned(), value.to_string())),
        scalar => out.extend(scalar_text(scalar).map(|text| (name.to_owned(), text))),
    }
}

/// The Tea SDK's flattening: `name.<key>` for an object's keys and
/// `name.<n>` (from 1) for an array's elements, down to the scalars.
fn flatten(name: &str, value: &Value, out: &mut Vec<(String, String)>) {
    match value {
        Value::Null => {}
        Value::Object(map) => map.iter().for_each(|(k, v)| flatten(&format!("{name}.{k}"), v, out)),
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                flatten(&format!("{name}.{}", i.saturating_add(1)), item, out);
            }
        }
        scalar => out.extend(scalar_text(scalar).map(|text| (name.to_owned(), text))),
    }
}

/// Splits a request into path, query and body as its descriptor says.
pub fn encode_request<E: Endpoint>(request: &E) -> Result<EncodedRequest, EncodeError> {
    let descriptor = E::DESCRIPTOR;
    let Value::Object(mut fields) = serde_json::to_value(request)? else {
        return Err(EncodeError::NotAnObject);
    };
    let mut path = descriptor.path.to_owned();
    let mut query = Vec::new();
    let mut form = Vec::new();
    let mut multipart = Vec::new();
    if let (
        CallStyle::Rpc {
            version,
            action_param,
            version_param,
        },
        Some(action),
    ) = (descriptor.service.call_style, descriptor.action)
    {
        query.push((action_param.to_owned(), action.to_owned()));
        query.push((version_param.to_owned(), version.to_owned()));
    }
    for param in descriptor.params {
        match param.location {
            ParamLocation::Path => {
                let value = fields.remove(param.key).as_ref().and_then(scalar_text);
                let value = value.ok_or(EncodeError::PathParam(param.name))?;
                let encoded = percent_encoding::utf8_percent_encode(&value, PATH_SEGMENT).to_string();
                path = path.replace(&format!("{{{}}}", param.name), &encoded);
            }
            ParamLocation::Query => {
                if let Some(value) = fields.remove(param.key) {
                    push_param(param.name, &value, param.style, &mut query);
                }
            }
            ParamLocation::Form => {
                if let Some(value) = fields.remove(param.key) {
                    push_param(param.name, &value, param.style, &mut form);
                }
            }
            ParamLocation::Multipart => {
                if let Some(value) = fields.remove(param.key) {
                    let mut texts = Vec::new();
                    push_plain(param.name, &value, &mut texts);
                    multipart.extend(texts.into_iter().map(|(name, value)| Part::Text { name, value }));
                }
            }
            ParamLocation::Body => {}
        }
    }
    fields.retain(|_, value| !value.is_null());
    let body = if descriptor.has_body {
        Some(Value::Object(fields))
    } else if fields.is_empty() {
        None
    } else {
        return Err(EncodeError::Unplaced(fields.keys().cloned().collect()));
    };
    Ok(EncodedRequest {
        method: descriptor.method,
        path,
        query,
        form,
        multipart: {
            let files = request.file_parts().into_iter().map(|(name, file)| Part::File {
                name: name.to_owned(),
                file: file.clone(),
            });
            multipart.extend(files);
            multipart
        },
        headers: descriptor.headers.to_vec(),
        body,
    })
}

/// An error reply, as the vendor's envelope states it.
#[derive(Debug, Clone, PartialEq)]
pub struct VendorError {
    /// Vendor code.
    pub code: ErrorCode,
    /// Vendor message.
    pub message: String,
    /// Request-tracing id found in the body.
    pub request_id: Option<String>,
    /// Extra error detail (Feishu's `error` object).
    pub detail: Option<Value>,
}

/// A reply body that is not what the envelope says.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("reply body is not a valid {service} reply: {problem} (body starts: {excerpt:?})")]
pub struct DecodeError {
    /// The service id.
    pub service: &'static str,
    /// What is wrong.
    pub problem: String,
    /// The first characters of the body.
    pub excerpt: String,
}

/// The first 200 characters of a body, safe to show (only its first bytes
/// are read, however long the body).
pub fn excerpt(body: &[u8]) -> String {
    let head = body.get(..800).unwrap_or(body);
    String::from_utf8_lossy(head).chars().take(200).collect()
}

/// A reply's top-level members in order, each value left as unparsed JSON
/// text and each key borrowed from the body unless it has escapes. A later
/// duplicate key wins, as it does in a `serde_json::Value`.
struct Members<'a>(Vec<(Cow<'a, str>, &'a RawValue)>);

impl<'a> Members<'a> {
    fn get(&self, key: &str) -> Option<&'a RawValue> {
        self.0.iter().rev().find(|(k, _)| k == key).map(|(_, raw)| *raw)
    }
}

impl<'de> serde::Deserialize<'de> for Members<'de> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(MembersVisitor)
    }
}

struct MembersVisitor;

impl<'de> serde::de::Visitor<'de> for MembersVisitor {
    type Value = Members<'de>;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut members = Vec::new();
        while let Some(key) = map.next_key::<Key<'de>>()? {
            members.push((key.0, map.next_value::<&'de RawValue>()?));
        }
        Ok(Members(members))
    }
}

/// An object key, borrowed from the body when it has no escapes.
struct Key<'a>(Cow<'a, str>);

impl<'de> serde::Deserialize<'de> for Key<'de> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(KeyVisitor)
    }
}

struct KeyVisitor;

impl<'de> serde::de::Visitor<'de> for KeyVisitor {
    type Value = Key<'de>;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("an object key")
    }

    fn visit_borrowed_str<E: serde::de::Error>(self, key: &'de str) -> Result<Self::Value, E> {
        Ok(Key(Cow::Borrowed(key)))
    }

    fn visit_str<E: serde::de::Error>(self, key: &str) -> Result<Self::Value, E> {
        Ok(Key(Cow::Owned(key.to_owned())))
    }
}

/// The value of a member, parsed (codes, messages and ids are small).
fn member(members: &Members<'_>, key: &str) -> Option<Value> {
    members.get(key).and_then(|raw| serde_json::from_str(raw.get()).ok())
}

fn text_at(members: &Members<'_>, key: Option<&str>) -> Option<String> {
    key.and_then(|k| member(members, k)).as_ref().and_then(scalar_text)
}

/// Unwraps a reply body: the payload on success, the vendor's error otherwise.
pub fn decode_reply(
    service: &'static str,
    envelope: &Envelope,
    body: &[u8],
) -> Result<Result<Value, VendorError>, DecodeError> {
    decode_reply_traced(service, envelope, body).map(|(result, _)| result)
}

/// [`decode_reply`], also giving the request-tracing id the body carries
/// (Sangfor's `traceId`, Alibaba Cloud's `RequestId`), success or not, from
/// the one parse of the body.
pub fn decode_reply_traced(
    service: &'static str,
    envelope: &Envelope,
    body: &[u8],
) -> Result<(Result<Value, VendorError>, Option<String>), DecodeError> {
    let (result, trace) = decode_reply_raw(service, envelope, body)?;
    let result = match result {
        Ok(payload) => Ok(serde_json::from_str(payload).map_err(|e| DecodeError {
            service,
            problem: format!("not JSON: {e}"),
            excerpt: excerpt(body),
        })?),
        Err(error) => Err(error),
    };
    Ok((result, trace))
}

/// [`decode_reply_traced`] with the payload left as JSON text, for a
/// caller that decodes it straight into its type: the body is scanned
/// once, and only the envelope's own members (code, message, tracing id)
/// are parsed into values. This is what the client does; building a
/// `serde_json::Value` of the whole reply first made decoding two to three
/// times slower than decoding the bytes by hand (BENCHMARKS.md).
pub fn decode_reply_raw<'b>(
    service: &'static str,
    envelope: &Envelope,
    body: &'b [u8],
) -> Result<(Result<&'b str, VendorError>, Option<String>), DecodeError> {
    let fail = |problem: String| DecodeError {
        service,
        problem,
        excerpt: excerpt(body),
    };
    let whole: &RawValue = serde_json::from_slice(body).map_err(|e| fail(format!("not JSON: {e}")))?;
    if !whole.get().starts_with('{') {
        return Err(fail("not a JSON object".to_owned()));
    }
    let members: Members<'_> = serde_json::from_str(whole.get()).map_err(|e| fail(format!("not JSON: {e}")))?;
    match envelope {
        Envelope::Wrapped {
            code,
            message,
            data,
            success_code,
            request_id,
            error_detail,
        } => {
            let trace = text_at(&members, request_id.body);
            let found = member(&members, code).ok_or_else(|| fail(format!("no `{code}` key")))?;
            let found = ErrorCode::from_json(&found).ok_or_else(|| fail(format!("`{code}` is not a code")))?;
            if found.same_as(success_code) {
                // A success without the data member has an empty payload.
                let payload = members.get(data).map_or("{}", |raw| raw.get());
                return Ok((Ok(payload), trace));
            }
            let error = VendorError {
                code: found,
                message: text_at(&members, Some(message)).unwrap_or_default(),
                request_id: trace.clone(),
                detail: error_detail.and_then(|k| member(&members, k)),
            };
            Ok((Err(error), trace))
        }
        Envelope::Flat {
            code,
            message,
            request_id,
            success_codes,
            success_flag,
        } => {
            let trace = text_at(&members, request_id.body);
            let found = match member(&members, code) {
                None | Some(Value::Null) => None,
                Some(found) => {
                    Some(ErrorCode::from_json(&found).ok_or_else(|| fail(format!("`{code}` is not a code")))?)
                }
            };
            let flag = match success_flag.and_then(|key| member(&members, key).map(|v| (key, v))) {
                None | Some((_, Value::Null)) => None,
                Some((_, Value::Bool(flag))) => Some(flag),
                Some((key, _)) => return Err(fail(format!("`{key}` is not a boolean"))),
            };
            let success = match (flag, &found) {
                (Some(flag), _) => flag,
                (None, None) => true,
                (None, Some(found)) => success_codes.iter().any(|s| found.same_as(s)),
            };
            if success {
                // The payload is the whole body, envelope members included.
                return Ok((Ok(whole.get()), trace));
            }
            let Some(found) = found else {
                // `success_flag` is false, yet the reply names no error.
                return Err(fail(format!("the reply is not a success but has no `{code}`")));
            };
            let error = VendorError {
                code: found,
                message: text_at(&members, Some(message)).unwrap_or_default(),
                request_id: trace.clone(),
                detail: None,
            };
            Ok((Err(error), trace))
        }
    }
}

#[cfg(test)]
mod tests {
    use std::borrow::Cow;

    use super::*;
    use crate::descriptor::RequestIdSource;

    const REQUEST_ID: RequestIdSource = RequestIdSource {
        header: None,
        body: Some("RequestId"),
    };

    /// cloudauth's envelope: `"Code": "200"` on success, often with `Success`.
    const CLOUDAUTH: Envelope = Envelope::Flat {
        code: "Code",
        message: "Message",
        request_id: REQUEST_ID,
        success_codes: &[
            ErrorCode::Str(Cow::Borrowed("200")),
            ErrorCode::Str(Cow::Borrowed("Success")),
        ],
        success_flag: Some("Success"),
    };

    /// The rule before success codes: any code is an error.
    const PLAIN: Envelope = Envelope::Flat {
        code: "Code",
        message: "Message",
        request_id: REQUEST_ID,
        success_codes: &[],
        success_flag: None,
    };

    /// Feishu's envelope: `{code, msg, data}`.
    const WRAPPED: Envelope = Envelope::Wrapped {
        code: "code",
        message: "msg",
        data: "data",
        success_code: ErrorCode::Int(0),
        request_id: RequestIdSource {
            header: None,
            body: None,
        },
        error_detail: Some("error"),
    };

    #[test]
    fn the_raw_scan_reads_escaped_keys_and_keeps_the_last_duplicate() {
        let body = r#"{"c\u006fde": 0, "data": {"a": 1}, "msg": "", "data": {"a": 2}}"#;
        let (payload, _) = decode_reply_raw("feishu", &WRAPPED, body.as_bytes()).unwrap();
        assert_eq!(payload.unwrap(), r#"{"a": 2}"#);
        let (payload, _) = decode_reply_raw("feishu", &WRAPPED, br#"{"code": 0}"#).unwrap();
        assert_eq!(payload.unwrap(), "{}", "a success without data has an empty payload");
        let (error, _) =
            decode_reply_raw("feishu", &WRAPPED, br#"{"code": 99, "msg": "no", "error": {"x": 1}}"#).unwrap();
        let error = error.unwrap_err();
        assert_eq!((error.code, error.message.as_str()), (ErrorCode::Int(99), "no"));
        assert_eq!(error.detail, Some(serde_json::json!({"x": 1})));
        for (body, problem) in [
            (&b"[1]"[..], "not a JSON object"),
            (b"{\"code\": 0", "not JSON"),
            (b"{}", "no `code` key"),
        ] {
            let error = decode_reply_raw("feishu", &WRAPPED, body).unwrap_err();
            assert!(error.problem.starts_with(problem), "{}", error.problem);
        }
    }

    fn decode(envelope: &Envelope, body: &str) -> Result<Result<Value, VendorError>, DecodeError> {
        decode_reply("cloudauth", envelope, body.as_bytes())
    }

    #[test]
    fn a_documented_success_code_is_a_success() {
        for body in [
            r#"{"RequestId":"r1","Code":"200","Message":"success","ResultObject":{"Passed":"T"}}"#,
            r#"{"RequestId":"r1","Code":"Success","Message":"ok"}"#,
            r#"{"RequestId":"r1","Code":200}"#,
            r#"{"RequestId":"r1","ResultObject":{}}"#,
        ] {
            let payload = decode(&CLOUDAUTH, body).unwrap().unwrap();
            assert_eq!(payload["RequestId"], "r1", "{body}");
        }
    }

    #[test]
    fn any_other_code_is_the_vendors_error() {
        let error = decode(
            &CLOUDAUTH,
            r#"{"RequestId":"r2","Code":"InvalidParameter","Message":"bad"}"#,
        )
        .unwrap()
        .unwrap_err();
        assert_eq!(error.code, ErrorCode::Str(Cow::Borrowed("InvalidParameter")));
        assert_eq!(error.message, "bad");
        assert_eq!(error.request_id.as_deref(), Some("r2"));
        // Without success codes, today's rule: a code at all is an error.
        assert!(decode(&PLAIN, r#"{"Code":"200"}"#).unwrap().is_err());
        assert!(decode(&PLAIN, r#"{"Code":null,"Data":1}"#).unwrap().is_ok());
    }

    #[test]
    fn the_success_flag_decides_when_present() {
        let failed = decode(&CLOUDAUTH, r#"{"Code":"200","Success":false,"Message":"no"}"#).unwrap();
        assert_eq!(failed.unwrap_err().code, ErrorCode::Str(Cow::Borrowed("200")));
        let ok = decode(&CLOUDAUTH, r#"{"Code":"Busy","Success":true}"#).unwrap();
        assert!(ok.is_ok());
        let no_code = decode(&CLOUDAUTH, r#"{"Success":false,"Message":"no"}"#).unwrap_err();
        assert!(no_code.problem.contains("has no `Code`"), "{no_code}");
        let not_bool = decode(&CLOUDAUTH, r#"{"Success":"true"}"#).unwrap_err();
        assert!(not_bool.problem.contains("`Success` is not a boolean"), "{not_bool}");
    }
}
