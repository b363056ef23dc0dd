//! A broken spec fails with file:line:column, the path in the document, what
//! is wrong and, where there is one, the likely intended name.

use std::fs;
use std::path::Path;

use apigen::Diagnostic;

const SERVICE: &str = "\
service: demo
title: Demo
auth:
  tenant_token:
    kind: bearer
    token_type: tenant
envelope:
  kind: wrapped
  code: code
  message: msg
  data: data
  success_code: 0
  request_id: { header: X-Request-Id }
error_code_type: integer
types:
  DeviceOwnership:
    type: integer
    enum:
      - { value: 0, name: Unknown }
      - { value: 1, name: Personal }
";

const ENDPOINT: &str = "\
id: get_thing
summary: Get a thing
provenance: { source_url: 'https://example.invalid/doc' }
method: GET
path: /things/{thing_id}
auth: tenant_token
request:
  path:
    thing_id: { type: string, required: true }
  query:
    label: { type: string, max_length: 10 }
response:
  fields:
    owner: { type: DeviceOwnership, required: true }
errors:
  - { code: 1, http_status: 400, message: Bad thing. }
";

/// Writes a service folder and loads it.
fn load(service: &str, endpoint: &str) -> Result<apigen::Catalog, Vec<Diagnostic>> {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("demo");
    fs::create_dir_all(root.join("endpoints")).unwrap();
    fs::write(root.join("service.yaml"), service).unwrap();
    fs::write(root.join("endpoints").join("get_thing.yaml"), endpoint).unwrap();
    apigen::load_catalog(dir.path()).map_err(|problems| problems.0)
}

/// The problems of a service folder (none on success).
fn problems(service: &str, endpoint: &str) -> Vec<Diagnostic> {
    load(service, endpoint).err().unwrap_or_default()
}

/// The 1-based line of the first line containing `needle`.
fn line_of(text: &str, needle: &str) -> usize {
    text.lines().position(|l| l.contains(needle)).expect("needle in text") + 1
}

fn only(problems: Vec<Diagnostic>) -> Diagnostic {
    assert_eq!(problems.len(), 1, "expected one problem, got: {problems:#?}");
    problems.into_iter().next().unwrap()
}

fn file_name(d: &Diagnostic) -> &str {
    d.file.file_name().and_then(|n| n.to_str()).unwrap()
}

#[test]
fn the_sound_spec_loads() {
    assert!(problems(SERVICE, ENDPOINT).is_empty());
}

#[test]
fn yaml_syntax_error_has_a_position() {
    let endpoint = ENDPOINT.replace("summary: Get a thing", "summary: [Get a thing");
    let d = problems(SERVICE, &endpoint).remove(0);
    assert_eq!(file_name(&d), "get_thing.yaml");
    assert!(d.message.starts_with("invalid YAML"), "{d}");
    assert!(d.line.is_some() && d.column.is_some(), "{d}");
}

#[test]
fn unknown_key_names_the_intended_key() {
    let endpoint = ENDPOINT.replace("{ type: string, max_length: 10 }", "{ type: string, max_lenght: 10 }");
    let d = only(problems(SERVICE, &endpoint));
    assert!(d.message.contains("unknown field `max_lenght`"), "{d}");
    assert_eq!(d.suggestion.as_deref(), Some("max_length"));
    assert_eq!(d.line, Some(line_of(&endpoint, "max_lenght")));
    assert_eq!(d.path, "request.query.label.max_lenght");
    let shown = d.to_string();
    assert!(shown.contains("get_thing.yaml:11:"), "{shown}");
    assert!(shown.ends_with("(did you mean `max_length`?)"), "{shown}");
}

#[test]
fn unknown_type_name_names_the_declared_type() {
    let endpoint = ENDPOINT.replace("type: DeviceOwnership", "type: DeviceOwnrship");
    let d = only(problems(SERVICE, &endpoint));
    assert!(d.message.contains("unknown type `DeviceOwnrship`"), "{d}");
    assert_eq!(d.suggestion.as_deref(), Some("DeviceOwnership"));
    assert_eq!(d.path, "response.fields.owner.type");
    assert_eq!(d.line, Some(line_of(&endpoint, "DeviceOwnrship")));
    assert_eq!(d.column, Some(line_of_column(&endpoint, "DeviceOwnrship")));
}

