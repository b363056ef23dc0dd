//! A saved page as a whole: its front matter (YAML between `---` lines, or
//! `key: value` lines in an HTML comment), its `#` title, the text under
//! it, and its sections (one per heading) with their tables and code
//! blocks, every piece with its page line.

use super::html;
use super::markdown;
use super::table::Table;

/// A value and the page line it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located<T> {
    /// 1-based page line.
    pub line: usize,
    /// The value.
    pub value: T,
}

/// What the front matter says.
#[derive(Debug, Default)]
pub struct Meta {
    /// `title`.
    pub title: Option<Located<String>>,
    /// `source_url` or `source`.
    pub source_url: Option<Located<String>>,
    /// `last_remote_update` (`YYYY-MM-DD`).
    pub date: Option<Located<String>>,
    /// `updatedAt` or `last_remote_update_timestamp`, in milliseconds.
    pub updated_ms: Option<Located<i64>>,
}

/// A section: a heading and what follows it up to the next heading.
#[derive(Debug, Default)]
pub struct Section {
    /// The heading's level (`##` is 2).
    pub level: usize,
    /// The heading's text.
    pub heading: String,
    /// Its page line.
    pub line: usize,
    /// Tables, in order.
    pub tables: Vec<Table>,
    /// Code blocks: first content line and text.
    pub code: Vec<Located<String>>,
}

/// A page, read.
#[derive(Debug, Default)]
pub struct Page {
    /// The front matter.
    pub meta: Meta,
    /// The `#` title.
    pub title: Option<Located<String>>,
    /// The date the page shows (`最后更新于 2025-10-21`).
    pub shown_date: Option<Located<String>>,
    /// Text lines between the title and the first section.
    pub intro: Vec<Located<String>>,
    /// Sections, in order; text before any heading is in none.
    pub sections: Vec<Section>,
    /// Problems met while reading: `(line, message)`.
    pub problems: Vec<(usize, String)>,
}

impl Page {
    /// Sections whose heading contains `word`.
    pub fn sections_named<'p>(&'p self, word: &'p str) -> impl Iterator<Item = &'p Section> + 'p {
        self.sections.iter().filter(move |s| s.heading.contains(word))
    }

    /// Every table of the page.
    pub fn tables(&self) -> impl Iterator<Item = &Table> {
        self.sections.iter().flat_map(|s| &s.tables)
    }
}

/// The lines after `start` up to the one `ends` accepts, and the index after
/// it; `None` (with the end of the page as the index) when no line ends the block.
fn fenced<'t>(lines: &[(usize, &'t str)], start: usize, ends: impl Fn(&str) -> bool) -> (Option<Vec<&'t str>>, usize) {
    let first = start.saturating_add(1);
    let rest = lines.get(first..).unwrap_or_default();
    match rest.iter().position(|&(_, l)| ends(l)) {
        Some(n) => (
            Some(rest.iter().take(n).map(|&(_, l)| l).collect()),
            first.saturating_add(n).saturating_add(1),
        ),
        None => (None, lines.len()),
    }
}

/// Every line after `start`: an unclosed block reads to the end of the page.
fn lines_from<'t>(lines: &[(usize, &'t str)], start: usize) -> Vec<&'t str> {
    lines
        .get(start.saturating_add(1)..)
        .unwrap_or_default()
        .iter()
        .map(|&(_, l)| l)
        .collect()
}

