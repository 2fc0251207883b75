// Base64 (RFC 4648, section 4: the standard alphabet, padded), shared by the
// JSON writer and reader. Private to the runtime.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "mealy/values.hpp"

namespace mealy::detail {

// Appends the padded base64 of `size` bytes at `data` to `out`.
void append_base64(std::string& out, const std::uint8_t* data, std::size_t size);

// Decodes `text` into `out` and returns true, or returns false (leaving `out`
// unspecified) unless `text` is exactly what append_base64 writes: a length
// that is a multiple of 4, only the standard alphabet, at most two '=' and
// only at the end, and zero bits in the unused low bits of the last
// character, so that every accepted text is the one canonical encoding of
// its bytes. No whitespace, no URL-safe alphabet, no missing padding.
bool decode_base64(std::string_view text, Bytes& out);

}  // namespace mealy::detail