fn line_of_column(text: &str, needle: &str) -> usize {
    let line = text.lines().find(|l| l.contains(needle)).unwrap();
    line.find(needle).unwrap() + 1
}

#[test]
fn duplicate_enum_value_points_at_the_second() {
    let service = SERVICE.replace("{ value: 1, name: Personal }", "{ value: 0, name: Personal }");
    let d = only(problems(&service, ENDPOINT));
    assert_eq!(file_name(&d), "service.yaml");
    assert!(d.message.contains("duplicate enum value 0"), "{d}");
    assert_eq!(d.path, "types.DeviceOwnership.enum[1].value");
    assert_eq!(d.line, Some(line_of(&service, "name: Personal")));
}

#[test]
fn bad_constraints_are_each_reported() {
    let endpoint = ENDPOINT.replace(
        "label: { type: string, max_length: 10 }",
        "label: { type: string, max_length: 3, min_length: 5, forbidden_chars: [ab] }\n    count: { type: integer, max_length: 2 }\n    mac: { type: string, format: mac }",
    );
    let found = problems(SERVICE, &endpoint);
    let messages: Vec<String> = found.iter().map(ToString::to_string).collect();
    let has = |needle: &str| messages.iter().any(|m| m.contains(needle));
    assert!(has("`min_length` 5 is greater than `max_length` 3"), "{messages:#?}");
    assert!(has("\"ab\" is not one character"), "{messages:#?}");
    assert!(
        has("`max_length` applies to strings, but the type is `integer`"),
        "{messages:#?}"
    );
    assert!(has("unknown format `mac`"), "{messages:#?}");
    let format = found.iter().find(|d| d.message.contains("unknown format")).unwrap();
    assert_eq!(format.suggestion.as_deref(), Some("mac_address"));
    assert_eq!(found.len(), 4, "{messages:#?}");
}

#[test]
fn mac_address_needs_a_documented_style() {
    let endpoint = ENDPOINT.replace(
        "{ type: string, max_length: 10 }",
        "{ type: string, format: mac_address }",
    );
    let d = only(problems(SERVICE, &endpoint));
    assert!(d.message.contains("needs `mac_style"), "{d}");
}

#[test]
fn duplicate_keys_are_rejected() {
    let endpoint = ENDPOINT.replace("method: GET\n", "method: GET\nmethod: POST\n");
    let d = only(problems(SERVICE, &endpoint));
    assert!(d.message.contains("duplicate key `method`"), "{d}");
    assert_eq!(d.line, Some(line_of(&endpoint, "method: POST")));
}

#[test]
fn a_key_repeated_in_any_map_is_rejected_where_it_repeats() {
    // Maps of fields, parameters, types and auth schemes, and example values:
    // serde would keep the last of two equal keys, so each is refused.
    let endpoints = [
        (
            "    owner: { type: DeviceOwnership, required: true }\n",
            "    owner: { type: string }\n",
        ),
        (
            "    label: { type: string, max_length: 10 }\n",
            "    label: { type: integer }\n",
        ),
        (
            "    thing_id: { type: string, required: true }\n",
            "    thing_id: { type: string }\n",
        ),
    ];
    for (line, again) in endpoints {
        let endpoint = ENDPOINT.replace(line, &format!("{line}{again}"));
        let d = only(problems(SERVICE, &endpoint));
        let key = again.trim().split(':').next().unwrap();
        assert!(d.message.contains(&format!("duplicate key `{key}`")), "{d}");
        assert!(
            d.message
                .contains(&format!("first at line {}", line_of(&endpoint, line.trim()))),
            "{d}"
        );
        assert_eq!(d.line, Some(line_of(&endpoint, again.trim())), "{d}");
    }
    let example = ENDPOINT.replace(
        "label: { type: string, max_length: 10 }",
        "label: { type: string, example: { a: 1, a: 2 } }",
    );
    assert!(only(problems(SERVICE, &example)).message.contains("duplicate key `a`"));
    for (line, again) in [
        ("  DeviceOwnership:\n", "  DeviceOwnership: { type: string }\n"),
        (
            "  tenant_token:\n",
            "  tenant_token: { kind: bearer, token_type: user }\n",
        ),
    ] {
        let service = SERVICE.replacen(line, &format!("{again}{line}"), 1);
        let d = only(problems(&service, ENDPOINT));
        assert!(d.message.contains("duplicate key"), "{d}");
        assert_eq!(file_name(&d), "service.yaml");
        // The second occurrence is the original line, right after the inserted one.
        assert_eq!(d.line, Some(line_of(&service, again.trim()) + 1), "{d}");
    }
}

