//! Replies in each vendor's envelope, with its request-tracing id, and the
//! error a spec ties to a failed check.

use axum::http::{HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{json, Map, Value};

use apigen::model::{Condition, EndpointDef, Envelope, ErrorCode, ErrorEntry, Placeholder, RequestIdSource, Service};

/// A check that failed: the condition, what it is about, and the values
/// its error message's placeholders take.
#[derive(Debug, Clone)]
pub struct Refusal {
    /// What happened.
    pub condition: Condition,
    /// The field or auth scheme it concerns.
    pub subject: Option<String>,
    /// Placeholder values by field name (`parameter`, `max_length`, ...).
    pub values: Vec<(&'static str, String)>,
}

impl Refusal {
    /// A failure about nothing in particular.
    pub fn new(condition: Condition) -> Refusal {
        Refusal {
            condition,
            subject: None,
            values: Vec::new(),
        }
    }

    /// A failure about a field or auth scheme.
    pub fn about(condition: Condition, subject: &str) -> Refusal {
        Refusal {
            subject: Some(subject.to_owned()),
            ..Refusal::new(condition)
        }
    }

    /// Adds a placeholder value.
    pub fn with(mut self, name: &'static str, value: impl Into<String>) -> Refusal {
        self.values.push((name, value.into()));
        self
    }
}

/// The error a spec gives for a failure: the endpoint's scoped entry, the
/// common scoped one, then the same two for the bare condition.
pub fn resolve<'a>(
    service: &'a Service,
    endpoint: Option<&'a EndpointDef>,
    failure: &Refusal,
) -> Option<&'a ErrorEntry> {
    let own = endpoint.map(|e| e.errors.as_slice()).unwrap_or_default();
    let find = |entries: &'a [ErrorEntry], subject: Option<&str>| {
        entries.iter().find(|entry| {
            entry
                .when
                .iter()
                .any(|t| t.condition == failure.condition && t.subject.as_deref() == subject)
        })
    };
    let scoped = failure.subject.as_deref();
    scoped
        .and_then(|s| find(own, Some(s)).or_else(|| find(&service.common_errors, Some(s))))
        .or_else(|| find(own, None))
        .or_else(|| find(&service.common_errors, None))
}

/// Fills `%d`/`%s` from the failure's values, by the entry's field names.
pub fn render_message(entry: &ErrorEntry, failure: &Refusal) -> String {
    let mut out = String::with_capacity(entry.message.len());
    let mut fields = entry.fields.iter();
    let mut chars = entry.message.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '%' && matches!(chars.peek(), Some('d' | 's')) {
            chars.next();
            let value = fields.next().and_then(|(name, kind)| {
                let v = failure.values.iter().find(|(n, _)| n == name).map(|(_, v)| v.clone());
                v.or_else(|| (*kind == Placeholder::Integer).then(|| "0".to_owned()))
            });
            out.push_str(&value.unwrap_or_default());
        } else {
            out.push(c);
        }
    }
    out
}

/// A fresh request-tracing id in the vendor's style.
pub fn new_request_id(source: &RequestIdSource) -> String {
    let uuid = uuid::Uuid::new_v4();
    if source.header.is_some() {
        // Feishu log ids: a UTC timestamp followed by 20 upper-case hex digits.
        let now = time::OffsetDateTime::now_utc();
        let hex = uuid.simple().to_string().to_uppercase();
        return format!(
            "{:04}{:02}{:02}{:02}{:02}{:02}{}",
            now.year(),
            u8::from(now.month()),
            now.day(),
            now.hour(),
            now.minute(),
            now.second(),
            &hex[..20]
        );
    }
    match source.body.as_deref() {
        // Alibaba Cloud request ids are upper-case UUIDs.
        Some("RequestId") => uuid.hyphenated().to_string().to_uppercase(),
        // Sangfor trace ids are 16 hex digits.
        _ => uuid.simple().to_string()[..16].to_owned(),
    }
}

/// Builds replies for one service and request.
pub struct Replier<'a> {
    /// The service replying.
    pub service: &'a Service,
    /// The endpoint, when the route is known.
    pub endpoint: Option<&'a EndpointDef>,
    /// This request's tracing id.
    pub request_id: String,
}

