//! `apigen openapi`: every service of `api-specs/` and of the test spec
//! trees (`tests/specs/`: variants, one_of groups, paging, RPC services,
//! hostile names) exports a document that a real OpenAPI validator accepts,
//! that `import openapi` reads back to the same endpoints, and that says the
//! concrete things a reader needs (the envelope, enum labels, the exclusive
//! group, vendor codes by status, the rate limit).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use apigen::export::openapi::{document, file_name, profile_of, Facts};
use apigen::export::Json;
use apigen::import::doc::parse;
use apigen::import::openapi::{import, EnvelopeProfile, OpenApiOptions};
use serde_json::Value;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// A service of names and shapes no vendor page has all at once: emoji,
/// slashes, tildes, braces and quotes in wire names, envelope keys and enum
/// values; Unicode path parameters; a query/body twin; an optional body
/// group and a form group; `rust:` types; a multipart upload and a file reply;
/// an error listed under two statuses and two rows sharing a code. Written
/// once per test process under cargo's temporary directory for tests.
const EDGE: &[(&str, &str)] = &[
    (
        "endpoints/post_form.yaml",
        r#"id: post_form
summary: A form
provenance: {}
method: POST
path: "/form"
auth: app_access_token
request:
  form:
    Mode: { type: string, enum: [{ value: x, name: X }, { value: "y", name: Y }] }
    Tags: { type: "string[]", style: simple }
    Spec: { type: object, style: json, fields: { a: { type: string } } }
    "ä": { type: string, name: Umlaut, max_length: 3, min_length: 1 }
    "ö": { type: string }
  one_of:
    - { field: which, name: Which, members: ["ä", "ö"] }
response:
  fields:
    ok: { type: boolean }
"#,
    ),
    (
        "endpoints/get_by.yaml",
        r#"id: get_by
summary: A group named like a parameter
provenance: {}
method: GET
path: "/by"
auth: app_access_token
request:
  query:
    by: { type: string, rust_name: by_value }
    p: { type: string }
    q: { type: string }
  one_of:
    - { field: by, name: ByGroup, members: [p, q] }
response:
  fields:
    ok: { type: boolean }
"#,
    ),
    (
        "endpoints/put_thing.yaml",
        r#"id: put_thing
summary: "Put ~ a / thing {}"
provenance: { source_url: "https://example.invalid/doc?x=1#y" }
method: PUT
also_accepts: [POST]
path: "/things/{数量}/x~y"
auth: [user_access_token, app_access_token]
scopes: ["a:b", "c"]
rate_limit: { per_second: 3, scope: tenant }
request:
  headers:
    X-Fixed: { value: "v\"1", description: fixed }
  path:
    数量: { type: integer, required: true }
  query:
    type: { type: string, description: "a twin of a body field" }
  body:
    type: { type: Quote }
    "a/b": { type: string }
    "~0": { type: string }
    tree: { type: Tree }
    free: { type: object }
    raw: { type: "rust:std::collections::BTreeMap<String, i64>" }
  one_of:
    - { field: pick, name: Pick, members: ["a/b", "~0"], required: false }
response:
  rust: "serde_json::Value"
errors:
  - { code: 7, name: Seven, message: "seven %d and %s", fields: [n, s], hint: "h", retryable: true, http_status: 409 }
  - { code: 7, name: SevenAgain, message: "seven again", http_status: 409 }
"#,
    ),
    (
        "endpoints/upload.yaml",
        r#"id: upload
summary: Upload
provenance: {}
method: POST
path: "/upload"
auth: app_access_token
request:
  multipart:
    file: { type: file, required: true }
    name: { type: string }
response:
  file: true
"#,
    ),
    (
        "service.yaml",
        r#"service: edge
title: "Edge \"cases\" ✓"
description: "Names no tool expects: emoji, slashes, tildes, braces, quotes."
base_urls:
  - { name: one, url: "https://one.example.invalid", default: false, description: "第一" }
  - { name: two, url: "https://two.example.invalid", default: true }
auth:
  app_access_token: { kind: bearer, token_type: app }
  user_access_token: { kind: bearer, token_type: user }
envelope:
  kind: wrapped
  code: "c/o~de"
  message: "m\"sg"
  data: "dätä"
  success_code: 0
  request_id: { header: X-Request-Id, body: "rid" }
error_code_type: integer
common_errors:
  - { code: 1, name: Self, message: "An error called Self.", http_status: [400, 404] }
types:
  Quote:
    description: Values with quotes and slashes.
    type: string
    enum:
      - { value: "a\"b", name: AQuoteB, label: "引号" }
      - { value: "c/d~e", name: CSlashDTildeE }
  Tree:
    type: object
    fields:
      "🌳": { type: "Tree[]", description: "children under an emoji" }
      "x{y}": { type: "integer{}" }
discrepancies:
  - { subject: "s", page: "p", resolution: "r" }
"#,
    ),
];

