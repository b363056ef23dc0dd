//! An endpoint as an importer has read it, and how drafts become spec
//! files: shared by every importer, so each only reads its own format.

use std::collections::HashSet;
use std::path::PathBuf;

use serde_yaml::{Mapping, Value};

use super::node::{Field, Interner, Node, Writer};
use super::Notes;
use crate::naming::type_name;

/// An endpoint read from the input.
#[derive(Debug, Default)]
pub struct Draft {
    /// snake_case id (made unique in its service when written).
    pub id: String,
    /// One-line summary.
    pub summary: String,
    /// Longer text.
    pub description: Option<String>,
    /// The vendor's page.
    pub source_url: Option<String>,
    /// `GET`, `POST`, …
    pub method: String,
    /// Other methods the endpoint takes.
    pub also_accepts: Vec<String>,
    /// Path template.
    pub path: String,
    /// RPC action.
    pub action: Option<String>,
    /// Accepted auth schemes, in order.
    pub auth: Vec<String>,
    /// Whether repeating the call is safe.
    pub idempotent: Option<bool>,
    /// Path parameters.
    pub path_params: Vec<Field>,
    /// Query parameters.
    pub query: Vec<Field>,
    /// JSON body fields.
    pub body: Vec<Field>,
    /// Form body fields.
    pub form: Vec<Field>,
    /// Multipart parts.
    pub multipart: Vec<Field>,
    /// Exclusive groups of request fields.
    pub one_of: Vec<OneOf>,
    /// A tagged union of the request's fields.
    pub variants: Option<Variants>,
    /// The payload.
    pub response: Response,
    /// How it pages.
    pub pagination: Option<Paging>,
    /// Documented errors.
    pub errors: Vec<ErrorRow>,
    /// Reply examples: `(name, JSON text)`.
    pub examples: Vec<(String, String)>,
    /// What had to be approximated.
    pub notes: Notes,
    /// The seed file the page was saved as (`provenance.seed`).
    pub seed: Option<String>,
    /// The page's date, `YYYY-MM-DD` (`provenance.last_updated`).
    pub last_updated: Option<String>,
    /// Permission scopes, any one of which allows the call.
    pub scopes: Vec<String>,
    /// The documented rate limit.
    pub rate_limit: Option<RateLimit>,
    /// App kinds allowed to call it, in the vendor's ids (`custom`, `isv`).
    pub app_types: Vec<String>,
    /// The page's own words for the app kinds, written as a comment beside `app_types`.
    pub app_types_comment: Option<String>,
    /// Fixed request headers other than auth.
    pub headers: Vec<Header>,
    /// Troubleshooting hints, by index into `errors` (a missing entry is no hint).
    pub error_hints: Vec<Option<String>>,
    /// Examples with a request, a description or a correction, written after `examples`.
    pub page_examples: Vec<Example>,
    /// Contradictions in the page, and what the draft chose.
    pub discrepancies: Vec<Discrepancy>,
}

/// A documented rate limit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RateLimit {
    /// Calls per second (greater than 0).
    pub per_second: u32,
    /// The page that documents it.
    pub doc_url: Option<String>,
}

/// A fixed request header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    /// Its name (`Content-Type`).
    pub name: String,
    /// Its value.
    pub value: String,
    /// The page's words about it.
    pub description: Option<String>,
}

/// An example from the page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Example {
    /// snake_case name, unique in the endpoint.
    pub name: String,
    /// What it shows.
    pub description: Option<String>,
    /// A request body (JSON text).
    pub request_body: Option<String>,
    /// A full reply (JSON text).
    pub response: Option<String>,
    /// What was changed from the page's text, if anything.
    pub corrected: Option<String>,
}

/// A contradiction in the vendor's page (`discrepancies:` in a spec).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Discrepancy {
    /// What it concerns.
    pub subject: String,
    /// What the page says.
    pub page: String,
    /// What the spec chose, and why.
    pub resolution: String,
}

