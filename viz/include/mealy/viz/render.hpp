// Laying out and rendering DOT with Graphviz's libraries (libgvc, libcgraph),
// linked into the process: no `dot` program runs.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "mealy/result.hpp"

namespace mealy::viz {

enum class Format : std::uint8_t { svg, png, pdf };

// `svg`, `png` or `pdf`; nullopt for anything else.
[[nodiscard]] std::optional<Format> parse_format(std::string_view text);
[[nodiscard]] std::string_view format_name(Format format);

struct Rendering {
  std::string data;      // the file's bytes
  std::string warnings;  // what Graphviz warned about, one line each; empty when nothing
};

struct RenderOptions {
  Format format = Format::svg;
  // SVG only: replaces Graphviz's comment naming its own version, so that the
  // same DOT gives the same bytes with any build of the same layout engine.
  // Empty: a comment saying only that Graphviz rendered it.
  std::string svg_comment;
};

// Parses `dot` (its first graph), lays it out with the `dot` engine and
// renders it. Fails with invalid_argument carrying Graphviz's messages when
// the DOT does not parse, and internal when layout or rendering fails (a
// missing plugin, say). Graphviz keeps global state, so calls are serialised
// by a process-wide lock: safe from any thread, but one at a time.
[[nodiscard]] Result<Rendering> render(std::string_view dot, const RenderOptions& options);

}  // namespace mealy::viz
