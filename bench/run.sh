#!/usr/bin/env bash
# Times fieldbook on the bundled book: cold builds (fresh process each time, after a warm-up),
# median of RUNS, and peak RSS. Usage: bench/run.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-15}"
cargo build --release -q
bin=target/release/fieldbook
dest="$(mktemp -d)/site"
"$bin" build -q -d "$dest"   # warm-up (file cache)
times=()
for _ in $(seq "$runs"); do
  start=$(date +%s%N)
  "$bin" build -q -d "$dest"
  end=$(date +%s%N)
  times+=($(( (end - start) / 1000 )))
done
median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
rss=$( { /usr/bin/time -f '%M' "$bin" build -q -d "$dest" >/dev/null; } 2>&1 | tail -1)
fields=$(python3 -c "import json,sys; print(sum(len(r['fields']) for r in json.load(open(sys.argv[1]))['references']))" "$dest/fields.json")
pages=$(find "$dest" -name '*.html' | wc -l)
printf 'machine: %s cores\n' "$(nproc)"
printf '%-22s %8s %8s %12s %14s\n' "book" "fields" "pages" "median ms" "peak RSS KiB"
printf '%-22s %8s %8s %12.1f %14s\n' "bundled (en+zh)" "$fields" "$pages" "$(awk -v m="$median" 'BEGIN {print m / 1000}')" "$rss"