#[test]
fn unknown_auth_scheme_lists_the_known_ones() {
    let endpoint = ENDPOINT.replace("auth: tenant_token", "auth: tenant_tokn");
    let d = only(problems(SERVICE, &endpoint));
    assert!(
        d.message
            .contains("unknown auth scheme `tenant_tokn`; the service defines: tenant_token"),
        "{d}"
    );
    assert_eq!(d.suggestion.as_deref(), Some("tenant_token"));
}

#[test]
fn path_placeholders_and_parameters_must_match() {
    let endpoint = ENDPOINT.replace("path: /things/{thing_id}", "path: /things/{thing}");
    let messages: Vec<String> = problems(SERVICE, &endpoint).iter().map(ToString::to_string).collect();
    assert!(
        messages.iter().any(|m| m.contains("the path has `{thing}`")),
        "{messages:#?}"
    );
    assert!(
        messages
            .iter()
            .any(|m| m.contains("does not appear in the path as `{thing_id}`")),
        "{messages:#?}"
    );
}

#[test]
fn duplicate_error_codes_are_rejected() {
    let endpoint = format!("{ENDPOINT}  - {{ code: 1, http_status: 400, message: Bad thing. }}\n");
    let d = only(problems(SERVICE, &endpoint));
    assert!(d.message.contains("duplicate error code"), "{d}");
    assert_eq!(d.path, "errors[1].code");
}

#[test]
fn non_ascii_messages_need_a_name() {
    let endpoint = ENDPOINT.replace("message: Bad thing.", "message: 终端不存在");
    let d = only(problems(SERVICE, &endpoint));
    assert!(d.message.contains("needs a `name`"), "{d}");
}

#[test]
fn placeholders_need_field_names() {
    let endpoint = ENDPOINT.replace("message: Bad thing.", "message: 'too long: %d'");
    let d = only(problems(SERVICE, &endpoint));
    assert!(d.message.contains("1 placeholder(s)"), "{d}");
}

#[test]
fn type_name_collisions_are_not_silent() {
    let endpoint = ENDPOINT.replace(
        "label: { type: string, max_length: 10 }",
        "label: { type: string, max_length: 10, name: DeviceOwnership }",
    );
    let d = only(problems(SERVICE, &endpoint));
    assert!(d.message.contains("type name `DeviceOwnership` is already used"), "{d}");
}

#[test]
fn wrong_value_types_are_schema_errors() {
    let endpoint = ENDPOINT.replace("http_status: 400", "http_status: bad");
    let d = only(problems(SERVICE, &endpoint));
    assert_eq!(d.path, "errors[0].http_status");
    assert!(d.message.contains("invalid type"), "{d}");
}

#[test]
fn every_file_is_reported_at_once() {
    let service = SERVICE.replace("{ value: 1, name: Personal }", "{ value: 0, name: Personal }");
    let endpoint = ENDPOINT.replace("auth: tenant_token", "auth: nope");
    let found = problems(&service, &endpoint);
    let files: Vec<&str> = found.iter().map(file_name).collect();
    assert!(
        files.contains(&"service.yaml") && files.contains(&"get_thing.yaml"),
        "{found:#?}"
    );
}

#[test]
fn a_missing_directory_is_an_error_not_a_panic() {
    let error = apigen::load_catalog(Path::new("/nonexistent/apigen/specs")).unwrap_err();
    assert!(error.to_string().contains("cannot read the spec directory"), "{error}");
}

