// The SVG target: `--out svg=DIR` (also spelled --svg-out DIR): the DOT
// target's drawings, laid out and rendered by the Graphviz library.
#include "dot_files.hpp"
#include "mealy/viz/render.hpp"
#include "target.hpp"

namespace mealy::codegen::svg {
namespace {

class SvgTarget final : public Target {
 public:
  [[nodiscard]] std::string_view name() const override { return "svg"; }
  [[nodiscard]] std::string_view summary() const override {
    return "the same drawings rendered as SVG, <name>.AGG.svg";
  }

  void generate(const schema::Model& model, OutputContext& out) const override {
    std::vector<GeneratedFile> files = dot::dot_files(model);
    const std::string& source_path = model.source_of(model.root()).display_path;
    for (std::size_t i = 0; i < files.size(); ++i) {
      const schema::Aggregate& aggregate = model.root().aggregates[i];
      viz::RenderOptions render{viz::Format::svg, dot::drawing_comment(source_path, aggregate)};
      Result<viz::Rendering> drawing = viz::render(files[i].content, render);
      if (!drawing) {
        out.fail(drawing.status().message());
        return;
      }
      if (!drawing->warnings.empty()) out.warn(drawing->warnings);
      out.add({dot::drawing_name(model, aggregate, "svg"), std::move(drawing->data)});
    }
  }
};

}  // namespace

const Target& target() {
  static const SvgTarget kTarget;
  return kTarget;
}

}  // namespace mealy::codegen::svg
