#!/usr/bin/env bash
# Compiles and runs the TypeScript snippets of the READMEs against the
# committed generated code (generated/ts), with the pinned tsc and Node.
# A snippet is the ```ts block that follows the line
#   <!-- tested by tests/ts/readme_snippet.sh -->
# in README.md and in codegen/README.md; each must compile under tsc.sh's
# strict flags and run without throwing.
#
# Usage: readme_snippet.sh NODE_MODULES REPO_ROOT WORK_DIR
set -euo pipefail
node_modules=$1
root=$2
work=$3
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

rm -rf "$work"
mkdir -p "$work"
count=0
for readme in README.md codegen/README.md; do
  name=$(echo "$readme" | tr '/.' '__')
  awk '/<!-- tested by tests\/ts\/readme_snippet.sh -->/ { marked = 1; next }
       marked && /^```ts$/ { inside = 1; next }
       inside && /^```$/ { exit }
       inside { print }' "$root/$readme" >"$work/$name.ts"
  if [[ ! -s $work/$name.ts ]]; then
    echo "error: $readme has no \`\`\`ts block after <!-- tested by tests/ts/readme_snippet.sh -->" >&2
    exit 1
  fi
  bash "$here/tsc.sh" "$node_modules" "$work/js_$name" "$root/generated/ts" "$work/$name.ts"
  node "$work/js_$name/$name.js"
  echo "ok: the TypeScript snippet of $readme compiles and runs"
  count=$((count + 1))
done
echo "$count snippet(s) pass"
