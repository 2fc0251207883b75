#include "blind_mutator.hpp"

#include <algorithm>
#include <array>

namespace mealy::fuzz {
namespace {

// Bytes that make parsers take unusual paths: JSON and YAML structure,
// escapes, signs, exponents, UTF-8 lead and continuation bytes, controls.
constexpr std::array<std::uint8_t, 32> kInteresting = {
    '{',  '}',  '[', ']', '"', '\\', ':', ',', '-', '+',  'e',  'E',  '.',  '0',  '9',  'u',
    '\n', '\t', ' ', '#', '&', '*',  '!', '|', '>', 0x00, 0x7F, 0x80, 0xBF, 0xC0, 0xED, 0xFF};

}  // namespace

std::vector<std::uint8_t> BlindMutator::next(std::size_t max_size) {
  std::vector<std::uint8_t> input =
      corpus_.empty() ? std::vector<std::uint8_t>{} : corpus_[below(corpus_.size())];
  const std::size_t edits = 1 + below(4);
  for (std::size_t i = 0; i < edits; ++i)
    edit(input);
  if (input.size() > max_size) input.resize(max_size);
  return input;
}

void BlindMutator::edit(std::vector<std::uint8_t>& input) {
  const std::size_t at = below(input.size() + 1);
  switch (below(7)) {
    case 0:  // flip a bit
      if (!input.empty()) input[below(input.size())] ^= static_cast<std::uint8_t>(1u << below(8));
      break;
    case 1:  // overwrite a byte with an interesting one
      if (!input.empty()) input[below(input.size())] = kInteresting[below(kInteresting.size())];
      break;
    case 2:  // insert an interesting byte
      input.insert(input.begin() + static_cast<std::ptrdiff_t>(at),
                   kInteresting[below(kInteresting.size())]);
      break;
    case 3: {  // erase a run (at <= size)
      const std::size_t length = std::min(input.size() - at, 1 + below(16));
      input.erase(input.begin() + static_cast<std::ptrdiff_t>(at),
                  input.begin() + static_cast<std::ptrdiff_t>(at + length));
      break;
    }
    case 4: {  // repeat a run
      if (input.empty()) break;
      const std::size_t from = below(input.size());
      const std::size_t length = std::min(input.size() - from, 1 + below(64));
      const std::vector<std::uint8_t> run(
          input.begin() + static_cast<std::ptrdiff_t>(from),
          input.begin() + static_cast<std::ptrdiff_t>(from + length));
      input.insert(input.begin() + static_cast<std::ptrdiff_t>(at), run.begin(), run.end());
      break;
    }
    case 5: {  // splice: this input's head, another entry's tail
      if (corpus_.empty()) break;
      const std::vector<std::uint8_t>& other = corpus_[below(corpus_.size())];
      const std::size_t from = below(other.size() + 1);
      input.resize(at);
      input.insert(input.end(), other.begin() + static_cast<std::ptrdiff_t>(from), other.end());
      break;
    }
    default:  // truncate
      input.resize(at);
      break;
  }
}

}  // namespace mealy::fuzz
