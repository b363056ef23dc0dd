//! The generated clients, used as a user would: decode replies, build
//! requests, validate values, map vendor errors.

use apigen_clients::runtime::{
    decode_reply, encode_request, ColonLower, Day, Endpoint, ErrorCode, ErrorTable, MacAddress, ParamLocation,
    WithFields,
};
use apigen_clients::{aliyun, feishu, sangfor};
use serde_json::json;

fn payload<E: Endpoint>(reply: &str) -> E::Response {
    let d = E::DESCRIPTOR;
    let value = decode_reply(d.service.id, &d.service.envelope, reply.as_bytes())
        .unwrap()
        .unwrap();
    apigen_clients::runtime::Payload::from_json(value).unwrap()
}

#[test]
fn feishu_reply_decodes_into_typed_enums() {
    let mine = payload::<feishu::GetMyDeviceRecordRequest>(
        r#"{"code":0,"msg":"success","data":{"device_record_id":"7089353870308032531","device_ownership":2,"device_status":1}}"#,
    );
    assert_eq!(mine.device_record_id, "7089353870308032531");
    assert_eq!(mine.device_ownership, feishu::DeviceOwnership::Enterprise);
    assert_eq!(mine.device_status, feishu::DeviceStatus::Trusted);
    assert_eq!(mine.device_status.label(), Some("信任设备"));
}

#[test]
fn unknown_enum_values_and_fields_decode_to_the_fallback() {
    let mine = payload::<feishu::GetMyDeviceRecordRequest>(
        r#"{"code":0,"msg":"","data":{"device_record_id":"1","device_ownership":7,"device_status":0,"added_later":true}}"#,
    );
    assert_eq!(mine.device_ownership, feishu::DeviceOwnership::Other(7));
    assert_eq!(mine.device_ownership.label(), None);
    // The fallback keeps the value: it encodes back to what was received.
    assert_eq!(serde_json::to_value(mine.device_ownership).unwrap(), json!(7));

    let kind: sangfor::DeviceType = serde_json::from_value(json!("Tablet")).unwrap();
    assert_eq!(kind, sangfor::DeviceType::Other("Tablet".into()));
    assert_eq!(serde_json::to_value(&kind).unwrap(), json!("Tablet"));
}

#[test]
fn sangfor_accepts_both_names_of_a_renamed_field() {
    let mut detail = json!({
        "externalId": "e", "deviceName": "d", "deviceType": "PC", "assetType": "BYOD", "deviceBrand": "b", "os": "o",
        "windowsDomain": "w", "lastLoginTime": "t", "lastActiveTime": "t", "idleTime": 0, "onlineStatus": 1,
        "loginStatus": 0, "trusted": 1, "firstImportTime": "t", "lastLoginUser": "u", "displayName": "n",
        "userDescription": "", "userDirectoryName": "", "path": "/"
    });
    detail["broswer"] = json!("Edge");
    detail["lastNetworkZone"] = json!("内网IP");
    let from_table: sangfor::DeviceDetail = serde_json::from_value(detail.clone()).unwrap();
    let map = detail.as_object_mut().unwrap();
    map.remove("broswer");
    map.remove("lastNetworkZone");
    map.insert("lastLoginMethod".into(), json!("Edge"));
    map.insert("lastLoginNetZone".into(), json!("内网IP"));
    let from_example: sangfor::DeviceDetail = serde_json::from_value(detail).unwrap();
    assert_eq!(from_table, from_example);
    assert_eq!(from_example.last_login_method, "Edge");
    assert_eq!(from_example.asset_type, sangfor::AssetType::Byod);
    assert_eq!(from_example.client_version, None);

    // The page types the idle time as `number`: a fractional day count decodes.
    let mut fractional = serde_json::to_value(&from_example).unwrap();
    fractional["idleTime"] = json!(2.5);
    let fractional: sangfor::DeviceDetail = serde_json::from_value(fractional).unwrap();
    assert_eq!(fractional.idle_time, 2.5);
}

