//! Sangfor aTrust: look a device up by MAC address and by external id.
//!
//! Against the sandbox (start it first: `cargo run --bin apigen -- sandbox --listen 127.0.0.1:8787`):
//!
//! ```sh
//! cargo run --example sangfor
//! ```
//!
//! Against your aTrust deployment: `APIGEN_BASE_URL=https://atrust.example.com SANGFOR_API_ID=... \
//! SANGFOR_API_SECRET=... cargo run --example sangfor` (add `.add_root_certificate(...)` in code
//! for a private CA).

use std::env::var;

use apigen_clients::sangfor;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let base = var("APIGEN_BASE_URL").unwrap_or_else(|_| "http://127.0.0.1:8787".to_owned());
    let mut builder = sangfor::Client::builder().base_url(&base).api_credentials(
        var("SANGFOR_API_ID").unwrap_or_else(|_| "sandbox-app".to_owned()),
        var("SANGFOR_API_SECRET").unwrap_or_else(|_| "sandbox-app-secret".to_owned()),
    );
    if base.starts_with("http://") {
        builder = builder.allow_http();
    }
    let client = builder.build()?;

    // Any MAC notation is accepted; aTrust receives its documented FE-FC-FE-21-F5-D1 form.
    let by_mac = sangfor::QueryDeviceRequest::new(sangfor::DeviceSelector::Mac("fe:fc:fe:21:f5:d1".parse()?));
    let device = client.query_device(by_mac).await?;
    println!(
        "{} ({:?}, {:?}) last used by {} via {}",
        device.device_name, device.device_type, device.asset_type, device.last_login_user, device.last_login_method
    );

    let by_id = sangfor::QueryDeviceRequest::new(sangfor::DeviceSelector::ExternalId(sangfor::ExternalId::new(
        device.external_id.clone(),
    )?));
    let reply = client.query_device(by_id).send_with_reply().await?;
    println!(
        "same device by external id: {} (traceId {:?})",
        reply.payload.device_name, reply.request_id
    );

    // A MAC address two devices share: the documented error, typed.
    let shared = sangfor::QueryDeviceRequest::new(sangfor::DeviceSelector::Mac("00-1A-2B-3C-4D-5E".parse()?));
    if let Err(error) = client.query_device(shared).await {
        println!("shared MAC: {error}");
    }
    Ok(())
}
