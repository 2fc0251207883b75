// Hostile and huge input: the loader answers with a diagnostic, in linear
// time, and never crashes (these tests run under AddressSanitizer in the
// Sanitize build).
#include <catch2/catch.hpp>
#include <chrono>
#include <cstdint>
#include <random>
#include <string>

#include "loader_test_support.hpp"

using mealy::schema::LoadLimits;
using mealy::test::at;
using mealy::test::load_text;

namespace {

std::string repeat(std::string_view piece, std::size_t times) {
  std::string out;
  out.reserve(piece.size() * times);
  for (std::size_t i = 0; i < times; ++i)
    out += piece;
  return out;
}

// One aggregate of a realistic shape, about 2.8 KB in 250 nodes: a 10 MB
// schema of them stays under the default budget of 1,000,000 nodes.
std::string aggregate(int n) {
  std::string name = "Order" + std::to_string(n);
  return "  " + name +
         ":\n"
         "    doc: >\n"
         "      Aggregate number " +
         std::to_string(n) +
         ", generated to make the file big. Real\n"
         "      schemas document their aggregates at length: what the aggregate stands for in\n"
         "      the business, who sends its commands, which invariants its transitions keep,\n"
         "      and how its events are read by the projections downstream of the store.\n"
         "    snapshot_every: 100\n"
         "    fields:\n"
         "      customer_id: string\n"
         "      lines: {type: list<OrderLine>, default: []}\n"
         "    commands:\n"
         "      Open: {fields: {customer_id: string}}\n"
         "      AddLine: {fields: {line: OrderLine}}\n"
         "      Submit: {}\n"
         "      Cancel: {fields: {reason: {type: string, min_length: 1, doc: Why it ends.}}}\n"
         "    events:\n"
         "      Opened: {fields: {customer_id: string}}\n"
         "      LineAdded: {fields: {line: OrderLine}, apply: append_line}\n"
         "      Submitted: {fields: {submitted_at: {type: timestamp, default: now}}}\n"
         "      Cancelled:\n"
         "        version: 2\n"
         "        fields:\n"
         "          reason: string\n"
         "          by: {type: string, default: \"customer\", since: 2}\n"
         "    on:\n"
         "      Cancel: {emit: Cancelled, to: Cancelled, doc: Cancelling is always possible.}\n"
         "    states:\n"
         "      New:\n"
         "        initial: true\n"
         "        on:\n"
         "          Open: {emit: Opened, to: Draft}\n"
         "      Draft:\n"
         "        doc: |\n"
         "          The customer is still choosing what to buy; lines may be\n"
         "          added until the order is submitted.\n"
         "        on:\n"
         "          AddLine: {emit: LineAdded}\n"
         "          Submit:\n"
         "            - {guard: has_lines, emit: Submitted, to: Submitted}\n"
         "            - {reject: empty_order, doc: An order needs at least one line.}\n"
         "      Submitted: {final: true, fields: {submitted_at: timestamp}}\n"
         "      Cancelled: {final: true, fields: {reason: string}}\n";
}

const char* const kHeader = "mealy: 1\npackage: big.orders\ndoc: A generated schema.\n";

}  // namespace

TEST_CASE("loader: a 10 MB schema loads, in linear time") {
  std::string text = kHeader;
  text += "types:\n  OrderLine: {fields: {sku: string, quantity: int32}}\naggregates:\n";
  int count = 0;
  while (text.size() < 10 * 1024 * 1024)
    text += aggregate(count++);

  auto start = std::chrono::steady_clock::now();
  auto loaded = load_text(text);
  auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  CHECK(loaded.messages() == "");
  REQUIRE(loaded.file != nullptr);
  REQUIRE(loaded.file->aggregates.size() == static_cast<std::size_t>(count));
  const auto& last = loaded.file->aggregates.back();
  CHECK(last.name.text == "Order" + std::to_string(count - 1));
  const std::size_t lines_per_aggregate = 42;
  CHECK(last.name.location.line == 7 + lines_per_aggregate * static_cast<std::size_t>(count - 1));
  CHECK(last.states.at(1).on.at(1).alternatives.size() == 2);
  // About 4 s under AddressSanitizer; anything quadratic in 10 MB would take
  // hours, so a generous bound does not make the test flaky.
  CHECK(seconds < 120);
}

