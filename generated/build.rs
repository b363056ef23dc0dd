//! Generates one module per service of `../api-specs/` into `OUT_DIR`.
//!
//! Only services whose cargo feature is on are generated, so a user who
//! compiles one service pays for one: cargo says which features are on
//! (`CARGO_FEATURE_<NAME>`), and this crate's own `Cargo.toml`, parsed,
//! says which exist, so a service folder without a feature is an error
//! rather than a service silently left out. Cargo reruns this script when
//! any spec file (or the manifest) changes, and only then.

use std::collections::BTreeMap;
use std::env;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use apigen::spec::load::service_dirs;

/// The part of `Cargo.toml` this script reads.
#[derive(serde::Deserialize)]
struct Manifest {
    #[serde(default)]
    features: BTreeMap<String, Vec<String>>,
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), String> {
    let manifest_dir = PathBuf::from(env::var("CARGO_MANIFEST_DIR").map_err(|e| e.to_string())?);
    let out_dir = PathBuf::from(env::var("OUT_DIR").map_err(|e| e.to_string())?);
    let specs = manifest_dir.join("..").join("api-specs");
    println!("cargo::rerun-if-changed={}", specs.display());
    let manifest_path = manifest_dir.join("Cargo.toml");
    println!("cargo::rerun-if-changed={}", manifest_path.display());
    let features = declared_features(&manifest_path)?;

    let mut modules = String::new();
    for dir in service_dirs(&specs).map_err(|problems| problems.to_string())? {
        track(&dir)?;
        let id = dir
            .file_name()
            .and_then(|n| n.to_str())
            .ok_or_else(|| format!("{} is not a UTF-8 folder name", dir.display()))?
            .to_owned();
        if !features.contains_key(&id) {
            return Err(format!(
                "api-specs/{id}/ has no cargo feature: add `{id} = []` to [features] (and to `default`) in generated/Cargo.toml"
            ));
        }
        if env::var_os(format!("CARGO_FEATURE_{}", id.to_uppercase())).is_none() {
            continue;
        }
        let service = apigen::load_service(&dir).map_err(|problems| problems.to_string())?;
        let settings =
            apigen::Settings::default().with_round_trip(apigen::RoundTrip::TestsOrFeature("round-trip".to_owned()));
        let code = apigen::render_service_file(&service, &settings)
            .map_err(|e| format!("internal error: generated code for `{id}` does not parse: {e}"))?;
        fs::write(out_dir.join(format!("{id}.rs")), code).map_err(|e| e.to_string())?;
        let doc = format!(
            "{}: typed client items generated from `api-specs/{id}/`.",
            service.title
        );
        let _ = writeln!(
            modules,
            "#[cfg(feature = {id:?})]\n#[doc = {doc:?}]\npub mod {id} {{\n    include!(concat!(env!(\"OUT_DIR\"), \"/{id}.rs\"));\n}}"
        );
    }
    fs::write(out_dir.join("services.rs"), modules).map_err(|e| e.to_string())
}

/// The `[features]` table of the crate's manifest.
fn declared_features(path: &Path) -> Result<BTreeMap<String, Vec<String>>, String> {
    let text = fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let manifest: Manifest = toml::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(manifest.features)
}

/// Prints `rerun-if-changed` for every file of a service folder.
fn track(dir: &Path) -> Result<(), String> {
    for entry in fs::read_dir(dir).map_err(|e| e.to_string())?.flatten() {
        let path = entry.path();
        if path.is_dir() {
            track(&path)?;
        } else {
            println!("cargo::rerun-if-changed={}", path.display());
        }
    }
    Ok(())
}
