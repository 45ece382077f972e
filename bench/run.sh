#!/usr/bin/env bash
# fieldbook's build-time benchmark, against mdBook and Hugo (+ Pagefind) on the same content.
#
#   bench/run.sh [--sizes 150,2000,20000] [--runs 5] [--bundled-runs 15] [--work DIR]
#                [--no-install] [--no-bundled] [--no-peers]
#
# What it measures, and how:
#  1. The bundled book (TrainingArguments, 122 fields, en+zh): a warm-up build, then BUNDLED_RUNS
#     cold builds, each a fresh `target/release/fieldbook build -q` process; median wall time and
#     peak RSS (/usr/bin/time -f %M).
#     Then bench/serve_reload.py: save-to-reload time of `fieldbook serve` for one field edit.
#  2. Synthetic books of N fields for each size (bench/gen.py, seeded, so the same bytes every
#     time): groups of ~15 fields, 2-4 sentences of explanation per language, a ```python snippet
#     per field, enums used by `Union[SomeEnum, str]` fields, references of <= 500 fields. The same
#     content is written as a fieldbook book (en+zh in one build), two mdBook books (en and zh;
#     mdBook has no i18n; search on, its default) and one multilingual Hugo site (en+zh,
#     build-time highlighting, Hugo's default; no search) that Pagefind then indexes.
#     bench/measure.py builds each: a warm-up, then RUNS clean builds (the output is deleted before
#     each, outside the timing), whole processes; it prints one table: median wall time, peak RSS,
#     output size (du -sb), search index size, the ratio peer time / fieldbook time, and µs per
#     field (linear growth shows as a flat µs/field); then, in the notes, what a reader's first
#     search downloads from fieldbook's site at each N ("first query downloads X KB", measured
#     in headless Chromium by bench/search_first_query.mjs; needs node and
#     tests/browser/node_modules).
#
# Peers are installed when missing (cargo install mdbook --locked; apt-get install hugo; the
# pagefind npm package into WORK/tools), unless --no-install. Books and outputs go to WORK
# (default /dev/shm/fieldbook-bench, tmpfs, when writable; else /tmp/fieldbook-bench), never
# into the repository. The file cache is warm; nothing else
# should run on the machine meanwhile.
set -euo pipefail
cd "$(dirname "$0")/.."

sizes=150,2000,20000
runs=5
bundled_runs=15
# Books and outputs go to tmpfs when there is one: on this kind of machine the disk's inode
# allocation after mass deletes (every run deletes the previous output) cost more than the tools'
# own work, for every tool, and mostly measured the file system.
if [ -d /dev/shm ] && [ -w /dev/shm ]; then work_default=/dev/shm/fieldbook-bench; else work_default=/tmp/fieldbook-bench; fi
work="${FIELDBOOK_BENCH_WORK:-$work_default}"
install=1
bundled=1
peers=1
usage() { sed -n '4,5p' "$0" | sed 's/^# *//'; exit 2; }
while [ $# -gt 0 ]; do
  case "$1" in
    --sizes) sizes="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --bundled-runs) bundled_runs="$2"; shift 2 ;;
    --work) work="$2"; shift 2 ;;
    --no-install) install=0; shift ;;
    --no-bundled) bundled=0; shift ;;
    --no-peers) peers=0; shift ;;
    -h|--help) usage ;;
    # The old interface: `bench/run.sh RUNS` timed the bundled book only.
    [0-9]*) bundled_runs="$1"; peers=0; sizes=""; shift ;;
    *) echo "unknown option: $1" >&2; usage ;;
  esac
done
mkdir -p "$work/bundled"
work="$(cd "$work" && pwd)"
say() { printf '%s\n' "$*" >&2; }

# --- tools ---------------------------------------------------------------------------------------
apt_updated=0
apt_install() {
  [ "$install" = 1 ] || return 1
  if [ "$apt_updated" = 0 ]; then apt-get update -qq >&2 || true; apt_updated=1; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >&2
}
[ -x /usr/bin/time ] || apt_install time || { say "need /usr/bin/time (apt-get install time)"; exit 1; }

