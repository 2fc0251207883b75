// Writing canonical JSON (see schema/README.md, "Canonical JSON").
//
// One overload of write() per type, appending to a std::string: no DOM, no
// intermediate strings. Generated encoders write their records' keys as
// literals and call write() for each value; lists, maps and optionals compose
// through the templates below, which find the generated overloads for
// records and enums by argument-dependent lookup.
//
// Canonical means the same value always gives the same bytes, in C++ and in
// the TypeScript encoder alike:
// - no spaces; object keys as the encoder writes them (maps: sorted);
// - int32 and uint32 as JSON numbers; int64, uint64 and durations (in
//   microseconds) as decimal strings, exact in JavaScript;
// - float64 in the shortest form that reads back to the same double, laid
//   out as JavaScript's Number::toString does (0.1, 1e+21, 1.5e-7), so that
//   JSON.stringify agrees; both zeros are written `0`; NaN and the
//   infinities, which JSON cannot say, are written `null`;
// - strings with only the escapes JSON requires: `\"`, `\\`, and control
//   characters below U+0020 as \b \f \n \r \t or \u00XX (lowercase hex);
//   plus U+2028 and U+2029 as \u2028 and \u2029, so that the output is also
//   valid JavaScript source (the TypeScript encoder must do the same, which
//   JSON.stringify does not). Every other character, DEL included, is copied
//   as UTF-8. Strings are assumed to be UTF-8; the output stays valid JSON
//   whatever they hold: each ill-formed part (each maximal subpart, as
//   Unicode recommends and as TextDecoder does: a stray byte, an overlong
//   form, a surrogate, a truncated sequence) is replaced by U+FFFD;
// - timestamps as RFC 3339 UTC with exactly six fraction digits,
//   `2026-11-22T10:00:00.000000Z`; a time outside the years 0000 to 9999 is
//   clamped to the nearest end of that range (it has no four-digit year, and
//   the decoder accepts nothing else), so keep such times out with
//   constraints;
// - uuids lowercase; bytes as padded base64 with the standard alphabet.
//
// The write functions never fail and never throw except std::bad_alloc from
// `out`. They touch nothing but `out`: threads may write to different
// strings at the same time.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mealy/values.hpp"

namespace mealy::json {

void write(std::string& out, bool value);
void write(std::string& out, std::int32_t value);
void write(std::string& out, std::int64_t value);  // "123", a string
void write(std::string& out, std::uint32_t value);
void write(std::string& out, std::uint64_t value);  // "123", a string
// Finite doubles only: JSON has no infinity or NaN; those are written as null
// (and a decoder refuses them), so constraints should keep them out.
// -0.0 is written `0`, as JavaScript writes it.
void write(std::string& out, double value);
// Invalid UTF-8 is written as U+FFFD (see above).
void write(std::string& out, std::string_view value);
inline void write(std::string& out, const std::string& value) {
  write(out, std::string_view(value));
}
inline void write(std::string& out, const char* value) {
  write(out, std::string_view(value));
}
void write(std::string& out, const Bytes& value);
void write(std::string& out, const Uuid& value);
void write(std::string& out, Timestamp value);  // clamped to the years 0000-9999
void write(std::string& out, Duration value);   // microseconds, as a decimal string

// Declared before they are defined, so that each can call the others
// (list<map<string, T>> and the like).
template <typename T>
void write(std::string& out, const std::vector<T>& values);
template <typename T>
void write(std::string& out, const std::map<std::string, T>& values);
template <typename T>
void write(std::string& out, const std::optional<T>& value);

template <typename T>
void write(std::string& out, const std::vector<T>& values) {
  out += '[';
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out += ',';
    write(out, values[i]);
  }
  out += ']';
}

template <typename T>
void write(std::string& out, const std::map<std::string, T>& values) {
  out += '{';
  bool first = true;
  for (const auto& [key, value] : values) {  // std::map: sorted, so canonical
    if (!first) out += ',';
    first = false;
    write(out, std::string_view(key));
    out += ':';
    write(out, value);
  }
  out += '}';
}

// An optional inside a list or a map: null when empty. (A record field that
// is an empty optional is left out instead; generated code does that.)
template <typename T>
void write(std::string& out, const std::optional<T>& value) {
  if (value) {
    write(out, *value);
  } else {
    out += "null";
  }
}

}  // namespace mealy::json
