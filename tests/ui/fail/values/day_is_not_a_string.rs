//! Aliyun: `ExpiredStartDay` is a checked `yyyyMMdd` day.

use apigen_clients::aliyun::DescribeDeviceInfoRequest;

fn main() {
    let _ = DescribeDeviceInfoRequest::default().with_expired_start_day("2019-04-01".to_owned());
}
