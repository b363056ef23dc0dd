//! `apigen import feishu-page`: saved Feishu/Lark documentation pages into
//! endpoint specs, one per page, in both forms Feishu saves: Markdown
//! tables (`名称 | 类型 | 必填 | 描述`, cells running over hard-broken lines)
//! and the `md-table` / `md-dt-table` HTML it embeds in Markdown.
//!
//! The page is read in layers: [`page`] splits it into front matter, title
//! and sections; [`markdown`] and [`html`] read tables of either form into
//! one [`table::Table`] shape; [`cell`] reads a description cell (example,
//! enum values, fixed value); [`build`] turns it all into a draft, which
//! the shared writer ([`crate::import::draft`]) writes. Where the page
//! contradicts itself the import keeps going and records a `discrepancies`
//! entry with the page line; a page it cannot read at all is an error
//! naming the file (and line where there is one). Pages of other vendors
//! (Sangfor aTrust, Alibaba Cloud) are recognised and refused by name.

pub mod build;
pub mod cell;
pub mod examples;
pub mod html;
pub mod markdown;
pub mod names;
pub mod page;
pub mod table;

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde_yaml::{Mapping, Value};

use super::draft;
use super::node::{Field, Node};
use super::openapi::FEISHU_PROFILE;
use super::Import;

/// The service the pages are imported into.
pub const SERVICE: &str = "feishu";

/// A page to import.
#[derive(Debug, Clone)]
pub struct PageInput {
    /// The file as the user named it: messages name it, and a file name
    /// that looks like a seed (`000_86102c2223229c52.txt`) is recorded as
    /// `provenance.seed`.
    pub path: String,
    /// Its text.
    pub text: String,
    /// The endpoint id to use instead of the one derived from the method and path.
    pub id: Option<String>,
}

/// What to write besides the endpoints.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Write `feishu/service.yaml` (a minimal Feishu service: the
    /// `{code, msg, data}` envelope and the two token schemes), for an
    /// output folder that has none.
    pub write_service: bool,
}

/// A page that cannot be imported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageError {
    /// The file.
    pub file: String,
    /// The page line, where there is one.
    pub line: Option<usize>,
    /// What is wrong.
    pub message: String,
}

impl std::fmt::Display for PageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{line}: {}", self.file, self.message),
            None => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

/// What an import wrote, and what it warns about.
#[derive(Debug, Default)]
pub struct Outcome {
    /// The files (endpoint files, and the service file when asked for).
    pub import: Import,
    /// Names it had to invent, and the like: `file:line: message`.
    pub warnings: Vec<String>,
    /// Discrepancies recorded, per endpoint id.
    pub discrepancies: BTreeMap<String, usize>,
}

/// Imports the pages: every page read, or every problem.
pub fn import(pages: &[PageInput], options: &Options) -> Result<Outcome, Vec<PageError>> {
    let mut errors = Vec::new();
    let mut built = Vec::new();
    for input in pages {
        match read_page(input) {
            Ok(b) => built.push((input.path.clone(), b)),
            Err(e) => errors.push(e),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut drafts: Vec<draft::Draft> = Vec::new();
    let mut lines = Vec::new();
    let mut files = Vec::new();
    for (file, b) in built {
        drafts.push(b.draft);
        lines.push(b.lines);
        files.push(file);
    }
    draft::unique_ids(&mut drafts);
    let mut writer = draft::inline_writer(&drafts);
    let mut outcome = Outcome::default();
    if options.write_service {
        outcome
            .import
            .files
            .push((PathBuf::from(SERVICE).join("service.yaml"), service_yaml()));
    }
    outcome.import.services.push(SERVICE.to_owned());
    for ((d, lines), file) in drafts.iter().zip(&lines).zip(&files) {
        let mut m = draft::endpoint_mapping(d, &mut writer);
        let mut ctx = Finish {
            file,
            lines,
            warnings: &mut outcome.warnings,
        };
        if let Some(Value::Mapping(request)) = m.get_mut("request") {
            for (section, fields) in [("path", &d.path_params), ("query", &d.query), ("body", &d.body)] {
                if let Some(Value::Mapping(map)) = request.get_mut(section) {
                    ctx.fields(fields, map, section);
                }
            }
        }
        if let (Some(Value::Mapping(response)), draft::Response::Fields(fields)) = (m.get_mut("response"), &d.response)
        {
            if let Some(Value::Mapping(map)) = response.get_mut("fields") {
                ctx.fields(fields, map, "response");
            }
        }
        outcome
            .import
            .files
            .push((draft::endpoint_path(SERVICE, d), draft::endpoint_text(&m, d)));
        outcome.discrepancies.insert(d.id.clone(), d.discrepancies.len());
        d.notes.count_into(&mut outcome.import.approximations);
    }
    outcome.import.endpoints = drafts.len();
    Ok(outcome)
}

/// Reads one page into a draft, refusing other vendors' pages by name.
fn read_page(input: &PageInput) -> Result<build::Built, PageError> {
    if let Some(vendor) = other_vendor(&input.text) {
        return Err(PageError {
            file: input.path.clone(),
            line: None,
            message: format!("this looks like {vendor}; only Feishu/Lark pages are read"),
        });
    }
    if input.text.trim().is_empty() {
        return Err(PageError {
            file: input.path.clone(),
            line: None,
            message: "the page is empty".to_owned(),
        });
    }
    let page = page::read(&input.text);
    build::build(&input.path, &page, input.id.as_deref())
}

/// Which other vendor's page `text` looks like, if it is not a Feishu page.
pub fn other_vendor(text: &str) -> Option<&'static str> {
    let feishu = text.contains("HTTP URL")
        || text.contains("open.feishu.cn")
        || text.contains("open.larksuite.com")
        || text.contains("<md-table");
    if feishu {
        return None;
    }
    let starts = |prefix: &str| text.lines().any(|l| l.trim_start().starts_with(prefix));
    let sangfor = (starts("Path:") || starts("Path：")) && (starts("Method:") || starts("Method："))
        || text.contains("aTrust")
        || text.contains("参数名称 是否必须 示例 备注");
    if sangfor {
        return Some("a Sangfor aTrust API page (`Path:` / `Method:` lines, `参数名称 是否必须 示例 备注` tables)");
    }
    let aliyun = text.contains("OpenAPI Explorer")
        || text.contains("aliyuncs.com")
        || (text.contains("RequestId") && text.contains("Action"));
    if aliyun {
        return Some("an Alibaba Cloud API page (OpenAPI Explorer, `Action` and `RequestId` parameters)");
    }
    None
}

/// The last writing step: enum variant names by the page importer's rule
/// and enum examples (which the shared writer leaves out).
struct Finish<'a> {
    file: &'a str,
    lines: &'a BTreeMap<String, usize>,
    warnings: &'a mut Vec<String>,
}

