//! The spec loader on mutated seed specs and arbitrary bytes: every input
//! ends in located problems or in generated code that parses, never in a
//! panic, a hang or a problem that names no file.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use proptest::prelude::*;
use proptest::sample::Index;
use serde::{Deserialize, Serialize};

use crate::harness;

/// One spec file of the repository, replaced by other content.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct SpecInput {
    /// The file replaced, relative to the workspace (`api-specs/feishu/service.yaml`).
    seed: String,
    /// The new content, when it is UTF-8.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    text: Option<String>,
    /// The new content, when it is not.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    bytes: Option<Vec<u8>>,
}

impl SpecInput {
    fn new(seed: String, content: Vec<u8>) -> SpecInput {
        match String::from_utf8(content) {
            Ok(text) => SpecInput {
                seed,
                text: Some(text),
                bytes: None,
            },
            Err(e) => SpecInput {
                seed,
                text: None,
                bytes: Some(e.into_bytes()),
            },
        }
    }

    fn content(&self) -> Vec<u8> {
        match (&self.text, &self.bytes) {
            (Some(text), _) => text.clone().into_bytes(),
            (None, Some(bytes)) => bytes.clone(),
            (None, None) => Vec::new(),
        }
    }
}

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Every spec file of `api-specs/` and `tests/specs/`, relative to the workspace.
fn seeds() -> Vec<(String, Vec<u8>)> {
    let mut seeds = Vec::new();
    for root in ["api-specs", "tests/specs"] {
        let Ok(services) = std::fs::read_dir(workspace().join(root)) else {
            continue;
        };
        let mut services: Vec<PathBuf> = services.flatten().map(|e| e.path()).filter(|p| p.is_dir()).collect();
        services.sort();
        for service in services {
            let name = service
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default()
                .to_owned();
            let mut files = vec![format!("{root}/{name}/service.yaml")];
            if let Ok(endpoints) = std::fs::read_dir(service.join("endpoints")) {
                let mut endpoints: Vec<String> = endpoints
                    .flatten()
                    .filter_map(|e| e.file_name().to_str().map(str::to_owned))
                    .filter(|n| n.ends_with(".yaml"))
                    .collect();
                endpoints.sort();
                files.extend(endpoints.into_iter().map(|e| format!("{root}/{name}/endpoints/{e}")));
            }
            for file in files {
                if let Ok(bytes) = std::fs::read(workspace().join(&file)) {
                    seeds.push((file, bytes));
                }
            }
        }
    }
    seeds
}

/// Fragments that YAML, the spec format and Rust naming each treat specially.
const TOKENS: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    ": ",
    "- ",
    "\n",
    "\n  ",
    "  ",
    "\t",
    "\r",
    "#",
    "?",
    "|",
    ">",
    "&a ",
    "*a",
    "<<: *a",
    "!!binary ",
    "~",
    "null",
    "\"\"",
    "''",
    "1e400",
    "-9223372036854775809",
    "18446744073709551616",
    "0x1F",
    ".nan",
    "Self",
    "self",
    "super",
    "crate",
    "type",
    "r#type",
    "fn",
    "async",
    "_",
    "__",
    "0abc",
    "é",
    "💥",
    "\u{202E}",
    "\u{0}",
    "\u{FEFF}",
    "%s",
    "%d",
    "{x}",
    "{{",
    "object",
    "object[]",
    "string{}",
    "integer",
    "boolean",
    "Client",
    "Error",
    "Result",
    "Option",
    "rt",
    "Unknown",
    "type: object\n",
    "fields: {}\n",
    "required: true",
    "enum: [a, A, a]",
    "name: X",
    "style: repeat_list",
    "style: flat",
    "auth: [a, b]",
    "method: TRACE",
    "path: /a//b?c",
    "http_status: 99999",
    "code: 1.5",
];

