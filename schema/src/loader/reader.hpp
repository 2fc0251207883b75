// Reading our YAML tree into the model: the checks every part of the loader
// shares.
//
// The walk reports every problem and goes on; a reader returns nullopt (or
// nothing) for the part in error, which the caller leaves out. Messages and
// rules:
//   shape        a node of the wrong kind: "expected a map of ..., found a
//                list", or "'to' must be a state name, found a map"
//   unknown-key  "unknown key 'emitt' in transition; expected one of ...;
//                did you mean 'emit'?"
//   missing-key  "missing key 'type' in field 'quantity'"
//   value        a scalar that does not fit: "'version' must be a positive
//                integer, found 'two'"
// `where` arguments are the context a message ends with, with its leading
// space (" in transition", " in field 'sku'"), or empty at the top level.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "loader/yaml_tree.hpp"
#include "mealy/schema/diagnostic.hpp"
#include "mealy/schema/loader.hpp"
#include "mealy/schema/model.hpp"

namespace mealy::schema::loader {

struct LoadContext {
  Diagnostics& diagnostics;
  const LoadLimits& limits;

  void error(Location at, std::string rule, std::string message) const {
    diagnostics.error(at, std::move(rule), std::move(message));
  }
};

// ---------------------------------------------------------------------------
// Maps (read_maps.cpp)

// Reports every key of `map` that is not one of `known` (unknown-key, with a
// suggestion when one is close) or that is not a scalar (shape).
void check_keys(const LoadContext& context, const YamlNode& map,
                std::span<const std::string_view> known, std::string_view where);

// The entry of `map` whose key is the scalar `key`, or nullptr.
const YamlEntry* find_entry(const YamlNode& map, std::string_view key);

// As find_entry, reporting missing-key at the map when there is none.
const YamlEntry* require_entry(const LoadContext& context, const YamlNode& map,
                               std::string_view key, std::string_view where);

// The key of `entry` as a Name, or nullopt after a shape error when the key
// is not a scalar.
std::optional<Name> key_name(const LoadContext& context, const YamlEntry& entry);

// Whether `node` is a map; otherwise reports "expected {what}, found ...".
bool expect_map(const LoadContext& context, const YamlNode& node, std::string_view what);

// Calls each(Name, const YamlNode& value) for every entry of a map from names
// to things, in written order. Null means an empty map; any other kind than a
// map is reported as "expected {what}, found ...". Entries whose key is not a
// scalar are reported and skipped.
template <typename Each>
void for_each_named(const LoadContext& context, const YamlNode& node, std::string_view what,
                    Each each) {
  if (node.kind == YamlNode::Kind::null || !expect_map(context, node, what)) return;
  for (const YamlEntry& entry : node.entries) {
    if (std::optional<Name> name = key_name(context, entry)) each(std::move(*name), *entry.value);
  }
}

// ---------------------------------------------------------------------------
// Scalars (read_scalars.cpp). Each reads the value of `entry` and names its
// key in messages.

// What a message says it found instead: 'text' for a plain scalar, "text" (a
// quoted string) for a quoted one, else the node's kind.
std::string found_phrase(const YamlNode& node);

// A scalar read as a name (`what`, e.g. "a state name"); other kinds, null
// included, are shape errors.
std::optional<Name> read_name(const LoadContext& context, const YamlEntry& entry,
                              std::string_view what);

// A name or a list of names (`what` names one, e.g. "an event name").
std::optional<std::vector<Name>> read_names(const LoadContext& context, const YamlEntry& entry,
                                            std::string_view what);

// Documentation text; null is empty text.
std::optional<std::string> read_text(const LoadContext& context, const YamlEntry& entry);

// A plain decimal integer in [minimum, maximum]; minimum is 0 or 1.
std::optional<std::uint64_t> read_integer(const LoadContext& context, const YamlEntry& entry,
                                          std::uint64_t minimum, std::uint64_t maximum);

// `true` or `false` (YAML 1.2 core schema; `yes` and `on` are strings).
std::optional<bool> read_bool(const LoadContext& context, const YamlEntry& entry);

// ---------------------------------------------------------------------------
// Values (read_value.cpp)

// Any YAML value as written (defaults, min, max). Entries of maps whose key
// is not a scalar are reported and left out.
Value read_value(const LoadContext& context, const YamlNode& node);

}  // namespace mealy::schema::loader