#[test]
fn error_conditions_are_checked_by_name_and_subject() {
    let with_when = |when: &str| {
        ENDPOINT.replace(
            "message: Bad thing. }",
            &format!("message: Bad thing., when: {when} }}"),
        )
    };
    assert!(problems(
        SERVICE,
        &with_when("[not_found, too_long(label), auth_invalid(tenant_token)]")
    )
    .is_empty());

    let d = only(problems(SERVICE, &with_when("[not_fund]")));
    assert!(d.message.contains("unknown condition `not_fund`"), "{d}");
    assert_eq!(d.suggestion.as_deref(), Some("not_found"));
    assert_eq!(d.path, "errors[0].when[0]");

    let d = only(problems(SERVICE, &with_when("[too_long(lable)]")));
    assert!(
        d.message.contains("no field `lable`") && d.message.contains("label"),
        "{d}"
    );

    let d = only(problems(SERVICE, &with_when("[auth_invalid(user_token)]")));
    assert!(
        d.message.contains("not an auth scheme") && d.message.contains("tenant_token"),
        "{d}"
    );

    let d = only(problems(SERVICE, &with_when("[duplicate(label)]")));
    assert!(d.message.contains("takes no subject"), "{d}");
}

#[test]
fn one_case_answers_with_one_error() {
    let endpoint = format!(
        "{}  - {{ code: 2, http_status: 404, message: Gone., when: [not_found] }}\n",
        ENDPOINT.replace("message: Bad thing. }", "message: Bad thing., when: [not_found] }")
    );
    let d = only(problems(SERVICE, &endpoint));
    assert!(
        d.message.contains("`not_found` is already the case of `errors[0]`"),
        "{d}"
    );
    assert_eq!(d.path, "errors[1].when");
}

#[test]
fn common_errors_name_no_request_field() {
    let service =
        format!("{SERVICE}common_errors:\n  - {{ code: 9, name: Nope, message: No., when: [missing(label)] }}\n");
    let d = only(problems(&service, ENDPOINT));
    assert!(d.message.contains("common error applies to every endpoint"), "{d}");
    assert_eq!(file_name(&d), "service.yaml");
}

#[test]
fn pagination_names_fields_of_the_right_types() {
    let paged = |pagination: &str| {
        ENDPOINT.replace(
            "response:\n  fields:\n    owner: { type: DeviceOwnership, required: true }\n",
            &format!(
                "response:\n  fields:\n    owner: {{ type: DeviceOwnership, required: true }}\n    total: {{ type: integer }}\n    items: {{ type: \"string[]\" }}\npagination: {pagination}\n"
            ),
        )
    };
    let query =
        |endpoint: String| endpoint.replace("label: { type: string, max_length: 10 }", "page: { type: integer }");
    assert!(problems(
        SERVICE,
        &query(paged("{ style: page_number, page: page, total: total, items: items }"))
    )
    .is_empty());

    let d = only(problems(
        SERVICE,
        &query(paged("{ style: page_number, page: pag, total: total, items: items }")),
    ));
    assert_eq!(d.path, "pagination.page");
    assert_eq!(d.suggestion.as_deref(), Some("page"));

    let d = only(problems(
        SERVICE,
        &query(paged("{ style: page_number, page: page, total: total, items: owner }")),
    ));
    assert!(d.message.contains("must be an array"), "{d}");

    let d = only(problems(SERVICE, &query(paged("{ style: pages, page: page }"))));
    assert!(d.message.contains("unknown variant `pages`"), "{d}");
}

#[test]
fn a_rust_type_the_generator_could_not_print_is_refused_where_it_is_written() {
    // These parse as Rust types, but a field or payload of a generated struct
    // can only name a path or a tuple: before, emit quietly turned a type it
    // could not use into JSON.
    for ty in ["&'static str", "[u8; 4]", "fn(i64) -> i64", "dyn Send"] {
        let endpoint = ENDPOINT.replace(
            "label: { type: string, max_length: 10 }",
            &format!("label: {{ type: \"rust:{ty}\" }}"),
        );
        let d = only(problems(SERVICE, &endpoint));
        assert_eq!(d.path, "request.query.label.type", "{ty}: {d}");
        assert_eq!(d.line, Some(line_of(&endpoint, "label:")), "{ty}: {d}");
        assert!(d.message.contains("write a path"), "{ty}: {d}");
    }
    let endpoint = ENDPOINT.replace(
        "response:\n  fields:\n    owner: { type: DeviceOwnership, required: true }",
        "response:\n  rust: \"&'static [u8]\"",
    );
    let d = only(problems(SERVICE, &endpoint));
    assert_eq!(d.path, "response.rust", "{d}");
    assert!(d.message.contains("write a path"), "{d}");
}

