// Runs yaml-cpp over a schema's text and returns our own tree of it.
#pragma once

#include <cstdint>
#include <memory>
#include <string_view>

#include "loader/yaml_tree.hpp"
#include "mealy/schema/diagnostic.hpp"
#include "mealy/schema/loader.hpp"

namespace mealy::schema::loader {

// Parses `text` (valid UTF-8, see utf8.hpp) as one YAML document. Returns
// nullptr after reporting why when the text is not usable YAML: a syntax
// error (`syntax`), a limit of `limits` exceeded (`yaml-limits`), or nothing
// but comments (`empty-file`). Non-fatal problems (duplicate keys, tags) are
// reported and the document is still returned. Never throws for bad input:
// every exception yaml-cpp may throw is caught here.
std::unique_ptr<YamlDocument> parse_yaml(std::string_view text, std::uint32_t file,
                                         const LoadLimits& limits, Diagnostics& diagnostics);

}  // namespace mealy::schema::loader
