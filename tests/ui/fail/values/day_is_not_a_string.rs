//! Aliyun: `ExpiredStartDay` is a checked `yyyyMMdd` day.

use apigen_clients::aliyun::DescribeDeviceInfoRequest;
use apigen_clients::runtime::With;

fn main() {
    let _ = DescribeDeviceInfoRequest::default().with(|r| r.expired_start_day = Some("2019-04-01".to_owned()));
}
