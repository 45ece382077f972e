#!/usr/bin/env bash
# Builds a tiny Sphinx project against fieldbook's objects.inv and checks that every reference
# resolved to our URLs. Usage: tests/sphinx/run.sh SITE_DIR (a built bundled site).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
site="$(cd "$1" && pwd)"
venv="${XDG_CACHE_HOME:-$HOME/.cache}/fieldbook-ci/sphinx-venv"
[ -x "$venv/bin/sphinx-build" ] || { python3 -m venv "$venv" && "$venv/bin/pip" install --quiet sphinx; }
out="$(mktemp -d)"
FIELDBOOK_INV="$site/objects.inv" "$venv/bin/sphinx-build" -q -W -b html "$here" "$out"
base="https://docs.example.org/training-args/"
for want in \
  "${base}en/training-args/optimizer.html#learning_rate" \
  "${base}en/training-args/checkpoints.html#save_strategy" \
  "${base}en/training-args/enums.html#IntervalStrategy" \
  "${base}en/training-args/enums.html#IntervalStrategy.STEPS" \
  "${base}en/training-args/index.html"; do
  grep -qF "href=\"$want\"" "$out/index.html" || { echo "sphinx: no link to $want" >&2; exit 1; }
done
echo "sphinx intersphinx check: 5 of 5 references resolved to fieldbook URLs"
