#include "mealy/schema/diagnostic.hpp"

#include <algorithm>
#include <tuple>

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
  errors_ = static_cast<std::size_t>(std::count_if(
      items_.begin(), items_.end(), [](const Diagnostic& d) { return d.severity == Severity::error; }));
}

namespace {

const char* severity_name(Severity severity) {
  return severity == Severity::error ? "error" : "warning";
}

const std::string& path_of(const Diagnostic& d, const SourceSet& sources) {
  static const std::string kUnknown = "<unknown>";
  return d.location.file < sources.size() ? sources.file(d.location.file).display_path : kUnknown;
}

// The caret line keeps the tabs of the source line so that it lines up.
std::string caret_line(std::string_view line, std::uint32_t column) {
  std::string caret;
  for (std::uint32_t i = 1; i < column && i - 1 < line.size(); ++i) {
    caret += line[i - 1] == '\t' ? '\t' : ' ';
  }
  caret += '^';
  return caret;
}

void append_json_string(std::string& out, std::string_view text) {
  static const char* kHex = "0123456789abcdef";
  out += '"';
  for (unsigned char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
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
      out.append(line);
      out += '\n';
      out += caret_line(line, d.location.column) + '\n';
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
