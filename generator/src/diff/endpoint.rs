//! A service and its endpoints: everything but the shapes of their types.

use std::collections::{HashMap, HashSet};

use super::change::{Change, ChangeKind, Severity};
use super::shape::{self, Where};
use crate::model::{EndpointDef, ErrorEntry, Pagination, Param, ResponseType, Service};

/// Compares two versions of one service.
pub(super) fn service(old: &Service, new: &Service, changes: &mut Vec<Change>) {
    let first = changes.len();
    compare(old, new, changes);
    // The type pass and the endpoint pass each find changes of one
    // endpoint: group them, service-wide ones first, endpoints in the new
    // tree's order and removed ones last (a stable sort keeps each group's order).
    let order: HashMap<&str, usize> = new
        .endpoints
        .iter()
        .enumerate()
        .map(|(i, e)| (e.id.as_str(), i))
        .collect();
    if let Some(group) = changes.get_mut(first..) {
        group.sort_by_key(|c| match &c.endpoint {
            None => (0, 0),
            Some(id) => order.get(id.as_str()).map_or((2, 0), |i| (1, *i)),
        });
    }
}

fn compare(old: &Service, new: &Service, changes: &mut Vec<Change>) {
    let at = Where {
        service: &new.id,
        endpoint: None,
    };
    wire(&at, old, new, changes);
    auth_schemes(&at, old, new, changes);
    errors(
        &at,
        "common_errors",
        "CommonError",
        &old.common_errors,
        &new.common_errors,
        changes,
    );
    shape::types(old, new, changes);
    let old_endpoints: HashMap<&str, &EndpointDef> = old.endpoints.iter().map(|e| (e.id.as_str(), e)).collect();
    let new_ids: HashSet<&str> = new.endpoints.iter().map(|e| e.id.as_str()).collect();
    for endpoint in &new.endpoints {
        let at = Where {
            service: &new.id,
            endpoint: Some(&endpoint.id),
        };
        match old_endpoints.get(endpoint.id.as_str()) {
            Some(before) => self::endpoint(&at, before, endpoint, changes),
            None => changes.push(at.change(
                "",
                ChangeKind::EndpointAdded,
                Severity::Minor,
                format!(
                    "new: `{}` ({} {}), the client's `{}` method",
                    endpoint.request_type, endpoint.method, endpoint.path, endpoint.id
                ),
            )),
        }
    }
    for endpoint in old.endpoints.iter().filter(|e| !new_ids.contains(e.id.as_str())) {
        let at = Where {
            service: &new.id,
            endpoint: Some(&endpoint.id),
        };
        changes.push(at.change(
            "",
            ChangeKind::EndpointRemoved,
            Severity::Major,
            format!(
                "`{}`, its error enum and the client's `{}` method are gone: code that calls them no longer compiles",
                endpoint.request_type, endpoint.id
            ),
        ));
    }
}

/// Base URLs, envelope and call style: how the client talks, not its types.
fn wire(at: &Where<'_>, old: &Service, new: &Service, changes: &mut Vec<Change>) {
    let default_url = |s: &Service| s.base_urls.iter().find(|b| b.default).map(|b| b.url.clone());
    let urls = |s: &Service| {
        s.base_urls
            .iter()
            .map(|b| format!("{}={}", b.name, b.url))
            .collect::<Vec<_>>()
            .join(", ")
    };
    if default_url(old) != default_url(new) {
        changes.push(
            at.change(
                "base_urls",
                ChangeKind::ServiceWireChanged,
                Severity::Minor,
                "a client built without `.base_url(..)` talks to another host".to_owned(),
            )
            .values(default_url(old), default_url(new)),
        );
    } else if urls(old) != urls(new) {
        changes.push(
            at.change(
                "base_urls",
                ChangeKind::ServiceWireChanged,
                Severity::Patch,
                "other named base URLs; the default is unchanged".to_owned(),
            )
            .values(Some(urls(old)), Some(urls(new))),
        );
    }
    let envelope = |s: &Service| format!("{:?}", s.envelope);
    if envelope(old) != envelope(new) {
        changes.push(at.change(
            "envelope",
            ChangeKind::ServiceWireChanged,
            Severity::Patch,
            "replies are unwrapped differently; the payload types are compared below".to_owned(),
        ));
    }
    let style = |s: &Service| format!("{:?}", s.call_style);
    if style(old) != style(new) {
        changes.push(
            at.change(
                "call_style",
                ChangeKind::ServiceWireChanged,
                Severity::Patch,
                "requests are addressed differently (REST or RPC, API version); no code change".to_owned(),
            )
            .values(Some(style(old)), Some(style(new))),
        );
    }
}

