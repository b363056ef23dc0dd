//! `apigen generate`: the snapshot of every service, and a summary of its endpoints.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::Instant;

use apigen::{Catalog, Service, Settings};

use crate::specs::Paths;

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
///
/// Services are read, checked, generated and written one at a time, so
/// memory holds one service's model and code, not the catalogue's. Each file
/// is first written beside its final name and moved into place only when
/// every service has checked and generated, so a spec problem anywhere
/// leaves the snapshot as it was.
pub(crate) fn run(paths: &Paths) -> Result<(), String> {
    let started = Instant::now();
    let (specs, out) = paths.resolve()?;
    // Made when the first service is written, and removed again if nothing is.
    let created = !out.exists();
    let mut staged = Staged::default();
    if let Err(e) = stage_services(&specs, &paths.limits.get(), &out, &mut staged) {
        for temporary in staged.files.values() {
            let _ = fs::remove_file(temporary);
        }
        if created {
            let _ = fs::remove_dir(&out);
        }
        return Err(e);
    }
    fs::create_dir_all(&out).map_err(|e| format!("cannot create {}: {e}", out.display()))?;
    for (id, temporary) in &staged.files {
        let path = out.join(format!("{id}.rs"));
        fs::rename(temporary, &path)
            .map_err(|e| format!("cannot move {} to {}: {e}", temporary.display(), path.display()))?;
    }
    for stale in stale_files(&out, &staged.files) {
        fs::remove_file(&stale).map_err(|e| format!("cannot remove {}: {e}", stale.display()))?;
        println!("removed {}", stale.display());
    }
    print!("{}", staged.summary);
    println!(
        "{} services, {} endpoints: wrote {} bytes to {} in {} ms",
        staged.files.len(),
        staged.endpoints,
        staged.bytes,
        out.display(),
        started.elapsed().as_millis()
    );
    Ok(())
}

/// The services generated so far, each in a file beside its final name.
#[derive(Default)]
struct Staged {
    /// Service id → its temporary file.
    files: BTreeMap<String, PathBuf>,
    /// One line per endpoint, printed once everything is in place.
    summary: String,
    bytes: usize,
    endpoints: usize,
}

/// Checks and generates every service into `staged`; the error is every
/// spec problem, or the first that stopped generation.
fn stage_services(specs: &Path, limits: &apigen::LoadLimits, out: &Path, staged: &mut Staged) -> Result<(), String> {
    let settings = Settings::default();
    let mut failure: Option<String> = None;
    // One thread reads and checks the next service while this one generates
    // the last; at most one checked service waits between them.
    let loaded = std::thread::scope(|scope| {
        let (send, receive) = std::sync::mpsc::sync_channel::<Service>(1);
        let loader = scope.spawn(move || {
            apigen::each_service_with(specs, limits, |service| {
                // Every service is received; a send fails only if this
                // thread's receiver is gone, and then nothing is left to do.
                let _ = send.send(service);
            })
        });
        for service in receive {
            // After a failure the rest are still checked, so that every spec
            // problem is reported, but not generated.
            if failure.is_none() {
                if let Err(e) = stage_one(&service, &settings, out, staged) {
                    failure = Some(e);
                }
            }
        }
        loader.join()
    });
    match loaded {
        Err(_) => Err("internal error: the spec loader stopped unexpectedly".to_owned()),
        Ok(Err(problems)) => {
            let count = problems.0.len();
            Err(format!(
                "{problems}\n\n{count} problem(s) in {}; nothing was generated",
                specs.display()
            ))
        }
        Ok(Ok(())) => failure.map_or(Ok(()), Err),
    }
}

/// Generates one service into its temporary file.
fn stage_one(service: &Service, settings: &Settings, out: &Path, staged: &mut Staged) -> Result<(), String> {
    let (id, code) = render_one(service, settings)?;
    fs::create_dir_all(out).map_err(|e| format!("cannot create {}: {e}", out.display()))?;
    let temporary = out.join(format!(".{id}.rs.partial"));
    fs::write(&temporary, &code).map_err(|e| format!("cannot write {}: {e}", temporary.display()))?;
    staged.files.insert(id, temporary);
    staged.bytes = staged.bytes.saturating_add(code.len());
    staged.endpoints = staged.endpoints.saturating_add(service.endpoints.len());
    summarise(service, &mut staged.summary);
    Ok(())
}

/// `.rs` files in `out` that no service produces any more.
pub(crate) fn stale_files<V>(out: &Path, files: &BTreeMap<String, V>) -> Vec<PathBuf> {
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

/// One line per endpoint of `service`, appended to `out`.
fn summarise(service: &Service, out: &mut String) {
    use std::fmt::Write as _;
    for e in &service.endpoints {
        let call = match &e.action {
            Some(action) => format!("{} {} Action={action}", e.method, e.path),
            None => format!("{} {}", e.method, e.path),
        };
        let limit = e.rate_limit.map_or_else(|| "no limit".to_owned(), |n| format!("{n}/s"));
        let _ = writeln!(
            out,
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
