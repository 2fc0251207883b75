// Benchmark figures: what each benchmark program measured, written as one
// line per figure to a shared file, then gathered by mealy_bench_report into
// results.json and a Markdown table.
//
// A figure is either a ratio (ours and the baseline, measured side by side
// in the same process, ratio = ours / baseline) or a single value (seconds,
// megabytes, a latency). Its target says which way is good: ">=" or "<=" or
// "<" a bound, or "report" (no target, only reported).
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace mealy::bench {

struct Figure {
  Figure() = default;
  Figure(std::string key_, double ours_, std::optional<double> baseline_, std::string unit_,
         std::string target_op_ = "report", double target_ = 0, std::string note_ = {})
      : key(std::move(key_)),
        ours(ours_),
        baseline(baseline_),
        unit(std::move(unit_)),
        target_op(std::move(target_op_)),
        target(target_),
        note(std::move(note_)) {}

  std::string key;                   // the key in results.json, e.g. append_ratio_vs_raw_sqlite
  double ours = 0;                   // our figure (or the value, when there is no baseline)
  std::optional<double> baseline;    // the baseline's figure, same unit; none for single values
  std::string unit;                  // of ours and baseline, e.g. "commands/s"
  std::string target_op = "report";  // ">=", "<=", "<" or "report"
  double target = 0;                 // the bound the ratio (or the value) is held to
  std::string note;                  // what the baseline was, in a few words
  // The median of the ratios of rounds that ran ours and the baseline back
  // to back, when measured so; value() is then this rather than ours / baseline.
  std::optional<double> paired_ratio;

  // The paired ratio, else ours / baseline, or ours when there is no baseline.
  [[nodiscard]] double value() const;
  // Whether value() meets the target; true for "report".
  [[nodiscard]] bool pass() const;
};

// Appends `figure` to the file at `path` as one tab-separated line; prints it
// to stderr as well. Returns false when the file cannot be written.
bool record(const std::string& path, const Figure& figure);

// Reads every figure recorded in `path`, in file order; a later figure of the
// same key replaces an earlier one. Empty when the file is missing.
std::vector<Figure> read_figures(const std::string& path);

// results.json: {"machine": {...}, "figures": {key: {...}}}.
std::string to_json(const std::vector<Figure>& figures,
                    const std::vector<std::pair<std::string, std::string>>& machine);

// The Markdown table: key, ours, baseline, ratio or value, target, pass.
std::string to_markdown(const std::vector<Figure>& figures);

}  // namespace mealy::bench
