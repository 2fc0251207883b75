// The TypeScript target: `--out ts=DIR` (also spelled --ts-out DIR).
#include "target.hpp"
#include "ts_generator.hpp"
#include "ts_names.hpp"

namespace mealy::codegen::ts {
namespace {

class TsTarget final : public Target {
 public:
  [[nodiscard]] std::string_view name() const override { return "ts"; }
  [[nodiscard]] std::string_view summary() const override {
    return "a TypeScript ES module per schema file, <name>.mealy.ts,\n"
           "and the support module they all import, mealy.ts; a\n"
           "schema's imports are imported as ./<name>.mealy.js";
  }

  [[nodiscard]] std::string refuse(schema::NameRole role, std::string_view name) const override {
    (void)role;
    return is_reserved(name) ? "a reserved word or global name in TypeScript" : std::string();
  }

  void generate(const schema::Model& model, OutputContext& out) const override {
    out.add(generate_ts(model));
  }
  void support_files(OutputContext& out) const override { out.add(ts_support_module()); }
};

}  // namespace

const Target& target() {
  static const TsTarget kTarget;
  return kTarget;
}

}  // namespace mealy::codegen::ts