/// The payload.
#[derive(Debug)]
pub enum Response {
    /// JSON fields.
    Fields(Vec<Field>),
    /// The reply body is a file.
    File,
}

impl Default for Response {
    fn default() -> Self {
        Response::Fields(Vec::new())
    }
}

/// The paging shapes the spec format knows.
#[derive(Debug)]
pub enum Paging {
    /// Feishu's `page_token` / `has_more`.
    Cursor {
        /// Request cursor.
        cursor: String,
        /// Reply's next cursor.
        next: String,
        /// Reply's has-more flag.
        has_more: String,
        /// Reply's items.
        items: String,
    },
    /// `PageNumber` / `PageSize` / `TotalCount`.
    PageNumber {
        /// Request page number.
        page: String,
        /// Request page size.
        size: Option<String>,
        /// Reply's total.
        total: String,
        /// Reply's items.
        items: String,
    },
    /// `NextToken` / `MaxResults`.
    Token {
        /// Request token.
        token: String,
        /// Request page size.
        size: Option<String>,
        /// Reply's next token.
        next: String,
        /// Reply's items.
        items: String,
    },
}

/// Request fields of which exactly one (or at most one) is given.
#[derive(Debug)]
pub struct OneOf {
    /// The Rust field holding the choice.
    pub field: String,
    /// Its type's name.
    pub name: String,
    /// Wire names of the members.
    pub members: Vec<String>,
    /// Whether one must be given.
    pub required: bool,
}

/// A tagged union: the tag's value says which fields belong.
#[derive(Debug)]
pub struct Variants {
    /// Wire name of the tag (an enum field).
    pub tag: String,
    /// The Rust field holding the union.
    pub field: String,
    /// Its type's name.
    pub name: String,
    /// The cases.
    pub cases: Vec<Case>,
}

/// One case of a tagged union.
#[derive(Debug)]
pub struct Case {
    /// Variant names of the tag values it covers.
    pub when: Vec<String>,
    /// Its type's name.
    pub name: String,
    /// Wire names of its fields.
    pub fields: Vec<String>,
    /// Those of them that must be present.
    pub required: Vec<String>,
}

/// A documented error.
#[derive(Debug)]
pub struct ErrorRow {
    /// The vendor's code (text).
    pub code: String,
    /// Whether the service's codes are integers (the code is written as a number).
    pub integer: bool,
    /// Statuses it is listed under.
    pub statuses: Vec<u16>,
    /// The vendor's message.
    pub message: String,
    /// The variant name.
    pub name: String,
}

impl Draft {
    /// Every field of the request and the payload.
    pub fn fields(&self) -> impl Iterator<Item = &Field> {
        let response: &[Field] = match &self.response {
            Response::Fields(fields) => fields,
            Response::File => &[],
        };
        self.path_params
            .iter()
            .chain(&self.query)
            .chain(&self.body)
            .chain(&self.form)
            .chain(&self.multipart)
            .chain(response)
    }
}

/// Names of input types that `fields` refer to.
pub fn named_types<'f>(fields: impl Iterator<Item = &'f Field>, out: &mut Vec<String>) {
    fn walk(node: &Node, out: &mut Vec<String>) {
        match node {
            Node::Named(name) => out.push(name.clone()),
            Node::Array(inner) | Node::Map(inner) => walk(inner, out),
            Node::Object(fields) => fields.iter().for_each(|f| walk(&f.node, out)),
            _ => {}
        }
    }
    fields.for_each(|f| walk(&f.node, out));
}

/// Ids unique in the service (`_2`, `_3` after the first), in order.
pub fn unique_ids(drafts: &mut [Draft]) {
    let mut ids = HashSet::new();
    for draft in drafts {
        let base = draft.id.clone();
        let mut n = 2;
        while !ids.insert(draft.id.clone()) {
            draft.id = format!("{base}_{n}");
            n += 1;
        }
    }
}

