#include "mealy/schema/names.hpp"

namespace mealy::schema {
namespace {

bool is_upper(char c) {
  return c >= 'A' && c <= 'Z';
}
bool is_lower(char c) {
  return c >= 'a' && c <= 'z';
}
bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

}  // namespace

std::string to_lower_snake(std::string_view pascal) {
  std::string out;
  for (std::size_t i = 0; i < pascal.size(); ++i) {
    char c = pascal[i];
    if (is_upper(c)) {
      bool after_lower = i > 0 && (is_lower(pascal[i - 1]) || is_digit(pascal[i - 1]));
      bool acronym_end =
          i > 0 && is_upper(pascal[i - 1]) && i + 1 < pascal.size() && is_lower(pascal[i + 1]);
      if ((after_lower || acronym_end) && !out.empty() && out.back() != '_') out += '_';
      out += static_cast<char>(c - 'A' + 'a');
    } else {
      out += c;
    }
  }
  return out;
}

std::string state_table_name(std::string_view aggregate) {
  return to_lower_snake(aggregate) + "_state";
}

}  // namespace mealy::schema
