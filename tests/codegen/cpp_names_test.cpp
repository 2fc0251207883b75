// The one file that knows C++ names and escapes: literals and comments must
// hold any schema text without breaking out.
#include "cpp_names.hpp"

#include <catch2/catch.hpp>

using namespace mealy::codegen::cpp;

TEST_CASE("string literals hold any text exactly", "[codegen][names]") {
  CHECK(string_literal("plain") == "\"plain\"");
  CHECK(string_literal("a\"b\\c") == "\"a\\\"b\\\\c\"");
  CHECK(string_literal("line\nbreak\ttab\r") == "\"line\\nbreak\\ttab\\r\"");
  CHECK(string_literal("?"
                       "?=") == "\"\\?\\?=\"");  // no trigraphs, whatever the mode
  CHECK(string_literal(std::string("\x01"
                                   "7",
                                   2)) ==
        "\"\\x01\"\"7\"");  // a hex escape stops before a hex digit
  CHECK(string_literal("é") == "\"\\xc3\\xa9\"");
}

TEST_CASE("comments cannot end early or splice the next line", "[codegen][names]") {
  CHECK(comment("one line") == "// one line\n");
  CHECK(comment("*/ still a comment") == "// */ still a comment\n");
  CHECK(comment("two\nlines") == "// two\n// lines\n");
  CHECK(comment("crlf\r\nend") == "// crlf\n// end\n");
  CHECK(comment("para\u2028graph\u2029end") == "// para\n// graph\n// end\n");
  CHECK(comment("ends in a backslash\\") == "// ends in a backslash\\ .\n");
  CHECK(comment("backslash\\\nnext") == "// backslash\\ .\n// next\n");
  CHECK(comment("bell\x07 and nul") == "// bell and nul\n");
  CHECK(comment("#include <evil.h>") == "// #include <evil.h>\n");
}

TEST_CASE("identifiers escape C++ keywords", "[codegen][names]") {
  CHECK(identifier("customer_id") == "customer_id");
  CHECK(identifier("class") == "class_");
  CHECK(identifier("co_await") == "co_await_");
}

TEST_CASE("generated file names come from the schema's name", "[codegen][names]") {
  CHECK(header_name("examples/order/order.yaml") == "order.mealy.hpp");
  CHECK(source_name("order.yaml") == "order.mealy.cpp");
}
