// What generated headers need of JSON: the decoding limits, and the check of
// a whole document. (Writing is in json_write.hpp; reading, which brings in
// simdjson, in json_read.hpp, for .cpp files only.)
#pragma once

#include <cstddef>
#include <string_view>

#include "mealy/result.hpp"

namespace mealy::json {

// Limits on what a decoder accepts; exceeding one is an error, not a crash.
struct Limits {
  std::size_t max_bytes = 64u << 20;  // size of the whole document
  std::size_t max_depth = 64;         // nesting of objects and arrays
};

// Checks that `json` is one JSON value as strict as the decoders want it
// (see json_read.hpp): valid JSON and UTF-8, no key twice in an object,
// within `limits`, numbers within float64's range. Returns ok, or
// invalid_argument with the path of the first problem, worded as a decoder
// words it. Generated code calls it before handing a stored payload that did
// not decode to an upcast hook.
Status validate(std::string_view json, const Limits& limits = {});

}  // namespace mealy::json
