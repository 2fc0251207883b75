#!/usr/bin/env bash
# Validates schema files against schema/mealy.schema.json with ajv-cli, the
# JSON Schema validator pinned in scripts/npm/package-lock.json.
#
# Usage: validate.sh [REPO_ROOT [NODE_MODULES [FILE...]]]
#   REPO_ROOT     the repository (default: two folders above this script)
#   NODE_MODULES  where `npm ci --prefix scripts/npm` installed the tools
#                 (default: REPO_ROOT/scripts/npm/node_modules)
#   FILE...       files to validate, relative to REPO_ROOT or absolute
#                 (default: examples/**/*.yaml, tests/jsonschema/valid/*.yaml
#                 and tests/jsonschema/invalid/*.yaml)
#
# A file in tests/jsonschema/invalid/ must be refused by the JSON Schema, and
# its first line must be `# expect: TEXT`, where TEXT is part of ajv's message
# (so that it fails for the reason it was written for). Every other file must
# be accepted. One line per file; exit status 0 when every expectation holds,
# 1 when one does not, 2 when the tools are missing (never a silent skip).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "${1:-$here/../..}" && pwd)"
node_modules="${2:-$root/scripts/npm/node_modules}"
shift $(($# < 2 ? $# : 2))

schema="$root/schema/mealy.schema.json"
keywords="$here/ajv-keywords.js"
ajv_cli="$node_modules/ajv-cli/dist/index.js"

if ! command -v node >/dev/null 2>&1; then
  echo "error: node is not installed; the JSON Schema tests need Node.js 18 or later" >&2
  exit 2
fi
if [[ ! -f "$ajv_cli" ]]; then
  echo "error: ajv-cli is missing: $ajv_cli does not exist" >&2
  echo "       install the pinned tools with: npm ci --prefix $root/scripts/npm" >&2
  exit 2
fi
if [[ ! -f "$schema" ]]; then
  echo "error: $schema does not exist" >&2
  exit 2
fi

files=("$@")
if [[ ${#files[@]} -eq 0 ]]; then
  cd "$root"
  shopt -s globstar nullglob
  files=(examples/**/*.yaml tests/jsonschema/valid/*.yaml tests/jsonschema/invalid/*.yaml)
  shopt -u globstar nullglob
  if [[ ${#files[@]} -eq 0 ]]; then
    echo "error: no schema files found under $root" >&2
    exit 2
  fi
fi

failures=0
for file in "${files[@]}"; do
  [[ "$file" = /* ]] || file="$root/$file"
  shown="${file#"$root"/}"
  if [[ ! -f "$file" ]]; then
    echo "FAIL  $shown: no such file"
    failures=$((failures + 1))
    continue
  fi

  expect_valid=1
  expected_text=""
  if [[ "$(basename "$(dirname "$file")")" = invalid ]]; then
    expect_valid=0
    first_line="$(head -n 1 "$file")"
    if [[ "$first_line" != "# expect: "* ]]; then
      echo "FAIL  $shown: the first line must be '# expect: TEXT' (part of the expected message)"
      failures=$((failures + 1))
      continue
    fi
    expected_text="${first_line#"# expect: "}"
  fi

  status=0
  output="$(node "$ajv_cli" validate --spec=draft7 --strict=true --strict-required=false \
    --all-errors --errors=text -c "$keywords" -s "$schema" -d "$file" 2>&1)" || status=$?

  # ajv-cli exits 0 when the file is valid, 1 when it is not (and says
  # "FILE invalid"); anything else (unreadable YAML, a broken schema) is an
  # error whatever was expected.
  if [[ $status -eq 0 ]]; then
    result=valid
  elif [[ $status -eq 1 && "$output" == *"$file invalid"* ]]; then
    result=invalid
  else
    echo "FAIL  $shown: ajv-cli could not validate it (exit status $status)"
    printf '%s\n' "$output" | sed 's/^/      /'
    # ajv-cli hides YAML syntax errors behind a fallback `require`; say what js-yaml saw.
    NODE_PATH="$node_modules" node -e '
      try { require("js-yaml").safeLoad(require("fs").readFileSync(process.argv[1], "utf8")); }
      catch (e) { console.log("      YAML: " + e.message.split("\n")[0]); }' "$file"
    failures=$((failures + 1))
    continue
  fi

  if [[ $expect_valid -eq 1 && $result = valid ]]; then
    echo "ok    $shown: valid"
  elif [[ $expect_valid -eq 0 && $result = invalid && "$output" == *"$expected_text"* ]]; then
    echo "ok    $shown: refused ($expected_text)"
  elif [[ $expect_valid -eq 0 && $result = invalid ]]; then
    echo "FAIL  $shown: refused, but not with '$expected_text'"
    printf '%s\n' "$output" | sed 's/^/      /'
    failures=$((failures + 1))
  elif [[ $expect_valid -eq 0 ]]; then
    echo "FAIL  $shown: accepted, but it is in invalid/ and must be refused"
    failures=$((failures + 1))
  else
    echo "FAIL  $shown: refused, but it must be accepted"
    printf '%s\n' "$output" | sed 's/^/      /'
    failures=$((failures + 1))
  fi
done

if [[ $failures -ne 0 ]]; then
  echo "$failures of ${#files[@]} file(s) did not meet their expectation" >&2
  exit 1
fi
