#!/usr/bin/env bash
# Builds and runs project/, a project outside mealy, the way mealy's users do,
# then checks that mealy_generate() reruns mealyc exactly when it should.
#
#   run_consumer.sh installed|in_tree CMAKE MEALY_SOURCE MEALY_BUILD WORK [CONFIGURE_ARG...]
#
# installed: installs MEALY_BUILD into WORK/prefix (cmake --install) and finds
#            it there with find_package(mealy CONFIG).
# in_tree:   adds MEALY_SOURCE with add_subdirectory(); the build folder is
#            kept between runs, so that only what changed in mealy rebuilds.
# CONFIGURE_ARGs go to the consumer's configure step (generator, compiler,
# build type and flags, as mealy's own build has them). After an argument
# "--then-debug", the arguments that turn a second build of the consumer into
# a Debug one (installed only: it builds and runs the program, nothing more).
#
# The build must use Ninja: the checks read its output, where each command run
# prints its COMMENT ("mealyc: generating C++ for app", "mealyc: generating
# TypeScript for web_types"). Exit 0 when every
# step passed; the first failure stops the script and says which.
set -euo pipefail

if (($# < 5)); then
  echo "usage: $0 installed|in_tree CMAKE MEALY_SOURCE MEALY_BUILD WORK [CONFIGURE_ARG...]" >&2
  exit 2
fi
variant=$1 cmake=$2 mealy_source=$3 mealy_build=$4 work=$5
shift 5
# CONFIGURE_ARGs up to "--then-debug"; the ones after it, if any, configure a
# second build of the consumer, in Debug, against the same mealy.
configure_args=()
debug_args=()
while (($#)); do
  if [[ $1 == --then-debug ]]; then
    shift
    debug_args=("$@")
    break
  fi
  configure_args+=("$1")
  shift
done

say() { echo "consumer ($variant): $*"; }
fail() {
  echo "consumer ($variant): FAILED: $*" >&2
  exit 1
}

# A copy of the project, as this test touches its files and the two variants
# may run at the same time.
project=$work/project
build=$work/build
log=$work/build.log
rm -rf "$project"
mkdir -p "$work"
cp -R "$mealy_source/tests/consumer/project" "$project"

case $variant in
  installed)
    prefix=$work/prefix
    rm -rf "$prefix" "$build"
    say "installing $mealy_build into $prefix"
    "$cmake" --install "$mealy_build" --prefix "$prefix" >"$work/install.log" 2>&1 ||
      { cat "$work/install.log"; fail "cmake --install $mealy_build (is the build complete?)"; }
    for file in bin/mealyc include/mealy/decide.hpp include/mealy/json.hpp; do
      [[ -e $prefix/$file ]] || fail "$file is not installed"
    done
    config=$(find "$prefix" -path '*/cmake/mealy/mealyConfig.cmake')
    [[ -n $config ]] || fail "no cmake/mealy/mealyConfig.cmake installed"
    for file in MealyGenerate.cmake mealyConfigVersion.cmake mealyTargets.cmake; do
      [[ -e $(dirname "$config")/$file ]] || fail "$file is not installed beside mealyConfig.cmake"
    done
    # Internal parts stay internal.
    if found=$(find "$prefix" -name '*mealy_schema*' -o -name '*mealy_cli*' -o -name '*mealy_viz*' \
                 -o -path '*/include/mealy/schema*' -o -path '*/include/mealy/viz*') &&
      [[ -n $found ]]; then
      fail "internal files installed: $found"
    fi
    mealyc=$prefix/bin/mealyc
    configure_args+=("-DCMAKE_PREFIX_PATH=$prefix")
    ;;
  in_tree)
    configure_args+=(-DMEALY_CONSUMER_IN_TREE=ON "-DMEALY_SOURCE_DIR=$mealy_source")
    ;;
  *)
    fail "unknown variant '$variant' (installed or in_tree)"
    ;;
esac

say "configuring"
"$cmake" -S "$project" -B "$build" "${configure_args[@]}" >"$work/configure.log" 2>&1 ||
  { cat "$work/configure.log"; fail "configuring the consumer"; }

# The mealyc the build runs: the imported one when installed.
used_mealyc=$(cat "$build/mealyc_path.txt")
if [[ $variant == installed ]]; then
  [[ $used_mealyc == "$mealyc" ]] || fail "mealy::mealyc is $used_mealyc, not the installed $mealyc"
else
  mealyc=$used_mealyc
fi

# build WHY: builds, keeping the output in $log (and showing it).
build() {
  say "building: $1"
  if ! "$cmake" --build "$build" >"$log" 2>&1; then
    cat "$log"
    fail "the build failed ($1)"
  fi
  cat "$log"
}
expect_generation() {
  grep -q "mealyc: generating C++ for app" "$log" || fail "mealyc did not run for app after $1"
}
expect_nothing_to_do() {
  local hint=""
  if grep -q "Re-running CMake\|Building CXX object mealy/" "$log"; then
    hint=" (mealy itself was rebuilt: did its sources change during the test?)"
  fi
  if grep -q "mealyc: generating" "$log"; then fail "mealyc ran again after $1$hint"; fi
  grep -q "ninja: no work to do" "$log" || fail "the build was not up to date after $1$hint"
}
run_app() {
  "$build/app" || fail "app failed ($1)"
  "$build/http_check" || fail "http_check failed ($1)"
  for file in mealy.ts units.mealy.ts pantry.mealy.ts; do
    [[ -s $build/ts/$file ]] || fail "mealy_generate(... TS_OUT) did not write ts/$file ($1)"
  done
}
# Ninja compares modification times, which the kernel keeps in clock ticks:
# wait for the next second so that a touched file is newer than any output.
touch_later() {
  sleep 1
  touch "$1"
}

build "from scratch"
expect_generation "a fresh build"
run_app "first build"
# DOT_OUT diagrams SVG: the machine drawn beside the code, relative to the build folder.
for diagram in pantry.Pantry.dot pantry.Pantry.svg; do
  [[ -s $build/diagrams/$diagram ]] || fail "mealy_generate(DOT_OUT diagrams SVG) wrote no $diagram"
done

build "nothing changed"
expect_nothing_to_do "a build with nothing changed"

touch_later "$project/schemas/pantry.yaml"
build "root schema touched"
expect_generation "touching the root schema"
run_app "after touching the root schema"
build "again"
expect_nothing_to_do "the rebuild for the root schema"

# units.yaml is not among app's SCHEMAS: only mealyc's depfile names it.
touch_later "$project/schemas/units.yaml"
build "imported schema touched"
expect_generation "touching the imported schema (the depfile)"
build "again"
expect_nothing_to_do "the rebuild for the imported schema"

touch_later "$mealyc"
build "mealyc touched"
expect_generation "touching $mealyc"
run_app "after touching mealyc"
build "again"
expect_nothing_to_do "the rebuild for mealyc"

# The same consumer built as Debug (simdjson's development checks would be on)
# against the same installed mealy, built in another type: its decoders must
# work as they do in the build above. Only the build and the run: the checks
# above are about CMake, the same in every build type.
if ((${#debug_args[@]})); then
  debug_build=$work/build-debug
  rm -rf "$debug_build"
  say "configuring a Debug build of the consumer"
  "$cmake" -S "$project" -B "$debug_build" "${configure_args[@]}" "${debug_args[@]}" >"$work/configure-debug.log" 2>&1 ||
    { cat "$work/configure-debug.log"; fail "configuring the Debug consumer"; }
  say "building the Debug consumer"
  "$cmake" --build "$debug_build" --target app >"$work/build-debug.log" 2>&1 ||
    { cat "$work/build-debug.log"; fail "building the Debug consumer"; }
  "$debug_build/app" || fail "the Debug consumer failed"
fi

say "passed"