#[test]
fn an_unknown_method_or_auth_scheme_leaves_no_endpoint_behind() {
    // Both used to reach emit, which sent GET or a made-up Sangfor scheme.
    let endpoint = ENDPOINT
        .replace("method: GET", "method: FETCH")
        .replace("auth: tenant_token", "auth: app_token");
    let problems = problems(SERVICE, &endpoint);
    let paths: Vec<&str> = problems.iter().map(|d| d.path.as_str()).collect();
    assert_eq!(paths, ["method", "auth"], "{problems:#?}");
}

#[test]
fn flat_success_codes_are_typed_like_the_error_codes() {
    let service = SERVICE.replace(
        "  kind: wrapped\n  code: code\n  message: msg\n  data: data\n  success_code: 0\n",
        "  kind: flat\n  code: code\n  message: msg\n  success_codes: [0, \"200\"]\n  success_flag: ok\n",
    );
    let d = only(problems(&service, ENDPOINT));
    assert_eq!(d.path, "envelope.success_codes[1]", "{d}");
    assert_eq!(d.line, Some(line_of(&service, "success_codes")), "{d}");
    assert!(d.message.contains("write an integer, not \"200\""), "{d}");
    let sound = service.replace("[0, \"200\"]", "[0, 200]");
    assert!(problems(&sound, ENDPOINT).is_empty());
}

#[test]
fn names_the_generated_code_derives_cannot_collide() {
    // A constrained string `Label` also defines `LabelRules`.
    let service = SERVICE.replace(
        "types:\n",
        "types:\n  Label: { type: string, max_length: 4, description: A label. }\n  LabelRules: { type: string, enum: [{ value: a, name: A }] }\n",
    );
    let d = only(problems(&service, ENDPOINT));
    assert_eq!(d.path, "types.LabelRules", "{d}");
    assert!(
        d.message.contains("`LabelRules` is already used by `types.Label`"),
        "{d}"
    );

    // The client has `builder` and `generic` of its own.
    let endpoint = ENDPOINT.replace("id: get_thing", "id: builder");
    let d = only(problems(SERVICE, &endpoint));
    assert_eq!(d.path, "id", "{d}");
    assert!(d.message.contains("`Client::builder`"), "{d}");
}

#[test]
fn a_paged_endpoints_stream_method_cannot_be_another_endpoint() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("demo");
    fs::create_dir_all(root.join("endpoints")).unwrap();
    fs::write(root.join("service.yaml"), SERVICE).unwrap();
    let paged = "\
id: list
summary: List
provenance: {}
method: GET
path: /things
auth: tenant_token
request:
  query:
    page_token: { type: string }
response:
  fields:
    items: { type: 'string[]' }
    next: { type: string }
    more: { type: boolean }
pagination: { style: cursor, cursor: page_token, next: next, has_more: more, items: items }
";
    let other = "\
id: list_stream
summary: Another
provenance: {}
method: GET
path: /other
auth: tenant_token
";
    fs::write(root.join("endpoints").join("list.yaml"), paged).unwrap();
    fs::write(root.join("endpoints").join("list_stream.yaml"), other).unwrap();
    let problems = apigen::load_catalog(dir.path()).unwrap_err().0;
    let d = only(problems);
    assert_eq!(file_name(&d), "list_stream.yaml", "{d}");
    assert!(d.message.contains("`list_stream` is also generated for"), "{d}");
}

