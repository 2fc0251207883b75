#include "loader/utf8.hpp"

#include <cstdio>
#include <string>

#include "loader/source_position.hpp"

namespace mealy::schema::loader {

namespace {

bool is_continuation(unsigned char byte) {
  return (byte & 0xC0) == 0x80;
}

// Length of the well-formed UTF-8 sequence starting at `i`, or 0 when it is
// ill-formed (RFC 3629: no overlong forms, no surrogates, nothing above
// U+10FFFF, no truncated sequences).
std::size_t sequence_length(std::string_view text, std::size_t i) {
  auto at = [&](std::size_t k) -> unsigned char {
    return i + k < text.size() ? static_cast<unsigned char>(text[i + k]) : 0;
  };
  unsigned char lead = at(0);
  if (lead < 0x80) return 1;
  // The second byte's allowed range depends on the lead byte (Unicode table 3-7).
  unsigned char low = 0x80;
  unsigned char high = 0xBF;
  std::size_t length = 0;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) low = 0xA0;
    if (lead == 0xED) high = 0x9F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) low = 0x90;
    if (lead == 0xF4) high = 0x8F;
  } else {
    return 0;
  }
  if (at(1) < low || at(1) > high) return 0;
  for (std::size_t k = 2; k < length; ++k) {
    if (!is_continuation(at(k))) return 0;
  }
  return length;
}

}  // namespace

std::size_t bom_length(std::string_view text) {
  return text.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
}

bool check_encoding(std::string_view text, std::uint32_t file, Diagnostics& diagnostics) {
  std::size_t i = 0;
  while (i < text.size()) {
    if (text[i] == '\0') {
      diagnostics.error(location_at(text, i, file), "encoding",
                        "file contains a NUL byte; is it a binary file?");
      return false;
    }
    std::size_t length = sequence_length(text, i);
    if (length == 0) {
      char hex[8];
      std::snprintf(hex, sizeof hex, "0x%02x", static_cast<unsigned char>(text[i]));
      diagnostics.error(location_at(text, i, file), "encoding",
                        std::string("file is not valid UTF-8 (byte ") + hex + ")");
      return false;
    }
    i += length;
  }
  return true;
}

std::string repair_escapes(std::string_view text) {
  std::string repaired;
  repaired.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    std::size_t length = sequence_length(text, i);
    if (length > 0) {
      repaired.append(text.substr(i, length));
      i += length;
      continue;
    }
    // A stray byte 0x80-0xFF: the code point U+0080-U+00FF in two bytes.
    auto byte = static_cast<unsigned char>(text[i]);
    repaired += static_cast<char>(0xC0 | (byte >> 6));
    repaired += static_cast<char>(0x80 | (byte & 0x3F));
    ++i;
  }
  return repaired;
}

}  // namespace mealy::schema::loader
