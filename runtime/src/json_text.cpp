#include "json_text.hpp"

#include "mealy/json_write.hpp"

namespace mealy::detail {
namespace {

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
bool is_json_whitespace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

constexpr std::size_t kMessageBytes = 64;

}  // namespace

std::string_view token_text(json::Value& value) {
  std::string_view token = value.raw_json_token();
  while (!token.empty() && is_json_whitespace(token.back()))
    token.remove_suffix(1);
  return token;
}

NumberKind classify_number(std::string_view token) {
  std::size_t i = 0;
  const std::size_t n = token.size();
  if (i < n && token[i] == '-') ++i;
  if (i == n) return NumberKind::malformed;
  if (token[i] == '0') {
    ++i;
  } else if (is_digit(token[i])) {
    while (i < n && is_digit(token[i]))
      ++i;
  } else {
    return NumberKind::malformed;
  }
  if (i == n) return NumberKind::integer;
  if (token[i] == '.') {
    ++i;
    if (i == n || !is_digit(token[i])) return NumberKind::malformed;
    while (i < n && is_digit(token[i]))
      ++i;
  }
  if (i < n && (token[i] == 'e' || token[i] == 'E')) {
    ++i;
    if (i < n && (token[i] == '+' || token[i] == '-')) ++i;
    if (i == n || !is_digit(token[i])) return NumberKind::malformed;
    while (i < n && is_digit(token[i]))
      ++i;
  }
  return i == n ? NumberKind::fraction : NumberKind::malformed;
}

std::string quote_for_message(std::string_view text) {
  std::string quoted;
  if (text.size() <= kMessageBytes) {
    json::write(quoted, text);
    return quoted;
  }
  std::size_t cut = kMessageBytes;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80)
    --cut;
  json::write(quoted, text.substr(0, cut));
  quoted.insert(quoted.size() - 1, "...");
  return quoted;
}

}  // namespace mealy::detail
