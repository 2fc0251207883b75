#include "target.hpp"

namespace mealy::codegen {

void OutputContext::add(std::vector<GeneratedFile> files) {
  for (GeneratedFile& file : files)
    files_.push_back(std::move(file));
}

std::string Target::refuse(schema::NameRole role, std::string_view name) const {
  (void)role;
  (void)name;
  return {};
}

void Target::support_files(OutputContext& out) const {
  (void)out;
}

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
