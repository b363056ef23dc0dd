//! `apigen sandbox` as a user starts it: the one ready line, serving, Ctrl-C.
#![cfg(unix)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

fn specs() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").join("api-specs")
}

fn sandbox(extra: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_apigen"));
    command
        .args(["sandbox", "--specs"])
        .arg(specs())
        .args(extra)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    command
}

/// A bare HTTP/1.1 GET; returns the whole reply.
fn get(addr: &str, path: &str, headers: &str) -> String {
    let mut stream = TcpStream::connect(addr).expect("connect to the sandbox");
    stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\n{headers}Connection: close\r\n\r\n"
    )
    .unwrap();
    let mut reply = String::new();
    stream.read_to_string(&mut reply).unwrap();
    reply
}

#[test]
fn it_prints_one_ready_line_serves_and_stops_on_ctrl_c() {
    let mut child = sandbox(&["--listen", "127.0.0.1:0"])
        .spawn()
        .expect("start apigen sandbox");
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    stdout.read_line(&mut line).unwrap();
    let addr = line
        .strip_prefix("sandbox listening on http://")
        .and_then(|rest| rest.strip_suffix('\n'))
        .unwrap_or_else(|| panic!("unexpected ready line {line:?}"))
        .to_owned();
    assert!(
        addr.starts_with("127.0.0.1:") && addr[10..].parse::<u16>().is_ok_and(|p| p > 0),
        "{addr}"
    );

    let reply = get(
        &addr,
        "/open-apis/security_and_compliance/v2/device_records/mine",
        "Authorization: Bearer u-sandbox-user\r\n",
    );
    assert!(reply.starts_with("HTTP/1.1 200"), "{reply}");
    assert!(reply.to_ascii_lowercase().contains("x-tt-logid:"), "{reply}");
    assert!(
        reply.contains("\"device_record_id\":\"7089353870308032531\""),
        "{reply}"
    );

    let interrupted = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(interrupted.success());
    let status = child.wait().unwrap();
    assert!(status.success(), "Ctrl-C should stop the sandbox cleanly, got {status}");
    let mut rest = String::new();
    stdout.read_to_string(&mut rest).unwrap();
    assert_eq!(rest, "", "exactly one line on stdout");
}

#[test]
fn it_refuses_a_public_address_without_consent() {
    let output = sandbox(&["--listen", "0.0.0.0:0"]).output().unwrap();
    assert!(!output.status.success());
    let message = String::from_utf8_lossy(&output.stderr);
    assert!(
        message.contains("not a loopback address") && message.contains("--public"),
        "{message}"
    );
    assert!(output.stdout.is_empty());
}

