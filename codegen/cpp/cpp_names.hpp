// Everything the C++ emitter knows about C++ names and literals, in one place.
//
// Naming rules of generated C++ (documented for users in codegen/README.md):
//   package shop.orders          namespace shop::orders
//   type Money                   struct shop::orders::Money
//   enum Currency, member EUR    enum class Currency { EUR }
//   aggregate Order              namespace shop::orders::order (lower_snake) holding
//                                  commands::Open, events::Opened, states::Draft,
//                                  Command, Event, State (std::variant), Data, Aggregate;
//                                and shop::orders::Order, an alias of order::Aggregate
//   field customer_id            member customer_id
//   schema file order.yaml       order.mealy.hpp and order.mealy.cpp
// The checker has already refused the names this target refuses
// (cpp_target.cpp); identifier() still guards against them, so that a gap in
// the checker cannot produce code that does not compile.
#pragma once

#include <string>
#include <string_view>

#include "mealy/schema/model.hpp"

namespace mealy::codegen::cpp {

// "shop::orders".
std::string namespace_of(const schema::SchemaFile& file);

// The lower_snake form of a PascalCase name: the aggregate's namespace.
std::string aggregate_namespace(const schema::Aggregate& aggregate);

// A C++ keyword or alternative token, an identifier with a special meaning
// (final, override, import), a word reserved by a technical specification,
// or `std`: the C++ target refuses these as schema names.
bool is_reserved(std::string_view name);

// A namespace that generated C++ names without a leading `::` (std, mealy,
// simdjson): no namespace derived from a schema (a package part, an
// aggregate's lower_snake name) may be one, or it would hide the real one.
bool is_named_namespace(std::string_view lower_snake_name);

// A name usable as a C++ identifier (a reserved one, is_reserved(), gets a
// trailing underscore).
std::string identifier(std::string_view name);

// The C++ type of a schema type, fully qualified where it names a record or
// enum of another package: "std::vector<shop::money::Money>".
std::string type_of(const schema::TypeRef& type, const schema::SchemaFile& current);

// A C++ string literal holding `text` exactly (escapes, no trigraphs).
std::string string_literal(std::string_view text);

// `text` as `//` comment lines at the printer's indentation, each starting
// with "// ". Schema text cannot end the comment or splice the next line:
// line breaks (\n, \r, U+2028, U+2029) start a new comment line, control
// characters are dropped, a trailing backslash gets a space after it, a
// trigraph such as `??/` is written `?\?/`, and bidirectional formatting
// characters are shown as "<U+202E>".
std::string comment(std::string_view text);

// File names of the generated files for a schema file's display path:
// "examples/order/order.yaml" -> "order.mealy.hpp" / "order.mealy.cpp".
std::string header_name(std::string_view schema_path);
std::string source_name(std::string_view schema_path);

}  // namespace mealy::codegen::cpp
