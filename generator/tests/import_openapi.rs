//! `import openapi` on the real Feishu catalogue (`../shared/corpora/`,
//! never copied into the project): every operation becomes an endpoint that
//! loads, validates and generates, every approximation is counted, and a
//! second import writes the same bytes.

use std::io::Read as _;
use std::path::{Path, PathBuf};

use apigen::import::doc::{parse, Doc};
use apigen::import::openapi::{import, EnvelopeProfile, OpenApiOptions};
use apigen::import::Import;

/// The corpus: `APIGEN_CORPORA` or `../shared/corpora/` beside the project.
fn corpus() -> PathBuf {
    let dir = std::env::var_os("APIGEN_CORPORA").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpora"),
        PathBuf::from,
    );
    let file = dir.join("feishu-1.74.0.openapi.json.gz");
    assert!(
        file.is_file(),
        "{} is missing: the shared corpora sit beside the project (or set APIGEN_CORPORA)",
        file.display()
    );
    file
}

fn feishu() -> Doc {
    let mut text = String::new();
    let file = std::fs::File::open(corpus()).unwrap();
    flate2::read::GzDecoder::new(file).read_to_string(&mut text).unwrap();
    parse(&text).unwrap()
}

fn options(split: bool) -> OpenApiOptions {
    OpenApiOptions {
        service: "feishu".to_owned(),
        split_by_tag: split,
        envelope: Some(EnvelopeProfile::feishu()),
        strict: false,
        source: "feishu-1.74.0.openapi.json.gz".to_owned(),
    }
}

fn write(import: &Import) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (path, text) in &import.files {
        let target = dir.path().join(path);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::write(target, text).unwrap();
    }
    dir
}

#[test]
fn the_feishu_catalogue_imports_with_no_errors_and_every_endpoint_loads() {
    let doc = feishu();
    let imported = import(&doc, &options(true)).unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(imported.endpoints, 1680);
    assert_eq!(imported.services.len(), 56, "one service per tag");
    // Every approximation is counted by kind: the 75 operations whose token
    // types the source does not know, and the 12 `oneOf`s.
    let approximations: Vec<(&str, usize)> = imported.approximations.iter().map(|(k, v)| (*k, *v)).collect();
    assert_eq!(
        approximations,
        [
            ("auth unknown: every scheme listed", 75),
            ("oneOf/anyOf written as any JSON", 12)
        ]
    );
    let dir = write(&imported);
    let catalog = apigen::load_catalog(dir.path()).unwrap_or_else(|problems| panic!("{problems}"));
    let endpoints: usize = catalog.services.iter().map(|s| s.endpoints.len()).sum();
    assert_eq!(endpoints, 1680);
    // Token types per operation: 604 operations accept more than one.
    let multi = catalog
        .services
        .iter()
        .flat_map(|s| &s.endpoints)
        .filter(|e| e.auth.iter().count() > 1)
        .count();
    assert_eq!(
        multi,
        604 + 75,
        "604 with several token types, 75 with every scheme listed"
    );
    // Multipart uploads, file downloads and cursor paging came through.
    let all = || catalog.services.iter().flat_map(|s| &s.endpoints);
    assert_eq!(all().filter(|e| !e.files.is_empty()).count(), 39, "multipart uploads");
    assert_eq!(
        all()
            .filter(|e| e.response_type == apigen::model::ResponseType::File)
            .count(),
        19,
        "file downloads"
    );
    assert!(all().filter(|e| e.pagination.is_some()).count() >= 300, "cursor paging");
    // One small domain generates code that parses (the compile check is in the ui suite).
    let acs = catalog.services.iter().find(|s| s.id == "acs").unwrap();
    let code = apigen::generate_service_source(acs, &apigen::Settings::default()).unwrap();
    syn::parse_file(&code).unwrap();
}

#[test]
fn a_second_import_writes_the_same_bytes_and_shared_shapes_once() {
    let doc = feishu();
    let first = import(&doc, &options(true)).unwrap();
    let second = import(&doc, &options(true)).unwrap();
    assert_eq!(first.files, second.files);
    // `user_id_type` (user_id / union_id / open_id) is one enum per service, not one per use.
    let contact = first
        .files
        .iter()
        .find(|(p, _)| p == Path::new("contact/service.yaml"))
        .map(|(_, t)| t)
        .unwrap();
    assert_eq!(contact.matches("\n  UserIdType:\n").count(), 1, "{contact:.2000}");
    let uses = first
        .files
        .iter()
        .filter(|(p, _)| p.starts_with("contact/endpoints"))
        .map(|(_, t)| t.matches("type: UserIdType").count())
        .sum::<usize>();
    assert!(uses >= 10, "one definition, {uses} uses");
}

