// Paths are relative to the calling crate's Cargo.toml; under trybuild that is
// target/tests/trybuild/apigen-tests, four levels below the repository.
mod broken {
    apigen_macros::include_specs!("../../../../tests/ui/specs/broken");
}

fn main() {}
