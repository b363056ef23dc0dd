//! Exporters: the checked catalogue written out in other formats.
//!
//! [`openapi`] writes one OpenAPI 3.1 document per service
//! (`apigen openapi`); the other modules are its parts, split by idea.

pub mod errors;
pub mod json;
pub mod openapi;
pub mod paths;
pub mod schemas;
pub mod security;

use std::collections::HashMap;
use std::path::Path;

use crate::diagnostic::Diagnostics;
use crate::spec::load::{load_service_dir, service_dirs, LoadLimits};

pub use json::Json;

/// Loads and checks every service under `root` and gives each one's OpenAPI
/// document to `visit` as `(service id, document)`, one service in memory at
/// a time. Every problem of every service is returned together, as
/// [`crate::each_service_with`] does; `visit` sees only services that check.
pub fn openapi_documents(
    root: &Path,
    limits: &LoadLimits,
    mut visit: impl FnMut(&str, Json),
) -> Result<(), Diagnostics> {
    let mut problems = Diagnostics::default();
    let mut ids: HashMap<String, std::path::PathBuf> = HashMap::new();
    for dir in service_dirs(root)? {
        let checked = load_service_dir(&dir, limits).and_then(|source| {
            let service = crate::validate::validate_service(&source)?;
            if let Some(first) = ids.insert(service.id.clone(), source.service.path.clone()) {
                return Err(Diagnostics(vec![source.service.error(
                    "service",
                    format!(
                        "service id `{}` is already used by {}; ids must be unique",
                        service.id,
                        first.display()
                    ),
                )]));
            }
            Ok((service, openapi::Facts::of(&source)))
        });
        match checked {
            Ok((service, facts)) => visit(&service.id, openapi::document(&service, &facts)),
            Err(more) => problems.extend(more),
        }
    }
    problems.into_result(())
}
