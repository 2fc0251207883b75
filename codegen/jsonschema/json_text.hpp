// JSON text for the JSON Schema target: a value built in order and printed
// readably (two-space indentation; an object or array on one line when it
// fits in 100 columns). Deterministic: the same value prints the same bytes.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace mealy::codegen::jsonschema {

class Json {
 public:
  static Json object() { return Json(Kind::object); }
  static Json array() { return Json(Kind::array); }
  static Json string(std::string_view text);
  static Json integer(std::int64_t value) { return literal(std::to_string(value)); }
  static Json unsigned_integer(std::uint64_t value) { return literal(std::to_string(value)); }
  // A float64 as the shortest text that reads back as the same double.
  static Json number(double value);
  static Json boolean(bool value) { return literal(value ? "true" : "false"); }

  // Appends a member to an object (keys keep the order they were added in;
  // a key set again replaces its value in place).
  Json& set(std::string_view key, Json value);
  // Appends the members of another object to this one (as set() does).
  Json& merge(Json other);
  // Appends an item to an array.
  Json& push(Json value);
  [[nodiscard]] bool empty() const { return members_.empty() && items_.empty(); }

  // The value as a JSON text, ending with a newline.
  [[nodiscard]] std::string print() const;

 private:
  enum class Kind : std::uint8_t { literal, object, array };
  explicit Json(Kind kind) : kind_(kind) {}
  static Json literal(std::string text);

  void print_compact(std::string& out) const;
  void print_at(std::string& out, std::size_t indent, std::size_t column) const;

  Kind kind_ = Kind::literal;
  std::string text_;  // a literal's JSON text
  std::vector<std::pair<std::string, Json>> members_;
  std::vector<Json> items_;
};

// `text` as a JSON string literal. Quotes, backslashes and control characters
// are escaped, and so are the characters that could make a reviewer read the
// file otherwise than a parser does: U+2028, U+2029 and bidirectional
// formatting characters ("Trojan Source") are written as \u escapes.
std::string json_string(std::string_view text);

}  // namespace mealy::codegen::jsonschema
