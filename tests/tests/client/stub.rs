//! Replies the sandbox never sends, from a stub server this test starts on
//! 127.0.0.1: cursor pages, and bodies that are not what the spec says.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use apigen_clients::runtime::client::{Error, RetryPolicy, TransportError};
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use futures_util::TryStreamExt;

/// A cursor-paged endpoint described by a test-only spec, generated in place.
mod paged {
    apigen_macros::include_specs!("specs/feishu_paged");
}

#[derive(serde::Deserialize)]
struct Params {
    page_token: Option<String>,
}

/// Serves `GET /open-apis/test/v1/records`; the page token picks the reply.
async fn records(
    State(seen): State<Arc<Mutex<Vec<Option<String>>>>>,
    Query(params): Query<Params>,
) -> impl IntoResponse {
    seen.lock().unwrap().push(params.page_token.clone());
    let mut headers = HeaderMap::new();
    headers.insert("x-tt-logid", "stub-log-id".parse().unwrap());
    let ok = |body: &str| (StatusCode::OK, headers.clone(), body.to_owned());
    match params.page_token.as_deref() {
        None => ok(
            r#"{"code":0,"msg":"success","data":{"items":[{"id":"1"},{"id":"2"}],"page_token":"p2","has_more":true}}"#,
        ),
        Some("p2") => {
            ok(r#"{"code":0,"msg":"success","data":{"items":[{"id":"3"}],"page_token":"p3","has_more":true}}"#)
        }
        Some("p3") => ok(r#"{"code":0,"msg":"success","data":{"items":[{"id":"4"}],"has_more":false}}"#),
        Some("empty") => ok(""),
        Some("wrong-types") => ok(r#"{"code":0,"msg":"success","data":{"items":"not a list","has_more":"no"}}"#),
        Some("no-code") => ok(r#"{"msg":"success","data":{}}"#),
        Some("slow") => {
            tokio::time::sleep(Duration::from_millis(500)).await;
            ok(r#"{"code":0,"msg":"success","data":{"items":[],"has_more":false}}"#)
        }
        Some(_) => (StatusCode::INTERNAL_SERVER_ERROR, headers, "oops".to_owned()),
    }
}

async fn stub() -> (String, Arc<Mutex<Vec<Option<String>>>>) {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let app = axum::Router::new()
        .route("/open-apis/test/v1/records", axum::routing::get(records))
        .with_state(seen.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await });
    (base, seen)
}

fn client(base: &str) -> paged::Client {
    paged::Client::builder()
        .base_url(base)
        .allow_http()
        .tenant_access_token("t-stub")
        .retry(RetryPolicy::none())
        .build()
        .unwrap()
}

#[tokio::test]
async fn cursor_pages_are_walked_once_each() {
    let (base, seen) = stub().await;
    let client = client(&base);
    let items: Vec<paged::Record> = client
        .list_records_stream(paged::ListRecordsRequest::default())
        .try_collect()
        .await
        .unwrap();
    let ids: Vec<&str> = items.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids, ["1", "2", "3", "4"]);
    assert_eq!(
        *seen.lock().unwrap(),
        [None, Some("p2".to_owned()), Some("p3".to_owned())]
    );
}

#[tokio::test]
async fn bodies_that_break_the_spec_are_decode_errors() {
    let (base, _) = stub().await;
    let client = client(&base);
    for token in ["empty", "wrong-types", "no-code"] {
        let request = paged::ListRecordsRequest {
            page_token: Some(token.to_owned()),
            ..Default::default()
        };
        let error = client.list_records(request).await.unwrap_err();
        let Error::Decode(decode) = &error else {
            panic!("{token}: {error:?}")
        };
        assert_eq!(decode.status, 200, "{token}");
        assert_eq!(decode.request_id.as_deref(), Some("stub-log-id"), "{token}");
        assert!(error.to_string().contains("could not be decoded"), "{token}: {error}");
    }
    // A 500 with a body that is not the envelope: also a decode error, carrying the status.
    let request = paged::ListRecordsRequest {
        page_token: Some("boom".to_owned()),
        ..Default::default()
    };
    let error = client.list_records(request).await.unwrap_err();
    assert_eq!(error.status(), Some(500));
    assert!(matches!(error, Error::Decode(_)));
}

#[tokio::test]
async fn a_slow_reply_times_out() {
    let (base, _) = stub().await;
    let client = client(&base);
    let request = paged::ListRecordsRequest {
        page_token: Some("slow".to_owned()),
        ..Default::default()
    };
    let error = client
        .list_records(request)
        .timeout(Duration::from_millis(100))
        .await
        .unwrap_err();
    assert!(
        matches!(error, Error::Transport(TransportError::Timeout { .. })),
        "{error:?}"
    );

    // Your own reqwest::Client works the same way.
    let own = paged::Client::builder()
        .base_url(&base)
        .allow_http()
        .http_client(reqwest::Client::new())
        .tenant_access_token("t-stub")
        .build()
        .unwrap();
    let page = own.list_records(paged::ListRecordsRequest::default()).await.unwrap();
    assert!(page.has_more);
}
