//! Where each node of a YAML document starts, by its path in the document.
//!
//! serde_yaml reports positions for syntax and schema errors, but semantic
//! checks (an unknown type name, a duplicate enum value) run on deserialized
//! structs that have forgotten where they came from. This index, built from
//! the parser's event stream in one linear pass, answers "where is
//! `request.body.mac.format`?" for those checks. The same pass rejects
//! duplicate mapping keys, which serde would otherwise resolve silently.

use std::collections::HashMap;
use std::sync::OnceLock;

use saphyr_parser::{Event, Parser, Span};

/// A 1-based line and column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
}

impl Position {
    fn of(span: &Span) -> Self {
        Position {
            line: span.start.line(),
            column: span.start.col() + 1,
        }
    }
}

/// A problem found while indexing: invalid YAML or a duplicate key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexError {
    /// Where it is.
    pub position: Position,
    /// The document path of the enclosing node.
    pub path: String,
    /// What is wrong.
    pub message: String,
}

/// Document path → position of the node's value (and of its key, for mapping entries).
#[derive(Debug, Default)]
pub struct PositionIndex {
    values: HashMap<String, Position>,
    keys: HashMap<String, Position>,
}

enum Frame {
    Mapping {
        path: String,
        next_is_key: bool,
        key: Option<String>,
        seen: HashMap<String, Position>,
    },
    Sequence {
        path: String,
        index: usize,
    },
}

/// Joins a parent path and a mapping key the way diagnostics print paths.
pub fn join_key(parent: &str, key: &str) -> String {
    if parent.is_empty() {
        key.to_owned()
    } else {
        format!("{parent}.{key}")
    }
}

/// Joins a parent path and a sequence index.
pub fn join_index(parent: &str, index: usize) -> String {
    format!("{parent}[{index}]")
}

/// A document's node positions, indexed on first use: only a document with
/// a problem needs them, and indexing every node of every file was a tenth
/// of generating a large catalogue.
#[derive(Debug, Default)]
pub struct Positions {
    text: String,
    index: OnceLock<PositionIndex>,
}

impl Positions {
    /// The positions of `text`, a document the loader is reading (its
    /// positions are wanted only if serde_yaml or a later check finds a problem).
    pub fn of(text: String) -> Self {
        Positions {
            text,
            index: OnceLock::new(),
        }
    }

    /// The index, built now if this is its first use.
    pub fn index(&self) -> &PositionIndex {
        // The text is valid YAML to serde_yaml (and, where a problem is
        // reported, to the exact check too), so saphyr reads it; if it
        // cannot, an empty index leaves diagnostics without a line, never wrong.
        self.index
            .get_or_init(|| PositionIndex::build(&self.text, usize::MAX).unwrap_or_default())
    }
}

impl PositionIndex {
    /// Indexes `source`; fails on invalid YAML, duplicate keys, or
    /// mappings and lists nested more than `max_depth` deep.
    pub fn build(source: &str, max_depth: usize) -> Result<Self, Vec<IndexError>> {
        Self::scan(source, max_depth, true)
    }

    /// Checks `source` as [`Self::build`] does, without recording where
    /// its nodes are.
    pub fn check(source: &str, max_depth: usize) -> Result<(), Vec<IndexError>> {
        Self::scan(source, max_depth, false).map(drop)
    }

    /// One pass over the parser's events; with `record`, every node's
    /// position goes into the index, else only what the checks need.
    fn scan(source: &str, max_depth: usize, record: bool) -> Result<Self, Vec<IndexError>> {
        let mut index = PositionIndex::default();
        let mut stack: Vec<Frame> = Vec::new();
        let mut errors = Vec::new();
        for event in Parser::new_from_str(source) {
            let (event, span) = match event {
                Ok(pair) => pair,
                Err(error) => {
                    let marker = error.marker();
                    errors.push(IndexError {
                        position: Position {
                            line: marker.line(),
                            column: marker.col() + 1,
                        },
                        path: current_path(&stack),
                        message: format!("invalid YAML: {}", error.info()),
                    });
                    return Err(errors);
                }
            };
            let position = Position::of(&span);
            match event {
                Event::Scalar(value, ..) => {
                    if let Some(path) = index.place_node(&mut stack, position, Some(&value), record, &mut errors) {
                        index.values.insert(path, position);
                    }
                }
                Event::Alias(_) => {
                    if let Some(path) = index.place_node(&mut stack, position, None, record, &mut errors) {
                        index.values.insert(path, position);
                    }
                }
                Event::MappingStart(..) | Event::SequenceStart(..) if stack.len() >= max_depth => {
                    errors.push(IndexError {
                        position,
                        path: current_path(&stack),
                        message: format!(
                            "nests more than {max_depth} levels deep; a spec nests at most {max_depth} \
                             (name an inner object in the service's `types:` and refer to it by name)"
                        ),
                    });
                    return Err(errors);
                }
                Event::MappingStart(..) => {
                    // A container's path is kept even unrecorded: problems inside it name it.
                    let path = index
                        .place_node(&mut stack, position, None, true, &mut errors)
                        .unwrap_or_default();
                    if record {
                        index.values.insert(path.clone(), position);
                    }
                    stack.push(Frame::Mapping {
                        path,
                        next_is_key: true,
                        key: None,
                        seen: HashMap::new(),
                    });
                }
                Event::SequenceStart(..) => {
                    let path = index
                        .place_node(&mut stack, position, None, true, &mut errors)
                        .unwrap_or_default();
                    if record {
                        index.values.insert(path.clone(), position);
                    }
                    stack.push(Frame::Sequence { path, index: 0 });
                }
                Event::MappingEnd | Event::SequenceEnd => {
                    stack.pop();
                }
                _ => {}
            }
        }
        if errors.is_empty() {
            Ok(index)
        } else {
            Err(errors)
        }
    }

