// A caller written against v1 of the `evolving` service
// (`tests/evolution/v1/`), as a user writes one: requests built with `new`
// and `.with_fields(|r| ..)`, a reply built for a mock with `new`, enums and errors
// matched with a `_` arm. `pass/evolution_v1.rs` and `pass/evolution_v2.rs`
// compile it, unchanged, against v1 and against v2 (the service after a doc
// update with only additive changes), where `api` names the version.

use api::{CommonError, CreateRecordRequest, GetRecordError, GetRecordRequest, GetSummaryRequest, Ownership, Record};
use apigen_runtime::WithFields;

fn get() -> GetRecordRequest {
    GetRecordRequest::new("7089353870308032531".to_owned()).with_fields(|r| r.user_id_type = Some("open_id".to_owned()))
}

fn create() -> CreateRecordRequest {
    CreateRecordRequest::new("laptop".to_owned(), Ownership::Personal).with_fields(|r| r.note = Some("imported".to_owned()))
}

fn mock_reply() -> Record {
    let mut record = Record::new("1".to_owned(), Ownership::Enterprise);
    record.owner = Some("ou_1".to_owned());
    record
}

fn describe(ownership: &Ownership) -> &'static str {
    match ownership {
        Ownership::Unknown => "unknown",
        Ownership::Personal => "personal",
        Ownership::Enterprise => "enterprise",
        Ownership::Other(_) => "not in the spec",
        _ => "added to the spec later",
    }
}

fn advice(error: &GetRecordError) -> &'static str {
    match error {
        GetRecordError::RequestParamError => "fix the request",
        GetRecordError::Common(CommonError::RequestFrequencyLimit) => "slow down",
        GetRecordError::Common(_) => "see the common error",
        GetRecordError::Unknown(_) => "report it",
        _ => "documented later",
    }
}

fn read(record: &Record) -> (&str, Option<&str>, &'static str) {
    (&record.record_id, record.owner.as_deref(), describe(&record.ownership))
}

fn main() {
    let client = api::Client::builder().tenant_access_token("t").build();
    let _ = client.map(|client| {
        let _ = client.get_record(get());
        let _ = client.create_record(create());
        let _ = client.get_summary(GetSummaryRequest::default());
    });
    let _ = read(&mock_reply());
    let _ = advice(&GetRecordError::RequestParamError);
}