#[test]
fn one_row_may_list_several_statuses() {
    let listed = ENDPOINT.replace(
        "http_status: 400, message: Bad thing.",
        "http_status: [400, 404], message: Bad thing.",
    );
    let catalog = load(SERVICE, &listed).unwrap();
    assert_eq!(catalog.services[0].endpoints[0].errors[0].http_statuses, [400, 404]);

    for (bad, wrong) in [("[]", "at least one status"), ("[400, 999]", "between 100 and 599")] {
        let endpoint = ENDPOINT.replace("http_status: 400,", &format!("http_status: {bad},"));
        let d = only(problems(SERVICE, &endpoint));
        assert_eq!(d.path, "errors[0].http_status", "{d}");
        assert!(d.message.contains(wrong), "{bad}: {d}");
    }
    // The same pair twice is still refused, and the message says how to list both statuses.
    let twice = ENDPOINT.replace(
        "  - { code: 1, http_status: 400, message: Bad thing. }",
        "  - { code: 1, http_status: 400, message: Bad thing. }\n  - { code: 1, http_status: 404, message: Bad thing. }",
    );
    let d = only(problems(SERVICE, &twice));
    assert!(
        d.message
            .contains("one row with all of them: `http_status: [400, 404]`"),
        "{d}"
    );
}

#[test]
fn maps_are_written_with_braces_and_are_not_shared_types() {
    let mapped = ENDPOINT.replace(
        "label: { type: string, max_length: 10 }",
        "label: { type: \"DeviceOwnership[]{}\" }",
    );
    assert!(problems(SERVICE, &mapped).is_empty());
    let service = SERVICE.replace("    type: integer\n    enum:", "    type: \"integer{}\"\n    enum:");
    let d = only(problems(&service, ENDPOINT));
    assert_eq!(d.path, "types.DeviceOwnership.type", "{d}");
    assert!(d.message.contains("cannot be an array or a map"), "{d}");
    let unknown = ENDPOINT.replace("label: { type: string, max_length: 10 }", "label: { type: \"Nope{}\" }");
    let d = only(problems(SERVICE, &unknown));
    assert!(d.message.contains("unknown type `Nope`"), "{d}");
}

#[test]
fn an_endpoint_may_accept_several_auth_schemes() {
    let service = SERVICE.replace(
        "auth:\n  tenant_token:\n",
        "auth:\n  user_token: { kind: bearer, token_type: user }\n  tenant_token:\n",
    );
    let both = ENDPOINT.replace("auth: tenant_token", "auth: [tenant_token, user_token]");
    assert!(problems(&service, &both).is_empty());

    let unknown = ENDPOINT.replace("auth: tenant_token", "auth: [tenant_token, user_tokn]");
    let d = only(problems(&service, &unknown));
    assert_eq!(d.path, "auth[1]", "{d}");
    assert_eq!(d.suggestion.as_deref(), Some("user_token"), "{d}");

    let twice = ENDPOINT.replace("auth: tenant_token", "auth: [tenant_token, tenant_token]");
    assert!(only(problems(&service, &twice)).message.contains("listed twice"));
    let none = ENDPOINT.replace("auth: tenant_token", "auth: []");
    assert!(only(problems(&service, &none))
        .message
        .contains("at least one auth scheme"));
    let number = ENDPOINT.replace("auth: tenant_token", "auth: 3");
    assert!(only(problems(&service, &number))
        .message
        .contains("an auth scheme's name or a list of them"));
}

#[test]
fn one_wire_name_may_be_in_the_query_and_the_body() {
    let twins = ENDPOINT.replace(
        "  query:\n    label: { type: string, max_length: 10 }\n",
        "  query:\n    label: { type: string, max_length: 10 }\n  body:\n    label: { type: integer }\n",
    );
    // A GET has a body here only to test the naming; the request struct keeps both apart.
    let catalog = load(SERVICE, &twins).unwrap();
    let endpoint = &catalog.services[0].endpoints[0];
    let keys: Vec<(&str, &str)> = endpoint
        .params
        .iter()
        .map(|p| (p.wire.as_str(), p.key.as_str()))
        .collect();
    assert_eq!(
        keys,
        [("thing_id", "thing_id"), ("label", "query:label"), ("label", "label")]
    );

    // Rust names that meet across locations are refused where the second one is.
    let clash = ENDPOINT.replace(
        "  query:\n    label: { type: string, max_length: 10 }\n",
        "  query:\n    label: { type: string, max_length: 10 }\n  body:\n    Label: { type: integer }\n",
    );
    let d = only(problems(SERVICE, &clash));
    assert_eq!(d.path, "request.body.Label", "{d}");
    assert!(d.message.contains("both become the Rust field `label`"), "{d}");
}

