// Shared state of one file's check, and the helpers every check uses.
#pragma once

#include <map>
#include <set>
#include <span>
#include <string>
#include <string_view>

#include "mealy/schema/diagnostic.hpp"
#include "mealy/schema/model.hpp"
#include "mealy/schema/name_rules.hpp"

namespace mealy::schema::checker {

// A type name visible in the file being checked.
struct VisibleType {
  const TypeDecl* decl = nullptr;
  const SchemaFile* file = nullptr;
  const Import* import = nullptr;   // the import it comes through; null for the file's own
  const Import* also_in = nullptr;  // a second import declaring the same name: ambiguous
};

struct Context {
  SchemaFile& file;
  Diagnostics& diagnostics;
  std::map<std::string, VisibleType, std::less<>> types;
  std::set<const TypeDecl*> used_types;
  bool check_machines = true;                    // false after loader errors (CheckOptions)
  std::span<const NameRules* const> name_rules;  // CheckOptions::name_rules
  std::size_t errors_at_start = diagnostics.error_count();
  // Candidates that suggestions ("did you mean") may still compare names
  // with in this file; once spent, errors come without suggestions, so that
  // thousands of unknown names among thousands of types stay linear.
  std::size_t suggestion_budget = 20'000;

  [[nodiscard]] bool found_errors() const { return diagnostics.error_count() != errors_at_start; }

  void error(Location at, std::string rule, std::string message) {
    diagnostics.error(at, std::move(rule), std::move(message));
  }
  void warning(Location at, std::string rule, std::string message) {
    diagnostics.warning(at, std::move(rule), std::move(message));
  }
};

// 'name', quoted the way every message quotes names.
inline std::string quote(std::string_view name) {
  return "'" + std::string(name) + "'";
}

// "line 12, column 7" for pointing at a second place in a message.
std::string place(Location at);

// Types are equal when they have the same shape and name the same declaration.
bool same_type(const TypeRef& a, const TypeRef& b);

// A value of type `from` can fill a field of type `to`: the same type, or T
// filling optional<T>.
bool fills(const TypeRef& from, const TypeRef& to);

// Resolves named types in `type` (recursively), reporting unknown and
// ambiguous names; `owner` says where the type is written, for messages.
void resolve_type(Context& ctx, TypeRef& type, std::string_view owner);

// Checks a list of fields: names, types, defaults, `since`, constraints.
// `owner` names the owner in messages ("event 'Shipped'"); `event_version`
// is the owning event's version, or 0 when fields are not an event's.
void check_fields(Context& ctx, std::vector<Field>& fields, std::string_view owner,
                  std::uint32_t event_version);

// check_fields in two steps, for records whose defaults use each other's:
// resolve every record's field types first, then type their values.
void resolve_fields(Context& ctx, std::vector<Field>& fields, std::string_view owner);
void check_field_values(Context& ctx, std::vector<Field>& fields, std::string_view owner,
                        std::uint32_t event_version);

// Looks a field up by name; returns its index or kNone.
std::uint32_t find_field(const std::vector<Field>& fields, std::string_view name);

}  // namespace mealy::schema::checker
