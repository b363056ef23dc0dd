//! Alibaba Cloud: both signature versions, filters, paging, errors.

use serde_json::Value;

use crate::support::{self, iso_time, AliyunCall, Reply};

/// An Alibaba Cloud error: status, `Code`, and a `RequestId`.
fn assert_error(reply: &Reply, status: u16, code: &str) {
    assert_eq!(reply.status, status, "{}", reply.text);
    let body = reply.json();
    assert_eq!(body["Code"], code, "{}", reply.text);
    assert!(body["Message"].as_str().is_some_and(|m| !m.is_empty()));
    assert_request_id(&body);
}

fn assert_request_id(body: &Value) {
    let id = body["RequestId"].as_str().expect("RequestId on every reply");
    assert_eq!(id.len(), 36, "{id}");
}

fn device_ids(body: &Value) -> Vec<&str> {
    body["DeviceInfoList"]["DeviceInfo"]
        .as_array()
        .expect("DeviceInfoList.DeviceInfo")
        .iter()
        .map(|d| d["DeviceId"].as_str().unwrap())
        .collect()
}

#[tokio::test]
async fn rpc_signatures_work_by_get_and_by_form_post() {
    let env = support::start().await;
    for method in ["GET", "POST"] {
        let reply = env.aliyun_rpc(method, &[], &AliyunCall::default()).await;
        assert_eq!(reply.status, 200, "{method}: {}", reply.text);
        let body = reply.json();
        assert_request_id(&body);
        assert_eq!(body["TotalCount"], 5);
        assert_eq!(body["CurrentPage"], 1);
        assert_eq!(device_ids(&body).len(), 5);
    }
}

#[tokio::test]
async fn v3_signatures_work() {
    let env = support::start().await;
    let reply = env.aliyun_v3(&[("BizType", "FACE_PROD")], &AliyunCall::default()).await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    let body = reply.json();
    assert_eq!(body["TotalCount"], 2);
    assert_eq!(device_ids(&body), ["wd.sandbox-0004", "wd.sandbox-0005"]);
}

#[tokio::test]
async fn v3_signatures_work_by_get_and_with_a_form_body() {
    let env = support::start().await;
    let get = env
        .aliyun_v3_with("GET", &[("BizType", "FACE_TEST")], &[], &AliyunCall::default())
        .await;
    assert_eq!(get.status, 200, "{}", get.text);
    assert_eq!(get.json()["TotalCount"], 3);
    let form = env
        .aliyun_v3_with(
            "POST",
            &[],
            &[("UserDeviceId", "3iJ1AY$oHcu7mC69")],
            &AliyunCall::default(),
        )
        .await;
    assert_eq!(form.status, 200, "{}", form.text);
    assert_eq!(device_ids(&form.json()), ["wd.6ziUffspAeW5FVYbaqmexR-1qwNjM"]);
}

#[tokio::test]
async fn filters_and_pages_follow_the_documented_parameters() {
    let env = support::start().await;
    let page = |params: &'static [(&'static str, &'static str)]| {
        let env = &env;
        async move {
            let reply = env.aliyun_rpc("POST", params, &AliyunCall::default()).await;
            assert_eq!(reply.status, 200, "{}", reply.text);
            reply.json()
        }
    };
    let second = page(&[("PageSize", "2"), ("CurrentPage", "2")]).await;
    assert_eq!(
        (second["TotalCount"].as_i64(), second["PageSize"].as_i64()),
        (Some(5), Some(2))
    );
    assert_eq!(device_ids(&second), ["wd.sandbox-0003", "wd.sandbox-0004"]);
    let by_id = page(&[("DeviceId", "wd.6ziUffspAeW5FVYbaqmexR-1qwNjM")]).await;
    assert_eq!(device_ids(&by_id), ["wd.6ziUffspAeW5FVYbaqmexR-1qwNjM"]);
    let by_user_id = page(&[("UserDeviceId", "3iJ1AY$oHcu7mC69")]).await;
    assert_eq!(by_user_id["TotalCount"], 1);
    let expiring = page(&[("ExpiredStartDay", "20200201"), ("ExpiredEndDay", "20201231")]).await;
    assert_eq!(device_ids(&expiring), ["wd.sandbox-0002", "wd.sandbox-0003"]);
    let past_the_end = page(&[("PageSize", "10"), ("CurrentPage", "3")]).await;
    assert_eq!(
        (past_the_end["TotalCount"].as_i64(), device_ids(&past_the_end).len()),
        (Some(5), 0)
    );
}

#[tokio::test]
async fn parameters_are_checked() {
    let env = support::start().await;
    let long = "x".repeat(65);
    let cases: Vec<Vec<(&str, &str)>> = vec![
        vec![("PageSize", "twenty")],
        vec![("ExpiredStartDay", "2019-04-01")],
        vec![("ExpiredEndDay", "20191332")],
        vec![("BizType", long.as_str())],
    ];
    for params in cases {
        let reply = env.aliyun_rpc("POST", &params, &AliyunCall::default()).await;
        assert_error(&reply, 400, "InvalidParameter");
    }
}

#[tokio::test]
async fn bad_signatures_are_rejected_as_alibaba_cloud_does() {
    let env = support::start().await;
    let wrong = AliyunCall {
        secret: "guess",
        ..AliyunCall::default()
    };
    assert_error(&env.aliyun_rpc("GET", &[], &wrong).await, 400, "SignatureDoesNotMatch");
    assert_error(&env.aliyun_v3(&[], &wrong).await, 400, "SignatureDoesNotMatch");
    let unknown = AliyunCall {
        key: "LTAI-unknown",
        ..AliyunCall::default()
    };
    assert_error(
        &env.aliyun_rpc("GET", &[], &unknown).await,
        404,
        "InvalidAccessKeyId.NotFound",
    );
    assert_error(&env.aliyun_v3(&[], &unknown).await, 404, "InvalidAccessKeyId.NotFound");
    let stale = AliyunCall {
        timestamp: iso_time(-16 * 60),
        ..AliyunCall::default()
    };
    assert_error(
        &env.aliyun_rpc("GET", &[], &stale).await,
        400,
        "InvalidTimeStamp.Expired",
    );
    let stale = AliyunCall {
        timestamp: iso_time(16 * 60),
        ..AliyunCall::default()
    };
    assert_error(&env.aliyun_v3(&[], &stale).await, 400, "InvalidTimeStamp.Expired");

    let once = AliyunCall::default();
    assert_eq!(env.aliyun_rpc("GET", &[], &once).await.status, 200);
    assert_error(&env.aliyun_rpc("GET", &[], &once).await, 400, "SignatureNonceUsed");
    let once = AliyunCall::default();
    assert_eq!(env.aliyun_v3(&[], &once).await.status, 200);
    assert_error(&env.aliyun_v3(&[], &once).await, 400, "SignatureNonceUsed");

    let unsigned = support::read(
        env.http
            .get(format!("{}/?Action=DescribeDeviceInfo&Version=2019-03-07", env.base))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_error(&unsigned, 400, "IncompleteSignature");
}

#[tokio::test]
async fn an_unknown_action_is_not_found() {
    let env = support::start().await;
    let reply = support::read(
        env.http
            .get(format!("{}/?Action=DescribeNothing&Version=2019-03-07", env.base))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_error(&reply, 404, "InvalidAction.NotFound");
}
