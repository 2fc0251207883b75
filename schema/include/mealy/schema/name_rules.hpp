// What a code generation target says about the names it derives from a
// schema. The checker knows no target language: it asks every target it is
// given (mealyc gives it every registered target, codegen/target/target.hpp)
// whether each name of the schema can be used, so that a schema that passes
// the check compiles in every target.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace mealy::schema {

// What a checked name is; a target may derive different identifiers (and so
// refuse different names) for each.
enum class NameRole : std::uint8_t {
  package_part,  // one dotted part of `package`, lower_snake
  type,          // a record or enum of `types`, PascalCase
  enum_member,   // a member of an enum
  aggregate,     // PascalCase
  command,       // PascalCase
  event,         // PascalCase; also an event's former name (`renamed_from`)
  state,         // PascalCase
  field,         // a field of a record, command, event, state or aggregate, lower_snake
  hook,          // a guard, action, apply or upcast hook, lower_snake
  reason,        // a reject reason, lower_snake
};

// The naming rules of one target.
class NameRules {
 public:
  NameRules() = default;
  NameRules(const NameRules&) = delete;
  NameRules& operator=(const NameRules&) = delete;
  virtual ~NameRules() = default;

  // Why the target cannot use `name` (already of the right case) as `role`,
  // as a phrase that completes "<role> 'name' cannot be used: ...", such as
  // "a reserved word in C++"; empty when it can.
  [[nodiscard]] virtual std::string refuse(NameRole role, std::string_view name) const = 0;
};

}  // namespace mealy::schema
