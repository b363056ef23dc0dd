//! What `generate` writes is a file rustc reads: vendor text in it must not
//! hold what rustc refuses in a doc comment (a bare CR, bidirectional
//! overrides), whatever the spec's descriptions say.

use std::path::Path;

#[test]
fn vendor_text_cannot_break_the_generated_file() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/specs/hostile");
    let service = apigen::load_service(&dir).unwrap_or_else(|e| panic!("{e}"));
    let code = apigen::render_service_file(&service, &apigen::Settings::default()).unwrap();
    assert!(!code.contains('\r'), "a bare CR reached the file");
    assert!(!code.contains('\u{202E}'), "a bidi override reached the file");
    assert!(
        code.contains("/// ends a line, and a bidi override U+202E is written out"),
        "{code}"
    );
    syn::parse_file(&code).unwrap();
}

#[test]
fn a_type_that_contains_itself_is_boxed_and_listed_once() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/specs/hostile");
    let service = apigen::load_service(&dir).unwrap_or_else(|e| panic!("{e}"));
    let code = apigen::render_service_file(&service, &apigen::Settings::default()).unwrap();
    assert!(code.contains("pub child: Option<Box<Node>>"), "{code}");
    assert!(code.contains("pub children: Option<Vec<Node>>"), "{code}");
    // The inventory follows a type into itself once, not for ever.
    let catalog = apigen::Catalog {
        services: vec![service],
    };
    let inventory = apigen::inventory::inventory(&catalog);
    let me = inventory.endpoints.iter().find(|e| e.id == "self").unwrap();
    let tree: Vec<&str> = me
        .response_fields
        .iter()
        .map(String::as_str)
        .filter(|f| f.starts_with("tree"))
        .collect();
    assert_eq!(tree, ["tree", "tree.child", "tree.children", "tree.label"]);
}
