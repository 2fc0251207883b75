#include "loader/reader.hpp"

namespace mealy::schema::loader {

// Recursion is bounded: the builder keeps nesting, aliases expanded, within
// LoadLimits::max_depth, and the expanded size within max_expanded_nodes, so
// copying through aliases costs no more than the budget allows.
Value read_value(const LoadContext& context, const YamlNode& node) {
  Value value;
  value.location = node.location;
  switch (node.kind) {
    case YamlNode::Kind::null:
      value.kind = Value::Kind::null;
      break;
    case YamlNode::Kind::scalar:
      value.kind = Value::Kind::scalar;
      value.text = node.text;
      value.quoted = node.quoted;
      break;
    case YamlNode::Kind::sequence:
      value.kind = Value::Kind::list;
      value.items.reserve(node.items.size());
      for (const YamlNode* item : node.items)
        value.items.push_back(read_value(context, *item));
      break;
    case YamlNode::Kind::map:
      value.kind = Value::Kind::map;
      for (const YamlEntry& entry : node.entries) {
        if (std::optional<Name> key = key_name(context, entry)) {
          value.entries.emplace_back(std::move(*key), read_value(context, *entry.value));
        }
      }
      break;
  }
  return value;
}

}  // namespace mealy::schema::loader
