// Latency percentiles, HDR-style: values land in log-linear buckets (a
// relative error of at most 1/64 from 1 ns to hours), so recording is one
// increment and any percentile can be read afterwards; per-thread recorders
// merge. Plus the Zipf-distributed choice of aggregates the latency runs use.
#pragma once

#include <array>
#include <cstdint>
#include <random>
#include <vector>

namespace mealy::bench {

class LatencyRecorder {
 public:
  void record(std::uint64_t nanoseconds);
  void merge(const LatencyRecorder& other);
  // The value at or below which `percent` of the recorded values lie (the
  // bucket's upper bound), in nanoseconds; 0 when nothing was recorded.
  [[nodiscard]] std::uint64_t percentile(double percent) const;
  [[nodiscard]] std::uint64_t count() const { return count_; }

 private:
  static constexpr int kSubBits = 6;  // 64 sub-buckets per power of two
  static constexpr int kBuckets = 64 << kSubBits;
  static int bucket_of(std::uint64_t value);
  static std::uint64_t upper_bound_of(int bucket);

  std::array<std::uint64_t, kBuckets> counts_{};
  std::uint64_t count_ = 0;
};

// Draws 0..n-1 with P(k) proportional to 1/(k+1)^s (a few hot aggregates, a
// long tail), from a precomputed cumulative table.
class Zipf {
 public:
  Zipf(std::size_t n, double s = 0.99);
  std::size_t operator()(std::mt19937_64& random) const;

 private:
  std::vector<double> cumulative_;
};

}  // namespace mealy::bench
