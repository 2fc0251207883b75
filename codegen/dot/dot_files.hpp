// The DOT target's files, which the SVG target renders: for each aggregate
// AGG of a schema NAME.yaml, NAME.AGG.dot, the machine at the default detail
// level (as `mealyc dot` draws it).
#pragma once

#include <string>
#include <vector>

#include "generated_file.hpp"
#include "mealy/schema/model.hpp"

namespace mealy::codegen::dot {

// The DOT files of the model's root file; none when it declares no aggregate.
std::vector<GeneratedFile> dot_files(const schema::Model& model);

// "NAME.AGG.<extension>" for the model's root file NAME.yaml.
std::string drawing_name(const schema::Model& model, const schema::Aggregate& aggregate,
                         std::string_view extension);

// The comment that heads a rendered drawing of `aggregate` (SVG, PNG, PDF):
// where it comes from.
std::string drawing_comment(const std::string& source_path, const schema::Aggregate& aggregate);

}  // namespace mealy::codegen::dot
