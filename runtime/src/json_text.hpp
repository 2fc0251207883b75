// Looking at the text of JSON tokens, for the reader's checks and messages.
// Private to the runtime.
#pragma once

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <bit>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "mealy/json_simdjson.hpp"

namespace mealy::detail {

// The text of the token `value` starts with, without the whitespace after
// it: `123`, `"a\"b"` (raw, escapes and quotes included), `{`. Does not
// consume the value.
std::string_view token_text(simdjson::ondemand::value& value);

enum class NumberKind {
  integer,    // -?(0|[1-9][0-9]*)
  fraction,   // a valid JSON number with a fraction or an exponent
  malformed,  // not a JSON number
};
NumberKind classify_number(std::string_view token);

// The first '"' or '\\' at or after `p`, inside a JSON string of a
// document simdjson parsed: stage 1 has checked that every string is closed,
// and simdjson's documents are padded (SIMDJSON_PADDING, 64 readable bytes
// past the end), so reading 16 bytes at a time stays within the buffer.
inline const char* quote_or_backslash(const char* p) {
#if defined(__SSE2__)
  // 16 bytes at a time (SSE2 is part of x86-64).
  const __m128i quote = _mm_set1_epi8('"');
  const __m128i backslash = _mm_set1_epi8('\\');
  for (;; p += 16) {
    const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    const int found = _mm_movemask_epi8(
        _mm_or_si128(_mm_cmpeq_epi8(bytes, quote), _mm_cmpeq_epi8(bytes, backslash)));
    if (found != 0) return p + std::countr_zero(static_cast<unsigned>(found));
  }
#else
  while (*p != '"' && *p != '\\')
    ++p;
  return p;
#endif
}

// Whether two keys are the same bytes: inline, 8 bytes at a time (keys are
// short; a call to memcmp for each comparison cost more than the compare).
inline bool same_key(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  std::size_t i = 0;
  for (; i + 8 <= a.size(); i += 8) {
    std::uint64_t x = 0, y = 0;
    std::memcpy(&x, a.data() + i, sizeof x);
    std::memcpy(&y, b.data() + i, sizeof y);
    if (x != y) return false;
  }
  for (; i < a.size(); ++i) {
    if (a[i] != b[i]) return false;
  }
  return true;
}

// A member's key, unescaped. A key without a backslash is its own text in
// the document (stage 1 has checked its UTF-8 and control characters), so
// it is taken in place; only a key with escapes goes through simdjson's
// unescaping, which copies it into the parser's string buffer (through a
// call into the implementation chosen at run time). The key lives as long as
// the document either way.
inline simdjson::error_code key_of(simdjson::simdjson_result<simdjson::ondemand::field>& member,
                                   std::string_view& key) {
  if (member.error() != simdjson::SUCCESS) return member.error();
  const char* const start = member.value_unsafe().key().raw();  // just after the opening quote
  const char* const end = quote_or_backslash(start);
  if (*end == '"') {
    key = std::string_view(start, static_cast<std::size_t>(end - start));
    return simdjson::SUCCESS;
  }
  return member.unescaped_key().get(key);
}

// A string value's contents, unescaped, as get_string() gives them, but
// taken in place when the string holds no backslash (as key_of()). Consumes
// the value; INCORRECT_TYPE, and nothing consumed, when it is not a string.
simdjson::error_code string_of(simdjson::ondemand::value& value, std::string_view& text);

// Whether a valid JSON number token is beyond float64's range: it would read
// as infinity. (1e-400 is not: it reads as 0.)
bool beyond_float64(std::string_view token);
// The longest number token whose value simdjson's get_double() is trusted
// with: at most 19 digits, which its exact fast path reads. simdjson 3.0
// reads some longer ones wrong, found by the fuzz target `json`:
// 0.000000020000000000000000000000000000000000000000000000000000000000e330
// (2e322, beyond float64) reads as 1.44115e+283. Longer tokens are read
// again with number_value().
inline constexpr std::size_t kTrustedNumberBytes = 19;

// The value of a valid JSON number token that simdjson's get_double()
// refused or may have read wrong (std::from_chars, exact); false when it is
// beyond float64's range. simdjson refuses some
// numbers within the range: a fraction with an exponent of 19 digits or
// more (`0.0e999999999999999999999`, which is 0, and
// `1.5e-18446744073709551615`, which rounds to 0, as 1e-400 does), found by
// the fuzz target `json`. A number too small for float64 reads as a zero of
// its sign.
bool number_value(std::string_view token, double& out);
// "value <token, cut after 64 bytes> is out of range for float64" at the
// current path: what every reader says of such a number, whatever the type
// it expected, as the TypeScript decoder says it while parsing.
bool fail_beyond_float64(json::ReadContext& ctx, std::string_view token);

// `text` as a JSON string for an error message; beyond 64 bytes it is cut
// (at a character boundary) and ends with `..."`.
std::string quote_for_message(std::string_view text);

}  // namespace mealy::detail
