//! The one table shape both page forms are read into: a header and rows of
//! cells, each cell a list of text lines with the page line each came from.

/// A table of the page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Table {
    /// Page line of the header row.
    pub line: usize,
    /// Header cells, as text.
    pub header: Vec<String>,
    /// Body rows, in page order.
    pub rows: Vec<Row>,
}

/// A body row.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Row {
    /// Page line where the row starts.
    pub line: usize,
    /// Nesting depth the page gives (`md-dt-tr level="2"`, or `∟`
    /// indentation in Markdown), when it gives one.
    pub level: Option<usize>,
    /// Cells, as many as the header has.
    pub cells: Vec<Cell>,
}

/// A cell: its text lines, each with its page line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cell {
    /// `(page line, text)`, trimmed, none empty.
    pub lines: Vec<(usize, String)>,
}

impl Cell {
    /// Adds a line of text (trimmed; an empty one is dropped).
    pub fn push(&mut self, line: usize, text: &str) {
        let text = text.trim();
        if !text.is_empty() {
            self.lines.push((line, text.to_owned()));
        }
    }

    /// The text on one line, lines joined by a space.
    pub fn text(&self) -> String {
        self.lines.iter().map(|(_, t)| t.as_str()).collect::<Vec<_>>().join(" ")
    }

    /// The page line of the cell's first text, if it has any.
    pub fn first_line(&self) -> Option<usize> {
        self.lines.first().map(|(n, _)| *n)
    }
}

impl Table {
    /// The index of the first header cell containing any of `names`.
    pub fn column(&self, names: &[&str]) -> Option<usize> {
        self.header.iter().position(|h| names.iter().any(|n| h.contains(n)))
    }

    /// Whether the header names every one of `names` (each contained in some cell).
    pub fn has_columns(&self, names: &[&str]) -> bool {
        names.iter().all(|n| self.header.iter().any(|h| h.contains(n)))
    }
}

impl Row {
    /// The cell at `column`, or an empty one.
    pub fn cell(&self, column: Option<usize>) -> Cell {
        column.and_then(|c| self.cells.get(c)).cloned().unwrap_or_default()
    }
}