#[derive(Debug, Clone)]
pub(crate) enum Edit {
    Insert(Index, &'static str),
    Overwrite(Index, &'static str),
    Delete(Index, usize),
    Flip(Index, u8),
    DuplicateLine(Index),
}

pub(crate) fn edit() -> impl Strategy<Value = Edit> {
    let token = prop::sample::select(TOKENS);
    prop_oneof![
        4 => (any::<Index>(), token.clone()).prop_map(|(at, t)| Edit::Insert(at, t)),
        2 => (any::<Index>(), token).prop_map(|(at, t)| Edit::Overwrite(at, t)),
        2 => (any::<Index>(), 1..40usize).prop_map(|(at, n)| Edit::Delete(at, n)),
        1 => (any::<Index>(), any::<u8>()).prop_map(|(at, b)| Edit::Flip(at, b)),
        1 => any::<Index>().prop_map(Edit::DuplicateLine),
    ]
}

pub(crate) fn apply(mut text: Vec<u8>, edits: &[Edit]) -> Vec<u8> {
    for edit in edits {
        let at = |i: &Index, text: &Vec<u8>| i.index(text.len() + 1);
        match edit {
            Edit::Insert(i, t) => {
                let p = at(i, &text);
                text.splice(p..p, t.bytes());
            }
            Edit::Overwrite(i, t) => {
                let p = at(i, &text);
                let end = (p + t.len()).min(text.len());
                text.splice(p..end, t.bytes());
            }
            Edit::Delete(i, n) => {
                let p = at(i, &text);
                let end = (p + n).min(text.len());
                text.drain(p..end);
            }
            Edit::Flip(i, b) => {
                if !text.is_empty() {
                    let p = i.index(text.len());
                    text[p] ^= b;
                }
            }
            Edit::DuplicateLine(i) => {
                let p = at(i, &text);
                let start = text[..p].iter().rposition(|&c| c == b'\n').map_or(0, |n| n + 1);
                let end = text[p..]
                    .iter()
                    .position(|&c| c == b'\n')
                    .map_or(text.len(), |n| p + n + 1);
                let line = text[start..end].to_vec();
                text.splice(end..end, line);
            }
        }
    }
    text
}

fn input() -> impl Strategy<Value = SpecInput> {
    let seeds = Arc::new(seeds());
    let count = seeds.len().max(1);
    let (mutate, random) = (seeds.clone(), seeds);
    prop_oneof![
        9 => (0..count, prop::collection::vec(edit(), 1..6)).prop_map(move |(i, edits)| {
            let (seed, text) = mutate[i].clone();
            SpecInput::new(seed, apply(text, &edits))
        }),
        1 => (0..count, prop::collection::vec(any::<u8>(), 0..300)).prop_map(move |(i, bytes)| {
            SpecInput::new(random[i].0.clone(), bytes)
        }),
    ]
}

/// The seed's service folder, copied with the seed replaced, then loaded.
fn check(input: &SpecInput) -> Result<(), String> {
    let seed = Path::new(&input.seed);
    let mut parts = seed.components().rev();
    let file = parts.next().ok_or("an empty seed path")?;
    let in_endpoints = seed
        .parent()
        .and_then(Path::file_name)
        .is_some_and(|n| n == "endpoints");
    let service_dir = if in_endpoints {
        seed.parent().and_then(Path::parent)
    } else {
        seed.parent()
    }
    .ok_or("a seed outside a service folder")?;
    let service_name = service_dir.file_name().ok_or("a service folder without a name")?;
    let tmp = tempfile::tempdir().map_err(|e| e.to_string())?;
    let copy = tmp.path().join(service_name);
    std::fs::create_dir_all(copy.join("endpoints")).map_err(|e| e.to_string())?;
    let source = workspace().join(service_dir);
    std::fs::copy(source.join("service.yaml"), copy.join("service.yaml")).map_err(|e| e.to_string())?;
    for entry in std::fs::read_dir(source.join("endpoints"))
        .into_iter()
        .flatten()
        .flatten()
    {
        let name = entry.file_name();
        if name.to_string_lossy().ends_with(".yaml") {
            std::fs::copy(entry.path(), copy.join("endpoints").join(&name)).map_err(|e| e.to_string())?;
        }
    }
    let target = if in_endpoints {
        copy.join("endpoints").join(file)
    } else {
        copy.join(file)
    };
    std::fs::write(&target, input.content()).map_err(|e| e.to_string())?;

    match apigen::load_catalog(tmp.path()) {
        Ok(catalog) => {
            for service in &catalog.services {
                let source = apigen::generate_service_source(service, &apigen::Settings::default())
                    .map_err(|e| format!("the spec loaded but emitting {} failed: {e}", service.id))?;
                syn::parse_file(&source).map_err(|e| format!("emitted code for {} does not parse: {e}", service.id))?;
            }
            Ok(())
        }
        Err(problems) => {
            if problems.0.is_empty() {
                return Err("refused with no problem named".to_owned());
            }
            for problem in &problems.0 {
                if !problem.file.starts_with(tmp.path()) {
                    return Err(format!("a problem names no spec file: {problem}"));
                }
                if problem.message.trim().is_empty() {
                    return Err(format!("a problem says nothing: {problem:?}"));
                }
            }
            // Printing every problem must work too.
            let printed = problems.to_string();
            if printed.is_empty() {
                return Err("the problems print as nothing".to_owned());
            }
            Ok(())
        }
    }
}

#[test]
fn the_spec_loader_locates_every_problem_or_emits_code_that_parses() {
    harness::fuzz("spec_loader", input(), check);
}
