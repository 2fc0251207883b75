#!/usr/bin/env bash
# Transition coverage of the example schemas: runs every example test in one
# process with MEALY_COVERAGE_FILE set (mealy/testing_coverage.hpp), then
# `mealyc coverage` over the schemas, and fails unless its report says that
# every transition of every aggregate was reached. A test that stops reaching
# one fails here, and the report names the transition and a path to it.
set -euo pipefail
example_tests=$1
mealyc=$2
source_dir=$3
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
MEALY_COVERAGE_FILE=$out/runs.txt "$example_tests" >"$out/tests.log" 2>&1 || {
  cat "$out/tests.log"
  echo "the example tests failed"
  exit 1
}
cd "$source_dir"
status=0
"$mealyc" coverage examples/order/order.yaml examples/notebook/notebook.yaml --runs "$out/runs.txt" \
  >"$out/report.txt" || status=$?
expected='aggregate Order: 29 of 29 transitions reached (100%)
aggregate Shipment: 6 of 6 transitions reached (100%)
aggregate Invoice: 3 of 3 transitions reached (100%)
aggregate Notebook: 10 of 10 transitions reached (100%)
aggregate Cell: 25 of 25 transitions reached (100%)'
if [[ $status -ne 0 || "$(cat "$out/report.txt")" != "$expected" ]]; then
  cat "$out/report.txt"
  echo "mealyc coverage exited with $status; expected every transition of the examples reached:"
  echo "$expected"
  exit 1
fi
cat "$out/report.txt"