fn edge_tree() -> PathBuf {
    static TREE: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    TREE.get_or_init(|| {
        let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join("export_openapi");
        let _ = std::fs::remove_dir_all(&root);
        for (path, text) in EDGE {
            let file = root.join("edge").join(path);
            std::fs::create_dir_all(file.parent().unwrap()).unwrap();
            std::fs::write(file, text).unwrap();
        }
        root
    })
    .clone()
}

/// Every spec tree exported: `api-specs/`, each service of `tests/specs/`, and [`EDGE`].
fn service_dirs() -> Vec<PathBuf> {
    let mut dirs = Vec::new();
    for root in [
        workspace().join("api-specs"),
        workspace().join("tests/specs"),
        edge_tree(),
    ] {
        let mut found: Vec<PathBuf> = std::fs::read_dir(&root)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.join("service.yaml").is_file())
            .collect();
        found.sort();
        dirs.extend(found);
    }
    dirs
}

/// `(tree/service, service id, document)` of every service.
fn documents() -> Vec<(String, String, Json)> {
    service_dirs()
        .into_iter()
        .map(|dir| {
            let source = apigen::spec::load::load_service_dir(&dir, &apigen::LoadLimits::default())
                .unwrap_or_else(|p| panic!("{p}"));
            let service = apigen::validate::validate_service(&source).unwrap_or_else(|p| panic!("{p}"));
            let tree = dir
                .parent()
                .unwrap()
                .file_name()
                .unwrap()
                .to_string_lossy()
                .into_owned();
            let label = format!("{tree}/{}", dir.file_name().unwrap().to_string_lossy());
            let doc = document(&service, &Facts::of(&source));
            (label, service.id.clone(), doc)
        })
        .collect()
}

fn exported(id: &str) -> Value {
    documents()
        .into_iter()
        .find(|(label, _, _)| label == &format!("api-specs/{id}"))
        .map(|(_, _, doc)| doc.to_value())
        .unwrap()
}

/// The validator `.ci/run` installs: `$APIGEN_OPENAPI_VALIDATOR`, or
/// `target/tools/openapi-venv/bin/openapi-spec-validator` of the workspace.
fn validator() -> PathBuf {
    let path = std::env::var_os("APIGEN_OPENAPI_VALIDATOR").map_or_else(
        || workspace().join("target/tools/openapi-venv/bin/openapi-spec-validator"),
        PathBuf::from,
    );
    assert!(
        path.is_file(),
        "the OpenAPI validator is missing at {}: install it as .ci/run does, \
         `python3 -m venv target/tools/openapi-venv && target/tools/openapi-venv/bin/pip install --quiet openapi-spec-validator==0.9.0` \
         in the workspace (or set APIGEN_OPENAPI_VALIDATOR to an openapi-spec-validator)",
        path.display()
    );
    path
}

