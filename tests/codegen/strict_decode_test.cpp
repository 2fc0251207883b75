// Strict decoding (codegen/README.md, "What the decoders accept"): the
// generated decoders refuse every document that is not JSON, wherever the
// fault stands (in a field they read, in one they skip, after the payload),
// refuse a key given twice, and read escaped keys as the keys they spell.
// Each case names the document and the whole error.
#include <catch2/catch.hpp>
#include <string>

#include "everything.mealy.hpp"
#include "mealy/json.hpp"
#include "order.mealy.hpp"

namespace box = roundtrip::everything::box;
namespace order = shop::orders::order;

namespace {

template <typename T>
std::string error_of(std::string_view json) {
  T out{};
  using box::from_json, order::from_json;
  return from_json(json, out).message();
}

std::string box_event_error(std::string_view type, std::uint32_t version,
                            std::string_view payload) {
  box::Event out;
  return box::decode_event(type, version, payload, out).message();
}

// A Seal command with `extra` (JSON text) as a further member of its payload.
std::string seal_with(std::string_view extra) {
  return R"({"type":"Seal","version":1,"payload":{"by":"me","at":"2026-01-01T00:00:00Z",)" +
         std::string(extra) + "}}";
}

constexpr std::string_view kSyntax =
    "malformed JSON: a missing or misplaced comma, colon, key, brace or bracket";

}  // namespace

TEST_CASE("strict: a misplaced colon in a wrapper is an error, not a crash", "[codegen][strict]") {
  // Once simdjson's null parser (UBSan), then "missing required field 'payload'".
  CHECK(error_of<order::Event>(R"({"type":"A":1})") == "$: " + std::string(kSyntax));
  CHECK(error_of<order::Command>(R"({"type":"A":1})") == "$: " + std::string(kSyntax));
  CHECK(error_of<order::Event>(R"({"type":"Submitted","version":1:1})") ==
        "$: " + std::string(kSyntax));
}

TEST_CASE("strict: malformed JSON in a skipped value is refused", "[codegen][strict]") {
  CHECK(error_of<box::Command>(seal_with(R"("zzz":tru)")) ==
        "$.payload.zzz: malformed JSON: an invalid literal (expected true)");
  CHECK(error_of<box::Command>(seal_with(R"("zzz":[1,}])")) ==
        "$.payload.zzz[1]: " + std::string(kSyntax));
  CHECK(error_of<box::Command>(seal_with(R"("zzz":"\q")")) ==
        "$.payload.zzz: malformed JSON: a bad escape sequence or lone surrogate in a string");
  CHECK(error_of<box::Command>(seal_with(R"("zzz":"\ud800")")) ==
        "$.payload.zzz: malformed JSON: a bad escape sequence or lone surrogate in a string");
  CHECK(error_of<box::Command>(seal_with(R"("zzz":{"a":"\udc00"})")) ==
        "$.payload.zzz.a: malformed JSON: a bad escape sequence or lone surrogate in a string");
  CHECK(error_of<box::Command>(seal_with(R"("zzz":01)")) ==
        "$.payload.zzz: malformed JSON: a malformed number");
  CHECK(error_of<box::Command>(seal_with(R"("zzz":nul)")) ==
        "$.payload.zzz: malformed JSON: an invalid literal (expected null)");
  CHECK(error_of<box::Command>(seal_with(R"("zzz":1 "y":2)")) ==
        "$.payload: " + std::string(kSyntax));
  CHECK(error_of<box::Command>(seal_with("\"zzz\":\"\xff\"")) ==
        "$: malformed JSON: invalid UTF-8");
  // After the payload, in the wrapper: the rest of the object is read too.
  CHECK(error_of<order::Command>(R"({"type":"Submit","version":1,"payload":{"note":"x"}|)") ==
        "$: " + std::string(kSyntax));
  CHECK(error_of<order::Command>(R"({"type":"Submit","payload":{"note":"x"},"zzz":[}})") ==
        "$.zzz[0]: " + std::string(kSyntax));
  // A snapshot's unknown member, and a stored payload.
  CHECK(
      error_of<box::Aggregate>(
          R"({"id":"a","version":"1","state":{"type":"Open","payload":{}},"data":{},"zzz":{"a":tru}})") ==
      "$.zzz.a: malformed JSON: an invalid literal (expected true)");
  CHECK(box_event_error("Sealed", 2, R"({"by":"x","at":"2026-01-01T00:00:00Z","zzz":falsy})") ==
        "$.zzz: malformed JSON: an invalid literal (expected false)");
  // A field newer than the stored version is not read, but it is checked.
  CHECK(box_event_error("Sealed", 1, R"({"by":"x","at":"2026-01-01T00:00:00Z","why":[1,,2]})") ==
        "$.why[1]: " + std::string(kSyntax));
  // Every key of a record without fields is skipped, and checked.
  CHECK(error_of<box::Aggregate>(
            R"({"id":"a","version":"1","state":{"type":"Open","payload":{"x":-}},"data":{}})") ==
        "$.state.payload.x: malformed JSON: a malformed number");
}

