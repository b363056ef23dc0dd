//! `import feishu-page` on the saved seed pages (`../shared/seeds/`, never
//! copied into the project; `APIGEN_SEEDS` names another folder): the
//! three Feishu pages import into specs that validate and whose inventory
//! equals the hand-written specs'; each way a page is broken is recorded as
//! a discrepancy with its page line; the Sangfor and Alibaba pages are
//! refused by name; truncated and garbled pages give errors, not panics.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use apigen::import::feishu_page::{import, Options, Outcome, PageInput};
use apigen::inventory::{inventory, EndpointEntry};
use proptest::prelude::*;

const MINE: &str = "000_86102c2223229c52.txt";
const CREATE: &str = "001_83c7d9e5af8278a1.txt";
const SANGFOR: &str = "002_ddc88c9071ffcec7.txt";
const ALIYUN: &str = "003_78d0245f18a3d94f.txt";
const VERIFICATION: &str = "004_429d55778867dcae.txt";

fn seeds() -> PathBuf {
    let dir = std::env::var_os("APIGEN_SEEDS").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/seeds"),
        PathBuf::from,
    );
    assert!(
        dir.join(MINE).is_file(),
        "{} has no seed pages: they sit beside the project (or set APIGEN_SEEDS)",
        dir.display()
    );
    dir
}

fn seed(name: &str) -> String {
    std::fs::read_to_string(seeds().join(name)).unwrap()
}

fn page(name: &str, text: String) -> PageInput {
    PageInput {
        path: name.to_owned(),
        text,
        id: None,
    }
}

fn run(pages: Vec<PageInput>) -> Outcome {
    import(&pages, &Options::default()).unwrap_or_else(|e| panic!("{e:?}"))
}

fn hand_written() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../api-specs")
}

/// A spec folder: the files written, beside the hand-written Feishu service file.
fn beside_service(outcome: &Outcome) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let service = dir.path().join("feishu");
    std::fs::create_dir_all(service.join("endpoints")).unwrap();
    std::fs::copy(hand_written().join("feishu/service.yaml"), service.join("service.yaml")).unwrap();
    write(dir.path(), outcome);
    dir
}

fn write(dir: &Path, outcome: &Outcome) {
    for (path, text) in &outcome.import.files {
        let target = dir.join(path);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::write(target, text).unwrap();
    }
}

/// Endpoints by their seed file, with what the model holds beyond the inventory.
struct Endpoint {
    entry: EndpointEntry,
    def: apigen::model::EndpointDef,
    yaml: serde_yaml::Value,
}