#[test]
fn a_real_validator_accepts_the_document_of_every_service() {
    let validator = validator();
    let dir = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    for (label, id, doc) in documents() {
        let file = dir.path().join(label.replace('/', "__") + "." + &file_name(&id));
        std::fs::write(&file, doc.to_pretty()).unwrap();
        files.push((label, file));
    }
    assert!(files.len() >= 10, "{} services", files.len());
    for (label, file) in &files {
        let run = Command::new(&validator)
            .args(["--schema", "3.1"])
            .arg(file)
            .output()
            .unwrap();
        let out = String::from_utf8_lossy(&run.stdout).into_owned() + &String::from_utf8_lossy(&run.stderr);
        println!("{label}: {}", out.trim());
        assert!(run.status.success(), "{label}: the validator refused it:\n{out}");
        assert!(out.trim_end().ends_with(": OK"), "{label}: {out}");
    }
}

#[test]
fn the_export_is_deterministic() {
    let first: Vec<String> = documents().iter().map(|(_, _, d)| d.to_pretty()).collect();
    let second: Vec<String> = documents().iter().map(|(_, _, d)| d.to_pretty()).collect();
    assert_eq!(first, second);
}

/// What `import openapi` can carry back of an endpoint, from the inventory:
/// method, path, RPC action, accepted auth schemes, request and response wire
/// fields (order-free: a variant's fields come after the shared ones in a
/// hand spec, in union order in the document), and the vendor codes of the
/// errors that have an HTTP status (the importer reads error rows from
/// examples under numeric statuses; `default` ones it notes and leaves out).
///
/// Left out, because the importer cannot read them back from any OpenAPI
/// document: rate limits, scopes, pagination other than Feishu's cursor,
/// error messages and statuses per code (it keeps one row per code),
/// whether an error is common, and `when` conditions. The request fields of
/// an endpoint with a query exclusive group are also compared differently:
/// the group is one form-exploded object parameter whose `oneOf` the
/// importer reads as any JSON: one query field, the parameter's name, which
/// is what the original's members are compared as (`groups`).
fn expressible(catalog: &apigen::Catalog, groups: &Groups) -> BTreeMap<String, Value> {
    let inventory = serde_json::to_value(apigen::inventory::inventory(catalog)).unwrap();
    inventory["endpoints"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            let id = format!("{}.{}", e["service"].as_str().unwrap(), e["id"].as_str().unwrap());
            let sorted = |v: &Value| {
                let mut items: Vec<Value> = v.as_array().cloned().unwrap_or_default();
                items.sort_by_key(ToString::to_string);
                items.dedup();
                Value::Array(items)
            };
            let mut picked = serde_json::Map::new();
            for key in ["method", "path", "action", "auth_schemes", "response_fields"] {
                let value = if key == "auth_schemes" {
                    e[key].clone()
                } else {
                    sorted(&e[key])
                };
                picked.insert(key.to_owned(), if e[key].is_array() { value } else { e[key].clone() });
            }
            // A query group's members are its one parameter (see above).
            let grouped = groups.get(&id).cloned().unwrap_or_default();
            let request: Vec<Value> = e["request_fields"]
                .as_array()
                .unwrap()
                .iter()
                .map(|f| match f.as_str().and_then(|f| grouped.get(f)) {
                    Some(group) => Value::from(group.as_str()),
                    None => f.clone(),
                })
                .collect();
            picked.insert("request_fields".to_owned(), sorted(&Value::Array(request)));
            let codes: Vec<Value> = e["errors"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|err| err["http_status"].is_u64())
                .map(|err| err["code"].clone())
                .collect();
            picked.insert("error_codes".to_owned(), sorted(&Value::Array(codes)));
            (id, Value::Object(picked))
        })
        .collect()
}

/// `service.endpoint` → (query group member → the group parameter's name), from a document.
type Groups = BTreeMap<String, BTreeMap<String, String>>;

fn query_groups(service: &str, doc: &Value) -> Groups {
    let mut groups = Groups::new();
    for item in doc["paths"].as_object().unwrap().values() {
        for op in item.as_object().unwrap().values() {
            let entry = groups
                .entry(format!("{service}.{}", op["x-apigen-id"].as_str().unwrap()))
                .or_default();
            for param in op["parameters"].as_array().into_iter().flatten() {
                if param["x-apigen-group"] == true {
                    for member in param["schema"]["properties"].as_object().unwrap().keys() {
                        entry.insert(member.clone(), param["name"].as_str().unwrap().to_owned());
                    }
                }
            }
        }
    }
    groups
}