TEST_CASE("loader: 100,000 nested flow collections stop at the depth limit") {
  SECTION("closed lists") {
    auto loaded = load_text(std::string(kHeader) + "types: " + repeat("[", 100'000) +
                            repeat("]", 100'000) + "\n");
    CHECK(loaded.file == nullptr);
    // The top-level map is the first level; the 256th '[' is the 257th.
    CHECK(loaded.messages() ==
          "schema.yaml:4:263: error: nesting deeper than 256 levels [yaml-limits]\n");
  }
  SECTION("unclosed lists, to the end of the file") {
    auto loaded = load_text(repeat("[", 100'000));
    // yaml-cpp reads each unclosed '[' as a list and a map key in it.
    CHECK(loaded.messages() ==
          "schema.yaml:1:129: error: nesting deeper than 256 levels [yaml-limits]\n");
  }
  SECTION("maps") {
    auto loaded = load_text(repeat("{a: ", 100'000) + "1" + repeat("}", 100'000) + "\n");
    CHECK(loaded.messages() ==
          "schema.yaml:1:1025: error: nesting deeper than 256 levels [yaml-limits]\n");
  }
}

TEST_CASE("loader: 100,000 nested block collections stop at the depth limit") {
  SECTION("list items on one line") {
    auto loaded = load_text(repeat("- ", 100'000) + "x\n");
    CHECK(loaded.file == nullptr);
    CHECK(loaded.messages() ==
          "schema.yaml:1:513: error: nesting deeper than 256 levels [yaml-limits]\n");
  }
  SECTION("ever deeper indentation") {
    std::string text;
    for (int depth = 0; depth < 3000; ++depth)
      text += std::string(depth, ' ') + "a:\n";
    auto loaded = load_text(text);
    CHECK(loaded.messages() ==
          "schema.yaml:257:257: error: nesting deeper than 256 levels [yaml-limits]\n");
  }
}

TEST_CASE("loader: yaml-cpp's own depth guard is caught when the limit is above it") {
  LoadLimits limits;
  limits.max_depth = 1'000'000;
  auto loaded = load_text(repeat("- ", 100'000) + "x\n", limits);
  CHECK(loaded.file == nullptr);
  CHECK(loaded.messages() ==
        "schema.yaml:1:997: error: nesting deeper than 499 levels [yaml-limits]\n");
}

TEST_CASE("loader: aliases count toward the depth limit") {
  auto loaded = load_text("a: &deep " + repeat("[", 200) + repeat("]", 200) +
                          "\nb: " + repeat("[", 100) + "*deep" + repeat("]", 100) + "\n");
  CHECK(loaded.file == nullptr);
  CHECK(loaded.messages() ==
        "schema.yaml:2:104: error: nesting deeper than 256 levels [yaml-limits]\n");
}

TEST_CASE("loader: a billion laughs stops at the alias that crosses the budget") {
  auto loaded = load_text(
      "mealy: 1\npackage: shop.bomb\n"
      "a: &a [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\"]\n"
      "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
      "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
      "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
      "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\n"
      "f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
      "g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]\n"
      "h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]\n"
      "i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h]\n");
  CHECK(loaded.file == nullptr);
  // a is 10 nodes, b 91, c 820, d 7,381, e 66,430, f 597,871: the first
  // *f of g crosses 1,000,000.
  CHECK(loaded.messages() ==
        "schema.yaml:9:8: error: aliases expand the document to more than 1000000 nodes "
        "[yaml-limits]\n");
}

TEST_CASE("loader: aliases of long strings stop at the byte budget") {
  // Few nodes, many bytes: each level aliases the one before four times.
  std::string text = "mealy: 1\npackage: shop.bomb\na: &a \"" + std::string(65'536, 'x') + "\"\n";
  const char* names = "abcdefghij";
  for (int level = 1; level < 10; ++level) {
    std::string alias = std::string("*") + names[level - 1];
    text += std::string(1, names[level]) + ": &" + names[level] + " [" + alias + ", " + alias +
            ", " + alias + ", " + alias + "]\n";
  }
  auto loaded = load_text(text);
  CHECK(loaded.file == nullptr);
  // a is 64 KiB, b 256 KiB, c 1 MiB, d 4 MiB: the third *d of e crosses 16 MiB,
  // in a file of 65 KiB and 48 nodes.
  CHECK(loaded.messages() ==
        "schema.yaml:7:16: error: aliases expand the document to more than 16777216 bytes of "
        "text [yaml-limits]\n");
}

TEST_CASE("loader: the byte budget is the one given") {
  LoadLimits limits;
  limits.max_expanded_bytes = 10;
  auto loaded = load_text("a: 123456789\nb: 1\n", limits);
  CHECK(loaded.messages() ==
        "schema.yaml:2:1: error: the document holds more than 10 bytes of text [yaml-limits]\n");
}

TEST_CASE("loader: the node budget is the one given") {
  LoadLimits limits;
  limits.max_expanded_nodes = 20;
  SECTION("aliases") {
    auto loaded = load_text("a: &a [1, 2, 3, 4]\nb: [*a, *a, *a]\n", limits);
    CHECK(loaded.messages() ==
          "schema.yaml:2:13: error: aliases expand the document to more than 20 nodes "
          "[yaml-limits]\n");
  }
  SECTION("plain nodes") {
    // The map, its key, the list and 17 items make 20; the 18th item is one too many.
    auto loaded =
        load_text("a: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18]\n", limits);
    CHECK(loaded.messages() ==
          "schema.yaml:1:64: error: the document has more than 20 nodes [yaml-limits]\n");
  }
}

TEST_CASE("loader: a binary file is refused before parsing") {
  std::string png("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16);
  auto loaded = load_text(png);
  CHECK(loaded.file == nullptr);
  CHECK(loaded.messages() ==
        "schema.yaml:1:1: error: file is not valid UTF-8 (byte 0x89) [encoding]\n");
  auto zeros = load_text(std::string(4096, '\0'));
  CHECK(zeros.messages() ==
        "schema.yaml:1:1: error: file contains a NUL byte; is it a binary file? [encoding]\n");
}

TEST_CASE("loader: mangled schemas never crash and always say why they fail") {
  // Deterministic mutations of a small valid schema: bytes replaced by YAML
  // punctuation, deleted or duplicated.
  const std::string valid = std::string(kHeader) +
                            "types:\n  OrderLine: {fields: {sku: string, quantity: int32}}\n"
                            "aggregates:\n" +
                            aggregate(1);
  const std::string punctuation = "[]{}:,-?&*!|>'\"#%@`\t\n ~<>";
  std::mt19937 random(20261122);
  for (int round = 0; round < 1500; ++round) {
    std::string text = valid;
    int edits = 1 + static_cast<int>(random() % 4);
    for (int edit = 0; edit < edits; ++edit) {
      std::size_t at = random() % text.size();
      switch (random() % 3) {
        case 0:
          text[at] = punctuation[random() % punctuation.size()];
          break;
        case 1:
          text.erase(at, 1 + random() % 8);
          break;
        default:
          text.insert(at, text.substr(at, 1 + random() % 40));
          break;
      }
    }
    auto loaded = load_text(text);
    // Either it loaded, or the loader said why not; every diagnostic names a
    // place inside the file (or the whole file).
    if (loaded.file == nullptr) REQUIRE(loaded.diagnostics.has_errors());
    for (const auto& diagnostic : loaded.diagnostics.items()) {
      INFO(text);
      INFO(loaded.messages());
      CHECK(!diagnostic.message.empty());
      CHECK(!diagnostic.rule.empty());
      CHECK(diagnostic.location.line <= 400);
    }
  }
}

// Found by the schema fuzz target (tests/fuzz/corpus/schema/regression-lone-cr-*):
// a file whose last line ends in a lone \r (no \n after it). The YAML parser
// counts that \r as a character of the line and points just past it; the
// line's text used to drop it (as if it were a CRLF's), so the diagnostic's
// column lay beyond the line and its excerpt.
TEST_CASE(
    "loader: a diagnostic after a lone carriage return at the end of the file points into its "
    "line") {
  for (const std::string& text :
       {std::string("#{s:\n         : {emit: bytesiniti&e\n s\r"),
        std::string(" \\\\\\\\ and `${x}`\", default: \"*/ \\\"q%# unt%pe*a \r")}) {
    const auto loaded = load_text(text);
    REQUIRE(loaded.diagnostics.has_errors());
    for (const mealy::schema::Diagnostic& diagnostic : loaded.diagnostics.items()) {
      CAPTURE(at(diagnostic.location), diagnostic.message);
      const std::string_view line = loaded.sources.line_text(diagnostic.location);
      CHECK(diagnostic.location.column >= 1);
      CHECK(diagnostic.location.column <= line.size() + 1);
    }
  }
}

TEST_CASE("source: a line's text keeps a lone final carriage return, not a CRLF's") {
  mealy::schema::SourceSet sources;
  const std::uint32_t file = sources.add({"cr.yaml", "/cr.yaml", "a\r\nb\rc\r"});
  CHECK(sources.line_text({file, 1, 1}) == "a");
  CHECK(sources.line_text({file, 2, 1}) == "b\rc\r");
}
