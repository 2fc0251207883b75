#!/usr/bin/env bash
# Fails, with a diff and the command to fix it, when generated/ differs from
# what this mealyc makes of the example schemas with every target (the C++,
# the TypeScript, the JSON Schema, the DOT and the SVG diagrams; byte for byte: mealyc replaces Graphviz's version comment, and the
# layout is the same for the same Graphviz and fonts; see viz/README.md). The
# fonts are the project's own (scripts/fonts/fonts.conf), whatever else the
# machine has.
set -euo pipefail
mealyc=$1
source_dir=$2
export FONTCONFIG_FILE=$source_dir/scripts/fonts/fonts.conf
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
cd "$source_dir"
"$mealyc" generate --out all="$out" \
  examples/order/money.yaml examples/order/order.yaml examples/notebook/notebook.yaml
if ! diff -ru --exclude=README.md generated "$out"; then
  echo
  echo "generated/ is stale. Regenerate it with:"
  echo "  MEALYC=$mealyc scripts/regenerate"
  exit 1
fi
echo "generated/ ($(cd "$out" && ls | xargs)) matches mealyc's output"
