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

}  // namespace mealy::codegen
