//! A read page turned into an endpoint draft: the request table (URL,
//! method, rate limit, app types, scopes), the headers (token types, fixed
//! headers), the parameter and body tables, the response table nested again,
//! the examples and the error table. What the page gets wrong is recorded as
//! a discrepancy with its page line, and the draft is written anyway.

use std::collections::{BTreeMap, HashSet};

use serde_json::Value as Json;

use super::cell::{describe, Described};
use super::examples;
use super::names;
use super::page::{Page, Section};
use super::table::Table;
use super::PageError;
use crate::import::draft::{Discrepancy, Draft, Example, Header, RateLimit};
use crate::import::node::{EnumNode, Field, Node};

/// How deep a page's fields may nest (a spec file allows 64 levels of YAML,
/// and each field level takes three: the field, `fields:`, its children).
pub const MAX_FIELD_DEPTH: usize = 16;

/// The tokens a page's `Authorization` row names that the Feishu service
/// declares, each as an auth scheme of the same name.
pub const TOKENS: [&str; 2] = ["tenant_access_token", "user_access_token"];

/// A draft and what the writer needs to finish it.
#[derive(Debug, Default)]
pub struct Built {
    /// The endpoint.
    pub draft: Draft,
    /// Page line of each field, by its place (`body.device_system`,
    /// `response.verification.name`).
    pub lines: BTreeMap<String, usize>,
}

/// Builds the draft of the page read from `file`.
pub fn build(file: &str, page: &Page, id: Option<&str>) -> Result<Built, PageError> {
    let mut b = Builder {
        file,
        page,
        built: Built::default(),
    };
    b.basics(id)?;
    b.headers();
    b.parameters();
    b.response();
    b.errors();
    b.request_examples();
    for (line, message) in &page.problems {
        b.discrepancy(
            "页面格式",
            format!("第 {line} 行：{message}"),
            "按能读出的内容导入".to_owned(),
        );
    }
    Ok(b.built)
}

struct Builder<'p> {
    file: &'p str,
    page: &'p Page,
    built: Built,
}

/// Whether a heading names a table of the kind `word` (`请求体`), and not its example.
fn is_section(section: &Section, word: &str) -> bool {
    section.heading.contains(word) && !section.heading.contains("示例")
}

