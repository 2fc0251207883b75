// The per-operation benchmarks (Google Benchmark): each registers a pair,
// ours and its baseline, run back to back in this process; micro_main turns
// the pairs into figures.
#pragma once

#include <string>
#include <vector>

namespace mealy::bench {

struct Pair {
  std::string key;   // the figure's key in results.json
  std::string ours;  // benchmark names as registered
  std::string baseline;
  std::string unit;  // "commands/s" (items) or "MB/s" (bytes)
  double target;     // ours / baseline must be at least this; 0: only reported
  std::string note;  // what the baseline is
};

// Registers the decide benchmarks (decide_bench.cpp) and returns their pairs.
std::vector<Pair> register_decide_benchmarks(bool smoke);
// Registers the codec benchmarks (codec_bench.cpp) and returns their pairs.
std::vector<Pair> register_codec_benchmarks(bool smoke);

}  // namespace mealy::bench
