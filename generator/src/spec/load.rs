//! Reading spec files: YAML syntax, duplicate keys and the schema of each document.
//!
//! A spec directory holds one folder per service: `service.yaml` plus
//! `endpoints/*.yaml`, one file per endpoint, so a catalogue of thousands of
//! endpoints stays a set of small files that diff and review well.

use std::fs;
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;

use super::ast::{EndpointFile, ServiceFile};
use super::depth_bound::depth_bound;
use super::positions::{PositionIndex, Positions};
use crate::diagnostic::{closest, file_error, Diagnostic, Diagnostics};

/// A parsed document and where its nodes are.
#[derive(Debug)]
pub struct Source<T> {
    /// The file.
    pub path: PathBuf,
    /// Node positions, for semantic diagnostics.
    pub positions: Positions,
    /// The document.
    pub doc: T,
}

impl<T> Source<T> {
    /// A diagnostic at the node `path` of this document.
    pub fn error(&self, path: &str, message: impl Into<String>) -> Diagnostic {
        let position = self.positions.index().locate(path);
        Diagnostic {
            file: self.path.clone(),
            line: position.map(|p| p.line),
            column: position.map(|p| p.column),
            path: path.to_owned(),
            message: message.into(),
            suggestion: None,
        }
    }
}

/// One service's documents.
#[derive(Debug)]
pub struct ServiceSource {
    /// `service.yaml`.
    pub service: Source<ServiceFile>,
    /// `endpoints/*.yaml`, by file name.
    pub endpoints: Vec<Source<EndpointFile>>,
}

/// The file name that marks a service folder.
pub const SERVICE_FILE: &str = "service.yaml";
/// The folder of endpoint files inside a service folder.
pub const ENDPOINTS_DIR: &str = "endpoints";

/// Lists the service folders of a spec directory, in name order.
///
/// A folder is a service when it has a `service.yaml` file; one with an
/// `endpoints/` folder but no such file (or a `service.yaml` that is not a
/// file) is an error rather than a service silently left out, and so is a
/// directory with no service at all.
pub fn service_dirs(root: &Path) -> Result<Vec<PathBuf>, Diagnostics> {
    let entries = fs::read_dir(root)
        .map_err(|e| Diagnostics(vec![file_error(root, format!("cannot read the spec directory: {e}"))]))?;
    let mut dirs = Vec::new();
    let mut problems = Diagnostics::default();
    for entry in entries.flatten() {
        let path = entry.path();
        let service_file = path.join(SERVICE_FILE);
        if service_file.is_file() {
            dirs.push(path);
        } else if service_file.exists() {
            problems.push(file_error(
                &service_file,
                "is not a file; a service folder's `service.yaml` is a YAML file",
            ));
        } else if path.join(ENDPOINTS_DIR).is_dir() {
            problems.push(file_error(
                &path,
                format!(
                    "has `{ENDPOINTS_DIR}/` but no `{SERVICE_FILE}`; add one, or move the endpoints to their service"
                ),
            ));
        }
    }
    if dirs.is_empty() && problems.is_empty() {
        problems.push(file_error(
            root,
            format!("holds no service folder (a folder with a `{SERVICE_FILE}`); is this the spec directory?"),
        ));
    }
    dirs.sort();
    problems.into_result(dirs)
}

/// Reads every service under `root`; all problems of all files are reported together.
pub fn load_dir(root: &Path, limits: &LoadLimits) -> Result<Vec<ServiceSource>, Diagnostics> {
    let mut services = Vec::new();
    let mut problems = Diagnostics::default();
    for dir in service_dirs(root)? {
        match load_service_dir(&dir, limits) {
            Ok(service) => services.push(service),
            Err(more) => problems.extend(more),
        }
    }
    problems.into_result(services)
}

/// Reads several spec directories as one: the first gives the services,
/// each later one may add services (folders with a `service.yaml`) or
/// endpoints to an earlier service (folders with only `endpoints/`).
pub fn load_layers(roots: &[PathBuf], limits: &LoadLimits) -> Result<Vec<ServiceSource>, Diagnostics> {
    let mut services: Vec<ServiceSource> = Vec::new();
    let mut problems = Diagnostics::default();
    for root in roots {
        let entries = fs::read_dir(root)
            .map_err(|e| Diagnostics(vec![file_error(root, format!("cannot read the spec directory: {e}"))]))?;
        let mut dirs: Vec<PathBuf> = entries.flatten().map(|e| e.path()).filter(|p| p.is_dir()).collect();
        dirs.sort();
        for dir in dirs {
            let result = if dir.join(SERVICE_FILE).is_file() {
                load_service_dir(&dir, limits).map(|service| services.push(service))
            } else {
                add_endpoints(&dir, &mut services, limits)
            };
            if let Err(more) = result {
                problems.extend(more);
            }
        }
    }
    problems.into_result(services)
}

