#include "diagram_files.hpp"

#include <filesystem>

#include "diagram_request.hpp"
#include "mealy/viz/dot.hpp"

namespace mealy::cli {
namespace {

std::string source_path(const schema::Model& model) { return model.source_of(model.root()).display_path; }

std::string file_name(const schema::Model& model, const schema::Aggregate& aggregate, std::string_view extension) {
  return std::filesystem::path(source_path(model)).stem().string() + "." + aggregate.name.text + "." +
         std::string(extension);
}

}  // namespace

std::vector<codegen::GeneratedFile> dot_files(const schema::Model& model) {
  std::vector<codegen::GeneratedFile> files;
  viz::DotOptions options;
  options.source_path = source_path(model);
  for (const schema::Aggregate& aggregate : model.root().aggregates) {
    files.push_back({file_name(model, aggregate, "dot"), viz::emit_dot(aggregate, options)});
  }
  return files;
}

Result<std::vector<codegen::GeneratedFile>> svg_files(const schema::Model& model, std::string& warnings) {
  std::vector<codegen::GeneratedFile> files = dot_files(model);
  for (std::size_t i = 0; i < files.size(); ++i) {
    const schema::Aggregate& aggregate = model.root().aggregates[i];
    viz::RenderOptions render{viz::Format::svg, drawing_comment(source_path(model), aggregate)};
    Result<viz::Rendering> drawing = viz::render(files[i].content, render);
    if (!drawing) return drawing.status();
    if (!drawing->warnings.empty()) warnings += drawing->warnings + "\n";
    files[i] = {file_name(model, aggregate, "svg"), std::move(drawing->data)};
  }
  return files;
}

}  // namespace mealy::cli
