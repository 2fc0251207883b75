#!/usr/bin/env bash
# Type-checks or compiles TypeScript with the TypeScript pinned in
# scripts/npm/package-lock.json, with the strictest flags the generated code
# promises to pass:
#   --strict --noUncheckedIndexedAccess --exactOptionalPropertyTypes
# and only the ECMAScript 2020 library (no DOM, no Node types): generated code
# has no runtime dependency.
#
# Usage: tsc.sh NODE_MODULES check|OUT_DIR SOURCE...
#   NODE_MODULES  where `npm ci --prefix scripts/npm` installed the tools
#   check         type-check only (--noEmit); otherwise compile to OUT_DIR as
#                 ES modules that Node runs (OUT_DIR gets a package.json
#                 saying "type": "module")
#   SOURCE...     .ts files, or folders whose *.ts files are taken; all are
#                 copied into one folder first, so that "./x.mealy.js"
#                 imports between them resolve
# Exit status 0 when tsc passes; 1 otherwise, and when Node or the pinned
# TypeScript is missing (scripts/tsc says which; never a silent skip).
set -euo pipefail
node_modules=$1
mode=$2
shift 2

tsc="$(dirname "$0")/../../scripts/tsc"

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
for source in "$@"; do
  if [[ -d $source ]]; then
    shopt -s nullglob
    files=("$source"/*.ts)
    shopt -u nullglob
    if ((${#files[@]} == 0)); then
      echo "error: no .ts file in $source" >&2
      exit 1
    fi
    cp "${files[@]}" "$stage/"
  else
    cp "$source" "$stage/"
  fi
done

flags=(--strict --noUncheckedIndexedAccess --exactOptionalPropertyTypes
       --target es2020 --lib es2020 --module es2020 --moduleResolution bundler --pretty false)
if [[ $mode == check ]]; then
  "$tsc" "$node_modules" "the TypeScript tests" "${flags[@]}" --noEmit "$stage"/*.ts
  echo "tsc: $(ls "$stage" | wc -l) file(s) pass"
else
  mkdir -p "$mode"
  "$tsc" "$node_modules" "the TypeScript tests" "${flags[@]}" --outDir "$mode" "$stage"/*.ts
  echo '{"type": "module"}' >"$mode/package.json"
  echo "tsc: compiled $(ls "$stage" | wc -l) file(s) into $mode"
fi