fn by_seed(specs: &Path) -> BTreeMap<String, Endpoint> {
    let catalog = apigen::load_catalog(specs).unwrap_or_else(|p| panic!("{p}"));
    let entries = inventory(&catalog).endpoints;
    let mut defs: BTreeMap<String, apigen::model::EndpointDef> = catalog
        .services
        .into_iter()
        .filter(|s| s.id == "feishu")
        .flat_map(|s| s.endpoints)
        .map(|d| (d.id.clone(), d))
        .collect();
    let mut out = BTreeMap::new();
    for entry in entries.into_iter().filter(|e| e.service == "feishu") {
        let def = defs.remove(&entry.id).unwrap();
        let file = specs.join("feishu/endpoints").join(format!("{}.yaml", entry.id));
        let yaml: serde_yaml::Value = serde_yaml::from_str(&std::fs::read_to_string(file).unwrap()).unwrap();
        if let Some(seed) = def.seed.clone() {
            out.insert(seed, Endpoint { entry, def, yaml });
        }
    }
    out
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

#[test]
fn the_feishu_seeds_import_into_specs_whose_inventory_equals_the_hand_written_specs() {
    let outcome = run(vec![
        page(MINE, seed(MINE)),
        page(CREATE, seed(CREATE)),
        page(VERIFICATION, seed(VERIFICATION)),
    ]);
    assert_eq!(outcome.import.endpoints, 3);
    // Validation: the imported endpoints load and check beside the
    // hand-written service file (what `apigen check` loads first).
    let dir = beside_service(&outcome);
    let imported = by_seed(dir.path());
    let written = by_seed(&hand_written());
    assert_eq!(imported.keys().collect::<Vec<_>>(), [MINE, CREATE, VERIFICATION]);
    for (seed, ours) in &imported {
        let theirs = &written[seed];
        let (a, b) = (&ours.entry, &theirs.entry);
        // The id is a naming choice (the importer's rule is method + path;
        // the hand-written ids are picked by a person), so it is not compared.
        // Everything the page states is:
        assert_eq!(a.method, b.method, "{seed}: method");
        assert_eq!(a.path, b.path, "{seed}: path");
        assert_eq!(a.auth_schemes, b.auth_schemes, "{seed}: token types");
        assert_eq!(a.rate_limit_per_second, b.rate_limit_per_second, "{seed}: rate limit");
        assert_eq!(ours.def.scopes, theirs.def.scopes, "{seed}: scopes");
        assert_eq!(ours.def.headers, theirs.def.headers, "{seed}: fixed headers");
        // Request fields as a set: the hand-written create_device_record
        // groups the identifier fields into a tagged union (`variants:`,
        // from reading the examples), which lists them after the tag; the
        // page's table, and so the import, keeps them in table order.
        assert_eq!(
            sorted(a.request_fields.clone()),
            sorted(b.request_fields.clone()),
            "{seed}: request fields"
        );
        // Response wire paths in order: the nesting the import rebuilt from
        // the example (000, 001) or the levels (004).
        assert_eq!(a.response_fields, b.response_fields, "{seed}: response fields");
        // The page's error table: code, statuses and message of each row, in
        // order. The variant names are derived (the hand-written ones are
        // shortened by hand), and `when:` / `retryable` are sandbox metadata
        // the page does not give, so neither is compared. Common errors come
        // from the same service file on both sides.
        let errors = |e: &EndpointEntry| -> Vec<(String, Vec<u16>, String)> {
            e.errors
                .iter()
                .filter(|r| !r.common)
                .map(|r| (r.code.clone(), r.http_statuses.clone(), r.message.clone()))
                .collect()
        };
        assert_eq!(errors(a), errors(b), "{seed}: errors");
        let hints = |d: &apigen::model::EndpointDef| -> Vec<Option<String>> {
            d.errors.iter().map(|e| e.hint.clone()).collect()
        };
        assert_eq!(hints(&ours.def), hints(&theirs.def), "{seed}: error hints");
        // Provenance and the page's words.
        assert_eq!(ours.def.summary, theirs.def.summary, "{seed}: summary");
        assert_eq!(ours.def.description, theirs.def.description, "{seed}: description");
        assert_eq!(ours.def.seed, theirs.def.seed, "{seed}: seed");
        assert_eq!(ours.def.source_url, theirs.def.source_url, "{seed}: source_url");
        assert_eq!(ours.def.last_updated, theirs.def.last_updated, "{seed}: last_updated");
        // What the model does not keep, from the files.
        for key in ["app_types", "rate_limit"] {
            assert_eq!(ours.yaml.get(key), theirs.yaml.get(key), "{seed}: {key}");
        }
        // The request fields' required flags and examples, from the files
        // (enum-typed fields are typed by shared names by hand and inline by
        // the import, so only these keys are compared).
        let body = |y: &serde_yaml::Value| -> Vec<(String, Option<bool>, Option<serde_yaml::Value>)> {
            y.get("request")
                .and_then(|r| r.get("body"))
                .and_then(|b| b.as_mapping())
                .map(|m| {
                    m.iter()
                        .map(|(k, v)| {
                            (
                                k.as_str().unwrap().to_owned(),
                                v.get("required").and_then(serde_yaml::Value::as_bool),
                                v.get("example").cloned(),
                            )
                        })
                        .collect()
                })
                .unwrap_or_default()
        };
        let mut ours_body = body(&ours.yaml);
        let mut theirs_body = body(&theirs.yaml);
        ours_body.sort_by(|x, y| x.0.cmp(&y.0));
        theirs_body.sort_by(|x, y| x.0.cmp(&y.0));
        // The hand-written spec makes android_id, idfv and aaid required
        // inside their variant cases, not on the body field, so the flags agree.
        assert_eq!(ours_body, theirs_body, "{seed}: body required flags and examples");
        // Every contradiction the import finds in the page, the hand-written
        // spec records under the same subject. The hand-written specs record
        // more: contradictions between two pages (a hint worded differently
        // on another page) and choices made by reading the examples (the
        // variants, the MAC format), which one page's import cannot make.
        let subjects = |y: &serde_yaml::Value| -> Vec<String> {
            y.get("discrepancies")
                .and_then(serde_yaml::Value::as_sequence)
                .map(|l| {
                    l.iter()
                        .filter_map(|d| d.get("subject").and_then(serde_yaml::Value::as_str))
                        .map(str::to_owned)
                        .collect()
                })
                .unwrap_or_default()
        };
        let recorded = subjects(&theirs.yaml);
        for subject in subjects(&ours.yaml) {
            assert!(
                recorded.contains(&subject),
                "{seed}: `{subject}` is not in the hand-written {recorded:?}"
            );
        }
    }
}

#[test]
fn into_an_empty_folder_the_import_writes_a_service_file_and_validates() {
    let pages = vec![
        page(MINE, seed(MINE)),
        page(CREATE, seed(CREATE)),
        page(VERIFICATION, seed(VERIFICATION)),
    ];
    let outcome = import(&pages, &Options { write_service: true }).unwrap();
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), &outcome);
    assert!(dir.path().join("feishu/service.yaml").is_file());
    let catalog = apigen::load_catalog(dir.path()).unwrap_or_else(|p| panic!("{p}"));
    assert_eq!(catalog.services[0].endpoints.len(), 3);
    // And deterministic: a second import writes the same bytes.
    let again = import(&pages, &Options { write_service: true }).unwrap();
    assert_eq!(outcome.import.files, again.import.files);
    assert_eq!(outcome.warnings, again.warnings);
}

