#!/usr/bin/env bash
# Checks `fieldbook import` against real configuration classes from PyPI: for each one,
# compare_dataclass.py compares every field (order, annotation, default, default_factory, init,
# help, choices, other metadata) with Python's own view of the dataclass.
#
# Wheels are fetched with `pip download --no-deps` (pinned versions) and their .py files unpacked
# into ${XDG_CACHE_HOME:-$HOME/.cache}/fieldbook-real-sources, so later runs need no network.
#
# Usage: tests/python/real_sources.sh          (builds fieldbook with cargo unless FIELDBOOK is set)
# Also checks that the vendored sources/transformers-*/training_args.py are the wheels' files.
# Exit status: 0 when every class matches exactly, 1 on any mismatch, 2 when a download fails.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cache="${XDG_CACHE_HOME:-$HOME/.cache}/fieldbook-real-sources"
python="${PYTHON:-python3}"

# package==version  file inside the wheel  class
sources=(
  "transformers==4.40.2 transformers/training_args.py TrainingArguments"
  "transformers==4.40.2 transformers/training_args_seq2seq.py Seq2SeqTrainingArguments"
  "transformers==4.41.2 transformers/training_args.py TrainingArguments"
  "transformers==4.39.3 transformers/training_args.py TrainingArguments"
  "transformers==4.39.3 transformers/training_args_seq2seq.py Seq2SeqTrainingArguments"
  "transformers==5.0.0 transformers/training_args.py TrainingArguments"
  "transformers==5.0.0 transformers/training_args_seq2seq.py Seq2SeqTrainingArguments"
  "transformers==5.24.0 transformers/training_args.py TrainingArguments"
  "transformers==5.24.0 transformers/training_args_seq2seq.py Seq2SeqTrainingArguments"
  "peft==0.21.2 peft/tuners/lora/config.py LoraConfig"
  "trl==1.16.0 trl/trainer/sft_config.py SFTConfig"
)

if [[ -z "${FIELDBOOK:-}" ]]; then
  (cd "$root" && cargo build --quiet --bin fieldbook)
  FIELDBOOK="${CARGO_TARGET_DIR:-$root/target}/debug/fieldbook"
fi

# Downloads and unpacks one pinned wheel (its .py files) unless the cache has it.
fetch() {
  local spec="$1" name="${1%%==*}" version="${1##*==}"
  local dir="$cache/$name-$version"
  if [[ -f "$dir/.unpacked" ]]; then
    return 0
  fi
  mkdir -p "$cache/wheels"
  if ! compgen -G "$cache/wheels/$name-$version-*.whl" >/dev/null; then
    if ! "$python" -m pip download --quiet --no-deps --only-binary=:all: \
      --dest "$cache/wheels" "$spec" >&2; then
      echo "could not download $spec from PyPI" >&2
      return 2
    fi
  fi
  rm -rf "$dir" && mkdir -p "$dir"
  "$python" - "$dir" "$cache"/wheels/"$name-$version"-*.whl <<'EOF'
import sys, zipfile
dest, wheel = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(wheel) as z:
    for n in z.namelist():
        if n.endswith(".py"):
            z.extract(n, dest)
EOF
  touch "$dir/.unpacked"
}

passed=0
failed=0
for line in "${sources[@]}"; do
  read -r spec file class <<<"$line"
  fetch "$spec" || exit 2
  dir="$cache/${spec%%==*}-${spec##*==}"
  if "$python" "$here/compare_dataclass.py" --fieldbook "$FIELDBOOK" \
    --label "$spec $file" "$dir/$file" "$class"; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
  fi
done
# trl's SFTConfig over transformers' TrainingArguments (found through --python-path).
fetch "transformers==5.24.0" || exit 2
if "$python" "$here/compare_dataclass.py" --fieldbook "$FIELDBOOK" \
  --python-path "$cache/transformers-5.24.0" --label "trl==1.16.0 over transformers==5.24.0" \
  "$cache/trl-1.16.0/trl/trainer/sft_config.py" SFTConfig; then
  passed=$((passed + 1))
else
  failed=$((failed + 1))
fi

# pydantic models and attrs classes of real projects, compared with `model_fields` /
# `attrs.fields()` (compare_config.py imports the class with absent dependencies stubbed).
if ! "$python" -c "import pydantic, pydantic_settings, attrs" 2>/dev/null; then
  "$python" -m pip install --quiet "pydantic>=2,<3" "pydantic-settings>=2,<3" "attrs>=23" >&2
fi
configs=(
  "fastmcp==2.12.4 fastmcp/settings.py fastmcp.settings Settings"
  "scriv==1.5.1 scriv/config.py scriv.config _Options"
)
for line in "${configs[@]}"; do
  read -r spec file module class <<<"$line"
  fetch "$spec" || exit 2
  dir="$cache/${spec%%==*}-${spec##*==}"
  if "$python" "$here/compare_config.py" --fieldbook "$FIELDBOOK" --site "$dir" \
    --module "$module" --label "$spec $module.$class" "$dir/$file" "$class"; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
  fi
done

# `fieldbook new` + `fieldbook build` on each real class: a book that builds with no edit.
# NEW_BOOKS=DIR keeps the books (each site in DIR/<class>/book) for the layout test (.ci/run).
if [ -n "${NEW_BOOKS:-}" ]; then
  books="$NEW_BOOKS"
  mkdir -p "$books"
else
  books="$(mktemp -d)"
  trap 'rm -rf "$books"' EXIT
fi
new_books=(
  "peft-0.21.2/peft/tuners/lora/config.py LoraConfig"
  "trl-1.16.0/trl/trainer/sft_config.py SFTConfig --python-path $cache/transformers-5.24.0"
  "fastmcp-2.12.4/fastmcp/settings.py Settings"
  "scriv-1.5.1/scriv/config.py _Options"
)
for line in "${new_books[@]}"; do
  read -r file class extra <<<"$line"
  book="$books/$class"
  rm -rf "$book"
  # shellcheck disable=SC2086 # $extra is the optional `--python-path DIR`
  if "$FIELDBOOK" new "$book" --from "$cache/$file" --class "$class" $extra >&2 &&
    "$FIELDBOOK" build "$book" >&2; then
    echo "ok   new + build $file $class"
    passed=$((passed + 1))
  else
    echo "FAIL new + build $file $class" >&2
    failed=$((failed + 1))
  fi
done

# The copies vendored in sources/ (read by the bundled book) are the wheels' files, unmodified.
for vendored in "$root"/sources/transformers-*/training_args.py; do
  version="$(basename "$(dirname "$vendored")")"
  if cmp -s "$vendored" "$cache/$version/transformers/training_args.py"; then
    passed=$((passed + 1))
  else
    echo "sources/$version/training_args.py differs from the wheel's (or the wheel is not listed above)" >&2
    failed=$((failed + 1))
  fi
done
echo "real-sources: $passed passed, $failed failed"
[[ $failed -eq 0 ]]