/// One document per operation, each at its real path (a `#fragment` key
/// stripped), the rest of the export unchanged.
fn per_operation(doc: &Value) -> Vec<(String, Value)> {
    let mut out = Vec::new();
    for (key, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let path = key.split('#').next().unwrap();
            let mut single = doc.clone();
            single["paths"] = serde_json::json!({ path: { method: op } });
            out.push((op["x-apigen-id"].as_str().unwrap().to_owned(), single));
        }
    }
    out
}

/// The documents `import openapi` is given for one export: the export itself,
/// or, when operations share a method and path (RPC actions, keyed
/// `/#Action` by the export), one document per operation at its real path,
/// because the importer takes a path key as the endpoint's path and a spec
/// path cannot hold `#`. Nothing else is changed.
fn importable(doc: &Value) -> Vec<Value> {
    if !doc["paths"].as_object().unwrap().keys().any(|k| k.contains('#')) {
        return vec![doc.clone()];
    }
    per_operation(doc).into_iter().map(|(_, d)| d).collect()
}

/// The catalogue `import openapi` writes for `doc`, or its load problems.
fn reimport(doc: &Value, service: &str, profile: &EnvelopeProfile) -> Result<apigen::Catalog, apigen::Diagnostics> {
    let options = OpenApiOptions {
        service: service.to_owned(),
        split_by_tag: false,
        envelope: Some(profile.clone()),
        strict: false,
        source: file_name(service),
    };
    let text = serde_json::to_string(doc).unwrap();
    let imported = import(&parse(&text).unwrap(), &options).unwrap_or_else(|e| panic!("{service}: {e:?}"));
    let out = tempfile::tempdir().unwrap();
    for (path, text) in &imported.files {
        let target = out.path().join(path);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::write(target, text).unwrap();
    }
    apigen::load_catalog(out.path())
}

#[test]
fn import_openapi_of_the_export_gives_back_the_same_endpoints() {
    let mut originals = BTreeMap::new();
    let mut reimported = BTreeMap::new();
    for dir in service_dirs() {
        let source = apigen::spec::load::load_service_dir(&dir, &apigen::LoadLimits::default()).unwrap();
        let service = apigen::validate::validate_service(&source).unwrap();
        let doc = document(&service, &Facts::of(&source));
        // The document carries the profile the importer needs (envelope, codes, call style, auth).
        let profile = serde_json::to_string(&Json::Object(profile_of(&doc))).unwrap();
        let profile = EnvelopeProfile::from_yaml(&profile).unwrap_or_else(|e| panic!("{}: {e}", service.id));
        for part in importable(&doc.to_value()) {
            match reimport(&part, &service.id, &profile) {
                Ok(catalog) => reimported.extend(expressible(&catalog, &Groups::new())),
                Err(problems) => panic!("{}: the import does not load:\n{problems}", service.id),
            }
        }
        let groups = query_groups(&service.id, &doc.to_value());
        let catalog = apigen::Catalog {
            services: vec![service],
        };
        originals.extend(expressible(&catalog, &groups));
    }
    assert!(originals.len() >= 24, "{} endpoints compared", originals.len());
    assert_eq!(
        reimported.keys().collect::<Vec<_>>(),
        originals.keys().collect::<Vec<_>>()
    );
    for (id, entry) in &originals {
        assert_eq!(&reimported[id], entry, "{id}");
    }
}

