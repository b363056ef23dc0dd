//! The importers on mutated catalogues (the OpenAPI renderings of the seed
//! endpoints and the OpenMeta fixture, with `$ref`s, keys and values
//! inserted, deleted and flipped): every input ends in specs or in errors
//! at JSON pointers, never in a panic or a stack overflow.

use std::path::Path;

use apigen::import::openapi::{EnvelopeProfile, OpenApiOptions};
use proptest::prelude::*;
use serde::{Deserialize, Serialize};

use crate::harness;
use crate::spec_loader::{apply, edit};

/// A catalogue document, mutated.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct CatalogueInput {
    /// `openapi` or `openmeta`.
    format: String,
    text: String,
}

fn seeds() -> Vec<(&'static str, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let read = |path: &str| std::fs::read_to_string(root.join(path)).unwrap_or_default();
    vec![
        ("openapi", read("openapi/feishu.openapi.yaml")),
        ("openapi", read("openapi/sangfor.openapi.yaml")),
        ("openmeta", read("openmeta/openmeta_demo.api-docs.json")),
        // References among components, for edits to tie into knots.
        (
            "openapi",
            r##"{"openapi":"3.0.3","info":{"title":"t"},"components":{"schemas":{"A":{"$ref":"#/components/schemas/B"},"B":{"type":"object","properties":{"a":{"$ref":"#/components/schemas/A"},"c":{"allOf":[{"$ref":"#/components/schemas/B"}]}}}}},"paths":{"/a":{"post":{"operationId":"a","requestBody":{"content":{"application/json":{"schema":{"$ref":"#/components/schemas/A"}}}},"responses":{"200":{"description":"ok","content":{"application/json":{"schema":{"type":"object","properties":{"data":{"$ref":"#/components/schemas/B"}}}}}}}}}}}"##.to_owned(),
        ),
    ]
}

/// Fragments that reference, nest and break JSON and YAML.
const TOKENS: &[&str] = &[
    "\"$ref\":\"#/components/schemas/A\",",
    "$ref: '#/components/schemas/B'\n",
    "\"#/components/schemas/B\"",
    "{\"oneOf\":[",
    "\"allOf\":[{",
    "\"discriminator\":{\"propertyName\":\"a\"},",
    "]}",
    "{",
    "}",
    "[",
    "]",
    ",",
    "\"",
    ":",
    "\n",
    "  ",
    "\"type\":\"array\",",
    "\"itemNode\":true,",
    "\"style\":\"repeatList\",",
];

fn input() -> impl Strategy<Value = CatalogueInput> {
    let seeds = seeds();
    let count = seeds.len();
    let insert =
        (any::<prop::sample::Index>(), prop::sample::select(TOKENS)).prop_map(|(at, token)| (at, token.to_owned()));
    (
        0..count,
        prop::collection::vec(edit(), 0..4),
        prop::collection::vec(insert, 0..4),
    )
        .prop_map(move |(i, edits, inserts)| {
            let (format, text) = &seeds[i];
            let mut bytes = apply(text.clone().into_bytes(), &edits);
            for (at, token) in inserts {
                let p = at.index(bytes.len() + 1);
                bytes.splice(p..p, token.bytes());
            }
            CatalogueInput {
                format: (*format).to_owned(),
                text: String::from_utf8_lossy(&bytes).into_owned(),
            }
        })
}

fn check(input: &CatalogueInput) -> Result<(), String> {
    let Ok(doc) = apigen::import::doc::parse(&input.text) else {
        return Ok(()); // not JSON or YAML: the CLI reports it with the file
    };
    let result = match input.format.as_str() {
        "openmeta" => apigen::import::openmeta::import(&[("fuzz.json".to_owned(), doc)], false),
        _ => {
            let options = OpenApiOptions {
                service: "fuzz".to_owned(),
                split_by_tag: true,
                envelope: Some(EnvelopeProfile::feishu()),
                strict: false,
                source: "fuzz".to_owned(),
            };
            apigen::import::openapi::import(&doc, &options)
        }
    };
    match result {
        Ok(_) => Ok(()),
        Err(errors) if errors.is_empty() => Err("refused with no problem named".to_owned()),
        Err(errors) => match errors.iter().find(|e| e.message.trim().is_empty()) {
            Some(e) => Err(format!("a problem says nothing: {e:?}")),
            None => Ok(()),
        },
    }
}

#[test]
fn every_mutated_catalogue_imports_or_fails_with_located_problems() {
    harness::fuzz("importers", input(), check);
}
