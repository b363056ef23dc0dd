//! The HTML Feishu embeds in Markdown (`:::html` … `:::`): `md-table` and
//! `md-dt-table` tables (the latter with a `level` per row) and
//! `md-code-json` examples. A tolerant reader: unknown tags are skipped,
//! their text kept, and an unclosed tag is text.
//!
//! A cell's text keeps what the Markdown form writes in words: an
//! `md-enum-item key="K"` becomes a line `- K：label`, an `md-perm
//! name="scope"` becomes `label(scope)`, and `md-app-support types="…"`
//! its types.

use super::table::{Cell, Row, Table};

/// What an HTML block holds.
#[derive(Debug, Default)]
pub struct Block {
    /// Its tables.
    pub tables: Vec<Table>,
    /// Its code examples: `(first line, text)`.
    pub code: Vec<(usize, String)>,
    /// Problems met: `(line, message)`.
    pub problems: Vec<(usize, String)>,
}

/// A piece of the block.
#[derive(Debug)]
enum Token {
    /// `<name attrs>` or `</name>`.
    Tag {
        name: String,
        attrs: Vec<(String, String)>,
        close: bool,
        line: usize,
    },
    /// Text on one line; `starts_line` when a line break came before it.
    Text {
        text: String,
        line: usize,
        starts_line: bool,
    },
    /// The raw text of a code element.
    Code { text: String, line: usize },
}

/// Reads a block whose first line is page line `first`.
pub fn read_block(text: &str, first: usize) -> Block {
    let mut block = Block::default();
    let tokens = tokenize(text, first, &mut block.problems);
    build(&tokens, &mut block);
    block
}

/// Page lines of a block's bytes: where each line starts, found once, so a
/// byte's line is a binary search (counting newlines from the start for
/// each tag made a block of n rows cost n² steps).
struct Lines {
    /// Byte offsets just after each `\n`.
    starts: Vec<usize>,
    /// The page line the text starts on.
    first: usize,
}

impl Lines {
    fn new(text: &str, first: usize) -> Lines {
        let starts = text.match_indices('\n').map(|(i, _)| i.saturating_add(1)).collect();
        Lines { starts, first }
    }

    /// Page line of byte `at`.
    fn at(&self, at: usize) -> usize {
        self.first
            .saturating_add(self.starts.partition_point(|&start| start <= at))
    }
}

fn tokenize(text: &str, first: usize, problems: &mut Vec<(usize, String)>) -> Vec<Token> {
    let lines = Lines::new(text, first);
    let mut tokens = Vec::new();
    let mut at = 0usize;
    while at < text.len() {
        let rest = text.get(at..).unwrap_or("");
        let Some(lt) = rest.find('<') else {
            push_text(&mut tokens, rest, lines.at(at));
            break;
        };
        if lt > 0 {
            push_text(&mut tokens, rest.get(..lt).unwrap_or(""), lines.at(at));
        }
        let tag_start = at.saturating_add(lt);
        let tag_text = text.get(tag_start..).unwrap_or("");
        let line = lines.at(tag_start);
        if let Some(comment) = tag_text.strip_prefix("<!--") {
            let end = comment.find("-->").map_or(text.len(), |e| {
                tag_start.saturating_add(4).saturating_add(e).saturating_add(3)
            });
            at = end;
            continue;
        }
        let is_tag = tag_text
            .chars()
            .nth(1)
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '/');
        let end = if is_tag { tag_end(tag_text) } else { None };
        let Some(end) = end else {
            if is_tag {
                problems.push((line, "a tag is not closed with `>`; read as text".to_owned()));
            }
            push_text(&mut tokens, "<", line);
            at = tag_start.saturating_add(1);
            continue;
        };
        let inner = tag_text.get(1..end).unwrap_or("");
        at = tag_start.saturating_add(end).saturating_add(1);
        let (name, attrs, close) = parse_tag(inner);
        if !close && name.starts_with("md-code") {
            let closing = format!("</{name}>");
            let body = text.get(at..).unwrap_or("");
            let (code, skip) = match body.find(&closing) {
                Some(e) => (body.get(..e).unwrap_or(""), e.saturating_add(closing.len())),
                None => {
                    problems.push((line, format!("<{name}> is never closed; read to the end of the block")));
                    (body, body.len())
                }
            };
            let leading = code.len().saturating_sub(code.trim_start_matches(['\n', '\r']).len());
            tokens.push(Token::Code {
                text: decode_entities(code.trim_start_matches(['\n', '\r']).trim_end()),
                line: line.saturating_add(code.get(..leading).map_or(0, |l| l.matches('\n').count())),
            });
            at = at.saturating_add(skip);
            continue;
        }
        tokens.push(Token::Tag {
            name,
            attrs,
            close,
            line,
        });
    }
    tokens
}

