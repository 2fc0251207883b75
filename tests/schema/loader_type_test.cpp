// Type expressions: scalars, names, compounds, `T?`, and their errors with
// the column inside the scalar.
#include <catch2/catch.hpp>
#include <string>
#include <utility>

#include "loader_test_support.hpp"

using mealy::schema::TypeKind;
using mealy::schema::TypeRef;
using mealy::test::at;
using mealy::test::load_text;

namespace {

// Loads `fields: {value: TYPE}` in block style as line 6, the type at column
// 14, and returns the loaded file with its messages.
mealy::test::Loaded load_type(const std::string& type) {
  return load_text("mealy: 1\npackage: a\ntypes:\n  T:\n    fields:\n      value: " + type + "\n");
}

const TypeRef& type_of(const mealy::test::Loaded& loaded) {
  return loaded.file->types.at(0).fields.at(0).type;
}

}  // namespace

TEST_CASE("loader: scalar type keywords") {
  auto [spelling, kind] = GENERATE(table<std::string, TypeKind>({
      {"bool", TypeKind::boolean},
      {"int32", TypeKind::int32},
      {"int64", TypeKind::int64},
      {"uint32", TypeKind::uint32},
      {"uint64", TypeKind::uint64},
      {"float64", TypeKind::float64},
      {"string", TypeKind::string},
      {"bytes", TypeKind::bytes},
      {"uuid", TypeKind::uuid},
      {"timestamp", TypeKind::timestamp},
      {"duration", TypeKind::duration},
  }));
  auto loaded = load_type(spelling);
  REQUIRE(loaded.messages() == "");
  const TypeRef& type = type_of(loaded);
  CHECK(type.kind == kind);
  CHECK(type.spelling == spelling);
  CHECK(type.element.empty());
  CHECK(type.name.empty());
  CHECK(at(type.location) == "6:14");
}

TEST_CASE("loader: any other name is a named type, resolved later") {
  auto name = GENERATE(as<std::string>{}, "Money", "common.Money", "_Private", "String", "listing");
  auto loaded = load_type(name);
  REQUIRE(loaded.messages() == "");
  const TypeRef& type = type_of(loaded);
  CHECK(type.kind == TypeKind::named);
  CHECK(type.name.text == name);
  CHECK(at(type.name.location) == "6:14");
  CHECK(type.decl == nullptr);
}

TEST_CASE("loader: nested compounds keep each part's spelling and place") {
  auto loaded = load_type("list<map<string, optional<Money>>>");
  REQUIRE(loaded.messages() == "");
  const TypeRef& list = type_of(loaded);
  CHECK(list.kind == TypeKind::list);
  CHECK(list.spelling == "list<map<string, optional<Money>>>");
  REQUIRE(list.element.size() == 1);
  const TypeRef& map = list.element[0];
  CHECK(map.kind == TypeKind::map);
  CHECK(map.spelling == "map<string, optional<Money>>");
  CHECK(at(map.location) == "6:19");
  REQUIRE(map.element.size() == 1);  // the value type; keys are always strings
  const TypeRef& optional = map.element[0];
  CHECK(optional.kind == TypeKind::optional);
  CHECK(optional.spelling == "optional<Money>");
  CHECK(at(optional.location) == "6:31");
  REQUIRE(optional.element.size() == 1);
  CHECK(optional.element[0].kind == TypeKind::named);
  CHECK(optional.element[0].name.text == "Money");
  CHECK(at(optional.element[0].name.location) == "6:40");
}

TEST_CASE("loader: whitespace around '<', '>' and ',' is allowed") {
  auto loaded = load_type("map < string ,  list< int32 > >");
  REQUIRE(loaded.messages() == "");
  const TypeRef& map = type_of(loaded);
  CHECK(map.kind == TypeKind::map);
  CHECK(map.spelling == "map < string ,  list< int32 > >");
  const TypeRef& list = map.element.at(0);
  CHECK(list.spelling == "list< int32 >");
  CHECK(at(list.location) == "6:30");
  CHECK(list.element.at(0).spelling == "int32");
  CHECK(at(list.element.at(0).location) == "6:36");
}

TEST_CASE("loader: T? is optional<T>") {
  SECTION("a name") {
    auto loaded = load_type("Money?");
    REQUIRE(loaded.messages() == "");
    const TypeRef& type = type_of(loaded);
    CHECK(type.kind == TypeKind::optional);
    CHECK(type.spelling == "Money?");
    CHECK(at(type.location) == "6:14");
    CHECK(type.element.at(0).kind == TypeKind::named);
    CHECK(type.element.at(0).spelling == "Money");
  }
  SECTION("inside and outside a list") {
    auto loaded = load_type("list<string?>?");
    REQUIRE(loaded.messages() == "");
    const TypeRef& type = type_of(loaded);
    CHECK(type.kind == TypeKind::optional);
    const TypeRef& list = type.element.at(0);
    CHECK(list.kind == TypeKind::list);
    CHECK(list.spelling == "list<string?>");
    CHECK(list.element.at(0).kind == TypeKind::optional);
    CHECK(list.element.at(0).element.at(0).kind == TypeKind::string);
  }
}

