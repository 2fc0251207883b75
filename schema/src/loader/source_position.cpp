#include "loader/source_position.hpp"

#include <algorithm>

namespace mealy::schema::loader {

Location location_at(std::string_view text, std::size_t offset, std::uint32_t file) {
  offset = std::min(offset, text.size());
  std::uint32_t line = 1;
  std::size_t start = 0;
  for (std::size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') {
      ++line;
      start = i + 1;
    }
  }
  return {file, line, static_cast<std::uint32_t>(offset - start + 1)};
}

std::size_t line_start(std::string_view text, std::size_t offset) {
  offset = std::min(offset, text.size());
  std::size_t newline = text.rfind('\n', offset == 0 ? 0 : offset - 1);
  if (offset == 0 || newline == std::string_view::npos) return 0;
  return newline + 1;
}

std::string_view line_at(std::string_view text, std::size_t offset) {
  std::size_t start = line_start(text, offset);
  std::size_t end = text.find('\n', start);
  if (end == std::string_view::npos) end = text.size();
  if (end > start && text[end - 1] == '\r') --end;
  return text.substr(start, end - start);
}

}  // namespace mealy::schema::loader
