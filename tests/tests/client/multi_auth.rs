//! An endpoint that accepts a tenant or a user token (`auth: [..]`): the
//! client sends the tenant token unless the call supplies a user token, and
//! the sandbox accepts either but still refuses a scheme the endpoint does
//! not list (`tests/specs/feishu_multi`).

use apigen_clients::runtime::client::{Error, RetryPolicy};
use apigen_sandbox::{Fixtures, Sandbox};

use crate::support::Recorder;

/// The spec, generated in place.
mod multi {
    apigen_macros::include_specs!("specs/feishu_multi");
}

async fn sandbox() -> Sandbox {
    crate::support::fixture_sandbox("feishu_multi", Fixtures::default_fixtures()).await
}

fn client(sandbox: &Sandbox, recorder: &Recorder) -> multi::Client {
    multi::Client::builder()
        .base_url(sandbox.base_url())
        .allow_http()
        .app_credentials("cli_sandbox", "sandbox-secret")
        .with(recorder.clone())
        .build()
        .unwrap()
}

fn bearer(recorder: &Recorder, path: &str) -> Vec<String> {
    recorder
        .sent()
        .iter()
        .filter(|s| s.path == path)
        .flat_map(|s| {
            s.headers
                .iter()
                .filter(|(k, _)| k == "authorization")
                .map(|(_, v)| v.clone())
        })
        .collect()
}

#[tokio::test]
async fn the_default_scheme_is_the_first_and_a_user_token_picks_the_user_scheme() {
    let sandbox = sandbox().await;
    let recorder = Recorder::default();
    let client = client(&sandbox, &recorder);
    let request = || multi::GetChatRequest {
        chat_id: "oc_1".to_owned(),
    };
    let chat = client.get_chat(request()).await.unwrap();
    assert_eq!(chat.name.as_deref(), Some("team"));
    let chat = client.get_chat(request()).user_token("u-sandbox-user").await.unwrap();
    assert_eq!(chat.name.as_deref(), Some("team"));
    let sent = bearer(&recorder, "/open-apis/test/v1/chats/oc_1");
    assert_eq!(sent.len(), 2, "{sent:?}");
    assert!(
        sent[0].starts_with("Bearer t-"),
        "the tenant token by default: {}",
        sent[0]
    );
    assert_eq!(sent[1], "Bearer u-sandbox-user");
}

#[tokio::test]
async fn a_scheme_the_endpoint_does_not_list_is_refused() {
    let sandbox = sandbox().await;
    let client = client(&sandbox, &Recorder::default());
    // `get_me` takes a user token only: without one the client says so before sending.
    let error = client
        .get_me(Default::default())
        .retry(RetryPolicy::none())
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Auth(_)), "{error:?}");
    // A tenant token sent anyway is refused by the sandbox as the user scheme's error.
    let token = reqwest::Client::new()
        .post(format!(
            "{}/open-apis/auth/v3/tenant_access_token/internal",
            sandbox.base_url()
        ))
        .json(&serde_json::json!({"app_id": "cli_sandbox", "app_secret": "sandbox-secret"}))
        .send()
        .await
        .unwrap()
        .json::<serde_json::Value>()
        .await
        .unwrap()["tenant_access_token"]
        .as_str()
        .unwrap()
        .to_owned();
    let error = client
        .get_me(Default::default())
        .user_token(token)
        .retry(RetryPolicy::none())
        .await
        .unwrap_err();
    assert_eq!(
        error.api(),
        Some(&multi::GetMeError::Common(multi::CommonError::InvalidUserAccessToken))
    );
}

#[tokio::test]
async fn a_bad_token_is_refused_as_the_scheme_it_was_meant_for() {
    let sandbox = sandbox().await;
    let client = multi::Client::builder()
        .base_url(sandbox.base_url())
        .allow_http()
        .tenant_access_token("t-not-issued")
        .build()
        .unwrap();
    let request = || multi::GetChatRequest {
        chat_id: "oc_1".to_owned(),
    };
    let error = client.get_chat(request()).retry(RetryPolicy::none()).await.unwrap_err();
    assert_eq!(
        error.api(),
        Some(&multi::GetChatError::Common(
            multi::CommonError::InvalidTenantAccessToken
        ))
    );
    let error = client
        .get_chat(request())
        .user_token("u-not-a-user")
        .retry(RetryPolicy::none())
        .await
        .unwrap_err();
    assert_eq!(
        error.api(),
        Some(&multi::GetChatError::Common(multi::CommonError::InvalidUserAccessToken))
    );
}

fn member() -> multi::CreateMemberRequest {
    multi::CreateMemberRequest {
        token: "doccnABC".to_owned(),
        type_query: multi::DocumentType::Doc,
        r#type: multi::MemberType::User,
        member_id: "ou_1".to_owned(),
    }
}

#[test]
fn one_wire_name_in_the_query_and_the_body_goes_to_both() {
    let encoded = apigen_clients::runtime::encode_request(&member()).unwrap();
    assert_eq!(encoded.path, "/open-apis/test/v1/permissions/doccnABC/members");
    assert_eq!(encoded.query, [("type".to_owned(), "doc".to_owned())]);
    assert_eq!(
        encoded.body,
        Some(serde_json::json!({ "type": "user", "member_id": "ou_1" }))
    );
}

#[tokio::test]
async fn the_sandbox_checks_each_twin_where_it_is_sent() {
    let sandbox = sandbox().await;
    let recorder = Recorder::default();
    let client = client(&sandbox, &recorder);
    let added = client.create_member(member()).await.unwrap();
    assert_eq!(added.member_id.as_deref(), Some("ou_1"));
    let sent = recorder.sent();
    let call = sent.iter().find(|s| s.path.ends_with("/members")).unwrap();
    assert_eq!(call.query, "type=doc");
}
