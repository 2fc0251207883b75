#include "latency.hpp"

#include <algorithm>
#include <bit>
#include <cmath>

namespace mealy::bench {

int LatencyRecorder::bucket_of(std::uint64_t value) {
  if (value < (1u << kSubBits)) return static_cast<int>(value);
  const int magnitude = std::bit_width(value) - 1;  // value in [2^magnitude, 2^(magnitude+1))
  const int shift = magnitude - kSubBits;
  const auto sub = static_cast<int>((value >> shift) & ((1u << kSubBits) - 1));
  return ((shift + 1) << kSubBits) + sub;
}

std::uint64_t LatencyRecorder::upper_bound_of(int bucket) {
  if (bucket < (1 << kSubBits)) return static_cast<std::uint64_t>(bucket);
  const int shift = (bucket >> kSubBits) - 1;
  const auto sub = static_cast<std::uint64_t>(bucket & ((1 << kSubBits) - 1));
  return (((std::uint64_t{1} << kSubBits) + sub + 1) << shift) - 1;
}

void LatencyRecorder::record(std::uint64_t nanoseconds) {
  ++counts_[static_cast<std::size_t>(std::min(bucket_of(nanoseconds), kBuckets - 1))];
  ++count_;
}

void LatencyRecorder::merge(const LatencyRecorder& other) {
  for (std::size_t i = 0; i < counts_.size(); ++i)
    counts_[i] += other.counts_[i];
  count_ += other.count_;
}

std::uint64_t LatencyRecorder::percentile(double percent) const {
  if (count_ == 0) return 0;
  const auto wanted =
      static_cast<std::uint64_t>(std::ceil(percent / 100.0 * static_cast<double>(count_)));
  std::uint64_t seen = 0;
  for (int i = 0; i < kBuckets; ++i) {
    seen += counts_[static_cast<std::size_t>(i)];
    if (seen >= std::max<std::uint64_t>(wanted, 1)) return upper_bound_of(i);
  }
  return upper_bound_of(kBuckets - 1);
}

Zipf::Zipf(std::size_t n, double s) : cumulative_(n) {
  double sum = 0;
  for (std::size_t k = 0; k < n; ++k) {
    sum += 1.0 / std::pow(static_cast<double>(k + 1), s);
    cumulative_[k] = sum;
  }
  for (double& c : cumulative_)
    c /= sum;
}

std::size_t Zipf::operator()(std::mt19937_64& random) const {
  const double u = std::uniform_real_distribution<double>(0.0, 1.0)(random);
  const auto found = std::lower_bound(cumulative_.begin(), cumulative_.end(), u);
  return std::min(static_cast<std::size_t>(found - cumulative_.begin()), cumulative_.size() - 1);
}

}  // namespace mealy::bench
