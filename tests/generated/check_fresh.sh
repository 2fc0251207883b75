#!/usr/bin/env bash
# Fails, with a diff and the command to fix it, when generated/ differs from
# what this mealyc makes of the example schemas.
set -euo pipefail
mealyc=$1
source_dir=$2
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
cd "$source_dir"
"$mealyc" generate --cpp-out "$out/cpp" --ts-out "$out/ts" \
  examples/order/money.yaml examples/order/order.yaml examples/notebook/notebook.yaml
if ! diff -ru generated/cpp "$out/cpp" || ! diff -ru generated/ts "$out/ts"; then
  echo
  echo "generated/ is stale. Regenerate it with:"
  echo "  MEALYC=$mealyc scripts/regenerate"
  exit 1
fi
echo "generated/cpp and generated/ts match mealyc's output"