#[test]
fn names_invented_for_chinese_labels_are_warned_about_with_their_lines() {
    let outcome = run(vec![page(MINE, seed(MINE)), page(CREATE, seed(CREATE))]);
    assert_eq!(
        outcome.warnings,
        [
            "000_86102c2223229c52.txt:42: response.device_ownership: a value has no ASCII label, so its variant name was made from the value (V0, V1, V2)",
            "000_86102c2223229c52.txt:47: response.device_status: a value has no ASCII label, so its variant name was made from the value (V0, V1, V2)",
            "001_83c7d9e5af8278a1.txt:60: body.device_ownership: a value has no ASCII label, so its variant name was made from the value (V0, V1, V2)",
            "001_83c7d9e5af8278a1.txt:66: body.device_status: a value has no ASCII label, so its variant name was made from the value (V0, V1, V2)",
        ]
    );
    let create = &outcome.import.files[1].1;
    // ASCII labels name the variants.
    for name in ["name: Windows", "name: MacOs", "name: OpenHarmony"] {
        assert!(create.contains(name), "{create}");
    }
}

/// The discrepancies of the only endpoint imported: `(subject, "page => resolution")`.
fn discrepancies(name: &str, text: String) -> Vec<(String, String)> {
    let outcome = run(vec![page(name, text)]);
    let file = outcome
        .import
        .files
        .iter()
        .find(|(p, _)| p.starts_with("feishu/endpoints"))
        .unwrap();
    let yaml: serde_yaml::Value = serde_yaml::from_str(&file.1).unwrap();
    yaml.get("discrepancies")
        .and_then(serde_yaml::Value::as_sequence)
        .map(|list| {
            list.iter()
                .map(|d| {
                    let text = |k: &str| d.get(k).and_then(serde_yaml::Value::as_str).unwrap().to_owned();
                    (text("subject"), format!("{} => {}", text("page"), text("resolution")))
                })
                .collect()
        })
        .unwrap_or_default()
}

fn has(found: &[(String, String)], subject: &str, page: &str) {
    assert!(
        found.iter().any(|(s, p)| s == subject && p.contains(page)),
        "no discrepancy `{subject}` saying `{page}` in {found:#?}"
    );
}

#[test]
fn a_title_that_differs_from_the_heading_is_a_discrepancy_with_both_lines() {
    let found = discrepancies(MINE, seed(MINE));
    has(
        &found,
        "页面标题",
        "第 2 行元数据的 title 为“获取客户端设备认证信息”，第 9 行正文标题为“获取设备认证信息”",
    );
}

