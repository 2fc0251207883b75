#include "printer.hpp"

#include <catch2/catch.hpp>
#include <stdexcept>

using mealy::codegen::Printer;

TEST_CASE("variables are substituted and lines indented", "[printer]") {
  Printer p;
  p.print("struct $name$ {\n", {{"name", "Money"}});
  {
    Printer::Indent in(p);
    p.print("$type$ $field$;\n\n", {{"type", "std::int64_t"}, {"field", "amount_minor"}});
    p.print("Currency currency;\n");
  }
  p.print("};\n");
  CHECK(p.text() ==
        "struct Money {\n"
        "  std::int64_t amount_minor;\n"
        "\n"
        "  Currency currency;\n"
        "};\n");
}

TEST_CASE("values spanning lines are indented line by line", "[printer]") {
  Printer p;
  p.indent();
  p.print("$body$\n", {{"body", "a();\nb();"}});
  CHECK(p.text() == "  a();\n  b();\n");
}

TEST_CASE("$$ is a literal dollar", "[printer]") {
  Printer p;
  p.print("cost: $$5\n");
  CHECK(p.text() == "cost: $5\n");
}

TEST_CASE("a missing, unused or unclosed variable is a programmer error", "[printer]") {
  Printer p;
  CHECK_THROWS_AS(p.print("$missing$\n"), std::logic_error);
  CHECK_THROWS_AS(p.print("plain\n", {{"unused", "x"}}), std::logic_error);
  CHECK_THROWS_AS(p.print("$open\n"), std::logic_error);
  CHECK_THROWS_AS(p.outdent(), std::logic_error);
}
