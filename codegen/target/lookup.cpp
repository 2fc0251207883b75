// Lookups over the registered targets (registered_targets(), defined by the
// registry that codegen/CMakeLists.txt generates): in the library of the
// registry, mealy_codegen_targets, since they need it; mealy_codegen_target
// holds only what a target itself builds on.
#include "target.hpp"

namespace mealy::codegen {

const Target* find_target(std::string_view name) {
  for (const Target* target : registered_targets()) {
    if (target->name() == name) return target;
  }
  return nullptr;
}

std::vector<const schema::NameRules*> registered_name_rules() {
  std::span<const Target* const> targets = registered_targets();
  return {targets.begin(), targets.end()};
}

}  // namespace mealy::codegen
