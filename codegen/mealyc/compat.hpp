// Schema compatibility: what a new version of a schema breaks for the events
// already stored, their readers and the clients that send commands.
//
// compare_schemas() reads two checked models (the schema as shipped, OLD, and
// the schema about to ship, NEW) and appends one diagnostic per breaking
// change to `out`: errors at the line in NEW (or in OLD, for what was
// removed) for what breaks stored data, warnings for what breaks clients.
// The rules, with their names, are listed in codegen/README.md ("mealyc
// compat"); each has a golden case tests/golden/compat-<rule>.
#pragma once

#include "mealy/schema/diagnostic.hpp"
#include "mealy/schema/model.hpp"

namespace mealy::cli {

void compare_schemas(const schema::Model& old_model, const schema::Model& new_model,
                     schema::Diagnostics& out);

}  // namespace mealy::cli