impl Replier<'_> {
    /// A success carrying `payload`.
    pub fn success(&self, payload: Value) -> Response {
        self.json(StatusCode::OK, &self.success_body(payload))
    }

    /// The body of a success reply, in the service's envelope.
    pub fn success_body(&self, payload: Value) -> Value {
        match &self.service.envelope {
            Envelope::Wrapped {
                code,
                message,
                data,
                success_code,
                request_id,
                ..
            } => {
                let mut body = Map::new();
                body.insert(code.clone(), code_json(success_code));
                body.insert(data.clone(), payload);
                body.insert(message.clone(), Value::String(self.success_message(message)));
                self.put_body_id(&mut body, request_id);
                Value::Object(body)
            }
            Envelope::Flat {
                code,
                request_id,
                success_codes,
                success_flag,
                ..
            } => {
                let mut body = match payload {
                    Value::Object(map) => map,
                    other => Map::from_iter([("Data".to_owned(), other)]),
                };
                // A vendor that documents a success code (or flag) sends it
                // on every success, whatever the payload's example left out.
                if let Some(success) = success_codes.first() {
                    body.entry(code.clone()).or_insert_with(|| code_json(success));
                }
                if let Some(flag) = success_flag {
                    body.insert(flag.clone(), Value::Bool(true));
                }
                self.put_body_id(&mut body, request_id);
                Value::Object(body)
            }
        }
    }

    /// The error the spec gives for `failure`, or a reply saying the spec
    /// has none (never a bare, envelope-less 400).
    pub fn failure(&self, failure: &Refusal) -> Response {
        match resolve(self.service, self.endpoint, failure) {
            Some(entry) => {
                let status = entry
                    .http_statuses
                    .first()
                    .copied()
                    .unwrap_or(default_status(failure.condition));
                self.error(status, reply_code(entry, failure), &render_message(entry, failure))
            }
            None => {
                let what = match &failure.subject {
                    Some(s) => format!("{}({s})", failure.condition.name()),
                    None => failure.condition.name().to_owned(),
                };
                let code = self.unmapped_code();
                let message = format!(
                    "apigen sandbox: the spec ties no error to `{what}`; add it to an error's `when` in api-specs/{}/",
                    self.service.id
                );
                self.error(default_status(failure.condition), code, &message)
            }
        }
    }

    /// The failure's documented code with another status and message: what
    /// a gateway answers before the service has looked at the request.
    pub fn failure_as(&self, status: u16, failure: &Refusal, message: &str) -> Response {
        let code = match resolve(self.service, self.endpoint, failure) {
            Some(entry) => reply_code(entry, failure),
            None => self.unmapped_code(),
        };
        self.error(status, code, message)
    }

    /// The code of a failure the spec ties to no error.
    pub fn unmapped_code(&self) -> Value {
        match self.service.code_type {
            apigen::model::CodeType::Integer => json!(-1),
            apigen::model::CodeType::String => json!("Sandbox.Unmapped"),
        }
    }

    /// An error reply with a given code and message.
    pub fn error(&self, status: u16, code_value: Value, text: &str) -> Response {
        let mut body = Map::new();
        match &self.service.envelope {
            Envelope::Wrapped {
                code,
                message,
                request_id,
                error_detail,
                ..
            } => {
                body.insert(code.clone(), code_value.clone());
                body.insert(message.clone(), Value::String(text.to_owned()));
                if let Some(detail) = error_detail {
                    body.insert(detail.clone(), self.troubleshooting(&code_value));
                }
                self.put_body_id(&mut body, request_id);
            }
            Envelope::Flat {
                code,
                message,
                request_id,
                success_flag,
                ..
            } => {
                self.put_body_id(&mut body, request_id);
                body.insert(code.clone(), code_value.clone());
                body.insert(message.clone(), Value::String(text.to_owned()));
                if let Some(flag) = success_flag {
                    body.insert(flag.clone(), Value::Bool(false));
                }
                // Alibaba Cloud also names the host and a diagnosis link.
                if let Some(host) = self.default_host() {
                    body.insert("HostId".to_owned(), Value::String(host));
                }
                body.insert(
                    "Recommend".to_owned(),
                    Value::String(format!(
                        "https://api.aliyun.com/troubleshoot?q={}&product={}",
                        code_value.as_str().unwrap_or_default(),
                        self.service.id
                    )),
                );
            }
        }
        let status = StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_REQUEST);
        self.json(status, &Value::Object(body))
    }

    /// A JSON reply with the tracing header when the vendor sends one.
    pub fn json(&self, status: StatusCode, body: &Value) -> Response {
        let mut response = (
            status,
            [(axum::http::header::CONTENT_TYPE, "application/json; charset=utf-8")],
            body.to_string(),
        )
            .into_response();
        self.put_header_id(&mut response);
        response
    }

    /// Adds the request-id header (if the vendor uses one) to any response.
    pub fn put_header_id(&self, response: &mut Response) {
        let header = self.service.envelope.request_id().header.as_deref();
        if let (Some(name), Ok(value)) = (header, HeaderValue::from_str(&self.request_id)) {
            if let Ok(name) = HeaderName::try_from(name) {
                response.headers_mut().insert(name, value);
            }
        }
    }

    fn put_body_id(&self, body: &mut Map<String, Value>, source: &RequestIdSource) {
        if let Some(key) = &source.body {
            body.insert(key.clone(), Value::String(self.request_id.clone()));
        }
    }

    /// Feishu's `error` object: the log id and where to look it up.
    fn troubleshooting(&self, code: &Value) -> Value {
        let origin = self
            .service
            .base_urls
            .iter()
            .find(|b| b.default)
            .map_or("https://open.feishu.cn", |b| b.url.as_str());
        json!({
            "log_id": self.request_id,
            "troubleshooter": format!(
                "排查建议查看(Troubleshooting suggestions): {origin}/search?from=openapi&log_id={}&code={code}",
                self.request_id
            ),
        })
    }

    /// The success message of the endpoint's response example, else `success`.
    fn success_message(&self, key: &str) -> String {
        self.endpoint
            .and_then(|e| {
                e.examples.iter().find_map(|example| match &example.kind {
                    apigen::model::ExampleKind::Response(text) => serde_json::from_str::<Value>(text)
                        .ok()
                        .and_then(|v| v.get(key).and_then(Value::as_str).map(str::to_owned))
                        .filter(|m| !m.is_empty()),
                    apigen::model::ExampleKind::Request { .. } => None,
                })
            })
            .unwrap_or_else(|| "success".to_owned())
    }

    fn default_host(&self) -> Option<String> {
        let url = &self.service.base_urls.iter().find(|b| b.default)?.url;
        Some(url.split("://").nth(1).unwrap_or(url).to_owned())
    }
}

