// Byte offsets in a source text to 1-based lines and columns.
//
// The loader keeps Locations on every node; these helpers serve the rare
// places that start from a byte offset instead (encoding errors, syntax
// hints). Each call scans from the start of the text, so they are meant for
// reporting, not for every node.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "mealy/schema/source.hpp"

namespace mealy::schema::loader {

// The location of byte `offset` of `text` (clamped to the end of the text);
// the column counts bytes, as Location does.
Location location_at(std::string_view text, std::size_t offset, std::uint32_t file);

// The offset where the line holding byte `offset` begins.
std::size_t line_start(std::string_view text, std::size_t offset);

// The line holding byte `offset`, without its line break.
std::string_view line_at(std::string_view text, std::size_t offset);

}  // namespace mealy::schema::loader