/// The index of the `>` ending the tag that starts `text`, outside quotes.
fn tag_end(text: &str) -> Option<usize> {
    let mut quote: Option<char> = None;
    for (i, c) in text.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '>') => return Some(i),
            (None, '<') if i > 0 => return None,
            _ => {}
        }
    }
    None
}

/// `name`, attributes and whether it closes, from the text between `<` and `>`.
fn parse_tag(inner: &str) -> (String, Vec<(String, String)>, bool) {
    let inner = inner.trim().trim_end_matches('/');
    let (close, inner) = match inner.strip_prefix('/') {
        Some(rest) => (true, rest),
        None => (false, inner),
    };
    let name_end = inner.find(|c: char| c.is_whitespace()).unwrap_or(inner.len());
    let name = inner.get(..name_end).unwrap_or("").to_ascii_lowercase();
    let mut attrs = Vec::new();
    let mut rest = inner.get(name_end..).unwrap_or("").trim_start();
    while !rest.is_empty() {
        let key_end = rest.find(|c: char| c == '=' || c.is_whitespace()).unwrap_or(rest.len());
        let key = rest.get(..key_end).unwrap_or("").to_ascii_lowercase();
        rest = rest.get(key_end..).unwrap_or("").trim_start();
        let mut value = String::new();
        if let Some(after) = rest.strip_prefix('=') {
            let after = after.trim_start();
            match after.chars().next() {
                Some(q @ ('"' | '\'')) => {
                    let body = after.get(1..).unwrap_or("");
                    let close_at = body.find(q).unwrap_or(body.len());
                    value = body.get(..close_at).unwrap_or("").to_owned();
                    rest = body.get(close_at.saturating_add(1)..).unwrap_or("");
                }
                _ => {
                    let end = after.find(char::is_whitespace).unwrap_or(after.len());
                    value = after.get(..end).unwrap_or("").to_owned();
                    rest = after.get(end..).unwrap_or("");
                }
            }
        }
        if !key.is_empty() {
            attrs.push((key, decode_entities(&value)));
        }
        rest = rest.trim_start();
        if key_end == 0 && value.is_empty() {
            // A stray character: skip it so the loop advances.
            let mut chars = rest.chars();
            chars.next();
            rest = chars.as_str();
        }
    }
    (name, attrs, close)
}

/// Text tokens, one per line of `text` (which starts on page line `line`).
fn push_text(tokens: &mut Vec<Token>, text: &str, line: usize) {
    for (i, piece) in text.split('\n').enumerate() {
        tokens.push(Token::Text {
            text: decode_entities(piece),
            line: line.saturating_add(i),
            starts_line: i > 0,
        });
    }
}

/// `&lt;`, `&gt;`, `&amp;`, `&quot;`, `&#39;`, `&nbsp;` and numeric references.
pub fn decode_entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(rest.get(..amp).unwrap_or(""));
        let after = rest.get(amp..).unwrap_or("");
        let semi = after.find(';').filter(|&s| s <= 10);
        let decoded = semi.and_then(|s| {
            let name = after.get(1..s)?;
            let c = match name {
                "lt" => '<',
                "gt" => '>',
                "amp" => '&',
                "quot" => '"',
                "apos" => '\'',
                "nbsp" => ' ',
                "emsp" => '\u{2003}',
                _ => {
                    let number = name.strip_prefix('#')?;
                    let code = match number.strip_prefix(['x', 'X']) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                        None => number.parse().ok()?,
                    };
                    char::from_u32(code)?
                }
            };
            Some((c, s))
        });
        match decoded {
            Some((c, s)) => {
                out.push(c);
                rest = after.get(s.saturating_add(1)..).unwrap_or("");
            }
            None => {
                out.push('&');
                rest = after.get(1..).unwrap_or("");
            }
        }
    }
    out.push_str(rest);
    out
}

fn attr<'a>(attrs: &'a [(String, String)], key: &str) -> Option<&'a str> {
    attrs.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
}

/// A cell being read: its lines, and the text of the line being written.
#[derive(Default)]
struct OpenCell {
    cell: Cell,
    buf: String,
    line: usize,
    perm: Option<String>,
}

impl OpenCell {
    fn flush(&mut self) {
        let text = std::mem::take(&mut self.buf);
        self.cell.push(self.line, &text);
    }

    fn text(&mut self, text: &str, line: usize, starts_line: bool) {
        if starts_line {
            self.flush();
        }
        if self.buf.trim().is_empty() {
            self.line = line;
        }
        self.buf.push_str(text);
    }

    fn newline(&mut self, line: usize) {
        self.flush();
        self.line = line;
    }
}

