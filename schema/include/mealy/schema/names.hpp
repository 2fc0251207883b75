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

// The table of an aggregate's current state (mealy::StateProjection's, which
// `mealy rebuild` resets): its name in lower_snake plus "_state",
// "PurchaseOrder" -> "purchase_order_state". A table name belongs to the
// store, not to a language: no target's escape of reserved words applies
// ("Class" -> "class_state", though its C++ namespace is class_).
std::string state_table_name(std::string_view aggregate);

}  // namespace mealy::schema
