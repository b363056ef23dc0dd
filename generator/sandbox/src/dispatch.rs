//! One request, start to finish: route, authenticate, rate-limit, inject
//! faults, check against the spec, then answer from vendor state.

use std::sync::Arc;
use std::time::Instant;

use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderValue, Request, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{json, Map, Value};

use super::auth::{self, feishu, Caller};
use super::faults::{self, Faults};
use super::incoming::Incoming;
use super::reply::{new_request_id, Refusal, Replier};
use super::request_check::{self, Sources};
use super::routes::EndpointRef;
use super::{vendors, Shared};
use apigen::model::{AuthKind, CallStyle, Condition, EndpointDef, ErrorCode, ResponseType, Service};

/// The axum handler behind every path.
pub async fn handle(State(shared): State<Arc<Shared>>, request: Request<Body>) -> Response {
    let (incoming, unread) = Incoming::read(request, &shared.limits).await;
    if let Some(unread) = unread {
        return unreadable(&shared, &incoming, unread);
    }
    if incoming.method == "POST" && incoming.path == feishu::TENANT_TOKEN_PATH {
        if let Some(service) = shared.bearer_service() {
            return feishu::exchange(&shared, &replier(service, None), &incoming);
        }
    }
    let Some((target, path_params)) = shared.route(&incoming) else {
        return not_found(&shared, &incoming);
    };
    let service = &shared.catalog.services[target.service];
    let endpoint = &service.endpoints[target.endpoint];
    let replier = replier(service, Some(endpoint));
    let (faults, answered) = answer(&shared, target, &incoming, &path_params);
    if let Some(delay) = faults.delay {
        tokio::time::sleep(delay).await;
    }
    match answered {
        Ok(_) if faults.error.is_some() => documented_error(&replier, faults.error.as_deref().unwrap_or_default()),
        Ok(_) if faults.html => bad_gateway(&replier),
        Ok(payload) if faults.malformed => truncated(&replier, payload),
        Ok(payload) if endpoint.response_type == ResponseType::File => file_reply(&replier, endpoint, &payload),
        Ok(payload) => replier.success(payload),
        Err(failure) => {
            let mut response = replier.failure(&failure);
            if failure.condition == Condition::Throttled {
                throttle_headers(endpoint, &mut response);
            }
            response
        }
    }
}

fn replier<'a>(service: &'a Service, endpoint: Option<&'a EndpointDef>) -> Replier<'a> {
    Replier {
        service,
        endpoint,
        request_id: new_request_id(service.envelope.request_id()),
    }
}

/// The checks in the vendor's order, with the faults injected into the
/// call; `Ok` is the payload to send.
///
/// Faults apply only to callers who passed authentication and the rate
/// limit: no one without credentials can hold a connection open with a
/// delay, or use up a fixture's counted faults.
fn answer(
    shared: &Shared,
    target: EndpointRef,
    incoming: &Incoming,
    path_params: &[(String, String)],
) -> (Faults, Result<Value, Refusal>) {
    let service = &shared.catalog.services[target.service];
    let endpoint = &service.endpoints[target.endpoint];
    let admitted = auth::authenticate_any(shared, &endpoint.auth, incoming)
        .and_then(|caller| admit(shared, service, endpoint, &caller).map(|()| caller));
    let caller = match admitted {
        Ok(caller) => caller,
        Err(refusal) => return (Faults::default(), Err(refusal)),
    };
    let faults = faults::for_call(shared, &format!("{}.{}", service.id, endpoint.id), incoming);
    let answered = checked_answer(shared, target, incoming, path_params, &caller, &faults);
    (faults, answered)
}

