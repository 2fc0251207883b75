// Naming rules shared by every check: case conventions, the targets' reserved
// names (asked through NameRules), collisions after code generation, and
// suggestions.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "checker/context.hpp"
#include "mealy/schema/model.hpp"
#include "mealy/schema/names.hpp"

namespace mealy::schema::checker {

bool is_pascal_case(std::string_view name);  // ^[A-Z][A-Za-z0-9]*$
bool is_lower_snake(std::string_view name);  // ^[a-z][a-z0-9]*(_[a-z0-9]+)*$
bool is_enum_member(std::string_view name);  // ^[A-Za-z][A-Za-z0-9_]*$

using schema::to_lower_snake;  // mealy/schema/names.hpp

// Asks every target's naming rules (ctx.name_rules) whether `name`, used as
// `role`, can be used; reports "<subject> cannot be used: <why>" at `at`
// (rule `reserved-name`) when one refuses it. Returns false when it did.
bool check_reserved(Context& ctx, Location at, NameRole role, const std::string& subject,
                    std::string_view name);

// "; did you mean 'X'?" for the closest candidate within a small edit
// distance, or "" when none is close or ctx.suggestion_budget cannot pay
// for comparing with every candidate (which it then costs).
std::string did_you_mean(Context& ctx, std::string_view name,
                         const std::vector<std::string>& candidates);
// Whether a suggestion among `candidates` candidates is still affordable;
// callers test this before gathering the candidates.
bool can_suggest(const Context& ctx, std::size_t candidates);

// Checks the case of a PascalCase name (`what` is e.g. "type", "state") and
// that no target refuses it as `role`. Returns false when an error was
// reported.
bool check_pascal_name(Context& ctx, const Name& name, std::string_view what, NameRole role);
// The same for lower_snake names (fields, hooks, reasons).
bool check_snake_name(Context& ctx, const Name& name, std::string_view what, NameRole role);

// Finds names of one scope that collide once converted to lower_snake
// (HttpServer and HTTPServer), reporting the later one.
class CollisionScope {
 public:
  CollisionScope(Context& ctx, std::string scope) : ctx_(ctx), scope_(std::move(scope)) {}
  void add(const Name& name, std::string_view what);

 private:
  Context& ctx_;
  std::string scope_;
  std::map<std::string, std::pair<Name, std::string>> seen_;  // lower_snake -> (name, what)
};

}  // namespace mealy::schema::checker
