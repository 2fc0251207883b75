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

// Records read the way generated decoders read them: read_record() walks the
// object and calls back for each known field (skipping the rest, checked),
// then the reader checks the required ones.
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
  static constexpr std::string_view kKeys[] = {"b"};
  bool seen[1] = {};
  const bool ok = mealy::json::read_record(ctx, value, kKeys, seen,
                                           [&](mealy::json::ReadContext& c, mealy::json::Value item,
                                               std::size_t) { return read(c, item, out.b); });
  if (!ok) return false;
  if (!seen[0]) return ctx.fail_missing("b");
  return true;
}

bool read(mealy::json::ReadContext& ctx, mealy::json::Value value, Outer& out) {
  static constexpr std::string_view kKeys[] = {"a", "note"};
  bool seen[2] = {};
  const bool ok = mealy::json::read_record(
      ctx, value, kKeys, seen,
      [&](mealy::json::ReadContext& c, mealy::json::Value item, std::size_t field) {
        return field == 0 ? read(c, item, out.a) : read(c, item, out.note);
      });
  if (!ok) return false;
  if (!seen[0]) return ctx.fail_missing("a");
  return true;
}

// A recursive record, to nest as deep as the input says.
struct Node {
  std::vector<Node> children;
};

bool read(mealy::json::ReadContext& ctx, mealy::json::Value value, Node& out) {
  static constexpr std::string_view kKeys[] = {"c"};
  bool seen[1] = {};
  return mealy::json::read_record(ctx, value, kKeys, seen,
                                  [&](mealy::json::ReadContext& c, mealy::json::Value item,
                                      std::size_t) { return read(c, item, out.children); });
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

TEST_CASE("read_record: each key once, unknown keys skipped and checked", "[compose][record]") {
  records::Outer out;
  CHECK(decode(R"({"a":[],"a":[]})", out) == "$.a: duplicate key");
  CHECK(decode(R"({"a":[],"zz":1,"zz":2})", out) == "$.zz: duplicate key");
  CHECK(decode(R"({"a":[],"\u0061":[]})", out) == "$.a: duplicate key");  // the same key, escaped
  CHECK(decode(R"({"a":[],"zz":tru})", out) ==
        "$.zz: malformed JSON: an invalid literal (expected true)");
  CHECK(decode(R"({"zz":{"k":1,"k":2},"a":[]})", out) == "$.zz.k: duplicate key");
  // 17 unknown keys: past the KeySet's inline ones, a repeat is still found.
  std::string many = R"({"a":[])";
  for (int i = 0; i < 17; ++i)
    many += ",\"k" + std::to_string(i) + "\":0";
  CHECK(decode(many + "}", out) == "");
  CHECK(decode(many + R"(,"k3":0})", out) == "$.k3: duplicate key");
}

TEST_CASE("read_record: seen says which fields were present", "[compose][record]") {
  static constexpr std::string_view kKeys[] = {"x", "y", "z"};
  bool seen[3] = {};
  std::vector<std::size_t> order;
  const mealy::Status status = mealy::json::decode_document(
      R"({"z":1,"w":2,"x":3})", {}, [&](mealy::json::ReadContext& ctx, mealy::json::Value value) {
        return mealy::json::read_record(
            ctx, value, kKeys, seen,
            [&](mealy::json::ReadContext& c, mealy::json::Value item, std::size_t field) {
              order.push_back(field);
              std::int32_t number = 0;
              return mealy::json::read(c, item, number);
            });
      });
  REQUIRE(status.ok());
  CHECK(order == std::vector<std::size_t>{2, 0});
  CHECK(seen[0]);
  CHECK_FALSE(seen[1]);
  CHECK(seen[2]);
}

TEST_CASE("read_record with no fields skips every key, checked", "[compose][record]") {
  const auto read_empty = [](std::string_view json) {
    const mealy::Status status = mealy::json::decode_document(
        json, {}, [](mealy::json::ReadContext& ctx, mealy::json::Value value) {
          return mealy::json::read_record(ctx, value, {}, nullptr, nullptr, nullptr);
        });
    return status.ok() ? std::string() : status.message();
  };
  CHECK(read_empty(R"({"a":[1,{"b":null}],"c":"d"})") == "");
  CHECK(read_empty(R"({"a":1,"a":2})") == "$.a: duplicate key");
  CHECK(read_empty("[]") == "$: expected object, got array");
}

TEST_CASE("read_members and read_elements stop at the callback's error, with its path",
          "[compose][record]") {
  const auto first_error = [](std::string_view json, bool members) {
    const mealy::Status status = mealy::json::decode_document(
        json, {}, [members](mealy::json::ReadContext& ctx, mealy::json::Value value) {
          if (members) {
            return mealy::json::read_members(
                ctx, value,
                [](mealy::json::ReadContext& c, std::string_view key, mealy::json::Value item) {
                  if (key == "bad") return c.fail("refused");
                  return mealy::json::skip(c, item);
                });
          }
          return mealy::json::read_elements(
              ctx, value, [](mealy::json::ReadContext& c, mealy::json::Value item) {
                std::string_view text;
                return mealy::json::read(c, item, text);
              });
        });
    return status.ok() ? std::string() : status.message();
  };
  CHECK(first_error(R"({"ok":1,"bad":2,"later":3})", true) == "$.bad: refused");
  CHECK(first_error(R"({"ok":1})", true) == "");
  CHECK(first_error("[]", true) == "$: expected object, got array");
  CHECK(first_error(R"(["a","b",3])", false) == "$[2]: expected string, got number");
  CHECK(first_error("{}", false) == "$: expected array, got object");
  CHECK(first_error("[]", false) == "");
}
