//! One loop for every fuzz target: replay the committed corpus, then try
//! fresh inputs, either a fixed number from a seed (CI) or as many as fit in
//! `APIGEN_FUZZ_SECS` seconds from a random one (a fuzzing run). An input
//! that fails is written to the corpus folder, so it is replayed for good
//! once committed.

use std::fmt::Debug;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use proptest::strategy::{Strategy, ValueTree};
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use serde::de::DeserializeOwned;
use serde::Serialize;

/// Fresh inputs per target in an ordinary test run.
const CI_CASES: usize = 96;

/// How many fresh inputs to try.
enum Budget {
    Cases(usize),
    Time(Duration),
}

fn budget() -> Budget {
    match std::env::var("APIGEN_FUZZ_SECS")
        .ok()
        .and_then(|s| s.parse::<u64>().ok())
    {
        Some(secs) => Budget::Time(Duration::from_secs(secs)),
        None => Budget::Cases(CI_CASES),
    }
}

/// `tests/fuzz/corpus/<target>/`.
pub fn corpus_dir(target: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz")
        .join("corpus")
        .join(target)
}

/// Runs `check` on the corpus and fresh inputs of `strategy`; fails the
/// test with every failing input named.
pub fn fuzz<T, S, F>(target: &str, strategy: S, check: F)
where
    T: Serialize + DeserializeOwned + Debug,
    S: Strategy<Value = T>,
    F: Fn(&T) -> Result<(), String>,
{
    let started = Instant::now();
    let dir = corpus_dir(target);
    let mut failures = Vec::new();
    let corpus = read_corpus::<T>(&dir);
    let replayed = corpus.len();
    for (path, input) in corpus {
        match input {
            Err(e) => failures.push(format!("{}: unreadable corpus entry: {e}", path.display())),
            Ok(input) => {
                if let Err(problem) = guarded(&check, &input) {
                    failures.push(format!("{}: {problem}", path.display()));
                }
            }
        }
    }
    let (mut runner, limit) = match budget() {
        Budget::Cases(n) => {
            // The same inputs every run: CI is a replay, not a search.
            let seed: Vec<u8> = target.bytes().cycle().take(32).collect();
            let rng = TestRng::from_seed(RngAlgorithm::ChaCha, &seed);
            (TestRunner::new_with_rng(Config::default(), rng), Budget::Cases(n))
        }
        Budget::Time(d) => (TestRunner::new(Config::default()), Budget::Time(d)),
    };
    let searching = matches!(limit, Budget::Time(_));
    let mut generated = 0usize;
    loop {
        let more = match limit {
            Budget::Cases(n) => generated < n,
            Budget::Time(d) => started.elapsed() < d,
        };
        if !more {
            break;
        }
        let input = match strategy.new_tree(&mut runner) {
            Ok(tree) => tree.current(),
            Err(reason) => {
                failures.push(format!("the strategy gave up: {reason}"));
                break;
            }
        };
        generated += 1;
        if let Err(problem) = guarded(&check, &input) {
            let saved = if searching { save(&dir, &input) } else { None };
            let place = saved.map_or_else(|| format!("{input:?}"), |p| p.display().to_string());
            failures.push(format!("{place}: {problem}"));
        }
    }
    eprintln!(
        "fuzz {target}: {replayed} corpus inputs and {generated} generated in {:.1} s, {} failing",
        started.elapsed().as_secs_f64(),
        failures.len()
    );
    assert!(failures.is_empty(), "fuzz {target}:\n{}", failures.join("\n"));
}

/// The check, with a panic turned into a failure.
fn guarded<T>(check: &impl Fn(&T) -> Result<(), String>, input: &T) -> Result<(), String> {
    match catch_unwind(AssertUnwindSafe(|| check(input))) {
        Ok(result) => result,
        Err(panic) => {
            let message = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                .unwrap_or_default();
            Err(format!("panicked: {message}"))
        }
    }
}

type Entry<T> = (PathBuf, Result<T, String>);

fn read_corpus<T: DeserializeOwned>(dir: &Path) -> Vec<Entry<T>> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut paths: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            let parsed = std::fs::read(&path)
                .map_err(|e| e.to_string())
                .and_then(|bytes| serde_json::from_slice(&bytes).map_err(|e| e.to_string()));
            (path, parsed)
        })
        .collect()
}

/// Writes a failing input as `found-<hash>.json`; its path, if written.
fn save<T: Serialize>(dir: &Path, input: &T) -> Option<PathBuf> {
    use std::hash::{Hash, Hasher};
    let text = serde_json::to_string_pretty(input).ok()?;
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    text.hash(&mut hasher);
    std::fs::create_dir_all(dir).ok()?;
    let path = dir.join(format!("found-{:016x}.json", hasher.finish()));
    std::fs::write(&path, text).ok()?;
    Some(path)
}

/// Text for fuzzing: any characters, weighted towards those that break
/// encoders, signers and parsers.
pub fn nasty_text(max: usize) -> impl Strategy<Value = String> {
    use proptest::prelude::*;
    let special = prop::sample::select(vec![
        "*", "~", "+", " ", "%", "%2F", "&", "=", "/", "?", "#", ";", ",", ":", "\"", "'", "\\", "\n", "\r", "\t",
        "\u{0}", "\u{7f}", "é", "中", "😀", "\u{202E}", "\u{FEFF}", "..", "-", "_", ".",
    ]);
    let piece = prop_oneof![
        3 => special.prop_map(str::to_owned),
        2 => "[a-zA-Z0-9]{1,6}",
        1 => any::<char>().prop_map(String::from),
    ];
    prop::collection::vec(piece, 0..max).prop_map(|pieces| pieces.concat())
}

/// A multi-thread runtime shared by the async targets.
pub fn runtime() -> &'static tokio::runtime::Runtime {
    static RUNTIME: std::sync::OnceLock<tokio::runtime::Runtime> = std::sync::OnceLock::new();
    RUNTIME.get_or_init(|| {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("a runtime")
    })
}

/// `k=v&…` as the clients write a query: RFC 3986 percent-encoding, in order.
pub fn query_string(pairs: &[(String, String)]) -> String {
    use apigen_clients::runtime::sign::encode::percent_encode;
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", percent_encode(k), percent_encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// Now, as Alibaba Cloud writes times (`2026-12-01T06:30:00Z`).
pub fn now_iso() -> String {
    let t = time::OffsetDateTime::now_utc();
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}
