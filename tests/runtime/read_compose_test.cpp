// Lists, maps, optionals and records composed: round trips through the
// templates, and the path in every error.
#include <catch2/catch.hpp>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "test_support.hpp"

using mealy::testing::decode;
using mealy::testing::decode_error;
using mealy::testing::encode;

namespace records {

// Records written the way generated decoders are: enter, read each known
// field under its key, ignore the rest, then check the required ones.
struct Inner {
  std::int32_t b = 0;
  friend bool operator==(const Inner&, const Inner&) = default;
};

struct Outer {
  std::vector<Inner> a;
  std::optional<std::string> note;
  friend bool operator==(const Outer&, const Outer&) = default;
};

void write(std::string& out, const Inner& value) {
  using mealy::json::write;
  out += "{\"b\":";
  write(out, value.b);
  out += '}';
}

void write(std::string& out, const Outer& value) {
  using mealy::json::write;
  out += "{\"a\":";
  write(out, value.a);
  if (value.note) {
    out += ",\"note\":";
    write(out, *value.note);
  }
  out += '}';
}

bool read(mealy::json::ReadContext& ctx, mealy::json::Value value, Inner& out) {
  simdjson::ondemand::object object;
  if (value.get_object().get(object) != simdjson::SUCCESS) return ctx.fail_type("object", value);
  if (!ctx.enter()) return false;
  bool has_b = false;
  for (auto field : object) {
    std::string_view key;
    if (auto error = field.unescaped_key().get(key)) return ctx.fail_json(error);
    mealy::json::Value item;
    if (auto error = field.value().get(item)) return ctx.fail_json(error);
    ctx.push_key(key);
    if (key == "b") {
      if (!read(ctx, item, out.b)) return false;
      has_b = true;
    }
    ctx.pop();
  }
  if (!has_b) return ctx.fail_missing("b");
  ctx.leave();
  return true;
}

bool read(mealy::json::ReadContext& ctx, mealy::json::Value value, Outer& out) {
  simdjson::ondemand::object object;
  if (value.get_object().get(object) != simdjson::SUCCESS) return ctx.fail_type("object", value);
  if (!ctx.enter()) return false;
  bool has_a = false;
  for (auto field : object) {
    std::string_view key;
    if (auto error = field.unescaped_key().get(key)) return ctx.fail_json(error);
    mealy::json::Value item;
    if (auto error = field.value().get(item)) return ctx.fail_json(error);
    ctx.push_key(key);
    if (key == "a") {
      if (!read(ctx, item, out.a)) return false;
      has_a = true;
    } else if (key == "note") {
      if (!read(ctx, item, out.note)) return false;
    }
    ctx.pop();
  }
  if (!has_a) return ctx.fail_missing("a");
  ctx.leave();
  return true;
}

// A recursive record, to nest as deep as the input says.
struct Node {
  std::vector<Node> children;
};

bool read(mealy::json::ReadContext& ctx, mealy::json::Value value, Node& out) {
  simdjson::ondemand::object object;
  if (value.get_object().get(object) != simdjson::SUCCESS) return ctx.fail_type("object", value);
  if (!ctx.enter()) return false;
  for (auto field : object) {
    std::string_view key;
    if (auto error = field.unescaped_key().get(key)) return ctx.fail_json(error);
    mealy::json::Value item;
    if (auto error = field.value().get(item)) return ctx.fail_json(error);
    ctx.push_key(key);
    if (key == "c" && !read(ctx, item, out.children)) return false;
    ctx.pop();
  }
  ctx.leave();
  return true;
}

}  // namespace records

namespace {

using Nested = std::vector<std::map<std::string, std::optional<std::int64_t>>>;

// `{"c":[` ... `]}` nested `levels` records deep.
std::string nested_nodes(int levels) {
  std::string json;
  for (int i = 1; i < levels; ++i)
    json += R"({"c":[)";
  json += "{}";
  for (int i = 1; i < levels; ++i)
    json += "]}";
  return json;
}

}  // namespace

TEST_CASE("list<map<string, optional<int64>>> round trips", "[compose]") {
  const Nested value = {
      {{"a", 1}, {"b", std::nullopt}, {"c", std::numeric_limits<std::int64_t>::min()}},
      {},
      {{"", 0}, {"two words", -5}, {"\xc3\xa9", std::numeric_limits<std::int64_t>::max()}},
  };
  const std::string json = encode(value);
  CHECK(json == R"([{"a":"1","b":null,"c":"-9223372036854775808"},{},)"
                R"({"":"0","two words":"-5","é":"9223372036854775807"}])");
  Nested back;
  REQUIRE(decode(json, back) == "");
  CHECK(back == value);
  CHECK(encode(back) == json);
}

TEST_CASE("decoders accept what the canonical form does not use", "[compose]") {
  Nested value;
  REQUIRE(decode(" [ { \"b\" : 2 , \"a\" : \"1\" } , { \"x\" : null } ] ", value) == "");
  CHECK(value == Nested{{{"a", 1}, {"b", 2}}, {{"x", std::nullopt}}});
  CHECK(encode(value) == R"([{"a":"1","b":"2"},{"x":null}])");
}

TEST_CASE("a key given twice in a map is refused, at the second one", "[compose]") {
  std::map<std::string, std::int32_t> value;
  CHECK(decode(R"({"k":1,"j":2,"k":3})", value) == "$.k: duplicate key");
  CHECK(decode(R"({"k":1,"\u006b":2})", value) == "$.k: duplicate key");  // the same key, escaped
}

