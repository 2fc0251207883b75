// The small harness of the whole-workload benchmarks (threads, processes):
// command-line options, a wall clock, and running a workload on N threads.
#pragma once

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "results.hpp"

namespace mealy::bench {

// --smoke (tiny sizes), --out FILE (where figures are recorded), --dir DIR
// (where databases go; default: a fresh folder under the system's temp),
// --plots DIR (where a program that draws plots writes them; none without).
struct Options {
  bool smoke = false;
  std::string out;
  std::string dir;
  std::string plots;
  bool own_dir = false;  // dir was made for this run: removed by cleanup()

  static Options parse(int argc, char** argv) {
    Options options;
    for (int i = 1; i < argc; ++i) {
      const std::string_view arg = argv[i];
      if (arg == "--smoke") {
        options.smoke = true;
      } else if (arg == "--out" && i + 1 < argc) {
        options.out = argv[++i];
      } else if (arg == "--dir" && i + 1 < argc) {
        options.dir = argv[++i];
      } else if (arg == "--plots" && i + 1 < argc) {
        options.plots = argv[++i];
      } else {
        std::fprintf(stderr, "usage: %s [--smoke] [--out FIGURES] [--dir DIR] [--plots DIR]\n",
                     argv[0]);
        std::exit(2);
      }
    }
    if (options.dir.empty()) {
      options.own_dir = true;
      options.dir =
          (std::filesystem::temp_directory_path() / ("mealy-bench-" + std::to_string(::getpid())))
              .string();
    }
    std::filesystem::create_directories(options.dir);
    return options;
  }

  // Removes the folder of databases when this run made it.
  void cleanup() const {
    if (own_dir) std::filesystem::remove_all(dir);
  }

  // A fresh database path in dir (any older file of that name removed).
  [[nodiscard]] std::string fresh_db(const std::string& name) const {
    for (const char* suffix : {"", "-wal", "-shm"})
      std::filesystem::remove(dir + "/" + name + suffix);
    return dir + "/" + name;
  }
};

using Clock = std::chrono::steady_clock;

[[nodiscard]] inline double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// The median of `values` (the upper one of an even count); 0 when empty.
// Figures are medians of alternating rounds: a burst of load from another
// process on a shared machine spoils a round or two, not the figure.
[[nodiscard]] inline double median(std::vector<double> values) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

// The median of ours[i] / baseline[i]: rounds that ran side by side.
[[nodiscard]] inline double median_ratio(const std::vector<double>& ours,
                                         const std::vector<double>& baseline) {
  std::vector<double> ratios;
  for (std::size_t i = 0; i < ours.size() && i < baseline.size(); ++i)
    ratios.push_back(ours[i] / baseline[i]);
  return median(std::move(ratios));
}

// A figure from rounds that ran ours and the baseline back to back: each
// side's median, and the median of the rounds' ratios as its value.
[[nodiscard]] inline Figure paired_figure(std::string key, const std::vector<double>& ours,
                                          const std::vector<double>& baseline, std::string unit,
                                          std::string target_op, double target, std::string note) {
  Figure figure{std::move(key),       median(ours), median(baseline), std::move(unit),
                std::move(target_op), target,       std::move(note)};
  figure.paired_ratio = median_ratio(ours, baseline);
  return figure;
}

// Runs work(thread_index) on `threads` threads and returns the wall time in
// seconds from the first start to the last end.
template <typename Work>
double run_threads(unsigned threads, Work&& work) {
  const auto start = Clock::now();
  std::vector<std::thread> pool;
  pool.reserve(threads);
  for (unsigned t = 0; t < threads; ++t)
    pool.emplace_back([&, t] { work(t); });
  for (auto& thread : pool)
    thread.join();
  return seconds_since(start);
}

// Stops the program with a message: a benchmark whose work failed has no figure.
[[noreturn]] inline void fail(const std::string& what) {
  std::fprintf(stderr, "benchmark failed: %s\n", what.c_str());
  std::exit(1);
}

}  // namespace mealy::bench
