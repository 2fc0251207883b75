#include "checker/names.hpp"

#include <algorithm>
#include <array>
#include <cctype>

#include "suggest.hpp"

namespace mealy::schema::checker {
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

// Keywords of C++20 and TypeScript, and the global names generated
// TypeScript and C++ code rely on. Sorted, for binary search.
constexpr std::array kReserved = {
    "Array", "BigInt", "Boolean", "Date", "Error", "JSON", "Map", "Math", "Number", "Object",
    "Partial", "Promise", "Readonly", "Record", "Set", "String", "Symbol", "Uint8Array",
    "alignas", "alignof", "and", "and_eq", "arguments", "asm", "atomic_cancel", "atomic_commit",
    "atomic_noexcept", "auto", "await", "bitand", "bitor", "bool", "break", "case", "catch",
    "char", "char16_t", "char32_t", "char8_t", "class", "co_await", "co_return", "co_yield",
    "compl", "concept", "const", "const_cast", "consteval", "constexpr", "constinit",
    "constructor", "continue", "debugger", "decltype", "default", "delete", "do", "double",
    "dynamic_cast", "else", "enum", "eval", "explicit", "export", "extends", "extern", "false",
    "final", "finally", "float", "for", "friend", "function", "goto", "if", "implements",
    "import", "in", "inline", "instanceof", "int", "interface", "let", "long", "mutable",
    "namespace", "new", "noexcept", "not", "not_eq", "null", "nullptr", "operator", "or", "or_eq",
    "override", "package", "private", "protected", "prototype", "public", "reflexpr", "register",
    "reinterpret_cast", "requires", "return", "short", "signed", "sizeof", "static",
    "static_assert", "static_cast", "std", "struct", "super", "switch", "synchronized",
    "template", "this", "thread_local", "throw", "true", "try", "typedef", "typeid", "typename",
    "typeof", "undefined", "union", "unsigned", "using", "var", "virtual", "void", "volatile",
    "wchar_t", "while", "with", "xor", "xor_eq", "yield",
};

}  // namespace

bool is_pascal_case(std::string_view name) {
  if (name.empty() || !is_upper(name[0])) return false;
  return std::all_of(name.begin(), name.end(),
                     [](char c) { return is_upper(c) || is_lower(c) || is_digit(c); });
}

bool is_lower_snake(std::string_view name) {
  if (name.empty() || !is_lower(name[0]) || name.back() == '_') return false;
  for (std::size_t i = 0; i < name.size(); ++i) {
    char c = name[i];
    if (c == '_') {
      if (name[i - 1] == '_') return false;
    } else if (!is_lower(c) && !is_digit(c)) {
      return false;
    }
  }
  return true;
}

bool is_enum_member(std::string_view name) {
  if (name.empty() || !(is_upper(name[0]) || is_lower(name[0]))) return false;
  return std::all_of(name.begin(), name.end(),
                     [](char c) { return is_upper(c) || is_lower(c) || is_digit(c) || c == '_'; });
}

bool is_reserved_word(std::string_view name) {
  return std::binary_search(kReserved.begin(), kReserved.end(), name,
                            [](std::string_view a, std::string_view b) { return a < b; });
}

bool is_generated_namespace(std::string_view lower_snake_name) {
  return lower_snake_name == "std" || lower_snake_name == "mealy" || lower_snake_name == "simdjson";
}

bool can_suggest(const Context& ctx, std::size_t candidates) {
  return candidates <= ctx.suggestion_budget;
}

std::string did_you_mean(Context& ctx, std::string_view name,
                         const std::vector<std::string>& candidates) {
  if (!can_suggest(ctx, candidates.size())) return {};
  ctx.suggestion_budget -= candidates.size();
  std::vector<std::string_view> views(candidates.begin(), candidates.end());
  std::string_view best = closest(name, views);
  return best.empty() ? std::string() : "; did you mean " + quote(best) + "?";
}

bool check_pascal_name(Context& ctx, const Name& name, std::string_view what) {
  if (!is_pascal_case(name.text)) {
    ctx.error(name.location, "name-case",
              std::string(what) + " name " + quote(name.text) + " must be PascalCase");
    return false;
  }
  if (is_reserved_word(name.text)) {
    ctx.error(name.location, "reserved-name",
              std::string(what) + " name " + quote(name.text) +
                  " is reserved in generated C++ or TypeScript code");
    return false;
  }
  return true;
}

bool check_snake_name(Context& ctx, const Name& name, std::string_view what) {
  if (!is_lower_snake(name.text)) {
    ctx.error(name.location, "name-case",
              std::string(what) + " " + quote(name.text) + " must be lower_snake_case");
    return false;
  }
  if (is_reserved_word(name.text)) {
    ctx.error(
        name.location, "reserved-name",
        std::string(what) + " " + quote(name.text) + " is a reserved word in C++ or TypeScript");
    return false;
  }
  return true;
}

void CollisionScope::add(const Name& name, std::string_view what) {
  std::string key = to_lower_snake(name.text);
  auto [it, inserted] = seen_.emplace(key, std::pair{name, std::string(what)});
  if (inserted) return;
  const auto& [first, first_what] = it->second;
  ctx_.error(name.location, "name-collision",
             std::string(what) + " name " + quote(name.text) + " collides with " + first_what +
                 " " + quote(first.text) + " (" + place(first.location) + ") in " + scope_ +
                 ": both become " + quote(key) + " in generated code");
}

}  // namespace mealy::schema::checker