#[test]
fn aliyun_lists_decode_wrapped_or_bare() {
    let wrapped = payload::<aliyun::DescribeDeviceInfoRequest>(
        r#"{"RequestId":"r","TotalCount":1,"DeviceInfoList":{"DeviceInfo":[{"DeviceId":"d","ExpiredDay":"20200101"}]}}"#,
    );
    let bare = payload::<aliyun::DescribeDeviceInfoRequest>(
        r#"{"RequestId":"r","TotalCount":1,"DeviceInfoList":[{"DeviceId":"d","ExpiredDay":"20200101"}]}"#,
    );
    assert_eq!(wrapped, bare);
    let list = wrapped.device_info_list.as_deref().unwrap();
    assert_eq!(list[0].device_id.as_deref(), Some("d"));
    // Encoding uses the wire's wrapped form.
    assert_eq!(
        serde_json::to_value(&wrapped).unwrap()["DeviceInfoList"]["DeviceInfo"][0]["DeviceId"],
        "d"
    );
}

#[test]
fn newtypes_reject_bad_input_with_a_clear_error() {
    let error = sangfor::ExternalId::new("abc\ndef").unwrap_err();
    assert_eq!(
        error.to_string(),
        "invalid ExternalId: character '\\n' at position 3 is not allowed (forbidden: ['\\n', '\\t', '\\r'])"
    );
    assert!(sangfor::ExternalId::new("0c4e9039-f81d-11ec-a760-fefcfe545bb7").is_ok());

    let error = aliyun::BizType::new("x".repeat(65)).unwrap_err();
    assert_eq!(
        error.to_string(),
        "invalid BizType: 65 characters is longer than the maximum of 64"
    );
    assert!(
        aliyun::UserDeviceId::new("设".repeat(64)).is_ok(),
        "length counts characters, not bytes"
    );

    let error = MacAddress::<ColonLower>::parse("ac:de:48:00:11").unwrap_err();
    assert!(
        error
            .to_string()
            .starts_with("invalid MAC address: \"ac:de:48:00:11\" is not a MAC address"),
        "{error}"
    );
    let error = Day::parse("20190230").unwrap_err();
    assert_eq!(
        error.to_string(),
        "invalid day: 2019-02 has no day 30; it has days 1 to 28"
    );

    // Decoding a request goes through the same checks.
    let bad: Result<sangfor::QueryDeviceRequest, _> = serde_json::from_value(json!({"mac": "not-a-mac"}));
    assert!(bad.unwrap_err().to_string().contains("is not a MAC address"));
}

#[test]
fn sangfor_query_sends_the_documented_mac_form() {
    let request = sangfor::QueryDeviceRequest::new(sangfor::DeviceSelector::Mac("fe:fc:fe:21:f5:d1".parse().unwrap()));
    let encoded = encode_request(&request).unwrap();
    assert_eq!(encoded.path, "/api/v1/device/query");
    assert_eq!(encoded.query, [("mac".to_owned(), "FE-FC-FE-21-F5-D1".to_owned())]);
    assert_eq!(encoded.body, None);
}