fn build(tokens: &[Token], block: &mut Block) {
    let mut table: Option<Table> = None;
    let mut in_head = false;
    let mut row: Option<(Row, bool)> = None;
    let mut cell: Option<OpenCell> = None;
    for token in tokens {
        match token {
            Token::Code { text, line } => block.code.push((*line, text.clone())),
            Token::Text {
                text,
                line,
                starts_line,
            } => {
                if let Some(c) = cell.as_mut() {
                    c.text(text, *line, *starts_line);
                }
            }
            Token::Tag {
                name,
                attrs,
                close,
                line,
            } => {
                let name = name.as_str();
                match (name, *close) {
                    ("md-table" | "md-dt-table" | "table", false) => {
                        table = Some(Table {
                            line: *line,
                            ..Table::default()
                        });
                    }
                    ("md-table" | "md-dt-table" | "table", true) => {
                        if let Some(t) = table.take() {
                            block.tables.push(t);
                        }
                    }
                    ("md-thead" | "md-dt-thead" | "thead", open) => in_head = !open,
                    ("md-tr" | "md-dt-tr" | "tr", false) => {
                        let level = attr(attrs, "level").and_then(|l| l.trim().parse().ok());
                        row = Some((
                            Row {
                                line: *line,
                                level,
                                cells: Vec::new(),
                            },
                            in_head,
                        ));
                    }
                    ("md-tr" | "md-dt-tr" | "tr", true) => {
                        if let (Some((r, head)), Some(t)) = (row.take(), table.as_mut()) {
                            if head {
                                t.header = r.cells.iter().map(Cell::text).collect();
                                t.line = r.line;
                            } else {
                                t.rows.push(r);
                            }
                        }
                    }
                    ("md-th" | "md-td" | "md-dt-th" | "md-dt-td" | "th" | "td", false) => {
                        cell = Some(OpenCell {
                            line: *line,
                            ..OpenCell::default()
                        });
                    }
                    ("md-th" | "md-td" | "md-dt-th" | "md-dt-td" | "th" | "td", true) => {
                        if let Some(mut c) = cell.take() {
                            c.flush();
                            if let Some((r, _)) = row.as_mut() {
                                r.cells.push(c.cell);
                            }
                        }
                    }
                    (_, _) => {
                        if let Some(c) = cell.as_mut() {
                            inline_tag(c, name, attrs, *close, *line);
                        }
                    }
                }
            }
        }
    }
    if let Some(t) = table.take() {
        block
            .problems
            .push((t.line, "a table is not closed; read to the end of the block".to_owned()));
        block.tables.push(t);
    }
}

/// A tag inside a cell.
fn inline_tag(c: &mut OpenCell, name: &str, attrs: &[(String, String)], close: bool, line: usize) {
    match (name, close) {
        ("md-enum-item", false) => {
            c.newline(line);
            c.buf.push_str(&format!("- {}：", attr(attrs, "key").unwrap_or("")));
        }
        ("md-enum-item" | "md-enum" | "p" | "div" | "li" | "br" | "md-tooltip", _) => {
            c.newline(line);
            if name == "li" && !close {
                c.buf.push_str("- ");
            }
        }
        ("md-perm", false) => {
            c.perm = attr(attrs, "name").map(str::to_owned);
        }
        ("md-perm", true) => {
            if let Some(scope) = c.perm.take() {
                c.buf.push_str(&format!("({scope})"));
            }
        }
        ("md-app-support", false) => {
            if let Some(types) = attr(attrs, "types") {
                c.buf.push_str(types);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_dt_table_keeps_levels_enum_items_and_lines() {
        let text = "<md-dt-table>\n<md-dt-thead><md-dt-tr><md-dt-th>名称</md-dt-th><md-dt-th>描述</md-dt-th></md-dt-tr></md-dt-thead>\n<md-dt-tbody>\n<md-dt-tr level=\"1\">\n<md-dt-td><md-text type=\"field-name\">kind</md-text></md-dt-td>\n<md-dt-td>种类\n**可选值有**：\n<md-enum><md-enum-item key=\"a\">甲 &amp; 乙</md-enum-item></md-enum></md-dt-td>\n</md-dt-tr>\n</md-dt-tbody></md-dt-table>\n<md-code-json>{\"a\": 1}</md-code-json>";
        let block = read_block(text, 10);
        assert!(block.problems.is_empty(), "{:?}", block.problems);
        let table = &block.tables[0];
        assert_eq!(table.header, ["名称", "描述"]);
        assert_eq!(table.rows[0].level, Some(1));
        assert_eq!(table.rows[0].line, 13);
        assert_eq!(table.rows[0].cells[0].text(), "kind");
        let lines: Vec<&str> = table.rows[0].cells[1].lines.iter().map(|(_, t)| t.as_str()).collect();
        assert_eq!(lines, ["种类", "**可选值有**：", "- a：甲 & 乙"]);
        assert_eq!(block.code, vec![(20, "{\"a\": 1}".to_owned())]);
    }

    #[test]
    fn garbage_is_text_not_a_panic() {
        for text in [
            "<",
            "<md-table",
            "<md-td a=\"",
            "&#xFFFFFFFF;",
            "<md-code-json>{",
            "</>",
            "< >",
        ] {
            let _ = read_block(text, 1);
        }
    }
}