/// Reads a page's text.
pub fn read(text: &str) -> Page {
    let lines: Vec<(usize, &str)> = text
        .lines()
        .enumerate()
        .map(|(i, l)| (i.saturating_add(1), l))
        .collect();
    let mut page = Page::default();
    let mut i = front_matter(&lines, &mut page.meta);
    while let Some(&(no, line)) = lines.get(i) {
        let trimmed = line.trim();
        if trimmed.starts_with("```") {
            let (body, j) = fenced(&lines, i, |l| l.trim().starts_with("```"));
            if body.is_none() {
                page.problems.push((
                    no,
                    "a code block is never closed; read to the end of the page".to_owned(),
                ));
            }
            let body = body.unwrap_or_else(|| lines_from(&lines, i));
            let code = Located {
                line: no.saturating_add(1),
                value: body.join("\n"),
            };
            in_section(&mut page, |s| s.code.push(code));
            i = j;
            continue;
        }
        if trimmed.starts_with(":::") && trimmed.len() > 3 {
            let (body, j) = fenced(&lines, i, |l| l.trim() == ":::");
            if body.is_none() {
                page.problems.push((
                    no,
                    "an HTML block (`:::html`) is never closed; read to the end of the page".to_owned(),
                ));
            }
            let body = body.unwrap_or_else(|| lines_from(&lines, i));
            let block = html::read_block(&body.join("\n"), no.saturating_add(1));
            page.problems.extend(block.problems);
            in_section(&mut page, |s| {
                s.tables.extend(block.tables);
                s.code
                    .extend(block.code.into_iter().map(|(line, value)| Located { line, value }));
            });
            i = j;
            continue;
        }
        if let Some((level, heading)) = heading(trimmed) {
            if level == 1 && page.title.is_none() {
                page.title = Some(Located {
                    line: no,
                    value: heading.to_owned(),
                });
            } else {
                page.sections.push(Section {
                    level,
                    heading: heading.to_owned(),
                    line: no,
                    ..Section::default()
                });
            }
            i = i.saturating_add(1);
            continue;
        }
        if markdown::starts_table(&lines, i) {
            let (table, next, problems) = markdown::read_table(&lines, i);
            page.problems.extend(problems);
            in_section(&mut page, |s| s.tables.push(table));
            i = next.max(i.saturating_add(1));
            continue;
        }
        if let Some(date) = trimmed.strip_prefix("最后更新于") {
            page.shown_date = Some(Located {
                line: no,
                value: date.trim().to_owned(),
            });
        } else if page.sections.is_empty() && page.title.is_some() && !trimmed.is_empty() {
            page.intro.push(Located {
                line: no,
                value: trimmed.to_owned(),
            });
        }
        i = i.saturating_add(1);
    }
    page
}

/// Runs `f` on the last section, made if there is none yet (content before any heading).
fn in_section(page: &mut Page, f: impl FnOnce(&mut Section)) {
    if page.sections.is_empty() {
        page.sections.push(Section::default());
    }
    if let Some(s) = page.sections.last_mut() {
        f(s);
    }
}

/// `## Heading` → `(2, "Heading")`.
fn heading(line: &str) -> Option<(usize, &str)> {
    let level = line.chars().take_while(|c| *c == '#').count();
    if level == 0 || level > 6 {
        return None;
    }
    let rest = line.get(level..)?;
    (rest.starts_with(' ') || rest.is_empty()).then(|| (level, rest.trim().trim_end_matches('#').trim()))
}

/// Reads the front matter; returns the index of the first line after it.
fn front_matter(lines: &[(usize, &str)], meta: &mut Meta) -> usize {
    let Some(start) = lines.iter().position(|(_, l)| !l.trim().is_empty()) else {
        return lines.len();
    };
    let Some(&(_, first)) = lines.get(start) else {
        return lines.len();
    };
    let end_marker = match first.trim() {
        "---" => "---",
        "<!--" => "-->",
        _ => return start,
    };
    let mut i = start.saturating_add(1);
    while let Some(&(no, line)) = lines.get(i) {
        i = i.saturating_add(1);
        if line.trim() == end_marker {
            break;
        }
        let Some((key, value)) = line.split_once(':') else {
            continue;
        };
        let value = value.trim().trim_matches('"').trim_matches('\'').trim().to_owned();
        let at = |value: String| Some(Located { line: no, value });
        match key.trim() {
            "title" => meta.title = at(value),
            "source_url" | "source" => meta.source_url = at(value),
            "last_remote_update" => meta.date = at(value),
            "updatedAt" | "last_remote_update_timestamp" if meta.updated_ms.is_none() => {
                meta.updated_ms = value.parse().ok().map(|value| Located { line: no, value });
            }
            _ => {}
        }
    }
    i
}
