// ReadContext: the path of the value being read, and the first error.
#include <string>

#include "json_text.hpp"
#include "mealy/json_simdjson.hpp"
#include "mealy/json_write.hpp"

namespace mealy::json {
namespace {

// A key that can follow a dot: a letter or underscore, then letters, digits
// and underscores (ASCII).
bool is_plain_key(std::string_view key) {
  if (key.empty()) return false;
  for (std::size_t i = 0; i < key.size(); ++i) {
    const char c = key[i];
    const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    if (!letter && (i == 0 || c < '0' || c > '9')) return false;
  }
  return true;
}

std::string_view type_name(simdjson::ondemand::json_type type) {
  using simdjson::ondemand::json_type;
  switch (type) {
    case json_type::array:
      return "array";
    case json_type::object:
      return "object";
    case json_type::number:
      return "number";
    case json_type::string:
      return "string";
    case json_type::boolean:
      return "boolean";
    case json_type::null:
      return "null";
  }
  return "unknown";
}

// What went wrong, in words, for the errors simdjson reports on bad input.
std::string_view describe(simdjson::error_code error) {
  switch (error) {
    case simdjson::TAPE_ERROR:
      return "a missing or misplaced comma, colon, key, brace or bracket";
    case simdjson::INCOMPLETE_ARRAY_OR_OBJECT:
      return "an array or object is not closed";
    case simdjson::DEPTH_ERROR:
      return "nesting too deep for the parser";
    case simdjson::STRING_ERROR:
      return "a bad escape sequence or lone surrogate in a string";
    case simdjson::T_ATOM_ERROR:
      return "an invalid literal (expected true)";
    case simdjson::F_ATOM_ERROR:
      return "an invalid literal (expected false)";
    case simdjson::N_ATOM_ERROR:
      return "an invalid literal (expected null)";
    case simdjson::NUMBER_ERROR:
      return "a malformed number";
    case simdjson::UTF8_ERROR:
      return "invalid UTF-8";
    case simdjson::EMPTY:
      return "the document is empty";
    case simdjson::UNESCAPED_CHARS:
      return "an unescaped control character in a string";
    case simdjson::UNCLOSED_STRING:
      return "a string is not closed";
    case simdjson::NUMBER_OUT_OF_RANGE:
      return "a number out of range";
    case simdjson::INCORRECT_TYPE:
      return "an unexpected token";
    default:
      return {};
  }
}

}  // namespace

bool ReadContext::enter() {
  if (depth_ >= limits_.max_depth) {
    return fail("nesting deeper than " + std::to_string(limits_.max_depth) + " levels");
  }
  ++depth_;
  return true;
}

bool ReadContext::fail(std::string_view message) {
  if (error_.empty()) {
    error_ = path();
    error_ += ": ";
    error_ += message;
  }
  return false;
}

bool ReadContext::fail_type(std::string_view expected, Value value_handle) {
  using simdjson::ondemand::json_type;
  simdjson::ondemand::value& value = simdjson_value(value_handle);
  json_type type;
  if (auto error = value.type().get(type)) return fail_json(*this, error);
  // type() looks at the first character only: make sure the token is what
  // it claims to be before naming it.
  const std::string_view token = detail::token_text(value);
  if (type == json_type::null && token != "null") return fail_json(*this, simdjson::N_ATOM_ERROR);
  if (type == json_type::boolean && token != "true" && token != "false") {
    return fail_json(*this, token[0] == 't' ? simdjson::T_ATOM_ERROR : simdjson::F_ATOM_ERROR);
  }
  if (type == json_type::number &&
      detail::classify_number(token) == detail::NumberKind::malformed) {
    return fail_json(*this, simdjson::NUMBER_ERROR);
  }
  std::string message = "expected ";
  message += expected;
  message += ", got ";
  message += type_name(type);
  return fail(message);
}

bool ReadContext::fail_missing(std::string_view name) {
  std::string message = "missing required field '";
  message += name;
  message += '\'';
  return fail(message);
}

bool fail_json(ReadContext& ctx, simdjson::error_code error) {
  const std::string_view description = describe(error);
  std::string message;
  if (description.empty()) {
    message = "cannot parse JSON: ";
    message += simdjson::error_message(error);
  } else {
    message = "malformed JSON: ";
    message += description;
  }
  return ctx.fail(message);
}

std::string ReadContext::path() const {
  std::string text = "$";
  for (std::size_t i = 0; i < depth_of_path_; ++i) {
    const Segment& segment = this->segment(i);
    if (!segment.is_key) {
      text += '[';
      text += std::to_string(segment.index);
      text += ']';
    } else if (is_plain_key(segment.key)) {
      text += '.';
      text += segment.key;
    } else {
      text += '[';
      write(text, segment.key);
      text += ']';
    }
  }
  return text;
}

}  // namespace mealy::json