fn auth_schemes(at: &Where<'_>, old: &Service, new: &Service, changes: &mut Vec<Change>) {
    let old_schemes: HashMap<&str, _> = old.auth.iter().map(|s| (s.name.as_str(), &s.kind)).collect();
    let new_names: HashSet<&str> = new.auth.iter().map(|s| s.name.as_str()).collect();
    for scheme in &new.auth {
        let here = format!("auth.{}", scheme.name);
        match old_schemes.get(scheme.name.as_str()) {
            None => changes.push(at.change(
                &here,
                ChangeKind::AuthSchemeChanged,
                Severity::Minor,
                format!("a new way to authenticate, `{}`", scheme.name),
            )),
            Some(kind) if **kind != scheme.kind => changes.push(
                at.change(
                    &here,
                    ChangeKind::AuthSchemeChanged,
                    Severity::Major,
                    format!(
                        "`{}` takes other credentials now; clients built with the old ones are refused",
                        scheme.name
                    ),
                )
                .values(Some(format!("{kind:?}")), Some(format!("{:?}", scheme.kind))),
            ),
            Some(_) => {}
        }
    }
    for scheme in old.auth.iter().filter(|s| !new_names.contains(s.name.as_str())) {
        changes.push(at.change(
            &format!("auth.{}", scheme.name),
            ChangeKind::AuthSchemeChanged,
            Severity::Major,
            format!(
                "`{}` is gone: the builder's credentials for it no longer exist",
                scheme.name
            ),
        ));
    }
}

fn endpoint(at: &Where<'_>, old: &EndpointDef, new: &EndpointDef, changes: &mut Vec<Change>) {
    route(at, old, new, changes);
    auth(at, old, new, changes);
    limits(at, old, new, changes);
    paging(at, old.pagination.as_ref(), new.pagination.as_ref(), changes);
    errors(at, "errors", &new.error_type, &old.errors, &new.errors, changes);
    params(at, &old.params, &new.params, changes);
    if old.request_type != new.request_type {
        changes.push(renamed(at, "request", &old.request_type, &new.request_type));
    }
    match (&old.response_type, &new.response_type) {
        (ResponseType::Generated(a), ResponseType::Generated(b)) if a != b => {
            changes.push(renamed(at, "response", a, b));
        }
        (a, b) if a != b => changes.push(
            at.change(
                "response",
                ChangeKind::FieldRetyped,
                Severity::Major,
                "the reply's payload has another type: code that reads it no longer compiles".to_owned(),
            )
            .values(Some(response_text(a)), Some(response_text(b))),
        ),
        _ => {}
    }
    if old.last_updated != new.last_updated || old.source_url != new.source_url {
        let same_page = old.source_url == new.source_url;
        let text = |e: &EndpointDef| {
            let date = e.last_updated.as_deref().unwrap_or("-");
            if same_page {
                format!("updated {date}")
            } else {
                format!("{} {date}", e.source_url.as_deref().unwrap_or("-"))
            }
        };
        changes.push(
            at.change(
                "provenance",
                ChangeKind::DocsChanged,
                Severity::Patch,
                "the page it is transcribed from moved or was updated; the doc comments say so".to_owned(),
            )
            .values(Some(text(old)), Some(text(new))),
        );
    }
    if old.summary != new.summary || old.description != new.description {
        changes.push(at.change(
            "description",
            ChangeKind::DocsChanged,
            Severity::Patch,
            "the doc comments change".to_owned(),
        ));
    }
}

/// A parameter sent elsewhere, or written in another style: its field is
/// the same, so only the wire changes.
fn params(at: &Where<'_>, old: &[Param], new: &[Param], changes: &mut Vec<Change>) {
    let before: HashMap<&str, &Param> = old.iter().map(|p| (p.key.as_str(), p)).collect();
    for param in new {
        let Some(was) = before.get(param.key.as_str()) else {
            continue;
        };
        if was.location != param.location || was.style != param.style {
            let text = |p: &Param| format!("{} {:?}", shape::location_name(p), p.style);
            changes.push(
                at.change(
                    &format!("request.{}.{}", shape::location_name(param), param.wire),
                    ChangeKind::ParamMoved,
                    Severity::Patch,
                    "sent elsewhere in the request, or written differently; the field is the same".to_owned(),
                )
                .values(Some(text(was)), Some(text(param))),
            );
        }
    }
}