/// The rest of the checks, for an admitted caller.
fn checked_answer(
    shared: &Shared,
    target: EndpointRef,
    incoming: &Incoming,
    path_params: &[(String, String)],
    caller: &Caller,
    faults: &Faults,
) -> Result<Value, Refusal> {
    let service = &shared.catalog.services[target.service];
    let endpoint = &service.endpoints[target.endpoint];
    if faults.internal {
        return Err(Refusal::new(Condition::InternalFault));
    }
    if faults.throttle {
        return Err(Refusal::new(Condition::Throttled));
    }
    if faults.error.is_some() {
        // Answered as the documented error by the caller; the vendor state
        // (a create) must not change first.
        return Ok(Value::Null);
    }
    let body = json_body(endpoint, incoming)?;
    let rpc = matches!(service.call_style, CallStyle::Rpc { .. });
    let sources = Sources {
        path: path_params,
        query: if rpc {
            incoming.params().collect()
        } else {
            incoming.query.iter().collect()
        },
        body: body.as_ref(),
        form: incoming.form.iter().collect(),
        multipart: &incoming.multipart,
        max_text_bytes: shared.limits.max_text_bytes,
    };
    let args = request_check::check(endpoint, shared.types(target.service), &sources)?;
    match vendors::handler(&service.id, &endpoint.id) {
        Some(handler) => handler(shared, caller, &args),
        None => {
            let canned = vendors::canned(shared, shared.types(target.service), service, endpoint);
            super::paging::page(endpoint, &args, canned)
        }
    }
}

/// The documented per-endpoint, per-app rate limit.
fn admit(shared: &Shared, service: &Service, endpoint: &EndpointDef, caller: &Caller) -> Result<(), Refusal> {
    let Some(per_second) = endpoint.rate_limit.filter(|_| shared.fixtures.rate_limits) else {
        return Ok(());
    };
    let key = format!("{}.{}/{}", service.id, endpoint.id, caller.app);
    let mut limiter = shared
        .state
        .limiter
        .lock()
        .map_err(|_| Refusal::new(Condition::InternalFault))?;
    if limiter.admit(&key, per_second, Instant::now()) {
        Ok(())
    } else {
        Err(Refusal::new(Condition::Throttled))
    }
}

/// The JSON object body of an endpoint that has one (empty counts as `{}`).
fn json_body(endpoint: &EndpointDef, incoming: &Incoming) -> Result<Option<Map<String, Value>>, Refusal> {
    if !endpoint.has_body {
        return Ok(None);
    }
    if incoming.body.iter().all(u8::is_ascii_whitespace) {
        return Ok(Some(Map::new()));
    }
    match serde_json::from_slice(&incoming.body) {
        Ok(Value::Object(map)) => Ok(Some(map)),
        _ => Err(Refusal::new(Condition::MalformedBody)),
    }
}

/// Feishu's rate-limit headers on a throttled reply (the window is one second).
fn throttle_headers(endpoint: &EndpointDef, response: &mut Response) {
    let bearer = endpoint
        .auth
        .iter()
        .any(|scheme| matches!(scheme.kind, AuthKind::Bearer(_)));
    let Some(limit) = endpoint.rate_limit.filter(|_| bearer) else {
        return;
    };
    let headers = response.headers_mut();
    headers.insert("x-ogw-ratelimit-limit", HeaderValue::from(limit));
    headers.insert("x-ogw-ratelimit-reset", HeaderValue::from(1));
}

/// No endpoint: Alibaba Cloud's reply for an unknown action, else a plain 404.
/// A body too long or too slow: the endpoint's (or service's) malformed-body
/// error in the vendor's envelope, with the gateway's status.
fn unreadable(shared: &Shared, incoming: &Incoming, unread: super::incoming::Unread) -> Response {
    // An RPC call's action may be in the body that was not read: then the
    // service's envelope, without an endpoint.
    let (service, endpoint) = match shared.route(incoming) {
        Some((target, _)) => {
            let service = &shared.catalog.services[target.service];
            (service, Some(&service.endpoints[target.endpoint]))
        }
        None => match rpc_service_for(shared, incoming) {
            Some(service) => (service, None),
            None => return not_found(shared, incoming),
        },
    };
    replier(service, endpoint).failure_as(
        unread.status(),
        &Refusal::new(Condition::MalformedBody),
        &unread.message(&shared.limits),
    )
}

