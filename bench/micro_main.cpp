// mealy_bench_micro [--smoke] [--out FIGURES]: the per-operation benchmarks
// on Google Benchmark. Each pair (ours, baseline) runs back to back, five
// times interleaved (ours, baseline, ours, baseline, ...); a figure is the
// median of the five rounds' ratios, with the median rates of each side.
// Prints Google Benchmark's console report to stderr.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <iostream>
#include <map>
#include <string_view>

#include "harness.hpp"
#include "micro.hpp"
#include "results.hpp"

namespace mealy::bench {
namespace {

// Keeps each run's rate (items or bytes per second) by benchmark name, and
// shows the runs as Google Benchmark's console reporter does.
class RateCollector : public benchmark::ConsoleReporter {
 public:
  RateCollector() : benchmark::ConsoleReporter(OO_None) {
    SetOutputStream(&std::cerr);
    SetErrorStream(&std::cerr);
  }

  void ReportRuns(const std::vector<Run>& runs) override {
    for (const Run& run : runs) {
      if (run.error_occurred) fail("benchmark " + run.benchmark_name() + ": " + run.error_message);
      for (const char* counter : {"items_per_second", "bytes_per_second"}) {
        if (auto found = run.counters.find(counter); found != run.counters.end()) {
          rates[run.run_name.function_name].push_back(found->second.value);
        }
      }
    }
    ConsoleReporter::ReportRuns(runs);
  }

  std::map<std::string, std::vector<double>> rates;
};

}  // namespace
}  // namespace mealy::bench

int main(int argc, char** argv) {
  using namespace mealy::bench;
  // --benchmark_* options go to Google Benchmark (e.g. --benchmark_filter=decode
  // when profiling one benchmark); the rest are ours.
  std::vector<char*> ours{argv[0]};
  std::vector<char*> theirs{argv[0]};
  for (int i = 1; i < argc; ++i)
    (std::string_view(argv[i]).starts_with("--benchmark_") ? theirs : ours).push_back(argv[i]);
  const Options options = Options::parse(static_cast<int>(ours.size()), ours.data());
  // Short runs in smoke mode: the figures only have to exist.
  std::string min_time = options.smoke ? "--benchmark_min_time=0.001" : "--benchmark_min_time=0.2";
  theirs.insert(theirs.begin() + 1, min_time.data());
  int bench_argc = static_cast<int>(theirs.size());
  theirs.push_back(nullptr);
  benchmark::Initialize(&bench_argc, theirs.data());

  std::vector<Pair> pairs = register_decide_benchmarks(options.smoke);
  for (auto& pair : register_codec_benchmarks(options.smoke))
    pairs.push_back(pair);
  RateCollector collector;
  const int rounds = options.smoke ? 1 : 5;
  for (int round = 0; round < rounds; ++round)
    benchmark::RunSpecifiedBenchmarks(&collector);
  benchmark::Shutdown();

  for (const Pair& pair : pairs) {
    const double scale = pair.unit == "MB/s" ? 1e-6 : 1.0;
    const double ours = median(collector.rates[pair.ours]) * scale;
    const double baseline = median(collector.rates[pair.baseline]) * scale;
    if (ours <= 0 || baseline <= 0) continue;  // filtered out
    Figure figure{pair.key,    ours,     baseline, pair.unit, pair.target > 0 ? ">=" : "report",
                  pair.target, pair.note};
    // Each round ran ours then the baseline: the median of the rounds' ratios.
    figure.paired_ratio = median_ratio(collector.rates[pair.ours], collector.rates[pair.baseline]);
    record(options.out, figure);
  }
  options.cleanup();
  return 0;
}
