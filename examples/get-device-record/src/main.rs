//! A new endpoint in five minutes: Feishu's "get a device record" is not in
//! `api-specs/`, so it is declared here with an annotation and called with the
//! generated Feishu client, signed, paced, retried and error-mapped like every
//! spec'd endpoint.
//!
//! ```sh
//! cargo run --bin apigen -- sandbox --listen 127.0.0.1:8787 \
//!     --specs api-specs --specs examples/get-device-record/specs
//! cargo run -p apigen-example-get-device-record
//! ```

mod endpoint;

use apigen_clients::feishu;
use apigen_clients::runtime::client::Error;
use endpoint::GetDeviceRecord;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let base = std::env::var("APIGEN_BASE_URL").unwrap_or_else(|_| "http://127.0.0.1:8787".to_owned());
    let mut builder = feishu::Client::builder().base_url(&base).app_credentials(
        std::env::var("FEISHU_APP_ID").unwrap_or_else(|_| "cli_sandbox".to_owned()),
        std::env::var("FEISHU_APP_SECRET").unwrap_or_else(|_| "sandbox-secret".to_owned()),
    );
    if base.starts_with("http://") {
        builder = builder.allow_http();
    }
    let feishu = builder.build()?;

    let request = GetDeviceRecord {
        device_record_id: "7089353870308032531".to_owned(),
    };
    let reply = feishu.generic().call(request).send_with_reply().await?;
    println!(
        "device {}: {:?}, {:?} (log id {:?})",
        reply.payload.device_record_id, reply.payload.device_ownership, reply.payload.device_status, reply.request_id
    );

    // The annotation's error table works like a generated one.
    let missing_token = feishu::Client::builder().base_url(&base).allow_http().build()?;
    match missing_token
        .generic()
        .call(GetDeviceRecord {
            device_record_id: "1".into(),
        })
        .await
    {
        Err(Error::Auth(auth)) => println!("without credentials: {auth}"),
        other => println!("unexpected: {other:?}"),
    }
    Ok(())
}
