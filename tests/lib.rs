//! Test support shared by the suites.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// The repository's `api-specs/`.
pub fn api_specs() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join("api-specs")
}

/// A temporary copy of `api-specs/` with extra endpoint files added to a
/// service, for a sandbox that serves endpoints the repository's specs lack.
pub fn specs_with_endpoints(service: &str, endpoints: &[(&str, &str)]) -> io::Result<tempfile::TempDir> {
    let dir = tempfile::tempdir()?;
    copy_dir(&api_specs(), dir.path())?;
    for (file, text) in endpoints {
        fs::write(dir.path().join(service).join("endpoints").join(file), text)?;
    }
    Ok(dir)
}

fn copy_dir(from: &Path, to: &Path) -> io::Result<()> {
    fs::create_dir_all(to)?;
    for entry in fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            fs::copy(entry.path(), target)?;
        }
    }
    Ok(())
}