#[test]
fn styles_fit_their_parameters_and_a_body_is_json_or_form() {
    let styled = |field: &str| ENDPOINT.replace("label: { type: string, max_length: 10 }", field);
    assert!(problems(SERVICE, &styled("label: { type: \"string[]\", style: repeat_list }")).is_empty());
    let d = only(problems(
        SERVICE,
        &styled("label: { type: string, style: repeat_list }"),
    ));
    assert_eq!(d.path, "request.query.label.style", "{d}");
    assert!(d.message.contains("writes an array"), "{d}");
    let d = only(problems(
        SERVICE,
        &styled("label: { type: \"string[]\", style: listed }"),
    ));
    assert!(d.message.contains("unknown variant `listed`"), "{d}");

    let in_body = ENDPOINT.replace(
        "response:\n",
        "  body:\n    extra: { type: \"string[]\", style: simple }\nresponse:\n",
    );
    let d = only(problems(SERVICE, &in_body));
    assert!(d.message.contains("how a query or form parameter is written"), "{d}");

    let both = ENDPOINT.replace(
        "response:\n",
        "  body:\n    a: { type: string }\n  form:\n    b: { type: string }\nresponse:\n",
    );
    let d = only(problems(SERVICE, &both));
    assert_eq!(d.path, "request.form", "{d}");
}

#[test]
fn a_file_reply_has_no_fields_and_no_json_example() {
    let file = ENDPOINT.replace(
        "response:\n  fields:\n    owner: { type: DeviceOwnership, required: true }\n",
        "response:\n  file: true\n",
    );
    assert!(problems(SERVICE, &file).is_empty());
    let both = ENDPOINT.replace("response:\n  fields:\n", "response:\n  file: true\n  fields:\n");
    let d = only(problems(SERVICE, &both));
    assert_eq!(d.path, "response.file", "{d}");
    let example = format!("{file}examples:\n  - {{ name: one, response: '{{}}' }}\n");
    let d = only(problems(SERVICE, &example));
    assert_eq!(d.path, "examples[0].response", "{d}");
}

#[test]
fn a_file_is_a_multipart_field_and_a_request_has_one_body() {
    let file_in_query = ENDPOINT.replace("label: { type: string, max_length: 10 }", "label: { type: file }");
    let d = only(problems(SERVICE, &file_in_query));
    assert_eq!(d.path, "request.query.label.type", "{d}");
    assert!(d.message.contains("`file` is the type of a `multipart` field"), "{d}");
    let upload = ENDPOINT.replace(
        "response:\n",
        "  multipart:\n    image: { type: file, required: true }\n    kind: { type: string }\nresponse:\n",
    );
    assert!(problems(SERVICE, &upload).is_empty());
    let two = upload.replace("  multipart:\n", "  body:\n    a: { type: string }\n  multipart:\n");
    let d = only(problems(SERVICE, &two));
    assert!(d.message.contains("not body and multipart"), "{d}");
}

#[test]
fn a_byte_order_mark_is_not_part_of_the_document() {
    let with_bom = format!("\u{FEFF}{ENDPOINT}");
    assert!(problems(SERVICE, &with_bom).is_empty());
}

#[test]
fn a_path_is_a_url_path_only() {
    // As YAML writes them (double-quoted).
    for (path, wrong) in [
        ("/things/{thing_id}?x=1", "holds '?'"),
        ("/things/{thing_id}#top", "holds '#'"),
        ("/things /{thing_id}", "holds ' '"),
        ("/things/{thing_id}\\x7F", "holds '\\u{7f}'"),
        ("/things//{thing_id}", "empty segment"),
    ] {
        let endpoint = ENDPOINT.replace("path: /things/{thing_id}", &format!("path: \"{path}\""));
        let d = only(problems(SERVICE, &endpoint));
        assert_eq!(d.path, "path", "{path}: {d}");
        assert!(d.message.contains(wrong), "{path}: {d}");
    }
}

