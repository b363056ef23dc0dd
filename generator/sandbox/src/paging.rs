//! Paging for endpoints the sandbox answers from their spec alone: the
//! canned reply's items are served a page at a time. Token paging makes up
//! a next token (`p<offset>`) and gives none on the last page, as Alibaba
//! Cloud's `NextToken` / `MaxResults` APIs do; page numbers (1-based) come
//! with the total, as `PageNumber` / `PageSize` / `TotalCount` APIs do.

use serde_json::{Map, Value};

use crate::reply::Refusal;
use apigen::model::{Condition, EndpointDef, PageStyle};

/// Items per page when the request names no size.
const DEFAULT_PAGE: usize = 10;

/// The page of `payload` that `args` ask for, for a token-paged endpoint;
/// any other payload as it is.
pub fn page(endpoint: &EndpointDef, args: &Map<String, Value>, mut payload: Value) -> Result<Value, Refusal> {
    let Some(pagination) = &endpoint.pagination else {
        return Ok(payload);
    };
    let (token, size, next) = match &pagination.style {
        PageStyle::Token { token, size, next } => (token, size, next),
        PageStyle::PageNumber { page, size, total } => {
            return Ok(numbered(pagination, args, payload, page, size.as_ref(), total))
        }
        PageStyle::Cursor { .. } => return Ok(payload),
    };
    let offset = match args.get(&token.wire).and_then(Value::as_str) {
        None | Some("") => 0,
        Some(text) => text
            .strip_prefix('p')
            .and_then(|n| n.parse::<usize>().ok())
            .ok_or_else(|| Refusal::about(Condition::WrongType, &token.wire).with("parameter", &token.wire))?,
    };
    let per_page = page_size(args, size.as_ref());
    let Some(body) = payload.as_object_mut() else {
        return Ok(payload);
    };
    let Some(all) = items_of(body, pagination) else {
        return Ok(payload);
    };
    let end = offset.saturating_add(per_page).min(all.len());
    let page: Vec<Value> = all.get(offset.min(end)..end).map(<[Value]>::to_vec).unwrap_or_default();
    let more = end < all.len();
    *all = page;
    if more {
        body.insert(next.wire.clone(), Value::String(format!("p{end}")));
    } else {
        body.remove(&next.wire);
    }
    Ok(payload)
}

/// The size a request asks for, or the default.
fn page_size(args: &Map<String, Value>, size: Option<&apigen::model::Field>) -> usize {
    size.and_then(|size| args.get(&size.wire))
        .and_then(Value::as_u64)
        .and_then(|n| usize::try_from(n).ok())
        .filter(|n| *n > 0)
        .unwrap_or(DEFAULT_PAGE)
}

/// The reply's list of items (inside its wrapper, when it has an item key).
fn items_of<'a>(
    body: &'a mut Map<String, Value>,
    pagination: &apigen::model::Pagination,
) -> Option<&'a mut Vec<Value>> {
    let items = body.get_mut(&pagination.items.wire)?;
    let items = match &pagination.items.item_key {
        Some(key) => items.get_mut(key)?,
        None => items,
    };
    match items {
        Value::Array(all) => Some(all),
        _ => None,
    }
}

/// Page `page` (1-based) of the canned items, with the total of all.
fn numbered(
    pagination: &apigen::model::Pagination,
    args: &Map<String, Value>,
    mut payload: Value,
    page: &apigen::model::Field,
    size: Option<&apigen::model::Field>,
    total: &apigen::model::Field,
) -> Value {
    // A page past any usize is past the last page, not the first.
    let number = args
        .get(&page.wire)
        .and_then(Value::as_u64)
        .map(|n| usize::try_from(n).unwrap_or(usize::MAX))
        .filter(|n| *n > 0)
        .unwrap_or(1);
    let per_page = page_size(args, size);
    let Some(body) = payload.as_object_mut() else {
        return payload;
    };
    let Some(all) = items_of(body, pagination) else {
        return payload;
    };
    let count = all.len();
    let start = number.saturating_sub(1).saturating_mul(per_page).min(count);
    let end = start.saturating_add(per_page).min(count);
    *all = all[start..end].to_vec();
    body.insert(total.wire.clone(), Value::from(count));
    payload
}
