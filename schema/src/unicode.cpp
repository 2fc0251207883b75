#include "mealy/schema/unicode.hpp"

namespace mealy::schema {

std::size_t bidi_control_at(std::string_view text, std::size_t i, std::uint32_t& code_point) {
  auto at = [&](std::size_t k) -> unsigned char {
    return i + k < text.size() ? static_cast<unsigned char>(text[i + k]) : 0;
  };
  if (at(0) == 0xD8 && at(1) == 0x9C) {
    code_point = 0x061C;
    return 2;
  }
  if (at(0) != 0xE2) return 0;
  std::uint32_t value = 0x2000 + ((at(1) & 0x3Fu) << 6) + (at(2) & 0x3Fu);
  if ((at(1) & 0xC0) != 0x80 || (at(2) & 0xC0) != 0x80) return 0;
  bool bidi = value == 0x200E || value == 0x200F || (value >= 0x202A && value <= 0x202E) ||
              (value >= 0x2066 && value <= 0x2069);
  if (!bidi) return 0;
  code_point = value;
  return 3;
}

std::string show_bidi_controls(std::string_view text) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    std::uint32_t code_point = 0;
    if (std::size_t length = bidi_control_at(text, i, code_point)) {
      out += "<U+";
      for (int shift = 12; shift >= 0; shift -= 4)
        out += kHex[(code_point >> shift) & 15];
      out += '>';
      i += length;
    } else {
      out += text[i++];
    }
  }
  return out;
}

}  // namespace mealy::schema
