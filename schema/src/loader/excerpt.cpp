#include "loader/excerpt.hpp"

namespace mealy::schema::loader {

std::string excerpt(std::string_view text) {
  constexpr std::size_t kMaxBytes = 60;
  bool cut = text.size() > kMaxBytes;
  if (cut) {
    std::size_t end = kMaxBytes;
    // Never split a UTF-8 sequence: back up to its lead byte.
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80)
      --end;
    text = text.substr(0, end);
  }
  std::string out;
  out.reserve(text.size() + 3);
  for (char c : text) {
    if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else {
      out += c;
    }
  }
  if (cut) out += "...";
  return out;
}

}  // namespace mealy::schema::loader