#[test]
fn input_problems_name_their_json_pointer() {
    let doc = parse(
        r##"{"openapi":"3.0.3","info":{"title":"t"},"paths":{"/a/{id}":{"get":{
            "parameters":[{"in":"path","schema":{"type":"string"}}],
            "responses":{"200":{"description":"ok","content":{"application/json":{"schema":{"$ref":"#/components/schemas/Nope"}}}}}}}}}"##,
    )
    .unwrap();
    let errors = import(&doc, &options(false)).unwrap_err();
    let text: Vec<String> = errors.iter().map(ToString::to_string).collect();
    assert_eq!(
        text,
        ["/paths/~1a~1{id}/get: an operation without `operationId`"],
        "{text:?}"
    );
    let doc = parse(r##"{"openapi":"3.0.3","info":{"title":"t"},"paths":{"/a":{"get":{"operationId":"a",
        "parameters":[{"in":"query","schema":{"type":"string"}}],
        "responses":{"200":{"description":"ok","content":{"application/json":{"schema":{"type":"object","properties":{"data":{"$ref":"#/components/schemas/Nope"}}}}}}}}}}}"##).unwrap();
    let errors = import(&doc, &options(false)).unwrap_err();
    let text: Vec<String> = errors.iter().map(ToString::to_string).collect();
    assert_eq!(
        text,
        [
            "/paths/~1a/get/parameters/0: a parameter without `name`",
            "/paths/~1a/get/responses/200/content/application~1json/schema/properties/data: `$ref: #/components/schemas/Nope` names no schema of this document",
        ]
    );
    let swagger = parse(r#"{"swagger":"2.0"}"#).unwrap();
    let errors = import(&swagger, &options(false)).unwrap_err();
    assert_eq!(errors[0].pointer, "/openapi");
}

#[test]
fn strict_makes_every_approximation_an_error() {
    let doc = parse(
        r#"{"openapi":"3.0.3","info":{"title":"t"},"components":{"securitySchemes":{"t":{"type":"http","scheme":"bearer"}}},
        "paths":{"/a":{"get":{"operationId":"a","responses":{"200":{"description":"ok","content":{"application/json":{"schema":
        {"type":"object","properties":{"data":{"type":"object","properties":{"x":{"oneOf":[{"type":"string"},{"type":"number"}]}}}}}}}}}}}}}"#,
    )
    .unwrap();
    let lenient = import(&doc, &options(false)).unwrap();
    assert_eq!(lenient.approximations.len(), 2, "{:?}", lenient.approximations);
    let endpoint = &lenient.files[1].1;
    assert!(endpoint.contains("notes:"), "{endpoint}");
    let strict = OpenApiOptions {
        strict: true,
        ..options(false)
    };
    let errors = import(&doc, &strict).unwrap_err();
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert!(errors.iter().all(|e| e.message.starts_with("--strict")), "{errors:?}");
}

/// The inventory entries of a catalogue, by endpoint id: what an OpenAPI
/// document can say of an endpoint (method, path, action, accepted
/// schemes, request and response wire fields).
fn expressible(catalog: &apigen::Catalog) -> std::collections::BTreeMap<String, serde_json::Value> {
    let inventory = serde_json::to_value(apigen::inventory::inventory(catalog)).unwrap();
    inventory["endpoints"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            let keep = [
                "method",
                "path",
                "action",
                "auth_schemes",
                "request_fields",
                "response_fields",
            ];
            // Field order is the spec's (a hand spec lists a variant's fields after the shared ones).
            let sorted = |v: &serde_json::Value| match v.as_array() {
                Some(items) => {
                    let mut items = items.clone();
                    items.sort_by_key(ToString::to_string);
                    serde_json::Value::Array(items)
                }
                None => v.clone(),
            };
            let picked: serde_json::Map<String, serde_json::Value> =
                keep.iter().map(|k| ((*k).to_owned(), sorted(&e[*k]))).collect();
            (
                format!("{}.{}", e["service"].as_str().unwrap(), e["id"].as_str().unwrap()),
                picked.into(),
            )
        })
        .collect()
}

