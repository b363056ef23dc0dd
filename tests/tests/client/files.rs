//! Uploads (multipart bodies) and downloads (a reply whose body is the file)
//! through the generated client against the sandbox
//! (`tests/specs/feishu_multi`: `upload_image`, `download_image`).

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

fn upload(image_type: multi::ImageType) -> multi::UploadImageRequest {
    multi::UploadImageRequest {
        image_type,
        image: apigen_clients::runtime::FilePart::new("cat.png", vec![0x89, b'P', b'N', b'G'])
            .content_type("image/png"),
    }
}

#[test]
fn an_upload_encodes_its_text_fields_and_its_files_as_parts() {
    use apigen_clients::runtime::multipart::Part;
    let encoded = apigen_clients::runtime::encode_request(&upload(multi::ImageType::Message)).unwrap();
    assert_eq!(encoded.body, None);
    assert_eq!(
        encoded.multipart,
        [
            Part::Text {
                name: "image_type".to_owned(),
                value: "message".to_owned()
            },
            Part::File {
                name: "image".to_owned(),
                file: upload(multi::ImageType::Message).image
            },
        ]
    );
}

#[tokio::test]
async fn the_sandbox_takes_the_upload_apart_and_checks_its_fields() {
    let sandbox = sandbox(Fixtures::default_fixtures()).await;
    let recorder = crate::support::Recorder::default();
    let client = multi::Client::builder()
        .base_url(sandbox.base_url())
        .allow_http()
        .app_credentials("cli_sandbox", "sandbox-secret")
        .with(recorder.clone())
        .build()
        .unwrap();
    let uploaded = client.upload_image(upload(multi::ImageType::Message)).await.unwrap();
    assert_eq!(uploaded.image_key.as_deref(), Some("img_v2_1"));
    let sent = recorder.sent();
    let call = sent.iter().find(|s| s.path == "/open-apis/test/v1/images").unwrap();
    assert!(call
        .headers
        .iter()
        .any(|(k, v)| k == "content-type" && v.starts_with("multipart/form-data; boundary=apigen-")));
    // A text part with a value the spec does not list is the documented error.
    let error = client
        .upload_image(upload(multi::ImageType::Other("banner".to_owned())))
        .retry(RetryPolicy::none())
        .await
        .unwrap_err();
    assert_eq!(error.api(), Some(&multi::UploadImageError::InvalidImageType));
}
