#include "json_text.hpp"

#include <charconv>
#include <system_error>

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

std::string_view token_text(simdjson::ondemand::value& value) {
  std::string_view token = value.raw_json_token();
  while (!token.empty() && is_json_whitespace(token.back()))
    token.remove_suffix(1);
  return token;
}

simdjson::error_code string_of(simdjson::ondemand::value& value, std::string_view& text) {
  const std::string_view token = value.raw_json_token();
  if (token.empty() || token[0] != '"') return value.get_string().get(text);
  const char* const start = token.data() + 1;
  const char* const end = quote_or_backslash(start);
  if (*end != '"') return value.get_string().get(text);  // escapes: unescape
  simdjson::ondemand::raw_json_string raw;
  if (auto error = value.get_raw_json_string().get(raw)) return error;
  text = std::string_view(start, static_cast<std::size_t>(end - start));
  return simdjson::SUCCESS;
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

bool beyond_float64(std::string_view token) {
  double value = 0;
  const char* const end = token.data() + token.size();
  if (std::from_chars(token.data(), end, value).ec != std::errc::result_out_of_range) return false;
  // Out of range either way, too large or too small. Which one: the number
  // is 0.d... times 10 to the (position + exponent), `position` counting the
  // integer digits from the first nonzero one, or minus the zeros that start
  // the fraction.
  std::size_t i = token[0] == '-' ? 1 : 0;
  long long position = 0;
  bool found = false;
  for (; i < token.size() && is_digit(token[i]); ++i) {
    found = found || token[i] != '0';
    if (found) ++position;
  }
  if (i < token.size() && token[i] == '.') {
    for (++i; i < token.size() && is_digit(token[i]); ++i) {
      if (!found && token[i] != '0') found = true;
      if (!found) --position;
    }
  }
  if (!found) return false;  // zero
  bool negative_exponent = false;
  if (i < token.size()) ++i;  // e or E
  if (i < token.size() && (token[i] == '+' || token[i] == '-'))
    negative_exponent = token[i++] == '-';
  while (i < token.size() && token[i] == '0')
    ++i;
  // An exponent of more than 15 digits outweighs any number of digits.
  if (token.size() - i > 15) return !negative_exponent;
  long long exponent = 0;
  std::from_chars(token.data() + i, end, exponent);
  return (negative_exponent ? -exponent : exponent) + position > 0;
}

bool number_value(std::string_view token, double& out) {
  double value = 0;
  const auto result = std::from_chars(token.data(), token.data() + token.size(), value);
  if (result.ec == std::errc{} && result.ptr == token.data() + token.size()) {
    out = value;
    return true;
  }
  // Out of range (libstdc++ also says so of huge exponents that make a
  // number tiny): too large, or a zero of the token's sign.
  if (beyond_float64(token)) return false;
  out = token.starts_with('-') ? -0.0 : 0.0;
  return true;
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
