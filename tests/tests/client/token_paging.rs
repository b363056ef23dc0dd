//! `NextToken` paging: the reply's token is empty or absent on the last
//! page, and a token the server repeats ends the stream with an error
//! instead of a loop (`tests/specs/cloudauth`, `list_verify_records`).

use apigen_clients::runtime::client::Error;
use apigen_sandbox::Fixtures;
use axum::response::IntoResponse;
use futures_util::TryStreamExt;

use crate::support::Recorder;

/// The spec, generated in place.
mod cloudauth {
    apigen_macros::include_specs!("specs/cloudauth");
}

fn client(base: &str, recorder: &Recorder) -> cloudauth::Client {
    cloudauth::Client::builder()
        .base_url(base)
        .allow_http()
        .access_key("sandbox-ak", "sandbox-secret")
        .with(recorder.clone())
        .build()
        .unwrap()
}

fn tokens_sent(recorder: &Recorder) -> Vec<Option<String>> {
    recorder
        .sent()
        .iter()
        .map(|s| {
            s.query
                .split('&')
                .find_map(|kv| kv.strip_prefix("NextToken="))
                .map(str::to_owned)
        })
        .collect()
}

#[tokio::test]
async fn every_page_is_fetched_once_until_the_token_is_absent() {
    let sandbox = crate::support::fixture_sandbox("cloudauth", Fixtures::default_fixtures()).await;
    let recorder = Recorder::default();
    let client = client(&sandbox.base_url(), &recorder);
    let request = cloudauth::ListVerifyRecordsRequest {
        next_token: None,
        max_results: Some(2),
    };
    let ids: Vec<String> = client
        .list_verify_records_stream(request)
        .map_ok(|record| record.id)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids, ["1", "2", "3", "4", "5"]);
    assert_eq!(
        tokens_sent(&recorder),
        [None, Some("p2".to_owned()), Some("p4".to_owned())]
    );
}

/// A server that answers every page with the same next token.
async fn repeating() -> impl IntoResponse {
    (
        [("content-type", "application/json")],
        r#"{"RequestId":"stuck","Code":"200","NextToken":"same","Records":{"Record":[{"Id":"x"}]}}"#,
    )
}

#[tokio::test]
async fn a_repeated_token_ends_the_stream_with_an_error() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let app = axum::Router::new().fallback(repeating);
    let server = tokio::spawn(async move { axum::serve(listener, app).await });
    let recorder = Recorder::default();
    let client = client(&base, &recorder);
    let request = cloudauth::ListVerifyRecordsRequest {
        next_token: None,
        max_results: None,
    };
    let results: Vec<_> = futures_util::StreamExt::collect(client.list_verify_records_stream(request)).await;
    assert_eq!(results.len(), 3, "two pages' items, then the error: {results:?}");
    assert!(results[..2].iter().all(Result::is_ok));
    let Err(Error::Decode(failure)) = &results[2] else {
        panic!("{:?}", results[2])
    };
    assert!(failure.problem.contains("repeated page token"), "{}", failure.problem);
    assert_eq!(failure.request_id.as_deref(), Some("stuck"));
    assert_eq!(
        tokens_sent(&recorder),
        [None, Some("same".to_owned())],
        "no third request"
    );
    server.abort();
}