#[test]
fn the_seed_endpoints_round_trip_through_openapi() {
    // `tests/openapi/`: a hand-written OpenAPI rendering of each seed service, with a profile for
    // what OpenAPI cannot say (Sangfor's envelope and signature, Alibaba Cloud's flat envelope and RPC calls).
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/openapi");
    let out = tempfile::tempdir().unwrap();
    for service in ["feishu", "sangfor", "aliyun"] {
        let text = std::fs::read_to_string(fixtures.join(format!("{service}.openapi.yaml"))).unwrap();
        let profile = match service {
            "feishu" => EnvelopeProfile::feishu(),
            other => {
                let text = std::fs::read_to_string(fixtures.join(format!("{other}.profile.yaml"))).unwrap();
                EnvelopeProfile::from_yaml(&text).unwrap()
            }
        };
        let options = OpenApiOptions {
            service: service.to_owned(),
            split_by_tag: false,
            envelope: Some(profile),
            strict: true,
            source: format!("{service}.openapi.yaml"),
        };
        let imported = import(&parse(&text).unwrap(), &options).unwrap_or_else(|e| panic!("{service}: {e:?}"));
        for (path, text) in &imported.files {
            let target = out.path().join(path);
            std::fs::create_dir_all(target.parent().unwrap()).unwrap();
            std::fs::write(target, text).unwrap();
        }
    }
    let imported = apigen::load_catalog(out.path()).unwrap_or_else(|p| panic!("{p}"));
    let specs = Path::new(env!("CARGO_MANIFEST_DIR")).join("../api-specs");
    let written = apigen::load_catalog(&specs).unwrap();
    let (imported, written) = (expressible(&imported), expressible(&written));
    assert_eq!(imported.keys().collect::<Vec<_>>(), written.keys().collect::<Vec<_>>());
    for (id, entry) in &written {
        assert_eq!(&imported[id], entry, "{id}");
    }
}

#[test]
fn a_body_that_is_one_of_several_objects_becomes_a_tagged_union_or_an_exclusive_group() {
    let doc = parse(
        r##"{"openapi":"3.0.3","info":{"title":"t"},
        "components":{"securitySchemes":{"tenant_access_token":{"type":"http","scheme":"bearer"}}},
        "paths":{
         "/pets":{"post":{"operationId":"create_pet","security":[{"tenant_access_token":[]}],
          "requestBody":{"content":{"application/json":{"schema":{
            "oneOf":[
              {"title":"Cat","type":"object","properties":{"kind":{"type":"string","enum":["cat"]},"lives":{"type":"integer"}},"required":["kind","lives"]},
              {"title":"Dog","type":"object","properties":{"kind":{"type":"string","enum":["dog","puppy"]},"bark":{"type":"string"}},"required":["kind"]}],
            "discriminator":{"propertyName":"kind"}}}}},
          "responses":{"200":{"description":"ok","content":{"application/json":{"schema":{"type":"object","properties":{"data":{"type":"object","properties":{"id":{"type":"string"}}}}}}}}}}},
         "/find":{"post":{"operationId":"find_pet","security":[{"tenant_access_token":[]}],
          "requestBody":{"content":{"application/json":{"schema":{
            "oneOf":[{"type":"object","properties":{"name":{"type":"string"}}},{"type":"object","properties":{"chip":{"type":"string"}}}]}}}},
          "responses":{"200":{"description":"ok","content":{"application/json":{"schema":{"type":"object","properties":{"data":{"type":"object"}}}}}}}}}}}"##,
    )
    .unwrap();
    let imported = import(
        &doc,
        &OpenApiOptions {
            strict: true,
            ..options(false)
        },
    )
    .unwrap();
    let dir = write(&imported);
    let catalog = apigen::load_catalog(dir.path()).unwrap_or_else(|p| panic!("{p}"));
    let code = apigen::generate_service_source(&catalog.services[0], &apigen::Settings::default()).unwrap();
    syn::parse_file(&code).unwrap();
    // The tag's values choose the case; each case holds its own fields.
    assert!(code.contains("pub enum CreatePetVariant"), "{code:.3000}");
    assert!(
        code.contains("Cat(CreatePetCat)") && code.contains("Dog(CreatePetDog)"),
        "{code:.3000}"
    );
    assert!(
        code.contains("pub lives: i64"),
        "a case's required field is not optional"
    );
    // One field of two, exactly.
    assert!(code.contains("pub enum FindPetChoice"), "{code:.3000}");
}

