#include "dot_text.hpp"

#include "mealy/schema/unicode.hpp"

namespace mealy::viz {
namespace {

bool is_control(char c) {
  return static_cast<unsigned char>(c) < 0x20 || c == 0x7f;
}

}  // namespace

std::string escape_quoted(std::string_view written) {
  const std::string shown = schema::show_bidi_controls(written);
  const std::string_view text = shown;
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      continue;  // a CRLF line break is one break
    } else {
      out += is_control(c) ? ' ' : c;
    }
  }
  return out;
}

std::string dot_string(std::string_view text) {
  return '"' + escape_quoted(text) + '"';
}

std::string html(std::string_view written) {
  const std::string shown = schema::show_bidi_controls(written);
  const std::string_view text = shown;
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\n':
        out += "<BR/>";
        break;
      case '\r':
        break;
      default:
        out += is_control(c) ? ' ' : c;
    }
  }
  return out;
}

std::vector<std::string> wrap(std::string_view text, std::size_t width) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    std::string_view paragraph =
        text.substr(start, end == std::string_view::npos ? end : end - start);
    std::string line;
    std::size_t word_start = 0;
    while (word_start < paragraph.size()) {
      std::size_t word_end = paragraph.find(' ', word_start);
      if (word_end == std::string_view::npos) word_end = paragraph.size();
      std::string_view word = paragraph.substr(word_start, word_end - word_start);
      if (!line.empty() && line.size() + 1 + word.size() > width) {
        lines.push_back(std::move(line));
        line.clear();
      }
      if (!word.empty()) line += (line.empty() ? "" : " ") + std::string(word);
      word_start = word_end + 1;
    }
    lines.push_back(std::move(line));
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return lines;
}

}  // namespace mealy::viz
