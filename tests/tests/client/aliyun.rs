//! Alibaba Cloud through the generated client: both signatures, typed pages.

use apigen_clients::aliyun;
use apigen_clients::runtime::AliyunSignatureVersion;
use apigen_clients::runtime::WithFields;

use crate::support::{self, Recorder};

fn client(base: &str, secret: &str, version: AliyunSignatureVersion, recorder: &Recorder) -> aliyun::Client {
    aliyun::Client::builder()
        .base_url(base)
        .allow_http()
        .access_key("sandbox-ak", secret)
        .signature_version(version)
        .with(recorder.clone())
        .build()
        .unwrap()
}

#[tokio::test]
async fn both_signatures_are_accepted() {
    let sandbox = support::default_sandbox().await;
    for version in [AliyunSignatureVersion::V3, AliyunSignatureVersion::Rpc] {
        let recorder = Recorder::default();
        let aliyun = client(&sandbox.base_url(), "sandbox-secret", version, &recorder);
        let request = aliyun::DescribeDeviceInfoRequest::default()
            .with_fields(|r| r.biz_type = Some(aliyun::BizType::new("FACE_PROD").unwrap()));
        let reply = aliyun.describe_device_info(request).send_with_reply().await.unwrap();
        let page = reply.payload;
        assert_eq!(page.total_count, Some(2), "{version:?}");
        let ids: Vec<_> = page
            .device_info_list
            .iter()
            .flatten()
            .filter_map(|d| d.device_id.clone())
            .collect();
        assert_eq!(ids, ["wd.sandbox-0004", "wd.sandbox-0005"]);
        assert_eq!(reply.request_id.as_deref(), Some(page.request_id.as_str()));
        let sent = &recorder.sent()[0];
        assert_eq!(sent.method, "POST", "the SDK's method for DescribeDeviceInfo");
        match version {
            AliyunSignatureVersion::V3 => {
                assert!(sent
                    .headers
                    .iter()
                    .any(|(k, v)| k == "authorization" && v.starts_with("ACS3-HMAC-SHA256")));
                assert!(!sent.query.contains("Action="), "V3 names the action in a header");
            }
            AliyunSignatureVersion::Rpc => {
                assert!(sent.query.contains("Signature=") && sent.query.contains("Action=DescribeDeviceInfo"))
            }
        }
    }
}

#[tokio::test]
async fn a_wrong_secret_is_signature_does_not_match() {
    let sandbox = support::default_sandbox().await;
    for version in [AliyunSignatureVersion::V3, AliyunSignatureVersion::Rpc] {
        let aliyun = client(&sandbox.base_url(), "guess", version, &Recorder::default());
        let error = aliyun.describe_device_info(Default::default()).await.unwrap_err();
        assert_eq!(
            error.api(),
            Some(&aliyun::DescribeDeviceInfoError::Common(
                aliyun::CommonError::SignatureDoesNotMatch
            )),
            "{version:?}"
        );
        assert_eq!(error.status(), Some(400));
        assert_eq!(error.request_id().map(str::len), Some(36));
    }
}

#[tokio::test]
async fn pagination_walks_every_page_exactly_once() {
    use futures_util::TryStreamExt;

    let sandbox = support::default_sandbox().await;
    let recorder = Recorder::default();
    let aliyun = client(
        &sandbox.base_url(),
        "sandbox-secret",
        AliyunSignatureVersion::V3,
        &recorder,
    );
    let request = aliyun::DescribeDeviceInfoRequest::default().with_fields(|r| r.page_size = Some(2));
    let items: Vec<aliyun::DeviceInfo> = aliyun
        .describe_device_info_stream(request.clone())
        .try_collect()
        .await
        .unwrap();
    let ids: Vec<_> = items.iter().filter_map(|d| d.device_id.as_deref()).collect();
    assert_eq!(
        ids,
        [
            "wd.6ziUffspAeW5FVYbaqmexR-1qwNjM",
            "wd.sandbox-0002",
            "wd.sandbox-0003",
            "wd.sandbox-0004",
            "wd.sandbox-0005"
        ]
    );
    let pages: Vec<String> = recorder.sent().iter().map(|s| s.query.clone()).collect();
    assert_eq!(pages.len(), 3, "{pages:?}");
    for (i, query) in pages.iter().enumerate() {
        let expected = if i == 0 {
            None
        } else {
            Some(format!("CurrentPage={}", i + 1))
        };
        assert_eq!(
            query
                .split('&')
                .find(|p| p.starts_with("CurrentPage="))
                .map(str::to_owned),
            expected,
            "{query}"
        );
    }

    // Pages are fetched on demand: taking two items fetches one page.
    let fresh = Recorder::default();
    let aliyun = client(
        &sandbox.base_url(),
        "sandbox-secret",
        AliyunSignatureVersion::V3,
        &fresh,
    );
    let mut stream = aliyun.describe_device_info_stream(request);
    stream.try_next().await.unwrap();
    stream.try_next().await.unwrap();
    assert_eq!(fresh.sent().len(), 1);
}

#[tokio::test]
async fn an_sts_token_is_signed_in_a_header_never_in_the_url() {
    let sandbox = support::default_sandbox().await;
    // Whichever signature the client prefers, an STS call goes out signed V3
    // (the endpoint takes both), so the token is in a header, not the query.
    for version in [AliyunSignatureVersion::V3, AliyunSignatureVersion::Rpc] {
        let recorder = Recorder::default();
        let aliyun = aliyun::Client::builder()
            .base_url(sandbox.base_url())
            .allow_http()
            .access_key("sandbox-ak", "sandbox-secret")
            .security_token("sts-example")
            .signature_version(version)
            .with(recorder.clone())
            .build()
            .unwrap();
        // The sandbox verifies the signature over everything sent, token included.
        aliyun.describe_device_info(Default::default()).await.unwrap();
        let sent = &recorder.sent()[0];
        assert!(sent
            .headers
            .iter()
            .any(|(k, v)| k == "x-acs-security-token" && v == "sts-example"));
        let auth = &sent.headers.iter().find(|(k, _)| k == "authorization").unwrap().1;
        assert!(auth.contains("x-acs-security-token"), "{auth}");
        assert!(!sent.query.contains("sts-example"), "{}", sent.query);
    }
}
