// Our own tree of YAML nodes, built from yaml-cpp's parser events.
//
// yaml-cpp's YAML::Node loses what the loader needs: it merges duplicate keys
// silently, it forgets whether a scalar was quoted, and it copies aliases. So
// the builder (tree_builder.hpp) listens to the parser's events and builds
// this small tree instead. Every node keeps its 1-based line and column.
//
// Ownership: the YamlDocument owns every node. An alias is not a node of its
// own: the parent points at the anchored node, which may therefore have
// several parents (never its own ancestor: the builder refuses that).
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

#include "mealy/schema/source.hpp"

namespace mealy::schema::loader {

struct YamlNode;

// One `key: value` pair of a map, in written order.
struct YamlEntry {
  const YamlNode* key = nullptr;
  const YamlNode* value = nullptr;
};

struct YamlNode {
  enum class Kind : std::uint8_t { null, scalar, sequence, map };

  Kind kind = Kind::null;
  // Scalars: written single- or double-quoted, or as a block scalar (| or >),
  // rather than plain; `"1"` is then the string "1", not a number.
  bool quoted = false;
  // Written inside a flow collection ({...} or [...]), where ',' ends a plain
  // scalar; lets a type-syntax error explain why `map<string, T>` broke.
  bool in_flow = false;
  // Where the node starts. For an empty value (`key:` and nothing), the key's
  // location, since yaml-cpp reports the position of the next token.
  Location location;
  // For a scalar whose text stands byte for byte on one source line (plain,
  // or quoted without escapes), the column of the text's first byte, so that
  // a diagnostic can point inside it; 0 when the text was transformed.
  std::uint32_t text_column = 0;
  std::string text;                    // scalars
  std::vector<const YamlNode*> items;  // sequences
  std::vector<YamlEntry> entries;      // maps, duplicate keys removed

  // The number of nodes in this subtree once every alias is expanded, and
  // the depth of collections in it (0 for scalars); kept by the builder to
  // bound what aliases may expand to.
  std::uint64_t expanded_size = 1;
  // The bytes of scalar text the node holds, aliases expanded.
  std::uint64_t expanded_bytes = 0;
  std::uint32_t height = 0;
};

struct YamlDocument {
  std::deque<YamlNode> nodes;  // a deque: nodes never move once created
  const YamlNode* root = nullptr;
};

// "null", "a scalar", "a list" or "a map": what a diagnostic says it found.
std::string_view kind_phrase(const YamlNode& node);

}  // namespace mealy::schema::loader
