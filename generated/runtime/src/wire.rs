//! Requests to the wire and replies from it, driven by the descriptors.

use std::borrow::Cow;

use serde_json::value::RawValue;
use serde_json::Value;

use super::descriptor::{CallStyle, Endpoint, Envelope, Method, ParamLocation, ParamStyle};
use super::error_table::ErrorCode;
use super::multipart::Part;
use super::payload::Payload;

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

/// The envelope's own members of a reply (code, message, payload, tracing
/// id, detail or flag): at most this many keys are looked for.
const SLOTS: usize = 5;
/// The slot of the envelope's code, and of a wrapped envelope's payload.
const CODE: usize = 0;
const DATA: usize = 2;

/// The top-level members a reply is scanned for, each value left as
/// unparsed JSON text borrowed from the body; every other member is
/// skipped without being stored. A later duplicate key wins, as it does in a
/// `serde_json::Value`.
struct Members<'a> {
    keys: [Option<&'static str>; SLOTS],
    found: [Option<&'a RawValue>; SLOTS],
}

impl<'a> Members<'a> {
    /// Scans `text`, a JSON object, for `keys`, decoding the payload on the
    /// way when `early` asks for it.
    fn scan<T: Payload>(
        text: &'a str,
        keys: [Option<&'static str>; SLOTS],
        early: Option<&mut Early<'_, T>>,
    ) -> Result<Self, serde_json::Error> {
        let mut deserializer = serde_json::Deserializer::from_str(text);
        let found = serde::de::DeserializeSeed::deserialize(Wanted { keys, early }, &mut deserializer)?;
        deserializer.end()?;
        Ok(Members { keys, found })
    }

    fn get(&self, key: &str) -> Option<&'a RawValue> {
        let slot = self.keys.iter().position(|k| *k == Some(key))?;
        self.found.get(slot).copied().flatten()
    }
}

/// A payload decoded during the scan of a wrapped envelope whose code comes
/// before its data, as Feishu writes it: the data is then read once,
/// straight into its type, instead of skipped and read again.
struct Early<'e, T> {
    success: &'e ErrorCode,
    payload: Option<T>,
    /// Set while the payload is decoded, so that a failure there is told
    /// apart from a broken envelope.
    decoding: bool,
}

