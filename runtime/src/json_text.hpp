// Looking at the text of JSON tokens, for the reader's checks and messages.
// Private to the runtime.
#pragma once

#include <string>
#include <string_view>

#include "mealy/json_read.hpp"

namespace mealy::detail {

// The text of the token `value` starts with, without the whitespace after
// it: `123`, `"a\"b"` (raw, escapes and quotes included), `{`. Does not
// consume the value.
std::string_view token_text(json::Value& value);

enum class NumberKind {
  integer,    // -?(0|[1-9][0-9]*)
  fraction,   // a valid JSON number with a fraction or an exponent
  malformed,  // not a JSON number
};
NumberKind classify_number(std::string_view token);

// Whether a valid JSON number token is beyond float64's range: it would read
// as infinity. (1e-400 is not: it reads as 0.)
bool beyond_float64(std::string_view token);
// "value <token, cut after 64 bytes> is out of range for float64" at the
// current path: what every reader says of such a number, whatever the type
// it expected, as the TypeScript decoder says it while parsing.
bool fail_beyond_float64(json::ReadContext& ctx, std::string_view token);

// `text` as a JSON string for an error message; beyond 64 bytes it is cut
// (at a character boundary) and ends with `..."`.
std::string quote_for_message(std::string_view text);

}  // namespace mealy::detail
