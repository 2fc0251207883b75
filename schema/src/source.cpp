#include "mealy/schema/source.hpp"

namespace mealy::schema {

std::uint32_t SourceSet::add(SourceFile file) {
  files_.push_back(std::move(file));
  return static_cast<std::uint32_t>(files_.size() - 1);
}

std::int64_t SourceSet::find(const std::filesystem::path& canonical) const {
  for (std::size_t i = 0; i < files_.size(); ++i) {
    if (files_[i].canonical == canonical) return static_cast<std::int64_t>(i);
  }
  return -1;
}

std::string_view SourceSet::line_text(Location location) const {
  if (location.file >= files_.size() || location.line == 0) return {};
  std::string_view text = files_[location.file].text;
  std::size_t start = 0;
  for (std::uint32_t line = 1; line < location.line; ++line) {
    std::size_t newline = text.find('\n', start);
    if (newline == std::string_view::npos) return {};
    start = newline + 1;
  }
  std::size_t end = text.find('\n', start);
  if (end == std::string_view::npos) end = text.size();
  if (end > start && text[end - 1] == '\r') --end;
  return text.substr(start, end - start);
}

}  // namespace mealy::schema
