//! Each generated type gets the serde directions its endpoints use.

use std::path::Path;

use apigen::model::Directions;

fn directions_of(service: &apigen::Service, name: &str) -> Directions {
    service
        .all_types()
        .find(|t| t.name == name)
        .unwrap_or_else(|| panic!("no type {name}"))
        .directions
}

#[test]
fn requests_serialize_responses_deserialize_and_shared_types_follow_their_uses() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let service = apigen::load_service(&root.join("api-specs/feishu")).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        directions_of(&service, "CreateDeviceRecordRequest"),
        Directions::SERIALIZE
    );
    assert_eq!(directions_of(&service, "CreatedDeviceRecord"), Directions::DESERIALIZE);
    // Sent in the create request and received in device records.
    assert_eq!(directions_of(&service, "DeviceOwnership"), Directions::BOTH);
    // Only ever sent: the identifiers a created record is matched by.
    assert_eq!(directions_of(&service, "DesktopIdentifiers"), Directions::SERIALIZE);
    for endpoint in &service.endpoints {
        assert!(
            directions_of(&service, &endpoint.request_type).serialize,
            "{}",
            endpoint.id
        );
        assert!(
            !directions_of(&service, &endpoint.request_type).deserialize,
            "{}",
            endpoint.id
        );
    }
}

#[test]
fn the_other_direction_is_compiled_where_the_round_trip_setting_says() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let service = apigen::load_service(&root.join("api-specs/feishu")).unwrap_or_else(|e| panic!("{e}"));
    let code = |round_trip| {
        let settings = apigen::Settings::default().with_round_trip(round_trip);
        apigen::generate_service_source(&service, &settings).unwrap_or_else(|e| panic!("{e}"))
    };
    let tests_only = code(apigen::RoundTrip::Tests);
    assert!(tests_only.contains("#[cfg_attr(test, derive(::serde::Deserialize))]"));
    assert!(!tests_only.contains("feature ="));
    let feature = code(apigen::RoundTrip::TestsOrFeature("round-trip".to_owned()));
    assert!(feature.contains(r#"#[cfg_attr(any(test, feature = "round-trip"), derive(::serde::Deserialize))]"#));
    let always = code(apigen::RoundTrip::Always);
    assert!(!always.contains("cfg_attr(test"));
    assert!(always.contains("::serde::Serialize, ::serde::Deserialize"));
}
