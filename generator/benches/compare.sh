#!/usr/bin/env bash
# apigen, progenitor and ploidy side by side on the same inputs, in one run.
#
#   generator/benches/compare.sh [WORK_DIR]
#
# Inputs: Feishu's whole catalogue (../shared/corpora/, or $APIGEN_CORPORA), its
# `im` domain alone (and `im-json`: the same without its multipart uploads,
# which progenitor refuses), and `EcsLike`, an Alibaba-shaped product the size of ecs
# (358 APIs, 6,704 error rows) written by synth-openmeta.py (apigen reads its
# OpenMeta form, the others its OpenAPI form). For each tool and input it prints
# the generation time and peak memory, the generated code's size, and what
# `cargo check` of the generated crate alone costs (dependencies built first,
# CARGO_INCREMENTAL=0, 2 jobs), then each tool's check time as a ratio to
# apigen's. A tool that refuses an input, fails or runs out of time is reported
# as such.
#
# Then apigen alone on two more: `catalogue`, 270 Alibaba-shaped products with
# 19,980 APIs written by synth-openmeta.py (generation, three runs: this
# machine's timings move by a third between runs), and `calls`, the criterion
# benchmarks of one call and of decoding against hand-written reqwest + serde
# (tests/benches/calls.rs), printed as medians and ratios.
#
# It installs cargo-progenitor 0.15.1 and ploidy 0.15.0 from crates.io into
# target/bench-tools (once). Not part of .ci/run: a full run takes hours
# (progenitor alone needs about an hour to generate Feishu's catalogue).
#
# Environment:
#   APIGEN_BENCH_TIMEOUT  seconds any one step may take (default 5400)
#   APIGEN_BENCH_SKIP     space-separated tool:input pairs to leave out, e.g.
#                         "progenitor:feishu" (they are reported as skipped)
#   APIGEN_BENCH_INPUTS   the inputs to run, of "im im-json ecs feishu catalogue
#                         calls" (default: all)
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
work=${1:-$(mktemp -d)}
mkdir -p "$work"
work=$(cd "$work" && pwd)
tools="$root/target/bench-tools"
timeout_s=${APIGEN_BENCH_TIMEOUT:-5400}
skip=" ${APIGEN_BENCH_SKIP:-} "
wanted=" ${APIGEN_BENCH_INPUTS:-im im-json ecs feishu catalogue calls} "
corpus="${APIGEN_CORPORA:-$root/../shared/corpora}/feishu-1.74.0.openapi.json.gz"
results="$work/results.tsv"
: > "$results"

log() { printf '== %s\n' "$*" >&2; }

# --- tools -------------------------------------------------------------------
install() { # crate version binary
    if ! cargo install --list --root "$tools" 2>/dev/null | grep -q "^$1 v$2:"; then
        log "installing $1 $2"
        cargo install "$1" --version "$2" --locked --root "$tools" --quiet || return 1
    fi
}
install cargo-progenitor 0.15.1 cargo-progenitor || log "cargo-progenitor did not install"
install ploidy 0.15.0 ploidy || log "ploidy did not install"
(cd "$root" && cargo build --release -q -p apigen-cli) || { log "apigen does not build"; exit 1; }
apigen="$root/target/release/apigen"

# --- inputs ------------------------------------------------------------------
inputs="$work/inputs"
mkdir -p "$inputs"
gunzip -c "$corpus" > "$inputs/feishu.openapi.json"
python3 - "$inputs/feishu.openapi.json" "$inputs/im.openapi.json" "$inputs/im-json.openapi.json" <<'PY'
# The `im` domain alone: its operations and every component they reach.
import json, sys
doc = json.load(open(sys.argv[1]))
paths = {}
for path, item in doc["paths"].items():
    ops = {m: op for m, op in item.items() if isinstance(op, dict) and "im" in op.get("tags", [])}
    if ops:
        paths[path] = {**{k: v for k, v in item.items() if not isinstance(v, dict) or k == "parameters"}, **ops}
