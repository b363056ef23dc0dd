//! `apigen diff OLD NEW [--json]`: what changed between two spec trees, what
//! each change means for callers of the generated crate, and a verdict.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use crate::specs::{load, SpecLimits};

/// Options of `apigen diff`.
#[derive(clap::Args)]
pub(crate) struct DiffArgs {
    /// The spec directory before the update (e.g. a checkout of the last release's `api-specs/`).
    old: PathBuf,
    /// The spec directory after the update.
    new: PathBuf,
    /// Print the report as JSON, for CI.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    limits: SpecLimits,
}

/// Exit code when a change breaks callers.
const BREAKING: u8 = 1;
/// Exit code when a tree could not be read or checked.
const NOT_COMPARED: u8 = 2;

/// Compares the trees: exit 0 when nothing breaks callers, 1 when something
/// does, 2 when either tree has problems (each printed with its location).
pub(crate) fn run(args: &DiffArgs) -> ExitCode {
    match compare(args) {
        Ok(report) if report.breaking => ExitCode::from(BREAKING),
        Ok(_) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::from(NOT_COMPARED)
        }
    }
}

fn compare(args: &DiffArgs) -> Result<apigen::diff::Report, String> {
    let started = Instant::now();
    // The two trees are independent: read and check them on two threads.
    let (old, new) = std::thread::scope(|scope| {
        let old = scope.spawn(|| load(&args.old, &args.limits));
        let new = load(&args.new, &args.limits);
        let old = old
            .join()
            .unwrap_or_else(|_| Err(format!("{}: reading the specs failed", args.old.display())));
        (old, new)
    });
    let (old, new) = match (old, new) {
        (Ok(old), Ok(new)) => (old, new),
        (Err(a), Err(b)) => return Err(format!("{a}\n{b}")),
        (Err(problem), _) | (_, Err(problem)) => return Err(problem),
    };
    let loaded = started.elapsed();
    let report = apigen::diff::diff(&old, &new);
    if args.json {
        let text = serde_json::to_string_pretty(&report).map_err(|e| format!("cannot encode the report: {e}"))?;
        println!("{text}");
    } else {
        print!("{report}");
        let endpoints = |c: &apigen::Catalog| c.services.iter().map(|s| s.endpoints.len()).sum::<usize>();
        eprintln!(
            "compared {} endpoint(s) with {} in {:.2?} (reading and checking both trees: {:.2?})",
            endpoints(&old),
            endpoints(&new),
            started.elapsed(),
            loaded
        );
    }
    Ok(report)
}
