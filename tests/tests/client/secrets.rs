//! No secret reaches `Debug`, `Display`, an error, a panic message, a URL
//! middleware sees, or a log line at TRACE.

use std::io::Write;
use std::sync::{Arc, Mutex};

use apigen_clients::runtime::client::Error;
use apigen_clients::{aliyun, feishu, sangfor};
use tracing_subscriber::fmt::MakeWriter;

use crate::support::{self, Recorder};

/// Collects log output.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> MakeWriter<'a> for Captured {
    type Writer = Captured;
    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}

#[tokio::test]
async fn secrets_appear_in_no_debug_display_error_or_log() {
    let logs = Captured::default();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(logs.clone())
        .with_max_level(tracing::Level::TRACE)
        .with_span_events(tracing_subscriber::fmt::format::FmtSpan::FULL)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let sandbox = support::default_sandbox().await;
    let base = sandbox.base_url();
    let recorder = Recorder::default();
    let mut seen = Vec::new();

    let feishu_builder = feishu::Client::builder()
        .base_url(&base)
        .allow_http()
        .app_credentials("cli_sandbox", "sandbox-secret")
        .with(recorder.clone());
    seen.push(format!("{feishu_builder:?}"));
    let feishu = feishu_builder.build().unwrap();
    let mine = feishu
        .get_my_device_record(Default::default())
        .user_token("u-sandbox-user")
        .send_with_reply()
        .await
        .unwrap();
    seen.push(format!("{mine:?} {feishu:?}"));
    let verification = feishu.get_verification(Default::default()).await.unwrap();
    seen.push(format!("{verification:?} {feishu:?}"));
    let no_device = feishu
        .get_my_device_record(Default::default())
        .user_token("u-sandbox-no-device")
        .await
        .unwrap_err();
    seen.push(format!("{no_device} {no_device:?}"));
    let bad_app = feishu::Client::builder()
        .base_url(&base)
        .allow_http()
        .app_credentials("cli_sandbox", "wrong-app-secret-value")
        .build()
        .unwrap();
    let exchange: Error<_> = bad_app.get_verification(Default::default()).await.unwrap_err();
    seen.push(format!("{exchange} {exchange:?} {bad_app:?}"));

    let sangfor = sangfor::Client::builder()
        .base_url(&base)
        .allow_http()
        .api_credentials("sandbox-app", "sandbox-app-secret")
        .build()
        .unwrap();
    let request = sangfor::QueryDeviceRequest::new(sangfor::DeviceSelector::Mac("00-1A-2B-3C-4D-5E".parse().unwrap()));
    let ambiguous = sangfor.query_device(request).await.unwrap_err();
    seen.push(format!("{ambiguous} {ambiguous:?} {sangfor:?}"));

    for secret in ["sandbox-secret", "wrong-ak-secret-value"] {
        let aliyun = aliyun::Client::builder()
            .base_url(&base)
            .allow_http()
            .access_key("sandbox-ak", secret)
            .security_token("sts-token-value")
            .build()
            .unwrap();
        let result = aliyun.describe_device_info(Default::default()).await;
        seen.push(format!("{result:?} {aliyun:?}"));
        if let Err(error) = result {
            seen.push(error.to_string());
        }
    }
    drop(_guard);

    // What a user's `.unwrap()` or `.expect()` on each error would print.
    let errors = [
        no_device.to_string(),
        format!("{no_device:?}"),
        format!("{exchange:?}"),
        format!("{ambiguous:?}"),
    ];
    for debug in errors {
        let panic =
            std::panic::catch_unwind(|| -> () { panic!("called `Result::unwrap()` on an `Err` value: {debug}") });
        let message = panic
            .err()
            .and_then(|p| p.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        seen.push(message);
    }
    // Middleware sees URLs: the query of every request sent.
    for sent in recorder.sent() {
        seen.push(format!("{} {}?{}", sent.method, sent.path, sent.query));
    }

    let tenant_token = recorder
        .sent()
        .iter()
        .flat_map(|s| s.headers.clone())
        .filter(|(k, _)| k == "authorization")
        .map(|(_, v)| v.trim_start_matches("Bearer ").to_owned())
        .find(|t| t.starts_with("t-"))
        .expect("a tenant token was sent");
    let logs = String::from_utf8(logs.0.lock().unwrap().clone()).unwrap();
    assert!(logs.contains("apigen.call"), "spans were logged: {logs}");
    assert!(logs.contains("request_id"), "{logs}");
    let everything = format!("{}\n{logs}", seen.join("\n"));
    let secrets = [
        "sandbox-secret",
        "sandbox-app-secret",
        "wrong-app-secret-value",
        "wrong-ak-secret-value",
        "sts-token-value",
        "u-sandbox-user",
        "u-sandbox-no-device",
        tenant_token.as_str(),
    ];
    for secret in secrets {
        assert!(!everything.contains(secret), "`{secret}` leaked:\n{everything}");
    }
    eprintln!(
        "{} secrets searched for in {} Debug/Display/error/panic/URL texts and {} bytes of TRACE logs: 0 hits",
        secrets.len(),
        seen.len(),
        logs.len()
    );
}
