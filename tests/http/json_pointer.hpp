// Reads one value of a JSON body by JSON pointer ("/error/code"), as text:
// strings without quotes, numbers and booleans as written; "<missing>" when
// the pointer finds nothing, "<invalid>" when the body is not JSON.
#pragma once

#include <simdjson.h>

#include <sstream>
#include <string>

namespace mealy::testing {

inline std::string at(const std::string& body, const std::string& pointer) {
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (parser.parse(body).get(root) != simdjson::SUCCESS) return "<invalid>";
  simdjson::dom::element value;
  if (root.at_pointer(pointer).get(value) != simdjson::SUCCESS) return "<missing>";
  if (value.is_string()) return std::string(value.get_string().value());
  std::ostringstream out;
  out << simdjson::minify(value);
  return out.str();
}

// How many items the array at `pointer` holds (-1: not an array).
inline long count(const std::string& body, const std::string& pointer) {
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (parser.parse(body).get(root) != simdjson::SUCCESS) return -1;
  simdjson::dom::array array;
  if (root.at_pointer(pointer).get(array) != simdjson::SUCCESS) return -1;
  return static_cast<long>(array.size());
}

}  // namespace mealy::testing