/// Adds a folder's `endpoints/*.yaml` to the earlier service of the same name.
fn add_endpoints(dir: &Path, services: &mut [ServiceSource], limits: &LoadLimits) -> Result<(), Diagnostics> {
    let mut problems = Diagnostics::default();
    let files = endpoint_files(dir, &mut problems);
    if files.is_empty() {
        return problems.into_result(());
    }
    let name = dir.file_name().and_then(|n| n.to_str()).unwrap_or_default();
    let Some(service) = services.iter_mut().find(|s| s.service.doc.service == name) else {
        problems.push(file_error(
            dir,
            format!("adds endpoints to a service `{name}` that no earlier spec directory defines (no {SERVICE_FILE})"),
        ));
        return Err(problems);
    };
    for parsed in parse_all(&files, limits) {
        match parsed {
            Ok(endpoint) => service.endpoints.push(endpoint),
            Err(more) => problems.extend(more),
        }
    }
    problems.into_result(())
}

/// Reads one service folder.
pub fn load_service_dir(dir: &Path, limits: &LoadLimits) -> Result<ServiceSource, Diagnostics> {
    let mut problems = Diagnostics::default();
    let service = parse_file::<ServiceFile>(&dir.join(SERVICE_FILE), limits);
    let mut endpoints = Vec::new();
    for parsed in parse_all(&endpoint_files(dir, &mut problems), limits) {
        match parsed {
            Ok(endpoint) => endpoints.push(endpoint),
            Err(more) => problems.extend(more),
        }
    }
    match service {
        Ok(service) => problems.into_result(ServiceSource { service, endpoints }),
        Err(more) => {
            problems.extend(more);
            Err(problems)
        }
    }
}

/// Parses endpoint files on all cores, keeping their order.
fn parse_all(paths: &[PathBuf], limits: &LoadLimits) -> Vec<Result<Source<EndpointFile>, Diagnostics>> {
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get());
    if workers == 1 || paths.len() < 32 {
        return paths.iter().map(|p| parse_file(p, limits)).collect();
    }
    let chunk = paths.len().div_ceil(workers);
    std::thread::scope(|scope| {
        let handles: Vec<_> = paths
            .chunks(chunk)
            .map(|chunk| scope.spawn(move || chunk.iter().map(|p| parse_file(p, limits)).collect::<Vec<_>>()))
            .collect();
        handles
            .into_iter()
            .zip(paths.chunks(chunk))
            .flat_map(|(handle, chunk)| {
                handle.join().unwrap_or_else(|_| {
                    chunk
                        .iter()
                        .map(|p| Err(Diagnostics(vec![file_error(p, "the parser panicked")])))
                        .collect()
                })
            })
            .collect()
    })
}

fn endpoint_files(dir: &Path, problems: &mut Diagnostics) -> Vec<PathBuf> {
    let endpoints_dir = dir.join(ENDPOINTS_DIR);
    let entries = match fs::read_dir(&endpoints_dir) {
        Ok(entries) => entries,
        // A service may have no endpoint yet.
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Vec::new(),
        Err(e) => {
            problems.push(file_error(
                &endpoints_dir,
                format!("cannot read the endpoint folder: {e}"),
            ));
            return Vec::new();
        }
    };
    let mut files = Vec::new();
    for entry in entries.flatten() {
        let path = entry.path();
        match path.extension().and_then(|e| e.to_str()) {
            Some("yaml") => files.push(path),
            Some("yml") => problems.push(file_error(
                &path,
                "endpoint files end in `.yaml`; rename this file so it is read",
            )),
            _ => {}
        }
    }
    files.sort();
    files
}

/// Bounds on what a spec file may make the loader read or nest; the
/// defaults are far above any real spec.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LoadLimits {
    /// The largest spec file read, in bytes (default 8 MiB; the largest
    /// real endpoint file is far under 1 MiB).
    pub max_file_bytes: u64,
    /// How deeply mappings and lists may nest in one file (default 64:
    /// some 30 levels of inline objects). serde_yaml's own bound of 128
    /// applies whatever this says.
    pub max_depth: usize,
}

impl Default for LoadLimits {
    fn default() -> Self {
        LoadLimits {
            max_file_bytes: 8 * 1024 * 1024,
            max_depth: 64,
        }
    }
}

