#include "mealy/schema/source.hpp"

namespace mealy::schema {

std::uint32_t SourceSet::add(SourceFile file) {
  std::vector<std::size_t>& starts = line_starts_.emplace_back();
  starts.push_back(0);
  for (std::size_t i = 0; i < file.text.size(); ++i) {
    if (file.text[i] == '\n') starts.push_back(i + 1);
  }
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
  const std::vector<std::size_t>& starts = line_starts_[location.file];
  if (location.line > starts.size()) return {};
  std::size_t start = starts[location.line - 1];
  std::size_t end = text.find('\n', start);
  // The \r of a CRLF line break is not part of the line; a lone \r at the
  // end of the file is (the YAML parser counts it as a character of the
  // line, and a diagnostic may point just past it).
  if (end == std::string_view::npos) {
    end = text.size();
  } else if (end > start && text[end - 1] == '\r') {
    --end;
  }
  return text.substr(start, end - start);
}

}  // namespace mealy::schema
