// The TypeScript generator: a checked model in, one ES module per schema
// file out, as text (the caller decides where to write it; tests keep it in
// memory), plus the support module every generated module imports.
// Deterministic: the same model gives the same bytes.
#pragma once

#include <string>
#include <vector>

#include "generated_file.hpp"
#include "mealy/schema/model.hpp"

namespace mealy::codegen {

// The module of the model's root file, "order.mealy.ts"; its imports are
// imported as "./money.mealy.js", expected in the same output folder, and
// the support module as "./mealy.js".
std::vector<GeneratedFile> generate_ts(const schema::Model& model);

// The support module, "mealy.ts" (codegen/ts/mealy.ts, embedded in mealyc).
GeneratedFile ts_support_module();

}  // namespace mealy::codegen
