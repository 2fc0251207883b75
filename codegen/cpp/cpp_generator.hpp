// The C++ generator: a checked model in, a header and a source per schema
// file out, as text (the caller decides where to write them; tests keep them
// in memory). Deterministic: the same model gives the same bytes.
#pragma once

#include <string>
#include <vector>

#include "generated_file.hpp"
#include "mealy/schema/model.hpp"

namespace mealy::codegen {

// Generates the code of the model's root file (its imports are referenced
// by their headers, "money.mealy.hpp", expected in the same output folder).
// `schema_path` is how the first line names the schema (relative, as given).
std::vector<GeneratedFile> generate_cpp(const schema::Model& model);

}  // namespace mealy::codegen