#[test]
fn feishu_create_encodes_the_os_and_only_its_identifiers() {
    let request = feishu::CreateDeviceRecordRequest::new(
        feishu::DeviceOwnership::Personal,
        feishu::DeviceStatus::Unknown,
        feishu::DeviceIdentity::Android(feishu::AndroidIdentifiers::new("02a11ac4a83b918e".into())),
    );
    assert_eq!(request.device.device_system(), feishu::DeviceSystem::Android);
    let encoded = encode_request(&request).unwrap();
    assert_eq!(
        encoded.body,
        Some(json!({"device_system": 4, "android_id": "02a11ac4a83b918e", "device_ownership": 1, "device_status": 0}))
    );
    assert_eq!(encoded.headers, [("Content-Type", "application/json; charset=utf-8")]);

    let desktop = feishu::DesktopIdentifiers::default().with_fields(|r| {
        r.serial_number = Some("C02DTHRMML7H".into());
        r.mac_address = Some("FE-FC-FE-21-F5-D1".parse().unwrap());
    });
    let mut request = request;
    request.device = feishu::DeviceIdentity::MacOs(desktop);
    let body = encode_request(&request).unwrap().body.unwrap();
    assert_eq!(body["device_system"], 2);
    assert_eq!(
        body["mac_address"], "fe:fc:fe:21:f5:d1",
        "Feishu documents lower-case colon MACs"
    );
    assert!(
        body.get("disk_serial_number").is_none(),
        "absent optional fields are not sent"
    );

    // An Android body carrying a desktop identifier is refused when decoded.
    let wrong =
        json!({"device_system": 4, "android_id": "a", "serial_number": "s", "device_ownership": 0, "device_status": 0});
    let error = serde_json::from_value::<feishu::CreateDeviceRecordRequest>(wrong).unwrap_err();
    assert!(error.to_string().contains("unknown field `serial_number`"), "{error}");
}

#[test]
fn aliyun_rpc_parameters_carry_action_and_version() {
    let request = aliyun::DescribeDeviceInfoRequest::default().with_fields(|r| {
        r.page_size = Some(20);
        r.expired_start_day = Some(Day::new(2019, 4, 1).unwrap());
        r.biz_type = Some(aliyun::BizType::new("FACE_TEST").unwrap());
    });
    let encoded = encode_request(&request).unwrap();
    assert_eq!(encoded.path, "/");
    let query: Vec<(&str, &str)> = encoded.query.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    assert_eq!(
        query,
        [
            ("Action", "DescribeDeviceInfo"),
            ("Version", "2019-03-07"),
            ("PageSize", "20"),
            ("BizType", "FACE_TEST"),
            ("ExpiredStartDay", "20190401")
        ]
    );
    let d = aliyun::DescribeDeviceInfoRequest::DESCRIPTOR;
    assert!(d.params.iter().all(|p| p.location == ParamLocation::Query));
    assert!(d.idempotent);
}

#[test]
fn descriptors_carry_the_page_facts() {
    let mine = feishu::GetMyDeviceRecordRequest::DESCRIPTOR;
    assert_eq!(mine.rate_limit.map(|r| r.per_second), Some(50));
    assert_eq!(
        mine.auth.iter().map(|a| a.name).collect::<Vec<_>>(),
        ["user_access_token"]
    );
    assert_eq!(mine.scopes, ["security_and_compliance:device_record:read"]);
    let create = feishu::CreateDeviceRecordRequest::DESCRIPTOR;
    assert_eq!(create.rate_limit.map(|r| r.per_second), Some(10));
    assert!(!create.idempotent, "creating a device is not safe to repeat");
    assert_eq!(
        feishu::SERVICE.base_urls.iter().find(|b| b.default).map(|b| b.url),
        Some("https://open.feishu.cn")
    );
    assert!(
        sangfor::SERVICE.base_urls.is_empty(),
        "aTrust is on-premises: no default base URL"
    );
    // The spec's recorded signing choice reaches the client, as it reaches the sandbox.
    assert_eq!(
        sangfor::QueryDeviceRequest::DESCRIPTOR.auth[0].kind,
        apigen_clients::runtime::AuthKind::SangforSignature(
            apigen_clients::runtime::sign::sangfor::QueryEncoding::Decoded
        )
    );
}

