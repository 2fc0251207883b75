// The encoding check that runs before YAML parsing.
//
// yaml-cpp reads invalid UTF-8 without complaint and stops at NUL bytes in
// surprising ways, so the loader refuses both up front, pointing at the first
// bad byte.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "mealy/schema/diagnostic.hpp"

namespace mealy::schema::loader {

// Bytes of the UTF-8 byte order mark at the start of `text`: 3 or 0.
std::size_t bom_length(std::string_view text);

// Checks that `text` is UTF-8 without NUL bytes. On failure reports one
// `encoding` error at the first bad byte and returns false.
bool check_encoding(std::string_view text, std::uint32_t file, Diagnostics& diagnostics);

}  // namespace mealy::schema::loader
