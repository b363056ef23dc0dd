//! Every seed endpoint's request can be built from typed values and encoded.

use apigen_clients::runtime::{encode_request, Day, Endpoint, ErrorTable, WithFields};
use apigen_clients::{aliyun, feishu, sangfor};

fn main() {
    let mine = feishu::GetMyDeviceRecordRequest::default();
    let verification = feishu::GetVerificationRequest::default();
    let create = feishu::CreateDeviceRecordRequest::new(
        feishu::DeviceOwnership::Enterprise,
        feishu::DeviceStatus::Trusted,
        feishu::DeviceIdentity::Windows(
            feishu::DesktopIdentifiers::default().with_fields(|r| {r.serial_number = Some("C02DTHRMML7H".to_owned()); r.mac_address = Some("ac:de:48:00:11:21".parse().expect("valid MAC"));}),
        ),
    );
    let ios = feishu::DeviceIdentity::Ios(feishu::IosIdentifiers::new("968F0E5C".to_owned()));
    let by_id = sangfor::QueryDeviceRequest::new(sangfor::DeviceSelector::ExternalId(
        sangfor::ExternalId::new("0c4e9039").expect("no control characters"),
    ));
    let by_mac = sangfor::QueryDeviceRequest::new(sangfor::DeviceSelector::Mac(
        "FE-FC-FE-21-F5-D1".parse().expect("valid MAC"),
    ));
    let page = aliyun::DescribeDeviceInfoRequest::default().with_fields(|r| {r.page_size = Some(20); r.current_page = Some(1); r.expired_end_day = Some(Day::parse("20200330").expect("valid day"));});
    encode_request(&mine).expect("encodes");
    encode_request(&verification).expect("encodes");
    encode_request(&create).expect("encodes");
    encode_request(&by_id).expect("encodes");
    encode_request(&by_mac).expect("encodes");
    encode_request(&page).expect("encodes");
    let _: feishu::DeviceSystem = ios.device_system();
    let _: &str = <feishu::CreateDeviceRecordRequest as Endpoint>::DESCRIPTOR.path;
    let _ = <sangfor::QueryDeviceError as ErrorTable>::from_reply;
}
