#include "loader/yaml_tree.hpp"

namespace mealy::schema::loader {

std::string_view kind_phrase(const YamlNode& node) {
  switch (node.kind) {
    case YamlNode::Kind::null:
      return "null";
    case YamlNode::Kind::scalar:
      return "a scalar";
    case YamlNode::Kind::sequence:
      return "a list";
    case YamlNode::Kind::map:
      return "a map";
  }
  return "a node";
}

}  // namespace mealy::schema::loader
