// Capped work, counted (issue 13): each cap of the loader and the checker is
// shown to bound the work done, not only to produce its message. What is
// counted: bytes allocated while loading (this program replaces the global
// operator new), the cells of edit-distance tables computed for "did you
// mean" suggestions (suggest.hpp), and the diagnostics mealyc prints.
#include <atomic>
#include <catch2/catch.hpp>
#include <cstdlib>
#include <new>
#include <sstream>
#include <string>

#include "cli.hpp"
#include "loader_test_support.hpp"
#include "mealy/schema/workspace.hpp"
#include "schema_test_support.hpp"
#include "suggest.hpp"

namespace {

std::atomic<bool> counting{false};
std::atomic<std::uint64_t> allocated{0};

// Bytes allocated with operator new by `body`.
template <typename Body>
std::uint64_t bytes_allocated_in(Body body) {
  allocated = 0;
  counting = true;
  body();
  counting = false;
  return allocated.load();
}

// A schema of `types` record types and one record whose `unknown` fields
// each name a type one letter off a declared one ("Typ12" for "Type12").
std::string misspelt_types(int types, int unknown) {
  std::string text = "mealy: 1\npackage: shop.work\ntypes:\n";
  for (int i = 0; i < types; ++i)
    text += "  Type" + std::to_string(i) + ": {fields: {a: string}}\n";
  text += "  Holder:\n    fields:\n";
  for (int i = 0; i < unknown; ++i)
    text += "      f" + std::to_string(i) + ": Typ" + std::to_string(i % types) + "\n";
  return text;
}

// 64 KiB of text aliased four times per level, over ten levels: 16 GiB
// once expanded, in a file of 65 KiB.
std::string string_bomb() {
  std::string text = "mealy: 1\npackage: shop.bomb\na: &a \"" + std::string(65'536, 'x') + "\"\n";
  const char* names = "abcdefghij";
  for (int level = 1; level < 10; ++level) {
    const std::string alias = std::string("*") + names[level - 1];
    text += std::string(1, names[level]) + ": &" + names[level] + " [" + alias + ", " + alias +
            ", " + alias + ", " + alias + "]\n";
  }
  return text;
}

}  // namespace

void* operator new(std::size_t size) {
  if (counting) allocated += size;
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t size) {
  return operator new(size);
}
void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
  if (counting) allocated += size;
  return std::malloc(size == 0 ? 1 : size);
}
void* operator new[](std::size_t size, const std::nothrow_t& tag) noexcept {
  return operator new(size, tag);
}
void operator delete(void* p) noexcept {
  std::free(p);
}
void operator delete[](void* p) noexcept {
  std::free(p);
}
void operator delete(void* p, std::size_t) noexcept {
  std::free(p);
}
void operator delete[](void* p, std::size_t) noexcept {
  std::free(p);
}

TEST_CASE(
    "work: aliases of long strings allocate a small multiple of the file, whatever the byte "
    "budget") {
  const std::string text = string_bomb();
  auto allocated_with_budget = [&](std::uint64_t budget) {
    mealy::schema::LoadLimits limits;
    limits.max_expanded_bytes = budget;
    std::string messages;
    const std::uint64_t bytes =
        bytes_allocated_in([&] { messages = mealy::test::load_text(text, limits).messages(); });
    INFO(messages);
    CHECK(messages.find("aliases expand the document to more than " + std::to_string(budget) +
                        " bytes of text") != std::string::npos);
    return bytes;
  };
  // The expansion would be 16 GiB. The loader counts the bytes an alias
  // stands for without copying them, and stops at the budget: each load
  // allocates the file, its parse tree and its messages, about ten times
  // the file's 65 KiB, the same for any budget.
  for (const std::uint64_t budget :
       {std::uint64_t{1} << 20, std::uint64_t{4} << 20, std::uint64_t{16} << 20}) {
    const std::uint64_t bytes = allocated_with_budget(budget);
    INFO("budget " << budget << ": allocated " << bytes << " bytes for a file of " << text.size());
    CHECK(bytes < 16 * text.size());
  }
}

