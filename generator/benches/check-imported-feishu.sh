#!/usr/bin/env bash
# Imports the whole Feishu catalogue (../shared/corpora/), generates every
# domain, and type-checks all 56 of them in one crate, printing time and peak
# memory. Usage: generator/benches/check-imported-feishu.sh [WORK_DIR]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
work=${1:-$(mktemp -d)}
corpus="${APIGEN_CORPORA:-$root/../shared/corpora}/feishu-1.74.0.openapi.json.gz"
cd "$root"
cargo build --release -q -p apigen-cli
target/release/apigen import openapi "$corpus" --out "$work/specs" --split-by tag --envelope feishu --service feishu
target/release/apigen generate --specs "$work/specs" --out "$work/crate/src/services" > /dev/null
{
    printf '[package]\nname = "feishu-catalogue"\nversion = "0.0.0"\nedition = "2021"\npublish = false\n\n[workspace]\n\n'
    printf '[dependencies]\napigen-runtime = { path = "%s/generated/runtime", features = ["client"] }\n' "$root"
    printf 'serde = { version = "1", features = ["derive"] }\nserde_json = "1"\n'
} > "$work/crate/Cargo.toml"
{
    echo '//! Every domain of the imported Feishu catalogue.'
    echo '#![allow(missing_docs)]'
    echo 'pub use apigen_runtime as runtime;'
    for file in "$work"/crate/src/services/*.rs; do
        name=$(basename "$file" .rs)
        echo "#[path = \"services/$name.rs\"] pub mod $name;"
    done
} > "$work/crate/src/lib.rs"
cp "$root/Cargo.lock" "$work/crate/Cargo.lock"
cd "$work/crate"
# A first check builds the dependencies; the timed second one is the generated code's alone.
CARGO_INCREMENTAL=0 CARGO_TARGET_DIR="$work/target" cargo check -q --offline
touch src/lib.rs
CARGO_INCREMENTAL=0 CARGO_TARGET_DIR="$work/target" /usr/bin/time -v cargo check --offline 2>&1 \
    | grep -E "error|warning: unused|Elapsed|Maximum resident|Finished" || true
