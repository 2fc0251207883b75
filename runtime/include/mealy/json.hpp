// What generated headers need of JSON: the decoding limits. (Writing is in
// json_write.hpp; reading, which brings in simdjson, in json_read.hpp, for
// .cpp files only.)
#pragma once

#include <cstddef>

namespace mealy::json {

// Limits on what a decoder accepts; exceeding one is an error, not a crash.
struct Limits {
  std::size_t max_bytes = 64u << 20;  // size of the whole document
  std::size_t max_depth = 64;         // nesting of objects and arrays
};

}  // namespace mealy::json
