//! The `apigen` binary as a user runs it: generate, check, inventory.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn specs() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").join("api-specs")
}

fn apigen(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_apigen"))
        .args(args)
        .output()
        .expect("run apigen")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn generate_writes_one_file_per_service_and_check_notices_staleness() {
    let out = tempfile::tempdir().unwrap();
    let specs = specs();
    let (specs, out_dir) = (specs.to_str().unwrap(), out.path().to_str().unwrap());
    let generated = apigen(&["generate", "--specs", specs, "--out", out_dir]);
    assert!(generated.status.success(), "{}", text(&generated.stderr));
    let summary = text(&generated.stdout);
    for line in [
        "create_device_record",
        "get_my_device_record",
        "get_verification",
        "query_device",
        "describe_device_info",
    ] {
        assert!(summary.contains(line), "summary lacks {line}: {summary}");
    }
    assert!(summary.contains("3 services, 5 endpoints"), "{summary}");
    for service in ["feishu", "sangfor", "aliyun"] {
        assert!(out.path().join(format!("{service}.rs")).is_file());
    }

    let fresh = apigen(&["check", "--specs", specs, "--out", out_dir]);
    assert!(fresh.status.success(), "{}", text(&fresh.stderr));

    std::fs::write(out.path().join("feishu.rs"), "// edited by hand\n").unwrap();
    std::fs::write(out.path().join("gone.rs"), "// a service that no longer exists\n").unwrap();
    let stale = apigen(&["check", "--specs", specs, "--out", out_dir]);
    assert!(!stale.status.success());
    let message = text(&stale.stderr);
    assert!(message.contains("feishu.rs is stale"), "{message}");
    assert!(message.contains("gone.rs has no spec any more"), "{message}");
    assert!(message.contains("cargo run --bin apigen -- generate"), "{message}");
}

#[test]
fn a_broken_spec_fails_with_its_position_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let service = dir.path().join("specs").join("demo");
    std::fs::create_dir_all(service.join("endpoints")).unwrap();
    std::fs::write(
        service.join("service.yaml"),
        "service: demo\ntitle: Demo\nauth: {}\nenvelop: {}\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    let run = apigen(&[
        "generate",
        "--specs",
        dir.path().join("specs").to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(!run.status.success());
    let message = text(&run.stderr);
    assert!(
        message.contains("service.yaml:4:1: envelop: unknown field `envelop`"),
        "{message}"
    );
    assert!(message.contains("did you mean `envelope`?"), "{message}");
    assert!(!out.exists(), "nothing is written when a spec is broken");
}

fn inventory() -> Value {
    let run = apigen(&["inventory", "--json", "--specs", specs().to_str().unwrap()]);
    assert!(run.status.success(), "{}", text(&run.stderr));
    serde_json::from_slice(&run.stdout).expect("inventory is JSON")
}

fn endpoint<'a>(inventory: &'a Value, id: &str) -> &'a Value {
    inventory["endpoints"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["id"] == id)
        .unwrap_or_else(|| panic!("no {id}"))
}

fn strings(value: &Value) -> Vec<&str> {
    value.as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect()
}

