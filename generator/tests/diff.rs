//! `apigen::diff` on spec pairs: a base tree and, per case, the tree after
//! one kind of change, with the exact changes and verdict expected. Every
//! [`ChangeKind`] is covered by a case (checked below).

use std::collections::{BTreeMap, HashSet};

use apigen::diff::{diff, ChangeKind, Severity};

const SERVICE: &str = r#"
service: shop
title: Shop
base_urls:
  - { name: main, url: https://shop.example.test, default: true }
  - { name: intl, url: https://intl.shop.example.test }
auth:
  tenant_access_token: { kind: bearer, token_type: tenant }
  user_access_token: { kind: bearer, token_type: user }
envelope:
  kind: wrapped
  code: code
  message: msg
  data: data
  success_code: 0
  request_id: { header: X-Request-Id }
error_code_type: integer
common_errors:
  - { code: 99991400, name: RequestFrequencyLimit, http_status: 429, message: request trigger frequency limit, retryable: true }
types:
  Ownership:
    description: 归属
    type: integer
    enum:
      - { value: 0, name: Unknown, label: 未知 }
      - { value: 1, name: Personal, label: 个人 }
  Label:
    type: string
    max_length: 32
"#;

const GET_ITEM: &str = r#"
id: get_item
summary: 获取商品
provenance: {}
method: GET
path: /items/{item_id}
auth: tenant_access_token
scopes: [shop:item:read]
rate_limit: { per_second: 50 }
request:
  path:
    item_id: { type: string, required: true }
  query:
    locale: { type: string }
    label: { type: Label }
response:
  name: Item
  fields:
    item_id: { type: string, required: true }
    ownership: { type: Ownership, required: true }
    price: { type: integer }
    parts:
      type: "object[]"
      name: Part
      fields:
        part_id: { type: string, required: true }
errors:
  - { code: 1001, name: ItemNotFound, http_status: 404, message: Item not found. }
  - { code: 1002, name: ItemLocked, http_status: 400, message: Item locked. }
  - { code: 1004, name: PriceTooHigh, http_status: 400, message: Price too high. }
  - { code: 1004, name: PriceTooLow, http_status: 400, message: Price too low. }
"#;

const LIST_ITEMS: &str = r#"
id: list_items
summary: 商品列表
provenance: {}
method: GET
path: /items
auth: tenant_access_token
request:
  query:
    page_size: { type: integer }
    page_token: { type: string }
pagination: { style: cursor, cursor: page_token, next: page_token, has_more: has_more, items: items }
response:
  name: ItemPage
  fields:
    items:
      type: "object[]"
      name: Listed
      fields:
        item_id: { type: string, required: true }
    page_token: { type: string }
    has_more: { type: boolean, required: true }
"#;

const QUERY_ITEM: &str = r#"
id: query_item
summary: 查询商品
provenance: {}
method: GET
path: /items/query
auth: tenant_access_token
request:
  query:
    sku: { type: string }
    barcode: { type: string }
  one_of:
    - { field: by, name: ItemSelector, members: [sku, barcode], required: true }
response:
  fields:
    item_id: { type: string, required: true }
"#;

const CREATE_ITEM: &str = r#"
id: create_item
summary: 新增商品
provenance: {}
method: POST
path: /items
auth: tenant_access_token
request:
  body:
    kind:
      type: integer
      required: true
      name: ItemKind
      enum:
        - { value: 1, name: Book }
        - { value: 2, name: Disc }
    isbn: { type: string }
    ean: { type: string }
    note: { type: string }
  variants:
    tag: kind
    field: item
    name: ItemIdentity
    cases:
      - { when: [Book], name: BookIds, fields: [isbn], required: [isbn] }
      - { when: [Disc], name: DiscIds, fields: [ean], required: [ean] }
response:
  fields:
    item_id: { type: string, required: true }
"#;

const OTHER_SERVICE: &str = r#"
service: other
title: Other
base_urls: []
auth:
  tenant_access_token: { kind: bearer, token_type: tenant }
envelope: { kind: wrapped, code: code, message: msg, data: data, success_code: 0, request_id: { header: X-Request-Id } }
error_code_type: integer
"#;

/// A spec tree: path relative to the root → text.
type Tree = BTreeMap<&'static str, String>;

fn base() -> Tree {
    BTreeMap::from([
        ("shop/service.yaml", SERVICE.to_owned()),
        ("shop/endpoints/get_item.yaml", GET_ITEM.to_owned()),
        ("shop/endpoints/list_items.yaml", LIST_ITEMS.to_owned()),
        ("shop/endpoints/query_item.yaml", QUERY_ITEM.to_owned()),
        ("shop/endpoints/create_item.yaml", CREATE_ITEM.to_owned()),
    ])
}

/// `tree` with `from` replaced by `to` in `file`; the text must be there.
fn edit(mut tree: Tree, file: &'static str, from: &str, to: &str) -> Tree {
    let text = tree.get_mut(file).unwrap_or_else(|| panic!("no file {file}"));
    assert!(text.contains(from), "{file} has no {from:?}");
    *text = text.replacen(from, to, 1);
    tree
}

fn load(tree: &Tree) -> apigen::Catalog {
    let dir = tempfile::tempdir().unwrap();
    for (path, text) in tree {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    apigen::load_catalog(dir.path()).unwrap_or_else(|problems| panic!("{problems}"))
}

/// One case: a change to the base tree and what the diff must say.
struct Case {
    name: &'static str,
    old: Tree,
    new: Tree,
    /// `(endpoint, at, kind, severity)` of every change, in report order.
    expected: Vec<(Option<&'static str>, &'static str, ChangeKind, Severity)>,
}

fn case(
    name: &'static str,
    new: Tree,
    expected: Vec<(Option<&'static str>, &'static str, ChangeKind, Severity)>,
) -> Case {
    Case {
        name,
        old: base(),
        new,
        expected,
    }
}

const GET: &str = "shop/endpoints/get_item.yaml";
const LIST: &str = "shop/endpoints/list_items.yaml";
const QUERY: &str = "shop/endpoints/query_item.yaml";
const CREATE: &str = "shop/endpoints/create_item.yaml";
const SVC: &str = "shop/service.yaml";

fn cases() -> Vec<Case> {
    use ChangeKind::*;
    use Severity::*;
    let g = Some("get_item");
    let mut with_other = base();
    with_other.insert("other/service.yaml", OTHER_SERVICE.to_owned());
    let mut without_list = base();
    without_list.remove(LIST);
    vec![
        case("nothing", base(), vec![]),
        case("a service added", with_other.clone(), vec![(None, "", ServiceAdded, Minor)]),
        Case {
            name: "a service removed",
            old: with_other,
            new: base(),
            expected: vec![(None, "", ServiceRemoved, Major)],
        },
        case(
            "another default base URL",
            edit(base(), SVC, "https://shop.example.test", "https://shop2.example.test"),
            vec![(None, "base_urls", ServiceWireChanged, Minor)],
        ),
        case(
            "another request-id header",
            edit(base(), SVC, "header: X-Request-Id", "header: X-Trace-Id"),
            vec![(None, "envelope", ServiceWireChanged, Patch)],
        ),
        case(
            "an auth scheme added",
            edit(base(), SVC, "auth:\n", "auth:\n  app_access_token: { kind: bearer, token_type: app }\n"),
            vec![(None, "auth.app_access_token", AuthSchemeChanged, Minor)],
        ),
        case(
            "an auth scheme removed",
            edit(base(), SVC, "  user_access_token: { kind: bearer, token_type: user }\n", ""),
            vec![(None, "auth.user_access_token", AuthSchemeChanged, Major)],
        ),
        case(
            "an auth scheme of another kind",
            edit(base(), SVC, "token_type: user", "token_type: app"),
            vec![(None, "auth.user_access_token", AuthSchemeChanged, Major)],
        ),
        case(
            "a common error added",
            edit(
                base(),
                SVC,
                "common_errors:\n",
                "common_errors:\n  - { code: 99991663, name: InvalidToken, http_status: 400, message: Invalid token. }\n",
            ),
            vec![(None, "common_errors.99991663", ErrorAdded, Minor)],
        ),
        Case {
            name: "an endpoint added",
            old: without_list.clone(),
            new: base(),
            expected: vec![(Some("list_items"), "", EndpointAdded, Minor)],
        },
        case(
            "an endpoint removed",
            without_list,
            vec![(Some("list_items"), "", EndpointRemoved, Major)],
        ),
        case(
            "another path",
            edit(base(), GET, "path: /items/{item_id}", "path: /v2/items/{item_id}"),
            vec![(g, "route", RouteChanged, Patch)],
        ),
        case(
            "a second auth scheme accepted",
            edit(base(), GET, "auth: tenant_access_token", "auth: [tenant_access_token, user_access_token]"),
            vec![(g, "auth", AuthChanged, Minor)],
        ),
        Case {
            name: "an accepted auth scheme dropped",
            old: edit(base(), GET, "auth: tenant_access_token", "auth: [tenant_access_token, user_access_token]"),
            new: base(),
            expected: vec![(g, "auth", AuthChanged, Major)],
        },
        case(
            "other scopes",
            edit(base(), GET, "scopes: [shop:item:read]", "scopes: [shop:item:readonly]"),
            vec![(g, "scopes", ScopesChanged, Patch)],
        ),
        case(
            "a lower rate limit",
            edit(base(), GET, "per_second: 50", "per_second: 5"),
            vec![(g, "rate_limit", RateLimitChanged, Patch)],
        ),
        case(
            "a create made idempotent",
            edit(base(), CREATE, "method: POST\n", "method: POST\nidempotent: true\n"),
            vec![(Some("create_item"), "idempotent", IdempotencyChanged, Patch)],
        ),
        case(
            "a fixed header",
            edit(
                base(),
                CREATE,
                "request:\n",
                "request:\n  headers:\n    X-Shop-Version: { value: \"2\" }\n",
            ),
            vec![(Some("create_item"), "headers", HeadersChanged, Patch)],
        ),
        case(
            "paging dropped",
            edit(
                base(),
                LIST,
                "pagination: { style: cursor, cursor: page_token, next: page_token, has_more: has_more, items: items }\n",
                "",
            ),
            vec![(Some("list_items"), "pagination", PagingChanged, Major)],
        ),
        Case {
            name: "paging added",
            old: edit(
                base(),
                LIST,
                "pagination: { style: cursor, cursor: page_token, next: page_token, has_more: has_more, items: items }\n",
                "",
            ),
            new: base(),
            expected: vec![(Some("list_items"), "pagination", PagingChanged, Minor)],
        },
        case(
            "an optional response field",
            edit(base(), GET, "    price: { type: integer }\n", "    price: { type: integer }\n    stock: { type: integer }\n"),
            vec![(g, "response.stock", FieldAdded, Minor)],
        ),
        case(
            "an optional field in a nested response object",
            edit(base(), GET, "        part_id: { type: string, required: true }\n", "        part_id: { type: string, required: true }\n        weight: { type: number }\n"),
            vec![(g, "response.parts[].weight", FieldAdded, Minor)],
        ),
        case(
            "an optional query parameter",
            edit(base(), GET, "    locale: { type: string }\n", "    locale: { type: string }\n    currency: { type: string }\n"),
            vec![(g, "request.query.currency", FieldAdded, Minor)],
        ),
        case(
            "a required body field",
            edit(base(), CREATE, "    note: { type: string }\n", "    note: { type: string }\n    title: { type: string, required: true }\n"),
            vec![(Some("create_item"), "request.body.title", FieldAdded, Major)],
        ),
        case(
            "a required response field",
            edit(base(), GET, "    price: { type: integer }\n", "    price: { type: integer }\n    sku: { type: string, required: true }\n"),
            vec![(g, "response.sku", FieldAdded, Major)],
        ),
        case(
            "a response field removed",
            edit(base(), GET, "    price: { type: integer }\n", ""),
            vec![(g, "response.price", FieldRemoved, Major)],
        ),
        case(
            "a request field removed",
            edit(base(), GET, "    locale: { type: string }\n", ""),
            vec![(g, "request.query.locale", FieldRemoved, Major)],
        ),
        case(
            "a shared type added",
            edit(base(), SVC, "types:\n", "types:\n  Colour: { type: string, enum: [{ value: red, name: Red }] }\n"),
            vec![(None, "type Colour", FieldAdded, Minor)],
        ),
        case(
            "a field retyped",
            edit(base(), GET, "price: { type: integer }", "price: { type: number }"),
            vec![(g, "response.price", FieldRetyped, Major)],
        ),
        case(
            "a field made required",
            edit(base(), GET, "price: { type: integer }", "price: { type: integer, required: true }"),
            vec![(g, "response.price", RequiredChanged, Major)],
        ),
        case(
            "a Rust field name given",
            edit(base(), GET, "price: { type: integer }", "price: { type: integer, rust_name: cost }"),
            vec![(g, "response.price", FieldRenamed, Major)],
        ),
        case(
            "an alias accepted",
            edit(base(), GET, "price: { type: integer }", "price: { type: integer, aliases: [Price] }"),
            vec![(g, "response.price", ParamMoved, Patch)],
        ),
        case(
            "a parameter moved from the query to the body",
            edit(
                edit(base(), CREATE, "    note: { type: string }\n", ""),
                CREATE,
                "request:\n",
                "request:\n  query:\n    note: { type: string }\n",
            ),
            vec![(Some("create_item"), "request.query.note", ParamMoved, Patch)],
        ),
        case(
            "the response type renamed",
            edit(base(), GET, "  name: Item\n", "  name: Product\n"),
            vec![(g, "response", TypeRenamed, Major)],
        ),
        case(
            "an enum value added",
            edit(base(), SVC, "      - { value: 1, name: Personal, label: 个人 }\n", "      - { value: 1, name: Personal, label: 个人 }\n      - { value: 2, name: Shared, label: 共享 }\n"),
            vec![(None, "type Ownership[2]", EnumValueAdded, Minor)],
        ),
        case(
            "an enum value removed",
            edit(base(), SVC, "      - { value: 1, name: Personal, label: 个人 }\n", ""),
            vec![(None, "type Ownership[1]", EnumValueRemoved, Major)],
        ),
        case(
            "an enum value renamed",
            edit(base(), SVC, "name: Personal", "name: Private"),
            vec![(None, "type Ownership[1]", EnumValueRenamed, Major)],
        ),
        case(
            "an enum label changed",
            edit(base(), SVC, "label: 个人", "label: 个人设备"),
            vec![(None, "type Ownership[1]", EnumLabelChanged, Patch)],
        ),
        case(
            "a shorter maximum length",
            edit(base(), SVC, "max_length: 32", "max_length: 16"),
            vec![(None, "type Label", ConstraintChanged, Major)],
        ),
        case(
            "a longer maximum length",
            edit(base(), SVC, "max_length: 32", "max_length: 64"),
            vec![(None, "type Label", ConstraintChanged, Patch)],
        ),
        case(
            "an exclusive group gains a member",
            edit(
                edit(base(), QUERY, "    barcode: { type: string }\n", "    barcode: { type: string }\n    code: { type: string }\n"),
                QUERY,
                "members: [sku, barcode]",
                "members: [sku, barcode, code]",
            ),
            vec![(Some("query_item"), "request.by.code", ExclusiveGroupChanged, Minor)],
        ),
        case(
            "a tagged union gains a case",
            edit(
                edit(
                    edit(base(), CREATE, "        - { value: 2, name: Disc }\n", "        - { value: 2, name: Disc }\n        - { value: 3, name: Game }\n"),
                    CREATE,
                    "    note: { type: string }\n",
                    "    note: { type: string }\n    platform: { type: string }\n",
                ),
                CREATE,
                "      - { when: [Disc], name: DiscIds, fields: [ean], required: [ean] }\n",
                "      - { when: [Disc], name: DiscIds, fields: [ean], required: [ean] }\n      - { when: [Game], name: GameIds, fields: [platform] }\n",
            ),
            vec![
                (Some("create_item"), "request.body.kind[3]", EnumValueAdded, Minor),
                (Some("create_item"), "request.item.Game", VariantsChanged, Minor),
            ],
        ),
        case(
            "an error code added",
            edit(base(), GET, "errors:\n", "errors:\n  - { code: 1003, name: ItemGone, http_status: 410, message: Item gone. }\n"),
            vec![(g, "errors.1003", ErrorAdded, Minor)],
        ),
        case(
            "an error code removed",
            edit(base(), GET, "  - { code: 1002, name: ItemLocked, http_status: 400, message: Item locked. }\n", ""),
            vec![(g, "errors.1002", ErrorRemoved, Major)],
        ),
        case(
            "an error variant renamed",
            edit(base(), GET, "name: ItemLocked", "name: ItemFrozen"),
            vec![(g, "errors.1002", ErrorRenamed, Major)],
        ),
        case(
            "an error's status and message",
            edit(base(), GET, "http_status: 400, message: Item locked.", "http_status: 409, message: Item is locked."),
            vec![(g, "errors.1002", ErrorDetailsChanged, Patch)],
        ),
        case(
            "one of two rows sharing a code reworded",
            edit(base(), GET, "message: Price too low.", "message: Price below the minimum."),
            vec![(g, "errors.1004.PriceTooLow", ErrorDetailsChanged, Patch)],
        ),
        case(
            "one of two rows sharing a code removed",
            edit(base(), GET, "  - { code: 1004, name: PriceTooLow, http_status: 400, message: Price too low. }\n", ""),
            vec![(g, "errors.1004.PriceTooLow", ErrorRemoved, Major)],
        ),
        case(
            "the page updated",
            edit(base(), GET, "provenance: {}", "provenance: { last_updated: 2026-11-20 }"),
            vec![(g, "provenance", DocsChanged, Patch)],
        ),
        case(
            "a summary reworded",
            edit(base(), GET, "summary: 获取商品", "summary: 获取商品详情"),
            vec![(g, "description", DocsChanged, Patch)],
        ),
    ]
}

#[test]
fn each_kind_of_change_is_found_with_its_consequence_and_verdict() {
    let mut failures = Vec::new();
    for case in cases() {
        let report = diff(&load(&case.old), &load(&case.new));
        let found: Vec<_> = report
            .changes
            .iter()
            .map(|c| (c.endpoint.as_deref(), c.at.as_str(), c.kind, c.severity))
            .collect();
        if found != case.expected {
            failures.push(format!(
                "{}:\n  expected {:?}\n  found    {:?}\n{report}",
                case.name, case.expected, found
            ));
            continue;
        }
        let verdict = case.expected.iter().map(|e| e.3).max().unwrap_or(Severity::Patch);
        assert_eq!(report.verdict, verdict, "{}", case.name);
        assert_eq!(report.breaking, verdict == Severity::Major, "{}", case.name);
        for change in &report.changes {
            assert!(
                !change.consequence.is_empty(),
                "{}: a change without a consequence",
                case.name
            );
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_kind_of_change_has_a_case() {
    let covered: HashSet<ChangeKind> = cases().iter().flat_map(|c| c.expected.iter().map(|e| e.2)).collect();
    let missing: Vec<_> = ChangeKind::ALL.iter().filter(|k| !covered.contains(k)).collect();
    assert!(missing.is_empty(), "kinds no case covers: {missing:?}");
}

#[test]
fn the_report_reads_as_text_and_as_json() {
    let new = edit(base(), GET, "    price: { type: integer }\n", "");
    let report = diff(&load(&base()), &load(&new));
    let text = report.to_string();
    assert!(text.contains("shop get_item\n"), "{text}");
    assert!(
        text.contains("major removed response.price: `Item.price` is gone"),
        "{text}"
    );
    assert!(
        text.ends_with("verdict: major (1 change(s): 1 major, 0 minor, 0 patch); callers may need to change\n"),
        "{text}"
    );
    let json: serde_json::Value = serde_json::to_value(&report).unwrap();
    assert_eq!(json["verdict"], "major");
    assert_eq!(json["breaking"], true);
    assert_eq!(json["changes"][0]["kind"], "field_removed");
    assert_eq!(json["changes"][0]["endpoint"], "get_item");
}
