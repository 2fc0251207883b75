// The loader: schema text to the written parts of a SchemaFile.
//
// This is the only code that touches yaml-cpp. It checks the text is UTF-8,
// parses YAML 1.2 (core schema: `on`, `yes`, `no` are plain strings), keeps a
// 1-based line and column for every node, reports duplicate keys (which
// yaml-cpp accepts silently), refuses alias expansion and nesting beyond the
// limits, and checks the shape of the document: known keys, maps where maps
// belong, names where names belong. It resolves nothing: references stay names.
#pragma once

#include <cstdint>
#include <memory>

#include "mealy/schema/diagnostic.hpp"
#include "mealy/schema/model.hpp"
#include "mealy/schema/source.hpp"

namespace mealy::schema {

struct LoadLimits {
  // Bytes a schema file may have; a longer file (or a device such as
  // /dev/zero, which is refused as not a regular file) is not read.
  std::uint64_t max_file_bytes = 16 * 1024 * 1024;
  // Nodes the document may hold once every alias is expanded; guards against
  // alias bombs ("billion laughs").
  std::uint64_t max_expanded_nodes = 1'000'000;
  // Bytes of scalar text (keys and values) the document may hold once every
  // alias is expanded; guards against aliases of long strings, which a node
  // count alone lets through.
  std::uint64_t max_expanded_bytes = 16 * 1024 * 1024;
  // Nesting depth of maps and sequences; yaml-cpp's own guard stops deeper
  // documents before they exhaust the stack.
  std::uint32_t max_depth = 256;
};

// Loads sources.file(source). Never throws for bad input: every problem goes
// to `diagnostics`. Returns nullptr when the text is not readable as YAML at
// all (encoding, syntax, limits); otherwise a SchemaFile with every written
// member filled that could be read, even if the shape had errors (those are
// reported, and the parts in error are left out).
std::unique_ptr<SchemaFile> load_schema(const SourceSet& sources, std::uint32_t source,
                                        Diagnostics& diagnostics, const LoadLimits& limits = {});

}  // namespace mealy::schema
