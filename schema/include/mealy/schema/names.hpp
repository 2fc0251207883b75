// Name conversions every target language shares. The checker uses them to
// find names that would collide in generated code, so emitters must derive
// their names through them too.
#pragma once

#include <string>
#include <string_view>

namespace mealy::schema {

// PascalCase to lower_snake: "OrderLine" -> "order_line", "HTTPServer" ->
// "http_server", "Line2Added" -> "line2_added".
std::string to_lower_snake(std::string_view pascal);

}  // namespace mealy::schema
