// What the fuzz targets share: the entry point libFuzzer calls, and
// FUZZ_CHECK, an invariant that aborts (and so is a finding) when it fails.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace mealy::fuzz {

// Prints what broke, with the input, and aborts: libFuzzer saves the input
// as a crash, the replay program fails its ctest test.
[[noreturn]] inline void broken(const char* file, int line, const char* what,
                                std::string_view detail, std::string_view input) {
  std::fprintf(stderr,
               "%s:%d: fuzz invariant broken: %s\n  detail: %.*s\n  input (%zu bytes): %.*s\n",
               file, line, what, static_cast<int>(detail.size()), detail.data(), input.size(),
               static_cast<int>(input.size() > 2000 ? 2000 : input.size()), input.data());
  std::abort();
}

inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

}  // namespace mealy::fuzz

// FUZZ_CHECK(condition, detail, input): `detail` and `input` are string_views.
#define FUZZ_CHECK(condition, detail, input)                                                    \
  do {                                                                                          \
    if (!(condition)) ::mealy::fuzz::broken(__FILE__, __LINE__, #condition, (detail), (input)); \
  } while (false)
