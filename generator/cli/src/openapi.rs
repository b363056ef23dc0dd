//! `apigen openapi`: one OpenAPI 3.1 document per service, written as
//! `<out>/<service>.openapi.json`.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use apigen::export::openapi::file_name;

use crate::specs::{find_specs, SpecLimits};

/// Options of `apigen openapi`.
#[derive(clap::Args)]
pub(crate) struct OpenApiArgs {
    /// The spec directory (default: `api-specs/` of the nearest enclosing workspace).
    #[arg(long)]
    specs: Option<PathBuf>,
    /// Where the documents are written (default: `generated/openapi/` next to the specs).
    #[arg(long)]
    out: Option<PathBuf>,
    #[command(flatten)]
    limits: SpecLimits,
}

/// The suffix of every file this command writes.
const SUFFIX: &str = ".openapi.json";

/// `apigen openapi`: checks every service and, only when all check, writes
/// their documents, removing the documents of services that are gone.
pub(crate) fn run(args: &OpenApiArgs) -> Result<(), String> {
    let specs = match &args.specs {
        Some(specs) => specs.clone(),
        None => find_specs()?,
    };
    let out = match &args.out {
        Some(out) => out.clone(),
        None => specs
            .parent()
            .unwrap_or(Path::new("."))
            .join("generated")
            .join("openapi"),
    };
    let mut documents: BTreeMap<String, (String, usize)> = BTreeMap::new();
    apigen::export::openapi_documents(&specs, &args.limits.get(), |id, doc| {
        let operations = doc.get("paths").and_then(|p| p.as_object()).map_or(0, |paths| {
            paths
                .values()
                .filter_map(|item| item.as_object())
                .map(|item| item.len())
                .sum()
        });
        documents.insert(id.to_owned(), (doc.to_pretty(), operations));
    })
    .map_err(|problems| {
        let count = problems.0.len();
        format!(
            "{problems}\n\n{count} problem(s) in {}; nothing was written",
            specs.display()
        )
    })?;
    fs::create_dir_all(&out).map_err(|e| format!("cannot create {}: {e}", out.display()))?;
    for (id, (text, operations)) in &documents {
        let path = out.join(file_name(id));
        fs::write(&path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        let noun = if *operations == 1 { "operation" } else { "operations" };
        println!("wrote {} ({operations} {noun}, {} bytes)", path.display(), text.len());
    }
    for stale in stale_documents(&out, &documents) {
        fs::remove_file(&stale).map_err(|e| format!("cannot remove {}: {e}", stale.display()))?;
        println!("removed {}", stale.display());
    }
    println!(
        "{} services: OpenAPI 3.1 documents in {}",
        documents.len(),
        out.display()
    );
    Ok(())
}

/// `*.openapi.json` files in `out` that no service writes any more.
fn stale_documents<V>(out: &Path, documents: &BTreeMap<String, V>) -> Vec<PathBuf> {
    let Ok(entries) = fs::read_dir(out) else {
        return Vec::new();
    };
    let mut stale: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .and_then(|n| n.strip_suffix(SUFFIX))
                .is_some_and(|id| !documents.contains_key(id))
        })
        .collect();
    stale.sort();
    stale
}
