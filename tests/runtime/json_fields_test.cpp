// Records through tables of their fields (mealy/json_fields.hpp), as generated
// code declares them: what a missing field becomes (an error, its type's
// empty value, its default), fields added at a later version, records wider
// than the flags kept on the stack, the first field's brace when it is an
// empty optional, and the printed forms. The generated codecs of every
// schema go through these functions too (tests/codegen, tests/crosslang).
#include "mealy/json_fields.hpp"

#include <catch2/catch.hpp>
#include <cstddef>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "test_support.hpp"

using mealy::testing::decode;

namespace fields {

struct Item {
  std::optional<std::string> note;
  std::string name;
  std::int32_t count = 7;
  std::vector<std::string> tags;
  std::int64_t added = 0;  // a field added at version 3
  friend bool operator==(const Item&, const Item&) = default;
};

constexpr mealy::json::Field kItemFields[] = {
    {"note", ",\"note\":", mealy::json::codec_of<std::optional<std::string>>, offsetof(Item, note),
     0, false, nullptr},
    {"name", ",\"name\":", mealy::json::codec_of<std::string>, offsetof(Item, name), 0, true,
     nullptr},
    {"count", ",\"count\":", mealy::json::codec_of<std::int32_t>, offsetof(Item, count), 0, false,
     +[](void* field) { *static_cast<std::int32_t*>(field) = 7; }},
    {"tags", ",\"tags\":", mealy::json::codec_of<std::vector<std::string>>, offsetof(Item, tags), 0,
     false, nullptr},
    {"added", ",\"added\":", mealy::json::codec_of<std::int64_t>, offsetof(Item, added), 3, true,
     nullptr},
};

// The reader at the version of `version` (an event's), as generated code calls it.
std::uint32_t version = 3;

bool read(mealy::json::ReadContext& ctx, mealy::json::Value value, Item& out) {
  return mealy::json::read_fields(ctx, value, kItemFields, &out, version);
}

void write(std::string& out, const Item& value) {
  mealy::json::write_fields(out, kItemFields, &value);
}

// 70 fields: more than read_fields() keeps its flags for on the stack.
struct Wide {
  std::int32_t values[70] = {};
};

std::vector<mealy::json::Field> wide_fields() {
  static std::vector<std::string> keys, prefixes;
  std::vector<mealy::json::Field> out;
  keys.clear();
  prefixes.clear();
  for (std::size_t i = 0; i < 70; ++i) {
    keys.push_back("f" + std::to_string(i));
    prefixes.push_back(",\"" + keys.back() + "\":");
  }
  for (std::size_t i = 0; i < 70; ++i) {
    out.push_back({keys[i], prefixes[i], mealy::json::codec_of<std::int32_t>,
                   offsetof(Wide, values) + i * sizeof(std::int32_t), 0, true, nullptr});
  }
  return out;
}

}  // namespace fields

TEST_CASE("a table of fields reads and writes a record as generated codecs did", "[json][fields]") {
  fields::version = 3;
  fields::Item item;
  item.name = "a";
  item.tags = {"x", "y"};
  item.added = 5;
  const std::string json = mealy::testing::encode(item);
  // The absent optional leads: its comma is not written, the next field's becomes the brace.
  CHECK(json == R"({"name":"a","count":7,"tags":["x","y"],"added":"5"})");
  fields::Item back;
  back.note = "left over";
  REQUIRE(decode(json, back) == "");
  CHECK(back == item);  // the note the document leaves out is reset

  item.note = "n";
  CHECK(mealy::testing::encode(item) ==
        R"({"note":"n","name":"a","count":7,"tags":["x","y"],"added":"5"})");
}

TEST_CASE("a missing field is an error, its type's empty value or its default", "[json][fields]") {
  fields::version = 3;
  fields::Item item;
  item.name = "kept";
  item.count = 99;
  item.tags = {"t"};
  item.added = 4;
  // count (default 7) and tags (empty) are missing: reset, not kept.
  REQUIRE(decode(R"({"name":"b","added":"1"})", item) == "");
  CHECK(item.name == "b");
  CHECK(item.count == 7);
  CHECK(item.tags.empty());
  CHECK(item.added == 1);

  fields::Item other;
  CHECK(decode(R"({"added":"1"})", other) == "$: missing required field 'name'");
  CHECK(decode(R"({"name":"b"})", other) == "$: missing required field 'added'");
  CHECK(decode(R"({"name":"b","name":"c","added":"1"})", other) == "$.name: duplicate key");
  CHECK(decode(R"({"name":1,"added":"1"})", other) == "$.name: expected string, got number");
  CHECK(decode(R"([])", other) == "$: expected object, got array");
}

