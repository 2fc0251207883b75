// A blind mutator for the short fuzz runs of the test suite (ctest's
// fuzz/<target>/mutate in every build type, under CI's Sanitize build): it
// derives inputs from the committed corpus by random edits, the way
// libFuzzer's mutators do, but without coverage guidance, which needs clang's
// instrumentation (the Fuzz build type, scripts/fuzz, is where campaigns run).
// Deterministic: the same corpus and seed give the same inputs, so a run that
// breaks an invariant is repeated by its seed and input number.
#pragma once

#include <cstdint>
#include <random>
#include <vector>

namespace mealy::fuzz {

class BlindMutator {
 public:
  BlindMutator(const std::vector<std::vector<std::uint8_t>>& corpus, std::uint64_t seed)
      : corpus_(corpus), random_(seed) {}

  // The next input: a corpus entry under one to four edits, at most
  // `max_size` bytes.
  std::vector<std::uint8_t> next(std::size_t max_size);

 private:
  void edit(std::vector<std::uint8_t>& input);
  std::size_t below(std::size_t bound) { return bound == 0 ? 0 : random_() % bound; }

  const std::vector<std::vector<std::uint8_t>>& corpus_;
  std::mt19937_64 random_;
};

}  // namespace mealy::fuzz
