// Suggestions for misspelt names and keys, shared by the loader and the checker.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

namespace mealy::schema {

// Edit distance (insertions, deletions, substitutions and transpositions of
// adjacent bytes) between `a` and `b`.
std::size_t edit_distance(std::string_view a, std::string_view b);

// The cells of edit-distance tables computed on this thread so far (the
// product of the two lengths, per call): the work suggestions cost, counted
// so that tests can show the caps bound it (tests/schema/work_test.cpp).
std::uint64_t edit_distance_cells();

// Words longer than this get no suggestion.
inline constexpr std::size_t kMaxSuggestedLength = 64;

// The candidate closest to `word`, if it is within 2 edits and fewer edits
// than `word` has bytes (so that "x" does not suggest "to"); the first of
// equally close candidates; empty when none is close or `word` is longer
// than kMaxSuggestedLength. Costs at most O(candidates * 66 * 66).
std::string_view closest(std::string_view word, std::span<const std::string_view> candidates);

}  // namespace mealy::schema
