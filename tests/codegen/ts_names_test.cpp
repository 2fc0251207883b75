// The TypeScript naming and escaping rules (codegen/ts/ts_names.cpp): no
// schema text can end a string literal, a line or a JSDoc comment.
#include "ts_names.hpp"

#include <catch2/catch.hpp>

using namespace mealy::codegen::ts;

TEST_CASE("reserved words and globals get a trailing underscore", "[codegen][ts]") {
  CHECK(identifier("delete") == "delete_");
  CHECK(identifier("new") == "new_");
  CHECK(identifier("Object") == "Object_");
  CHECK(identifier("Uint8Array") == "Uint8Array_");
  CHECK(identifier("mealy") == "mealy_");   // the support module's namespace
  CHECK(identifier("Delete") == "Delete");  // identifiers are case-sensitive
  CHECK(identifier("Order") == "Order");
}

TEST_CASE("string literals escape quotes, backslashes and every line terminator", "[codegen][ts]") {
  CHECK(string_literal("plain") == "\"plain\"");
  CHECK(string_literal("a\"b\\c") == "\"a\\\"b\\\\c\"");
  CHECK(string_literal("a\nb\rc\td") == "\"a\\nb\\rc\\td\"");
  CHECK(string_literal("\x01\x7f") == "\"\\u0001\\u007f\"");
  CHECK(string_literal("x\u2028y\u2029z") == "\"x\\u2028y\\u2029z\"");
  CHECK(string_literal("${x} `tick` é") ==
        "\"${x} `tick` é\"");  // no template literal, UTF-8 as is
}

TEST_CASE("JSDoc comments cannot be closed by their text", "[codegen][ts]") {
  CHECK(doc_comment("") == "");
  CHECK(doc_comment("One line.") == "/** One line. */\n");
  CHECK(doc_comment("ends */ here") == "/** ends *\\/ here */\n");
  CHECK(doc_comment("**/") == "/** **\\/ */\n");
  CHECK(doc_comment("a\nb\r\nc\u2028d\u2029e") == "/**\n * a\n * b\n * c\n * d\n * e\n */\n");
  CHECK(doc_comment("trailing  \n\n") == "/** trailing */\n");
  CHECK(doc_comment("bell\x07 gone") == "/** bell gone */\n");
}

TEST_CASE("module names follow the schema file's name", "[codegen][ts]") {
  CHECK(module_name("examples/order/order.yaml") == "order.mealy.ts");
  CHECK(import_specifier("../money.yaml") == "./money.mealy.js");
}
