//! Feishu device records and tenant verification, end to end.
//!
//! Against the sandbox (start it first: `cargo run --bin apigen -- sandbox --listen 127.0.0.1:8787`):
//!
//! ```sh
//! cargo run --example feishu
//! ```
//!
//! Against Feishu itself: `APIGEN_BASE_URL=https://open.feishu.cn FEISHU_APP_ID=cli_... \
//! FEISHU_APP_SECRET=... FEISHU_USER_TOKEN=u-... cargo run --example feishu`
//! (or `https://open.larksuite.com` for Lark).

use std::env::var;

use apigen_clients::feishu;
use apigen_clients::runtime::client::Error;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let base = var("APIGEN_BASE_URL").unwrap_or_else(|_| "http://127.0.0.1:8787".to_owned());
    let mut builder = feishu::Client::builder().base_url(&base).app_credentials(
        var("FEISHU_APP_ID").unwrap_or_else(|_| "cli_sandbox".to_owned()),
        var("FEISHU_APP_SECRET").unwrap_or_else(|_| "sandbox-secret".to_owned()),
    );
    if base.starts_with("http://") {
        builder = builder.allow_http();
    }
    let client = builder.build()?;

    // A tenant-token call: the client exchanges the app secret and caches the token.
    let verification = client.get_verification(Default::default()).await?;
    println!(
        "tenant: {} (verified: {})",
        verification.verification.name, verification.verification.has_verification
    );

    // Register an Android device; a second registration is the typed DeviceAlreadyExists.
    let request = feishu::CreateDeviceRecordRequest::new(
        feishu::DeviceOwnership::Enterprise,
        feishu::DeviceStatus::Trusted,
        feishu::DeviceIdentity::Android(feishu::AndroidIdentifiers::new(format!(
            "example-{}",
            std::process::id()
        ))),
    );
    let created = client.create_device_record(request.clone()).await?;
    println!("created device record {}", created.device_record_id);
    match client.create_device_record(request).await {
        Err(Error::Api(api)) if api.error == feishu::CreateDeviceRecordError::DeviceAlreadyExists => {
            println!("registering it again: {api}");
        }
        other => println!("unexpected: {other:?}"),
    }

    // A user-token call, with the raw reply alongside the payload.
    let user_token = var("FEISHU_USER_TOKEN").unwrap_or_else(|_| "u-sandbox-user".to_owned());
    let mine = client
        .get_my_device_record(Default::default())
        .user_token(user_token)
        .send_with_reply()
        .await?;
    println!(
        "my device: {} ({:?}, {:?}); HTTP {}, log id {:?}",
        mine.payload.device_record_id,
        mine.payload.device_ownership,
        mine.payload.device_status,
        mine.status,
        mine.request_id
    );
    Ok(())
}
