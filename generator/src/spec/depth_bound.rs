//! An upper bound on how deeply a YAML document nests, read off its text.
//!
//! The loader refuses documents nested past `LoadLimits::max_depth`. Checking
//! that exactly takes a second full parse of every file (a tenth of
//! generating a 20,000-endpoint catalogue), although real specs nest a third
//! of the limit at most. This bound needs no parser, and when it is within
//! the limit the exact check cannot fail, so it runs only for files the bound
//! cannot clear.
//!
//! Why it holds: along any path of nested block collections the columns at
//! which entries start never decrease, and they stay equal only from a
//! mapping to a sequence written without indentation under one of its keys
//! (`key:` then `- item` at the key's column). So at most two block
//! collections share a column, and a node starting at column `c` sits inside
//! at most `2 × (c + 1)` of them. A block collection starts at a line's
//! indentation or after the indicators (`- `, `? `, `: `, `--- `) that open
//! it on the same line. Flow collections add one level per `[` or `{`, and
//! counting every bracket in the file, quoted or not, overcounts but never
//! undercounts. Aliases count as leaves, as in the exact check.

/// An upper bound on the number of mappings and sequences open at once
/// anywhere in `text`, taken as YAML.
pub fn depth_bound(text: &str) -> usize {
    let mut widest = 0usize;
    let mut brackets = 0usize;
    for line in text.split('\n') {
        widest = widest.max(innermost_start(line.as_bytes()));
        brackets = brackets.saturating_add(line.bytes().filter(|b| matches!(b, b'[' | b'{')).count());
    }
    widest.saturating_add(1).saturating_mul(2).saturating_add(brackets)
}

/// The column (in bytes, which is never fewer than characters) where the
/// innermost node that starts on `line` begins.
fn innermost_start(line: &[u8]) -> usize {
    let mut at = blanks(line, 0);
    loop {
        let indicator = match &line[at..] {
            [b'-', b'-', b'-', gap, ..] if is_blank(*gap) => 3,
            [b'-' | b'?' | b':', gap, ..] if is_blank(*gap) => 1,
            _ => return at,
        };
        at = blanks(line, at + indicator);
    }
}

/// The first position at or after `from` that is not a space or a tab.
fn blanks(line: &[u8], from: usize) -> usize {
    from + line[from..].iter().take_while(|b| is_blank(**b)).count()
}