impl Builder<'_> {
    fn error(&self, line: Option<usize>, message: impl Into<String>) -> PageError {
        PageError {
            file: self.file.to_owned(),
            line,
            message: message.into(),
        }
    }

    fn discrepancy(&mut self, subject: &str, page: String, resolution: String) {
        self.built.draft.discrepancies.push(Discrepancy {
            subject: subject.to_owned(),
            page,
            resolution,
        });
    }

    /// The request table, title, description and provenance.
    fn basics(&mut self, id: Option<&str>) -> Result<(), PageError> {
        let page = self.page;
        let table = page
            .tables()
            .find(|t| {
                let keys: Vec<String> = t.rows.iter().map(|r| r.cell(Some(0)).text()).collect();
                keys.iter().any(|k| k.contains("HTTP URL")) && keys.iter().any(|k| k.contains("HTTP Method"))
            })
            .ok_or_else(|| {
                let line = page.sections_named("请求").next().map(|s| s.line);
                self.error(
                    line,
                    "no request table with `HTTP URL` and `HTTP Method` rows; only Feishu/Lark API pages are read",
                )
            })?;
        let value = |key: &str| -> Option<(usize, super::table::Cell)> {
            table
                .rows
                .iter()
                .find(|r| {
                    let k = r.cell(Some(0)).text();
                    k.contains(key) && !(key == "权限要求" && k.contains("字段权限"))
                })
                .map(|r| (r.line, r.cell(Some(1))))
        };
        let (url_line, url) = value("HTTP URL").ok_or_else(|| self.error(Some(table.line), "no HTTP URL"))?;
        let url = url.text();
        let path = url_path(&url).ok_or_else(|| {
            self.error(
                Some(url_line),
                format!("the HTTP URL `{url}` has no path (`/open-apis/…`, no empty segment or space)"),
            )
        })?;
        let (method_line, method) =
            value("HTTP Method").ok_or_else(|| self.error(Some(table.line), "no HTTP Method"))?;
        let method = method.text().trim().to_ascii_uppercase();
        if !["GET", "POST", "PUT", "PATCH", "DELETE"].contains(&method.as_str()) {
            return Err(self.error(
                Some(method_line),
                format!("HTTP Method `{method}` is not one of GET, POST, PUT, PATCH, DELETE"),
            ));
        }
        let d = &mut self.built.draft;
        d.id = match id {
            Some(id) => id.to_owned(),
            None => names::endpoint_id(&method, &path),
        };
        d.method = method;
        d.path = path;
        match value("频率限制") {
            Some((line, cell)) => self.rate_limit(line, &cell),
            None => self.discrepancy(
                "频率限制",
                "页面没有给出接口频率限制".to_owned(),
                "不记录 rate_limit；客户端不做本地限流".to_owned(),
            ),
        }
        if let Some((_, cell)) = value("应用类型") {
            self.app_types(&cell.text());
        }
        if let Some((_, cell)) = value("权限要求") {
            self.built.draft.scopes = scopes(&cell.text());
        }
        self.title_and_provenance()
    }

    fn rate_limit(&mut self, line: usize, cell: &super::table::Cell) {
        let text = cell.text();
        let doc_url = link_url(&text);
        let per = |unit: &str| number_before(&text, unit);
        if let Some(n) = per("次/秒").filter(|n| *n > 0) {
            self.built.draft.rate_limit = Some(RateLimit { per_second: n, doc_url });
        } else if let Some(n) = per("次/分钟").filter(|n| *n > 0) {
            let per_second = (n / 60).max(1);
            self.built.draft.rate_limit = Some(RateLimit { per_second, doc_url });
            self.built.draft.notes.add(
                "rate limit per minute",
                format!("第 {line} 行：频率限制为每分钟 {n} 次，记为每秒 {per_second} 次"),
            );
        } else {
            self.discrepancy(
                "频率限制",
                format!("第 {line} 行：频率限制写作“{text}”，不是“N 次/秒”"),
                "不记录 rate_limit；见页面".to_owned(),
            );
        }
    }

    fn app_types(&mut self, text: &str) {
        let mut ids = Vec::new();
        let mut words = false;
        for (word, id) in [
            ("自建应用", "custom"),
            ("商店应用", "isv"),
            ("custom", "custom"),
            ("isv", "isv"),
        ] {
            if text.contains(word) && !ids.contains(&id) {
                ids.push(id);
                words |= !word.is_ascii();
            }
        }
        let d = &mut self.built.draft;
        d.app_types = ids.iter().map(|s| (*s).to_owned()).collect();
        if words {
            d.app_types_comment = Some(text.trim().to_owned());
        }
    }

    fn title_and_provenance(&mut self) -> Result<(), PageError> {
        let page = self.page;
        let title = page
            .title
            .clone()
            .or_else(|| page.meta.title.clone())
            .ok_or_else(|| self.error(None, "the page has no `#` title and no title in its front matter"))?;
        if let (Some(meta), Some(heading)) = (&page.meta.title, &page.title) {
            if meta.value != heading.value {
                self.discrepancy(
                    "页面标题",
                    format!(
                        "第 {} 行元数据的 title 为“{}”，第 {} 行正文标题为“{}”",
                        meta.line, meta.value, heading.line, heading.value
                    ),
                    format!("summary 取正文标题“{}”", heading.value),
                );
            }
        }
        let d = &mut self.built.draft;
        d.summary = title.value;
        let intro: Vec<String> = page.intro.iter().map(|l| strip_try_it(&l.value)).collect();
        d.description = Some(intro.join("\n").trim().to_owned()).filter(|t| !t.is_empty());
        d.source_url = page.meta.source_url.as_ref().map(|u| u.value.clone());
        let name = std::path::Path::new(self.file)
            .file_name()
            .map(|n| n.to_string_lossy().into_owned());
        if let Some(name) = name.filter(|n| is_seed_name(n)) {
            d.seed = Some(name);
        }
        let date = page
            .meta
            .date
            .clone()
            .filter(|d| is_date(&d.value))
            .or_else(|| page.shown_date.clone().filter(|d| is_date(&d.value)));
        if let (Some(meta), Some(shown)) = (&page.meta.date, &page.shown_date) {
            if meta.value != shown.value {
                self.discrepancy(
                    "最后更新日期",
                    format!(
                        "第 {} 行元数据为 {}，第 {} 行正文写作“最后更新于 {}”",
                        meta.line, meta.value, shown.line, shown.value
                    ),
                    format!("取元数据的 {}", meta.value),
                );
            }
        }
        match (date, &page.meta.updated_ms) {
            (Some(date), _) => self.built.draft.last_updated = Some(date.value),
            (None, Some(ms)) => {
                if let Some(day) = beijing_date(ms.value) {
                    self.discrepancy(
                        "最后更新日期",
                        format!(
                            "第 {} 行：页面只有元数据 updatedAt {}（毫秒时间戳），没有“最后更新于”字样",
                            ms.line, ms.value
                        ),
                        format!("换算为 {day}（UTC+8）记入 provenance.last_updated"),
                    );
                    self.built.draft.last_updated = Some(day);
                }
            }
            (None, None) => {}
        }
        Ok(())
    }

    /// Token types from `Authorization`, fixed headers from the others.
    fn headers(&mut self) {
        let page = self.page;
        let mut auth: Vec<String> = Vec::new();
        let mut seen_authorization = false;
        for table in page
            .sections
            .iter()
            .filter(|s| is_section(s, "请求头"))
            .flat_map(|s| &s.tables)
        {
            let name = table.column(&["名称"]).or(Some(0));
            let desc = table.column(&["描述"]);
            for row in &table.rows {
                let header = row.cell(name).text();
                let cell = row.cell(desc);
                let text = cell.text();
                if header.eq_ignore_ascii_case("Authorization") {
                    seen_authorization = true;
                    let mut found: Vec<(usize, &str)> = TOKENS
                        .iter()
                        .filter_map(|token| text.find(token).map(|at| (at, *token)))
                        .collect();
                    found.sort();
                    auth.extend(found.into_iter().map(|(_, s)| s.to_owned()));
                    if text.contains("app_access_token") {
                        self.discrepancy(
                            "app_access_token",
                            format!("第 {} 行：Authorization 允许 app_access_token", row.line),
                            "服务只声明 tenant_access_token 与 user_access_token，未记录该令牌".to_owned(),
                        );
                    }
                    continue;
                }
                let described = describe(&cell);
                match described.fixed {
                    Some(value) => self.built.draft.headers.push(Header {
                        name: header,
                        value,
                        description: Some(described.description.unwrap_or_else(|| "固定值".to_owned())),
                    }),
                    None => self.built.draft.notes.add(
                        "header without a fixed value",
                        format!(
                            "第 {} 行的请求头 {header} 没有固定值，规范只记录固定请求头，未记录",
                            row.line
                        ),
                    ),
                }
            }
        }
        if auth.is_empty() {
            let said = if seen_authorization {
                "Authorization 请求头没有写明令牌类型"
            } else {
                "页面没有 Authorization 请求头"
            };
            self.discrepancy("访问令牌", said.to_owned(), "按 tenant_access_token 记录".to_owned());
            auth.push("tenant_access_token".to_owned());
        }
        self.built.draft.auth = auth;
    }

    /// Path, query and body tables.
    fn parameters(&mut self) {
        let page = self.page;
        for (word, place) in [("路径参数", "path"), ("查询参数", "query"), ("请求体", "body")] {
            let tables: Vec<&Table> = page
                .sections
                .iter()
                .filter(|s| is_section(s, word))
                .flat_map(|s| &s.tables)
                .collect();
            let mut fields = Vec::new();
            for table in tables {
                let rows = self.field_rows(table, place);
                let depths = match rows.iter().any(|r| r.level.is_some()) {
                    true => rows.iter().map(|r| r.level.unwrap_or(0)).collect(),
                    false => vec![0; rows.len()],
                };
                fields.extend(self.nest(&rows, &depths, place));
            }
            match place {
                "path" => self.built.draft.path_params = fields,
                "query" => self.built.draft.query = fields,
                _ => self.built.draft.body = fields,
            }
        }
        self.match_path_params();
    }

    /// Every `{name}` in the path has a path parameter and each parameter a placeholder.
    fn match_path_params(&mut self) {
        let placeholders: Vec<String> = self
            .built
            .draft
            .path
            .split('/')
            .filter_map(|s| s.strip_prefix('{').and_then(|s| s.strip_suffix('}')))
            .map(str::to_owned)
            .collect();
        let mut params = std::mem::take(&mut self.built.draft.path_params);
        let before = params.len();
        params.retain(|p| placeholders.contains(&p.wire));
        if params.len() != before {
            self.discrepancy(
                "路径参数",
                "路径参数表列出了 HTTP URL 中没有的参数".to_owned(),
                "只保留 URL 中出现的路径参数".to_owned(),
            );
        }
        for name in &placeholders {
            match params.iter_mut().find(|p| &p.wire == name) {
                Some(p) => p.required = true,
                None => {
                    self.discrepancy(
                        "路径参数",
                        format!("HTTP URL 含 :{name}，但路径参数表没有它"),
                        format!("按必填的 string 路径参数 {name} 记录"),
                    );
                    let mut field = Field::new(name.clone(), string());
                    field.required = true;
                    params.push(field);
                }
            }
        }
        self.built.draft.path_params = params;
    }

    /// The rows of a field table.
    fn field_rows(&mut self, table: &Table, place: &str) -> Vec<FieldRow> {
        let name = table.column(&["名称", "参数"]).or(Some(0));
        let ty = table.column(&["类型"]);
        let required = table.column(&["必填", "必选"]);
        let desc = table.column(&["描述", "说明"]);
        let mut rows = Vec::new();
        for row in &table.rows {
            let wire = row.cell(name).text();
            if wire.is_empty() {
                self.discrepancy(
                    "字段表",
                    format!("第 {} 行：{place} 表有一行没有字段名", row.line),
                    "跳过该行".to_owned(),
                );
                continue;
            }
            if !wire
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | '$' | '@'))
            {
                self.discrepancy(
                    "字段表",
                    format!("第 {} 行：{place} 表的字段名“{wire}”不是 ASCII 标识符", row.line),
                    "跳过该行".to_owned(),
                );
                continue;
            }
            rows.push(FieldRow {
                wire,
                ty: row.cell(ty).text(),
                required: required.map(|_| row.cell(required).text().contains('是')),
                described: describe(&row.cell(desc)),
                line: row.line,
                level: row.level,
            });
        }
        rows
    }

    /// Fields from rows and their depths (a row deeper than the one before
    /// it is that one's child).
    ///
    /// Rows deeper than [`MAX_FIELD_DEPTH`] are kept at that depth (with a
    /// discrepancy), so a hostile page's levels cannot nest without end:
    /// the nesting recurses once per level.
    fn nest(&mut self, rows: &[FieldRow], depths: &[usize], place: &str) -> Vec<Field> {
        if let Some(deep) = rows
            .iter()
            .zip(depths)
            .find(|(_, depth)| **depth > MAX_FIELD_DEPTH)
            .map(|(row, _)| row.line)
        {
            self.discrepancy(
                "字段层级",
                format!("第 {deep} 行起字段嵌套超过 {MAX_FIELD_DEPTH} 层"),
                format!("更深的字段记在第 {MAX_FIELD_DEPTH} 层"),
            );
        }
        let clamped: Vec<usize> = depths.iter().map(|d| (*d).min(MAX_FIELD_DEPTH)).collect();
        let depths = &clamped[..];
        let mut i = 0usize;
        let mut out = Vec::new();
        while i < rows.len() {
            let (field, next) = self.nest_one(rows, depths, i, place);
            out.push(field);
            i = next;
        }
        out
    }

    /// The field of `rows[i]` with its children; returns it and the index after them.
    fn nest_one(&mut self, rows: &[FieldRow], depths: &[usize], i: usize, place: &str) -> (Field, usize) {
        let depth = depths.get(i).copied().unwrap_or(0);
        let mut j = i.saturating_add(1);
        let mut children = Vec::new();
        let child_place = match rows.get(i) {
            Some(r) => format!("{place}.{}", r.wire),
            None => place.to_owned(),
        };
        while j < rows.len() && depths.get(j).copied().unwrap_or(0) > depth {
            let (child, next) = self.nest_one(rows, depths, j, &child_place);
            children.push(child);
            j = next;
        }
        let field = match rows.get(i) {
            Some(row) => self.field(row, children, place),
            None => Field::new("field", Node::Json),
        };
        (field, j)
    }

    /// One field from its row.
    fn field(&mut self, row: &FieldRow, children: Vec<Field>, place: &str) -> Field {
        let path = format!("{place}.{}", row.wire);
        self.built.lines.insert(path.clone(), row.line);
        let (base, arrays) = scalar(&row.ty);
        let d = &row.described;
        let mut node = match base {
            _ if !children.is_empty() => Node::Object(children),
            Scalar::Other => Node::Json,
            Scalar::Integer => Node::Integer,
            Scalar::Number => Node::Number,
            Scalar::Boolean => Node::Boolean,
            Scalar::String => string(),
        };
        if !d.values.is_empty() {
            node = self.enum_node(row, node);
        }
        for _ in 0..arrays {
            node = Node::Array(Box::new(node));
        }
        let mut field = Field::new(row.wire.clone(), node);
        field.required = row.required.unwrap_or(false);
        field.description = d.description.clone();
        field.example = d.example.as_ref().map(|e| e.value.clone());
        field
    }

    /// An enum from a row's values, when they fit its type.
    fn enum_node(&mut self, row: &FieldRow, node: Node) -> Node {
        let values: Vec<(String, Option<String>)> = row.described.values.iter().map(|v| v.value.clone()).collect();
        let integer = match node {
            Node::Integer => true,
            Node::String { .. } => false,
            _ => return node,
        };
        let first_line = row.described.values.first().map_or(row.line, |v| v.line);
        if integer && values.iter().any(|(v, _)| v.parse::<i64>().is_err()) {
            self.discrepancy(
                &row.wire,
                format!("第 {first_line} 行：类型为整数，但可选值不全是整数"),
                "不记录可选值，按整数处理".to_owned(),
            );
            return node;
        }
        let mut seen = HashSet::new();
        let mut unique = Vec::new();
        for (value, label) in values {
            if seen.insert(value.clone()) {
                unique.push((value, label));
            } else {
                self.discrepancy(
                    &row.wire,
                    format!("第 {first_line} 行：可选值 {value} 出现了不止一次"),
                    "只保留第一次".to_owned(),
                );
            }
        }
        if let Some(example) = &row.described.example {
            if !unique.iter().any(|(v, _)| v == &example.value) {
                let allowed: Vec<&str> = unique.iter().map(|(v, _)| v.as_str()).collect();
                self.discrepancy(
                    &format!("{} 的示例值", row.wire),
                    format!(
                        "第 {} 行：示例值为 {}，但可选值只有 {}",
                        example.line,
                        example.value,
                        allowed.join("、")
                    ),
                    format!("照录页面的示例值 {}；它不是有效值", example.value),
                );
            }
        }
        Node::Enum(EnumNode {
            integer,
            values: unique,
        })
    }

    /// The response table, nested again, and the response examples.
    fn response(&mut self) {
        let page = self.page;
        let mut reply_examples: Vec<Json> = Vec::new();
        let mut taken = HashSet::new();
        for section in page.sections.iter().filter(|s| s.heading.contains("响应体示例")) {
            for code in &section.code {
                let (pieces, problems) = examples::split(&code.value, code.line);
                for (line, said, done) in problems {
                    self.discrepancy("响应体示例", format!("第 {line} 行：{said}"), done);
                }
                for piece in pieces {
                    if let Ok(json) = serde_json::from_str::<Json>(&piece.text) {
                        reply_examples.push(json);
                    }
                    let name = names::example_name(piece.label.as_deref(), "success", &mut taken);
                    self.built.draft.page_examples.push(Example {
                        name,
                        description: Some(piece.label.clone().unwrap_or_else(|| "页面上的响应体示例".to_owned())),
                        response: Some(piece.text),
                        corrected: piece.corrected,
                        ..Example::default()
                    });
                }
            }
        }
        let data_example = reply_examples.iter().find_map(|e| e.get("data"));
        let Some(table) = page
            .sections
            .iter()
            .filter(|s| is_section(s, "响应体"))
            .flat_map(|s| &s.tables)
            .next()
        else {
            return;
        };
        let rows = self.field_rows(table, "response");
        let data_at = rows.iter().position(|r| r.wire == "data");
        let payload: Vec<FieldRow> = match data_at {
            Some(at) => rows.get(at.saturating_add(1)..).unwrap_or_default().to_vec(),
            None => rows
                .iter()
                .filter(|r| !matches!(r.wire.as_str(), "code" | "msg"))
                .cloned()
                .collect(),
        };
        let data_level = data_at.and_then(|at| rows.get(at)).and_then(|r| r.level);
        let levelled = payload.iter().any(|r| r.level.is_some() && r.level > data_level);
        let (payload, depths) = if levelled {
            let base = data_level.map_or(0, |l| l.saturating_add(1));
            let inside: Vec<FieldRow> = payload
                .iter()
                .take_while(|r| r.level.unwrap_or(base) >= base)
                .cloned()
                .collect();
            let depths = inside
                .iter()
                .map(|r| r.level.unwrap_or(base).saturating_sub(base))
                .collect();
            (inside, depths)
        } else {
            let first_line = payload.first().map(|r| r.line);
            let depths = match data_example {
                Some(example) => self.depths_by_example(&payload, example),
                None => vec![0; payload.len()],
            };
            if let (Some(line), Some(_)) = (first_line, data_at) {
                let wires: Vec<&str> = payload.iter().map(|r| r.wire.as_str()).collect();
                let resolution = match data_example {
                    Some(_) => format!("按响应体示例嵌套，{} 位于 data 之内", wires.join("、")),
                    None => format!("没有可用的响应体示例；{} 按 data 的直接字段记录", wires.join("、")),
                };
                self.discrepancy(
                    "响应体表格",
                    format!(
                        "第 {line} 行起：表格把 {} 与 code/msg/data 列在同一层级",
                        wires.join("、")
                    ),
                    resolution,
                );
            }
            (payload, depths)
        };
        let fields = self.nest(&payload, &depths, "response");
        if let (true, Some(example)) = (levelled, data_example) {
            self.check_example(&fields, example, "response");
        }
        if !fields.is_empty() {
            self.built.draft.notes.add(
                "response fields optional",
                "响应体表格没有必填列，响应字段均按可选记录".to_owned(),
            );
        }
        self.built.draft.response = crate::import::draft::Response::Fields(fields);
    }

    /// Records each field of a levelled table that the example does not
    /// have where the levels put it.
    fn check_example(&mut self, fields: &[Field], example: &Json, place: &str) {
        let Some(object) = example.as_object() else {
            return;
        };
        for field in fields {
            let path = format!("{place}.{}", field.wire);
            let mut node = &field.node;
            while let Node::Array(inner) = node {
                node = inner;
            }
            match object.get(&field.wire) {
                None => {
                    let line = self.built.lines.get(&path).copied().unwrap_or(0);
                    self.discrepancy(
                        &field.wire,
                        format!("第 {line} 行：响应体表格的 {} 不在响应体示例的对应位置", field.wire),
                        "按表格的层级记录".to_owned(),
                    );
                }
                Some(value) => {
                    if let Node::Object(children) = node {
                        let inner = match value {
                            Json::Array(items) => items.first().unwrap_or(value),
                            other => other,
                        };
                        self.check_example(children, inner, &path);
                    }
                }
            }
        }
    }

    /// Depths of flattened rows from where the example puts each key:
    /// the deepest open object holding the key, else the current one.
    fn depths_by_example(&mut self, rows: &[FieldRow], data: &Json) -> Vec<usize> {
        let mut open: Vec<&Json> = vec![data];
        let mut depths = Vec::new();
        for row in rows {
            let at = open.iter().rposition(|o| o.get(&row.wire).is_some());
            let depth = match at {
                Some(at) => {
                    open.truncate(at.saturating_add(1));
                    at
                }
                None => {
                    self.discrepancy(
                        &row.wire,
                        format!("第 {} 行：响应体表格的 {} 不在响应体示例中", row.line, row.wire),
                        "按表格顺序放在上一个对象之内".to_owned(),
                    );
                    open.len().saturating_sub(1)
                }
            };
            depths.push(depth);
            let value = open.last().and_then(|o| o.get(&row.wire));
            let inner = match value {
                Some(Json::Array(items)) => items.first(),
                other => other,
            };
            if let Some(object @ Json::Object(_)) = inner {
                if at.is_some() {
                    open.push(object);
                }
            }
        }
        depths
    }

    /// The error table.
    fn errors(&mut self) {
        let page = self.page;
        let mut taken = HashSet::new();
        let mut rows: Vec<(i64, String, Vec<u16>, Option<String>)> = Vec::new();
        for table in page
            .sections
            .iter()
            .filter(|s| s.heading.contains("错误码"))
            .flat_map(|s| &s.tables)
        {
            let status = table.column(&["HTTP"]);
            let code = table.column(&["错误码"]).filter(|c| Some(*c) != status);
            let message = table.column(&["描述"]);
            let hint = table.column(&["排查建议", "建议"]);
            for row in &table.rows {
                let code_text = row.cell(code).text();
                let Ok(code_value) = code_text.trim().parse::<i64>() else {
                    self.discrepancy(
                        "错误码",
                        format!("第 {} 行：错误码“{code_text}”不是整数", row.line),
                        "未记录该行".to_owned(),
                    );
                    continue;
                };
                let status_text = row.cell(status).text();
                let http: Option<u16> = status_text.trim().parse().ok().filter(|s| (100..=599).contains(s));
                if http.is_none() && status.is_some() {
                    self.discrepancy(
                        "错误码",
                        format!("第 {} 行：HTTP 状态码“{status_text}”不是 100–599 的整数", row.line),
                        "该行不记录 HTTP 状态码".to_owned(),
                    );
                }
                let text = row.cell(message).text();
                let hint_text = Some(row.cell(hint).text()).filter(|h| !h.is_empty());
                match rows.iter_mut().find(|(c, m, _, _)| *c == code_value && *m == text) {
                    Some((_, _, statuses, _)) => statuses.extend(http.filter(|h| !statuses.contains(h))),
                    None => rows.push((code_value, text, http.into_iter().collect(), hint_text)),
                }
            }
        }
        for (code, message, statuses, hint) in rows {
            let code_text = code.to_string();
            let message = if message.is_empty() { code_text.clone() } else { message };
            let name = crate::import::error_name(&message, &code_text, &mut taken);
            self.built.draft.errors.push(crate::import::draft::ErrorRow {
                code: code_text,
                integer: true,
                statuses,
                message,
                name,
            });
            self.built.draft.error_hints.push(hint);
        }
    }

    /// The request body examples.
    fn request_examples(&mut self) {
        let page = self.page;
        let mut taken: HashSet<String> = self.built.draft.page_examples.iter().map(|e| e.name.clone()).collect();
        let mut out = Vec::new();
        for section in page.sections.iter().filter(|s| s.heading.contains("请求体示例")) {
            for code in &section.code {
                let (pieces, problems) = examples::split(&code.value, code.line);
                for (line, said, done) in problems {
                    self.discrepancy("请求体示例", format!("第 {line} 行：{said}"), done);
                }
                for piece in pieces {
                    out.push(Example {
                        name: names::example_name(piece.label.as_deref(), "request", &mut taken),
                        description: piece.label,
                        request_body: Some(piece.text),
                        corrected: piece.corrected,
                        ..Example::default()
                    });
                }
            }
        }
        // Requests first, as the page has them before the reply.
        out.append(&mut self.built.draft.page_examples);
        self.built.draft.page_examples = out;
    }
}

