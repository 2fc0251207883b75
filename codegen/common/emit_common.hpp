// What every emitter says alike, whatever the language: which fields carry
// constraints, the words of a violation, and the Unicode line separators
// that comments and literals must treat as line breaks. The C++ and
// TypeScript checks must agree to the letter, so their words live here once.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "mealy/schema/model.hpp"

namespace mealy::codegen {

// Whether checking a value of `type` (or the field) has anything to check:
// min, max, min_length or max_length on the field, or on a field of a record
// it holds (through lists, maps and optionals).
bool has_constraints(const schema::TypeRef& type);
bool has_constraints(const schema::Field& field);

// The message of each violation of `field` (whose value has the unwrapped
// type `type`), e.g. "quantity must be at least 1",
// "sku must have at most 64 characters".
std::string min_message(const schema::Field& field);
std::string max_message(const schema::Field& field);
std::string min_length_message(const schema::Field& field, const schema::TypeRef& type);
std::string max_length_message(const schema::Field& field, const schema::TypeRef& type);

// The lines of a schema text for a comment: split at every line break (\n,
// \r, \r\n, U+2028, U+2029), without the other control characters (tab
// kept), so that no text can end a comment line early, and with every
// bidirectional formatting character shown as "<U+202E>" (see
// mealy/schema/unicode.hpp). At least one line.
std::vector<std::string> comment_lines(std::string_view text);

// 3 when `text` holds U+2028 or U+2029 (E2 80 A8 / E2 80 A9) at `i`, else 0.
std::size_t line_separator_at(std::string_view text, std::size_t i);

}  // namespace mealy::codegen
