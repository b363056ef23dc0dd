//! Compile-time guarantees of the generated API (trybuild): what must
//! compile, and what must not, with the compiler's committed messages.
//! Fail cases are grouped by what they prove: `annotate/` and
//! `include_specs/` (the macros' diagnostics), `one_of/`, `variants/`,
//! `values/`, `required/` and `errors/` (what the generated types refuse).
//! Re-bless intended message changes with `TRYBUILD=overwrite cargo test -p apigen-tests --test ui`.

#[test]
fn ui() {
    let cases = trybuild::TestCases::new();
    cases.pass("ui/pass/*.rs");
    cases.compile_fail("ui/fail/*/*.rs");
}