/// A writer for one service's drafts: every shape counted, and the names the
/// generator derives for each endpoint (and `more`) taken.
pub fn writer_for(drafts: &[Draft], more: impl IntoIterator<Item = String>) -> Writer {
    let mut reserved: Vec<String> = ["Client", "CommonError", "Error", "Service"]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
    for draft in drafts {
        let base = type_name(&draft.id);
        reserved.extend([
            format!("{base}Request"),
            format!("{base}Response"),
            format!("{base}Error"),
            base,
        ]);
        reserved.extend(draft.one_of.iter().map(|g| g.name.clone()));
        if let Some(v) = &draft.variants {
            reserved.push(v.name.clone());
            reserved.extend(v.cases.iter().map(|c| c.name.clone()));
        }
    }
    reserved.extend(more);
    let mut interner = Interner::default();
    for draft in drafts {
        for field in draft.fields() {
            interner.count(&field.node);
        }
    }
    Writer::new(interner, reserved)
}

/// A writer that writes every shape inline, in its endpoint: for drafts
/// written beside a service file the import does not rewrite (no shared
/// `types:` to add to), with the names the generator derives for each
/// endpoint taken.
pub fn inline_writer(drafts: &[Draft]) -> Writer {
    let mut reserved: Vec<String> = Vec::new();
    for draft in drafts {
        let base = type_name(&draft.id);
        reserved.extend([
            format!("{base}Request"),
            format!("{base}Response"),
            format!("{base}Error"),
            base,
        ]);
    }
    Writer::new(Interner::default(), reserved)
}

/// `<service>/endpoints/<id>.yaml`.
pub fn endpoint_path(service: &str, draft: &Draft) -> PathBuf {
    PathBuf::from(service)
        .join("endpoints")
        .join(format!("{}.yaml", draft.id))
}

/// A list of strings.
fn strings(items: &[String]) -> Value {
    Value::Sequence(items.iter().map(|i| s(i)).collect())
}

/// A mapping key or a string value.
pub fn s(text: &str) -> Value {
    Value::String(text.to_owned())
}

