#include "suggest.hpp"

#include <algorithm>
#include <vector>

namespace mealy::schema {

namespace {
thread_local std::uint64_t cells = 0;
}  // namespace

std::uint64_t edit_distance_cells() {
  return cells;
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  cells += static_cast<std::uint64_t>(a.size()) * b.size();
  // Optimal string alignment distance over three rolling rows.
  std::vector<std::size_t> before(b.size() + 1), previous(b.size() + 1), current(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j)
    previous[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    current[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      current[j] = std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        current[j] = std::min(current[j], before[j - 2] + 1);
      }
    }
    std::swap(before, previous);
    std::swap(previous, current);
  }
  return previous[b.size()];
}

std::string_view closest(std::string_view word, std::span<const std::string_view> candidates) {
  constexpr std::size_t kMaxEdits = 2;
  // Only words and candidates of similar, bounded length are compared, so
  // that a long name costs no more than a short one (edit distance is
  // quadratic in the lengths).
  std::string_view best;
  if (word.size() > kMaxSuggestedLength) return best;
  std::size_t best_distance = kMaxEdits + 1;
  for (std::string_view candidate : candidates) {
    if (word.size() > candidate.size() + kMaxEdits || candidate.size() > word.size() + kMaxEdits) {
      continue;
    }
    std::size_t distance = edit_distance(word, candidate);
    if (distance < best_distance && distance < word.size()) {
      best = candidate;
      best_distance = distance;
    }
  }
  return best;
}

}  // namespace mealy::schema
