// Escaping schema text for the two places DOT puts text, and nothing else.
//
// Invariants, for any input bytes:
//   1. dot_string(t) is one DOT quoted string: it starts and ends with `"`, holds
//      no unescaped `"` and no backslash that escapes the closing quote, so
//      the text cannot end the string and add attributes, nodes or edges.
//   2. Graphviz reads `\\` in a label or tooltip as one backslash, so
//      escape sequences such as `\N` (the node's name) or `\G` never arise
//      from schema text; a newline becomes `\n`, a line break.
//   3. html(t) holds no `<`, `>`, `&` or `"` of its own: markup in schema text
//      stays text in HTML-like labels; a newline becomes `<BR/>`.
//   4. Other control characters become spaces in both (they are invalid in
//      the SVG that Graphviz writes).
//   5. Bidirectional formatting characters are shown as "<U+202E>" in both
//      (mealy/schema/unicode.hpp), in the DOT text and so in the SVG.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace mealy::viz {

// The content of a DOT quoted string (without the quotes).
[[nodiscard]] std::string escape_quoted(std::string_view text);

// A DOT quoted string holding `text`.
[[nodiscard]] std::string dot_string(std::string_view text);

// Text for an HTML-like label.
[[nodiscard]] std::string html(std::string_view text);

// `text` in lines of at most `width` bytes, broken at spaces where possible;
// existing line breaks are kept.
[[nodiscard]] std::vector<std::string> wrap(std::string_view text, std::size_t width);

}  // namespace mealy::viz
