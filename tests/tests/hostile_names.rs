//! Names vendors write that Rust does not take as they are — keywords,
//! `Self`, names the generated code uses (`Result`, `Option`, `Vec`,
//! `Client`), case-only twins, characters no identifier holds — generate a
//! module that compiles under `deny(warnings)`, encodes and decodes the
//! vendor's wire names, and calls the sandbox (`tests/specs/hostile`).
#![deny(warnings)]

use apigen_runtime::{encode_request, Endpoint, ErrorTable};
use apigen_sandbox::{Options, Sandbox};

/// The fixture, generated in place. `pub` so that items no test uses are
/// not dead code: every one of them must compile without a warning.
pub mod hostile {
    apigen_macros::include_specs!("specs/hostile");
}

use hostile::{Client_, Option_, Result_, TypeRequest, Vec_};

fn request() -> TypeRequest {
    TypeRequest {
        r#type: "keyword".to_owned(),
        self_: Some(Option_::Self_),
        u6570_u91cf: Some(3),
        a_b: Some("dash".to_owned()),
        n1st: None,
        result: Some(Result_ { ok: true }),
        client: Some(Client_ {
            name: Some("c".to_owned()),
        }),
        vec: Some(Vec_::new("short").unwrap()),
    }
}

#[test]
fn the_wire_keeps_the_vendors_names() {
    let encoded = encode_request(&request()).unwrap();
    let query: Vec<(&str, &str)> = encoded.query.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    assert_eq!(
        query,
        [("type", "keyword"), ("self", "self"), ("数量", "3"), ("a-b", "dash")]
    );
    let body = encoded.body.unwrap();
    assert_eq!(body["Result"]["ok"], true);
    assert_eq!(body["client"]["name"], "c");
    assert_eq!(body["vec"], "short");
    assert!(
        Vec_::new("far too long").is_err(),
        "the constrained `Vec` keeps its rules"
    );
}

#[test]
fn case_only_twins_decode_into_their_own_fields() {
    let reply = r#"{"ZoneList":{"Zone":["a"]},"zoneList":{"zone":["b","c"]},"crate":"x"}"#;
    let decoded: hostile::TypeReply = serde_json::from_str(reply).unwrap();
    assert_eq!(decoded.upper_zones.as_deref(), Some(&["a".to_owned()][..]));
    assert_eq!(
        decoded.zone_list.as_deref(),
        Some(&["b".to_owned(), "c".to_owned()][..])
    );
    assert_eq!(decoded.crate_.as_deref(), Some("x"));
    let back = serde_json::to_value(&decoded).unwrap();
    assert_eq!(back["ZoneList"]["Zone"][0], "a");
    assert_eq!(back["zoneList"]["zone"][1], "c");
}

#[test]
fn variants_named_self_and_result_are_the_documented_ones() {
    assert_eq!(Option_::Self_.label(), Some("itself"));
    assert_eq!(Option_::from("none".to_owned()), Option_::None);
    let error = hostile::TypeError::from_reply(&apigen_runtime::ErrorCode::Int(2), "An error called Result.");
    assert_eq!(error, hostile::TypeError::Result);
    let common = hostile::TypeError::from_reply(&apigen_runtime::ErrorCode::Int(1), "An error called Self.");
    assert_eq!(common, hostile::TypeError::Common(hostile::CommonError::Self_));
    assert_eq!(TypeRequest::DESCRIPTOR.id, "type");
}

#[tokio::test]
async fn the_sandbox_answers_the_keyword_endpoints() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("specs/hostile");
    let service = apigen::load_service(&dir).expect("the fixture loads");
    let sandbox = Sandbox::start(Options::new(apigen::Catalog {
        services: vec![service],
    }))
    .await
    .expect("sandbox starts");
    let client = hostile::Client::builder()
        .base_url(sandbox.base_url())
        .allow_http()
        .app_credentials("cli_sandbox", "sandbox-secret")
        .build()
        .unwrap();
    let reply = client.r#type(request()).await.unwrap();
    assert_eq!(reply.zone_list.as_deref(), Some(&["b".to_owned(), "c".to_owned()][..]));
    assert_eq!(reply.upper_zones.as_deref(), Some(&["a".to_owned()][..]));
    client.self_(Default::default()).await.unwrap();
    sandbox.shutdown().await.unwrap();
}
