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

// The text of a scalar as yaml-cpp 0.7 decoded it, made UTF-8 again: yaml-cpp
// turns the escapes `\N` (U+0085) and `\_` (U+00A0) into the single bytes
// 0x85 and 0xA0 rather than their UTF-8 forms. Since the file itself is
// UTF-8 (checked first) and every other escape is decoded to UTF-8, a byte
// that begins no well-formed sequence came from one of these two escapes,
// and is encoded as the code point of the same number.
std::string repair_escapes(std::string_view text);

}  // namespace mealy::schema::loader
