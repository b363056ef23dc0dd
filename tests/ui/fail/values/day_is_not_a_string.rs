//! Aliyun: `ExpiredStartDay` is a checked `yyyyMMdd` day.

use apigen_clients::aliyun::DescribeDeviceInfoRequest;
use apigen_clients::runtime::WithFields;

fn main() {
    let _ = DescribeDeviceInfoRequest::default().with_fields(|r| r.expired_start_day = Some("2019-04-01".to_owned()));
}