#[test]
fn error_tables_map_codes_messages_and_templates() {
    use sangfor::QueryDeviceError as E;
    let too_long = E::from_reply(&ErrorCode::Int(7201), "外部ID长度超过最大上限:128");
    assert_eq!(too_long, E::ExternalIdTooLong { max_length: Some(128) });
    assert_eq!(too_long.message(), "外部ID长度超过最大上限:128");
    assert_eq!(too_long.code(), ErrorCode::Int(7201));
    assert_eq!(too_long.http_status(), None);
    assert_eq!(
        E::from_reply(&ErrorCode::Int(7201), "MAC地址格式错误"),
        E::InvalidMacAddress
    );
    assert_eq!(
        E::from_reply(&ErrorCode::Int(10000001), "请勿输入多个匹配参数: externalId,mac"),
        E::MultipleMatchParameters {
            parameters: Some("externalId,mac".into())
        }
    );
    assert_eq!(
        E::from_reply(&ErrorCode::Int(77200001), "终端不存在"),
        E::DeviceNotFound
    );
    let unknown = E::from_reply(&ErrorCode::Int(99), "新的错误");
    assert_eq!(unknown.code(), ErrorCode::Int(99));
    assert_eq!(unknown.message(), "新的错误");
    assert!(matches!(unknown, E::Unknown(_)));

    use feishu::CreateDeviceRecordError as C;
    let exists = C::from_reply(&ErrorCode::Int(1785010), "The device already exists.");
    assert_eq!(exists, C::DeviceAlreadyExists);
    assert_eq!(exists.http_status(), Some(400));
    assert_eq!(exists.hint(), Some("系统中符合该设备特征的设备已存在"));
    assert!(!exists.is_retryable());
    assert_eq!(
        exists.to_string(),
        "The device already exists. (code 1785010); hint: 系统中符合该设备特征的设备已存在"
    );
    let internal = C::from_reply(&ErrorCode::Int(1780001), "Internal server error.");
    assert!(internal.is_retryable());
    assert_eq!(internal.http_status(), Some(500));
    let token = C::from_reply(&ErrorCode::Int(99991663), "token expired");
    assert_eq!(token, C::Common(feishu::CommonError::InvalidTenantAccessToken));
    assert!(token.is_retryable());

    use aliyun::DescribeDeviceInfoError as A;
    let missing = A::from_reply(
        &ErrorCode::Str("MissingParameter".into()),
        r#"The input parameter "PageSize" that is mandatory for processing this request is not supplied."#,
    );
    assert_eq!(
        missing,
        A::Common(aliyun::CommonError::MissingParameter {
            parameter: Some("PageSize".into())
        })
    );
    assert_eq!(missing.code(), ErrorCode::Str("MissingParameter".into()));
    assert!(missing.message().contains("\"PageSize\""));
    fn is_error<T: std::error::Error>(_: &T) {}
    is_error(&missing);
}

#[test]
fn vendor_errors_come_out_of_the_envelope() {
    let d = sangfor::QueryDeviceRequest::DESCRIPTOR;
    let reply = r#"{"code":77200001,"data":null,"msg":"终端不存在","traceId":"0022c672e4c8b0d6"}"#;
    let error = decode_reply(d.service.id, &d.service.envelope, reply.as_bytes())
        .unwrap()
        .unwrap_err();
    assert_eq!(error.code, ErrorCode::Int(77200001));
    assert_eq!(error.request_id.as_deref(), Some("0022c672e4c8b0d6"));
    assert_eq!(
        sangfor::QueryDeviceError::from_reply(&error.code, &error.message),
        sangfor::QueryDeviceError::DeviceNotFound
    );

    let d = aliyun::DescribeDeviceInfoRequest::DESCRIPTOR;
    let reply = r#"{"RequestId":"969434DF","Code":"SignatureDoesNotMatch","Message":"Specified signature is not matched with our calculation."}"#;
    let error = decode_reply(d.service.id, &d.service.envelope, reply.as_bytes())
        .unwrap()
        .unwrap_err();
    assert_eq!(error.request_id.as_deref(), Some("969434DF"));

    let html = decode_reply(d.service.id, &d.service.envelope, b"<html>502 Bad Gateway</html>").unwrap_err();
    assert!(html.to_string().contains("not JSON"), "{html}");
    assert_eq!(html.excerpt, "<html>502 Bad Gateway</html>");
}
