//! Sangfor aTrust: signatures, device lookup and its documented errors.

use crate::support::{self, unix_now, Reply, SangforCall};

/// Query parameters of a lookup.
type Query = &'static [(&'static str, &'static str)];

/// A Sangfor reply: `{code, msg, traceId}` with the given code.
fn assert_code(reply: &Reply, code: i64, message: &str) {
    let body = reply.json();
    assert_eq!(body["code"], code, "{}", reply.text);
    assert_eq!(body["msg"], message, "{}", reply.text);
    let trace = body["traceId"].as_str().expect("traceId on every reply");
    assert_eq!(trace.len(), 16);
}

#[tokio::test]
async fn devices_are_found_by_external_id_or_mac() {
    let env = support::start().await;
    let call = SangforCall::default();
    let reply = env
        .sangfor_query(&[("externalId", "0c4e9039-f81d-11ec-a760-fefcfe545bb7")], &call)
        .await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    let body = reply.json();
    assert_eq!(body["code"], 0);
    assert_eq!(body["data"]["deviceName"], "DESKTOP-SDKLASKQ");
    assert_eq!(body["data"]["broswer"], "Edge/98.0.1108.50");
    assert!(body["traceId"].is_string());

    // Either separator, either case: the page's dash-upper form is what is compared.
    for mac in ["FE-FC-FE-21-F5-D2", "fe:fc:fe:21:f5:d2"] {
        let reply = env.sangfor_query(&[("mac", mac)], &SangforCall::default()).await;
        assert_eq!(
            reply.json()["data"]["externalId"],
            "0c4e9039-f81d-11ec-a760-fefcfe545bb7",
            "{mac}"
        );
    }
}

#[tokio::test]
async fn lookups_fail_as_the_page_documents() {
    let env = support::start().await;
    let cases: &[(Query, i64, &str)] = &[
        (&[("mac", "00-1A-2B-3C-4D-5E")], 37400404, "匹配到多条终端,请求失败"),
        (&[("externalId", "no-such-device")], 77200001, "终端不存在"),
        (&[], 10000001, "请输入匹配参数"),
        (
            &[("externalId", "x"), ("mac", "00-1A-2B-3C-4D-5E")],
            10000001,
            "请勿输入多个匹配参数: externalId,mac",
        ),
        (&[("mac", "00-1A-2B-3C-4D")], 7201, "MAC地址格式错误"),
        (
            &[("externalId", "bad\tid")],
            7201,
            "外部ID中不能含有非法的特殊字符:换行符,制表符,回车符",
        ),
    ];
    for (query, code, message) in cases {
        let reply = env.sangfor_query(query, &SangforCall::default()).await;
        assert_code(&reply, *code, message);
    }
}

#[tokio::test]
async fn signatures_are_checked() {
    let env = support::start().await;
    let query = [("externalId", "0c4e9039-f81d-11ec-a760-fefcfe545bb7")];
    let wrong_secret = SangforCall {
        secret: "guess",
        ..SangforCall::default()
    };
    assert_code(
        &env.sangfor_query(&query, &wrong_secret).await,
        40100003,
        "签名校验失败",
    );
    let unknown = SangforCall {
        key: "someone-else",
        ..SangforCall::default()
    };
    assert_code(&env.sangfor_query(&query, &unknown).await, 40100002, "API ID 不存在");
    for skew in [-301, 301] {
        let stale = SangforCall {
            timestamp: unix_now() + skew,
            ..SangforCall::default()
        };
        let reply = env.sangfor_query(&query, &stale).await;
        assert_code(&reply, 40100004, "时间戳超出允许范围（±5 分钟）");
        assert_eq!(reply.status, 401);
    }
    let within = SangforCall {
        timestamp: unix_now() - 240,
        ..SangforCall::default()
    };
    assert_eq!(env.sangfor_query(&query, &within).await.json()["code"], 0);

    let once = SangforCall::default();
    assert_eq!(env.sangfor_query(&query, &once).await.json()["code"], 0);
    assert_code(&env.sangfor_query(&query, &once).await, 40100005, "x-ca-nonce 已被使用");

    let short_nonce = SangforCall {
        nonce: "a".to_owned(),
        ..SangforCall::default()
    };
    assert_code(
        &env.sangfor_query(&query, &short_nonce).await,
        40100001,
        "缺少签名请求头或其取值无效",
    );
    let unsigned = support::read(
        env.http
            .get(format!("{}{}", env.base, support::DEVICE_QUERY))
            .query(&query)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_code(&unsigned, 40100001, "缺少签名请求头或其取值无效");
}

#[tokio::test]
async fn query_values_are_signed_decoded() {
    // The spec records `query_values: decoded`: a value that needs
    // percent-encoding on the wire is signed as its text.
    let env = support::start().await;
    let reply = env
        .sangfor_query(&[("externalId", "终端 #1 + co?")], &SangforCall::default())
        .await;
    assert_code(&reply, 77200001, "终端不存在");
    // `&` or `=` in a decoded value would make the signed string stand for
    // another request (`a&x=1` vs `a`, `x=1`): refused before the signature is checked.
    let reply = env
        .sangfor_query(&[("externalId", "a&x=1")], &SangforCall::default())
        .await;
    assert_eq!(reply.status, 401, "{}", reply.text);
    assert_ne!(reply.json()["code"], 77200001, "{}", reply.text);
}
