//! `apigen check`: whether the committed snapshot matches the specs.

use std::fs;

use crate::generate::{render_all, stale_files};
use crate::specs::{load, Paths};

/// `apigen check`: fails when the snapshot folder is stale against the specs.
pub(crate) fn run(paths: &Paths) -> Result<(), String> {
    let (specs, out) = paths.resolve()?;
    let catalog = load(&specs, &paths.limits)?;
    let files = render_all(&catalog)?;
    let mut problems = Vec::new();
    for (id, code) in &files {
        let path = out.join(format!("{id}.rs"));
        match fs::read_to_string(&path) {
            Ok(existing) if &existing == code => {}
            Ok(_) => problems.push(format!("{} is stale", path.display())),
            Err(_) => problems.push(format!("{} is missing", path.display())),
        }
    }
    problems.extend(
        stale_files(&out, &files)
            .iter()
            .map(|p| format!("{} has no spec any more", p.display())),
    );
    if problems.is_empty() {
        println!("{} is up to date with {}", out.display(), specs.display());
        Ok(())
    } else {
        Err(format!(
            "{}\nthe generated code differs from the specs; run `cargo run --bin apigen -- generate` and commit the result",
            problems.join("\n")
        ))
    }
}