/// The RPC service a request is meant for, when it names an action or
/// goes to `/`, as RPC calls do.
fn rpc_service_for<'a>(shared: &'a Shared, incoming: &Incoming) -> Option<&'a Service> {
    let names_action = incoming.header("x-acs-action").is_some() || incoming.param("Action").is_some();
    shared
        .catalog
        .services
        .iter()
        .find(|s| matches!(s.call_style, CallStyle::Rpc { .. }))
        .filter(|_| names_action || incoming.path == "/")
}

fn not_found(shared: &Shared, incoming: &Incoming) -> Response {
    match rpc_service_for(shared, incoming) {
        Some(service) => replier(service, None).error(
            404,
            json!("InvalidAction.NotFound"),
            "Specified api is not found, please check your url and method.",
        ),
        _ => (StatusCode::NOT_FOUND, "404 page not found").into_response(),
    }
}

/// The endpoint's (or the service's common) documented error with `code`,
/// its placeholders left empty; an undocumented code says so.
fn documented_error(replier: &Replier<'_>, code: &str) -> Response {
    let own = replier.endpoint.map(|e| e.errors.as_slice()).unwrap_or_default();
    let rows = || own.iter().chain(&replier.service.common_errors);
    // A row with exactly this code, else one whose code template it fits
    // (`ACS.InvalidParameter.%s` for `ACS.InvalidParameter.Name`), as the client matches.
    let entry = rows().find(|entry| entry.code.to_string() == code).or_else(|| {
        rows().find(|entry| {
            entry.code.is_template()
                && apigen_runtime::error_table::parse_template(&entry.code.to_string(), code).is_some()
        })
    });
    match entry {
        Some(entry) => {
            let text = super::reply::render_message(entry, &Refusal::new(Condition::InternalFault));
            let sent = match &entry.code {
                ErrorCode::Int(i) => serde_json::json!(i),
                ErrorCode::Str(_) => serde_json::json!(code),
            };
            replier.error(entry.http_statuses.first().copied().unwrap_or(400), sent, &text)
        }
        // In the vendor's envelope still, so a client sees the sandbox's note as an error.
        None => replier.error(
            400,
            replier.unmapped_code(),
            &format!("apigen sandbox: X-Apigen-Fault asks for error {code}, which this endpoint does not document"),
        ),
    }
}

/// A download: the canned payload's text (a fixture's string, or one made
/// up) as the file, named after the endpoint.
fn file_reply(replier: &Replier<'_>, endpoint: &EndpointDef, payload: &Value) -> Response {
    let content = match payload {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    };
    let mut response = (
        StatusCode::OK,
        [
            (axum::http::header::CONTENT_TYPE, "application/octet-stream".to_owned()),
            (
                axum::http::header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{}.txt\"", endpoint.id),
            ),
        ],
        content,
    )
        .into_response();
    replier.put_header_id(&mut response);
    response
}

/// A 200 whose JSON breaks off half-way, as a dropped connection leaves it.
fn truncated(replier: &Replier<'_>, payload: Value) -> Response {
    let body = replier.success_body(payload).to_string();
    let half = body.char_indices().nth(body.chars().count() / 2).map_or(0, |(i, _)| i);
    let mut response = (
        StatusCode::OK,
        [(axum::http::header::CONTENT_TYPE, "application/json; charset=utf-8")],
        body[..half].to_owned(),
    )
        .into_response();
    replier.put_header_id(&mut response);
    response
}

/// A gateway's HTML error page instead of the vendor's JSON.
fn bad_gateway(replier: &Replier<'_>) -> Response {
    let mut response = (
        StatusCode::BAD_GATEWAY,
        [(axum::http::header::CONTENT_TYPE, "text/html")],
        "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center></body></html>",
    )
        .into_response();
    replier.put_header_id(&mut response);
    response
}
