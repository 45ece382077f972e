#!/usr/bin/env bash
# Runs fieldbook's fuzz targets, each for SECONDS (default 600), one after another.
#
#   fuzz/run.sh [SECONDS] [TARGET...]     e.g. fuzz/run.sh 60 typeexpr markdown
#
# Targets (fuzz/fuzz_targets/): typeexpr (annotation parser + to_python round trip, classify,
# describe), pyliteral (default/example literal checker), content_loader (one file of
# tests/fixtures/minimal replaced by the input, then load + validate, and render when the first
# byte's high bit is set), markdown (Markdown renderer and link rewriter), python_reader
# (`fieldbook import`'s dataclass reader). Each never panics, hangs or allocates without bound on
# any input; the targets also assert the properties named in their headers.
#
# Needs cargo-fuzz (`cargo install cargo-fuzz`). On a stable toolchain the script sets
# RUSTC_BOOTSTRAP=1 so that stable rustc accepts the -Z flags cargo-fuzz passes. The committed
# seeds are in fuzz/seeds/<target>/ (regenerate with `python3 fuzz/seed.py`); what fuzzing learns
# goes to fuzz/corpus/<target>/ and crashes to fuzz/artifacts/<target>/ (both git-ignored).
# Reproduce a crash with `cargo fuzz run TARGET fuzz/artifacts/TARGET/crash-…`, shrink it with
# `cargo fuzz tmin TARGET fuzz/artifacts/TARGET/crash-…`.
#
# Environment: SANITIZER=address|none (default address; `none` where ASan is unavailable),
# JOBS=N runs N targets at a time (default 1), FUZZ_ARGS adds libFuzzer flags.
# Exit status: 0 when every target ran its time without a finding, 1 otherwise.
set -euo pipefail

cd "$(dirname "$0")"
seconds=${1:-600}
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    targets=(typeexpr pyliteral content_loader markdown python_reader)
fi
sanitizer=${SANITIZER:-address}
jobs=${JOBS:-1}
if ! rustc --version | grep -q nightly; then
    export RUSTC_BOOTSTRAP=1
fi

cargo fuzz build --sanitizer "$sanitizer" # every target: they share the library build
host=$(rustc -vV | sed -n 's/^host: //p')
bin=target/$host/release

run_one() {
    local t=$1
    mkdir -p "corpus/$t" "artifacts/$t" logs
    echo "== $t: ${seconds}s (log: fuzz/logs/$t.log)"
    # shellcheck disable=SC2086
    if "$bin/$t" "corpus/$t" "seeds/$t" \
        -artifact_prefix="artifacts/$t/" \
        -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -malloc_limit_mb=2048 \
        -print_final_stats=1 ${FUZZ_ARGS:-} >"logs/$t.log" 2>&1; then
        echo "   $t: $(grep -E '^(stat::number_of_executed_units|stat::peak_rss_mb)' "logs/$t.log" | tr '\n' ' ')" \
            "corpus: $(find "corpus/$t" -type f | wc -l) files, $(du -sh "corpus/$t" | cut -f1)"
    else
        echo "   $t: FOUND SOMETHING, see fuzz/logs/$t.log and fuzz/artifacts/$t/"
        grep -E "ERROR|panicked|SUMMARY|Test unit written" "logs/$t.log" | head -5
        return 1
    fi
}

status=0
running=0
for t in "${targets[@]}"; do
    run_one "$t" &
    running=$((running + 1))
    if [ "$running" -ge "$jobs" ]; then
        wait -n || status=1
        running=$((running - 1))
    fi
done
while [ "$running" -gt 0 ]; do
    wait -n || status=1
    running=$((running - 1))
done
exit $status
