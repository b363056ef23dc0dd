//! A description cell of a parameter or field table: the words, then the
//! page's marked parts — `**示例值**：…` (example), `**可选值有**：` with
//! `- value：label` lines (enum values), `**默认值**：…`, `**固定值**：…`.

use super::page::Located;
use super::table::Cell;

/// What a description cell says.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Described {
    /// The words before any marked part (and any unmarked words after).
    pub description: Option<String>,
    /// `**示例值**`, unquoted.
    pub example: Option<Located<String>>,
    /// `**默认值**`, unquoted.
    pub default: Option<String>,
    /// `**固定值**`, unquoted.
    pub fixed: Option<String>,
    /// `**可选值有**` entries: `(value, label)`.
    pub values: Vec<Located<(String, Option<String>)>>,
}

/// Where the lines being read belong.
#[derive(PartialEq)]
enum Part {
    Words,
    Values,
    Other,
}

/// Splits `text` at its first `：` (or `:` when it has none).
pub fn split_colon(text: &str) -> Option<(&str, &str)> {
    text.split_once('：').or_else(|| text.split_once(':'))
}

/// A marked line `**key**：value` → `(key, value)`.
fn marker(line: &str) -> Option<(&str, &str)> {
    let rest = line.strip_prefix("**")?;
    let (key, after) = rest.split_once("**")?;
    let after = after.trim_start();
    let value = after
        .strip_prefix('：')
        .or_else(|| after.strip_prefix(':'))
        .unwrap_or(after);
    Some((key.trim().trim_end_matches(['：', ':']), value.trim()))
}

/// A value without its quotes or backticks.
pub fn unquote(text: &str) -> String {
    let t = text.trim();
    for (open, close) in [('"', '"'), ('“', '”'), ('`', '`'), ('\'', '\'')] {
        if let Some(inner) = t.strip_prefix(open).and_then(|r| r.strip_suffix(close)) {
            return inner.to_owned();
        }
    }
    t.to_owned()
}

/// Reads a description cell.
pub fn describe(cell: &Cell) -> Described {
    let mut out = Described::default();
    let mut words: Vec<&str> = Vec::new();
    let mut part = Part::Words;
    for (line, text) in &cell.lines {
        if let Some((key, value)) = marker(text) {
            part = Part::Other;
            match key {
                "示例值" => {
                    out.example = Some(Located {
                        line: *line,
                        value: unquote(value),
                    });
                }
                "默认值" => out.default = Some(unquote(value)),
                "固定值" => out.fixed = Some(unquote(value)),
                "可选值有" => part = Part::Values,
                _ => {}
            }
            continue;
        }
        match part {
            Part::Values if text.starts_with('-') || text.starts_with('*') => {
                let entry = text.get(1..).unwrap_or("").trim();
                let (value, label) = match split_colon(entry) {
                    Some((v, l)) => (unquote(v), Some(l.trim().to_owned()).filter(|l| !l.is_empty())),
                    None => (unquote(entry), None),
                };
                if !value.is_empty() {
                    out.values.push(Located {
                        line: *line,
                        value: (value, label),
                    });
                }
            }
            Part::Words => words.push(text),
            Part::Values | Part::Other => {}
        }
    }
    let description = words.join("\n");
    out.description = Some(description.trim().to_owned()).filter(|d| !d.is_empty() && d != "-");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_example_and_values() {
        let mut cell = Cell::default();
        for (i, t) in [
            "操作系统",
            "**示例值**：0",
            "**可选值有**：",
            "- 1：Windows",
            "- 2：macOS",
        ]
        .iter()
        .enumerate()
        {
            cell.push(i + 10, t);
        }
        let d = describe(&cell);
        assert_eq!(d.description.as_deref(), Some("操作系统"));
        assert_eq!(
            d.example,
            Some(Located {
                line: 11,
                value: "0".to_owned()
            })
        );
        assert_eq!(d.values.len(), 2);
        assert_eq!(d.values[1].value, ("2".to_owned(), Some("macOS".to_owned())));
        assert_eq!(d.values[1].line, 14);
    }

    #[test]
    fn a_fixed_value_is_unquoted() {
        let mut cell = Cell::default();
        cell.push(1, "**固定值**：\"application/json; charset=utf-8\"");
        assert_eq!(
            describe(&cell).fixed.as_deref(),
            Some("application/json; charset=utf-8")
        );
    }
}
