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

bool check_reserved(Context& ctx, Location at, NameRole role, const std::string& subject,
                    std::string_view name) {
  std::string why;
  for (const NameRules* rules : ctx.name_rules) {
    std::string refused = rules->refuse(role, name);
    if (refused.empty()) continue;
    if (!why.empty()) why += "; ";
    why += refused;
  }
  if (why.empty()) return true;
  ctx.error(at, "reserved-name", subject + " cannot be used: " + why);
  return false;
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

bool check_pascal_name(Context& ctx, const Name& name, std::string_view what, NameRole role) {
  if (!is_pascal_case(name.text)) {
    ctx.error(name.location, "name-case",
              std::string(what) + " name " + quote(name.text) + " must be PascalCase");
    return false;
  }
  return check_reserved(ctx, name.location, role, std::string(what) + " name " + quote(name.text),
                        name.text);
}

bool check_snake_name(Context& ctx, const Name& name, std::string_view what, NameRole role) {
  if (!is_lower_snake(name.text)) {
    ctx.error(name.location, "name-case",
              std::string(what) + " " + quote(name.text) + " must be lower_snake_case");
    return false;
  }
  return check_reserved(ctx, name.location, role, std::string(what) + " " + quote(name.text),
                        name.text);
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