#[test]
fn the_feishu_reply_schema_has_the_envelope_around_the_payload() {
    let doc = exported("feishu");
    let op = &doc["paths"]["/open-apis/security_and_compliance/v2/device_records"]["post"];
    let schema = &op["responses"]["200"]["content"]["application/json"]["schema"];
    assert_eq!(schema["type"], "object");
    assert_eq!(schema["properties"]["code"]["type"], "integer");
    assert_eq!(schema["properties"]["code"]["const"], 0, "the success code");
    assert_eq!(schema["properties"]["msg"]["type"], "string");
    let data = schema["properties"]["data"]["$ref"].as_str().unwrap();
    let name = data.strip_prefix("#/components/schemas/").unwrap();
    assert!(
        doc["components"]["schemas"][name]["properties"]["device_record_id"].is_object(),
        "{}",
        doc["components"]["schemas"][name]
    );
    // The request id header on the reply, and the envelope in the spec's form.
    assert!(op["responses"]["200"]["headers"]["X-Tt-Logid"].is_object());
    assert_eq!(doc["x-apigen-envelope"]["kind"], "wrapped");
    assert_eq!(doc["x-apigen-envelope"]["data"], "data");
    // Errors come in the same envelope: code and msg.
    let error = &doc["components"]["schemas"]["apigen.ErrorReply"];
    assert_eq!(error["required"], serde_json::json!(["code", "msg"]));
}

#[test]
fn enums_carry_the_vendor_labels() {
    let doc = exported("sangfor");
    let device_type = &doc["components"]["schemas"]["DeviceType"];
    assert_eq!(device_type["type"], "string");
    assert_eq!(device_type["enum"], serde_json::json!(["PC", "Mobile"]));
    assert_eq!(device_type["x-enum-varnames"], serde_json::json!(["Pc", "Mobile"]));
    assert_eq!(
        device_type["x-enum-descriptions"],
        serde_json::json!(["PC端", "移动端"])
    );
    assert_eq!(
        device_type["x-apigen-enum"][0],
        serde_json::json!({"value": "PC", "name": "Pc", "label": "PC端"})
    );
    let online = &doc["components"]["schemas"]["OnlineStatus"];
    assert_eq!(online["type"], "integer");
    assert_eq!(online["enum"], serde_json::json!([0, 1]));
}

#[test]
fn sangfor_s_external_id_or_mac_is_a_one_of() {
    let doc = exported("sangfor");
    let op = &doc["paths"]["/api/v1/device/query"]["get"];
    let params = op["parameters"].as_array().unwrap();
    let group = params.iter().find(|p| p["name"] == "by").unwrap();
    assert_eq!(group["in"], "query");
    assert_eq!(group["required"], true);
    assert_eq!(group["style"], "form");
    assert_eq!(group["explode"], true, "each member is its own query parameter");
    let schema = &group["schema"];
    assert_eq!(
        schema["oneOf"],
        serde_json::json!([{"required": ["externalId"]}, {"required": ["mac"]}])
    );
    assert_eq!(
        schema["properties"]["externalId"]["$ref"],
        "#/components/schemas/ExternalId"
    );
    assert_eq!(schema["properties"]["mac"]["x-apigen-mac-style"], "dash_upper");
    // The members are no parameters of their own, and the group's names are kept.
    assert!(!params.iter().any(|p| p["name"] == "externalId" || p["name"] == "mac"));
    assert_eq!(
        op["x-apigen-one-of"],
        serde_json::json!([{"field": "by", "name": "DeviceSelector", "required": true, "members": ["externalId", "mac"]}])
    );
    // ExternalId's forbidden characters as a pattern.
    let external = &doc["components"]["schemas"]["ExternalId"];
    assert_eq!(external["pattern"], "^[^\\u000a\\u0009\\u000d]*$");
}

#[test]
fn feishu_s_identifier_fields_by_device_system_are_a_one_of_of_cases() {
    let doc = exported("feishu");
    let op = &doc["paths"]["/open-apis/security_and_compliance/v2/device_records"]["post"];
    let schema = &op["requestBody"]["content"]["application/json"]["schema"];
    let all = schema["allOf"].as_array().unwrap();
    let fields = &all[0]["properties"];
    for wire in [
        "device_system",
        "serial_number",
        "android_id",
        "idfv",
        "device_ownership",
    ] {
        assert!(fields[wire].is_object(), "{wire} in {fields}");
    }
    let cases = all[1]["oneOf"].as_array().unwrap();
    let android = cases.iter().find(|c| c["title"] == "AndroidIdentifiers").unwrap();
    assert_eq!(android["required"], serde_json::json!(["device_system", "android_id"]));
    assert!(android["properties"]["device_system"]["enum"].is_array());
    assert_eq!(op["x-apigen-variants"]["tag"], "device_system");
}

