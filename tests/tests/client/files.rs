//! Downloads (a reply whose body is the file) through the generated client
//! against the sandbox (`tests/specs/feishu_multi`, `download_image`).

use apigen_clients::runtime::client::{Error, RetryPolicy};
use apigen_sandbox::{Fixtures, Sandbox, FAULT_HEADER};

/// The spec, generated in place.
mod multi {
    apigen_macros::include_specs!("specs/feishu_multi");
}

async fn sandbox(fixtures: Fixtures) -> Sandbox {
    crate::support::fixture_sandbox("feishu_multi", fixtures).await
}

fn client(sandbox: &Sandbox) -> multi::Client {
    multi::Client::builder()
        .base_url(sandbox.base_url())
        .allow_http()
        .app_credentials("cli_sandbox", "sandbox-secret")
        .build()
        .unwrap()
}

fn image() -> multi::DownloadImageRequest {
    multi::DownloadImageRequest {
        image_key: "img_v2_1".to_owned(),
    }
}

#[tokio::test]
async fn a_download_is_the_files_bytes_with_its_type_length_and_name() {
    let mut fixtures = Fixtures::default_fixtures();
    fixtures.responses.insert(
        "feishu_multi.download_image".to_owned(),
        serde_json::Value::String("\u{89}PNG not really".to_owned()),
    );
    let sandbox = sandbox(fixtures).await;
    let reply = client(&sandbox)
        .download_image(image())
        .send_with_reply()
        .await
        .unwrap();
    let file = reply.payload;
    assert_eq!(file.bytes, "\u{89}PNG not really".as_bytes());
    assert_eq!(file.content_type.as_deref(), Some("application/octet-stream"));
    assert_eq!(file.content_length, Some(file.bytes.len() as u64));
    assert_eq!(file.file_name.as_deref(), Some("download_image.txt"));
    assert!(reply.request_id.is_some(), "the tracing id comes from the headers");
}

#[tokio::test]
async fn a_download_endpoints_errors_come_in_the_envelope() {
    let sandbox = sandbox(Fixtures::default_fixtures()).await;
    let error = client(&sandbox)
        .download_image(image())
        .header(FAULT_HEADER, "error=234001")
        .retry(RetryPolicy::none())
        .await
        .unwrap_err();
    let Error::Api(api) = &error else { panic!("{error:?}") };
    assert_eq!(api.error, multi::DownloadImageError::InvalidImageKey);
}
