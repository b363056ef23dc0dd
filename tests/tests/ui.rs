//! Compile-time guarantees of the generated API (trybuild): what must
//! compile, and what must not, with the compiler's committed messages.
//! Fail cases are grouped by what they prove: `annotate/` and
//! `include_specs/` (the macros' diagnostics), `one_of/`, `variants/`,
//! `values/`, `required/` and `errors/` (what the generated types refuse).
//! Re-bless intended message changes with `TRYBUILD=overwrite cargo test -p apigen-tests --test ui`.

use std::io::Read as _;
use std::path::Path;

use apigen::import::openapi::{EnvelopeProfile, OpenApiOptions};

/// Imports the Feishu catalogue (`../shared/corpora/`, or `APIGEN_CORPORA`)
/// and writes the generated code of its `acs` domain where
/// `ui/pass/imported_domain_compiles.rs` includes it.
fn write_imported_domain() {
    let corpora = std::env::var_os("APIGEN_CORPORA").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpora"),
        std::path::PathBuf::from,
    );
    let file = corpora.join("feishu-1.74.0.openapi.json.gz");
    let mut text = String::new();
    flate2::read::GzDecoder::new(std::fs::File::open(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display())))
        .read_to_string(&mut text)
        .unwrap();
    let doc = apigen::import::doc::parse(&text).unwrap();
    let options = OpenApiOptions {
        service: "feishu".to_owned(),
        split_by_tag: true,
        envelope: Some(EnvelopeProfile::feishu()),
        strict: false,
        source: "feishu-1.74.0.openapi.json.gz".to_owned(),
    };
    let imported = apigen::import::openapi::import(&doc, &options).unwrap();
    let specs = tempfile::tempdir().unwrap();
    for (path, text) in imported.files.iter().filter(|(p, _)| p.starts_with("acs")) {
        let target = specs.path().join(path);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::write(target, text).unwrap();
    }
    let service = apigen::load_service(&specs.path().join("acs")).unwrap_or_else(|p| panic!("{p}"));
    let code = apigen::generate_service_source(&service, &apigen::Settings::default()).unwrap();
    let out = Path::new(env!("CARGO_MANIFEST_DIR")).join("ui/pass/imported");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("acs.rs"), code).unwrap();
}

#[test]
fn ui() {
    write_imported_domain();
    let cases = trybuild::TestCases::new();
    cases.pass("ui/pass/*.rs");
    cases.compile_fail("ui/fail/*/*.rs");
}
