#include "mealy/schema/diagnostic.hpp"

#include <algorithm>
#include <tuple>
#include <vector>

namespace mealy::schema {

void Diagnostics::error(Location location, std::string rule, std::string message) {
  items_.push_back({Severity::error, location, std::move(message), std::move(rule)});
  ++errors_;
}

void Diagnostics::warning(Location location, std::string rule, std::string message) {
  items_.push_back({Severity::warning, location, std::move(message), std::move(rule)});
}

void Diagnostics::sort(const SourceSet& sources) {
  auto key = [&](const Diagnostic& d) {
    const std::string& path =
        d.location.file < sources.size() ? sources.file(d.location.file).display_path : d.rule;
    return std::tie(path, d.location.line, d.location.column, d.severity, d.message, d.rule);
  };
  std::stable_sort(items_.begin(), items_.end(),
                   [&](const Diagnostic& a, const Diagnostic& b) { return key(a) < key(b); });
  auto same = [&](const Diagnostic& a, const Diagnostic& b) {
    return a.location == b.location && a.severity == b.severity && a.message == b.message &&
           a.rule == b.rule;
  };
  items_.erase(std::unique(items_.begin(), items_.end(), same), items_.end());
  errors_ =
      static_cast<std::size_t>(std::count_if(items_.begin(), items_.end(), [](const Diagnostic& d) {
        return d.severity == Severity::error;
      }));
}

namespace {

const char* severity_name(Severity severity) {
  return severity == Severity::error ? "error" : "warning";
}

const std::string& path_of(const Diagnostic& d, const SourceSet& sources) {
  static const std::string kUnknown = "<unknown>";
  return d.location.file < sources.size() ? sources.file(d.location.file).display_path : kUnknown;
}

// Length of the valid UTF-8 sequence starting at `text[i]`, or 0 when the
// bytes there are not one.
std::size_t utf8_sequence(std::string_view text, std::size_t i) {
  unsigned char c = static_cast<unsigned char>(text[i]);
  std::size_t length = c < 0x80           ? 1
                       : (c >> 5) == 0x6  ? 2
                       : (c >> 4) == 0xE  ? 3
                       : (c >> 3) == 0x1E ? 4
                                          : 0;
  if (length == 0 || i + length > text.size()) return 0;
  for (std::size_t k = 1; k < length; ++k) {
    if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) return 0;
  }
  return length;
}

// The source line as it is shown under a diagnostic, and the caret under
// `column`. Control bytes and bytes that are not UTF-8 are shown as \xNN, so
// that a binary or mis-encoded file cannot garble the terminal; a line
// longer than kWidth characters is clipped to a window around the column.
struct Excerpt {
  std::string line;
  std::string caret;
};

constexpr std::size_t kWidth = 100;

Excerpt make_excerpt(std::string_view source, std::uint32_t column, bool clipped_before = false,
                     bool clipped_after = false) {
  struct Piece {
    std::string text;
    std::size_t byte;  // offset of the piece in the source line
  };
  std::vector<Piece> pieces;
  for (std::size_t i = 0; i < source.size();) {
    unsigned char c = static_cast<unsigned char>(source[i]);
    std::size_t length = utf8_sequence(source, i);
    if (c == '\t' || (length > 0 && c >= 0x20 && c != 0x7F)) {
      pieces.push_back({std::string(source.substr(i, length)), i});
      i += length;
    } else {
      static const char* kHex = "0123456789abcdef";
      pieces.push_back({std::string{'\\', 'x', kHex[c >> 4], kHex[c & 15]}, i});
      ++i;
    }
  }
  std::size_t at = 0;  // the piece under the caret
  while (at < pieces.size() && pieces[at].byte + 1 < column)
    ++at;
  std::size_t first = 0, last = pieces.size();
  if (pieces.size() > kWidth) {
    first = at > kWidth / 2 ? at - kWidth / 2 : 0;
    last = std::min(pieces.size(), first + kWidth);
  }
  Excerpt excerpt;
  if (first > 0 || clipped_before) excerpt.line = "...", excerpt.caret = "   ";
  for (std::size_t i = first; i < last; ++i) {
    excerpt.line += pieces[i].text;
    if (i < at) {
      // The caret line keeps tabs so that it lines up; a shown \xNN takes four columns.
      const std::string& text = pieces[i].text;
      excerpt.caret += text == "\t" ? std::string("\t")
                                    : std::string(text.size() > 1 && text[0] == '\\' ? 4 : 1, ' ');
    }
  }
  if (last < pieces.size() || clipped_after) excerpt.line += "...";
  excerpt.caret += '^';
  return excerpt;
}

// The same excerpt, looking only at the bytes near the column: a piece is
// at most 4 bytes, so 4 * kWidth bytes on either side hold the window, and
// a diagnostic on a megabyte-long line costs no more than one on a short
// line. The slice starts on a byte that begins a piece (not a UTF-8
// continuation byte), so the pieces are those of the whole line.
Excerpt make_bounded_excerpt(std::string_view source, std::uint32_t column) {
  constexpr std::size_t kReach = 4 * kWidth + 4;
  if (source.size() <= 4 * kReach) return make_excerpt(source, column);
  std::size_t at = column > 0 ? std::min<std::size_t>(column - 1, source.size()) : 0;
  std::size_t begin = at > kReach ? at - kReach : 0;
  while (begin > 0 && (static_cast<unsigned char>(source[begin]) & 0xC0) == 0x80)
    --begin;
  std::size_t end = std::min(source.size(), at + kReach);
  return make_excerpt(source.substr(begin, end - begin), static_cast<std::uint32_t>(column - begin),
                      begin > 0, end < source.size());
}

void append_json_string(std::string& out, std::string_view text) {
  static const char* kHex = "0123456789abcdef";
  out += '"';
  for (unsigned char c : text) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (c < 0x20) {
          out += "\\u00";
          out += kHex[c >> 4];
          out += kHex[c & 15];
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  out += '"';
}

}  // namespace

std::string format_text(const Diagnostic& d, const SourceSet& sources, bool with_source) {
  std::string out = path_of(d, sources);
  if (d.location.line > 0) {
    out += ':' + std::to_string(d.location.line) + ':' + std::to_string(d.location.column);
  }
  out += ": ";
  out += severity_name(d.severity);
  out += ": " + d.message + " [" + d.rule + "]\n";
  if (with_source && d.location.line > 0) {
    std::string_view line = sources.line_text(d.location);
    if (!line.empty()) {
      Excerpt excerpt = make_bounded_excerpt(line, d.location.column);
      out += excerpt.line + '\n' + excerpt.caret + '\n';
    }
  }
  return out;
}

std::string format_json(const std::vector<Diagnostic>& diagnostics, const SourceSet& sources) {
  std::string out = "[";
  for (std::size_t i = 0; i < diagnostics.size(); ++i) {
    const Diagnostic& d = diagnostics[i];
    out += i == 0 ? "\n  {" : ",\n  {";
    out += "\"file\": ";
    append_json_string(out, path_of(d, sources));
    out += ", \"line\": " + std::to_string(d.location.line);
    out += ", \"column\": " + std::to_string(d.location.column);
    out += ", \"severity\": \"";
    out += severity_name(d.severity);
    out += "\", \"message\": ";
    append_json_string(out, d.message);
    out += ", \"rule\": ";
    append_json_string(out, d.rule);
    out += '}';
  }
  out += diagnostics.empty() ? "]\n" : "\n]\n";
  return out;
}

}  // namespace mealy::schema
