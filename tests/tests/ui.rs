//! Compile-time guarantees of the generated API (trybuild): what must
//! compile, and what must not, with the compiler's committed messages.
//! Re-bless intended message changes with `TRYBUILD=overwrite cargo test -p apigen-tests --test ui`.

#[test]
fn ui() {
    let cases = trybuild::TestCases::new();
    cases.pass("ui/pass/*.rs");
    cases.compile_fail("ui/fail/*.rs");
}