#[test]
fn error_replies_that_name_vendor_codes_become_error_rows() {
    let doc = parse(
        r##"{"openapi":"3.0.3","info":{"title":"t"},
        "components":{"securitySchemes":{"tenant_access_token":{"type":"http","scheme":"bearer"}}},
        "paths":{"/things/{id}":{"get":{"operationId":"get_thing","security":[{"tenant_access_token":[]}],
          "parameters":[{"name":"id","in":"path","required":true,"schema":{"type":"string"}}],
          "responses":{
            "200":{"description":"ok","content":{"application/json":{"schema":{"type":"object","properties":{"data":{"type":"object","properties":{"id":{"type":"string"}}}}}}}},
            "400":{"description":"bad request","content":{"application/json":{"example":{"code":1001,"msg":"Bad thing."}}}},
            "404":{"description":"Not found.","content":{"application/json":{"schema":{"type":"object","properties":{"code":{"type":"integer","enum":[2001]}}}}}},
            "409":{"description":"conflict","content":{"application/json":{"example":{"code":1001,"msg":"Bad thing."}}}},
            "500":{"description":"server error"}}}}}}"##,
    )
    .unwrap();
    let imported = import(&doc, &options(false)).unwrap();
    assert_eq!(
        imported.approximations.get("documented non-2xx reply left out"),
        Some(&1),
        "the 500 names no code"
    );
    let dir = write(&imported);
    let catalog = apigen::load_catalog(dir.path()).unwrap_or_else(|p| panic!("{p}"));
    let errors = &catalog.services[0].endpoints[0].errors;
    let rows: Vec<(String, Vec<u16>, &str)> = errors
        .iter()
        .map(|e| (e.code.to_string(), e.http_statuses.clone(), e.message.as_str()))
        .collect();
    assert_eq!(
        rows,
        [
            ("1001".to_owned(), vec![400, 409], "Bad thing."),
            ("2001".to_owned(), vec![404], "Not found."),
        ]
    );
}

#[test]
fn cyclic_references_and_openapi_3_1_types_import_and_generate() {
    let doc = parse(
        r##"openapi: 3.1.0
info: {title: t}
components:
  securitySchemes:
    tenant_access_token: {type: http, scheme: bearer}
  schemas:
    Node:
      type: object
      properties:
        name: {type: [string, "null"]}
        parent: {$ref: "#/components/schemas/Node"}
        children: {type: array, items: {$ref: "#/components/schemas/Node"}}
paths:
  /tree:
    get:
      operationId: get_tree
      security: [{tenant_access_token: []}]
      responses:
        200:
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  data: {type: object, properties: {root: {$ref: "#/components/schemas/Node"}}}
"##,
    )
    .unwrap();
    let imported = import(
        &doc,
        &OpenApiOptions {
            strict: true,
            ..options(false)
        },
    )
    .unwrap();
    let dir = write(&imported);
    let catalog = apigen::load_catalog(dir.path()).unwrap_or_else(|p| panic!("{p}"));
    let code = apigen::generate_service_source(&catalog.services[0], &apigen::Settings::default()).unwrap();
    syn::parse_file(&code).unwrap();
    // A type that contains itself without a list is boxed; through a list it needs no box.
    assert!(code.contains("pub parent: Option<Box<Node>>"), "{code:.3000}");
    assert!(code.contains("pub children: Option<Vec<Node>>"), "{code:.3000}");
    assert!(code.contains("pub name: Option<String>"), "3.1's `[string, null]`");
}

#[test]
fn references_that_only_lead_to_each_other_are_errors_and_aliases_are_followed() {
    // A body and a field whose `$ref`s go round in a circle: an error at each, no overflow.
    let cycle = parse(
        r##"{"openapi":"3.0.3","info":{"title":"t"},
        "components":{"schemas":{"A":{"$ref":"#/components/schemas/B"},"B":{"$ref":"#/components/schemas/A"}}},
        "paths":{"/a":{"post":{"operationId":"a",
          "requestBody":{"content":{"application/json":{"schema":{"$ref":"#/components/schemas/A"}}}},
          "responses":{"200":{"description":"ok","content":{"application/json":{"schema":{"type":"object","properties":{
            "data":{"type":"object","properties":{"x":{"$ref":"#/components/schemas/A"}}}}}}}}}}}}}"##,
    )
    .unwrap();
    let errors = import(&cycle, &options(false)).unwrap_err();
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert!(
        errors.iter().all(|e| e.message.contains("lead only to each other")),
        "{errors:?}"
    );

    // An alias of an object is that object's type; a list component is read where it is used.
    let aliases = parse(
        r##"{"openapi":"3.0.3","info":{"title":"t"},
        "components":{"securitySchemes":{"t":{"type":"http","scheme":"bearer"}},"schemas":{
          "Pet":{"$ref":"#/components/schemas/Animal"},
          "Animal":{"type":"object","properties":{"name":{"type":"string"}}},
          "Ids":{"type":"array","items":{"type":"string"}}}},
        "paths":{"/a":{"get":{"operationId":"a","responses":{"200":{"description":"ok","content":{"application/json":{"schema":
          {"type":"object","properties":{"data":{"type":"object","properties":{
            "pet":{"$ref":"#/components/schemas/Pet"},"ids":{"$ref":"#/components/schemas/Ids"}}}}}}}}}}}}}"##,
    )
    .unwrap();
    let imported = import(&aliases, &options(false)).unwrap();
    let dir = write(&imported);
    let catalog = apigen::load_catalog(dir.path()).unwrap_or_else(|p| panic!("{p}"));
    let code = apigen::generate_service_source(&catalog.services[0], &apigen::Settings::default()).unwrap();
    assert!(code.contains("pub pet: Option<Animal>"), "{code:.2000}");
    assert!(code.contains("pub ids: Option<Vec<String>>"), "{code:.2000}");
}

