// The diagram files `mealyc generate` writes beside the code: for each
// aggregate of a schema NAME.yaml, NAME.AGGREGATE.dot (--dot-out) and
// NAME.AGGREGATE.svg (--svg-out), at the default detail level.
#pragma once

#include <string>
#include <vector>

#include "cpp_generator.hpp"
#include "mealy/result.hpp"
#include "mealy/schema/model.hpp"
#include "mealy/viz/render.hpp"

namespace mealy::cli {

// The DOT files of the model's root file; none when it declares no aggregate.
std::vector<codegen::GeneratedFile> dot_files(const schema::Model& model);

// The same drawings rendered as SVG. Fails as viz::render does; Graphviz's
// warnings are appended to `warnings`.
Result<std::vector<codegen::GeneratedFile>> svg_files(const schema::Model& model, std::string& warnings);

}  // namespace mealy::cli
