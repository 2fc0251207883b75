// Everything the TypeScript emitter knows about TypeScript names and
// literals, in one place.
//
// Naming rules of generated TypeScript (documented for users in
// codegen/README.md):
//   schema file order.yaml         module order.mealy.ts, imported as "./order.mealy.js"
//   type Money (record)            interface Money and a const Money {decode, encode, ...}
//   enum Currency                  type Currency = "EUR" | ... and a const Currency {members, ...}
//   aggregate Order                const Order {decodeCommand, ..., acceptedCommands, evolve}
//                                  and the types Order_Command, Order_Event, Order_State,
//                                  Order_Data, Order_Aggregate, ...
//   command Open of Order          interface Order_Command_Open (its payload)
//   event Opened, state Draft      Order_Event_Opened, Order_State_Draft
//   field customer_id              property customer_id, as written
// Schema names hold no '_', so a name joined with '_' never meets a name of
// the schema. The checker refuses the names this target refuses
// (ts_target.cpp); identifier() still escapes them, so that a gap in the
// checker cannot produce code that does not compile.
#pragma once

#include <string>
#include <string_view>

#include "mealy/schema/model.hpp"

namespace mealy::codegen::ts {

// A reserved word of TypeScript, a global that generated code names or a
// schema name could shadow, or a property every object has: the TypeScript
// target refuses these as schema names.
bool is_reserved(std::string_view name);

// A name usable as a TypeScript binding (a reserved one, is_reserved(), or
// `mealy` gets a trailing underscore).
std::string identifier(std::string_view name);

// A double-quoted TypeScript string literal holding `text` exactly. Line
// terminators (U+2028 and U+2029 included), control characters and
// bidirectional formatting characters are escaped, so that no text can end
// the literal or the line, or reorder how the code is displayed.
std::string string_literal(std::string_view text);

// `text` as a JSDoc comment (`/** ... */`, one ` * ` line per line of text)
// at the printer's indentation. No text can close it early: `*/` is written
// `*\/`; line breaks (\n, \r, U+2028, U+2029) start a new comment line and
// other control characters are dropped. Empty text gives an empty string.
std::string doc_comment(std::string_view text);

// "examples/order/order.yaml" -> "order.mealy.ts"; the import specifier of
// a module is "./order.mealy.js".
std::string module_name(std::string_view schema_path);
std::string import_specifier(std::string_view schema_path);

// The name of the support module all generated modules import.
inline constexpr std::string_view kSupportModule = "mealy.ts";

// The prefix of an aggregate's own names: "Order_".
std::string aggregate_prefix(const schema::Aggregate& aggregate);

}  // namespace mealy::codegen::ts
