//! apigen: YAML transcriptions of vendor API pages → typed Rust clients.
//!
//! One library behind every front end (the `apigen` CLI, the client crate's
//! `build.rs`, and the `apigen-macros` proc-macros), in four stages:
//!
//! 1. **load** ([`spec::load`]): read `service.yaml` and `endpoints/*.yaml`,
//!    reject YAML syntax errors, duplicate keys and unknown keys;
//! 2. **validate** ([`validate`]): resolve type names, check enums,
//!    constraints, groups and error tables, reporting every problem with its
//!    file, line and column;
//! 3. **model** ([`model`]): the checked catalogue;
//! 4. **emit** ([`emit`]): one token stream per service, formatted with
//!    prettyplease ([`format_tokens`]).
//!
//! This crate only generates: it never depends on `proc_macro`, on anything
//! async or on a command-line parser, so build scripts and the macro crate
//! compile little more than `syn`. The command line (`apigen-cli`) and the
//! sandbox (`apigen-sandbox`) are crates of their own.

pub mod annotate;
pub mod diagnostic;
pub mod diff;
pub mod emit;
pub mod export;
pub mod import;
pub mod inventory;
pub mod model;
pub mod naming;
pub mod spec;
pub mod validate;

use std::path::Path;

pub use diagnostic::{Diagnostic, Diagnostics};
pub use emit::{RoundTrip, Settings};
pub use model::{Catalog, Service};
pub use spec::load::LoadLimits;

/// Loads and checks every service under `root` (e.g. `api-specs/`).
pub fn load_catalog(root: &Path) -> Result<Catalog, Diagnostics> {
    load_catalog_with(root, &LoadLimits::default())
}

/// [`load_catalog`] within other file-size and nesting bounds.
pub fn load_catalog_with(root: &Path, limits: &LoadLimits) -> Result<Catalog, Diagnostics> {
    let sources = spec::load::load_dir(root, limits)?;
    validate::validate(&sources)
}

/// Loads and checks the services under `root` one at a time, handing each
/// checked service to `visit` and dropping it before the next is read, so
/// memory holds one service, not the catalogue (a 20,000-endpoint
/// catalogue's specs and model do not fit in a few hundred megabytes at
/// once). Every problem of every service is returned together, as
/// [`load_catalog_with`] does; `visit` is called only for services that
/// check, and a service whose id an earlier one already uses is a problem.
pub fn each_service_with(root: &Path, limits: &LoadLimits, mut visit: impl FnMut(Service)) -> Result<(), Diagnostics> {
    let mut problems = Diagnostics::default();
    let mut ids = std::collections::HashMap::new();
    for dir in spec::load::service_dirs(root)? {
        let checked = spec::load::load_service_dir(&dir, limits).and_then(|source| {
            let service = validate::validate_service(&source)?;
            match ids.insert(service.id.clone(), source.service.path.clone()) {
                Some(first) => Err(Diagnostics(vec![source.service.error(
                    "service",
                    format!(
                        "service id `{}` is already used by {}; ids must be unique",
                        service.id,
                        first.display()
                    ),
                )])),
                None => Ok(service),
            }
        });
        match checked {
            Ok(service) => visit(service),
            Err(more) => problems.extend(more),
        }
    }
    problems.into_result(())
}

/// Loads and checks several spec directories as one (see
/// [`spec::load::load_layers`]): e.g. `api-specs/` plus a folder holding
/// only `feishu/endpoints/new_endpoint.yaml`.
pub fn load_catalog_layers(roots: &[std::path::PathBuf]) -> Result<Catalog, Diagnostics> {
    load_catalog_layers_with(roots, &LoadLimits::default())
}

/// [`load_catalog_layers`] within other file-size and nesting bounds.
pub fn load_catalog_layers_with(roots: &[std::path::PathBuf], limits: &LoadLimits) -> Result<Catalog, Diagnostics> {
    let sources = spec::load::load_layers(roots, limits)?;
    validate::validate(&sources)
}

