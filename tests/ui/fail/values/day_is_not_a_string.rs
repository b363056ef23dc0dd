//! Aliyun: `ExpiredStartDay` is a checked `yyyyMMdd` day.

use apigen_clients::aliyun::DescribeDeviceInfoRequest;

fn main() {
    let _ = DescribeDeviceInfoRequest {
        expired_start_day: Some("2019-04-01".to_owned()),
        ..Default::default()
    };
}