#[test]
fn a_flattened_response_table_is_nested_by_the_example_and_recorded() {
    let found = discrepancies(MINE, seed(MINE));
    has(
        &found,
        "响应体表格",
        "第 41 行起：表格把 device_record_id、device_ownership、device_status 与 code/msg/data 列在同一层级",
    );
    let found = discrepancies(CREATE, seed(CREATE));
    has(&found, "响应体表格", "第 119 行起");
    // The HTML page gives levels: nothing to record.
    let found = discrepancies(VERIFICATION, seed(VERIFICATION));
    assert!(!found.iter().any(|(s, _)| s == "响应体表格"), "{found:?}");
}

#[test]
fn alternatives_and_comments_in_an_example_are_split_and_recorded() {
    let found = discrepancies(CREATE, seed(CREATE));
    has(
        &found,
        "请求体示例",
        "第 77 行：示例写作 \"device_system\": 1 / 2 / 3，不是合法 JSON",
    );
    has(&found, "请求体示例", "第 75 行：示例块带有 // 注释");
    let outcome = run(vec![page(CREATE, seed(CREATE))]);
    let text = &outcome.import.files[0].1;
    for name in [
        "name: windows",
        "name: macos",
        "name: linux",
        "name: android",
        "name: ios",
        "name: openharmony",
    ] {
        assert!(text.contains(name), "{text}");
    }
}

#[test]
fn an_example_value_outside_the_allowed_set_is_recorded() {
    let found = discrepancies(CREATE, seed(CREATE));
    has(
        &found,
        "device_system 的示例值",
        "第 38 行：示例值为 0，但可选值只有 1、2、3、4、5、6",
    );
}

#[test]
fn an_example_that_is_not_json_is_recorded_and_left_out() {
    let broken = seed(MINE).replace("\"device_status\": 0\n", "\"device_status\": ,\n");
    let found = discrepancies(MINE, broken.clone());
    let line = broken.lines().position(|l| l.contains("\"device_status\": ,")).unwrap() + 1;
    has(&found, "响应体示例", &format!("第 {line} 行：示例不是合法的 JSON"));
    // Without the example, the flattened table cannot be nested by it: recorded too.
    has(&found, "响应体表格", "没有可用的响应体示例");
    let html = seed(VERIFICATION).replace("\"name\": \"无限未来科技公司\"", "\"name\": 无限未来科技公司");
    let found = discrepancies(VERIFICATION, html.clone());
    let line = html.lines().position(|l| l.contains("\"name\": 无限")).unwrap() + 1;
    has(&found, "响应体示例", &format!("第 {line} 行：示例不是合法的 JSON"));
}

#[test]
fn sangfor_and_alibaba_pages_are_refused_by_name() {
    for (name, vendor) in [(SANGFOR, "Sangfor aTrust"), (ALIYUN, "Alibaba Cloud")] {
        let errors = import(&[page(name, seed(name))], &Options::default()).unwrap_err();
        let message = errors[0].to_string();
        assert!(message.starts_with(name), "{message}");
        assert!(message.contains(vendor), "{message}");
        assert!(message.contains("only Feishu/Lark pages are read"), "{message}");
    }
}

#[test]
fn an_unreadable_page_is_an_error_naming_the_file() {
    for text in ["", "# 标题\n\n只有一段话", "\u{0}\u{1}garbage|||\n---|\n"] {
        let errors = import(&[page("bad.md", text.to_owned())], &Options::default()).unwrap_err();
        assert!(errors[0].to_string().starts_with("bad.md"), "{}", errors[0]);
    }
    let no_method = seed(MINE).replace("HTTP Method | GET", "HTTP Method | FETCH");
    let errors = import(&[page(MINE, no_method)], &Options::default()).unwrap_err();
    assert_eq!(
        errors[0].to_string(),
        "000_86102c2223229c52.txt:17: HTTP Method `FETCH` is not one of GET, POST, PUT, PATCH, DELETE"
    );
}

/// Imports `text`; when it reads, what it writes must validate.
fn never_panics_and_writes_valid_specs(name: &str, text: &str) -> Result<(), String> {
    let Ok(outcome) = import(&[page(name, text.to_owned())], &Options { write_service: true }) else {
        return Ok(());
    };
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), &outcome);
    apigen::load_catalog(dir.path())
        .map(|_| ())
        .map_err(|p| format!("{p}\n--- page ---\n{text}"))
}

