//! Alibaba Cloud Cloudauth devices: filtered and paged.

use serde_json::{json, Map, Value};

use crate::auth::Caller;
use crate::reply::Refusal;
use crate::Shared;

/// Page size when none is given.
const DEFAULT_PAGE_SIZE: i64 = 10;

/// `DescribeDeviceInfo`: exact filters on DeviceId, BizType and
/// UserDeviceId, an ExpiredDay range, then one page.
pub fn describe_device_info(shared: &Shared, _caller: &Caller, args: &Map<String, Value>) -> Result<Value, Refusal> {
    let arg = |name: &str| args.get(name).and_then(Value::as_str);
    let exact = ["DeviceId", "BizType", "UserDeviceId"];
    let (from, to) = (arg("ExpiredStartDay"), arg("ExpiredEndDay"));
    let matching: Vec<&Map<String, Value>> = shared
        .fixtures
        .aliyun
        .devices
        .iter()
        .filter(|d| {
            exact
                .iter()
                .all(|k| arg(k).is_none_or(|want| d.get(*k).and_then(Value::as_str) == Some(want)))
        })
        .filter(|d| {
            // yyyyMMdd strings order like the dates they name.
            let day = d.get("ExpiredDay").and_then(Value::as_str).unwrap_or_default();
            from.is_none_or(|f| day >= f) && to.is_none_or(|t| day <= t)
        })
        .collect();
    let size = args
        .get("PageSize")
        .and_then(Value::as_i64)
        .filter(|s| *s > 0)
        .unwrap_or(DEFAULT_PAGE_SIZE);
    let page = args
        .get("CurrentPage")
        .and_then(Value::as_i64)
        .filter(|p| *p > 0)
        .unwrap_or(1);
    let skip = usize::try_from((page - 1).saturating_mul(size)).unwrap_or(usize::MAX);
    let take = usize::try_from(size).unwrap_or(usize::MAX);
    let items: Vec<Value> = matching
        .iter()
        .skip(skip)
        .take(take)
        .map(|d| Value::Object((*d).clone()))
        .collect();
    Ok(json!({
        "PageSize": size,
        "CurrentPage": page,
        "TotalCount": matching.len(),
        "DeviceInfoList": { "DeviceInfo": items },
    }))
}
