#!/usr/bin/env bash
# Runs a compiler that must fail, and checks what it said.
#
#   expect_compile_error.sh [--expect TEXT | --absent TEXT]... -- COMPILER ARG...
#
# Exit 0 when COMPILER ARG... exits non-zero and its output (stdout and stderr)
# holds every --expect TEXT and no --absent TEXT (fixed strings, not regular
# expressions); otherwise prints the output and what is wrong, and exits 1.
set -uo pipefail

usage() {
  echo "usage: $0 [--expect TEXT | --absent TEXT]... -- COMPILER ARG..." >&2
  exit 2
}

expected=()
absent=()
while (($#)) && [[ $1 != -- ]]; do
  case $1 in
    --expect) (($# >= 2)) || usage; expected+=("$2"); shift 2 ;;
    --absent) (($# >= 2)) || usage; absent+=("$2"); shift 2 ;;
    *) usage ;;
  esac
done
(($# >= 2)) || usage
shift  # --
((${#expected[@]})) || usage

echo "+ $*"
output=$("$@" 2>&1)
status=$?
printf '%s\n' "$output"

problems=0
if ((status == 0)); then
  echo "expect_compile_error: FAILED: the compilation succeeded" >&2
  problems=1
fi
for text in "${expected[@]}"; do
  if ! grep -qF -- "$text" <<<"$output"; then
    echo "expect_compile_error: FAILED: the output does not say: $text" >&2
    problems=1
  fi
done
for text in "${absent[@]}"; do
  if grep -qF -- "$text" <<<"$output"; then
    echo "expect_compile_error: FAILED: the output says: $text" >&2
    problems=1
  fi
done
exit "$problems"