/// The keys a scan looks for, as a seed that yields what it found.
struct Wanted<'s, 'e, T> {
    keys: [Option<&'static str>; SLOTS],
    early: Option<&'s mut Early<'e, T>>,
}

impl<'de, T: Payload> serde::de::DeserializeSeed<'de> for Wanted<'_, '_, T> {
    type Value = [Option<&'de RawValue>; SLOTS];

    fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de, T: Payload> serde::de::Visitor<'de> for Wanted<'_, '_, T> {
    type Value = [Option<&'de RawValue>; SLOTS];

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(mut self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut found = [None; SLOTS];
        while let Some(slots) = map.next_key_seed(SlotsOf(self.keys))? {
            if slots == 0 {
                map.next_value::<serde::de::IgnoredAny>()?;
                continue;
            }
            if slots & (1 << DATA) != 0 {
                if let Some(early) = self.early.as_deref_mut() {
                    let code = found.get(CODE).copied().flatten().and_then(code_of);
                    if code.is_some_and(|code| code.same_as(early.success)) {
                        early.decoding = true;
                        early.payload = Some(map.next_value_seed(PayloadSeed(std::marker::PhantomData))?);
                        early.decoding = false;
                        continue;
                    }
                }
            }
            let raw = map.next_value::<&'de RawValue>()?;
            for (i, slot) in found.iter_mut().enumerate() {
                if slots & (1 << i) != 0 {
                    *slot = Some(raw);
                }
            }
        }
        Ok(found)
    }
}

/// Decodes a payload where the scan stands.
struct PayloadSeed<T>(std::marker::PhantomData<T>);

impl<'de, T: Payload> serde::de::DeserializeSeed<'de> for PayloadSeed<T> {
    type Value = T;

    fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<T, D::Error> {
        T::deserialize_payload(deserializer)
    }
}

/// Reads an object key as the set of slots (a bit each) whose key it is;
/// escaped keys are compared unescaped, without allocating.
#[derive(Clone, Copy)]
struct SlotsOf([Option<&'static str>; SLOTS]);

impl SlotsOf {
    fn of(self, key: &str) -> u8 {
        self.0
            .iter()
            .enumerate()
            .filter(|(_, k)| **k == Some(key))
            .fold(0, |bits, (i, _)| bits | (1 << i))
    }
}

impl<'de> serde::de::DeserializeSeed<'de> for SlotsOf {
    type Value = u8;

    fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl serde::de::Visitor<'_> for SlotsOf {
    type Value = u8;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("an object key")
    }

    fn visit_str<E: serde::de::Error>(self, key: &str) -> Result<Self::Value, E> {
        Ok(self.of(key))
    }
}

/// The value of a member, parsed (for the error detail, an object).
fn member(members: &Members<'_>, key: &str) -> Option<Value> {
    members.get(key).and_then(|raw| serde_json::from_str(raw.get()).ok())
}

/// A member that is a string, number or boolean, as text; a string is
/// decoded straight from its JSON, without a `Value` in between.
fn text_at(members: &Members<'_>, key: Option<&str>) -> Option<String> {
    let raw = members.get(key?)?.get();
    match raw.as_bytes().first()? {
        b'"' => serde_json::from_str(raw).ok(),
        b'n' | b'[' | b'{' => None,
        // A number or a boolean is its own text.
        _ => Some(raw.to_owned()),
    }
}

/// An error code: a JSON integer or string.
fn code_of(raw: &RawValue) -> Option<ErrorCode> {
    let raw = raw.get();
    match raw.as_bytes().first() {
        Some(b'"') => serde_json::from_str::<String>(raw)
            .ok()
            .map(|s| ErrorCode::Str(Cow::Owned(s))),
        _ => raw.parse::<i64>().ok().map(ErrorCode::Int),
    }
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
        Ok(payload) => {
            Ok(serde_json::from_str(payload).map_err(|e| decode_error(service, body, format!("not JSON: {e}")))?)
        }
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
    // Only an early decode fails in the payload, and none is asked for here.
    scan_reply::<serde::de::IgnoredAny>(envelope, body, None).map_err(|e| match e {
        ScanError::Reply(problem) | ScanError::Payload(problem) => decode_error(service, body, problem),
    })
}

fn decode_error(service: &'static str, body: &[u8], problem: String) -> DecodeError {
    DecodeError {
        service,
        problem,
        excerpt: excerpt(body),
    }
}

/// A successful reply's payload, or the vendor's error, and the reply's
/// tracing id: what the client does with every reply.
pub type PayloadReply<T> = (Result<Result<T, String>, VendorError>, Option<String>);

/// Decodes a reply into the endpoint's payload type `T`: the payload, or
/// why it does not match the spec, or the vendor's error. A wrapped
/// envelope whose code comes before its data (Feishu's) is read in one
/// pass, the payload decoded on the way; otherwise the payload's text is
/// decoded after the scan, as in [`decode_reply_raw`].
pub fn decode_reply_into<T: Payload>(
    service: &'static str,
    envelope: &Envelope,
    body: &[u8],
) -> Result<PayloadReply<T>, DecodeError> {
    let success = match envelope {
        Envelope::Wrapped { success_code, .. } => success_code,
        Envelope::Flat { .. } => return decode_after_scan(service, envelope, body),
    };
    let mut early = Early {
        success,
        payload: None,
        decoding: false,
    };
    match scan_reply(envelope, body, Some(&mut early)) {
        Err(ScanError::Reply(problem)) => Err(decode_error(service, body, problem)),
        Err(ScanError::Payload(problem)) => Ok((Ok(Err(problem)), None)),
        Ok((Err(vendor), trace)) => Ok((Err(vendor), trace)),
        Ok((Ok(text), trace)) => match early.payload {
            Some(payload) => Ok((Ok(Ok(payload)), trace)),
            None => Ok((Ok(T::from_json_text(text)), trace)),
        },
    }
}

fn decode_after_scan<T: Payload>(
    service: &'static str,
    envelope: &Envelope,
    body: &[u8],
) -> Result<PayloadReply<T>, DecodeError> {
    let (result, trace) = decode_reply_raw(service, envelope, body)?;
    Ok((result.map(T::from_json_text), trace))
}

/// Why a scan stopped: the reply is not what the envelope says, or the
/// payload decoded on the way does not match its type.
enum ScanError {
    Reply(String),
    Payload(String),
}

fn scan_reply<'b, T: Payload>(
    envelope: &Envelope,
    body: &'b [u8],
    early: Option<&mut Early<'_, T>>,
) -> Result<(Result<&'b str, VendorError>, Option<String>), ScanError> {
    let fail = ScanError::Reply;
    let text = std::str::from_utf8(body).map_err(|e| fail(format!("not JSON: {e}")))?;
    let keys = match envelope {
        Envelope::Wrapped {
            code,
            message,
            data,
            request_id,
            error_detail,
            ..
        } => [Some(*code), Some(*message), Some(*data), request_id.body, *error_detail],
        Envelope::Flat {
            code,
            message,
            request_id,
            success_flag,
            ..
        } => [Some(*code), Some(*message), None, request_id.body, *success_flag],
    };
    let members = scan(text, keys, early)?;
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
            let found = members.get(code).ok_or_else(|| fail(format!("no `{code}` key")))?;
            let found = code_of(found).ok_or_else(|| fail(format!("`{code}` is not a code")))?;
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
            let found = match members.get(code) {
                // `null` is no code.
                None => None,
                Some(raw) if raw.get() == "null" => None,
                Some(raw) => Some(code_of(raw).ok_or_else(|| fail(format!("`{code}` is not a code")))?),
            };
            let flag = match success_flag.and_then(|key| members.get(key).map(|raw| (key, raw.get()))) {
                None | Some((_, "null")) => None,
                Some((_, "true")) => Some(true),
                Some((_, "false")) => Some(false),
                Some((key, _)) => return Err(fail(format!("`{key}` is not a boolean"))),
            };
            let success = match (flag, &found) {
                (Some(flag), _) => flag,
                (None, None) => true,
                (None, Some(found)) => success_codes.iter().any(|s| found.same_as(s)),
            };
            if success {
                // The payload is the whole body, envelope members included.
                return Ok((Ok(text), trace));
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

/// Scans a reply body for the envelope's `keys`; what is wrong with a body
/// that is not a JSON object is told apart only on that rare path.
fn scan<'a, T: Payload>(
    text: &'a str,
    keys: [Option<&'static str>; SLOTS],
    mut early: Option<&mut Early<'_, T>>,
) -> Result<Members<'a>, ScanError> {
    if text.trim_start().starts_with('{') {
        return Members::scan(text, keys, early.as_deref_mut()).map_err(|e| {
            let in_payload = early.is_some_and(|early| early.decoding);
            if in_payload && e.classify() == serde_json::error::Category::Data {
                ScanError::Payload(e.to_string())
            } else {
                ScanError::Reply(format!("not JSON: {e}"))
            }
        });
    }
    match serde_json::from_str::<serde::de::IgnoredAny>(text) {
        Ok(_) => Err(ScanError::Reply("not a JSON object".to_owned())),
        Err(e) => Err(ScanError::Reply(format!("not JSON: {e}"))),
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

    #[derive(Debug, PartialEq, serde::Deserialize)]
    struct Data {
        a: i64,
    }

    fn into_data(body: &str) -> Result<PayloadReply<Data>, DecodeError> {
        decode_reply_into::<Data>("feishu", &WRAPPED, body.as_bytes())
    }

    #[test]
    fn a_typed_decode_reads_the_payload_wherever_the_code_is() {
        // Code first: the payload is decoded during the scan; data first: after it.
        for body in [
            r#"{"code": 0, "data": {"a": 1}, "msg": "ok"}"#,
            r#"{"data": {"a": 1}, "msg": "ok", "code": 0}"#,
            r#"{"code": 0, "data": {"a": 1, "b": [1, {"c": null}]}}"#,
        ] {
            let (payload, _) = into_data(body).unwrap();
            assert_eq!(payload.unwrap(), Ok(Data { a: 1 }), "{body}");
        }
        // A later code decides, and so does a later payload.
        let (error, _) = into_data(r#"{"code": 0, "data": {"a": 1}, "code": 7, "msg": "no"}"#).unwrap();
        assert_eq!(error.unwrap_err().code, ErrorCode::Int(7));
        let (payload, _) = into_data(r#"{"code": 0, "data": {"a": 1}, "data": {"a": 2}}"#).unwrap();
        assert_eq!(payload.unwrap(), Ok(Data { a: 2 }));
        // An error reply's data is not decoded at all.
        let (error, _) = into_data(r#"{"code": 99, "data": {"a": "x"}, "msg": "no"}"#).unwrap();
        assert_eq!(error.unwrap_err().message, "no");
    }

    #[test]
    fn a_typed_decode_tells_a_mismatched_payload_from_a_broken_body() {
        for body in [
            r#"{"code": 0, "data": {"a": "one"}}"#,
            r#"{"data": {"a": "one"}, "code": 0}"#,
        ] {
            let (payload, _) = into_data(body).unwrap();
            let problem = payload.unwrap().unwrap_err();
            assert!(problem.contains("invalid type"), "{body}: {problem}");
        }
        for body in [
            r#"{"code": 0, "data": {"a": 1,}}"#,
            r#"{"code": 0, "data": {"a": 1}"#,
            "[]",
        ] {
            let error = into_data(body).unwrap_err();
            assert!(error.problem.starts_with("not"), "{body}: {}", error.problem);
        }
        // The flat envelope's payload is the whole body.
        let (payload, trace) =
            decode_reply_into::<Data>("cloudauth", &PLAIN, br#"{"RequestId": "r", "a": 3}"#).unwrap();
        assert_eq!((payload.unwrap(), trace.as_deref()), (Ok(Data { a: 3 }), Some("r")));
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
