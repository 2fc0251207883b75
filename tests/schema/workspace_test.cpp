// The workspace: imports followed, each file read and checked once, models in
// dependency order.
#include <catch2/catch.hpp>

#include "schema_test_support.hpp"

using namespace mealy::schema;
using mealy::test::TempDir;

namespace {

const char* const kMoney = R"YAML(mealy: 1
package: shared.money
types:
  Money: {fields: {amount_minor: int64}}
)YAML";

std::string importer(const std::string& package) {
  return "mealy: 1\npackage: " + package + R"YAML(
imports: [lib/money.yaml]
types:
  Price: {fields: {value: Money}}
)YAML";
}

}  // namespace

TEST_CASE("a file imported by two schemas is read and checked once", "[workspace]") {
  TempDir dir;
  dir.write("lib/money.yaml", kMoney);
  auto a = dir.write("a.yaml", importer("shop.a"));
  auto b = dir.write("b.yaml", importer("shop.b"));
  Workspace workspace;
  auto model_a = workspace.compile(a);
  auto model_b = workspace.compile(b);
  CHECK(workspace.diagnostics().items().empty());
  REQUIRE(model_a);
  REQUIRE(model_b);
  CHECK(workspace.sources().size() == 3);
  // Dependency order: the import first, the root last; both share it.
  REQUIRE(model_a->files.size() == 2);
  CHECK(model_a->files[0]->package.text == "shared.money");
  CHECK(model_a->root().package.text == "shop.a");
  CHECK(model_a->files[0] == model_b->files[0]);
}

TEST_CASE("an imported type resolves to the importing file's declaration", "[workspace]") {
  TempDir dir;
  dir.write("lib/money.yaml", kMoney);
  auto a = dir.write("a.yaml", importer("shop.a"));
  Workspace workspace;
  auto model = workspace.compile(a);
  REQUIRE(model);
  const Field& value = model->root().types.at(0).fields.at(0);
  REQUIRE(value.type.decl != nullptr);
  CHECK(value.type.decl == &model->files[0]->types.at(0));
  CHECK(value.type.decl_file == model->files[0].get());
}

TEST_CASE("imports are not transitive", "[workspace]") {
  TempDir dir;
  dir.write("lib/money.yaml", kMoney);
  dir.write("price.yaml", importer("shop.price"));
  auto root = dir.write("root.yaml", R"YAML(mealy: 1
package: shop.root
imports: [price.yaml]
types:
  Tag: {fields: {price: Price, cost: Money}}
)YAML");
  Workspace workspace;
  CHECK_FALSE(workspace.compile(root));
  REQUIRE(workspace.diagnostics().items().size() == 1);
  const Diagnostic& d = workspace.diagnostics().items()[0];
  CHECK(d.rule == "unknown-type");
  CHECK(d.message == "unknown type 'Money' in field 'cost' of record 'Tag'");
}

TEST_CASE("a file with errors fails every schema that imports it", "[workspace]") {
  TempDir dir;
  dir.write("lib/money.yaml",
            "mealy: 1\npackage: shared.money\ntypes:\n  money: {fields: {x: int64}}\n");
  auto a = dir.write("a.yaml", "mealy: 1\npackage: a\nimports: [lib/money.yaml]\n");
  Workspace workspace;
  CHECK_FALSE(workspace.compile(a));
  CHECK(workspace.diagnostics().has_errors());
}

namespace {

std::vector<std::string> messages(const Workspace& workspace) {
  std::vector<std::string> out;
  for (const Diagnostic& d : workspace.diagnostics().items()) {
    out.push_back(format_text(d, workspace.sources(), false));
  }
  return out;
}

}  // namespace

TEST_CASE("a device is refused, not read without end", "[workspace]") {
  SECTION("named on the command line") {
    Workspace workspace;
    CHECK_FALSE(workspace.compile("/dev/zero"));
    CHECK(messages(workspace) ==
          std::vector<std::string>{
              "/dev/zero: error: cannot read file: not a regular file [file]\n"});
  }
  SECTION("imported") {
    TempDir dir;
    auto a = dir.write("a.yaml", "mealy: 1\npackage: a\nimports: [/dev/zero]\n");
    Workspace workspace;
    CHECK_FALSE(workspace.compile(a.string()));
    REQUIRE(messages(workspace).size() == 1);
    CHECK(messages(workspace)[0].ends_with(
        "a.yaml:3:11: error: cannot read imported file '/dev/zero': not a regular file "
        "[unknown-import]\n"));
  }
}

TEST_CASE("a file longer than the limit is refused before it is read", "[workspace]") {
  TempDir dir;
  auto a = dir.write("a.yaml", "mealy: 1\npackage: a\n" + std::string(100, '#') + "\n");
  LoadLimits limits;
  limits.max_file_bytes = 100;
  Workspace workspace(limits);
  CHECK_FALSE(workspace.compile(a.string()));
  REQUIRE(messages(workspace).size() == 1);
  CHECK(messages(workspace)[0].ends_with(
      "a.yaml: error: cannot read file: longer than 100 bytes [file]\n"));
}

TEST_CASE("a diagnostic on a long line shows the window around its column", "[workspace]") {
  SourceSet sources;
  std::string line = std::string(5000, 'a') + "\xE2\x80\xA8" + "X" + std::string(5000, 'b');
  std::uint32_t file = sources.add({"long.yaml", "/long.yaml", "first\n" + line + "\nlast"});
  CHECK(sources.line_text({file, 1, 1}) == "first");
  CHECK(sources.line_text({file, 3, 1}) == "last");
  CHECK(sources.line_text({file, 4, 1}).empty());
  Diagnostic d{Severity::error, {file, 2, 5004}, "here", "rule"};
  // 50 pieces before the caret (the U+2028 is one), 50 from it.
  CHECK(format_text(d, sources, true) ==
        "long.yaml:2:5004: error: here [rule]\n..." + std::string(49, 'a') + "\xE2\x80\xA8" + "X" +
            std::string(49, 'b') + "...\n" + std::string(53, ' ') + "^\n");
}
