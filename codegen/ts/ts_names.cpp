#include "ts_names.hpp"

#include <algorithm>
#include <array>
#include <filesystem>
#include <vector>

#include "emit_common.hpp"
#include "mealy/schema/unicode.hpp"

namespace mealy::codegen::ts {
namespace {

// ECMAScript reserved words, TypeScript's reserved and strict-mode words, the
// globals generated modules name or a schema name could shadow, and the
// properties every object has; sorted. The TypeScript target refuses them as
// schema names, and identifier() escapes them.
constexpr std::array kReserved = {
    "Array",     "BigInt",  "Boolean",    "Date",       "Error",       "JSON",     "Map",
    "Math",      "Number",  "Object",     "Partial",    "Promise",     "Readonly", "Record",
    "Set",       "String",  "Symbol",     "Uint8Array", "arguments",   "await",    "break",
    "case",      "catch",   "class",      "const",      "constructor", "continue", "debugger",
    "default",   "delete",  "do",         "else",       "enum",        "eval",     "export",
    "extends",   "false",   "finally",    "for",        "function",    "if",       "implements",
    "import",    "in",      "instanceof", "interface",  "let",         "new",      "null",
    "package",   "private", "protected",  "prototype",  "public",      "return",   "static",
    "super",     "switch",  "this",       "throw",      "true",        "try",      "typeof",
    "undefined", "var",     "void",       "while",      "with",        "yield",
};

}  // namespace

bool is_reserved(std::string_view name) {
  return std::binary_search(kReserved.begin(), kReserved.end(), name,
                            [](std::string_view a, std::string_view b) { return a < b; });
}

std::string identifier(std::string_view name) {
  // `mealy` is the support module's binding in every generated module; no
  // schema name becomes a binding of that spelling (bindings are PascalCase
  // or prefixed), but escaping it costs nothing.
  return is_reserved(name) || name == "mealy" ? std::string(name) + "_" : std::string(name);
}

std::string string_literal(std::string_view text) {
  static const char* kHex = "0123456789abcdef";
  std::string out = "\"";
  for (std::size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (line_separator_at(text, i)) {
      out += static_cast<unsigned char>(text[i + 2]) == 0xA8 ? "\\u2028" : "\\u2029";
      i += 2;
      continue;
    }
    std::uint32_t code_point = 0;
    if (std::size_t length = schema::bidi_control_at(text, i, code_point)) {
      out += "\\u";
      for (int shift = 12; shift >= 0; shift -= 4)
        out += kHex[(code_point >> shift) & 15];
      i += length - 1;
      continue;
    }
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
        if (c < 0x20 || c == 0x7F) {
          out += "\\u00";
          out += kHex[c >> 4];
          out += kHex[c & 15];
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out + "\"";
}

std::string doc_comment(std::string_view text) {
  std::vector<std::string> lines;
  for (const std::string& written : comment_lines(text)) {
    std::string line;
    for (char c : written) {
      if (c == '/' && !line.empty() && line.back() == '*')
        line += '\\';  // `*/` would close the comment
      line += c;
    }
    while (!line.empty() && (line.back() == ' ' || line.back() == '\t'))
      line.pop_back();
    lines.push_back(std::move(line));
  }
  while (!lines.empty() && lines.back().empty())
    lines.pop_back();
  if (lines.empty()) return {};
  if (lines.size() == 1) return "/** " + lines[0] + " */\n";
  std::string out = "/**\n";
  for (const std::string& line : lines)
    out += line.empty() ? " *\n" : " * " + line + "\n";
  return out + " */\n";
}

std::string module_name(std::string_view schema_path) {
  return std::filesystem::path(schema_path).stem().string() + ".mealy.ts";
}

std::string import_specifier(std::string_view schema_path) {
  return "./" + std::filesystem::path(schema_path).stem().string() + ".mealy.js";
}

std::string aggregate_prefix(const schema::Aggregate& aggregate) {
  return aggregate.name.text + "_";
}

}  // namespace mealy::codegen::ts
