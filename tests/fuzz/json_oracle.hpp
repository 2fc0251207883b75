// An independent strict JSON checker: the fuzz targets' oracle.
//
// It shares no code with the runtime (no simdjson, nothing of
// runtime/src/json_*.cpp): a recursive-descent reader of RFC 8259, written
// from the RFC, that applies the rules the decoders promise (json_read.hpp):
// UTF-8 without overlong forms, surrogates or code points past U+10FFFF;
// escapes that pair their surrogates; no key twice in one object (keys
// compared after unescaping); at most `max_depth` nested objects and arrays;
// numbers within float64's range (strtod, not from_chars). Whatever a
// decoder accepts must pass it, and mealy::json::validate() must agree with
// it on every input.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace mealy::fuzz {

struct OracleResult {
  bool ok = false;
  std::string why;  // what was wrong, and at which byte, when !ok
};

OracleResult check_json(std::string_view text, std::size_t max_depth = 64);

}  // namespace mealy::fuzz