/// The endpoint file as a mapping, keys in the order specs write them.
pub fn endpoint_mapping(draft: &Draft, writer: &mut Writer) -> Mapping {
    let base = type_name(&draft.id);
    let request_name = format!("{base}Request");
    let mut m = Mapping::new();
    m.insert(s("id"), s(&draft.id));
    m.insert(s("summary"), s(&draft.summary));
    if let Some(d) = &draft.description {
        m.insert(s("description"), s(d));
    }
    let mut provenance = Mapping::new();
    if let Some(seed) = &draft.seed {
        provenance.insert(s("seed"), s(seed));
    }
    if let Some(url) = &draft.source_url {
        provenance.insert(s("source_url"), s(url));
    }
    if let Some(date) = &draft.last_updated {
        provenance.insert(s("last_updated"), s(date));
    }
    m.insert(s("provenance"), Value::Mapping(provenance));
    m.insert(s("method"), s(&draft.method));
    if !draft.also_accepts.is_empty() {
        m.insert(
            s("also_accepts"),
            Value::Sequence(draft.also_accepts.iter().map(|a| s(a)).collect()),
        );
    }
    m.insert(s("path"), s(&draft.path));
    if let Some(action) = &draft.action {
        m.insert(s("action"), s(action));
    }
    let auth = match draft.auth.as_slice() {
        [one] => s(one),
        many => Value::Sequence(many.iter().map(|a| s(a)).collect()),
    };
    m.insert(s("auth"), auth);
    if !draft.scopes.is_empty() {
        m.insert(s("scopes"), strings(&draft.scopes));
    }
    if let Some(limit) = &draft.rate_limit {
        let mut r = Mapping::new();
        r.insert(s("per_second"), Value::Number(limit.per_second.into()));
        if let Some(url) = &limit.doc_url {
            r.insert(s("doc_url"), s(url));
        }
        m.insert(s("rate_limit"), Value::Mapping(r));
    }
    if let Some(idempotent) = draft.idempotent {
        m.insert(s("idempotent"), Value::Bool(idempotent));
    }
    if !draft.app_types.is_empty() {
        m.insert(s("app_types"), strings(&draft.app_types));
    }
    let mut request = Mapping::new();
    if !draft.headers.is_empty() {
        let mut headers = Mapping::new();
        for header in &draft.headers {
            let mut h = Mapping::new();
            h.insert(s("value"), s(&header.value));
            if let Some(d) = &header.description {
                h.insert(s("description"), s(d));
            }
            headers.insert(s(&header.name), Value::Mapping(h));
        }
        request.insert(s("headers"), Value::Mapping(headers));
    }
    for (section, fields) in [
        ("path", &draft.path_params),
        ("query", &draft.query),
        ("body", &draft.body),
        ("form", &draft.form),
        ("multipart", &draft.multipart),
    ] {
        if !fields.is_empty() {
            request.insert(s(section), Value::Mapping(writer.fields(&request_name, fields)));
        }
    }
    if !draft.one_of.is_empty() {
        let groups = draft.one_of.iter().map(|g| {
            let mut e = Mapping::new();
            e.insert(s("field"), s(&g.field));
            e.insert(s("name"), s(&g.name));
            e.insert(s("members"), strings(&g.members));
            e.insert(s("required"), Value::Bool(g.required));
            Value::Mapping(e)
        });
        request.insert(s("one_of"), Value::Sequence(groups.collect()));
    }
    if let Some(v) = &draft.variants {
        let mut e = Mapping::new();
        e.insert(s("tag"), s(&v.tag));
        e.insert(s("field"), s(&v.field));
        e.insert(s("name"), s(&v.name));
        let cases = v.cases.iter().map(|c| {
            let mut case = Mapping::new();
            case.insert(s("when"), strings(&c.when));
            case.insert(s("name"), s(&c.name));
            case.insert(s("fields"), strings(&c.fields));
            if !c.required.is_empty() {
                case.insert(s("required"), strings(&c.required));
            }
            Value::Mapping(case)
        });
        e.insert(s("cases"), Value::Sequence(cases.collect()));
        request.insert(s("variants"), Value::Mapping(e));
    }
    if !request.is_empty() {
        m.insert(s("request"), Value::Mapping(request));
    }
    if let Some(paging) = &draft.pagination {
        m.insert(s("pagination"), Value::Mapping(paging_yaml(paging)));
    }
    let mut response = Mapping::new();
    match &draft.response {
        Response::File => {
            response.insert(s("file"), Value::Bool(true));
        }
        Response::Fields(fields) => {
            response.insert(
                s("fields"),
                Value::Mapping(writer.fields(&format!("{base}Response"), fields)),
            );
        }
    }
    m.insert(s("response"), Value::Mapping(response));
    if !draft.errors.is_empty() {
        m.insert(
            s("errors"),
            Value::Sequence(
                draft
                    .errors
                    .iter()
                    .enumerate()
                    .map(|(i, row)| error_yaml(row, draft.error_hints.get(i).and_then(Option::as_deref)))
                    .collect(),
            ),
        );
    }
    if !draft.examples.is_empty() || !draft.page_examples.is_empty() {
        let examples = draft.examples.iter().map(|(name, response)| {
            let mut e = Mapping::new();
            e.insert(s("name"), s(name));
            e.insert(s("response"), s(response));
            Value::Mapping(e)
        });
        let more = draft.page_examples.iter().map(example_yaml);
        m.insert(s("examples"), Value::Sequence(examples.chain(more).collect()));
    }
    if !draft.discrepancies.is_empty() {
        let entries = draft.discrepancies.iter().map(|d| {
            let mut e = Mapping::new();
            e.insert(s("subject"), s(&d.subject));
            e.insert(s("page"), s(&d.page));
            e.insert(s("resolution"), s(&d.resolution));
            Value::Mapping(e)
        });
        m.insert(s("discrepancies"), Value::Sequence(entries.collect()));
    }
    if !draft.notes.is_empty() {
        m.insert(
            s("notes"),
            Value::Sequence(draft.notes.lines().iter().map(|l| s(l)).collect()),
        );
    }
    m
}