TEST_CASE("strict: a key given twice is refused, at the second one", "[codegen][strict]") {
  const std::string at = R"("at":"2026-01-01T00:00:00Z")";
  CHECK(error_of<box::Command>(R"({"type":"Seal","payload":{"by":"a",)" + at +
                               R"(},"type":"Fill"})") == "$.type: duplicate key");
  CHECK(error_of<box::Command>(R"({"type":"Seal","payload":{"by":"a",)" + at + R"(,"by":"b"}})") ==
        "$.payload.by: duplicate key");
  CHECK(error_of<box::Event>(R"({"type":"Sealed","version":2,"version":2,"payload":{}})") ==
        "$.version: duplicate key");
  CHECK(error_of<box::Command>(R"({"type":"Seal","payload":{"by":"a",)" + at +
                               R"(},"payload":{}})") == "$.payload: duplicate key");
  CHECK(error_of<box::Command>(seal_with(R"("zzz":1,"zzz":1)")) == "$.payload.zzz: duplicate key");
  CHECK(error_of<box::Command>(seal_with(R"("zzz":[{"a":1,"a":2}])")) ==
        "$.payload.zzz[0].a: duplicate key");
  // An optional field (no "missing" check to fall back on), a map's key, a snapshot's key.
  CHECK(error_of<order::Command>(R"({"type":"Submit","payload":{"note":"a","note":"b"}})") ==
        "$.payload.note: duplicate key");
  CHECK(
      error_of<roundtrip::everything::Compounds>(
          R"({"texts":[],"nested_lists":[],"by_name":{},"list_of_maybe":[],"map_of_lists":{"k":[],"k":[]},)"
          R"("tree":{"label":"t","children":[]}})") == "$.map_of_lists.k: duplicate key");
  CHECK(
      error_of<box::Aggregate>(
          R"({"id":"a","id":"b","version":"1","state":{"type":"Open","payload":{}},"data":{}})") ==
      "$.id: duplicate key");
  // The same key spelt with an escape is the same key.
  CHECK(error_of<box::Command>(seal_with(R"("zzz":1,"zz\u007a":1)")) ==
        "$.payload.zzz: duplicate key");
}

TEST_CASE("strict: keys are read unescaped, in any order", "[codegen][strict]") {
  box::Command command;
  REQUIRE(box::from_json(
              R"({"typ\u0065":"Seal","p\u0061yload":{"\u0062y":"me","at":"2026-01-01T00:00:00Z"}})",
              command)
              .message() == "");
  CHECK(std::get<box::commands::Seal>(command).by == "me");
  // The payload before the type (and an event's version after it): read on a second pass.
  box::Event event;
  REQUIRE(
      box::from_json(
          R"({"payload":{"by":"x","at":"2026-01-01T00:00:00Z","why":"w"},"zzz":[1],"version":2,)"
          R"("type":"Sealed"})",
          event)
          .message() == "");
  CHECK(std::get<box::events::Sealed>(event).why == "w");
  CHECK(error_of<box::Event>(R"({"payload":{"by":1},"type":"Sealed","version":2})") ==
        "$.payload.by: expected string, got number");
  CHECK(
      error_of<box::Event>(R"({"payload":{"by":"x","at":"2026-01-01T00:00:00Z"},"type":"Nope"})") ==
      "$.payload: unknown event type 'Nope'");
}

TEST_CASE("strict: depth and numbers out of range anywhere in a document", "[codegen][strict]") {
  std::string deep;
  for (int i = 0; i < 70; ++i)
    deep += '[';
  for (int i = 0; i < 70; ++i)
    deep += ']';
  // The wrapper and the payload are two levels: the 63rd array is the 65th.
  std::string path = "$.payload.zzz";
  for (int i = 0; i < 62; ++i)
    path += "[0]";
  CHECK(error_of<box::Command>(seal_with("\"zzz\":" + deep)) ==
        path + ": nesting deeper than 64 levels");
  CHECK(error_of<box::Command>(seal_with(R"("zzz":1e400)")) ==
        "$.payload.zzz: value 1e400 is out of range for float64");
  CHECK(error_of<box::Command>(seal_with(R"("zzz":[-2E+309])")) ==
        "$.payload.zzz[0]: value -2E+309 is out of range for float64");
  CHECK(error_of<box::Command>(seal_with(R"("zzz":[1e-400,123456789012345678901234567890,-0])")) ==
        "");
  CHECK(
      error_of<roundtrip::everything::Scalars>(
          R"({"flag":true,"i32":1e400,"i64":"1","u32":1,"u64":"1","real":1.5,"text":"x","blob":"AA==",)"
          R"("id":"6f1c2d3e-4a5b-4c6d-8e7f-901234567890","at":"2026-01-01T00:00:00Z","span":"5","colour":"Red"})") ==
      "$.i32: value 1e400 is out of range for float64");
}

TEST_CASE("strict: mealy::json::validate checks a whole document", "[codegen][strict]") {
  CHECK(mealy::json::validate(R"({"a":[1,2,{"b":null}],"c":"\u00e9"})").ok());
  CHECK(mealy::json::validate(R"({"a":1,"a":2})").message() == "$.a: duplicate key");
  CHECK(mealy::json::validate(R"([1,2,tru])").message() ==
        "$[2]: malformed JSON: an invalid literal (expected true)");
  CHECK(mealy::json::validate(R"({"a":[[1]]})", {.max_depth = 2}).message() ==
        "$.a[0]: nesting deeper than 2 levels");
}

namespace {

// An order host whose upcast hook says whether it ran.
struct UpcastProbe {
  bool ran = false;
  void upcast_payment_confirmed(order::events::PaymentConfirmed&, std::uint32_t, std::string_view) {
    ran = true;
  }
};

}  // namespace

TEST_CASE("strict: a stored payload that is not JSON reaches no upcast hook", "[codegen][strict]") {
  UpcastProbe probe;
  order::Event event;
  // Well-formed: the amount of version 1 does not fit Money, the hook reads it.
  REQUIRE(order::decode_event(probe, "PaymentConfirmed", 1,
                              R"({"payment_id":"p","amount":"12","attempt":1})", event)
              .ok());
  CHECK(probe.ran);
  probe.ran = false;
  CHECK(order::decode_event(probe, "PaymentConfirmed", 1,
                            R"({"payment_id":"p","amount":"12","zzz":tru})", event)
            .message() == "$.amount: expected object, got string");
  CHECK_FALSE(probe.ran);
}
