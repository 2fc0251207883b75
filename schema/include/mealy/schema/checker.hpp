// The checker: resolves a loaded SchemaFile and computes what emitters need.
//
// It resolves every reference (types, imports' types, commands, events,
// states), checks every rule of the language (see schema/README.md, "What the
// checker reports"), and fills the "resolved" members of the model: typed
// defaults and bounds, per-state transition tables with inherited
// aggregate-wide transitions, the source of every emitted event field, the
// replay table with the source of every next-state field, reachability.
// It reports every problem it finds, not only the first.
#pragma once

#include <vector>

#include "mealy/schema/diagnostic.hpp"
#include "mealy/schema/model.hpp"
#include "mealy/schema/name_rules.hpp"

namespace mealy::schema {

struct CheckOptions {
  // False when the loader reported errors in the file and left parts out.
  // The checker then checks names, types and fields, but not the machines
  // (their missing parts would only cause follow-on errors), and warns
  // about nothing.
  bool loaded_completely = true;
  // The naming rules of the targets the schema is generated for: each name
  // any of them refuses is an error (`reserved-name`). Not owned.
  std::vector<const NameRules*> name_rules;
};

// Checks `file`, whose imports must already be checked and linked
// (Import::file set). Appends errors and warnings to `diagnostics`. The file's
// resolved members are complete only when no error was reported.
void check_file(SchemaFile& file, Diagnostics& diagnostics, CheckOptions options = {});

}  // namespace mealy::schema
