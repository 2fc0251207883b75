// Type expressions: `string`, `list<OrderLine>`, `map<string, int64>`,
// `optional<Money>`, `Money?`.
//
//   T    := BASE '?'?
//   BASE := SCALAR | NAME | 'list' '<' T '>' | 'map' '<' T ',' T '>' | 'optional' '<' T '>'
//
// SCALAR is one of bool int32 int64 uint32 uint64 float64 string bytes uuid
// timestamp duration; NAME is [A-Za-z_][A-Za-z0-9_.]* and anything else (a
// record or enum, resolved by the checker). Whitespace may stand between any
// two tokens. A map's key type must be `string`; an optional type may not be
// made optional again (`string??`, `optional<string?>`).
#pragma once

#include <optional>

#include "loader/reader.hpp"
#include "loader/yaml_tree.hpp"
#include "mealy/schema/model.hpp"

namespace mealy::schema::loader {

// Parses the text of `scalar`. On error reports one `type-syntax` error,
// pointing inside the scalar when its text stands verbatim on one line
// (YamlNode::text_column), and returns nullopt. Nesting deeper than
// LoadLimits::max_depth is an error, so that parsing may recurse.
std::optional<TypeRef> parse_type(const LoadContext& context, const YamlNode& scalar);

}  // namespace mealy::schema::loader