fn is_blank(byte: u8) -> bool {
    byte == b' ' || byte == b'\t'
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::positions::PositionIndex;
    use proptest::prelude::*;

    /// The exact depth: the least limit the exact check accepts.
    fn exact(text: &str) -> usize {
        assert!(PositionIndex::check(text, 1000).is_ok(), "not YAML: {text:?}");
        (0..1000)
            .find(|&d| PositionIndex::check(text, d).is_ok())
            .unwrap_or(1000)
    }

    #[test]
    fn compact_and_indentless_collections_are_bounded() {
        for text in [
            "a: 1\n",
            "a:\n- 1\n- b:\n  - c\n",
            "- - - - x\n",
            "? a\n: - - - x\n",
            "--- {a: [b]}\n",
            "a: [1, [2, {b: [3]}]]\n",
            "a: [1,\n [2,\n  [3]]]\n",
            "-   -  - x\n",
            "a:\n b:\n  c:\n   d:\n   - - e: f\n",
            // Two levels per column, the most there can be.
            "a:\n-\n b:\n -\n  c:\n  -\n   d: x\n",
        ] {
            assert!(
                depth_bound(text) >= exact(text),
                "{text:?}: {} < {}",
                depth_bound(text),
                exact(text)
            );
        }
    }

    #[test]
    fn every_spec_in_the_repository_is_within_its_bound() {
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../api-specs");
        let mut seen = 0;
        let mut todo = vec![std::path::PathBuf::from(root)];
        while let Some(dir) = todo.pop() {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    todo.push(path);
                } else if path.extension().is_some_and(|e| e == "yaml") {
                    let text = std::fs::read_to_string(&path).unwrap();
                    assert!(
                        PositionIndex::check(&text, depth_bound(&text)).is_ok(),
                        "{}",
                        path.display()
                    );
                    seen += 1;
                }
            }
        }
        assert!(seen > 5, "{seen} files");
    }

    #[derive(Debug, Clone)]
    enum Node {
        Leaf,
        Map(Vec<Node>),
        Seq(Vec<Node>),
    }

    fn node() -> impl Strategy<Value = Node> {
        Just(Node::Leaf).prop_recursive(8, 48, 3, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 1..3).prop_map(Node::Map),
                prop::collection::vec(inner, 1..3).prop_map(Node::Seq),
            ]
        })
    }

    /// How each node is written: the style choices are drawn from `styles`
    /// (0 flow, 1 block, 2 block with indentless or compact children).
    struct Writer<'a> {
        styles: &'a [u8],
        next: usize,
        keys: usize,
    }

    impl Writer<'_> {
        fn style(&mut self) -> u8 {
            let style = self.styles[self.next % self.styles.len()];
            self.next += 1;
            style
        }

        fn key(&mut self) -> String {
            self.keys += 1;
            format!("k{}", self.keys)
        }

        fn flow(&mut self, node: &Node) -> String {
            match node {
                Node::Leaf => "x".to_owned(),
                Node::Map(children) => {
                    let entries: Vec<String> = children
                        .iter()
                        .map(|c| format!("{}: {}", self.key(), self.flow(c)))
                        .collect();
                    format!("{{{}}}", entries.join(", "))
                }
                Node::Seq(children) => {
                    let entries: Vec<String> = children.iter().map(|c| self.flow(c)).collect();
                    format!("[{}]", entries.join(", "))
                }
            }
        }

        /// Lines of `node` as a block collection whose entries start at `indent`.
        fn block(&mut self, node: &Node, indent: usize, out: &mut Vec<String>) {
            let pad = " ".repeat(indent);
            match node {
                Node::Leaf => out.push(format!("{pad}x")),
                Node::Map(children) => {
                    for child in children {
                        let key = self.key();
                        match (child, self.style()) {
                            (Node::Leaf, _) | (_, 0) => out.push(format!("{pad}{key}: {}", self.flow(child))),
                            (Node::Seq(_), 2) => {
                                out.push(format!("{pad}{key}:"));
                                self.block(child, indent, out);
                            }
                            _ => {
                                out.push(format!("{pad}{key}:"));
                                self.block(child, indent + 1, out);
                            }
                        }
                    }
                }
                Node::Seq(children) => {
                    for child in children {
                        match (child, self.style()) {
                            (Node::Leaf, _) | (_, 0) => out.push(format!("{pad}- {}", self.flow(child))),
                            (_, 2) => {
                                // Compact: the child's first entry on the dash's line.
                                let start = out.len();
                                self.block(child, indent + 2, out);
                                out[start] = format!("{pad}- {}", out[start].trim_start());
                            }
                            _ => {
                                out.push(format!("{pad}-"));
                                self.block(child, indent + 1, out);
                            }
                        }
                    }
                }
            }
        }
    }

    proptest! {
        #[test]
        fn the_bound_is_never_below_the_depth(root in node(), styles in prop::collection::vec(0u8..3, 1..16)) {
            let mut writer = Writer { styles: &styles, next: 0, keys: 0 };
            let mut lines = Vec::new();
            writer.block(&Node::Map(vec![root]), 0, &mut lines);
            let text = lines.join("\n") + "\n";
            prop_assert!(PositionIndex::check(&text, usize::MAX).is_ok(), "not YAML:\n{}", text);
            prop_assert!(depth_bound(&text) >= exact(&text), "{}: {} < {}", text, depth_bound(&text), exact(&text));
        }
    }
}
