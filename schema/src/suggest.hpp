// Suggestions for misspelt names and keys, shared by the loader and the checker.
#pragma once

#include <span>
#include <string_view>

namespace mealy::schema {

// Edit distance (insertions, deletions, substitutions and transpositions of
// adjacent bytes) between `a` and `b`.
std::size_t edit_distance(std::string_view a, std::string_view b);

// Words longer than this get no suggestion.
inline constexpr std::size_t kMaxSuggestedLength = 64;

// The candidate closest to `word`, if it is within 2 edits and fewer edits
// than `word` has bytes (so that "x" does not suggest "to"); the first of
// equally close candidates; empty when none is close or `word` is longer
// than kMaxSuggestedLength. Costs at most O(candidates * 66 * 66).
std::string_view closest(std::string_view word, std::span<const std::string_view> candidates);

}  // namespace mealy::schema
