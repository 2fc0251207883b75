#include <catch2/catch.hpp>

#include "checker/constants.hpp"

using namespace mealy::schema;
using namespace mealy::schema::checker;

namespace {

Value plain(std::string text) {
  Value v;
  v.kind = Value::Kind::scalar;
  v.text = std::move(text);
  return v;
}

Value quoted_value(std::string text) {
  Value v = plain(std::move(text));
  v.quoted = true;
  return v;
}

TypeRef scalar(TypeKind kind) {
  TypeRef t;
  t.kind = kind;
  return t;
}

}  // namespace

TEST_CASE("timestamps are RFC 3339, converted to UTC microseconds", "[checker][constants]") {
  CHECK(parse_timestamp("1970-01-01T00:00:00Z") == 0);
  CHECK(parse_timestamp("1970-01-01T00:00:01.5Z") == 1'500'000);
  CHECK(parse_timestamp("2026-11-22T10:00:00.000001Z") == 1795341600000001);
  CHECK(parse_timestamp("2026-11-22T11:00:00+01:00") == parse_timestamp("2026-11-22T10:00:00Z"));
  CHECK(parse_timestamp("2024-02-29T00:00:00Z").has_value());
  CHECK_FALSE(parse_timestamp("2023-02-29T00:00:00Z"));
  CHECK_FALSE(parse_timestamp("2026-11-22 10:00:00Z"));
  CHECK_FALSE(parse_timestamp("2026-11-22T10:00:00"));
  CHECK_FALSE(parse_timestamp("2026-11-22T10:00:00.1234567Z"));
  CHECK_FALSE(parse_timestamp("2026-13-01T00:00:00Z"));
}

TEST_CASE("durations are sums of amounts with units", "[checker][constants]") {
  CHECK(parse_duration("30s") == 30'000'000);
  CHECK(parse_duration("1h30m") == 5'400'000'000);
  CHECK(parse_duration("250ms") == 250'000);
  CHECK(parse_duration("7us") == 7);
  CHECK(parse_duration("-5s") == -5'000'000);
  CHECK_FALSE(parse_duration("5"));
  CHECK_FALSE(parse_duration("5d"));
  CHECK_FALSE(parse_duration(""));
  CHECK_FALSE(parse_duration("99999999999999999h"));
}

TEST_CASE("base64 decodes with padding and refuses the malformed", "[checker][constants]") {
  CHECK(decode_base64("") == std::string());
  CHECK(decode_base64("aGk=") == std::string("hi"));
  CHECK(decode_base64("aGVsbG8=") == std::string("hello"));
  CHECK(decode_base64("AAEC") == std::string("\x00\x01\x02", 3));
  CHECK_FALSE(decode_base64("aGk"));
  CHECK_FALSE(decode_base64("a=Gk"));
  CHECK_FALSE(decode_base64("aG!="));
}

TEST_CASE("scalar defaults must have their type's form", "[checker][constants]") {
  std::string problem;
  CHECK(to_constant(plain("42"), scalar(TypeKind::int32), problem)->int_value == 42);
  CHECK_FALSE(to_constant(plain("3000000000"), scalar(TypeKind::int32), problem));
  CHECK(problem == "value 3000000000 is out of range for int32");
  CHECK(to_constant(plain("18446744073709551615"), scalar(TypeKind::uint64), problem)->uint_value ==
        18446744073709551615ull);
  CHECK_FALSE(to_constant(plain("-1"), scalar(TypeKind::uint32), problem));
  CHECK_FALSE(to_constant(quoted_value("42"), scalar(TypeKind::int64), problem));
  CHECK(problem == "expected an int64, found the string '42'; write numbers without quotes");
  CHECK_FALSE(to_constant(plain("42"), scalar(TypeKind::string), problem));
  CHECK(problem == "expected a string, found '42'; quote it to make it a string");
  CHECK(to_constant(quoted_value("42"), scalar(TypeKind::string), problem)->text == "42");
  CHECK(to_constant(plain("now"), scalar(TypeKind::timestamp), problem)->is_now);
  CHECK_FALSE(to_constant(plain(".inf"), scalar(TypeKind::float64), problem));
  CHECK_FALSE(
      to_constant(plain("0A1B2C3D-0000-0000-0000-000000000000"), scalar(TypeKind::uuid), problem));
}

TEST_CASE("list defaults name the item in error", "[checker][constants]") {
  TypeRef list = scalar(TypeKind::list);
  list.element.push_back(scalar(TypeKind::int32));
  Value value;
  value.kind = Value::Kind::list;
  value.items = {plain("1"), plain("two")};
  std::string problem;
  CHECK_FALSE(to_constant(value, list, problem));
  CHECK(problem == "item 2: expected an int32, found 'two'");
}