TEST_CASE("records round trip, unknown keys ignored", "[compose]") {
  const records::Outer value{{{1}, {-2}}, "n"};
  const std::string json = encode(value);
  CHECK(json == R"({"a":[{"b":1},{"b":-2}],"note":"n"})");
  records::Outer back;
  REQUIRE(decode(json, back) == "");
  CHECK(back == value);
  records::Outer other;
  REQUIRE(decode(R"({"zz":[[{"deep":[1,2,{"x":null}]}]],"a":[{"b":3,"extra":{}}],"note":null})",
                 other) == "");
  CHECK(other == records::Outer{{{3}}, std::nullopt});
}

TEST_CASE("errors name the JSON path", "[compose][errors]") {
  CHECK(decode_error<records::Outer>(R"({"a":[{"b":1},{"b":2},{"b":"x"}]})") ==
        "$.a[2].b: expected int32, got string");
  CHECK(decode_error<records::Outer>(R"({"a":[{"b":1},{"c":2}]})") ==
        "$.a[1]: missing required field 'b'");
  CHECK(decode_error<records::Outer>(R"({"note":"x"})") == "$: missing required field 'a'");
  CHECK(decode_error<records::Outer>(R"({"a":{}})") == "$.a: expected array, got object");
  CHECK(decode_error<records::Outer>(R"({"a":[5]})") == "$.a[0]: expected object, got number");
  CHECK(decode_error<records::Outer>(R"({"a":[],"note":7})") ==
        "$.note: expected string, got number");
  CHECK(decode_error<records::Outer>("[]") == "$: expected object, got array");
  CHECK(decode_error<std::vector<std::vector<std::int32_t>>>("[[1],[2,3,true]]") ==
        "$[1][2]: expected int32, got boolean");
  CHECK(decode_error<std::map<std::string, std::int32_t>>("[]") == "$: expected object, got array");
  CHECK(decode_error<std::vector<std::int32_t>>("{}") == "$: expected array, got object");
  CHECK(decode_error<records::Outer>(R"({"a":[{"b":1},{"b":01}]})") ==
        "$.a[1].b: malformed JSON: a malformed number");
}

TEST_CASE("keys that are not identifiers are quoted in paths", "[compose][errors]") {
  using Map = std::map<std::string, std::int32_t>;
  CHECK(decode_error<Map>(R"({"_x1":"v"})") == "$._x1: expected int32, got string");
  CHECK(decode_error<Map>(R"({"Key9":"v"})") == "$.Key9: expected int32, got string");
  CHECK(decode_error<Map>(R"({"two words":"v"})") ==
        R"($["two words"]: expected int32, got string)");
  CHECK(decode_error<Map>(R"({"say \"hi\"":"v"})") ==
        R"($["say \"hi\""]: expected int32, got string)");
  CHECK(decode_error<Map>(R"({"a.b":"v"})") == R"($["a.b"]: expected int32, got string)");
  CHECK(decode_error<Map>(R"({"1a":"v"})") == R"($["1a"]: expected int32, got string)");
  CHECK(decode_error<Map>(R"({"":"v"})") == R"($[""]: expected int32, got string)");
  CHECK(decode_error<Map>("{\"\xc3\xa9\":\"v\"}") == "$[\"\xc3\xa9\"]: expected int32, got string");
  CHECK(decode_error<Map>(R"({"tab\there":"v"})") ==
        R"($["tab\there"]: expected int32, got string)");
  CHECK(decode_error<std::map<std::string, Map>>(R"({"o k":{"fine":1,"x y":null}})") ==
        R"($["o k"]["x y"]: expected int32, got null)");
}

TEST_CASE("the first error wins", "[compose][errors]") {
  mealy::json::ReadContext ctx;
  ctx.push_key("a");
  CHECK_FALSE(ctx.fail("first"));
  ctx.pop();
  ctx.push_index(3);
  CHECK_FALSE(ctx.fail("second"));
  CHECK(ctx.failed());
  CHECK(ctx.error() == "$.a: first");
  CHECK(ctx.path() == "$[3]");
}

TEST_CASE("a reader context starts at $ with no error", "[compose][errors]") {
  const mealy::json::ReadContext ctx;
  CHECK_FALSE(ctx.failed());
  CHECK(ctx.error().empty());
  CHECK(ctx.path() == "$");
  CHECK(ctx.limits().max_depth == 64);
  CHECK(ctx.limits().max_bytes == std::size_t{64} << 20);
}

TEST_CASE("nesting beyond max_depth is an error", "[compose][limits]") {
  using Deep = std::vector<std::vector<std::vector<std::int32_t>>>;
  const mealy::json::Limits three{.max_bytes = 1 << 20, .max_depth = 3};
  Deep deep;
  REQUIRE(decode("[[[1]]]", deep, three) == "");
  CHECK(deep == Deep{{{1}}});
  const mealy::json::Limits two{.max_bytes = 1 << 20, .max_depth = 2};
  CHECK(decode("[[[1]]]", deep, two) == "$[0][0]: nesting deeper than 2 levels");

  // Each Node is an object, and its children an array: n nodes nest 2n - 1 levels.
  records::Node node;
  CHECK(decode(nested_nodes(32), node) == "");  // 63 levels
  std::string path = "$";
  for (int i = 0; i < 32; ++i)
    path += ".c[0]";
  CHECK(decode(nested_nodes(33), node) == path + ": nesting deeper than 64 levels");
  // Far deeper input is refused at the limit, without recursing into it.
  CHECK(decode(nested_nodes(100'000), node).ends_with(": nesting deeper than 64 levels"));
}
