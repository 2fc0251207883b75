#include "cpp_names.hpp"

#include <algorithm>
#include <array>
#include <filesystem>

#include "emit_common.hpp"
#include "mealy/schema/names.hpp"

namespace mealy::codegen::cpp {
namespace {

// C++20 keywords and alternative tokens, the identifiers with a special
// meaning (final, override, import) or reserved by a technical specification
// (transactional memory, reflection), and `std`; sorted. The C++ target
// refuses them as schema names, and identifier() escapes them.
constexpr std::array kReserved = {
    "alignas",
    "alignof",
    "and",
    "and_eq",
    "asm",
    "atomic_cancel",
    "atomic_commit",
    "atomic_noexcept",
    "auto",
    "bitand",
    "bitor",
    "bool",
    "break",
    "case",
    "catch",
    "char",
    "char16_t",
    "char32_t",
    "char8_t",
    "class",
    "co_await",
    "co_return",
    "co_yield",
    "compl",
    "concept",
    "const",
    "const_cast",
    "consteval",
    "constexpr",
    "constinit",
    "continue",
    "decltype",
    "default",
    "delete",
    "do",
    "double",
    "dynamic_cast",
    "else",
    "enum",
    "explicit",
    "export",
    "extern",
    "false",
    "final",
    "float",
    "for",
    "friend",
    "goto",
    "if",
    "import",
    "inline",
    "int",
    "long",
    "mutable",
    "namespace",
    "new",
    "noexcept",
    "not",
    "not_eq",
    "nullptr",
    "operator",
    "or",
    "or_eq",
    "override",
    "private",
    "protected",
    "public",
    "reflexpr",
    "register",
    "reinterpret_cast",
    "requires",
    "return",
    "short",
    "signed",
    "sizeof",
    "static",
    "static_assert",
    "static_cast",
    "std",
    "struct",
    "switch",
    "synchronized",
    "template",
    "this",
    "thread_local",
    "throw",
    "true",
    "try",
    "typedef",
    "typeid",
    "typename",
    "union",
    "unsigned",
    "using",
    "virtual",
    "void",
    "volatile",
    "wchar_t",
    "while",
    "xor",
    "xor_eq",
};

std::string scalar_type(schema::TypeKind kind) {
  switch (kind) {
    case schema::TypeKind::boolean:
      return "bool";
    case schema::TypeKind::int32:
      return "std::int32_t";
    case schema::TypeKind::int64:
      return "std::int64_t";
    case schema::TypeKind::uint32:
      return "std::uint32_t";
    case schema::TypeKind::uint64:
      return "std::uint64_t";
    case schema::TypeKind::float64:
      return "double";
    case schema::TypeKind::string:
      return "std::string";
    case schema::TypeKind::bytes:
      return "mealy::Bytes";
    case schema::TypeKind::uuid:
      return "mealy::Uuid";
    case schema::TypeKind::timestamp:
      return "mealy::Timestamp";
    case schema::TypeKind::duration:
      return "mealy::Duration";
    default:
      return {};
  }
}

}  // namespace

std::string namespace_of(const schema::SchemaFile& file) {
  std::string out;
  for (const std::string& part : file.package_parts)
    out += (out.empty() ? "" : "::") + identifier(part);
  return out;
}

std::string aggregate_namespace(const schema::Aggregate& aggregate) {
  return identifier(schema::to_lower_snake(aggregate.name.text));
}

bool is_reserved(std::string_view name) {
  return std::binary_search(kReserved.begin(), kReserved.end(), name,
                            [](std::string_view a, std::string_view b) { return a < b; });
}

bool is_named_namespace(std::string_view lower_snake_name) {
  return lower_snake_name == "std" || lower_snake_name == "mealy" || lower_snake_name == "simdjson";
}

std::string identifier(std::string_view name) {
  return is_reserved(name) ? std::string(name) + "_" : std::string(name);
}

std::string type_of(const schema::TypeRef& type, const schema::SchemaFile& current) {
  switch (type.kind) {
    case schema::TypeKind::list:
      return "std::vector<" + type_of(type.element.at(0), current) + ">";
    case schema::TypeKind::map:
      return "std::map<std::string, " + type_of(type.element.at(0), current) + ">";
    case schema::TypeKind::optional:
      return "std::optional<" + type_of(type.element.at(0), current) + ">";
    case schema::TypeKind::named: {
      std::string name = identifier(type.decl->name.text);
      if (type.decl_file == &current) return name;
      return "::" + namespace_of(*type.decl_file) + "::" + name;
    }
    default:
      return scalar_type(type.kind);
  }
}

std::string string_literal(std::string_view text) {
  static const char* kHex = "0123456789abcdef";
  std::string out = "\"";
  bool after_hex_escape = false;
  for (unsigned char c : text) {
    bool hex_digit = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    if (after_hex_escape && hex_digit) out += "\"\"";  // a hex escape would swallow the digit
    after_hex_escape = false;
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
      case '?':
        out += "\\?";
        break;  // no trigraphs, whatever the compiler's mode
      default:
        if (c < 0x20 || c >= 0x7F) {
          out += "\\x";
          out += kHex[c >> 4];
          out += kHex[c & 15];
          after_hex_escape = true;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out + "\"";
}

std::string comment(std::string_view text) {
  std::string out;
  for (const std::string& line : comment_lines(text)) {
    std::string commented = "// ";
    for (std::size_t i = 0; i < line.size(); ++i) {
      commented += line[i];
      // A trigraph (`??/` would splice the next line) is broken as `?\?/`.
      if (line[i] == '?' && i + 2 < line.size() && line[i + 1] == '?' &&
          std::string_view("=/'()!<>-").find(line[i + 2]) != std::string_view::npos) {
        commented += '\\';
      }
    }
    while (!commented.empty() && commented.back() == ' ')
      commented.pop_back();
    // GCC splices a line ending in a backslash, even with spaces after it.
    if (!commented.empty() && commented.back() == '\\') commented += " .";
    out += commented + "\n";
  }
  return out;
}

std::string header_name(std::string_view schema_path) {
  return std::filesystem::path(schema_path).stem().string() + ".mealy.hpp";
}

std::string source_name(std::string_view schema_path) {
  return std::filesystem::path(schema_path).stem().string() + ".mealy.cpp";
}

}  // namespace mealy::codegen::cpp
