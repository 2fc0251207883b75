// Turns yaml-cpp's parser errors into messages a schema author can act on.
//
// yaml-cpp's messages name the parser's state ("illegal map value", "unknown
// token"), not the mistake. The usual mistakes are few and recognisable from
// the source line around the error: a tab in the indentation, `T?` unquoted
// inside `{...}`, an unclosed bracket, a misindented line. This file looks at
// that line and says what to do.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "loader/source_view.hpp"
#include "mealy/schema/source.hpp"

namespace mealy::schema::loader {

struct SyntaxError {
  Location location;
  std::string message;
};

// The flow collections still open when the parser failed, innermost first.
struct OpenFlows {
  std::optional<Location> sequence;  // the '[' of the innermost open list
  std::optional<Location> map;       // the '{' of the innermost open map
};

// Describes yaml-cpp's error `yaml_message` at byte `offset` of
// `source.text` (located at `at`, the same place).
SyntaxError describe_syntax_error(std::string_view yaml_message, Location at, std::size_t offset,
                                  const SourceView& source, const OpenFlows& open);

}  // namespace mealy::schema::loader
