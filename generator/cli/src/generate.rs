//! `apigen generate`: the snapshot of every service, and a summary of its endpoints.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::Instant;

use apigen::{Catalog, Service, Settings};

use crate::specs::{load, Paths};

/// Renders every service (each one is formatted on all cores).
pub(crate) fn render_all(catalog: &Catalog) -> Result<BTreeMap<String, String>, String> {
    let settings = Settings::default();
    catalog.services.iter().map(|s| render_one(s, &settings)).collect()
}

fn render_one(service: &Service, settings: &Settings) -> Result<(String, String), String> {
    apigen::render_service_file(service, settings)
        .map(|code| (service.id.clone(), code))
        .map_err(|e| {
            format!(
                "internal error: generated code for `{}` does not parse: {e}",
                service.id
            )
        })
}

/// `apigen generate`: writes every service's snapshot and prints one line per endpoint.
pub(crate) fn run(paths: &Paths) -> Result<(), String> {
    let started = Instant::now();
    let (specs, out) = paths.resolve()?;
    let catalog = load(&specs, &paths.limits)?;
    let files = render_all(&catalog)?;
    fs::create_dir_all(&out).map_err(|e| format!("cannot create {}: {e}", out.display()))?;
    let mut bytes = 0;
    for (id, code) in &files {
        let path = out.join(format!("{id}.rs"));
        fs::write(&path, code).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        bytes += code.len();
    }
    for stale in stale_files(&out, &files) {
        fs::remove_file(&stale).map_err(|e| format!("cannot remove {}: {e}", stale.display()))?;
        println!("removed {}", stale.display());
    }
    print_summary(&catalog);
    let endpoints: usize = catalog.services.iter().map(|s| s.endpoints.len()).sum();
    println!(
        "{} services, {endpoints} endpoints: wrote {bytes} bytes to {} in {} ms",
        catalog.services.len(),
        out.display(),
        started.elapsed().as_millis()
    );
    Ok(())
}

/// `.rs` files in `out` that no service produces any more.
pub(crate) fn stale_files(out: &Path, files: &BTreeMap<String, String>) -> Vec<PathBuf> {
    let Ok(entries) = fs::read_dir(out) else {
        return Vec::new();
    };
    let mut stale: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "rs"))
        .filter(|p| {
            p.file_stem()
                .and_then(|s| s.to_str())
                .is_none_or(|stem| !files.contains_key(stem))
        })
        .collect();
    stale.sort();
    stale
}

fn print_summary(catalog: &Catalog) {
    for service in &catalog.services {
        for e in &service.endpoints {
            let call = match &e.action {
                Some(action) => format!("{} {} Action={action}", e.method, e.path),
                None => format!("{} {}", e.method, e.path),
            };
            let limit = e.rate_limit.map_or_else(|| "no limit".to_owned(), |n| format!("{n}/s"));
            println!(
                "{:<8} {:<22} {:<70} auth={:<20} {:<9} errors={}+{} examples={}",
                service.id,
                e.id,
                call,
                e.auth.names(),
                limit,
                e.errors.len(),
                service.common_errors.len(),
                e.examples.len()
            );
        }
    }
}
