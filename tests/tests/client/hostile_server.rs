//! A server that misbehaves on purpose, on 127.0.0.1: huge waits, a token
//! that claims to live for ever, redirects. The client answers each with a
//! typed error (or carries on), and never panics, hangs or follows.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use apigen_clients::runtime::client::{AuthError, Error};
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;

/// A cursor-paged endpoint described by a test-only spec, generated in place.
mod paged {
    apigen_macros::include_specs!("specs/feishu_paged");
}

/// What the stub does, and how often the place a redirect points to was reached.
#[derive(Clone, Default)]
struct Stub {
    stolen: Arc<AtomicUsize>,
}

async fn start(token_reply: &'static str, token_status: StatusCode) -> (String, Stub) {
    let stub = Stub::default();
    let stolen = stub.stolen.clone();
    let app = axum::Router::new()
        .route(
            "/open-apis/auth/v3/tenant_access_token/internal",
            axum::routing::post(move || async move {
                let mut headers = HeaderMap::new();
                headers.insert("location", "/stolen".parse().unwrap());
                (token_status, headers, token_reply)
            }),
        )
        .route(
            "/stolen",
            axum::routing::any(move || async move {
                stolen.fetch_add(1, Ordering::SeqCst);
                "{}"
            }),
        )
        .route("/open-apis/test/v1/records", axum::routing::get(records));
    let app = app.route(
        "/open-apis/test/v1/endless",
        axum::routing::get(|| async {
            // A body that never ends: the same chunk for ever.
            let chunks = futures_util::stream::repeat_with(|| Ok::<_, std::io::Error>(vec![b' '; 64 * 1024]));
            axum::body::Body::from_stream(chunks)
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await });
    (base, stub)
}

/// Throttles every call, asking for a wait of u64::MAX seconds.
async fn records(headers: HeaderMap) -> impl IntoResponse {
    let throttle = headers.get("x-stub").is_some_and(|v| v == "throttle");
    let mut reply = HeaderMap::new();
    if throttle {
        reply.insert("retry-after", u64::MAX.to_string().parse().unwrap());
        reply.insert("x-ogw-ratelimit-reset", u64::MAX.to_string().parse().unwrap());
        return (
            StatusCode::TOO_MANY_REQUESTS,
            reply,
            r#"{"code":99991400,"msg":"slow down"}"#,
        );
    }
    (
        StatusCode::OK,
        reply,
        r#"{"code":0,"msg":"success","data":{"items":[],"has_more":false}}"#,
    )
}

fn client(base: &str) -> paged::Client {
    paged::Client::builder()
        .base_url(base)
        .allow_http()
        .app_credentials("cli_stub", "stub-secret")
        .build()
        .unwrap()
}

const TOKEN: &str = r#"{"code":0,"msg":"ok","tenant_access_token":"t-stub","expire":18446744073709551615}"#;

#[tokio::test]
async fn a_token_that_claims_to_live_for_ever_is_used_without_overflow() {
    let (base, _) = start(TOKEN, StatusCode::OK).await;
    let page = client(&base).list_records(Default::default()).await.unwrap();
    assert!(!page.has_more);
}

#[tokio::test]
async fn an_endless_retry_after_ends_the_call_instead_of_waiting() {
    let (base, _) = start(TOKEN, StatusCode::OK).await;
    let error = client(&base)
        .list_records(Default::default())
        .header("x-stub", "throttle")
        .await
        .unwrap_err();
    // The wait asked for is cut to the policy's `max_server_delay` (60 s),
    // which is past the default `max_elapsed` (30 s): no retry, no panic.
    assert_eq!(error.status(), Some(429), "{error:?}");
}

#[tokio::test]
async fn a_redirected_token_exchange_is_not_followed() {
    let (base, stub) = start("", StatusCode::TEMPORARY_REDIRECT).await;
    let error = client(&base).list_records(Default::default()).await.unwrap_err();
    let Error::Auth(AuthError::TokenExchange { status, message, .. }) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(*status, 307);
    assert!(message.contains("not followed"), "{message}");
    assert_eq!(stub.stolen.load(Ordering::SeqCst), 0, "the app secret went nowhere");
}

#[tokio::test]
async fn a_reply_longer_than_the_bound_stops_being_read() {
    use apigen_clients::runtime::client::TransportError;
    let (base, _) = start(TOKEN, StatusCode::OK).await;
    // A 63-byte reply against a 16-byte bound.
    let small = paged::Client::builder()
        .base_url(&base)
        .allow_http()
        .tenant_access_token("t-stub")
        .max_reply_bytes(16)
        .build()
        .unwrap();
    let error = small.list_records(Default::default()).await.unwrap_err();
    assert!(
        matches!(error, Error::Transport(TransportError::ReplyTooLarge { limit: 16, .. })),
        "{error:?}"
    );
}

#[tokio::test]
async fn an_endless_reply_ends_at_the_default_bound() {
    use apigen_clients::runtime::client::{TransportError, DEFAULT_MAX_REPLY_BYTES};
    let (base, _) = start(TOKEN, StatusCode::OK).await;
    let client = paged::Client::builder()
        .base_url(&base)
        .allow_http()
        .tenant_access_token("t-stub")
        .retry(apigen_clients::runtime::client::RetryPolicy::none())
        .build()
        .unwrap();
    let error = client.get_endless(Default::default()).await.unwrap_err();
    assert!(
        matches!(error, Error::Transport(TransportError::ReplyTooLarge { limit, .. }) if limit == DEFAULT_MAX_REPLY_BYTES),
        "{error:?}"
    );
}

/// A server whose token exchange never answers.
async fn stalled_exchange() -> String {
    let app = axum::Router::new().route(
        "/open-apis/auth/v3/tenant_access_token/internal",
        axum::routing::post(std::future::pending::<&'static str>),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await });
    base
}

#[tokio::test]
async fn a_stalled_token_exchange_holds_no_call_past_its_deadline() {
    use apigen_clients::runtime::client::TransportError;
    use std::time::Duration;
    let base = stalled_exchange().await;
    let client = paged::Client::builder()
        .base_url(&base)
        .allow_http()
        .app_credentials("cli_stub", "stub-secret")
        .deadline(Some(Duration::from_millis(300)))
        .build()
        .unwrap();
    // Clones share the token cache: all wait for the one exchange, and each
    // gives up at its own deadline (the guard only catches a hang).
    let calls = (0..4).map(|_| {
        let client = client.clone();
        async move { client.list_records(Default::default()).await }
    });
    let results = tokio::time::timeout(Duration::from_secs(20), futures_util::future::join_all(calls))
        .await
        .expect("every call ended");
    for result in results {
        let error = result.unwrap_err();
        assert!(
            matches!(error, Error::Transport(TransportError::Deadline { limit, .. }) if limit == Duration::from_millis(300)),
            "{error:?}"
        );
    }
}

#[tokio::test]
async fn a_stalled_token_exchange_times_out_as_an_auth_error() {
    use std::time::Duration;
    let base = stalled_exchange().await;
    let client = paged::Client::builder()
        .base_url(&base)
        .allow_http()
        .app_credentials("cli_stub", "stub-secret")
        .token_exchange_timeout(Duration::from_millis(200))
        .build()
        .unwrap();
    let error = client.list_records(Default::default()).await.unwrap_err();
    let Error::Auth(AuthError::TokenExchange { status: 0, message, .. }) = &error else {
        panic!("{error:?}")
    };
    assert!(
        message.contains("timed out") || message.contains("timeout"),
        "{message}"
    );
    assert!(!format!("{error:?}").contains("stub-secret"));
}