mdbook="" hugo="" pagefind=""
if [ "$peers" = 1 ] && [ -n "$sizes" ]; then
  export PATH="$HOME/.cargo/bin:$PATH"
  if ! command -v mdbook >/dev/null && [ "$install" = 1 ]; then
    say "installing mdBook (cargo install mdbook --locked; a few minutes)…"
    cargo install mdbook --locked >&2 || say "mdBook could not be installed"
  fi
  mdbook="$(command -v mdbook || true)"
  command -v hugo >/dev/null || apt_install hugo || say "Hugo could not be installed"
  hugo="$(command -v hugo || true)"
  # Pagefind from npm: run its native binary directly (what `npx pagefind` spawns, without node's
  # start-up). pagefind_extended is the build that segments Chinese.
  pf_dir="$work/tools/node_modules/@pagefind"
  if ! ls "$pf_dir"/*/bin/pagefind* >/dev/null 2>&1 && [ "$install" = 1 ] && command -v npm >/dev/null; then
    say "installing pagefind (npm)…"
    npm install --prefix "$work/tools" --no-audit --no-fund pagefind >&2 || say "pagefind could not be installed"
  fi
  for f in "$pf_dir"/*/bin/pagefind_extended "$pf_dir"/*/bin/pagefind; do
    if [ -x "$f" ] && [ -z "$pagefind" ]; then pagefind="$f"; fi
  done
  [ -n "$mdbook" ] || say "note: mdBook missing, its rows are left out"
  [ -n "$hugo" ] || say "note: Hugo missing, its rows are left out"
  [ -n "$pagefind" ] || say "note: pagefind could not be installed (npm), the Hugo + Pagefind row is left out"
fi

cargo build --release -q
# Measure a copy, so that a rebuild of target/ during a long run cannot swap the binary under it.
cp target/release/fieldbook "$work/fieldbook"
bin="$work/fieldbook"

say "versions: $("$bin" --version 2>/dev/null || echo fieldbook)${mdbook:+; $("$mdbook" --version)}${hugo:+; $("$hugo" version | cut -d' ' -f1-2)}${pagefind:+; $("$pagefind" --version)}"

printf 'machine: %s cores (nproc); books and outputs in %s (%s)\n\n' "$(nproc)" "$work" "$(df -T "$work" | awk 'NR==2 {print $2}')"

# --- 1. the bundled book -------------------------------------------------------------------------
if [ "$bundled" = 1 ] && ! "$bin" build -q -d "$work/bundled/site" 2>"$work/bundled.err"; then
  # warm-up failed: report it and go on with the synthetic books
  printf 'bundled book: the build failed, not timed:\n'
  sed 's/^/  /' "$work/bundled.err" | head -20
  echo
elif [ "$bundled" = 1 ]; then
  dest="$work/bundled/site"
  times=() rss_max=0
  for _ in $(seq "$bundled_runs"); do
    start=$(date +%s%N)
    /usr/bin/time -f '%M' -o "$work/bundled/rss" "$bin" build -q -d "$dest"
    end=$(date +%s%N)
    times+=($(( (end - start) / 1000 )))
    rss=$(tail -1 "$work/bundled/rss")
    if [ "$rss" -gt "$rss_max" ]; then rss_max=$rss; fi
  done
  median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  fields=$(python3 -c "import json,sys; print(sum(len(r['fields']) for r in json.load(open(sys.argv[1]))['references']))" "$dest/fields.json")
  pages=$(find "$dest" -name '*.html' | wc -l)
  printf 'bundled book: %s builds after a warm-up (the DEST of the previous build is replaced)\n' "$bundled_runs"
  printf '%-22s %8s %8s %12s %14s\n' "book" "fields" "pages" "median ms" "peak RSS KiB"
  printf '%-22s %8s %8s %12.1f %14s\n' "bundled (en+zh)" "$fields" "$pages" "$(awk -v m="$median" 'BEGIN {print m / 1000}')" "$rss_max"
  echo
  # Live reload: one field edit under `fieldbook serve`, from the save to the page's reload signal.
  python3 bench/serve_reload.py --binary "$bin" --runs 10 2>/dev/null || say "serve reload timing failed"
  echo
fi

# --- 2. synthetic books, fieldbook against the peers ----------------------------------------------
[ -n "$sizes" ] || exit 0
for n in ${sizes//,/ }; do
  python3 bench/gen.py --fields "$n" --out "$work/$n" >&2
done
python3 bench/measure.py --work "$work" --sizes "$sizes" --runs "$runs" --fieldbook "$bin" \
  ${mdbook:+--mdbook "$mdbook"} ${hugo:+--hugo "$hugo"} ${pagefind:+--pagefind "$pagefind"}
