#include "loader/syntax_message.hpp"

#include <yaml-cpp/exceptions.h>

#include <cctype>

#include "loader/excerpt.hpp"

namespace mealy::schema::loader {

namespace {

namespace msg = YAML::ErrorMsg;

// yaml-cpp's message with a lowercase first letter (unless it starts an
// acronym, as in "YAML major version too large") and no trailing period.
std::string readable(std::string_view message) {
  std::string out(message);
  while (!out.empty() && (out.back() == '.' || out.back() == ' '))
    out.pop_back();
  bool acronym = out.size() > 1 && std::isupper(static_cast<unsigned char>(out[1]));
  if (!out.empty() && !acronym) {
    out[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(out[0])));
  }
  return out;
}

std::string line_and_column(Location location) {
  return "line " + std::to_string(location.line) + ", column " + std::to_string(location.column);
}

// The offset of the first tab in the indentation of the line starting at
// `start`, or npos.
std::size_t indentation_tab(std::string_view text, std::size_t start) {
  for (std::size_t i = start; i < text.size() && (text[i] == ' ' || text[i] == '\t'); ++i) {
    if (text[i] == '\t') return i;
  }
  return std::string_view::npos;
}

bool ends_plain_word(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '{' || c == '[' || c == ',' ||
         c == ':';
}

// The start of the type expression that ends just before `end` (a '?'),
// stepping over `<...>` so that `map<string, int32>?` is taken whole.
std::size_t type_start(std::string_view text, std::size_t end) {
  std::size_t start = end;
  int angles = 0;
  while (start > 0) {
    char c = text[start - 1];
    if (c == '>') ++angles;
    if (c == '<') --angles;
    if (c == '\n' || c == '{' || c == '[' || (angles <= 0 && c != '<' && ends_plain_word(c))) {
      break;
    }
    --start;
  }
  return start;
}

}  // namespace

SyntaxError describe_syntax_error(std::string_view yaml_message, Location at, std::size_t offset,
                                  const SourceView& source, const OpenFlows& open) {
  std::string_view text = source.text;
  std::string message = readable(yaml_message);

  // A tab in the indentation: yaml-cpp's message depends on what the tab
  // happens to precede, and none of them mentions the tab.
  std::size_t tab = indentation_tab(text, line_start(text, offset));
  if (tab != std::string_view::npos || message == msg::TAB_IN_INDENTATION) {
    return {tab != std::string_view::npos ? source.at_offset(tab) : at,
            "tabs are not allowed for indentation in YAML; use spaces"};
  }

  // `{note: string?}`: in a flow collection yaml-cpp reads the '?' glued to
  // a plain scalar as a stray mapping-key indicator.
  // A space between the type and the '?' fails the same way.
  std::size_t type_end = offset;
  while (type_end > 0 && (text[type_end - 1] == ' ' || text[type_end - 1] == '\t'))
    --type_end;
  bool in_flow = open.sequence || open.map;
  if (in_flow && offset < text.size() && text[offset] == '?' && type_end > 0 &&
      !ends_plain_word(text[type_end - 1])) {
    std::size_t start = type_start(text, type_end);
    std::string type = excerpt(text.substr(start, type_end - start));
    return {source.at_offset(start), "'" + type +
                                         "?' is not valid YAML inside '{...}' or '[...]'; quote "
                                         "it (\"" +
                                         type + "?\") or write optional<" + type + ">"};
  }

  if (message == msg::END_OF_SEQ_FLOW && open.sequence) {
    return {at,
            "expected ',' or ']' in the list that starts at " + line_and_column(*open.sequence)};
  }
  if (message == msg::END_OF_MAP_FLOW && open.map) {
    return {at, "expected ',' or '}' in the map that starts at " + line_and_column(*open.map)};
  }
  if (message == msg::MAP_VALUE) {
    return {at, message + "; check the indentation, or quote a value that contains ': '"};
  }
  if (message == msg::END_OF_MAP || message == msg::END_OF_SEQ) {
    return {at, message + "; check the indentation of this line"};
  }
  if (message == msg::BLOCK_ENTRY) {
    return {at, message + "; a '-' list item cannot start here; check the indentation"};
  }
  if (message == msg::UNKNOWN_TOKEN && offset < text.size() &&
      (text[offset] == '@' || text[offset] == '`')) {
    return {at, std::string("'") + text[offset] +
                    "' is reserved in YAML and cannot start a plain scalar; quote the value"};
  }
  return {at, message};
}

}  // namespace mealy::schema::loader