TEST_CASE("a field added at a later version is skipped and reset when read at an older one",
          "[json][fields]") {
  fields::Item item;
  item.added = 42;
  fields::version = 2;
  // Written at version 2: "added" did not exist, so whatever stands there is
  // not it (checked, then skipped), and it is not required.
  REQUIRE(decode(R"({"name":"old","added":"not a number"})", item) == "");
  CHECK(item.added == 0);
  REQUIRE(decode(R"({"name":"old"})", item) == "");
  CHECK(item.added == 0);
  CHECK(decode(R"({"name":"old","added":tru})", item).find("malformed JSON") != std::string::npos);
  fields::version = 3;
  CHECK(decode(R"({"name":"new","added":"x"})", item) ==
        "$.added: expected int64 as a decimal string, got \"x\"");
}

TEST_CASE("a record wider than the flags kept on the stack reads every field", "[json][fields]") {
  const std::vector<mealy::json::Field> table = fields::wide_fields();
  fields::Wide wide;
  for (std::size_t i = 0; i < 70; ++i)
    wide.values[i] = static_cast<std::int32_t>(i * 3);
  std::string json;
  mealy::json::write_fields(json, table, &wide);
  fields::Wide back;
  const mealy::Status status = mealy::json::decode_document(
      json, {}, [&](mealy::json::ReadContext& ctx, mealy::json::Value value) {
        return mealy::json::read_fields(ctx, value, table, &back);
      });
  REQUIRE(status.ok());
  for (std::size_t i = 0; i < 70; ++i)
    CHECK(back.values[i] == wide.values[i]);

  // The last field missing: found through the flags on the heap.
  const std::string cut = json.substr(0, json.rfind(",\"f69\"")) + "}";
  const mealy::Status missing = mealy::json::decode_document(
      cut, {}, [&](mealy::json::ReadContext& ctx, mealy::json::Value value) {
        return mealy::json::read_fields(ctx, value, table, &back);
      });
  CHECK(missing.message() == "$: missing required field 'f69'");
}

TEST_CASE("records print in their wrapped forms, and variants find their alternatives by name",
          "[json][fields]") {
  fields::Item item;
  item.name = "p";
  std::ostringstream command, state, bare;
  mealy::json::print_fields(command, "Made", 2, fields::kItemFields, &item);
  mealy::json::print_fields(state, "Open", 0, fields::kItemFields, &item);
  mealy::json::print_fields(bare, "", 0, fields::kItemFields, &item);
  const std::string payload = R"({"name":"p","count":7,"tags":[],"added":"0"})";
  CHECK(command.str() == R"({"type":"Made","version":2,"payload":)" + payload + "}");
  CHECK(state.str() == R"({"type":"Open","payload":)" + payload + "}");
  CHECK(bare.str() == payload);
  std::string empty;
  mealy::json::write_fields(empty, {}, &item);
  CHECK(empty == "{}");

  const mealy::json::TypeName names[] = {{"Opened", 0}, {"Closed", 1}, {"Shut", 1}};
  CHECK(mealy::json::find_type("Closed", names) == 1);
  CHECK(mealy::json::find_type("Shut", names) == 1);  // a former name
  CHECK(mealy::json::find_type("closed", names) == mealy::json::kNoType);
  mealy::json::ReadContext ctx;
  CHECK_FALSE(mealy::json::fail_unknown_type(ctx, "event type", "Gone"));
  CHECK(ctx.error() == "$: unknown event type 'Gone'");
  mealy::json::ReadContext newer;
  CHECK_FALSE(mealy::json::fail_newer_version(newer, "Opened", 4, 2));
  CHECK(newer.error() == "$: event 'Opened' has version 4, newer than this code's 2");
}
