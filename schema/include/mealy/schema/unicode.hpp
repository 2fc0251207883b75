// Characters of schema text that generated files must not copy raw.
//
// Bidirectional formatting characters (U+202A..U+202E, U+2066..U+2069,
// U+200E, U+200F, U+061C) reorder how a line is displayed without changing
// what a compiler reads, so that a reviewer may read something other than
// the code ("Trojan Source", CVE-2021-42574); GCC refuses them with
// -Werror=bidi-chars. Every emitter shows them as visible text instead.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace mealy::schema {

// The length in bytes (2 or 3) of the bidirectional formatting character
// at text[i], or 0 when there is none; `code_point` gets its code point.
std::size_t bidi_control_at(std::string_view text, std::size_t i, std::uint32_t& code_point);

// `text` with each bidirectional formatting character replaced by its
// visible name, e.g. "<U+202E>".
std::string show_bidi_controls(std::string_view text);

}  // namespace mealy::schema
