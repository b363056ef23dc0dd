//! How long apigen takes on a Feishu-sized catalogue (1,700 endpoints in one
//! service), and on the seed specs. Results are written down in
//! `generator/benches/RESULTS.md`; no test asserts a time.
//!
//! The synthetic endpoints are shaped like real Feishu pages: a query
//! parameter typed by a shared three-value enum (the `user_id_type` that a
//! naive generator re-emits once per endpoint), a body with an inline enum
//! and a nested object, a response with an array of objects, six errors and
//! two examples.

use std::fmt::Write as _;
use std::fs;
use std::path::Path;

use criterion::{criterion_main, Criterion};

const ENDPOINTS: usize = 1_700;

const SERVICE: &str = "\
service: synthetic
title: Synthetic Feishu-sized service
base_urls:
  - { name: feishu, url: 'https://open.feishu.cn', default: true }
auth:
  tenant_access_token: { kind: bearer, token_type: tenant }
envelope:
  kind: wrapped
  code: code
  message: msg
  data: data
  success_code: 0
  request_id: { header: X-Tt-Logid }
error_code_type: integer
common_errors:
  - { code: 99991400, http_status: 429, message: request trigger frequency limit, retryable: true }
  - { code: 99991663, http_status: 400, message: Invalid access token for authorization. }
types:
  UserIdType:
    type: string
    description: 用户 ID 类型
    enum:
      - { value: open_id, name: OpenId, label: 以 open_id 来识别用户 }
      - { value: union_id, name: UnionId, label: 以 union_id 来识别用户 }
      - { value: user_id, name: UserId, label: 以 user_id 来识别用户 }
";

fn endpoint(i: usize) -> String {
    format!(
        "\
id: op_{i}
summary: 操作 {i}
provenance: {{ source_url: 'https://open.feishu.cn/document/op_{i}' }}
method: POST
path: /open-apis/synthetic/v1/items/{{item_id}}/op_{i}
auth: tenant_access_token
scopes: [synthetic:item:write]
rate_limit: {{ per_second: 10 }}
request:
  path:
    item_id: {{ type: string, required: true, description: 条目 ID }}
  query:
    user_id_type: {{ type: UserIdType, description: 用户 ID 类型 }}
    page_size: {{ type: integer, description: 分页大小 }}
  body:
    name: {{ type: string, required: true, max_length: 64, description: 名称 }}
    kind:
      type: integer
      required: true
      description: 类型
      enum:
        - {{ value: 1, name: Alpha, label: 甲 }}
        - {{ value: 2, name: Beta, label: 乙 }}
    owner:
      type: object
      description: 所有者
      fields:
        user_id: {{ type: string, required: true, description: 用户 ID }}
        department_ids: {{ type: 'string[]', description: 部门 }}
response:
  fields:
    items:
      type: 'object[]'
      description: 条目
      fields:
        id: {{ type: string, required: true, description: ID }}
        created_at: {{ type: string, description: 创建时间 }}
        status: {{ type: UserIdType, description: 状态 }}
    has_more: {{ type: boolean, required: true, description: 是否还有更多 }}
    page_token: {{ type: string, description: 分页标记 }}
errors:
  - {{ code: 1780001, http_status: 500, message: Internal server error., retryable: true }}
  - {{ code: 1780101, http_status: 400, message: Request param error. }}
  - {{ code: 1780102, http_status: 400, message: The API is in beta testing. }}
  - {{ code: 17801{i:04}, http_status: 400, message: 'Item name too long: %d', fields: [max_length], name: NameTooLong }}
  - {{ code: 1785010, http_status: 400, message: The item already exists. }}
  - {{ code: 1785011, http_status: 404, message: The item does not exist. }}
examples:
  - name: request
    request:
      path: {{ item_id: it_1 }}
      body: '{{\"name\": \"n\", \"kind\": 1, \"owner\": {{\"user_id\": \"u\"}}}}'
  - name: reply
    response: '{{\"code\": 0, \"msg\": \"success\", \"data\": {{\"items\": [{{\"id\": \"1\", \"status\": \"open_id\"}}], \"has_more\": false}}}}'
"
    )
}

/// Writes a one-service catalogue of `count` endpoints under `root`.
fn write_catalogue(root: &Path, count: usize) {
    let service = root.join("synthetic");
    fs::create_dir_all(service.join("endpoints")).unwrap();
    fs::write(service.join("service.yaml"), SERVICE).unwrap();
    for i in 0..count {
        fs::write(service.join("endpoints").join(format!("op_{i:05}.yaml")), endpoint(i)).unwrap();
    }
}

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    write_catalogue(dir.path(), ENDPOINTS);
    let catalog = apigen::load_catalog(dir.path()).unwrap_or_else(|e| panic!("{e}"));
    let service = &catalog.services[0];
    let code = apigen::render_service_file(service, &apigen::Settings::default()).unwrap();
    let mut note = String::new();
    let _ = write!(
        note,
        "{ENDPOINTS} endpoints: {} bytes, {} lines of Rust; `pub enum UserIdType` emitted {} time(s)",
        code.len(),
        code.lines().count(),
        code.matches("pub enum UserIdType").count()
    );
    eprintln!("{note}");

    let mut group = c.benchmark_group("feishu_sized");
    group.sample_size(10);
    group.bench_function("load_and_validate", |b| {
        b.iter(|| apigen::load_catalog(dir.path()).unwrap())
    });
    group.bench_function("emit_tokens", |b| {
        b.iter(|| apigen::emit::service(service, &apigen::Settings::default()))
    });
    group.bench_function("emit_and_format", |b| {
        b.iter(|| apigen::render_service_file(service, &apigen::Settings::default()).unwrap())
    });
    group.finish();

    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join("api-specs");
    c.bench_function("seed_specs_end_to_end", |b| {
        b.iter(|| {
            let catalog = apigen::load_catalog(&seeds).unwrap();
            for service in &catalog.services {
                apigen::render_service_file(service, &apigen::Settings::default()).unwrap();
            }
        })
    });
}

// criterion_group! defines an undocumented `pub fn benches`.
#[allow(missing_docs)]
mod group {
    criterion::criterion_group!(benches, super::bench);
}
criterion_main!(group::benches);