fn renamed(at: &Where<'_>, here: &str, old: &str, new: &str) -> Change {
    at.change(
        here,
        ChangeKind::TypeRenamed,
        Severity::Major,
        format!("the type is now `{new}`: code that names `{old}` no longer compiles"),
    )
    .values(Some(old.to_owned()), Some(new.to_owned()))
}

fn response_text(response: &ResponseType) -> String {
    match response {
        ResponseType::Generated(name) => name.clone(),
        ResponseType::Rust(rust) => format!("rust:{}", rust.tokens()),
        ResponseType::File => "file".to_owned(),
    }
}

fn route(at: &Where<'_>, old: &EndpointDef, new: &EndpointDef, changes: &mut Vec<Change>) {
    let text = |e: &EndpointDef| {
        let action = e.action.as_deref().map(|a| format!(" action={a}")).unwrap_or_default();
        format!("{} {}{action}", e.method, e.path)
    };
    if text(old) != text(new) {
        changes.push(
            at.change(
                "route",
                ChangeKind::RouteChanged,
                Severity::Patch,
                "the call goes elsewhere; the request type and the client method stay the same".to_owned(),
            )
            .values(Some(text(old)), Some(text(new))),
        );
    }
    if old.also_accepts != new.also_accepts {
        let list = |e: &EndpointDef| e.also_accepts.iter().map(|m| m.as_str()).collect::<Vec<_>>().join(", ");
        changes.push(
            at.change(
                "also_accepts",
                ChangeKind::RouteChanged,
                Severity::Patch,
                "other methods the server accepts; the client sends the same one".to_owned(),
            )
            .values(Some(list(old)), Some(list(new))),
        );
    }
    if old.headers != new.headers {
        let list = |e: &EndpointDef| {
            e.headers
                .iter()
                .map(|(k, v)| format!("{k}: {v}"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        changes.push(
            at.change(
                "headers",
                ChangeKind::HeadersChanged,
                Severity::Patch,
                "the client sends other fixed headers".to_owned(),
            )
            .values(Some(list(old)), Some(list(new))),
        );
    }
}

fn auth(at: &Where<'_>, old: &EndpointDef, new: &EndpointDef, changes: &mut Vec<Change>) {
    let names = |e: &EndpointDef| e.auth.iter().map(|s| s.name.clone()).collect::<Vec<_>>();
    let (before, after) = (names(old), names(new));
    if before == after {
        return;
    }
    let removed: Vec<&String> = before.iter().filter(|n| !after.contains(n)).collect();
    let (severity, consequence) = if !removed.is_empty() {
        (
            Severity::Major,
            format!(
                "calls authenticated with {} are refused now",
                removed.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")
            ),
        )
    } else if before.first() != after.first() {
        (
            Severity::Minor,
            format!(
                "the client authenticates with `{}` unless the call supplies another scheme's credentials",
                after.first().map_or("", String::as_str)
            ),
        )
    } else {
        (Severity::Minor, "more ways to authenticate the call".to_owned())
    };
    changes.push(
        at.change("auth", ChangeKind::AuthChanged, severity, consequence)
            .values(Some(before.join(", ")), Some(after.join(", "))),
    );
}

fn limits(at: &Where<'_>, old: &EndpointDef, new: &EndpointDef, changes: &mut Vec<Change>) {
    if old.scopes != new.scopes {
        changes.push(
            at.change(
                "scopes",
                ChangeKind::ScopesChanged,
                Severity::Patch,
                "the app needs one of other permission scopes; no code change".to_owned(),
            )
            .values(Some(old.scopes.join(", ")), Some(new.scopes.join(", "))),
        );
    }
    if old.rate_limit != new.rate_limit {
        let text = |limit: Option<u32>| limit.map_or_else(|| "none".to_owned(), |n| format!("{n}/s"));
        changes.push(
            at.change(
                "rate_limit",
                ChangeKind::RateLimitChanged,
                Severity::Patch,
                format!(
                    "the client paces these calls at {} instead of {}",
                    text(new.rate_limit),
                    text(old.rate_limit)
                ),
            )
            .values(Some(text(old.rate_limit)), Some(text(new.rate_limit))),
        );
    }
    if old.idempotent != new.idempotent {
        let consequence = if new.idempotent {
            "the client now repeats this call after a timeout or a lost reply"
        } else {
            "the client no longer repeats this call after a timeout or a lost reply"
        };
        changes.push(
            at.change(
                "idempotent",
                ChangeKind::IdempotencyChanged,
                Severity::Patch,
                consequence.to_owned(),
            )
            .values(Some(old.idempotent.to_string()), Some(new.idempotent.to_string())),
        );
    }
}

fn paging(at: &Where<'_>, old: Option<&Pagination>, new: Option<&Pagination>, changes: &mut Vec<Change>) {
    let text = |p: &Pagination| format!("{:?} items={}", p.style, p.items.wire);
    let id = at.endpoint.unwrap_or_default();
    let change = match (old, new) {
        (None, None) => None,
        (None, Some(p)) => Some((
            Severity::Minor,
            format!("the client gains `{id}_stream`, every item of every page"),
            None,
            Some(text(p)),
        )),
        (Some(p), None) => Some((
            Severity::Major,
            format!("the client's `{id}_stream` is gone: code that walks the pages no longer compiles"),
            Some(text(p)),
            None,
        )),
        (Some(a), Some(b)) if text(a) != text(b) => Some((
            Severity::Patch,
            format!("`{id}_stream` walks the pages by other fields; its signature is the same"),
            Some(text(a)),
            Some(text(b)),
        )),
        (Some(_), Some(_)) => None,
    };
    if let Some((severity, consequence, before, after)) = change {
        changes.push(
            at.change("pagination", ChangeKind::PagingChanged, severity, consequence)
                .values(before, after),
        );
    }
}

/// An error table: rows by code.
fn errors(
    at: &Where<'_>,
    section: &str,
    enum_name: &str,
    old: &[ErrorEntry],
    new: &[ErrorEntry],
    changes: &mut Vec<Change>,
) {
    // A code is a row's identity when each table has it once; rows that
    // share a code (told apart by their message, as Sangfor's 7201 rows
    // are) are matched by code and variant name.
    let mut counts: HashMap<String, (usize, usize)> = HashMap::new();
    for e in old {
        counts.entry(e.code.to_string()).or_default().0 += 1;
    }
    for e in new {
        counts.entry(e.code.to_string()).or_default().1 += 1;
    }
    let key = |e: &ErrorEntry| {
        let code = e.code.to_string();
        if counts.get(&code).is_some_and(|c| c.0 <= 1 && c.1 <= 1) {
            code
        } else {
            format!("{code}.{}", e.name)
        }
    };
    let old_rows: HashMap<String, &ErrorEntry> = old.iter().map(|e| (key(e), e)).collect();
    let new_keys: HashSet<String> = new.iter().map(key).collect();
    for row in new {
        let here = format!("{section}.{}", key(row));
        let Some(before) = old_rows.get(&key(row)) else {
            changes.push(at.change(
                &here,
                ChangeKind::ErrorAdded,
                Severity::Minor,
                format!(
                    "new variant `{enum_name}::{}`; until now this code arrived as `Unknown`",
                    row.name
                ),
            ));
            continue;
        };
        if before.name != row.name || before.fields != row.fields {
            changes.push(
                at.change(
                    &here,
                    ChangeKind::ErrorRenamed,
                    Severity::Major,
                    format!(
                        "the variant is now `{enum_name}::{}`: code that matches the old one no longer compiles",
                        row.name
                    ),
                )
                .values(Some(variant_text(before)), Some(variant_text(row))),
            );
        }
        let details = |e: &ErrorEntry| {
            format!(
                "{:?} {:?} hint={:?} retryable={}",
                e.http_statuses, e.message, e.hint, e.retryable
            )
        };
        if details(before) != details(row) {
            let consequence = if before.retryable != row.retryable {
                if row.retryable {
                    "the client now retries this error"
                } else {
                    "the client no longer retries this error"
                }
            } else {
                "its status, message or hint reads differently; the variant is the same"
            };
            changes.push(
                at.change(
                    &here,
                    ChangeKind::ErrorDetailsChanged,
                    Severity::Patch,
                    consequence.to_owned(),
                )
                .values(Some(details(before)), Some(details(row))),
            );
        }
    }
    for row in old.iter().filter(|e| !new_keys.contains(&key(e))) {
        changes.push(at.change(
            &format!("{section}.{}", key(row)),
            ChangeKind::ErrorRemoved,
            Severity::Major,
            format!(
                "`{enum_name}::{}` is gone: code that matches it no longer compiles (the code now arrives as `Unknown`)",
                row.name
            ),
        ));
    }
}

fn variant_text(entry: &ErrorEntry) -> String {
    if entry.fields.is_empty() {
        entry.name.clone()
    } else {
        let fields: Vec<&str> = entry.fields.iter().map(|(name, _)| name.as_str()).collect();
        format!("{} {{ {} }}", entry.name, fields.join(", "))
    }
}
