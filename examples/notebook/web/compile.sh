#!/usr/bin/env bash
# Compiles the notebook's web client into one folder that notebook_server
# --web serves as it is: the generated modules (notebook.mealy.ts, mealy.ts),
# the client's modules (*.ts here), compiled by the TypeScript pinned in
# scripts/npm/package-lock.json under the flags the generated code promises
# to pass, with the browser's library (DOM) besides ECMAScript 2020; then
# index.html and style.css copied beside the JavaScript. No bundler: the
# browser loads the ES modules as tsc writes them ("./mealy.js" imports).
#
# Usage: compile.sh NODE_MODULES OUT_DIR GENERATED_TS_DIR [WEB_SOURCE_DIR]
#   NODE_MODULES      where `npm ci --prefix scripts/npm` installed typescript
#   OUT_DIR           the folder to write (index.html, style.css, *.js)
#   GENERATED_TS_DIR  mealy_generate(... TS_OUT dir) or `mealyc generate --ts-out`
#   WEB_SOURCE_DIR    default: this script's folder
# Exit status 0 when tsc passes; 1 otherwise, and when Node or the pinned
# TypeScript is missing (scripts/tsc says which).
set -euo pipefail
if (($# < 3)); then
  echo "usage: compile.sh NODE_MODULES OUT_DIR GENERATED_TS_DIR [WEB_SOURCE_DIR]" >&2
  exit 2
fi
node_modules=$1
out=$2
generated=$3
source_dir=${4:-$(cd "$(dirname "$0")" && pwd)}

tsc="$(cd "$(dirname "$0")" && pwd)/../../../scripts/tsc"

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
cp "$generated/mealy.ts" "$generated/notebook.mealy.ts" "$source_dir"/*.ts "$stage/"
mkdir -p "$out"
"$tsc" "$node_modules" "the notebook's web client" --strict --noUncheckedIndexedAccess \
  --exactOptionalPropertyTypes --noImplicitReturns --noFallthroughCasesInSwitch --target es2020 \
  --lib es2020,dom,dom.iterable --module es2020 --moduleResolution bundler --pretty false \
  --outDir "$stage/out" "$stage"/*.ts
# Replace the folder's files only once everything compiled (a server may be serving it).
cp "$stage"/out/*.js "$source_dir/index.html" "$source_dir/style.css" "$out/"
echo "notebook web client: $(ls "$stage"/*.ts | wc -l) modules compiled into $out"
