#include "loader_test_support.hpp"

namespace mealy::test {

std::string Loaded::messages() const {
  std::string out;
  for (const schema::Diagnostic& diagnostic : diagnostics.items()) {
    out += schema::format_text(diagnostic, sources, false);
  }
  return out;
}

Loaded load_text(std::string text, const schema::LoadLimits& limits) {
  Loaded loaded;
  std::uint32_t index =
      loaded.sources.add({"schema.yaml", "/virtual/schema.yaml", std::move(text)});
  loaded.file = schema::load_schema(loaded.sources, index, loaded.diagnostics, limits);
  return loaded;
}

std::string at(const schema::Location& location) {
  return std::to_string(location.line) + ":" + std::to_string(location.column);
}

}  // namespace mealy::test
