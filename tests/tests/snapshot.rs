//! The committed code under `generated/snapshot/` is what the specs generate.
//!
//! An intentional change is re-blessed with `cargo run --bin apigen -- generate`.

use std::path::Path;

#[test]
fn snapshot_matches_the_specs() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let catalog = apigen::load_catalog(&root.join("api-specs")).unwrap_or_else(|e| panic!("{e}"));
    let snapshot_dir = root.join("generated").join("snapshot");
    let mut stale = Vec::new();
    for service in &catalog.services {
        let fresh = apigen::render_service_file(service, &apigen::Settings::default()).expect("generated code parses");
        let path = snapshot_dir.join(format!("{}.rs", service.id));
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        if committed != fresh {
            stale.push(path.display().to_string());
        }
    }
    assert!(
        stale.is_empty(),
        "stale snapshots: {stale:?}\nif the change is intended, run `cargo run --bin apigen -- generate` and commit"
    );
    let files = std::fs::read_dir(&snapshot_dir).expect("snapshot dir").count();
    assert_eq!(
        files,
        catalog.services.len(),
        "one snapshot file per service, no leftovers"
    );
}

#[test]
fn generated_code_stays_small() {
    // Shared types and common errors are emitted once per service: the whole
    // seed catalogue stays well under what one endpoint per page would cost
    // if every endpoint re-emitted them.
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let feishu = std::fs::read_to_string(root.join("generated/snapshot/feishu.rs")).expect("feishu snapshot");
    assert_eq!(feishu.matches("pub enum DeviceOwnership").count(), 1);
    assert_eq!(feishu.matches("pub enum CommonError").count(), 1);
    assert_eq!(feishu.matches("static COMMON_ERRORS").count(), 1);
}