/// A row of a field table.
#[derive(Debug, Clone)]
struct FieldRow {
    wire: String,
    ty: String,
    required: Option<bool>,
    described: Described,
    line: usize,
    level: Option<usize>,
}

/// A plain string shape.
fn string() -> Node {
    Node::String {
        max_length: None,
        min_length: None,
    }
}

/// Scalar kinds a page's type names.
enum Scalar {
    String,
    Integer,
    Number,
    Boolean,
    Other,
}

/// A page type (`int`, `string[]`, `\-`, `verification`) as a scalar kind and array depth.
fn scalar(ty: &str) -> (Scalar, usize) {
    let mut t = ty.trim().to_ascii_lowercase();
    let mut arrays = 0usize;
    while let Some(inner) = t.strip_suffix("[]") {
        t = inner.trim().to_owned();
        arrays = arrays.saturating_add(1);
    }
    if let Some(inner) = t.strip_prefix("list<").and_then(|r| r.strip_suffix('>')) {
        t = inner.trim().to_owned();
        arrays = arrays.saturating_add(1);
    }
    let kind = match t.as_str() {
        "string" | "str" => Scalar::String,
        "int" | "integer" | "int32" | "int64" | "long" => Scalar::Integer,
        "float" | "double" | "number" | "float64" => Scalar::Number,
        "boolean" | "bool" => Scalar::Boolean,
        _ => Scalar::Other,
    };
    (kind, arrays)
}