/// The code a failure is answered with: a template code
/// (`ACS.InvalidParameter.%s`) is filled with what the failure is about.
fn reply_code(entry: &ErrorEntry, failure: &Refusal) -> Value {
    if !entry.code.is_template() {
        return code_json(&entry.code);
    }
    let about = failure.subject.as_deref().unwrap_or("Unknown");
    // `%d` first, so a subject holding `%d` stays as it is.
    Value::String(entry.code.to_string().replace("%d", "0").replace("%s", about))
}

/// The vendor code as JSON.
pub fn code_json(code: &ErrorCode) -> Value {
    match code {
        ErrorCode::Int(i) => json!(i),
        ErrorCode::Str(s) => json!(s),
    }
}

/// The status when the spec gives none.
fn default_status(condition: Condition) -> u16 {
    match condition {
        Condition::InternalFault => 500,
        Condition::Throttled => 429,
        Condition::NotFound => 404,
        Condition::AuthMissing
        | Condition::AuthMalformed
        | Condition::AuthInvalid
        | Condition::KeyNotFound
        | Condition::SignatureMismatch
        | Condition::SignatureIncomplete
        | Condition::NonceReused
        | Condition::TimestampExpired => 401,
        _ => 400,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(code: &str) -> ErrorEntry {
        ErrorEntry {
            code: ErrorCode::Str(code.to_owned()),
            name: "InvalidParameter".to_owned(),
            http_statuses: vec![400],
            message: "The parameter is invalid.".to_owned(),
            fields: Vec::new(),
            hint: None,
            retryable: false,
            when: Vec::new(),
        }
    }

    #[test]
    fn a_template_code_is_answered_with_what_the_failure_is_about() {
        let failure = Refusal::about(Condition::WrongType, "CertifyId");
        assert_eq!(
            reply_code(&entry("ACS.InvalidParameter.%s"), &failure),
            json!("ACS.InvalidParameter.CertifyId")
        );
        assert_eq!(reply_code(&entry("Throttling.%d"), &failure), json!("Throttling.0"));
        assert_eq!(
            reply_code(&entry("ACS.%s"), &Refusal::new(Condition::Throttled)),
            json!("ACS.Unknown")
        );
        assert_eq!(reply_code(&entry("Plain"), &failure), json!("Plain"));
    }
}