#[test]
fn a_checked_string_whose_wire_name_gives_no_type_name_is_named_by_the_import() {
    // `ä` with a length limit becomes a checked-string type, which the spec
    // would name `GetThingRequestÄ`: not a Rust type name, so the import names it.
    let doc = parse(
        r##"{"openapi":"3.0.3","info":{"title":"t"},
        "components":{"securitySchemes":{"tenant_access_token":{"type":"http","scheme":"bearer"}}},
        "paths":{"/things":{"get":{"operationId":"get_thing","security":[{"tenant_access_token":[]}],
          "parameters":[{"name":"ä","in":"query","schema":{"type":"string","maxLength":3}}],
          "responses":{"200":{"description":"ok","content":{"application/json":{"schema":{"type":"object","properties":{"data":{"type":"object"}}}}}}}}}}}"##,
    )
    .unwrap();
    let imported = import(&doc, &options(false)).unwrap();
    let dir = write(&imported);
    let catalog = apigen::load_catalog(dir.path()).unwrap_or_else(|p| panic!("{p}"));
    let names: Vec<&str> = catalog.services[0].all_types().map(|t| t.name.as_str()).collect();
    assert!(
        names
            .iter()
            .any(|n| n.starts_with("GetThingRequest") && n.is_ascii() && n.len() > "GetThingRequest".len()),
        "{names:?}"
    );
}

#[test]
fn wire_names_that_differ_only_in_case_get_rust_names_of_their_own() {
    // `ZoneList` and `zoneList` would both be the Rust field `zone_list`.
    let doc = parse(
        r##"{"openapi":"3.0.3","info":{"title":"t"},
        "components":{"securitySchemes":{"tenant_access_token":{"type":"http","scheme":"bearer"}}},
        "paths":{"/zones":{"get":{"operationId":"get_zones","security":[{"tenant_access_token":[]}],
          "parameters":[{"name":"ZoneList","in":"query","schema":{"type":"string"}},
                        {"name":"zoneList","in":"query","schema":{"type":"string"}}],
          "responses":{"200":{"description":"ok","content":{"application/json":{"schema":{"type":"object","properties":{"data":{"type":"object","properties":{"Id":{"type":"string"},"id":{"type":"string"}}}}}}}}}}}}}"##,
    )
    .unwrap();
    let imported = import(&doc, &options(false)).unwrap();
    let dir = write(&imported);
    let catalog = apigen::load_catalog(dir.path()).unwrap_or_else(|p| panic!("{p}"));
    let service = &catalog.services[0];
    let fields = |name: &str| -> Vec<(String, String)> {
        match &service.type_index()[name].kind {
            apigen::model::TypeKind::Struct { fields, .. } => {
                fields.iter().map(|f| (f.wire.clone(), f.rust.clone())).collect()
            }
            _ => panic!("{name} is not a struct"),
        }
    };
    let request = &service.endpoints[0].request_type;
    assert_eq!(
        fields(request),
        [
            ("ZoneList".to_owned(), "zone_list".to_owned()),
            ("zoneList".to_owned(), "zone_list_2".to_owned())
        ]
    );
    let apigen::model::ResponseType::Generated(response) = &service.endpoints[0].response_type else {
        panic!("a generated response")
    };
    assert_eq!(
        fields(response),
        [("Id".to_owned(), "id".to_owned()), ("id".to_owned(), "id_2".to_owned())]
    );
}