/// Loads and checks one service folder (e.g. `api-specs/feishu`).
pub fn load_service(dir: &Path) -> Result<Service, Diagnostics> {
    let source = spec::load::load_service_dir(dir, &LoadLimits::default())?;
    validate::validate_service(&source)
}

/// Formats generated tokens as a Rust source file.
pub fn format_tokens(tokens: proc_macro2::TokenStream) -> Result<String, syn::Error> {
    let file = syn::parse2::<syn::File>(tokens)?;
    Ok(space_out_items(&prettyplease::unparse(&file)))
}

/// prettyplease writes top-level items back to back; a blank line between
/// them makes the snapshot readable. Only lines at column 0 are considered,
/// so nothing inside an item (or a string, which prettyplease escapes) moves.
fn space_out_items(code: &str) -> String {
    let mut out = String::with_capacity(code.len() + code.len() / 16);
    let mut item_ended = false;
    for line in code.lines() {
        let starts_item = !line.is_empty() && !line.starts_with([' ', '}', ')', ']']);
        if item_ended && starts_item {
            out.push('\n');
        }
        out.push_str(line);
        out.push('\n');
        item_ended = !line.starts_with([' ', '/']) && (line.ends_with('}') || line.ends_with(';'));
    }
    out
}

/// Generates and formats one service's module source.
///
/// A large service is cut into parts that are generated and formatted on
/// all cores; formatting is per item, so the result is the same as
/// formatting the whole file at once.
pub fn generate_service_source(service: &Service, settings: &Settings) -> Result<String, syn::Error> {
    let emitter = emit::Emitter::new(service, settings);
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get());
    let items = service.types.len().max(service.endpoints.len());
    let parts = emitter.parts(items.div_ceil(workers * 4).clamp(1, 16));
    // Token streams are not `Send`: each thread generates the parts it formats.
    let mut formatted: Vec<(usize, Result<String, String>)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|worker| {
                let (emitter, parts) = (&emitter, &parts);
                scope.spawn(move || {
                    (worker..parts.len())
                        .step_by(workers)
                        .map(|i| (i, format_tokens(emitter.part(&parts[i])).map_err(|e| e.to_string())))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|handle| {
                handle
                    .join()
                    .unwrap_or_else(|_| vec![(0, Err("a formatting thread panicked".to_owned()))])
            })
            .collect()
    });
    formatted.sort_by_key(|(i, _)| *i);
    let parts: Result<Vec<String>, String> = formatted.into_iter().map(|(_, part)| part).collect();
    parts
        .map(|parts| join_parts(&parts))
        .map_err(|message| syn::Error::new(proc_macro2::Span::call_site(), message))
}

/// Joins formatted parts with the blank line [`space_out_items`] puts between items.
fn join_parts(parts: &[String]) -> String {
    let mut code = String::new();
    for part in parts.iter().filter(|p| !p.is_empty()) {
        if !code.is_empty() {
            code.push('\n');
        }
        code.push_str(part);
    }
    code
}

/// The header every generated service file starts with.
pub fn file_header(service: &Service) -> String {
    format!(
        "// @generated by apigen from api-specs/{id}/. Do not edit: change the specs and run\n// `cargo run --bin apigen -- generate`.\n\n",
        id = service.id
    )
}

/// A complete generated service file: header plus formatted code.
pub fn render_service_file(service: &Service, settings: &Settings) -> Result<String, syn::Error> {
    Ok(file_header(service) + &generate_service_source(service, settings)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formatting_part_by_part_equals_formatting_the_whole_file() {
        let specs = Path::new(env!("CARGO_MANIFEST_DIR")).join("../api-specs");
        let catalog = load_catalog(&specs).unwrap_or_else(|e| panic!("{e}"));
        for service in &catalog.services {
            let emitter = emit::Emitter::new(service, &Settings::default());
            let whole = format_tokens(emitter.all()).unwrap();
            let parts: Vec<String> = emitter
                .parts(1)
                .iter()
                .map(|part| format_tokens(emitter.part(part)).unwrap())
                .collect();
            assert_eq!(join_parts(&parts), whole, "{}", service.id);
            assert_eq!(generate_service_source(service, &Settings::default()).unwrap(), whole);
        }
    }
}
