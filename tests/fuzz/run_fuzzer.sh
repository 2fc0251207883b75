#!/usr/bin/env bash
# run_fuzzer.sh FUZZER CORPUS [LIBFUZZER OPTIONS...]: runs a libFuzzer target
# over a committed corpus without writing into it: new inputs go to a
# temporary folder of this run (removed after), crashes too (and are printed
# by libFuzzer). The exit status is libFuzzer's: non-zero on any finding.
set -euo pipefail
fuzzer=${1:?usage: run_fuzzer.sh FUZZER CORPUS [OPTIONS...]}
corpus=${2:?usage: run_fuzzer.sh FUZZER CORPUS [OPTIONS...]}
shift 2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/new"
"$fuzzer" -artifact_prefix="$work/" -print_final_stats=1 "$@" "$work/new" "$corpus"