#[test]
fn a_broken_fixture_file_is_named_with_its_position() {
    let dir = tempfile::tempdir().unwrap();
    let fixtures = dir.path().join("fixtures.yaml");
    std::fs::write(
        &fixtures,
        "rate_limits: false\nsangfor:\n  apps:\n    - { api_id: a, secert: b }\n",
    )
    .unwrap();
    let output = sandbox(&["--listen", "127.0.0.1:0", "--fixtures", fixtures.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(!output.status.success());
    let message = String::from_utf8_lossy(&output.stderr);
    assert!(message.contains("fixtures.yaml:4:"), "{message}");
    assert!(message.contains("secert"), "{message}");
}

fn sign(secret: Option<&str>, args: &[&str]) -> std::process::Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_apigen"));
    command.arg("sign").args(args).env_remove("APIGEN_SIGN_SECRET");
    if let Some(secret) = secret {
        command.env("APIGEN_SIGN_SECRET", secret);
    }
    command.output().unwrap()
}

#[test]
fn sign_reproduces_the_published_v3_example_step_by_step() {
    // Alibaba Cloud's V3 worked example (ECS RunInstances):
    // https://www.alibabacloud.com/help/en/sdk/product-overview/v3-request-structure-and-signature
    let output = sign(
        Some("YourAccessKeySecret"),
        &[
            "--scheme",
            "aliyun-v3",
            "--method",
            "POST",
            "--path",
            "/",
            "--key-id",
            "YourAccessKeyId",
            "--param",
            "ImageId=win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd",
            "--param",
            "RegionId=cn-shanghai",
            "--header",
            "host=ecs.cn-shanghai.aliyuncs.com",
            "--header",
            "x-acs-action=RunInstances",
            "--header",
            "x-acs-version=2014-05-26",
            "--timestamp",
            "2023-10-26T10:22:32Z",
            "--nonce",
            "3156853299f313e23d1673dc12e1703d",
        ],
    );
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let text = String::from_utf8_lossy(&output.stdout);
    for step in ["== canonical request", "== string to sign", "== signed headers"] {
        assert!(text.contains(step), "{text}");
    }
    assert!(text.contains("host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version"));
    assert!(
        text.contains("06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0"),
        "{text}"
    );
    assert!(!text.contains("YourAccessKeySecret"));
}

#[test]
fn sign_reproduces_the_published_rpc_example_with_an_overridden_default() {
    // Alibaba Cloud's RPC worked example (ECS DescribeDedicatedHosts), whose
    // Format is JSON — the tool's default, overridden here to prove --param wins:
    // https://www.alibabacloud.com/help/en/sdk/product-overview/rpc-mechanism
    let args = |format: &'static str| {
        vec![
            "--scheme",
            "aliyun-rpc",
            "--key-id",
            "testid",
            "--param",
            "Action=DescribeDedicatedHosts",
            "--param",
            "RegionId=cn-beijing",
            "--param",
            "Version=2014-05-26",
            "--param",
            format,
            "--timestamp",
            "2023-03-13T08:34:30Z",
            "--nonce",
            "edb2b34af0af9a6d14deaf7c1a5315eb",
        ]
    };
    let json = sign(Some("testsecret"), &args("Format=JSON"));
    assert!(String::from_utf8_lossy(&json.stdout).contains("9NaGiOspFP5UPcwX8Iwt2YJXXuk="));
    let xml = String::from_utf8_lossy(&sign(Some("testsecret"), &args("Format=XML")).stdout).into_owned();
    assert!(xml.contains("Format%3DXML") && !xml.contains("Format%3DJSON"), "{xml}");
    assert!(!xml.contains("9NaGiOspFP5UPcwX8Iwt2YJXXuk="));
}

#[test]
fn sign_takes_the_secret_only_from_the_environment() {
    let output = sign(
        None,
        &[
            "--scheme",
            "sangfor",
            "--key-id",
            "app",
            "--path",
            "/api/v1/device/query",
        ],
    );
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("APIGEN_SIGN_SECRET"));
    let output = sign(
        Some("s3cr3t-value"),
        &[
            "--scheme",
            "sangfor",
            "--key-id",
            "app",
            "--path",
            "/api/v1/device/query",
            "--param",
            "mac=FE-FC-FE-21-F5-D1",
            "--timestamp",
            "1700000000",
            "--nonce",
            "n-1",
        ],
    );
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("/api/v1/device/query?mac=FE-FC-FE-21-F5-D1"), "{text}");
    assert!(
        text.contains("appId=app&appSecret=***&timestamp=1700000000&nonce=n-1"),
        "{text}"
    );
    assert!(!text.contains("s3cr3t-value"));
}

#[test]
fn specs_layers_add_endpoints_to_a_service() {
    let extra = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/get-device-record/specs");
    let mut child = sandbox(&["--listen", "127.0.0.1:0", "--specs"])
        .arg(&extra)
        .spawn()
        .expect("start apigen sandbox");
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    stdout.read_line(&mut line).unwrap();
    let addr = line
        .trim()
        .trim_start_matches("sandbox listening on http://")
        .to_owned();
    let reply = get(
        &addr,
        "/open-apis/security_and_compliance/v2/device_records/7089353870308032531",
        "Authorization: Bearer t-sandbox-tenant\r\n",
    );
    let _ = child.kill();
    let _ = child.wait();
    assert!(reply.starts_with("HTTP/1.1 200"), "{reply}");
    assert!(reply.contains("\"device_status\":1"), "{reply}");

    // A layer for a service no earlier directory defines is an error, not silently ignored.
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("dingtalk/endpoints")).unwrap();
    std::fs::write(dir.path().join("dingtalk/endpoints/x.yaml"), "id: x\n").unwrap();
    let output = sandbox(&["--listen", "127.0.0.1:0", "--specs"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("no earlier spec directory defines"));
}
