#!/usr/bin/env bash
# Page weight of the bundled book per page type: the HTML plus the CSS and JavaScript a reader
# downloads on first load. The search index (assets/search/) loads in pieces as a reader searches:
# its whole size is listed separately; what one query loads is measured by
# bench/search_first_query.mjs. Raw and gzip bytes. Usage: bench/page_weight.sh
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release -q
site="$(mktemp -d)/site"
target/release/fieldbook build -q -d "$site"
gz() { gzip -9 -c "$@" | wc -c; }
raw() { cat "$@" | wc -c; }
assets=("$site/assets/style.css" "$site/assets/highlight.css" "$site/assets/search.js")
printf '%-28s %10s %10s\n' "page (HTML + CSS + JS)" "raw B" "gzip B"
for page in en/index.html en/training-args/index.html en/training-args/optimizer.html en/training-args/defaults.html en/training-args/enums.html en/guides/first-fine-tuning-run.html zh/training-args/optimizer.html; do
  printf '%-28s %10s %10s\n' "$page" "$(raw "$site/$page" "${assets[@]}")" "$(( $(gz "$site/$page") + $(gz "${assets[@]}") ))"
done
index=("$site"/assets/search/*.js)
gz_index=0
for f in "${index[@]}"; do gz_index=$(( gz_index + $(gz "$f") )); done
printf '%-28s %10s %10s\n' "search index, all ${#index[@]} files" "$(raw "${index[@]}")" "$gz_index"