#[test]
fn vendor_codes_are_examples_under_their_http_status() {
    let doc = exported("feishu");
    let op = &doc["paths"]["/open-apis/security_and_compliance/v2/device_records"]["post"];
    let throttled = &op["responses"]["429"]["content"]["application/json"]["examples"]["common.RequestFrequencyLimit"];
    assert_eq!(
        throttled["value"],
        serde_json::json!({"code": 99991400, "msg": "request trigger frequency limit"})
    );
    assert_eq!(throttled["summary"], "request trigger frequency limit");
    assert_eq!(throttled["description"], "请求触发频控，请降低请求频率后重试");
    assert_eq!(throttled["x-apigen-retryable"], true);
    assert_eq!(throttled["x-apigen-common"], true);
    let missing = &op["responses"]["400"]["content"]["application/json"]["examples"]["common.MissingAccessToken"];
    assert_eq!(missing["value"]["code"], 99991661);
    // Sangfor's page gives no statuses: its codes sit under `default`, the auth ones under 401.
    let sangfor = exported("sangfor");
    let responses = &sangfor["paths"]["/api/v1/device/query"]["get"]["responses"];
    let default = responses["default"]["content"]["application/json"]["examples"]
        .as_object()
        .unwrap();
    assert!(default.values().any(|e| e["value"]["code"] == 7201), "{default:?}");
    assert_eq!(
        responses["401"]["content"]["application/json"]["examples"]["common.SignatureMismatch"]["value"]["code"],
        40100003
    );
    // Alibaba Cloud's codes are strings, in its flat reply.
    let aliyun = exported("aliyun");
    let responses = aliyun["paths"]["/"]["post"]["responses"].as_object().unwrap();
    let codes: Vec<&Value> = responses
        .iter()
        .filter(|(status, _)| *status != "200")
        .flat_map(|(_, r)| {
            r["content"]["application/json"]["examples"]
                .as_object()
                .unwrap()
                .values()
        })
        .map(|e| &e["value"]["Code"])
        .collect();
    assert!(!codes.is_empty() && codes.iter().all(|c| c.is_string()), "{codes:?}");
}

#[test]
fn rate_limits_scopes_paging_and_provenance_are_extensions() {
    let doc = exported("feishu");
    let op = &doc["paths"]["/open-apis/security_and_compliance/v2/device_records"]["post"];
    assert_eq!(op["x-apigen-rate-limit"]["per_second"], 10);
    assert_eq!(
        op["x-apigen-rate-limit"]["doc_url"],
        "https://open.feishu.cn/document/ukTMukTMukTM/uUzN04SN3QjL1cDN"
    );
    assert_eq!(
        op["x-apigen-scopes"],
        serde_json::json!(["security_and_compliance:device_record:write"])
    );
    assert_eq!(op["x-apigen-provenance"]["seed"], "001_83c7d9e5af8278a1.txt");
    assert!(op["x-apigen-provenance"]["discrepancies"].as_array().unwrap().len() >= 3);
    assert_eq!(op["operationId"], "create_device_record");
    assert_eq!(op["security"], serde_json::json!([{"tenant_access_token": []}]));
    // Alibaba Cloud: the action names the operation, the RPC parameters are an extension.
    let aliyun = exported("aliyun");
    let op = &aliyun["paths"]["/"]["post"];
    assert_eq!(op["operationId"], "DescribeDeviceInfo");
    assert_eq!(op["x-apigen-id"], "describe_device_info");
    assert_eq!(op["x-apigen-rpc"]["version"], "2019-03-07");
    assert_eq!(op["x-apigen-pagination"]["style"], "page_number");
    let key = &aliyun["components"]["securitySchemes"]["access_key"];
    assert_eq!(key["type"], "apiKey");
    assert_eq!(key["x-apigen-auth"]["kind"], "aliyun_signature");
    assert_eq!(key["x-apigen-auth"]["versions"], serde_json::json!(["v3", "rpc"]));
}