/// Reads and parses one file.
pub fn parse_file<T: DeserializeOwned>(path: &Path, limits: &LoadLimits) -> Result<Source<T>, Diagnostics> {
    let fail = |message: String| Diagnostics(vec![file_error(path, message)]);
    let max = limits.max_file_bytes;
    // Only regular files, and only so much of them: a FIFO named like a spec
    // would block the read, a link to /dev/zero would never end.
    let metadata = fs::metadata(path).map_err(|e| fail(format!("cannot read: {e}")))?;
    if !metadata.is_file() {
        return Err(fail("is not a regular file; a spec is a YAML file".to_owned()));
    }
    if metadata.len() > max {
        return Err(fail(format!(
            "is {} bytes; a spec file is at most {max} bytes (split the service's endpoints into files)",
            metadata.len()
        )));
    }
    let mut text = String::new();
    let read = fs::File::open(path).and_then(|file| {
        std::io::Read::read_to_string(&mut std::io::Read::take(file, max.saturating_add(1)), &mut text)
    });
    match read {
        Ok(n) if u64::try_from(n).map_or(true, |n| n > max) => Err(fail(format!("grew past {max} bytes while read"))),
        Ok(_) => parse_str(path, &text, limits),
        Err(e) => Err(fail(format!("cannot read: {e}"))),
    }
}

/// The exact syntax, duplicate-key and depth check of one document.
fn exact_check(path: &Path, text: &str, limits: &LoadLimits) -> Result<(), Diagnostics> {
    PositionIndex::check(text, limits.max_depth).map_err(|errors| {
        Diagnostics(
            errors
                .into_iter()
                .map(|e| Diagnostic {
                    file: path.to_owned(),
                    line: Some(e.position.line),
                    column: Some(e.position.column),
                    path: e.path,
                    message: e.message,
                    suggestion: None,
                })
                .collect(),
        )
    })
}

/// Parses one document; `path` names it in diagnostics.
pub fn parse_str<T: DeserializeOwned>(path: &Path, text: &str, limits: &LoadLimits) -> Result<Source<T>, Diagnostics> {
    // Editors on Windows may start a file with a byte-order mark.
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    // The exact check (syntax, duplicate keys, depth) is a second parse of
    // the file, so it runs only where it can find something: where the text
    // may nest too deep, or where deserializing failed, which a repeated key
    // always makes it do (see `unique_keys`). Its report names both places
    // of a repeated key, which serde's cannot.
    let shallow = depth_bound(text) <= limits.max_depth;
    if !shallow {
        exact_check(path, text, limits)?;
    }
    let deserializer = serde_yaml::Deserializer::from_str(text);
    let positions = Positions::of(text.to_owned());
    let doc = serde_path_to_error::deserialize(deserializer).map_err(|error| {
        if shallow {
            if let Err(problems) = exact_check(path, text, limits) {
                return problems;
            }
        }
        Diagnostics(vec![schema_error(path, positions.index(), error)])
    })?;
    Ok(Source {
        path: path.to_owned(),
        positions,
        doc,
    })
}

fn schema_error(
    file: &Path,
    index: &PositionIndex,
    error: serde_path_to_error::Error<serde_yaml::Error>,
) -> Diagnostic {
    let mut path = error.path().to_string();
    if path == "." {
        path.clear();
    }
    let inner = error.into_inner();
    let location = inner
        .location()
        .map(|l| (l.line(), l.column()))
        .or_else(|| index.locate(&path).map(|p| (p.line, p.column)));
    let mut message = inner.to_string();
    // serde_yaml repeats the path and the position; the diagnostic shows both already.
    if let Some((head, rest)) = message.split_once(": ") {
        if !head.is_empty() && path.starts_with(head) {
            message = rest.to_owned();
        }
    }
    if let Some(cut) = message.find(" at line ") {
        message.truncate(cut);
    }
    let suggestion = suggestion_for(&message);
    if message.starts_with("unknown field") {
        message.push_str("; remove it or use one of the expected keys");
    }
    Diagnostic {
        file: file.to_owned(),
        line: location.map(|l| l.0),
        column: location.map(|l| l.1),
        path,
        message,
        suggestion,
    }
}

/// For serde's "unknown field `x`, expected one of `a`, `b`" (and the same
/// for variants), the expected name closest to `x`.
fn suggestion_for(message: &str) -> Option<String> {
    let rest = message
        .strip_prefix("unknown field `")
        .or_else(|| message.strip_prefix("unknown variant `"))?;
    let (wrong, expected) = rest.split_once('`')?;
    let names: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
    closest(wrong, names)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_the_closest_expected_name() {
        let message = "unknown field `requird`, expected one of `type`, `required`, `name`";
        assert_eq!(suggestion_for(message).as_deref(), Some("required"));
        assert_eq!(suggestion_for("unknown field `zzz`, expected `type`"), None);
    }
}