impl Finish<'_> {
    fn fields(&mut self, fields: &[Field], map: &mut Mapping, place: &str) {
        for field in fields {
            let Some(Value::Mapping(shape)) = map.get_mut(field.wire.as_str()) else {
                continue;
            };
            let path = format!("{place}.{}", field.wire);
            let mut node = &field.node;
            let mut listed = false;
            while let Node::Array(inner) = node {
                node = inner;
                listed = true;
            }
            match node {
                Node::Enum(e) => {
                    let (names, invented) = names::variant_names(&e.values);
                    if let Some(Value::Sequence(entries)) = shape.get_mut("enum") {
                        for (entry, name) in entries.iter_mut().zip(&names) {
                            if let Value::Mapping(entry) = entry {
                                entry.insert(draft::s("name"), draft::s(name));
                            }
                        }
                    }
                    if invented {
                        let at = match self.lines.get(&path) {
                            Some(line) => format!("{}:{line}", self.file),
                            None => self.file.to_owned(),
                        };
                        self.warnings.push(format!(
                            "{at}: {path}: a value has no ASCII label, so its variant name was made from the value ({})",
                            names.join(", ")
                        ));
                    }
                    if let Some(example) = field.example.as_deref().filter(|_| !listed) {
                        let typed = match example.trim().parse::<i64>() {
                            Ok(n) if e.integer => Value::Number(n.into()),
                            _ => draft::s(example),
                        };
                        shape.insert(draft::s("example"), typed);
                    }
                }
                Node::Object(children) => {
                    if let Some(Value::Mapping(sub)) = shape.get_mut("fields") {
                        self.fields(children, sub, &path);
                    }
                }
                _ => {}
            }
        }
    }
}

/// The service file written beside imported pages when the output has none,
/// before the envelope ([`FEISHU_PROFILE`], the `feishu` profile's): the two
/// token schemes, nothing else.
const SERVICE_HEAD: &str = r#"service: feishu
title: Feishu / Lark Open Platform
description: 飞书开放平台服务端 API（Lark 为其国际版，接口相同、域名不同）。由 apigen import feishu-page 写出的最小服务文件。
docs_url: https://open.feishu.cn/document/server-docs/api-call-guide/calling-process/overview
base_urls:
  - name: feishu
    url: https://open.feishu.cn
    default: true
    description: 飞书（中国大陆）
  - name: lark
    url: https://open.larksuite.com
    description: Lark（国际版）
auth:
  tenant_access_token:
    kind: bearer
    token_type: tenant
    description: 应用以自身身份调用，值格式 "Bearer t-..."
  user_access_token:
    kind: bearer
    token_type: user
    description: 应用代表用户调用，值格式 "Bearer u-..."
"#;

/// The whole minimal service file.
pub fn service_yaml() -> String {
    format!("{SERVICE_HEAD}{FEISHU_PROFILE}")
}