TEST_CASE("work: nodes stop at the node budget, however far aliases would expand") {
  // A billion laughs: 9^9 nodes once expanded.
  const std::string text =
      "mealy: 1\npackage: shop.bomb\n"
      "a: &a [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\"]\n"
      "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
      "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
      "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
      "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\n"
      "f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
      "g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]\n"
      "h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]\n"
      "i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h]\n";
  mealy::schema::LoadLimits small, large;
  small.max_expanded_nodes = 10'000;
  large.max_expanded_nodes = 1'000'000;
  const std::uint64_t at_small =
      bytes_allocated_in([&] { (void)mealy::test::load_text(text, small); });
  const std::uint64_t at_large =
      bytes_allocated_in([&] { (void)mealy::test::load_text(text, large); });
  INFO("allocated: " << at_small << " and " << at_large << " bytes");
  // A node costs far less than 1 KiB; 387,420,489 of them are never made.
  CHECK(at_small < 10'000 * 1024);
  CHECK(at_large < 1'000'000 * 1024);
}

TEST_CASE(
    "work: suggestions stop at the checker's budget, so errors past it cost no edit distances") {
  // 300 types; every unknown type is compared with about 300 candidates, so
  // the budget of 20,000 comparisons pays for about 66 suggestions.
  auto cells_for = [](int unknown) {
    const std::uint64_t before = mealy::schema::edit_distance_cells();
    const auto compiled = mealy::test::compile_text(misspelt_types(300, unknown));
    const std::uint64_t cells = mealy::schema::edit_distance_cells() - before;
    CHECK(compiled.model == nullptr);
    CHECK(compiled.diagnostics.size() ==
          static_cast<std::size_t>(unknown));  // every error is reported
    return cells;
  };
  const std::uint64_t for_50 = cells_for(50);
  const std::uint64_t for_500 = cells_for(500);
  const std::uint64_t for_5000 = cells_for(5000);
  INFO("edit-distance cells: " << for_50 << ", " << for_500 << " and " << for_5000);
  CHECK(for_50 > 0);
  CHECK(for_500 > for_50);     // suggestions until the budget is spent...
  CHECK(for_5000 == for_500);  // ...and none after it
  CHECK(for_5000 <= 20'000u * 66 * 66);
  // The first errors carry a suggestion, the last ones none.
  const auto compiled = mealy::test::compile_text(misspelt_types(300, 500));
  CHECK(compiled.diagnostics.front().find("did you mean 'Type0'?") != std::string::npos);
  CHECK(compiled.diagnostics.back().find("did you mean") == std::string::npos);
}

TEST_CASE("work: mealyc prints at most 1000 diagnostics and counts the rest") {
  const auto compiled = mealy::test::compile_text(misspelt_types(10, 2500));
  REQUIRE(compiled.workspace->diagnostics().items().size() == 2500);
  std::ostringstream out;
  mealy::cli::print_diagnostics(out, compiled.workspace->diagnostics(),
                                compiled.workspace->sources());
  std::istringstream lines(out.str());
  std::size_t errors = 0, carets = 0, total = 0;
  std::string line, last;
  while (std::getline(lines, line)) {
    ++total;
    errors += line.find(": error: ") != std::string::npos;
    carets += line.find_first_not_of(' ') != std::string::npos &&
              line[line.find_first_not_of(' ')] == '^';
    last = line;
  }
  CHECK(errors == mealy::cli::kMaxPrintedDiagnostics);
  CHECK(carets == mealy::cli::kMaxPrintedDiagnostics);
  CHECK(total ==
        3 * mealy::cli::kMaxPrintedDiagnostics + 1);  // each with its source line and caret
  CHECK(last == "mealyc: 1500 more diagnostics not shown");
}