#[test]
fn truncated_and_garbled_seeds_give_errors_or_valid_specs_never_panics() {
    for name in [MINE, CREATE, VERIFICATION] {
        let text = seed(name);
        let cuts: Vec<usize> = text.char_indices().map(|(i, _)| i).step_by(37).collect();
        for cut in cuts {
            never_panics_and_writes_valid_specs(name, &text[..cut]).unwrap();
        }
        // Each line dropped in turn.
        let lines: Vec<&str> = text.lines().collect();
        for skip in 0..lines.len() {
            let garbled: Vec<&str> = lines
                .iter()
                .enumerate()
                .filter(|(i, _)| *i != skip)
                .map(|(_, l)| *l)
                .collect();
            never_panics_and_writes_valid_specs(name, &garbled.join("\n")).unwrap();
        }
        // Every `|`, `<`, `>`, `*`, `"` swapped for another.
        for (from, to) in [('|', '<'), ('<', '|'), ('>', '"'), ('*', '|'), ('"', '>')] {
            never_panics_and_writes_valid_specs(name, &text.replace(from, &to.to_string())).unwrap();
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn any_text_gives_an_error_or_valid_specs(text in "(\\PC|[|<>*`:\\n ]){0,400}") {
        prop_assert!(never_panics_and_writes_valid_specs("p.md", &text).is_ok());
    }

    #[test]
    fn a_seed_with_a_span_replaced_gives_an_error_or_valid_specs(
        which in 0usize..3,
        at in 0usize..10_000,
        len in 0usize..200,
        junk in "(\\PC|[|<>*`:\\n ]){0,40}",
    ) {
        let text = seed([MINE, CREATE, VERIFICATION][which]);
        let bounds: Vec<usize> = text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
        let start = bounds[at % bounds.len()];
        let end = bounds[(at % bounds.len() + len).min(bounds.len() - 1)];
        let garbled = format!("{}{junk}{}", &text[..start], &text[end..]);
        let result = never_panics_and_writes_valid_specs("p.md", &garbled);
        prop_assert!(result.is_ok(), "{}", result.unwrap_err());
    }
}

/// A page with what the seeds lack: both token types, path and query
/// parameters, a nested body marked with `∟`, a list of objects, string enums.
const MEMBERS: &str = "---
title: \"添加群成员\"
source_url: https://open.feishu.cn/document/server-docs/group/chat-member/create
last_remote_update: 2025-01-02
---
# 添加群成员

把用户加入群聊。

## 请求
名称 | 值
---|---
HTTP URL | https://open.feishu.cn/open-apis/im/v1/chats/:chat_id/members
HTTP Method | POST
接口频率限制 | [1000 次/分钟](https://open.feishu.cn/document/ukTMukTMukTM/uUzN04SN3QjL1cDN)
支持的应用类型 | 自建应用
权限要求  
**调用该 API 所需的权限。开启其中任意一项权限即可调用** | 更新群信息(im:chat)、以应用身份读取群成员(im:chat.members:write_only)

### 请求头

名称 | 类型 | 必填 | 描述
--- | --- | --- | ---
Authorization | string | 是 | `tenant_access_token`  
或  
`user_access_token`  
**值格式**：\"Bearer `access_token`\"
Content-Type | string | 是 | **固定值**：\"application/json; charset=utf-8\"

### 路径参数

名称 | 类型 | 描述
--- | --- | ---
chat_id | string | 群 ID  
**示例值**：\"oc_a0553eda9014c201e6969b478895c230\"

### 查询参数

名称 | 类型 | 必填 | 描述
--- | --- | --- | ---
member_id_type | string | 否 | 成员 ID 类型  
**示例值**：\"open_id\"  
**可选值有**：  
- open_id：标识一个用户在某个应用中的身份  
- user_id：标识一个用户在某个租户内的身份

### 请求体

名称 | 类型 | 必填 | 描述
--- | --- | --- | ---
id_list | string[] | 否 | 成员 ID 列表
members | member[] | 否 | 成员
∟ id | string | 是 | 成员 ID
∟ role | member_role | 否 | 角色
&emsp;∟ name | string | 否 | 角色名

## 响应

### 响应体

名称 | 类型 | 描述
--- | --- | ---
code | int | 错误码，非 0 表示失败
msg | string | 错误描述
data | \\- | \\-
∟ invalid_id_list | string[] | 无效的成员 ID

### 错误码

HTTP状态码 | 错误码 | 描述 | 排查建议
--- | --- | --- | ---
400 | 232001 | Your request contains an invalid request parameter. | 检查参数
404 | 232001 | Your request contains an invalid request parameter. | 检查参数
";

#[test]
fn both_token_types_parameters_and_nested_bodies_are_read() {
    let outcome = import(
        &[page("members.md", MEMBERS.to_owned())],
        &Options { write_service: true },
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), &outcome);
    let catalog = apigen::load_catalog(dir.path()).unwrap_or_else(|p| panic!("{p}"));
    let entry = &inventory(&catalog).endpoints[0];
    assert_eq!(entry.id, "post_im_chats_by_chat_id_members");
    assert_eq!(entry.path, "/open-apis/im/v1/chats/{chat_id}/members");
    assert_eq!(entry.auth_schemes, ["tenant_access_token", "user_access_token"]);
    assert_eq!(entry.rate_limit_per_second, Some(16), "1000 a minute");
    assert_eq!(
        entry.request_fields,
        [
            "chat_id",
            "member_id_type",
            "id_list",
            "members",
            "members[].id",
            "members[].role",
            "members[].role.name"
        ]
    );
    assert_eq!(entry.response_fields, ["invalid_id_list"]);
    let errors: Vec<&[u16]> = entry
        .errors
        .iter()
        .filter(|e| !e.common)
        .map(|e| e.http_statuses.as_slice())
        .collect();
    assert_eq!(errors, [&[400u16, 404][..]], "one row listed under two statuses");
    let endpoint = &catalog.services[0].endpoints[0];
    assert_eq!(endpoint.scopes, ["im:chat", "im:chat.members:write_only"]);
    assert_eq!(endpoint.last_updated.as_deref(), Some("2025-01-02"));
    let text = &outcome.import.files[1].1;
    assert!(text.contains("app_types: # the page: 自建应用\n- custom\n"), "{text}");
    assert!(text.contains("name: OpenId"), "{text}");
    // No discrepancy: the page is consistent.
    assert!(!text.contains("discrepancies:"), "{text}");
}

#[test]
fn a_levelled_field_the_example_does_not_have_is_recorded() {
    let text = seed(VERIFICATION).replace("\"name\": \"无限未来科技公司\"", "\"title\": \"无限未来科技公司\"");
    let line = text.lines().position(|l| l.contains(">name<")).unwrap() + 1;
    let found = discrepancies(VERIFICATION, text);
    has(
        &found,
        "name",
        &format!("第 {} 行：响应体表格的 name 不在响应体示例的对应位置", line - 2),
    );
}

#[test]
fn fields_nested_without_end_are_kept_at_a_bounded_depth_and_recorded() {
    // 20,000 response rows, each a level deeper than the one before: the
    // nesting recurses once per level, so unbounded it would overflow the stack.
    let text = seed(VERIFICATION);
    let row = |level: usize| {
        format!(
            "<md-dt-tr level=\"{level}\">\n\t<md-dt-td>\n\t<md-text type=\"field-name\" >f{level}</md-text>\n\t</md-dt-td>\n\t<md-dt-td>\n\t<md-text type=\"field-type\" >object</md-text>\n\t</md-dt-td>\n\t<md-dt-td>\n\t深\n\t</md-dt-td>\n</md-dt-tr>\n"
        )
    };
    let deep: String = (3..20_003).map(row).collect();
    let end = text
        .find("  </md-dt-tbody>\n</md-dt-table>\n:::")
        .expect("the response table's end");
    let hostile = format!("{}{deep}{}", &text[..end], &text[end..]);
    let found = discrepancies(VERIFICATION, hostile.clone());
    has(&found, "字段层级", "字段嵌套超过 16 层");
    never_panics_and_writes_valid_specs(VERIFICATION, &hostile).unwrap();
}
