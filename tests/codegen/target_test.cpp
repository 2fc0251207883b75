// The code generation targets as plug-ins (codegen/target/target.hpp): the
// registry, each target's naming rules, the checker asking every target about
// every name, and that every target renders a schema deterministically.
#include "target.hpp"

#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <string>

#include "mealy/schema/workspace.hpp"

namespace {

namespace codegen = mealy::codegen;
namespace schema = mealy::schema;

// A schema file in a fresh temporary folder, compiled by a workspace with
// `rules`; the diagnostics' messages, one a line.
struct TargetTestSchema {
  std::filesystem::path dir;
  std::filesystem::path path;

  explicit TargetTestSchema(const std::string& text) {
    dir = std::filesystem::temp_directory_path() /
          ("mealy-target-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter()++));
    std::filesystem::create_directories(dir);
    path = dir / "schema.yaml";
    std::ofstream(path) << text;
  }
  ~TargetTestSchema() { std::filesystem::remove_all(dir); }

  static int& counter() {
    static int n = 0;
    return n;
  }

  std::string messages(std::vector<const schema::NameRules*> rules) const {
    schema::Workspace workspace({}, std::move(rules));
    (void)workspace.compile(path);
    std::string out;
    for (const schema::Diagnostic& diagnostic : workspace.diagnostics().items())
      out += diagnostic.message + "\n";
    return out;
  }
};

std::string target_test_schema(const std::string& field) {
  return "mealy: 1\npackage: shop.orders\naggregates:\n  Order:\n    commands:\n      Open: "
         "{fields: {" +
         field + ": string}}\n    events:\n      Opened: {fields: {" + field +
         ": string}}\n    states:\n      Draft:\n        initial: true\n        on: {Open: {emit: "
         "Opened, to: Done}}\n"
         "      Done: {final: true}\n";
}

// A target of a test's own, to show that the checker asks any target: it
// refuses the field name "order".
class RefusesOrder final : public schema::NameRules {
 public:
  [[nodiscard]] std::string refuse(schema::NameRole role, std::string_view name) const override {
    return role == schema::NameRole::field && name == "order" ? "taken by the test's target"
                                                              : std::string();
  }
};

}  // namespace

TEST_CASE("the registered targets, in registration order, found by name", "[codegen][targets]") {
  std::vector<std::string> names;
  for (const codegen::Target* target : codegen::registered_targets()) {
    names.emplace_back(target->name());
    CHECK(codegen::find_target(target->name()) == target);
    CHECK_FALSE(target->summary().empty());
    CHECK(target->summary().back() != '\n');
  }
  CHECK(names == std::vector<std::string>{"cpp", "ts", "jsonschema", "dot", "svg"});
  CHECK(codegen::find_target("cobol") == nullptr);
  CHECK(codegen::find_target("all") == nullptr);  // a spelling of --out, not a target
  CHECK(codegen::registered_name_rules().size() == names.size());
}

TEST_CASE("each target refuses its own language's reserved names, and only those",
          "[codegen][targets]") {
  const codegen::Target& cpp = *codegen::find_target("cpp");
  const codegen::Target& ts = *codegen::find_target("ts");
  const codegen::Target& json = *codegen::find_target("jsonschema");
  using schema::NameRole;
  CHECK(cpp.refuse(NameRole::field, "co_await") == "a reserved word in C++");
  CHECK(cpp.refuse(NameRole::field, "Promise").empty());
  CHECK(ts.refuse(NameRole::type, "Promise") == "a reserved word or global name in TypeScript");
  CHECK(ts.refuse(NameRole::field, "co_await").empty());
  // A package part or an aggregate becomes a C++ namespace; a field does not.
  CHECK(cpp.refuse(NameRole::aggregate, "Simdjson") ==
        "it becomes the C++ namespace 'simdjson', which generated code names");
  CHECK(cpp.refuse(NameRole::package_part, "mealy") ==
        "it becomes the C++ namespace 'mealy', which generated code names");
  CHECK(cpp.refuse(NameRole::field, "mealy").empty());
  for (const char* word : {"class", "delete", "Promise", "co_await", "std"}) {
    INFO(word);
    CHECK(json.refuse(NameRole::field, word).empty());
  }
}

TEST_CASE("the checker asks every target it is given about every name", "[codegen][targets]") {
  const TargetTestSchema keyword(target_test_schema("class"));
  // Both languages refuse it, and the message says which.
  CHECK(keyword.messages(codegen::registered_name_rules()) ==
        "field name 'class' cannot be used: a reserved word in C++; a reserved word or global name "
        "in TypeScript\n"
        "field name 'class' cannot be used: a reserved word in C++; a reserved word or global name "
        "in TypeScript\n");
  // Without targets the checker knows no language: the name passes.
  CHECK(keyword.messages({}).empty());
  // Only the JSON Schema target: nothing to refuse.
  CHECK(keyword.messages({codegen::find_target("jsonschema")}).empty());

  const TargetTestSchema order(target_test_schema("order"));
  CHECK(order.messages(codegen::registered_name_rules()).empty());
  RefusesOrder own;
  std::vector<const schema::NameRules*> rules = codegen::registered_name_rules();
  rules.push_back(&own);
  CHECK(order.messages(rules) ==
        "field name 'order' cannot be used: taken by the test's target\n"
        "field name 'order' cannot be used: taken by the test's target\n");
}

TEST_CASE("every target renders a schema the same way twice, with no failure",
          "[codegen][targets]") {
  const TargetTestSchema file(target_test_schema("note"));
  schema::Workspace workspace({}, codegen::registered_name_rules());
  std::shared_ptr<const schema::Model> model = workspace.compile(file.path);
  REQUIRE(model);
  for (const codegen::Target* target : codegen::registered_targets()) {
    INFO(target->name());
    codegen::OutputContext first, second;
    target->generate(*model, first);
    target->generate(*model, second);
    REQUIRE_FALSE(first.failed());
    REQUIRE_FALSE(first.files().empty());
    REQUIRE(first.files().size() == second.files().size());
    for (std::size_t i = 0; i < first.files().size(); ++i) {
      CHECK(first.files()[i].name == second.files()[i].name);
      CHECK(first.files()[i].content == second.files()[i].content);
      CHECK_FALSE(first.files()[i].content.empty());
    }
  }
}
