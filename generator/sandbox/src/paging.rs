//! Token paging for endpoints the sandbox answers from their spec alone:
//! the canned reply's items are served a page at a time, with a next token
//! the sandbox makes up (`p<offset>`) and none on the last page, as
//! Alibaba Cloud's `NextToken` / `MaxResults` APIs do.

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
    let PageStyle::Token { token, size, next } = &pagination.style else {
        return Ok(payload);
    };
    let offset = match args.get(&token.wire).and_then(Value::as_str) {
        None | Some("") => 0,
        Some(text) => text
            .strip_prefix('p')
            .and_then(|n| n.parse::<usize>().ok())
            .ok_or_else(|| Refusal::about(Condition::WrongType, &token.wire).with("parameter", &token.wire))?,
    };
    let per_page = size
        .as_ref()
        .and_then(|size| args.get(&size.wire))
        .and_then(Value::as_u64)
        .and_then(|n| usize::try_from(n).ok())
        .filter(|n| *n > 0)
        .unwrap_or(DEFAULT_PAGE);
    let Some(body) = payload.as_object_mut() else {
        return Ok(payload);
    };
    let items = body
        .get_mut(&pagination.items.wire)
        .and_then(|items| match &pagination.items.item_key {
            Some(key) => items.get_mut(key),
            None => Some(items),
        });
    let Some(Value::Array(all)) = items else {
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
