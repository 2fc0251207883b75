// Helpers for the loader's tests: load a schema given as text, in memory, and
// read its diagnostics as the command line would print them.
#pragma once

#include <memory>
#include <string>

#include "mealy/schema/diagnostic.hpp"
#include "mealy/schema/loader.hpp"
#include "mealy/schema/model.hpp"
#include "mealy/schema/source.hpp"

namespace mealy::test {

// One schema text loaded as "schema.yaml".
struct Loaded {
  schema::SourceSet sources;
  schema::Diagnostics diagnostics;
  std::unique_ptr<schema::SchemaFile> file;  // null when the loader refused the text

  // Every diagnostic as `schema.yaml:line:column: error: message [rule]`, one
  // per line, in the order reported.
  [[nodiscard]] std::string messages() const;
};

Loaded load_text(std::string text, const schema::LoadLimits& limits = {});

// "line:column", to compare locations in one readable string.
std::string at(const schema::Location& location);

}  // namespace mealy::test
