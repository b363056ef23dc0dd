//! Where the specs and the snapshot are, and loading the specs for a command.

use std::path::{Path, PathBuf};

use apigen::Catalog;

/// The spec directory and the snapshot folder, as every command takes them.
#[derive(clap::Args)]
pub(crate) struct Paths {
    /// The spec directory (default: `api-specs/` of the nearest enclosing workspace).
    #[arg(long)]
    pub(crate) specs: Option<PathBuf>,
    /// Where generated code is written for review (default: `generated/snapshot/` next to the specs).
    #[arg(long)]
    pub(crate) out: Option<PathBuf>,
    #[command(flatten)]
    pub(crate) limits: SpecLimits,
}

/// Bounds on the spec files read, as every command that loads specs takes them.
#[derive(clap::Args)]
pub(crate) struct SpecLimits {
    /// The largest spec file read, in bytes.
    #[arg(long, default_value_t = apigen::LoadLimits::default().max_file_bytes)]
    max_spec_bytes: u64,
    /// How deeply mappings and lists may nest in a spec file (serde_yaml stops at 128 whatever this says).
    #[arg(long, default_value_t = apigen::LoadLimits::default().max_depth)]
    max_spec_depth: usize,
}

impl SpecLimits {
    /// The loader's limits.
    pub(crate) fn get(&self) -> apigen::LoadLimits {
        apigen::LoadLimits {
            max_file_bytes: self.max_spec_bytes,
            max_depth: self.max_spec_depth,
        }
    }
}

impl Paths {
    /// The spec directory and the snapshot folder, defaults filled in.
    pub(crate) fn resolve(&self) -> Result<(PathBuf, PathBuf), String> {
        let specs = match &self.specs {
            Some(specs) => specs.clone(),
            None => find_specs()?,
        };
        let out = match &self.out {
            Some(out) => out.clone(),
            None => specs
                .parent()
                .unwrap_or(Path::new("."))
                .join("generated")
                .join("snapshot"),
        };
        Ok((specs, out))
    }
}

/// `api-specs/` in the current directory or the nearest ancestor that has
/// one, as a relative path so messages stay short (`api-specs/feishu/...`).
pub(crate) fn find_specs() -> Result<PathBuf, String> {
    let cwd = std::env::current_dir().map_err(|e| format!("cannot read the current directory: {e}"))?;
    let up = cwd
        .ancestors()
        .position(|dir| dir.join("api-specs").is_dir())
        .ok_or_else(|| {
            format!(
                "no `api-specs/` directory in {} or above; pass --specs DIR",
                cwd.display()
            )
        })?;
    let mut path: PathBuf = std::iter::repeat_n("..", up).collect();
    path.push("api-specs");
    Ok(path)
}

/// Loads and checks a spec directory, every problem in one message.
pub(crate) fn load(specs: &Path, limits: &SpecLimits) -> Result<Catalog, String> {
    apigen::load_catalog_with(specs, &limits.get()).map_err(|problems| {
        let count = problems.0.len();
        format!(
            "{problems}\n\n{count} problem(s) in {}; nothing was generated",
            specs.display()
        )
    })
}