/// The endpoint file.
pub fn endpoint_yaml(draft: &Draft, writer: &mut Writer) -> String {
    endpoint_text(&endpoint_mapping(draft, writer), draft)
}

/// The text of an endpoint file written by [`endpoint_mapping`] (perhaps
/// edited since): YAML, with the page's words for the app kinds as a
/// comment beside `app_types`.
pub fn endpoint_text(m: &Mapping, draft: &Draft) -> String {
    let text = serde_yaml::to_string(&Value::Mapping(m.clone())).unwrap_or_default();
    match draft
        .app_types_comment
        .as_deref()
        .map(one_line)
        .filter(|c| !c.is_empty())
    {
        Some(comment) => text.replacen("\napp_types:\n", &format!("\napp_types: # the page: {comment}\n"), 1),
        None => text,
    }
}

/// Text on one line, for a YAML comment.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn example_yaml(example: &Example) -> Value {
    let mut e = Mapping::new();
    e.insert(s("name"), s(&example.name));
    if let Some(d) = &example.description {
        e.insert(s("description"), s(d));
    }
    if let Some(c) = &example.corrected {
        e.insert(s("corrected"), s(c));
    }
    if let Some(body) = &example.request_body {
        let mut r = Mapping::new();
        r.insert(s("body"), s(body));
        e.insert(s("request"), Value::Mapping(r));
    }
    if let Some(response) = &example.response {
        e.insert(s("response"), s(response));
    }
    Value::Mapping(e)
}

fn paging_yaml(paging: &Paging) -> Mapping {
    let mut p = Mapping::new();
    let mut put = |k: &str, v: &str| {
        p.insert(s(k), s(v));
    };
    match paging {
        Paging::Cursor {
            cursor,
            next,
            has_more,
            items,
        } => {
            put("style", "cursor");
            put("cursor", cursor);
            put("next", next);
            put("has_more", has_more);
            put("items", items);
        }
        Paging::PageNumber {
            page,
            size,
            total,
            items,
        } => {
            put("style", "page_number");
            put("page", page);
            if let Some(size) = size {
                put("size", size);
            }
            put("total", total);
            put("items", items);
        }
        Paging::Token {
            token,
            size,
            next,
            items,
        } => {
            put("style", "token");
            put("token", token);
            if let Some(size) = size {
                put("size", size);
            }
            put("next", next);
            put("items", items);
        }
    }
    p
}

fn error_yaml(row: &ErrorRow, hint: Option<&str>) -> Value {
    let mut e = Mapping::new();
    let code = match row.code.parse::<i64>() {
        Ok(n) if row.integer => Value::Number(n.into()),
        _ => s(&row.code),
    };
    e.insert(s("code"), code);
    e.insert(s("name"), s(&row.name));
    let status = match row.statuses.as_slice() {
        [] => None,
        [one] => Some(Value::Number((*one).into())),
        many => Some(Value::Sequence(
            many.iter().map(|n| Value::Number((*n).into())).collect(),
        )),
    };
    if let Some(status) = status {
        e.insert(s("http_status"), status);
    }
    e.insert(s("message"), s(&row.message));
    // Each `%s`/`%d` of the message needs a name for the value the server fills in.
    let placeholders = row.message.matches("%s").count() + row.message.matches("%d").count();
    if placeholders > 0 {
        let names = (1..=placeholders).map(|i| {
            if placeholders == 1 {
                s("value")
            } else {
                s(&format!("value{i}"))
            }
        });
        e.insert(s("fields"), Value::Sequence(names.collect()));
    }
    if let Some(hint) = hint {
        e.insert(s("hint"), s(hint));
    }
    Value::Mapping(e)
}