schemas = doc.get("components", {}).get("schemas", {})
def write(paths, file):
    keep, todo = set(), [paths]
    while todo:
        node = todo.pop()
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/components/schemas/"):
                name = ref.rsplit("/", 1)[1]
                if name not in keep and name in schemas:
                    keep.add(name)
                    todo.append(schemas[name])
            todo.extend(node.values())
        elif isinstance(node, list):
            todo.extend(node)
    out = dict(doc, paths=paths)
    out["components"] = dict(doc.get("components", {}), schemas={k: schemas[k] for k in sorted(keep)})
    json.dump(out, open(file, "w"), ensure_ascii=False)
write(paths, sys.argv[2])
# The same without multipart uploads, which progenitor 0.15.1 refuses.
def json_only(op):
    return "multipart/form-data" not in op.get("requestBody", {}).get("content", {})
plain = {p: {m: op for m, op in item.items() if not isinstance(op, dict) or m == "parameters" or json_only(op)} for p, item in paths.items()}
write({p: item for p, item in plain.items() if any(isinstance(v, dict) and k != "parameters" for k, v in item.items())}, sys.argv[3])
PY
python3 "$root/generator/benches/synth-openmeta.py" "$inputs/ecs-meta" --products 0 --apis 0 --ecs \
    --ecs-openapi "$inputs/ecs.openapi.json"

# --- measuring ---------------------------------------------------------------
# timed NAME CMD...: runs CMD under /usr/bin/time -v and a timeout; sets
# $secs, $peak_mb and $status (ok / exit N / timed out).
timed() {
    local name=$1; shift
    local out="$work/logs/$name.log"
    mkdir -p "$work/logs"
    /usr/bin/time -v timeout "$timeout_s" "$@" > "$out" 2>&1
    local code=$?
    secs=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]; print s }' "$out")
    peak_mb=$(awk -F': ' '/Maximum resident set size/ { printf "%d", $2 / 1024 }' "$out")
    case $code in
        0) status=ok ;;
        124) status="timed out after ${timeout_s} s" ;;
        *) status="refused or failed (exit $code): $(grep -m1 -iE 'error|fail' "$out" | cut -c1-160 | tr '\t|' '  ')" ;;
    esac
}

# check_crate TOOL INPUT DIR: `cargo check` of the crate in DIR, its own code only.
check_crate() {
    local target="$work/target-$1"
    env CARGO_INCREMENTAL=0 CARGO_TARGET_DIR="$target" cargo check -q -j 2 --manifest-path "$3/Cargo.toml" \
        > "$work/logs/$1-$2-deps.log" 2>&1
    find "$3/src" -name '*.rs' -exec touch {} +
    timed "$1-$2-check" env CARGO_INCREMENTAL=0 CARGO_TARGET_DIR="$target" cargo check -j 2 --manifest-path "$3/Cargo.toml"
}

record() { # tool input step status secs peak_mb [bytes]
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$@" >> "$results"
}

