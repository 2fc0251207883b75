// The C++ target: `--out cpp=DIR` (also spelled --cpp-out DIR).
#include "cpp_generator.hpp"
#include "cpp_names.hpp"
#include "mealy/schema/names.hpp"
#include "target.hpp"

namespace mealy::codegen::cpp {
namespace {

class CppTarget final : public Target {
 public:
  [[nodiscard]] std::string_view name() const override { return "cpp"; }
  [[nodiscard]] std::string_view summary() const override {
    return "a C++ header and source per schema file, <name>.mealy.hpp\n"
           "and <name>.mealy.cpp; a schema's imports are included by\n"
           "their header names";
  }

  [[nodiscard]] std::string refuse(schema::NameRole role, std::string_view name) const override {
    if (is_reserved(name)) return "a reserved word in C++";
    // A package part and an aggregate's lower_snake name become namespaces.
    if (role == schema::NameRole::package_part || role == schema::NameRole::aggregate) {
      std::string space = schema::to_lower_snake(name);
      if (is_named_namespace(space)) {
        return "it becomes the C++ namespace '" + space + "', which generated code names";
      }
    }
    return {};
  }

  void generate(const schema::Model& model, OutputContext& out) const override {
    out.add(generate_cpp(model));
  }
};

}  // namespace

const Target& target() {
  static const CppTarget kTarget;
  return kTarget;
}

}  // namespace mealy::codegen::cpp