/// The path of an HTTP URL, placeholders `:name` written `{name}`.
fn url_path(url: &str) -> Option<String> {
    let url = url.trim().trim_matches('`');
    let rest = match url.split_once("://") {
        Some((_, rest)) => rest.find('/').and_then(|at| rest.get(at..))?,
        None => url,
    };
    let rest = rest.split(['?', '#']).next().unwrap_or(rest).trim();
    if !rest.starts_with('/') {
        return None;
    }
    let segments: Vec<String> = rest
        .split('/')
        .map(|s| match names::placeholder(s) {
            Some(name) => format!("{{{name}}}"),
            None => s.to_owned(),
        })
        .collect();
    let path = segments.join("/");
    let segment_ok = |s: &String| match s.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
        Some(name) => !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'),
        None => s.chars().all(|c| c.is_ascii_graphic() && !matches!(c, '{' | '}')),
    };
    let clean = !path.contains("//") && segments.iter().all(segment_ok);
    clean.then_some(path)
}

/// The URL of the first Markdown link `[text](url)` in `text`.
fn link_url(text: &str) -> Option<String> {
    let (_, after) = text.split_once("](")?;
    let url = after.split(')').next()?.trim();
    (!url.is_empty()).then(|| url.to_owned())
}

/// The number written just before `unit` (`50 次/秒` → 50).
fn number_before(text: &str, unit: &str) -> Option<u32> {
    let (before, _) = text.split_once(unit)?;
    let digits: String = before
        .trim_end()
        .chars()
        .rev()
        .take_while(char::is_ascii_digit)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    digits.parse().ok()
}