#[test]
fn nothing_is_left_out_silently() {
    // A folder with endpoints but no service.yaml.
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join("demo").join("endpoints")).unwrap();
    fs::write(
        dir.path().join("demo").join("endpoints").join("get_thing.yaml"),
        ENDPOINT,
    )
    .unwrap();
    let d = only(apigen::load_catalog(dir.path()).unwrap_err().0);
    assert!(d.message.contains("but no `service.yaml`"), "{d}");

    // A service.yaml that is a directory.
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join("demo").join("service.yaml")).unwrap();
    let d = only(apigen::load_catalog(dir.path()).unwrap_err().0);
    assert!(d.message.contains("is not a file"), "{d}");

    // A directory with no service at all (say, the wrong one).
    let dir = tempfile::tempdir().unwrap();
    let d = only(apigen::load_catalog(dir.path()).unwrap_err().0);
    assert!(d.message.contains("holds no service folder"), "{d}");
}

#[cfg(unix)]
#[test]
fn a_spec_that_is_not_a_regular_file_is_refused_without_reading_it() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("demo");
    fs::create_dir_all(root.join("endpoints")).unwrap();
    fs::write(root.join("service.yaml"), SERVICE).unwrap();
    // A link to a device that never ends: reading it would never stop.
    std::os::unix::fs::symlink("/dev/zero", root.join("endpoints").join("get_thing.yaml")).unwrap();
    let d = only(apigen::load_catalog(dir.path()).unwrap_err().0);
    assert!(d.message.contains("is not a regular file"), "{d}");
}

/// The endpoint with an inline object nested `levels` deep in its response.
fn nested_endpoint(levels: usize) -> String {
    let mut inner = "{ type: string }".to_owned();
    for level in 0..levels {
        inner = format!("{{ name: Level{level}, fields: {{ inner: {inner} }} }}");
    }
    ENDPOINT.replace(
        "owner: { type: DeviceOwnership, required: true }",
        &format!("owner: {{ type: DeviceOwnership, required: true }}\n    deep: {inner}"),
    )
}

#[test]
fn a_hostile_depth_is_refused_without_exhausting_the_stack() {
    // Far past serde_yaml's own bound and any stack: the text's depth bound
    // sends both through the exact check, which refuses them near the limit.
    let deep = 100_000;
    for hostile in [
        format!("id: x\nresponse: {}{}\n", "[".repeat(deep), "]".repeat(deep)),
        format!("id: x\nresponse:\n  {}x\n", "- ".repeat(deep)),
    ] {
        let d = only(problems(SERVICE, &hostile));
        // Our limit, or the YAML parser's own (it stops flow collections sooner).
        assert!(
            d.message.contains("nests more than 64 levels deep") || d.message.contains("recursion limit exceeded"),
            "{d}"
        );
        assert!(matches!(d.line, Some(2 | 3)), "{d}");
    }
}

#[test]
fn nesting_past_the_limit_is_located_and_the_limit_can_be_raised() {
    let endpoint = nested_endpoint(40);
    let d = only(load(SERVICE, &endpoint).unwrap_err());
    assert!(d.message.contains("nests more than 64 levels deep"), "{d}");
    assert_eq!(d.line, Some(15), "{d}");
    assert!(d.path.starts_with("response.fields.deep.fields.inner"), "{d}");

    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("demo");
    fs::create_dir_all(root.join("endpoints")).unwrap();
    fs::write(root.join("service.yaml"), SERVICE).unwrap();
    fs::write(root.join("endpoints").join("get_thing.yaml"), &endpoint).unwrap();
    let raised = apigen::LoadLimits {
        max_depth: 100,
        ..apigen::LoadLimits::default()
    };
    let catalog = apigen::load_catalog_with(dir.path(), &raised).unwrap();
    assert!(catalog.services[0].endpoints[0].types.len() >= 40);

    // A smaller file bound, to the byte.
    let small = apigen::LoadLimits {
        max_file_bytes: 100,
        ..apigen::LoadLimits::default()
    };
    let problems = apigen::load_catalog_with(dir.path(), &small).unwrap_err().0;
    assert_eq!(problems.len(), 2, "service.yaml and the endpoint: {problems:?}");
    for d in problems {
        assert!(d.message.contains("a spec file is at most 100 bytes"), "{d}");
    }
}