# apigen_crate DIR SPECS: the generated services (in DIR/src/services) as one crate.
apigen_crate() {
    local dir=$1 specs=$2
    mkdir -p "$dir/src"
    {
        printf '[package]\nname = "apigen-bench"\nversion = "0.0.0"\nedition = "2021"\npublish = false\n\n[workspace]\n\n'
        printf '[dependencies]\napigen-runtime = { path = "%s/generated/runtime", features = ["client"] }\n' "$root"
        printf 'serde = { version = "1", features = ["derive"] }\nserde_json = "1"\n'
    } > "$dir/Cargo.toml"
    {
        echo '#![allow(missing_docs)]'
        echo 'pub use apigen_runtime as runtime;'
        for file in "$dir"/src/services/*.rs; do
            name=$(basename "$file" .rs)
            echo "#[path = \"services/$name.rs\"] pub mod $name;"
        done
    } > "$dir/src/lib.rs"
    cp "$root/Cargo.lock" "$dir/Cargo.lock"
}

run_apigen() { # input
    local dir="$work/apigen-$1" specs="$work/apigen-$1-specs"
    rm -rf "$dir" "$specs"
    # apigen reads its own spec format: the import is timed apart, and
    # generation is `apigen generate` alone, as the targets mean it.
    case $1 in
        ecs) timed "apigen-$1-import" "$apigen" import openmeta "$inputs/ecs-meta/EcsLike.api-docs.json" --out "$specs" ;;
        *) timed "apigen-$1-import" "$apigen" import openapi "$inputs/$1.openapi.json" --out "$specs" --split-by tag --envelope feishu --service feishu ;;
    esac
    record apigen "$1" import "$status" "$secs" "$peak_mb"
    [ "$status" = ok ] || return
    timed "apigen-$1-generate" "$apigen" generate --specs "$specs" --out "$dir/src/services"
    record apigen "$1" generate "$status" "$secs" "$peak_mb" "$(du -sb "$dir/src/services" 2>/dev/null | cut -f1)"
    [ "$status" = ok ] || return
    apigen_crate "$dir" "$specs"
    check_crate apigen "$1" "$dir"
    record apigen "$1" check "$status" "$secs" "$peak_mb"
}

run_progenitor() { # input
    local dir="$work/progenitor-$1"
    rm -rf "$dir"
    local spec="$inputs/$1.openapi.json"
    timed "progenitor-$1-generate" "$tools/bin/cargo-progenitor" progenitor -i "$spec" -o "$dir" -n "progenitor-$1" -v 0.1.0
    record progenitor "$1" generate "$status" "$secs" "$peak_mb" "$(du -sb "$dir/src" 2>/dev/null | cut -f1)"
    [ "$status" = ok ] || return
    check_crate progenitor "$1" "$dir"
    record progenitor "$1" check "$status" "$secs" "$peak_mb"
}

run_ploidy() { # input
    local dir="$work/ploidy-$1"
    rm -rf "$dir"
    timed "ploidy-$1-generate" "$tools/bin/ploidy" generate rust "$inputs/$1.openapi.json" -o "$dir" --name "ploidy-$1"
    record ploidy "$1" generate "$status" "$secs" "$peak_mb" "$(du -sb "$dir/src" 2>/dev/null | cut -f1)"
    [ "$status" = ok ] || return
    check_crate ploidy "$1" "$dir"
    record ploidy "$1" check "$status" "$secs" "$peak_mb"
}

for input in im im-json ecs feishu; do
    [[ $wanted == *" $input "* ]] || continue
    for tool in apigen ploidy progenitor; do
        if [[ $skip == *" $tool:$input "* ]]; then
            record "$tool" "$input" generate skipped "" "" ""
            continue
        fi
        log "$tool on $input"
        "run_$tool" "$input"
    done
done

# --- apigen alone: the 20,000-endpoint catalogue, and calls ------------------
if [[ $wanted == *" catalogue "* ]]; then
    log "apigen on the 20,000-endpoint catalogue"
    python3 "$root/generator/benches/synth-openmeta.py" "$inputs/catalogue-meta" > "$work/logs/catalogue-synth.log"
    rm -rf "$work/catalogue-specs"
    "$apigen" import openmeta "$inputs"/catalogue-meta/*.json --out "$work/catalogue-specs" > "$work/logs/catalogue-import.log" 2>&1
    for run in 1 2 3; do
        rm -rf "$work/apigen-catalogue"
        timed "apigen-catalogue-generate-$run" "$apigen" generate --specs "$work/catalogue-specs" --out "$work/apigen-catalogue"
        record apigen catalogue "generate-$run" "$status" "$secs" "$peak_mb" "$(du -sb "$work/apigen-catalogue" 2>/dev/null | cut -f1)"
    done
fi
if [[ $wanted == *" calls "* ]]; then
    log "calls and decoding (criterion)"
    rm -rf "$root/target/criterion/call" "$root/target/criterion/decode"
    (cd "$root" && cargo bench -q -p apigen-tests --bench calls) > "$work/logs/calls.log" 2>&1 || log "the call benchmarks failed: $work/logs/calls.log"
fi

# --- report ------------------------------------------------------------------
python3 - "$results" <<'PY'
import sys
rows = [line.rstrip("\n").split("\t") for line in open(sys.argv[1]) if line.strip()]
cell = {}
for tool, inp, step, status, secs, peak, *rest in rows:
    cell[(tool, inp, step)] = (status, secs, peak, rest[0] if rest else "")
def fmt(key):
    status, secs, peak, size = cell.get(key, ("not run", "", "", ""))
    if status != "ok":
        return status + (f" ({secs} s, {peak} MB)" if secs else "")
    return f"{float(secs):.1f} s, {int(peak) / 1024:.2f} GB" if int(peak) > 1024 else f"{float(secs):.2f} s, {peak} MB"
print("| input | tool | generation | code | cargo check | check vs apigen |")
print("|---|---|---|---|---|---|")
imports = {inp: fmt(("apigen", inp, "import")) for inp in ["im", "im-json", "ecs", "feishu"] if ("apigen", inp, "import") in cell}
for inp in ["im", "im-json", "ecs", "feishu"]:
    base = cell.get(("apigen", inp, "check"))
    for tool in ["apigen", "progenitor", "ploidy"]:
        gen = cell.get((tool, inp, "generate"), ("not run", "", "", ""))
        size = f"{int(gen[3]) / 1e6:.1f} MB" if gen[0] == "ok" and gen[3] else "–"
        check = cell.get((tool, inp, "check"))
        ratio = "–"
        if check and base and check[0] == "ok" and base[0] == "ok":
            ratio = f"{float(check[1]) / float(base[1]):.2f}×"
        generation = fmt((tool, inp, "generate"))
        if tool == "apigen" and inp in imports:
            generation += f" (import before it: {imports[inp]})"
        print(f"| {inp} | {tool} | {generation} | {size} | {fmt((tool, inp, 'check')) if check else '–'} | {ratio} |")
runs = [cell[k] for k in sorted(cell) if k[:2] == ("apigen", "catalogue")]
if runs:
    print()
    print("| 20,000-endpoint catalogue | apigen generation | code |")
    print("|---|---|---|")
    for n, (status, secs, peak, size) in enumerate(runs, 1):
        code = f"{int(size) / 1e6:.0f} MB" if status == "ok" and size else "–"
        shown = f"{float(secs):.1f} s, {peak} MB" if status == "ok" else status
        print(f"| run {n} | {shown} | {code} |")
PY
if [[ $wanted == *" calls "* ]]; then
    python3 - "$root/target/criterion" <<'PY'
# Criterion keeps each benchmark's estimates beside its id; medians in ns.
import json, pathlib, sys
medians = {}
for bench in pathlib.Path(sys.argv[1]).glob("*/*/new/benchmark.json"):
    full_id = json.load(open(bench))["full_id"]
    estimates = json.load(open(bench.with_name("estimates.json")))
    medians[full_id] = estimates["median"]["point_estimate"]
print()
print("| benchmark | generated | hand-written | ratio |")
print("|---|---|---|---|")
for full_id in sorted(medians):
    if not full_id.endswith("/generated"):
        continue
    base = full_id[: -len("generated")]
    hand = medians.get(base + "hand_written")
    fmt = lambda ns: f"{ns / 1000:.2f} µs" if ns >= 1000 else f"{ns:.0f} ns"
    if hand:
        print(f"| {base[:-1]} | {fmt(medians[full_id])} | {fmt(hand)} | {medians[full_id] / hand:.2f}× |")
    else:
        print(f"| {base[:-1]} | {fmt(medians[full_id])} | not run | – |")
PY
fi
echo "logs and crates: $work" >&2