/// Scopes: every `(name:with:colons)` in the cell.
fn scopes(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('(') {
        let after = rest.get(open.saturating_add(1)..).unwrap_or("");
        let Some(close) = after.find(')') else { break };
        let inside = after.get(..close).unwrap_or("").trim();
        if inside.contains(':') && !inside.contains(char::is_whitespace) && !out.iter().any(|s| s == inside) {
            out.push(inside.to_owned());
        }
        rest = after.get(close.saturating_add(1)..).unwrap_or("");
    }
    out
}

/// Text without Feishu's `{尝试一下}(url=…)` links.
fn strip_try_it(text: &str) -> String {
    let mut out = text.to_owned();
    while let Some(start) = out.find("{尝试一下}(") {
        let end = out
            .get(start..)
            .and_then(|r| r.find(')'))
            .map_or(out.len(), |e| start.saturating_add(e).saturating_add(1));
        out.replace_range(start..end.min(out.len()), "");
    }
    out.trim().to_owned()
}

/// `000_86102c2223229c52.txt`: three digits, `_`, sixteen hex digits, `.txt`.
pub fn is_seed_name(name: &str) -> bool {
    let Some(stem) = name.strip_suffix(".txt") else {
        return false;
    };
    let Some((number, hash)) = stem.split_once('_') else {
        return false;
    };
    number.len() == 3
        && number.chars().all(|c| c.is_ascii_digit())
        && hash.len() == 16
        && hash.chars().all(|c| c.is_ascii_hexdigit())
}

