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
  dir.write("lib/money.yaml", "mealy: 1\npackage: shared.money\ntypes:\n  money: {fields: {x: int64}}\n");
  auto a = dir.write("a.yaml", "mealy: 1\npackage: a\nimports: [lib/money.yaml]\n");
  Workspace workspace;
  CHECK_FALSE(workspace.compile(a));
  CHECK(workspace.diagnostics().has_errors());
}
