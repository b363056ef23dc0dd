//! A page's example block made into JSON examples. Feishu writes several
//! bodies in one block, each under a `// label` comment, and sometimes
//! alternatives as `"device_system": 1 / 2 / 3`: each body becomes an
//! example, each alternative one more, and every such repair is reported
//! with its page line.

/// One JSON example taken from a block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    /// The page's label for it (the comment above it, one alternative of it).
    pub label: Option<String>,
    /// Page line where its text starts.
    pub line: usize,
    /// Valid JSON text.
    pub text: String,
    /// What was changed from the page, if anything.
    pub corrected: Option<String>,
}

/// A problem in a block: `(page line, what the page says, what was done)`.
pub type Problem = (usize, String, String);

/// Splits the block whose text starts on page line `first`.
pub fn split(text: &str, first: usize) -> (Vec<Piece>, Vec<Problem>) {
    let mut problems = Vec::new();
    if serde_json::from_str::<serde_json::Value>(text).is_ok() {
        let piece = Piece {
            label: None,
            line: first,
            text: text.trim_end().to_owned(),
            corrected: None,
        };
        return (vec![piece], problems);
    }
    let docs = documents(text, first);
    let commented = text.lines().any(|l| l.trim_start().starts_with("//"));
    if commented || docs.len() > 1 {
        problems.push((
            first,
            format!(
                "示例块{}{}，不是一个合法的 JSON 文档",
                if commented { "带有 // 注释" } else { "" },
                if docs.len() > 1 {
                    format!("，含 {} 个 JSON 值", docs.len())
                } else {
                    String::new()
                }
            ),
            "按注释拆成各自独立的 JSON 示例，注释作为示例说明".to_owned(),
        ));
    }
    let mut pieces = Vec::new();
    for (label, line, body) in docs {
        match serde_json::from_str::<serde_json::Value>(&body) {
            Ok(_) => pieces.push(Piece {
                label,
                line,
                text: body,
                corrected: None,
            }),
            Err(error) => match alternatives(&body, line, label.as_deref()) {
                Some((expanded, problem)) => {
                    problems.push(problem);
                    pieces.extend(expanded);
                }
                None => {
                    let at = line.saturating_add(error.line().saturating_sub(1));
                    problems.push((at, format!("示例不是合法的 JSON：{error}"), "未收录该示例".to_owned()));
                }
            },
        }
    }
    (pieces, problems)
}

/// The top-level JSON values of a block: `(label, first line, text)`,
/// `// …` lines being the label of the value after them.
fn documents(text: &str, first: usize) -> Vec<(Option<String>, usize, String)> {
    let mut docs = Vec::new();
    let mut label: Option<String> = None;
    let mut current: Vec<&str> = Vec::new();
    let mut start = first;
    let mut depth = 0i64;
    let mut in_string = false;
    for (i, line) in text.lines().enumerate() {
        let no = first.saturating_add(i);
        let trimmed = line.trim();
        if current.is_empty() {
            if let Some(comment) = trimmed.strip_prefix("//") {
                label = Some(comment.trim().to_owned()).filter(|c| !c.is_empty());
                continue;
            }
            if trimmed.is_empty() {
                continue;
            }
            start = no;
        }
        current.push(line);
        let mut escaped = false;
        for c in line.chars() {
            match (in_string, c) {
                (true, _) if escaped => escaped = false,
                (true, '\\') => escaped = true,
                (true, '"') => in_string = false,
                (false, '"') => in_string = true,
                (false, '{' | '[') => depth = depth.saturating_add(1),
                (false, '}' | ']') => depth = depth.saturating_sub(1),
                _ => {}
            }
        }
        if depth <= 0 && !in_string {
            docs.push((label.take(), start, current.join("\n")));
            current.clear();
            depth = 0;
        }
    }
    if !current.is_empty() {
        docs.push((label.take(), start, current.join("\n")));
    }
    docs
}

/// A body with one `"key": a / b / c` line, as one body per alternative.
fn alternatives(body: &str, line: usize, label: Option<&str>) -> Option<(Vec<Piece>, Problem)> {
    let lines: Vec<&str> = body.lines().collect();
    let (index, key, options) = lines.iter().enumerate().find_map(|(i, l)| {
        let (key, value) = l.split_once(':')?;
        let value = value.trim().trim_end_matches(',').trim();
        let options: Vec<&str> = value.split('/').map(str::trim).collect();
        let scalars = options.len() > 1
            && options
                .iter()
                .all(|o| serde_json::from_str::<serde_json::Value>(o).is_ok_and(|v| !v.is_object() && !v.is_array()));
        scalars.then(|| (i, key.trim().trim_matches('"').to_owned(), options))
    })?;
    let original = lines.get(index)?;
    let labels: Vec<&str> = label.map(|l| l.split('/').map(str::trim).collect()).unwrap_or_default();
    let mut pieces = Vec::new();
    for (n, option) in options.iter().enumerate() {
        let cut = original.len().saturating_sub(original.trim_start().len());
        let (indent, rest) = (original.get(..cut)?, original.get(cut..)?);
        let (prefix, _) = rest.split_once(':')?;
        let comma = if original.trim_end().ends_with(',') { "," } else { "" };
        let replaced = format!("{indent}{prefix}: {option}{comma}");
        let text: Vec<String> = lines
            .iter()
            .enumerate()
            .map(|(i, l)| if i == index { replaced.clone() } else { (*l).to_owned() })
            .collect();
        let text = text.join("\n");
        serde_json::from_str::<serde_json::Value>(&text).ok()?;
        let piece_label = match (labels.len() == options.len(), labels.get(n)) {
            (true, Some(l)) => Some((*l).to_owned()),
            _ => label.map(|l| format!("{l}（{key} = {option}）")),
        };
        pieces.push(Piece {
            label: piece_label,
            line,
            text,
            corrected: Some(format!(
                "页面示例写作 \"{key}\": {}，不是合法 JSON；此示例取 {option}",
                options.join(" / ")
            )),
        });
    }
    let at = line.saturating_add(index);
    let problem = (
        at,
        format!("示例写作 \"{key}\": {}，不是合法 JSON", options.join(" / ")),
        format!("拆成 {key} 分别为 {} 的 {} 个示例", options.join("、"), options.len()),
    );
    Some((pieces, problem))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_json_document_is_one_piece() {
        let (pieces, problems) = split("{\"a\": 1}", 5);
        assert_eq!(pieces.len(), 1);
        assert!(problems.is_empty());
    }

    #[test]
    fn commented_bodies_and_alternatives_are_split_with_their_lines() {
        let text = "// A / B\n{\n    \"k\": 1 / 2,\n    \"x\": 0\n}\n\n// C\n{\n    \"k\": 3\n}";
        let (pieces, problems) = split(text, 100);
        let labels: Vec<_> = pieces.iter().map(|p| p.label.clone().unwrap_or_default()).collect();
        assert_eq!(labels, ["A", "B", "C"]);
        assert!(pieces[1].text.contains("\"k\": 2,"));
        let lines: Vec<usize> = problems.iter().map(|p| p.0).collect();
        assert_eq!(lines, [100, 102]);
    }

    #[test]
    fn a_broken_body_is_reported_not_kept() {
        let (pieces, problems) = split("{\n  \"a\": ,\n}", 7);
        assert!(pieces.is_empty());
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].0, 8);
    }
}