TEST_CASE("loader: a quoted type points inside the quotes") {
  auto loaded = load_text(
      "mealy: 1\npackage: a\ntypes:\n  T:\n    fields: {a: \"list<Money>\", b: 'list<int32'}\n");
  CHECK(loaded.messages() ==
        "schema.yaml:5:46: error: invalid type 'list<int32'; expected '>' [type-syntax]\n");
  REQUIRE(loaded.file != nullptr);
  const auto& fields = loaded.file->types.at(0).fields;
  REQUIRE(fields.size() == 1);
  CHECK(at(fields[0].type.location) == "5:18");
  CHECK(at(fields[0].type.element.at(0).name.location) == "5:23");
}

TEST_CASE("loader: a type that is not written verbatim points at its scalar") {
  // Folded over two lines, or with escapes, the text no longer matches the
  // source byte for byte; positions inside it would be wrong.
  auto loaded = load_text(
      "mealy: 1\npackage: a\ntypes:\n  T:\n    fields:\n      a: list<\n        Money>\n"
      "      b: \"list<\\x4d>\"\n      c: \"list<\\x4d\"\n");
  CHECK(loaded.messages() ==
        "schema.yaml:9:10: error: invalid type 'list<M'; expected '>' [type-syntax]\n");
  REQUIRE(loaded.file != nullptr);
  const auto& fields = loaded.file->types.at(0).fields;
  REQUIRE(fields.size() == 2);
  CHECK(fields[0].type.spelling == "list< Money>");
  CHECK(at(fields[0].type.element.at(0).name.location) == "6:10");
  CHECK(fields[1].type.element.at(0).name.text == "M");
  CHECK(at(fields[1].type.element.at(0).name.location) == "8:10");
}

TEST_CASE("loader: type syntax errors say what was expected, where") {
  auto [type, expected] = GENERATE(table<std::string, std::string>({
      {"list<string", "6:25: error: invalid type 'list<string'; expected '>'"},
      {"list<string>>", "6:26: error: invalid type 'list<string>>'; unexpected '>'"},
      {"list", "6:18: error: invalid type 'list'; expected '<'"},
      {"optional Money", "6:23: error: invalid type 'optional Money'; expected '<'"},
      {"list<>", "6:19: error: invalid type 'list<>'; expected a type"},
      {"map<string>", "6:24: error: invalid type 'map<string>'; expected ','"},
      {"map<string, int32", "6:31: error: invalid type 'map<string, int32'; expected '>'"},
      {"map<int32, string>", "6:18: error: map keys must be 'string', found 'int32'"},
      {"map<string?, int32>", "6:18: error: map keys must be 'string', found 'string?'"},
      {"map<Name, int32>", "6:18: error: map keys must be 'string', found 'Name'"},
      {"string??", "6:21: error: 'optional' of an optional type"},
      {"optional<string?>", "6:14: error: 'optional' of an optional type"},
      {"optional<optional<int32>>", "6:14: error: 'optional' of an optional type"},
      {"optional<int32>?", "6:29: error: 'optional' of an optional type"},
      {"Foo<int32>", "6:17: error: invalid type 'Foo<int32>'; unexpected '<'"},
      {"Order Line", "6:20: error: invalid type 'Order Line'; unexpected 'Line'"},
      {"str-ing", "6:17: error: invalid type 'str-ing'; unexpected '-'"},
      {"Gr\xc3\xb6\xc3\x9f"
       "e",
       "6:16: error: invalid type 'Gr\xc3\xb6\xc3\x9f"
       "e'; unexpected '\xc3\xb6'"},
      {"\"\"", "6:15: error: invalid type ''; expected a type"},
      {"'?'", "6:15: error: invalid type '?'; expected a type"},
      {"1st", "6:14: error: invalid type '1st'; expected a type"},
  }));
  auto loaded = load_type(type);
  CHECK(loaded.messages() == "schema.yaml:" + expected + " [type-syntax]\n");
  REQUIRE(loaded.file != nullptr);
  CHECK(loaded.file->types.at(0).fields.empty());  // the field is left out
}

TEST_CASE("loader: a ',' that cut a type short in a flow map gets a hint") {
  auto loaded =
      load_text("mealy: 1\npackage: a\ntypes:\n  T:\n    fields: {labels: map<string, int32>}\n");
  CHECK(loaded.messages() ==
        "schema.yaml:5:32: error: invalid type 'map<string'; expected ','; inside '{...}' or "
        "'[...]', quote a type that contains ',' [type-syntax]\n"
        "schema.yaml:5:34: error: expected a type or a map with 'type' in field 'int32>', found "
        "null [shape]\n");
}

TEST_CASE("loader: type nesting is limited like YAML nesting") {
  auto nested = [](int depth) {
    std::string type;
    for (int i = 0; i < depth; ++i)
      type += "list<";
    type += "int32";
    for (int i = 0; i < depth; ++i)
      type += ">";
    return type;
  };
  auto deepest = load_type(nested(256));
  CHECK(deepest.messages() == "");

  auto too_deep = load_type(nested(257));
  CHECK(too_deep.messages() ==
        "schema.yaml:6:1294: error: invalid type "
        "'list<list<list<list<list<list<list<list<list<list<list<list<...'; nested deeper than "
        "256 levels [type-syntax]\n");

  // 100,000 levels must not exhaust the stack either.
  auto hostile = load_type(nested(100'000));
  CHECK(hostile.messages() == too_deep.messages());
}