/// `YYYY-MM-DD`.
fn is_date(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    matches!(parts.as_slice(), [y, m, d] if y.len() == 4 && m.len() == 2 && d.len() == 2
        && parts.iter().all(|p| p.chars().all(|c| c.is_ascii_digit())))
}

/// The day in Beijing (UTC+8) of a millisecond timestamp, `YYYY-MM-DD`.
fn beijing_date(ms: i64) -> Option<String> {
    let seconds = ms.checked_div(1000)?.checked_add(8 * 3600)?;
    let days = seconds.div_euclid(86_400);
    // Howard Hinnant's civil_from_days. Past the two checked steps every
    // value is bounded (`doe` < 146,097, `yoe` < 400), so nothing overflows.
    let z = days.checked_add(719_468)?;
    let era = z.div_euclid(146_097);
    let doe = z.checked_sub(era.checked_mul(146_097)?)?;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe.checked_add(era.checked_mul(400)?)?;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = if m <= 2 { y.checked_add(1)? } else { y };
    (0..=9999).contains(&y).then(|| format!("{y:04}-{m:02}-{d:02}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_readers() {
        assert_eq!(
            url_path("https://open.feishu.cn/open-apis/im/v1/chats/:chat_id?x=1").as_deref(),
            Some("/open-apis/im/v1/chats/{chat_id}")
        );
        assert_eq!(url_path("not a url"), None);
        assert_eq!(number_before("[50 次/秒](https://x)", "次/秒"), Some(50));
        assert_eq!(link_url("[50 次/秒](https://x/y)").as_deref(), Some("https://x/y"));
        assert_eq!(
            scopes("获取(a:b:read)、写(a:b:write) (not one)"),
            ["a:b:read", "a:b:write"]
        );
        assert_eq!(strip_try_it("获取。{尝试一下}(url=/api?x=1)"), "获取。");
        assert!(is_seed_name("004_429d55778867dcae.txt"));
        assert!(!is_seed_name("page.md"));
        assert_eq!(beijing_date(1_666_147_608_000).as_deref(), Some("2022-10-19"));
        assert_eq!(beijing_date(i64::MAX), None);
        assert_eq!(beijing_date(i64::MIN), None);
        assert_eq!(beijing_date(-1).as_deref(), Some("1970-01-01"));
        // A limit no u32 holds is no limit, not an overflow.
        assert_eq!(number_before("[99999999999999999999 次/秒](https://x)", "次/秒"), None);
        assert_eq!(number_before("次/秒", "次/秒"), None);
    }
}
