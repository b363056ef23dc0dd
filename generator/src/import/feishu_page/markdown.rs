//! Markdown pipe tables as Feishu saves them: a cell may run over several
//! lines, each but the last ending in a hard break (two spaces); a line
//! after one that does not starts a new row. `\|` is a `|` in a cell, and
//! `\-`, `\_`, … stand for the character.

use super::table::{Cell, Row, Table};

/// Whether `line` is a delimiter row (`---|---`, `| :-- | --: |`).
pub fn is_delimiter(line: &str) -> bool {
    let trimmed = line.trim().trim_start_matches('|').trim_end_matches('|');
    let cells: Vec<&str> = trimmed.split('|').map(str::trim).collect();
    !trimmed.trim().is_empty()
        && cells.iter().all(|c| {
            let inner = c.trim_start_matches(':').trim_end_matches(':');
            !inner.is_empty() && inner.chars().all(|ch| ch == '-')
        })
}

/// Whether a table starts at `lines[i]`: a row with a `|` followed by a delimiter row.
pub fn starts_table(lines: &[(usize, &str)], i: usize) -> bool {
    let head = lines.get(i).is_some_and(|(_, t)| t.contains('|'));
    let next = lines.get(i.saturating_add(1)).is_some_and(|(_, t)| is_delimiter(t));
    head && next
}

/// Whether `line` ends a table: blank, a heading, a fence or an HTML block.
fn ends_table(line: &str) -> bool {
    let t = line.trim_start();
    line.trim().is_empty() || t.starts_with('#') || t.starts_with("```") || t.starts_with(":::")
}

/// Reads the table starting at `lines[start]` (see [`starts_table`]);
/// returns it, the index after it and any problems `(line, message)`.
pub fn read_table(lines: &[(usize, &str)], start: usize) -> (Table, usize, Vec<(usize, String)>) {
    let mut problems = Vec::new();
    let (head_line, head_text) = lines.get(start).copied().unwrap_or((0, ""));
    let header: Vec<String> = split_row(&[(head_line, head_text)]).iter().map(Cell::text).collect();
    let columns = header.len().max(1);
    let mut table = Table {
        line: head_line,
        header,
        rows: Vec::new(),
    };
    let mut i = start.saturating_add(2);
    let mut current: Vec<(usize, &str)> = Vec::new();
    let mut hard_break = false;
    while let Some(&(no, text)) = lines.get(i) {
        if ends_table(text) {
            break;
        }
        let continues = !current.is_empty() && hard_break;
        if !continues && !current.is_empty() {
            table.rows.push(finish_row(&current, columns, &mut problems));
            current.clear();
        }
        current.push((no, text));
        hard_break = text.ends_with("  ");
        i = i.saturating_add(1);
    }
    if !current.is_empty() {
        table.rows.push(finish_row(&current, columns, &mut problems));
    }
    (table, i, problems)
}

/// A row from its physical lines, with exactly `columns` cells.
fn finish_row(lines: &[(usize, &str)], columns: usize, problems: &mut Vec<(usize, String)>) -> Row {
    let line = lines.first().map_or(0, |(n, _)| *n);
    let mut cells = split_row(lines);
    if cells.len() > columns {
        // A `|` inside the last cell: it belongs to that cell.
        let extra: Vec<Cell> = cells.split_off(columns);
        if let Some(last) = cells.last_mut() {
            for cell in extra {
                last.lines.extend(cell.lines);
            }
        }
    }
    if cells.len() < columns {
        problems.push((
            line,
            format!("a table row has {} cell(s) where the header has {columns}", cells.len()),
        ));
        cells.resize(columns, Cell::default());
    }
    let level = cells.first().and_then(|c| indent_level(&c.text()));
    if let (Some(first), Some(_)) = (cells.first_mut(), level) {
        let name = strip_indent(&first.text());
        let no = first.first_line().unwrap_or(line);
        *first = Cell::default();
        first.push(no, &name);
    }
    Row { line, level, cells }
}

/// Splits physical lines into cells at unescaped `|`, keeping each piece's line.
fn split_row(lines: &[(usize, &str)]) -> Vec<Cell> {
    let mut cells = Vec::new();
    let mut cell = Cell::default();
    let whole: String = lines.iter().map(|(_, t)| *t).collect::<Vec<_>>().join("\n");
    let leading = whole.trim_start().starts_with('|');
    let trailing = whole.trim_end().ends_with('|') && !whole.trim_end().ends_with("\\|");
    for (no, text) in lines {
        let mut buf = String::new();
        let mut chars = text.chars();
        while let Some(c) = chars.next() {
            match c {
                '\\' => match chars.next() {
                    Some(next) if next.is_ascii_punctuation() => buf.push(next),
                    Some(next) => {
                        buf.push('\\');
                        buf.push(next);
                    }
                    None => buf.push('\\'),
                },
                '|' => {
                    cell.push(*no, &buf);
                    buf.clear();
                    cells.push(std::mem::take(&mut cell));
                }
                other => buf.push(other),
            }
        }
        cell.push(*no, &buf);
    }
    cells.push(cell);
    if leading && !cells.is_empty() {
        cells.remove(0);
    }
    if trailing && cells.last().is_some_and(|c| c.lines.is_empty()) {
        cells.pop();
    }
    cells
}

/// Indentation markers of a nested row's name.
const INDENTS: [&str; 4] = ["&emsp;", "&nbsp;", "\u{2003}", "\u{a0}"];

/// The nesting depth a Markdown name cell gives: a name written `∟ name`
/// is one level down, and each `&emsp;`/`&nbsp;` (or the character) before
/// the `∟` one more. A name without `∟` gives none.
pub fn indent_level(name: &str) -> Option<usize> {
    let (before, _) = name.split_once('∟')?;
    let mut rest = before;
    let mut units = 0usize;
    loop {
        let trimmed = rest.trim_start_matches(' ');
        match INDENTS.iter().find(|i| trimmed.starts_with(*i)) {
            Some(i) => {
                units = units.saturating_add(1);
                rest = trimmed.get(i.len()..).unwrap_or("");
            }
            None => break,
        }
    }
    Some(units.saturating_add(1))
}

/// The name without its indentation and `∟`.
fn strip_indent(name: &str) -> String {
    let after = name.rsplit_once('∟').map_or(name, |(_, after)| after);
    after.trim().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<(usize, &str)> {
        text.lines().enumerate().map(|(i, l)| (i + 1, l)).collect()
    }

    #[test]
    fn a_cell_runs_over_hard_broken_lines_and_keeps_their_line_numbers() {
        let text = "名称 | 类型 | 描述\n--- | --- | ---\na | int | 第一  \n**示例值**：0\nb | string | x \\| y\n";
        let l = lines(text);
        assert!(starts_table(&l, 0));
        let (table, next, problems) = read_table(&l, 0);
        assert!(problems.is_empty());
        assert_eq!(next, 5);
        assert_eq!(table.rows.len(), 2);
        assert_eq!(
            table.rows[0].cells[2].lines,
            vec![(3, "第一".to_owned()), (4, "**示例值**：0".to_owned())]
        );
        assert_eq!(table.rows[1].cells[2].text(), "x | y");
    }

    #[test]
    fn a_hook_marks_a_nested_row() {
        assert_eq!(indent_level("∟ name"), Some(1));
        assert_eq!(indent_level("&emsp;∟ name"), Some(2));
        assert_eq!(indent_level("name"), None);
        assert_eq!(strip_indent("&emsp;∟ name"), "name");
    }
}
