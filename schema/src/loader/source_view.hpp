// The text yaml-cpp parses, and the way back from its marks to Locations.
//
// The loader strips a UTF-8 byte order mark before handing the text to
// yaml-cpp, whose marks are 0-based and count from after it. Location columns
// count bytes of the file as read, BOM included, so that the caret lines up
// under the line SourceSet::line_text returns.
#pragma once

#include <yaml-cpp/mark.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "loader/source_position.hpp"
#include "mealy/schema/source.hpp"

namespace mealy::schema::loader {

struct SourceView {
  std::string_view text;  // the file's text without its byte order mark
  std::uint32_t file = 0;
  std::size_t bom = 0;  // bytes stripped from the start of line 1

  // The byte offset of a mark in `text`.
  [[nodiscard]] std::size_t offset(const YAML::Mark& mark) const {
    return std::min(static_cast<std::size_t>(std::max(mark.pos, 0)), text.size());
  }

  [[nodiscard]] Location at(const YAML::Mark& mark) const {
    auto line = static_cast<std::uint32_t>(std::max(mark.line, 0) + 1);
    auto column = static_cast<std::uint32_t>(std::max(mark.column, 0) + 1);
    if (line == 1) column += static_cast<std::uint32_t>(bom);
    return {file, line, column};
  }

  // The location of a byte offset in `text`; scans from the start, so only
  // for reporting.
  [[nodiscard]] Location at_offset(std::size_t byte) const {
    Location location = location_at(text, byte, file);
    if (location.line == 1) location.column += static_cast<std::uint32_t>(bom);
    return location;
  }
};

}  // namespace mealy::schema::loader
