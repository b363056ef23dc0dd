//! `include_specs!` generates the same items as `build.rs`, from the same library.

mod sangfor_in_place {
    apigen_macros::include_specs!("../api-specs/sangfor");
}

use apigen_clients::runtime::{encode_request, Endpoint, ErrorCode, ErrorTable};

#[test]
fn in_place_items_match_the_client_crate() {
    let in_place = sangfor_in_place::QueryDeviceRequest::DESCRIPTOR;
    let built = apigen_clients::sangfor::QueryDeviceRequest::DESCRIPTOR;
    assert_eq!(in_place, built);

    let request = sangfor_in_place::QueryDeviceRequest::new(sangfor_in_place::DeviceSelector::Mac(
        "fe:fc:fe:21:f5:d1".parse().unwrap(),
    ));
    let twin = apigen_clients::sangfor::QueryDeviceRequest::new(apigen_clients::sangfor::DeviceSelector::Mac(
        "fe:fc:fe:21:f5:d1".parse().unwrap(),
    ));
    assert_eq!(encode_request(&request).unwrap(), encode_request(&twin).unwrap());

    let error = sangfor_in_place::QueryDeviceError::from_reply(&ErrorCode::Int(37400404), "匹配到多条终端,请求失败");
    assert_eq!(error, sangfor_in_place::QueryDeviceError::MultipleDevicesMatched);
}