#[test]
fn rpc_actions_sharing_a_method_are_keyed_apart_by_a_fragment() {
    let (_, _, doc) = documents()
        .into_iter()
        .find(|(l, _, _)| l == "specs/cloudauth")
        .unwrap();
    let doc = doc.to_value();
    let keys: Vec<&String> = doc["paths"].as_object().unwrap().keys().collect();
    assert!(keys.iter().any(|k| *k == "/#CreateInstance"), "{keys:?}");
    assert_eq!(doc["paths"]["/#CreateInstance"]["post"]["x-apigen-path"], "/");
    // The one GET action is alone on its method: at `/` itself.
    assert!(doc["paths"]["/"]["get"].is_object(), "{keys:?}");
}

#[test]
fn hostile_names_are_kept_as_the_vendor_writes_them() {
    let (_, _, doc) = documents().into_iter().find(|(l, _, _)| l == "specs/hostile").unwrap();
    let doc = doc.to_value();
    let op = &doc["paths"]["/hostile/type"]["post"];
    assert_eq!(op["operationId"], "type");
    let names: Vec<&str> = op["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["type", "self", "数量", "a-b", "1st"]);
    for name in ["Result", "Option", "Client", "Node", "Vec"] {
        assert!(doc["components"]["schemas"][name].is_object(), "{name}");
    }
    // Case-only twins keep the Rust names the spec gave them.
    let reply = &doc["components"]["schemas"]["TypeReply"]["properties"];
    assert_eq!(reply["ZoneList"]["x-apigen-rust-name"], "upper_zones");
    assert_eq!(reply["ZoneList"]["x-apigen-item-key"], "Zone");
    assert!(reply["zoneList"].get("x-apigen-rust-name").is_none());
}

#[test]
fn a_group_named_like_a_parameter_and_actions_used_twice_still_give_a_valid_document() {
    let (_, _, doc) = documents()
        .into_iter()
        .find(|(l, _, _)| l == "export_openapi/edge")
        .unwrap();
    let doc = doc.to_value();
    let names: Vec<&str> = doc["paths"]["/by"]["get"]["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["by", "by_group"]);
    // Two RPC endpoints with one action (no check forbids it): keys and operation ids stay unique.
    let dir = tempfile::tempdir().unwrap();
    let service = dir.path().join("twice");
    std::fs::create_dir_all(service.join("endpoints")).unwrap();
    std::fs::write(
        service.join("service.yaml"),
        "service: twice\ntitle: T\nauth: {k: {kind: aliyun_signature, versions: [rpc]}}\n\
         envelope: {kind: flat, code: Code, message: Message, request_id: {body: RequestId}}\n\
         call_style: {kind: rpc, version: '1'}\nerror_code_type: string\n",
    )
    .unwrap();
    for id in ["first", "second"] {
        std::fs::write(
            service.join(format!("endpoints/{id}.yaml")),
            format!("id: {id}\nsummary: S\nprovenance: {{}}\nmethod: POST\npath: /\naction: Same\nauth: k\n"),
        )
        .unwrap();
    }
    let source = apigen::spec::load::load_service_dir(&service, &apigen::LoadLimits::default()).unwrap();
    let checked = apigen::validate::validate_service(&source).unwrap_or_else(|p| panic!("{p}"));
    let doc = document(&checked, &Facts::of(&source));
    let value = doc.to_value();
    let keys: Vec<&String> = value["paths"].as_object().unwrap().keys().collect();
    assert_eq!(keys, ["/#Same", "/#Same.2"]);
    assert_eq!(value["paths"]["/#Same"]["post"]["operationId"], "Same");
    assert_eq!(value["paths"]["/#Same.2"]["post"]["operationId"], "second");
    let file = dir.path().join("twice.openapi.json");
    std::fs::write(&file, doc.to_pretty()).unwrap();
    let run = Command::new(validator())
        .args(["--schema", "3.1"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stdout));
}

#[test]
fn odd_names_and_shapes_export_as_written() {
    let (_, _, doc) = documents()
        .into_iter()
        .find(|(l, _, _)| l == "export_openapi/edge")
        .unwrap();
    let doc = doc.to_value();
    let op = &doc["paths"]["/things/{数量}/x~y"]["put"];
    assert_eq!(op["parameters"][0]["name"], "数量");
    assert_eq!(op["parameters"][0]["in"], "path");
    // The query twin of the body's `type`, under its wire name in both places.
    assert_eq!(op["parameters"][1]["name"], "type");
    assert_eq!(op["parameters"][1]["x-apigen-rust-name"], serde_json::Value::Null);
    assert_eq!(op["parameters"][1]["schema"]["x-apigen-rust-name"], "type_query");
    let body = &op["requestBody"]["content"]["application/json"]["schema"]["allOf"];
    assert!(body[0]["properties"]["type"]["$ref"].is_string());
    // An optional group: one of them, or none.
    assert_eq!(body[1]["oneOf"].as_array().unwrap().len(), 3);
    assert_eq!(op["x-apigen-also-accepts"], serde_json::json!(["POST"]));
    assert_eq!(
        op["security"],
        serde_json::json!([{"user_access_token": []}, {"app_access_token": []}])
    );
    // The envelope keys as the service writes them, and a code under both its statuses.
    let ok = &op["responses"]["200"]["content"]["application/json"]["schema"];
    assert!(ok["properties"]["dätä"]["x-apigen-rust-type"].is_string());
    for status in ["400", "404"] {
        let example = &op["responses"][status]["content"]["application/json"]["examples"]["common.Self"];
        assert_eq!(
            example["value"],
            serde_json::json!({"c/o~de": 1, "m\"sg": "An error called Self."})
        );
    }
    let conflict = op["responses"]["409"]["content"]["application/json"]["examples"]
        .as_object()
        .unwrap();
    assert_eq!(conflict.keys().collect::<Vec<_>>(), ["Seven", "SevenAgain"]);
    assert_eq!(
        doc["servers"][0]["url"], "https://two.example.invalid",
        "the default first"
    );
    let form = &doc["paths"]["/form"]["post"]["requestBody"]["content"]["application/x-www-form-urlencoded"];
    assert_eq!(
        form["x-apigen-styles"],
        serde_json::json!({"Tags": "simple", "Spec": "json"})
    );
    let upload = &doc["paths"]["/upload"]["post"];
    let parts = &upload["requestBody"]["content"]["multipart/form-data"]["schema"]["properties"];
    assert_eq!(parts["file"]["format"], "binary");
    assert!(upload["responses"]["200"]["content"]["application/octet-stream"].is_object());
}

#[test]
fn the_document_carries_the_profiles_the_hand_written_fixtures_give() {
    // tests/openapi/*.profile.yaml say by hand what OpenAPI cannot; the export says the same.
    for service in ["sangfor", "aliyun"] {
        let text = std::fs::read_to_string(workspace().join(format!("tests/openapi/{service}.profile.yaml"))).unwrap();
        let fixture: serde_yaml::Value = serde_yaml::from_str(&text).unwrap();
        let derived = serde_json::to_string(&Json::Object(profile_of(
            &Json::parse_json(&serde_json::to_string(&exported(service)).unwrap()).unwrap(),
        )))
        .unwrap();
        let derived: serde_yaml::Value = serde_yaml::from_str(&derived).unwrap();
        for key in ["envelope", "error_code_type"] {
            assert_eq!(derived[key], fixture[key], "{service}: {key}");
        }
        for (name, scheme) in fixture["auth"].as_mapping().unwrap() {
            assert_eq!(derived["auth"][name]["kind"], scheme["kind"], "{service}: {name:?}");
        }
        assert_eq!(
            derived["call_style"]["version"], fixture["call_style"]["version"],
            "{service}"
        );
    }
}