    /// Decides what a new node is (a key, or a value at some path) and
    /// returns the value path, or `None` when the node was a key or
    /// `record` is off.
    fn place_node(
        &mut self,
        stack: &mut [Frame],
        position: Position,
        scalar: Option<&str>,
        record: bool,
        errors: &mut Vec<IndexError>,
    ) -> Option<String> {
        match stack.last_mut() {
            None => record.then(String::new),
            Some(Frame::Sequence { path, index }) => {
                let value_path = record.then(|| join_index(path, *index));
                *index = index.saturating_add(1);
                value_path
            }
            Some(Frame::Mapping {
                path,
                next_is_key,
                key,
                seen,
            }) => {
                if *next_is_key {
                    *next_is_key = false;
                    // Complex (non-scalar) keys do not occur in specs; index them by position.
                    let name = scalar
                        .map(str::to_owned)
                        .unwrap_or_else(|| format!("<key at {}:{}>", position.line, position.column));
                    if let Some(first) = seen.insert(name.clone(), position) {
                        errors.push(IndexError {
                            position,
                            path: path.clone(),
                            message: format!(
                                "duplicate key `{name}` (first at line {}, column {}); keep one",
                                first.line, first.column
                            ),
                        });
                    }
                    if record {
                        self.keys.insert(join_key(path, &name), position);
                    }
                    *key = Some(name);
                    if scalar.is_some() || !record {
                        None
                    } else {
                        // A non-scalar key: its children get indexed under a throwaway path.
                        Some(format!("{path}.<complex key>"))
                    }
                } else {
                    *next_is_key = true;
                    record.then(|| join_key(path, key.as_deref().unwrap_or_default()))
                }
            }
        }
    }

    /// Position of the value at `path`, else of its key, else of the nearest ancestor.
    pub fn locate(&self, path: &str) -> Option<Position> {
        let mut current = path;
        loop {
            if let Some(position) = self.values.get(current).or_else(|| self.keys.get(current)) {
                return Some(*position);
            }
            let cut = current.rfind(['.', '['])?;
            current = &current[..cut];
        }
    }

    /// Position of the key of the mapping entry at `path`, falling back to [`Self::locate`].
    pub fn locate_key(&self, path: &str) -> Option<Position> {
        self.keys.get(path).copied().or_else(|| self.locate(path))
    }
}

fn current_path(stack: &[Frame]) -> String {
    match stack.last() {
        Some(Frame::Mapping { path, .. }) | Some(Frame::Sequence { path, .. }) => path.clone(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indexes_nested_values_and_keys() {
        let source = "a:\n  b: 1\n  list:\n    - x\n    - {c: 2}\n";
        let index = PositionIndex::build(source, 64).unwrap();
        assert_eq!(index.locate("a.b"), Some(Position { line: 2, column: 6 }));
        assert_eq!(index.locate("a.list[1].c"), Some(Position { line: 5, column: 11 }));
        assert_eq!(index.locate_key("a.list"), Some(Position { line: 3, column: 3 }));
        // Unknown paths fall back to the nearest ancestor.
        assert_eq!(index.locate("a.b.missing"), Some(Position { line: 2, column: 6 }));
    }

    #[test]
    fn rejects_duplicate_keys() {
        let errors = PositionIndex::build("a: 1\nb: 2\na: 3\n", 64).unwrap_err();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].position, Position { line: 3, column: 1 });
        assert!(errors[0].message.contains("duplicate key `a`"));
    }

    #[test]
    fn reports_syntax_errors_with_position() {
        let errors = PositionIndex::build("a: [1, 2\nb: 3\n", 64).unwrap_err();
        assert!(errors[0].message.starts_with("invalid YAML"));
        assert!(errors[0].position.line >= 1);
    }

    #[test]
    fn the_check_finds_what_the_index_finds_and_positions_come_on_first_use() {
        let nested = format!("{}x: 1\n", "- ".repeat(70));
        for source in [
            "a: 1\nb:\n  c: 2\n  c: 3\n",
            "a: [1, 2\nb: 3\n",
            nested.as_str(),
            "a:\n  - {b: 1}\n",
        ] {
            assert_eq!(
                PositionIndex::check(source, 64).err(),
                PositionIndex::build(source, 64).err(),
                "{source}"
            );
        }
        let errors = PositionIndex::check("a: 1\nb:\n  c: 2\n  c: 3\n", 64).unwrap_err();
        assert_eq!((errors[0].path.as_str(), errors[0].position.line), ("b", 4));
        let positions = Positions::of("a:\n  - {b: 1}\n".to_owned());
        assert_eq!(
            positions.index().locate("a[0].b"),
            Some(Position { line: 2, column: 9 })
        );
        assert_eq!(Positions::default().index().locate("a"), None);
    }
}