/// The endpoint's own errors (the page's), without the service-wide ones.
fn codes(endpoint: &Value) -> Vec<(Value, String, String)> {
    endpoint["errors"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["common"] == false)
        .map(|e| {
            (
                e["http_status"].clone(),
                e["code"].as_str().unwrap().to_owned(),
                e["message"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[test]
fn inventory_lists_every_field_error_and_limit_of_the_pages() {
    let inventory = inventory();
    assert_eq!(inventory["endpoints"].as_array().unwrap().len(), 5);

    let mine = endpoint(&inventory, "get_my_device_record");
    assert_eq!(mine["service"], "feishu");
    assert_eq!(mine["method"], "GET");
    assert_eq!(
        mine["path"],
        "/open-apis/security_and_compliance/v2/device_records/mine"
    );
    assert_eq!(mine["auth"], "user_access_token");
    assert_eq!(mine["rate_limit_per_second"], 50);
    assert_eq!(mine["action"], Value::Null);
    assert!(strings(&mine["request_fields"]).is_empty());
    assert_eq!(
        strings(&mine["response_fields"]),
        ["device_record_id", "device_ownership", "device_status"]
    );
    let mine_codes = codes(mine);
    for code in ["1780001", "1780101", "1780102", "1785011", "1785012"] {
        assert!(mine_codes.iter().any(|c| c.1 == code), "{code}");
    }
    assert!(mine_codes.contains(&(Value::from(500), "1780001".into(), "Internal server error.".into())));

    let create = endpoint(&inventory, "create_device_record");
    assert_eq!(create["auth"], "tenant_access_token");
    assert_eq!(create["rate_limit_per_second"], 10);
    let mut fields = strings(&create["request_fields"]);
    fields.sort_unstable();
    assert_eq!(
        fields,
        [
            "aaid",
            "android_id",
            "device_ownership",
            "device_status",
            "device_system",
            "disk_serial_number",
            "idfv",
            "mac_address",
            "serial_number",
            "uuid"
        ]
    );
    assert_eq!(strings(&create["response_fields"]), ["device_record_id"]);
    for code in ["1780001", "1780101", "1780102", "1785005", "1785007", "1785010"] {
        assert!(
            codes(create).iter().any(|c| c.1 == code && (c.0 == 500 || c.0 == 400)),
            "{code}"
        );
    }

    let verification = endpoint(&inventory, "get_verification");
    assert_eq!(verification["rate_limit_per_second"], Value::Null);
    assert_eq!(
        strings(&verification["response_fields"]),
        ["verification", "verification.name", "verification.has_verification"]
    );
    assert!(codes(verification).contains(&(Value::from(404), "2010001".into(), "tenant not found".into())));
    assert!(codes(verification).contains(&(Value::from(403), "2010002".into(), "no permission".into())));

    let sangfor = endpoint(&inventory, "query_device");
    assert_eq!(sangfor["auth"], "api_signature");
    assert_eq!(strings(&sangfor["request_fields"]), ["externalId", "mac"]);
    let response = strings(&sangfor["response_fields"]);
    for field in [
        "externalId",
        "macList",
        "deviceName",
        "deviceType",
        "assetType",
        "tagList",
        "deviceBrand",
        "os",
        "windowsDomain",
        "broswer",
        "clientVersion",
        "lastNetworkZone",
        "lastLoginTime",
        "lastActiveTime",
        "idleTime",
        "onlineStatus",
        "loginStatus",
        "trusted",
        "firstImportTime",
        "lastLoginUser",
        "displayName",
        "userDescription",
        "userDirectoryName",
        "path",
        "bindUsers",
        "bindUsers[].bindUser",
        "bindUsers[].bindType",
        "bindUsers[].bindTime",
        "historyUsers",
        "historyUsers[].userName",
        "historyUsers[].displayName",
        "historyUsers[].userDescription",
        "historyUsers[].userDirectoryName",
    ] {
        assert!(response.contains(&field), "{field} missing from {response:?}");
    }
    assert_eq!(response.len(), 33);
    let sangfor_codes = codes(sangfor);
    assert_eq!(sangfor_codes.len(), 7);
    assert_eq!(sangfor_codes.iter().filter(|c| c.1 == "7201").count(), 3);
    assert_eq!(sangfor_codes.iter().filter(|c| c.1 == "10000001").count(), 2);
    assert!(sangfor_codes.iter().all(|c| c.0.is_null()));
    assert!(sangfor_codes
        .iter()
        .any(|c| c.1 == "7201" && c.2 == "外部ID长度超过最大上限:%d"));
    let mac_error = sangfor["errors"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["message"] == "MAC地址格式错误")
        .unwrap();
    assert_eq!(mac_error["when"], serde_json::json!(["bad_format(mac)"]));

    let aliyun = endpoint(&inventory, "describe_device_info");
    assert_eq!(aliyun["action"], "DescribeDeviceInfo");
    assert_eq!(aliyun["auth"], "access_key");
    assert_eq!(
        strings(&aliyun["request_fields"]),
        [
            "PageSize",
            "CurrentPage",
            "DeviceId",
            "BizType",
            "UserDeviceId",
            "ExpiredStartDay",
            "ExpiredEndDay"
        ]
    );
    assert_eq!(
        strings(&aliyun["response_fields"]),
        [
            "RequestId",
            "PageSize",
            "CurrentPage",
            "TotalCount",
            "DeviceInfoList",
            // The wire's `{"DeviceInfoList": {"DeviceInfo": [..]}}`.
            "DeviceInfoList.DeviceInfo",
            "DeviceInfoList.DeviceInfo[].DeviceId",
            "DeviceInfoList.DeviceInfo[].UserDeviceId",
            "DeviceInfoList.DeviceInfo[].BizType",
            "DeviceInfoList.DeviceInfo[].BeginDay",
            "DeviceInfoList.DeviceInfo[].ExpiredDay"
        ]
    );
    // The page lists no errors of its own; Alibaba Cloud's common ones apply.
    assert!(codes(aliyun).is_empty());
    let signature = aliyun["errors"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["code"] == "SignatureDoesNotMatch")
        .unwrap();
    assert_eq!(signature["common"], true);
    assert_eq!(signature["when"], serde_json::json!(["signature_mismatch(access_key)"]));
}

/// A two-operation OpenAPI document: a tagged create with a multipart
/// body and a header parameter, and a cursor-paged list.
const OPENAPI: &str = r##"{"openapi":"3.0.3","info":{"title":"Demo","version":"1"},
"servers":[{"url":"https://open.example.com/"}],
"components":{"securitySchemes":{"tenant_access_token":{"type":"http","scheme":"bearer"}},
  "schemas":{"Item":{"type":"object","properties":{"id":{"type":"string"},"kind":{"type":"string","enum":["a","b"]}},"required":["id"]}}},
"paths":{
 "/open-apis/demo/v1/items":{
  "get":{"operationId":"demo_v1_item_list","tags":["demo"],"summary":"List items",
   "parameters":[{"name":"page_token","in":"query","schema":{"type":"string"}},{"name":"X-Trace","in":"header","schema":{"type":"string"}}],
   "security":[{"tenant_access_token":[]}],
   "responses":{"200":{"description":"ok","content":{"application/json":{"schema":{"type":"object","properties":{
     "code":{"type":"number"},"msg":{"type":"string"},"data":{"type":"object","properties":{
       "items":{"type":"array","items":{"$ref":"#/components/schemas/Item"}},"page_token":{"type":"string"},"has_more":{"type":"boolean"}}}}}}}}}},
  "post":{"operationId":"demo_v1_item_upload","tags":["demo"],"summary":"Upload",
   "requestBody":{"content":{"multipart/form-data":{"schema":{"type":"object","properties":{"file":{"type":"string","format":"binary"},"name":{"type":"string"}},"required":["file"]}}}},
   "security":[{"tenant_access_token":[]}],
   "responses":{"200":{"description":"ok","content":{"application/json":{"schema":{"type":"object","properties":{"data":{"type":"object"}}}}}}}}}}}"##;

#[test]
fn import_openapi_writes_specs_that_generate_and_summarises_the_approximations() {
    use std::io::Write as _;
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("demo.openapi.json.gz");
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(OPENAPI.as_bytes()).unwrap();
    std::fs::write(&input, gz.finish().unwrap()).unwrap();
    let specs = dir.path().join("specs");
    let (input, specs_arg) = (input.to_str().unwrap(), specs.to_str().unwrap());
    let imported = apigen(&[
        "import",
        "openapi",
        input,
        "--out",
        specs_arg,
        "--split-by",
        "tag",
        "--envelope",
        "feishu",
    ]);
    let stderr = text(&imported.stderr);
    assert!(imported.status.success(), "{stderr}");
    assert!(stderr.contains("imported 2 endpoints into 1 service(s)"), "{stderr}");
    assert!(stderr.contains("1  header or cookie parameter left out"), "{stderr}");
    let list = std::fs::read_to_string(specs.join("demo/endpoints/demo_v1_item_list.yaml")).unwrap();
    assert!(list.contains("style: cursor"), "{list}");
    assert!(list.contains("type: Item[]"), "{list}");
    assert!(list.contains("notes:"), "{list}");
    let upload = std::fs::read_to_string(specs.join("demo/endpoints/demo_v1_item_upload.yaml")).unwrap();
    assert!(
        upload.contains("multipart:") && upload.contains("type: file"),
        "{upload}"
    );

    let out = dir.path().join("gen");
    let generated = apigen(&["generate", "--specs", specs_arg, "--out", out.to_str().unwrap()]);
    assert!(generated.status.success(), "{}", text(&generated.stderr));
    assert!(
        text(&generated.stdout).contains("1 services, 2 endpoints"),
        "{}",
        text(&generated.stdout)
    );

    let strict = apigen(&[
        "import",
        "openapi",
        input,
        "--out",
        specs_arg,
        "--envelope",
        "feishu",
        "--strict",
    ]);
    assert!(!strict.status.success());
    assert!(text(&strict.stderr).contains("--strict"), "{}", text(&strict.stderr));
    let no_envelope = apigen(&["import", "openapi", input, "--out", specs_arg]);
    assert!(!no_envelope.status.success());
    assert!(
        text(&no_envelope.stderr).contains("--envelope feishu"),
        "{}",
        text(&no_envelope.stderr)
    );
}

#[test]
fn generate_reports_every_broken_service_and_writes_none_of_the_good_ones() {
    let dir = tempfile::tempdir().unwrap();
    let seeds = specs();
    let specs = dir.path().join("specs");
    copy_dir(&seeds.join("sangfor"), &specs.join("alpha"));
    for (name, envelope_key) in [("beta", "envelop"), ("gamma", "envelopes")] {
        let service = specs.join(name);
        std::fs::create_dir_all(service.join("endpoints")).unwrap();
        std::fs::write(
            service.join("service.yaml"),
            format!("service: {name}\ntitle: T\nauth: {{}}\n{envelope_key}: {{}}\n"),
        )
        .unwrap();
    }
    let out = dir.path().join("out");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("alpha.rs"), "// the previous snapshot\n").unwrap();
    let run = apigen(&[
        "generate",
        "--specs",
        specs.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(!run.status.success());
    let message = text(&run.stderr);
    assert!(message.contains("beta/service.yaml:4:1"), "{message}");
    assert!(message.contains("gamma/service.yaml:4:1"), "{message}");
    assert!(!message.contains("alpha"), "alpha checks: {message}");
    // Services are generated one at a time, but files move into place only
    // when every service has checked: the old snapshot stays, with no leftovers.
    let files: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(files, ["alpha.rs"], "no sangfor.rs, no partial file");
    assert_eq!(
        std::fs::read_to_string(out.join("alpha.rs")).unwrap(),
        "// the previous snapshot\n"
    );
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            std::fs::copy(&path, &target).unwrap();
        }
    }
}

/// `tests/evolution/<version>`: one service at three versions of its spec.
fn evolution(version: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/evolution")
        .join(version)
        .to_string_lossy()
        .into_owned()
}

#[test]
fn diff_gives_each_change_its_consequence_and_exits_by_the_verdict() {
    // v2 only adds: minor, exit 0.
    let minor = apigen(&["diff", &evolution("v1"), &evolution("v2")]);
    assert_eq!(minor.status.code(), Some(0), "{}", text(&minor.stderr));
    let report = text(&minor.stdout);
    for line in [
        "evolving get_record\n",
        "  minor added request.query.locale (string): new optional `GetRecordRequest.locale` to set",
        "  minor enum value added type Ownership[3]: new variant `Ownership::Shared`",
        "  minor error added errors.1780404: new variant `GetRecordError::RecordNotFound`",
        "  minor endpoint added: new: `DeleteRecordRequest`",
        "verdict: minor (8 change(s): 0 major, 8 minor, 0 patch)\n",
    ] {
        assert!(report.contains(line), "no {line:?} in\n{report}");
    }
    assert!(
        text(&minor.stderr).contains("compared 3 endpoint(s) with 4"),
        "{}",
        text(&minor.stderr)
    );

    // v3 breaks callers: exit 1, and the JSON says why.
    let major = apigen(&["diff", &evolution("v1"), &evolution("v3"), "--json"]);
    assert_eq!(major.status.code(), Some(1), "{}", text(&major.stderr));
    let json: Value = serde_json::from_slice(&major.stdout).expect("JSON");
    assert_eq!(json["verdict"], "major");
    assert_eq!(json["breaking"], true);
    let kinds: Vec<(&str, &str, &str)> = json["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["endpoint"].as_str().unwrap(),
                c["at"].as_str().unwrap(),
                c["kind"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        kinds,
        [
            ("create_record", "request.body.category", "field_added"),
            ("get_record", "response.owner", "field_removed")
        ]
    );

    // The same tree: nothing, exit 0.
    let same = apigen(&["diff", &evolution("v1"), &evolution("v1")]);
    assert_eq!(same.status.code(), Some(0));
    assert_eq!(text(&same.stdout), "no changes: verdict patch\n");

    // A tree that does not check: exit 2, with the problem's location.
    let broken = tempfile::tempdir().unwrap();
    copy_dir(Path::new(&evolution("v1")), broken.path());
    let service = broken.path().join("evolving/service.yaml");
    let yaml = std::fs::read_to_string(&service)
        .unwrap()
        .replace("error_code_type: integer", "error_code_type: float");
    std::fs::write(&service, yaml).unwrap();
    let refused = apigen(&["diff", &evolution("v1"), broken.path().to_str().unwrap()]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(
        text(&refused.stderr).contains("service.yaml:"),
        "{}",
        text(&refused.stderr)
    );
    assert!(refused.stdout.is_empty());
}

/// The saved seed pages beside the project (or `APIGEN_SEEDS`).
fn seed_pages() -> PathBuf {
    std::env::var_os("APIGEN_SEEDS").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/seeds"),
        PathBuf::from,
    )
}

#[test]
fn import_feishu_page_writes_endpoints_and_a_service_file_that_generate() {
    let seeds = seed_pages();
    let page = |name: &str| seeds.join(name).to_str().unwrap().to_owned();
    let dir = tempfile::tempdir().unwrap();
    let specs = dir.path().join("specs");
    let specs_arg = specs.to_str().unwrap();
    let (mine, create, verification) = (
        page("000_86102c2223229c52.txt"),
        page("001_83c7d9e5af8278a1.txt"),
        page("004_429d55778867dcae.txt"),
    );
    let imported = apigen(&[
        "import",
        "feishu-page",
        &mine,
        &create,
        &verification,
        "--out",
        specs_arg,
    ]);
    let stderr = text(&imported.stderr);
    assert!(imported.status.success(), "{stderr}");
    assert!(stderr.contains("imported 3 endpoints"), "{stderr}");
    assert!(stderr.contains("wrote a minimal one"), "{stderr}");
    assert!(
        stderr.contains("000_86102c2223229c52.txt:42: response.device_ownership: a value has no ASCII label"),
        "{stderr}"
    );
    for id in [
        "get_security_and_compliance_device_records_mine",
        "post_security_and_compliance_device_records",
        "get_verification",
    ] {
        assert!(specs.join(format!("feishu/endpoints/{id}.yaml")).is_file(), "{id}");
    }
    let out = dir.path().join("gen");
    let generated = apigen(&["generate", "--specs", specs_arg, "--out", out.to_str().unwrap()]);
    assert!(generated.status.success(), "{}", text(&generated.stderr));
    assert!(
        text(&generated.stdout).contains("1 services, 3 endpoints"),
        "{}",
        text(&generated.stdout)
    );
    let checked = apigen(&["check", "--specs", specs_arg, "--out", out.to_str().unwrap()]);
    assert!(checked.status.success(), "{}", text(&checked.stderr));

    // A second import keeps the service file and names the endpoint with --id.
    let again = apigen(&[
        "import",
        "feishu-page",
        &mine,
        "--id",
        "get_my_device_record",
        "--out",
        specs_arg,
    ]);
    let stderr = text(&again.stderr);
    assert!(again.status.success(), "{stderr}");
    assert!(!stderr.contains("wrote a minimal one"), "{stderr}");
    assert!(specs.join("feishu/endpoints/get_my_device_record.yaml").is_file());

    let two_ids = apigen(&["import", "feishu-page", &mine, &create, "--id", "x", "--out", specs_arg]);
    assert!(!two_ids.status.success());
    assert!(
        text(&two_ids.stderr).contains("--id names one endpoint"),
        "{}",
        text(&two_ids.stderr)
    );

    let sangfor = page("002_ddc88c9071ffcec7.txt");
    let refused = apigen(&["import", "feishu-page", &sangfor, "--out", specs_arg]);
    assert!(!refused.status.success());
    let message = text(&refused.stderr);
    assert!(
        message.contains("002_ddc88c9071ffcec7.txt: this looks like a Sangfor aTrust API page"),
        "{message}"
    );
    assert!(message.contains("nothing was written"), "{message}");
}

#[test]
fn openapi_writes_one_document_per_service_and_removes_stale_ones() {
    let out = tempfile::tempdir().unwrap();
    std::fs::write(out.path().join("gone.openapi.json"), "{}").unwrap();
    std::fs::write(out.path().join("notes.txt"), "kept").unwrap();
    let specs = specs();
    let run = apigen(&[
        "openapi",
        "--specs",
        specs.to_str().unwrap(),
        "--out",
        out.path().to_str().unwrap(),
    ]);
    let stdout = text(&run.stdout);
    assert!(run.status.success(), "{}", text(&run.stderr));
    assert!(stdout.contains("3 services: OpenAPI 3.1 documents in"), "{stdout}");
    assert!(stdout.contains("feishu.openapi.json (3 operations"), "{stdout}");
    assert!(stdout.contains("removed"), "{stdout}");
    let mut files: Vec<String> = std::fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    assert_eq!(
        files,
        [
            "aliyun.openapi.json",
            "feishu.openapi.json",
            "notes.txt",
            "sangfor.openapi.json"
        ]
    );
    let first = std::fs::read_to_string(out.path().join("sangfor.openapi.json")).unwrap();
    let doc: Value = serde_json::from_str(&first).unwrap();
    assert_eq!(doc["openapi"], "3.1.0");
    assert_eq!(doc["info"]["title"], "Sangfor aTrust Open API");
    assert_eq!(
        doc["paths"]["/api/v1/device/query"]["get"]["operationId"],
        "query_device"
    );
    // A second run writes the same bytes.
    let again = apigen(&[
        "openapi",
        "--specs",
        specs.to_str().unwrap(),
        "--out",
        out.path().to_str().unwrap(),
    ]);
    assert!(again.status.success());
    assert_eq!(
        std::fs::read_to_string(out.path().join("sangfor.openapi.json")).unwrap(),
        first
    );

    // A broken spec writes nothing.
    let broken = tempfile::tempdir().unwrap();
    let service = broken.path().join("demo");
    std::fs::create_dir_all(service.join("endpoints")).unwrap();
    std::fs::write(
        service.join("service.yaml"),
        "service: demo\ntitle: Demo\nauth: {}\nenvelop: {}\n",
    )
    .unwrap();
    let target = broken.path().join("out");
    let failed = apigen(&[
        "openapi",
        "--specs",
        broken.path().to_str().unwrap(),
        "--out",
        target.to_str().unwrap(),
    ]);
    assert!(!failed.status.success());
    assert!(
        text(&failed.stderr).contains("nothing was written"),
        "{}",
        text(&failed.stderr)
    );
    assert!(!target.exists());
}
