#!/usr/bin/env bash
# run_all.sh --bin-dir DIR [--smoke] [--json PATH]: runs every benchmark
# program built in DIR, gathers their figures into PATH (results.json) and
# prints the Markdown table; beside PATH it writes the one-page report
# (results.md: every figure against its target, the misses first) and the
# latency plot (latency.svg). Fails when a program fails or a key is missing.
# bench/run calls it after building; ctest's bench.smoke calls it with --smoke.
set -euo pipefail
bin_dir= smoke= json=
while (($#)); do
  case $1 in
    --bin-dir) bin_dir=$2; shift 2 ;;
    --smoke) smoke=--smoke; shift ;;
    --json) json=$2; shift 2 ;;
    *) echo "usage: run_all.sh --bin-dir DIR [--smoke] [--json PATH]" >&2; exit 2 ;;
  esac
done
[[ -n $bin_dir ]] || { echo "run_all.sh: --bin-dir is required" >&2; exit 2; }
json=${json:-$bin_dir/results.json}

work=$(mktemp -d "${TMPDIR:-/tmp}/mealy-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
figures=$work/figures.tsv

for program in mealy_bench_micro mealy_bench_store mealy_bench_load mealy_bench_feed mealy_bench_codegen mealy_bench_http mealy_bench_browser; do
  echo "== $program $smoke" >&2
  mkdir -p "$work/$program"
  plots=()
  # The latency plot goes next to results.json.
  [[ $program != mealy_bench_store ]] || plots=(--plots "$(dirname "$json")")
  "$bin_dir/$program" $smoke --out "$figures" --dir "$work/$program" "${plots[@]}"
  rm -rf "${work:?}/$program"
done

# The machine, for the record.
cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
os=$(. /etc/os-release && echo "$PRETTY_NAME")
compiler=$(${CXX:-g++} --version | head -1)
sqlite=$(command -v sqlite3 >/dev/null && sqlite3 --version | cut -d' ' -f1 || echo unknown)
report=${json%.json}.md
"$bin_dir/mealy_bench_report" "$figures" "$json" \
  "cpu=$cpu" "cores=$(nproc)" "os=$os" "compiler=$compiler" "sqlite=$sqlite" "kernel=$(uname -r)" \
  "mode=${smoke:+smoke}${smoke:-full}" --report "$report" \
  --require append_ratio_vs_raw_sqlite group_commit_ratio_vs_raw_sqlite group_commit_ratio_vs_raw_sqlite_sync_full rehydrate_ratio_vs_raw_scan \
  group_commit_ratio_vs_raw_batched group_commit_ratio_vs_raw_batched_32_threads group_commit_ratio_vs_raw_batched_sync_full \
  group_commit_ratio_vs_raw_batched_32_threads_sync_full raw_batched_savepoints_ratio \
  handle_latency_us_8_threads_sync_full_p99 handle_latency_us_8_threads_involuntary_switches_per_1000 \
  rehydrate_events_per_s snapshot_load_ratio_100k_vs_100 decide_ratio_vs_handwritten decode_ratio_vs_simdjson validate_ratio_vs_simdjson \
  decode_speedup_vs_nlohmann encode_speedup_vs_nlohmann generate_seconds_500_aggregates \
  compile_seconds_per_aggregate feed_peak_rss_mb_1m \
  handle_latency_us_1_thread_p50 handle_latency_us_1_thread_p99 handle_latency_us_1_thread_p99_9 \
  handle_latency_us_8_threads_p50 handle_latency_us_8_threads_p99 handle_latency_us_8_threads_p99_9 \
  http_command_ratio_vs_in_process sync_changes_since_p99_ms sse_fanout_1000_clients_events_per_s \
  sse_fanout_1000_clients_p99_ms notebook_1000_cells_load_ms notebook_edit_to_other_client_ms_p50 \
  notebook_edit_to_other_client_ms_p99 notebook_edit_local_ms_p50 notebook_edit_local_ms_p99
echo "results: $json, $report, $(dirname "$json")/latency.svg" >&2
